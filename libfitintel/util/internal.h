/* Private helpers shared by the library's source files. Nothing here is exported: the library is
 * compiled with hidden visibility and only FI_API declarations of the public headers escape. Internal
 * cross-file names use a double underscore (fi__x, fi__module_x). */
#ifndef FITINTEL_INTERNAL_H
#define FITINTEL_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fitintel.h"

#define FI__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#  define FI__PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#  define FI__PRINTF(fmt, args)
#endif

/* ---- errors (error.c) ---- */

/* Record an error for this thread and return @code, so callers can `return fi__error(...)`. */
int fi__error(int code, int category, const char *fmt, ...) FI__PRINTF(3, 4);
/* Record an input error with its location; @field may be NULL. */
int fi__error_at(int code, const char *file, long line, int column, const char *field,
		 const char *fmt, ...) FI__PRINTF(6, 7);
int fi__error_oom(void);

/* A copy of this thread's last error, to restore after cleanup work that may fail on its own. */
typedef struct fi__error_snapshot {
	int code, category;
	long line;
	int column;
	char message[1024];
	char file[512];
	char field[128];
} fi__error_snapshot;
void fi__error_save(fi__error_snapshot *out);
void fi__error_restore(const fi__error_snapshot *saved);

/* Run @task(@ctx, i) for every i in [0, @count) on up to @threads threads, this one included,
 * each taking the next i (so they must not depend on each other's order or share what they
 * write). FI_OK when every task succeeded; else the return of the failing task with the lowest
 * i, its error recorded on this thread (tasks after a failure may not have run). (tasks.c) */
int fi__run_tasks(size_t count, size_t threads, int (*task)(void *ctx, size_t i), void *ctx);
/* The threads worth starting for CPU-bound tasks: the cores online (1 to 8). (tasks.c) */
size_t fi__task_threads(void);

/* Disable GSL's abort-on-error handler for the process, once (store.c). */
void fi__library_init(void);

/* fi_*_params_init() of a params type that grew (util/params.c): @p filled with @defaults to
 * the size of a struct of @version (@sizes[version − 1], for versions 1 … @versions) and its
 * version field set; FI_EINVALID naming @name for NULL or an unknown version. */
int fi__params_init_versioned(void *p, unsigned int version, const void *defaults, const size_t *sizes,
			      unsigned int versions, const char *name);

/* A caller's params @in of version 1 … @versions into @out as the current version: @defaults,
 * then @in's fields to the size of its own version (@sizes as above); false for an unknown
 * version, @out then holding @defaults with that version number. */
bool fi__params_upgrade(const void *in, void *out, const void *defaults, const size_t *sizes,
			unsigned int versions);

/* fi_*_params_init() of a params type that grew, from @init and @sizes, a static array of the
 * size of each version's struct (version 1 first, @current of them). */
#define FI__DEFINE_GROWN_PARAMS_INIT(name, type, current, init, sizes)                            \
	_Static_assert(FI__ARRAY_LEN(sizes) == (current), #sizes ": a size for every version");   \
	int name(type *p, unsigned int version)                                                    \
	{                                                                                          \
		static const type defaults = init;                                                 \
		return fi__params_init_versioned(p, version, &defaults, sizes, FI__ARRAY_LEN(sizes), \
						 #name);                                            \
	}

/* The body of every fi_*_params_init(): @p set to @init when @version is this library's.
 * Defines `int name(type *p, unsigned int version)`. */
#define FI__DEFINE_PARAMS_INIT(name, type, current, init)                                          \
	int name(type *p, unsigned int version)                                                    \
	{                                                                                          \
		if (!p || version != (current))                                                     \
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,                                \
					 #name ": NULL or version %u (this library's is %u)", version, \
					 (unsigned)(current));                                      \
		*p = (type)init;                                                                    \
		return FI_OK;                                                                       \
	}

/* @items, an array of *@cap items of @size bytes with @n in use, with room for one more: @items
 * itself while n < *cap, else reallocated to twice *@cap (@first the first time) with *@cap
 * updated. NULL when out of memory (no error recorded; @items is still valid). (alloc.c) */
void *fi__grow(void *items, size_t n, size_t *cap, size_t size, size_t first);

/* free() each of @ptrs[0..n) (NULLs are fine). Called as FI__FREE_ALL(s->days, s->values, ...):
 * a struct's arrays released in one statement. (alloc.c) */
void fi__free_each(void *const *ptrs, size_t n);
#define FI__FREE_ALL(...) \
	fi__free_each((void *const[]){ __VA_ARGS__ }, sizeof((void *const[]){ __VA_ARGS__ }) / sizeof(void *))

/* A reject whose strings its holder owns: copy (NULL strings become ""), and release
 * (import_report.c). */
bool fi__reject_copy(fi_reject *dst, const fi_reject *src);
void fi__reject_release(fi_reject *r);

/* ---- growable byte buffer (buf.c) ---- */

/* A string builder. After any failed allocation `failed` is set and further appends are no-ops,
 * so a sequence of appends needs one check at the end. data is always NUL-terminated when len>0. */
typedef struct fi__buf {
	char *data;
	size_t len;
	size_t cap;
	bool failed;
} fi__buf;

#define FI__BUF_INIT { NULL, 0, 0, false }

bool fi__buf_reserve(fi__buf *b, size_t extra);
void fi__buf_append(fi__buf *b, const char *s, size_t n);
void fi__buf_puts(fi__buf *b, const char *s);
void fi__buf_putc(fi__buf *b, char c);
void fi__buf_printf(fi__buf *b, const char *fmt, ...) FI__PRINTF(2, 3);
/* Append @s (n bytes) as a JSON string literal with quotes; invalid UTF-8 becomes U+FFFD. */
void fi__buf_json_string(fi__buf *b, const char *s, size_t n);
/* Append a double as JSON: shortest round-trip form, `null` for NaN/inf. */
void fi__buf_json_double(fi__buf *b, double v);
/* @v in fixed notation with the fewest decimals (at most 9) that reads back exactly, when it has
 * one of at most @max_digits significant digits and 1e-4 <= |v| < 1e9: returns the decimals
 * written (0: a whole number, with no point), or -1 with nothing written. */
int fi__buf_short_real(fi__buf *b, double v, int max_digits);
/* Append "key":v (fi__buf_json_double), or ,"key":v — the members of JSON objects. */
void fi__buf_json_key_double(fi__buf *b, const char *key, double v);
void fi__buf_json_next_double(fi__buf *b, const char *key, double v);
/* Append @name quoted as an SQL identifier ("a""b"). */
void fi__buf_sql_ident(fi__buf *b, const char *name);
void fi__buf_clear(fi__buf *b);
void fi__buf_free(fi__buf *b);
/* Hand the data to the caller (fi_free) and reset the buffer; returns NULL if failed. */
char *fi__buf_detach(fi__buf *b);
/* The tail of every *_to_json(): the text into *@out (fi_free) and FI_OK, or FI_ENOMEM with *@out
 * NULL when an append failed. */
int fi__buf_finish(fi__buf *b, char **out);

/* ---- calendar (date.c) ---- */

/* Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithms). */
int32_t fi__days_from_civil(int y, int m, int d);
void fi__civil_from_days(int32_t days, int *y, int *m, int *d);
/* The calendar year of day number @days. */
int fi__year_of_days(int32_t days);
int fi__days_in_month(int y, int m);
/* Parse strictly "YYYY-MM-DD" into days; false when malformed or impossible. */
bool fi__iso_to_days(const char *iso, int32_t *days);
void fi__days_to_iso(int32_t days, char iso[11]);
/* Weekday of a day number, Monday = 0 (1970-01-01 was a Thursday). */
int fi__weekday(int32_t days);
/* In ascending @days[0..n), the first index whose day is ≥ @day (n when none); the first index
 * after @day is fi__days_lower_bound(days, n, day + 1). */
size_t fi__days_lower_bound(const int32_t *days, size_t n, int32_t day);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ". */
void fi__now_iso(char out[32]);

/* ---- text (text.c) ---- */

/* Length of the longest valid UTF-8 prefix of s[0..n); == n when all of it is valid. */
size_t fi__utf8_valid_prefix(const unsigned char *s, size_t n);
/* Append a shortened, printable rendering of s[0..n) (at most @max characters, bytes that are not
 * valid UTF-8 or are control characters escaped as \xNN, "…" when cut). */
void fi__text_excerpt(fi__buf *b, const char *s, size_t n, size_t max);
/* "1,234,567" */
void fi__format_count(char out[32], int64_t v);
char *fi__strdup(const char *s);

/* Label and method codes of the text stored in classifications (label.c); unknown text → 0. */
int fi__label_from_text(const char *s);
int fi__method_from_text(const char *s);

#endif
