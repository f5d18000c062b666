/* The pull reader of JSON text (see json_read.h). Strict RFC 8259 syntax; nesting is bounded. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

#define MAX_DEPTH 64

int fi__json_error(fi__json *j, const char *msg)
{
	long line = 1;
	int column = 1;
	for (const char *q = j->start; q < j->p && q < j->end; q++) {
		if (*q == '\n') {
			line++;
			column = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			column++;
		}
	}
	return fi__error_at(FI_EPARSE, j->name, line, column, NULL, "%s", msg);
}

static void skip_ws(fi__json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

char fi__json_peek(fi__json *j)
{
	skip_ws(j);
	if (j->p >= j->end)
		return 0;
	char c = *j->p;
	if (c == '-' || (c >= '0' && c <= '9'))
		return '0';
	return strchr("{[\"ntf", c) && c ? c : 0;
}

bool fi__json_try(fi__json *j, char c)
{
	skip_ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

int fi__json_expect(fi__json *j, char c)
{
	skip_ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return FI_OK;
	}
	char msg[48];
	snprintf(msg, sizeof msg, "expected '%c'", c);
	return fi__json_error(j, msg);
}

bool fi__json_more(fi__json *j, char close, int *rc)
{
	skip_ws(j);
	if (j->p < j->end && *j->p == ',') {
		j->p++;
		return true;
	}
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return false;
	}
	*rc = fi__json_error(j, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
	return false;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void put_utf8(fi__buf *b, unsigned cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	fi__buf_append(b, u, n);
}

int fi__json_string(fi__json *j, fi__buf *out)
{
	int rc = fi__json_expect(j, '"');
	if (rc)
		return rc;
	fi__buf_clear(out);
	for (;;) {
		const char *run = j->p;
		while (j->p < j->end && *j->p != '"' && *j->p != '\\' && (unsigned char)*j->p >= 0x20)
			j->p++;
		fi__buf_append(out, run, (size_t)(j->p - run));
		if (j->p >= j->end)
			return fi__json_error(j, "unterminated string");
		char c = *j->p;
		if (c == '"') {
			j->p++;
			break;
		}
		if (c != '\\')
			return fi__json_error(j, "control character in a string");
		if (j->end - j->p < 2)
			return fi__json_error(j, "unterminated string");
		char e = j->p[1];
		j->p += 2;
		switch (e) {
		case '"': fi__buf_putc(out, '"'); break;
		case '\\': fi__buf_putc(out, '\\'); break;
		case '/': fi__buf_putc(out, '/'); break;
		case 'b': fi__buf_putc(out, '\b'); break;
		case 'f': fi__buf_putc(out, '\f'); break;
		case 'n': fi__buf_putc(out, '\n'); break;
		case 'r': fi__buf_putc(out, '\r'); break;
		case 't': fi__buf_putc(out, '\t'); break;
		case 'u': {
			unsigned cp, lo;
			if (j->end - j->p < 4 || hex4(j->p, &cp))
				return fi__json_error(j, "bad \\u escape");
			j->p += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
				    hex4(j->p + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return fi__json_error(j, "unpaired surrogate in a \\u escape");
				j->p += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return fi__json_error(j, "unpaired surrogate in a \\u escape");
			}
			put_utf8(out, cp);
			break;
		}
		default:
			j->p -= 1;
			return fi__json_error(j, "bad escape in a string");
		}
	}
	return out->failed ? fi__error_oom() : FI_OK;
}

int fi__json_number(fi__json *j, bool *is_real, int64_t *i, double *r)
{
	skip_ws(j);
	const char *s = j->p, *q = s;
	bool real = false;
	if (q < j->end && *q == '-')
		q++;
	if (q < j->end && *q == '0') {
		q++;
	} else if (q < j->end && *q >= '1' && *q <= '9') {
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	} else {
		return fi__json_error(j, "expected a number");
	}
	if (q < j->end && *q == '.') {
		real = true;
		q++;
		if (q >= j->end || *q < '0' || *q > '9')
			return fi__json_error(j, "expected digits after '.'");
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < j->end && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < j->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= j->end || *q < '0' || *q > '9')
			return fi__json_error(j, "expected digits in the exponent");
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	}
	char tmp[400];
	size_t n = (size_t)(q - s);
	if (n >= sizeof tmp)
		return fi__json_error(j, "number too long");
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	j->p = q;
	if (!real) {
		errno = 0;
		long long v = strtoll(tmp, NULL, 10);
		if (errno != ERANGE) {
			*is_real = false;
			*i = v;
			return FI_OK;
		}
	}
	*is_real = true;
	*r = strtod(tmp, NULL);   /* 1e999 → infinity, as the archive writes it */
	return FI_OK;
}

int fi__json_literal(fi__json *j)
{
	static const char *const words[] = { "null", "true", "false" };
	skip_ws(j);
	for (int k = 0; k < 3; k++) {
		size_t n = strlen(words[k]);
		if ((size_t)(j->end - j->p) >= n && memcmp(j->p, words[k], n) == 0) {
			j->p += n;
			return k;
		}
	}
	return fi__json_error(j, "expected a value");
}

int fi__json_skip(fi__json *j)
{
	char c = fi__json_peek(j);
	int rc = FI_OK;
	if (c == '"') {
		fi__buf tmp = FI__BUF_INIT;
		rc = fi__json_string(j, &tmp);
		fi__buf_free(&tmp);
		return rc;
	}
	if (c == '0') {
		bool real;
		int64_t i;
		double r;
		return fi__json_number(j, &real, &i, &r);
	}
	if (c == 'n' || c == 't' || c == 'f') {
		rc = fi__json_literal(j);
		return rc < 0 ? rc : FI_OK;
	}
	if (c != '{' && c != '[')
		return fi__json_error(j, "expected a value");
	if (++j->depth > MAX_DEPTH)
		return fi__json_error(j, "nested too deeply");
	j->p++;
	char close = c == '{' ? '}' : ']';
	skip_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return FI_OK;
	}
	do {
		if (c == '{') {
			fi__buf key = FI__BUF_INIT;
			rc = fi__json_string(j, &key);
			fi__buf_free(&key);
			if (rc || (rc = fi__json_expect(j, ':')))
				return rc;
		}
		if ((rc = fi__json_skip(j)))
			return rc;
	} while (fi__json_more(j, close, &rc));
	j->depth--;
	return rc;
}
