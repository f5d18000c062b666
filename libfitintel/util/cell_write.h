/* Cells as CSV and JSON text: the one place that decides how a SQLite value is written, shared by
 * query results (sql_result.c), exports (export*.c) and the archive (archive_write.c). */
#ifndef FITINTEL_CELL_WRITE_H
#define FITINTEL_CELL_WRITE_H

#include <sqlite3.h>

#include "internal.h"

/* How a JSON cell is written. */
typedef enum fi__json_mode {
	/* for people and data frames: infinities become null, text that is not UTF-8 is repaired */
	FI__JSON_RESULT,
	/* for the archive, which must read back bit for bit: infinities are 1e999 / -1e999 (valid
	 * JSON that every reader takes as infinite), text that is not UTF-8 is {"text_hex": "..."} */
	FI__JSON_ARCHIVE
} fi__json_mode;

/* A CSV text cell (RFC 4180): quoted when it holds a comma, quote, CR or LF; a leading ' when it
 * starts with = + - @ tab or CR and is not a plain number (spreadsheet formula injection). */
void fi__csv_text(fi__buf *b, const char *s, size_t n);
/* A real as CSV: shortest exact form with a '.' or exponent; "inf" / "-inf". */
void fi__csv_real(fi__buf *b, double v);
/* A real as JSON: shortest exact form, always with a '.' or exponent so it reads back as a float. */
void fi__json_real(fi__buf *b, double v, fi__json_mode mode);
/* Bytes as hex digits. */
void fi__hex(fi__buf *b, const void *p, size_t n, bool upper);
/* True when s[0..n) is a plain decimal number ("-3", "+1.5", "2e10"). */
bool fi__is_plain_number(const char *s, size_t n);

/* Column @col of the current row of @st, as a CSV cell or a JSON value. */
void fi__csv_column(fi__buf *b, sqlite3_stmt *st, int col);
void fi__json_column(fi__buf *b, sqlite3_stmt *st, int col, fi__json_mode mode);

/* The same for a value held apart from a statement (query results keep their cells). */
void fi__csv_value(fi__buf *b, int type, int64_t i, double r, const char *p, size_t n);
void fi__json_value(fi__buf *b, int type, int64_t i, double r, const char *p, size_t n,
		    fi__json_mode mode);

#endif
