/* The import progress bar on stderr, driven by the library's fi_progress_cb. It also cancels the
 * import (by returning non-zero) once SIGINT or SIGTERM has been received. */
#ifndef FITINTEL_CLI_PROGRESS_H
#define FITINTEL_CLI_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "fitintel.h"

typedef struct cli_progress {
	bool show;               /* draw the bar (otherwise only watch for interrupts) */
	bool tty;                /* stderr is a terminal: clear with an escape sequence */
	const char *label;       /* shown after the numbers (the file name) */
	struct timespec start;   /* when the import began */
	double last_draw;        /* seconds since start of the last redraw, < 0 before the first */
	size_t drawn_width;      /* columns used by the last redraw (0: nothing on screen) */
} cli_progress;

/* Prepare for one import of @label; @show draws the bar. */
void cli_progress_begin(cli_progress *p, bool show, const char *label);

/* The fi_progress_cb; @payload is a cli_progress. Returns non-zero when interrupted. */
int cli_progress_cb(const fi_progress *progress, void *payload);

/* Erase the bar (if drawn). */
void cli_progress_end(cli_progress *p);

#endif
