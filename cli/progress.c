/* Progress bar: "  42% [#######.........]  123,456 rows  45,678 rows/s  ETA 0:03  file.csv",
 * redrawn with \r at most ten times a second. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "interrupt.h"
#include "output.h"
#include "progress.h"

#define REDRAW_INTERVAL_S 0.1
#define FIRST_DRAW_S 0.1   /* no bar at all for imports faster than this */
#define BAR_MAX 30
#define BAR_MIN 10
#define LABEL_MIN 8        /* show the file name only with room for this much of it */

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void cli_progress_begin(cli_progress *p, bool show, const char *label)
{
	memset(p, 0, sizeof *p);
	p->show = show;
	p->tty = isatty(STDERR_FILENO) == 1;
	p->label = label ? label : "";
	p->last_draw = -1.0;
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

static void draw(cli_progress *p, const fi_progress *pr, double elapsed)
{
	char rows[32], rate[32], eta[48] = "", pct[8] = "   ?%", line[512];
	size_t width = out_terminal_width(STDERR_FILENO);
	double frac = -1.0;
	size_t bar = BAR_MAX, len, prev;
	int n;

	if (width == 0)
		width = 80;
	if (pr->bytes_total > 0) {
		frac = (double)pr->bytes_done / (double)pr->bytes_total;
		if (frac > 1.0)
			frac = 1.0;
		snprintf(pct, sizeof pct, "%3d%%", (int)(frac * 100.0));
	}
	out_format_count(rows, sizeof rows, pr->rows_read);
	if (elapsed > 0) {
		double r = (double)pr->rows_read / elapsed;

		out_format_count(rate, sizeof rate, (int64_t)(r + 0.5));
	} else {
		snprintf(rate, sizeof rate, "?");
	}
	if (frac > 0.0 && frac < 1.0) {
		char d[32];

		out_format_duration(d, sizeof d, elapsed * (1.0 - frac) / frac, false);
		snprintf(eta, sizeof eta, "  ETA %s", d);
	}
	/* The text after the bar; the bar shrinks (or goes) to fit the terminal. */
	n = snprintf(line, sizeof line, "  %s rows  %s rows/s%s", rows, rate, eta);
	if (n < 0)
		return;
	len = (size_t)n + 5 + 3; /* percentage, brackets and spaces */
	if (len + bar >= width)
		bar = width > len + BAR_MIN ? width - len - 1 : 0;

	prev = p->drawn_width;
	fputc('\r', stderr);
	fputs(pct, stderr);
	p->drawn_width = strlen(pct);
	if (bar > 0) {
		size_t filled = frac >= 0 ? (size_t)(frac * (double)bar) : 0;

		fputs(" [", stderr);
		for (size_t i = 0; i < bar; i++)
			fputc(i < filled ? '#' : '.', stderr);
		fputc(']', stderr);
		p->drawn_width += bar + 3;
	}
	if (p->drawn_width + (size_t)n < width) {
		fputs(line, stderr);
		p->drawn_width += (size_t)n;
		/* The label, cut to what is left of the line. */
		if (p->label[0] && p->drawn_width + 3 + LABEL_MIN < width) {
			size_t room = width - p->drawn_width - 3;
			size_t lw = out_display_width(p->label);

			fputs("  ", stderr);
			out_cell(stderr, p->label, lw < room ? lw : room, false);
			p->drawn_width += 2 + (lw < room ? lw : room);
		}
	}
	if (p->tty) {
		fputs("\033[K", stderr);
	} else {
		/* No escape sequences: blank what the previous, longer line left behind. */
		for (size_t i = p->drawn_width; i < prev; i++)
			fputc(' ', stderr);
		if (prev > p->drawn_width)
			p->drawn_width = prev;
	}
	fflush(stderr);
}

int cli_progress_cb(const fi_progress *progress, void *payload)
{
	cli_progress *p = payload;
	double elapsed;

	if (cli_interrupted())
		return 1;
	if (!p || !p->show || !progress)
		return 0;
	elapsed = seconds_since(&p->start);
	if (elapsed < FIRST_DRAW_S)
		return 0;
	if (p->last_draw >= 0 && elapsed - p->last_draw < REDRAW_INTERVAL_S)
		return 0;
	p->last_draw = elapsed;
	draw(p, progress, elapsed);
	return 0;
}

void cli_progress_end(cli_progress *p)
{
	if (!p->show || p->drawn_width == 0)
		return;
	if (p->tty) {
		fputs("\r\033[K", stderr);
	} else {
		fputc('\r', stderr);
		for (size_t i = 0; i < p->drawn_width; i++)
			fputc(' ', stderr);
		fputc('\r', stderr);
	}
	fflush(stderr);
	p->drawn_width = 0;
}
