/* JSON, CSV and table cell writers (see output.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "output.h"

/* Length of the UTF-8 sequence at s (1–4), or 0 when it is not a valid sequence. */
static size_t utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0; /* overlong */
		if (c == 0xED && s[1] > 0x9F)
			return 0; /* surrogates */
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] > 0x8F)
			return 0;
		return 4;
	}
	return 0;
}

/* Write the character at @p (@n bytes, 0 for an invalid byte) for a terminal: control
 * characters (C0, DEL, C1) and invalid bytes become '?', so that text from an export or a
 * file name cannot move the cursor or send escape sequences. Returns the bytes consumed. */
static size_t put_terminal_char(FILE *f, const unsigned char *p, size_t n)
{
	if (n == 0 || p[0] < 0x20 || p[0] == 0x7F || (n == 2 && p[0] == 0xC2 && p[1] < 0xA0)) {
		fputc('?', f);
		return n ? n : 1;
	}
	fwrite(p, 1, n, f);
	return n;
}

void out_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p)
		p += put_terminal_char(f, p, utf8_seq_len(p));
}

void out_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		size_t n;

		if (*p == '"' || *p == '\\') {
			fputc('\\', f);
			fputc(*p, f);
			p++;
			continue;
		}
		if (*p < 0x20 || *p == 0x7F) {
			fprintf(f, "\\u%04x", (unsigned int)*p);
			p++;
			continue;
		}
		n = utf8_seq_len(p);
		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
			/* line and paragraph separators: valid JSON, but not in JavaScript source */
			fprintf(f, "\\u%04x", p[2] == 0xA8 ? 0x2028u : 0x2029u);
			p += n;
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
	fputc('"', f);
}

void out_format_number(char *buf, size_t cap, double v)
{
	if (cap == 0)
		return;
	if (!isfinite(v)) {
		buf[0] = '\0';
		return;
	}
	if (v == 0.0) {
		snprintf(buf, cap, "0");
		return;
	}
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, cap, "%.*g", prec, v);
		if (strtod(buf, NULL) == v)
			return;
	}
}

void out_json_number(FILE *f, double v)
{
	char buf[40];

	if (!isfinite(v)) {
		fputs("null", f);
		return;
	}
	out_format_number(buf, sizeof buf, v);
	fputs(buf, f);
}

bool out_is_plain_number(const char *s)
{
	const char *p = s;
	bool digits = false;

	if (*p == '+' || *p == '-')
		p++;
	while (*p >= '0' && *p <= '9') {
		p++;
		digits = true;
	}
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			digits = true;
		}
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		bool exp_digits = false;

		p++;
		if (*p == '+' || *p == '-')
			p++;
		while (*p >= '0' && *p <= '9') {
			p++;
			exp_digits = true;
		}
		if (!exp_digits)
			return false;
	}
	return *p == '\0';
}

void out_csv_text(FILE *f, const char *s)
{
	bool guard, quote;

	if (!s)
		return;
	guard = (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		 s[0] == '\r') && !out_is_plain_number(s);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', f);
		fputc(*p, f);
	}
	if (quote)
		fputc('"', f);
}

size_t out_display_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;

	while (*p) {
		size_t n = utf8_seq_len(p);

		p += n ? n : 1;
		w++;
	}
	return w;
}

void out_cell(FILE *f, const char *s, size_t width, bool right_align)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t w = out_display_width((const char *)p);

	if (w > width) {
		/* Cut to width - 1 characters and add an ellipsis. */
		size_t keep = width ? width - 1 : 0;

		for (size_t i = 0; i < keep && *p; i++)
			p += put_terminal_char(f, p, utf8_seq_len(p));
		if (width)
			fputs("\xE2\x80\xA6", f); /* … */
		return;
	}
	if (right_align)
		for (size_t i = w; i < width; i++)
			fputc(' ', f);
	out_text(f, (const char *)p);
	if (!right_align)
		for (size_t i = w; i < width; i++)
			fputc(' ', f);
}

void out_cell_tail(FILE *f, const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t w = out_display_width((const char *)p);

	if (w > width && width > 0) {
		for (size_t skip = w - (width - 1); skip > 0 && *p; skip--) {
			size_t n = utf8_seq_len(p);

			p += n ? n : 1;
		}
		fputs("\xE2\x80\xA6", f); /* … */
	}
	out_text(f, (const char *)p);
}

size_t out_terminal_width(int fd)
{
	struct winsize ws;

	if (!isatty(fd))
		return 0;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

void out_format_count(char *buf, size_t cap, int64_t v)
{
	char digits[32];
	size_t n, out = 0;
	uint64_t u;
	bool neg = v < 0;

	if (cap == 0)
		return;
	u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)u);
	n = strlen(digits);
	if (neg && out + 1 < cap)
		buf[out++] = '-';
	for (size_t i = 0; i < n && out + 1 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0 && out + 2 < cap)
			buf[out++] = ',';
		buf[out++] = digits[i];
	}
	buf[out] = '\0';
}

void out_format_duration(char *buf, size_t cap, double seconds, bool always_hours)
{
	unsigned long long total, h, m, s;

	if (cap == 0)
		return;
	if (!isfinite(seconds) || seconds < 0 || seconds > 1e15) {
		buf[0] = '\0';
		return;
	}
	total = (unsigned long long)llround(seconds);
	h = total / 3600;
	m = (total / 60) % 60;
	s = total % 60;
	if (h > 0 || always_hours)
		snprintf(buf, cap, "%llu:%02llu:%02llu", h, m, s);
	else
		snprintf(buf, cap, "%llu:%02llu", m, s);
}
