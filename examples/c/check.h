/* The one error helper every example shares (libgit2's examples/common.c idea): print what
 * fi_error_last() says and exit, so each example shows only the API. */
#ifndef FITINTEL_EXAMPLE_CHECK_H
#define FITINTEL_EXAMPLE_CHECK_H

#include <fitintel.h>
#include <stdio.h>
#include <stdlib.h>

static inline void check(int rc, const char *what)
{
	if (rc == FI_OK)
		return;
	const fi_error *e = fi_error_last();
	if (e->line > 0)
		fprintf(stderr, "%s: %s:%ld: %s\n", what, e->file, e->line, e->message);
	else
		fprintf(stderr, "%s: %s\n", what, e->message);
	exit(1);
}

#endif
