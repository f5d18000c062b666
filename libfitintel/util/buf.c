/* fi__buf: the string builder behind every JSON and message the library writes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool fi__buf_reserve(fi__buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra < b->cap - b->len && b->data)
		return true;
	size_t need = b->len + extra + 1;
	if (need < b->len) {
		b->failed = true;
		return false;
	}
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need) {
		if (cap > SIZE_MAX / 2) {
			cap = need;
			break;
		}
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->cap = cap;
	return true;
}

void fi__buf_append(fi__buf *b, const char *s, size_t n)
{
	if (!fi__buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void fi__buf_puts(fi__buf *b, const char *s)
{
	fi__buf_append(b, s, strlen(s));
}

void fi__buf_putc(fi__buf *b, char c)
{
	fi__buf_append(b, &c, 1);
}

void fi__buf_printf(fi__buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof small) {
		fi__buf_append(b, small, (size_t)n);
		return;
	}
	if (!fi__buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void fi__buf_json_string(fi__buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	fi__buf_putc(b, '"');
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && u[run] >= 0x20 && u[run] < 0x80 && u[run] != '"' && u[run] != '\\')
			run++;
		fi__buf_append(b, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		unsigned char c = u[i];
		if (c >= 0x80) {
			size_t valid = fi__utf8_valid_prefix(u + i, n - i);
			if (valid == 0) {
				fi__buf_puts(b, "\\ufffd");
				i++;
				continue;
			}
			/* copy the valid multi-byte run, stop at the next ASCII byte */
			size_t end = i;
			while (end < i + valid && u[end] >= 0x80)
				end++;
			fi__buf_append(b, s + i, end - i);
			i = end;
			continue;
		}
		switch (c) {
		case '"': fi__buf_puts(b, "\\\""); break;
		case '\\': fi__buf_puts(b, "\\\\"); break;
		case '\n': fi__buf_puts(b, "\\n"); break;
		case '\r': fi__buf_puts(b, "\\r"); break;
		case '\t': fi__buf_puts(b, "\\t"); break;
		default: {
			char esc[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			fi__buf_puts(b, esc);
		}
		}
		i++;
	}
	fi__buf_putc(b, '"');
}

/* r / 10^d == v with r and 10^d exact doubles means the decimal r·10^-d rounds to v, as strtod()
 * would (a division is correctly rounded): the values an export is made of (4.25711, 1800) are
 * written without a printf and a strtod each. */
int fi__buf_short_real(fi__buf *b, double v, int max_digits)
{
	static const double p10[] = { 1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9 };
	double a = fabs(v);
	if (!(a >= 1e-4 && a < 1e9))
		return -1;
	for (int d = 0; d <= 9; d++) {
		double r = nearbyint(a * p10[d]);
		if (r >= 9007199254740992.0)
			return -1;
		if (r / p10[d] != a)
			continue;
		char digits[24];
		int n = 0;
		for (uint64_t u = (uint64_t)r; n == 0 || u > 0; u /= 10)   /* r is whole and < 2^53 */
			digits[n++] = (char)('0' + u % 10);
		if (n > max_digits)
			return -1;
		for (int i = 0; i < n / 2; i++) {
			char t = digits[i];
			digits[i] = digits[n - 1 - i];
			digits[n - 1 - i] = t;
		}
		if (v < 0)
			fi__buf_putc(b, '-');
		if (n <= d) {                                        /* 0.000123 */
			fi__buf_puts(b, "0.");
			for (int z = n; z < d; z++)
				fi__buf_putc(b, '0');
			fi__buf_append(b, digits, (size_t)n);
		} else {
			fi__buf_append(b, digits, (size_t)(n - d));
			if (d) {
				fi__buf_putc(b, '.');
				fi__buf_append(b, digits + n - d, (size_t)d);
			}
		}
		return d;
	}
	return -1;
}

void fi__buf_json_double(fi__buf *b, double v)
{
	if (!isfinite(v)) {
		fi__buf_puts(b, "null");
		return;
	}
	/* what %.15g writes when it reads back exactly (a short decimal has 15 digits at most) */
	if (fi__buf_short_real(b, v, 15) >= 0)
		return;
	/* shortest of %.15g / %.17g that reads back exactly */
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	fi__buf_puts(b, tmp);
}

void fi__buf_json_key_double(fi__buf *b, const char *key, double v)
{
	fi__buf_printf(b, "\"%s\":", key);
	fi__buf_json_double(b, v);
}

void fi__buf_json_next_double(fi__buf *b, const char *key, double v)
{
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, key, v);
}

void fi__buf_sql_ident(fi__buf *b, const char *name)
{
	fi__buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			fi__buf_putc(b, '"');
		fi__buf_putc(b, *p);
	}
	fi__buf_putc(b, '"');
}

void fi__buf_clear(fi__buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void fi__buf_free(fi__buf *b)
{
	free(b->data);
	*b = (fi__buf)FI__BUF_INIT;
}

char *fi__buf_detach(fi__buf *b)
{
	if (b->failed) {
		fi__buf_free(b);
		return NULL;
	}
	if (!b->data && !fi__buf_reserve(b, 0))
		return NULL;
	if (b->len == 0)
		b->data[0] = '\0';
	char *out = b->data;
	*b = (fi__buf)FI__BUF_INIT;
	return out;
}

int fi__buf_finish(fi__buf *b, char **out)
{
	*out = fi__buf_detach(b);
	return *out ? FI_OK : fi__error_oom();
}
