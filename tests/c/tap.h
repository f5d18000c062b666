/* A minimal TAP producer for the C test programs: `ok N - name` lines and a plan at the end,
 * which meson (protocol: 'tap') and tests/run count one by one. */
#ifndef FITINTEL_TEST_TAP_H
#define FITINTEL_TEST_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count;
static int tap_failed;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_count);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...)                                                                   \
	do {                                                                                     \
		long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                 \
		if (!ok(tap_g_ == tap_w_, __VA_ARGS__))                                          \
			printf("#   got %lld, want %lld\n", tap_g_, tap_w_);                         \
	} while (0)

#define is_str(got, want, ...)                                                                   \
	do {                                                                                     \
		const char *tap_g_ = (got), *tap_w_ = (want);                                    \
		if (!ok(tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0, __VA_ARGS__))           \
			printf("#   got '%s', want '%s'\n", tap_g_ ? tap_g_ : "(null)",            \
			       tap_w_ ? tap_w_ : "(null)");                                      \
	} while (0)

#define has_str(haystack, needle, ...)                                                           \
	do {                                                                                     \
		const char *tap_h_ = (haystack), *tap_n_ = (needle);                             \
		if (!ok(tap_h_ && strstr(tap_h_, tap_n_) != NULL, __VA_ARGS__))                  \
			printf("#   '%s' does not contain '%s'\n", tap_h_ ? tap_h_ : "(null)", tap_n_); \
	} while (0)

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
