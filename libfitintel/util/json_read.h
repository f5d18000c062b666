/* A small pull reader of JSON text held in memory, for the archive import: values are read in
 * order, strings decoded into a caller's buffer, numbers kept as integer or real by their form. */
#ifndef FITINTEL_JSON_READ_H
#define FITINTEL_JSON_READ_H

#include "internal.h"

typedef struct fi__json {
	const char *p, *start, *end;
	const char *name;   /* the file, for messages */
	int depth;
} fi__json;

/* What the next value is: one of "{[\"n0tf-" ('0' for any number), or 0 at the end / on junk. */
char fi__json_peek(fi__json *j);

/* Consume @c when it comes next (after whitespace): true; else false and nothing consumed. */
bool fi__json_try(fi__json *j, char c);

/* Consume @c (after whitespace); FI_EPARSE with the position otherwise. */
int fi__json_expect(fi__json *j, char c);

/* After an element of an object or array: true when another follows (a ',' was consumed),
 * false when @close was consumed; FI_EPARSE is reported through *rc. */
bool fi__json_more(fi__json *j, char close, int *rc);

/* Read a string into @out (cleared first; NUL-terminated; may hold NUL bytes: use out->len). */
int fi__json_string(fi__json *j, fi__buf *out);

/* Read a number: *is_real set when it has a fraction or exponent (or does not fit 64 bits). */
int fi__json_number(fi__json *j, bool *is_real, int64_t *i, double *r);

/* Read a literal: null (returns 0), true (1) or false (2); FI_EPARSE as a negative code. */
int fi__json_literal(fi__json *j);

/* Skip any value. */
int fi__json_skip(fi__json *j);

/* Record FI_EPARSE at the current position ("line L, column C") with @msg. */
int fi__json_error(fi__json *j, const char *msg);

#endif
