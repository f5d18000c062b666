/* Cells as CSV and JSON text (see cell_write.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_write.h"

/* The index after the run of decimal digits of s[0..n) that starts at @i. */
static size_t skip_digits(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i;
}

bool fi__is_plain_number(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	size_t start = i;
	i = skip_digits(s, n, i);
	bool digits = i > start;
	if (i < n && s[i] == '.') {
		start = ++i;
		i = skip_digits(s, n, i);
		digits = digits || i > start;
	}
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		start = i;
		i = skip_digits(s, n, i);
		if (i == start)
			return false;
	}
	return i == n;
}

void fi__csv_text(fi__buf *b, const char *s, size_t n)
{
	bool guard = n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
			       s[0] == '\t' || s[0] == '\r') && !fi__is_plain_number(s, n);
	bool quote = false;
	for (size_t i = 0; i < n && !quote; i++)
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	if (quote)
		fi__buf_putc(b, '"');
	if (guard)
		fi__buf_putc(b, '\'');
	if (!quote) {
		fi__buf_append(b, s, n);
		return;
	}
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		fi__buf_append(b, s + start, i + 1 - start);   /* through the quote, then double it */
		fi__buf_putc(b, '"');
		start = i + 1;
	}
	fi__buf_append(b, s + start, n - start);
	fi__buf_putc(b, '"');
}

/* Shortest of %.15g..%.17g that reads back exactly, with ".0" added when it looks like an integer. */
static void put_real(fi__buf *b, double v)
{
	int decimals = fi__buf_short_real(b, v, 17);
	if (decimals == 0)
		fi__buf_puts(b, ".0");
	if (decimals >= 0)
		return;
	char tmp[40];
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	fi__buf_puts(b, tmp);
	if (!strpbrk(tmp, ".eE"))
		fi__buf_puts(b, ".0");
}

void fi__csv_real(fi__buf *b, double v)
{
	if (isnan(v))
		return;   /* SQLite stores NaN as NULL; an empty cell says the same */
	if (isinf(v)) {
		fi__buf_puts(b, v > 0 ? "inf" : "-inf");
		return;
	}
	put_real(b, v);
}

void fi__json_real(fi__buf *b, double v, fi__json_mode mode)
{
	if (isnan(v) || (isinf(v) && mode == FI__JSON_RESULT)) {
		fi__buf_puts(b, "null");
		return;
	}
	if (isinf(v)) {
		fi__buf_puts(b, v > 0 ? "1e999" : "-1e999");
		return;
	}
	put_real(b, v);
}

void fi__hex(fi__buf *b, const void *p, size_t n, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	const unsigned char *u = p;
	if (!fi__buf_reserve(b, 2 * n))
		return;
	for (size_t i = 0; i < n; i++) {
		b->data[b->len++] = digits[u[i] >> 4];
		b->data[b->len++] = digits[u[i] & 15];
	}
	b->data[b->len] = '\0';
}

void fi__csv_value(fi__buf *b, int type, int64_t i, double r, const char *p, size_t n)
{
	switch (type) {
	case FI_SQL_INTEGER:
		fi__buf_printf(b, "%lld", (long long)i);
		break;
	case FI_SQL_REAL:
		fi__csv_real(b, r);
		break;
	case FI_SQL_TEXT:
		fi__csv_text(b, p, n);
		break;
	case FI_SQL_BLOB:
		fi__buf_puts(b, "X'");
		fi__hex(b, p, n, true);
		fi__buf_putc(b, '\'');
		break;
	default:
		break;   /* NULL: an empty cell */
	}
}

void fi__json_value(fi__buf *b, int type, int64_t i, double r, const char *p, size_t n,
		    fi__json_mode mode)
{
	switch (type) {
	case FI_SQL_INTEGER:
		fi__buf_printf(b, "%lld", (long long)i);
		break;
	case FI_SQL_REAL:
		fi__json_real(b, r, mode);
		break;
	case FI_SQL_TEXT:
		if (mode == FI__JSON_ARCHIVE && fi__utf8_valid_prefix((const unsigned char *)p, n) != n) {
			fi__buf_puts(b, "{\"text_hex\":\"");
			fi__hex(b, p, n, false);
			fi__buf_puts(b, "\"}");
		} else {
			fi__buf_json_string(b, p, n);
		}
		break;
	case FI_SQL_BLOB:
		fi__buf_puts(b, "{\"blob\":\"");
		fi__hex(b, p, n, false);
		fi__buf_puts(b, "\"}");
		break;
	default:
		fi__buf_puts(b, "null");
		break;
	}
}

/* The fi_sql_type of a column of the current row, with its value. */
static int column_value(sqlite3_stmt *st, int col, int64_t *i, double *r, const char **p, size_t *n)
{
	*i = 0;
	*r = 0;
	*p = NULL;
	*n = 0;
	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		*i = sqlite3_column_int64(st, col);
		return FI_SQL_INTEGER;
	case SQLITE_FLOAT:
		*r = sqlite3_column_double(st, col);
		return FI_SQL_REAL;
	case SQLITE_TEXT:
		*p = (const char *)sqlite3_column_text(st, col);
		*n = (size_t)sqlite3_column_bytes(st, col);
		return *p ? FI_SQL_TEXT : FI_SQL_NULL;   /* NULL pointer: out of memory */
	case SQLITE_BLOB:
		*p = sqlite3_column_blob(st, col);
		*n = (size_t)sqlite3_column_bytes(st, col);
		return FI_SQL_BLOB;
	default:
		return FI_SQL_NULL;
	}
}

void fi__csv_column(fi__buf *b, sqlite3_stmt *st, int col)
{
	int64_t i;
	double r;
	const char *p;
	size_t n;
	int type = column_value(st, col, &i, &r, &p, &n);
	fi__csv_value(b, type, i, r, p, n);
}

void fi__json_column(fi__buf *b, sqlite3_stmt *st, int col, fi__json_mode mode)
{
	int64_t i;
	double r;
	const char *p;
	size_t n;
	int type = column_value(st, col, &i, &r, &p, &n);
	fi__json_value(b, type, i, r, p, n, mode);
}
