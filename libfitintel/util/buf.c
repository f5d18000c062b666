/* fi_buf: the string builder behind every JSON and message the library writes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

bool fi_buf_reserve(fi_buf *b, size_t extra)
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

void fi_buf_append(fi_buf *b, const char *s, size_t n)
{
	if (!fi_buf_reserve(b, n))
		return;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void fi_buf_puts(fi_buf *b, const char *s)
{
	fi_buf_append(b, s, strlen(s));
}

void fi_buf_putc(fi_buf *b, char c)
{
	fi_buf_append(b, &c, 1);
}

void fi_buf_printf(fi_buf *b, const char *fmt, ...)
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
		fi_buf_append(b, small, (size_t)n);
		return;
	}
	if (!fi_buf_reserve(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void fi_buf_json_string(fi_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	fi_buf_putc(b, '"');
	size_t i = 0;
	while (i < n) {
		size_t run = i;
		while (run < n && u[run] >= 0x20 && u[run] < 0x80 && u[run] != '"' && u[run] != '\\')
			run++;
		fi_buf_append(b, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		unsigned char c = u[i];
		if (c >= 0x80) {
			size_t valid = fi__utf8_valid_prefix(u + i, n - i);
			if (valid == 0) {
				fi_buf_puts(b, "\\ufffd");
				i++;
				continue;
			}
			/* copy the valid multi-byte run, stop at the next ASCII byte */
			size_t end = i;
			while (end < i + valid && u[end] >= 0x80)
				end++;
			fi_buf_append(b, s + i, end - i);
			i = end;
			continue;
		}
		switch (c) {
		case '"': fi_buf_puts(b, "\\\""); break;
		case '\\': fi_buf_puts(b, "\\\\"); break;
		case '\n': fi_buf_puts(b, "\\n"); break;
		case '\r': fi_buf_puts(b, "\\r"); break;
		case '\t': fi_buf_puts(b, "\\t"); break;
		default: {
			char esc[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			fi_buf_puts(b, esc);
		}
		}
		i++;
	}
	fi_buf_putc(b, '"');
}

void fi_buf_json_double(fi_buf *b, double v)
{
	if (!isfinite(v)) {
		fi_buf_puts(b, "null");
		return;
	}
	/* shortest of %.15g / %.17g that reads back exactly */
	char tmp[40];
	snprintf(tmp, sizeof tmp, "%.15g", v);
	if (strtod(tmp, NULL) != v)
		snprintf(tmp, sizeof tmp, "%.17g", v);
	fi_buf_puts(b, tmp);
}

void fi_buf_json_key_double(fi_buf *b, const char *key, double v)
{
	fi_buf_printf(b, "\"%s\":", key);
	fi_buf_json_double(b, v);
}

void fi_buf_json_next_double(fi_buf *b, const char *key, double v)
{
	fi_buf_putc(b, ',');
	fi_buf_json_key_double(b, key, v);
}

void fi_buf_sql_ident(fi_buf *b, const char *name)
{
	fi_buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			fi_buf_putc(b, '"');
		fi_buf_putc(b, *p);
	}
	fi_buf_putc(b, '"');
}

void fi_buf_clear(fi_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void fi_buf_free(fi_buf *b)
{
	free(b->data);
	*b = (fi_buf)FI_BUF_INIT;
}

char *fi_buf_detach(fi_buf *b)
{
	if (b->failed) {
		fi_buf_free(b);
		return NULL;
	}
	if (!b->data && !fi_buf_reserve(b, 0))
		return NULL;
	if (b->len == 0)
		b->data[0] = '\0';
	char *out = b->data;
	*b = (fi_buf)FI_BUF_INIT;
	return out;
}
