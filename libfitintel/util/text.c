/* Small text utilities: excerpts for messages, grouped counts, string copies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void fi__text_excerpt(fi__buf *b, const char *s, size_t n, size_t max)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *u = (const unsigned char *)s;
	size_t shown = 0, i = 0;
	while (i < n && shown < max) {
		unsigned char c = u[i];
		size_t valid = c >= 0x80 ? fi__utf8_valid_prefix(u + i, n - i) : 0;
		if (c >= 0x20 && c < 0x7F) {
			fi__buf_putc(b, (char)c);
			i++;
		} else if (c >= 0x80 && valid > 0) {
			size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
			fi__buf_append(b, s + i, len);
			i += len;
		} else if (c == '\n') {
			fi__buf_puts(b, "\\n");
			i++;
		} else {
			char esc[5] = { '\\', 'x', hex[c >> 4], hex[c & 15], 0 };
			fi__buf_puts(b, esc);
			i++;
		}
		shown++;
	}
	if (i < n)
		fi__buf_puts(b, "…");
}

void fi__format_count(char out[32], int64_t v)
{
	char digits[24];
	int len = snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
	char *o = out;
	if (v < 0)
		*o++ = '-';
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			*o++ = ',';
		*o++ = digits[i];
	}
	*o = '\0';
}

char *fi__strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}
