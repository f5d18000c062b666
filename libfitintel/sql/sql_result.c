/* Results of the SQL explorer: built row by row from a statement, read through accessors, and
 * written as JSON or CSV. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/cell_write.h"
#include "sql_internal.h"

static const char *const type_names[] = { "null", "integer", "real", "text", "blob", "mixed" };

const char *fi_sql_type_name(int type)
{
	return type >= 0 && (size_t)type < FI__ARRAY_LEN(type_names) ? type_names[type] : NULL;
}

fi_sql_result *fi__sql_result_new(sqlite3_stmt *st)
{
	fi_sql_result *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	int n = sqlite3_column_count(st);
	r->ncols = (size_t)n;
	r->names = calloc(r->ncols + 1, sizeof *r->names);
	r->decltypes = calloc(r->ncols + 1, sizeof *r->decltypes);
	r->coltypes = calloc(r->ncols + 1, sizeof *r->coltypes);
	bool ok = r->names && r->decltypes && r->coltypes;
	for (int c = 0; ok && c < n; c++) {
		const char *name = sqlite3_column_name(st, c);
		const char *decl = sqlite3_column_decltype(st, c);
		r->names[c] = fi__strdup(name ? name : "");
		r->decltypes[c] = decl ? fi__strdup(decl) : NULL;
		ok = r->names[c] && (!decl || r->decltypes[c]);
	}
	if (!ok) {
		fi_sql_result_free(r);
		return NULL;
	}
	return r;
}

void fi_sql_result_free(fi_sql_result *r)
{
	if (!r)
		return;
	for (size_t c = 0; c < r->ncols; c++) {
		if (r->names)
			free(r->names[c]);
		if (r->decltypes)
			free(r->decltypes[c]);
	}
	FI__FREE_ALL(r->names, r->decltypes, r->coltypes, r->cells);
	fi__buf_free(&r->arena);
	free(r);
}

int fi__sql_result_add_row(fi_sql_result *r, sqlite3_stmt *st)
{
	size_t width = r->ncols ? r->ncols : 1;   /* the items grown are rows of cells */
	fi__sql_cell *cells = fi__grow(r->cells, r->nrows, &r->cap_rows, width * sizeof *cells, 64);
	if (!cells)
		return fi__error_oom();
	r->cells = cells;
	fi__sql_cell *row = r->cells + r->nrows * r->ncols;
	for (size_t c = 0; c < r->ncols; c++) {
		fi__sql_cell *cell = &row[c];
		int col = (int)c;
		cell->len = 0;
		cell->v.i = 0;
		switch (sqlite3_column_type(st, col)) {
		case SQLITE_INTEGER:
			cell->type = FI_SQL_INTEGER;
			cell->v.i = sqlite3_column_int64(st, col);
			break;
		case SQLITE_FLOAT:
			cell->type = FI_SQL_REAL;
			cell->v.r = sqlite3_column_double(st, col);
			break;
		case SQLITE_TEXT:
		case SQLITE_BLOB: {
			bool text = sqlite3_column_type(st, col) == SQLITE_TEXT;
			const void *p = text ? (const void *)sqlite3_column_text(st, col)
					     : sqlite3_column_blob(st, col);
			size_t n = (size_t)sqlite3_column_bytes(st, col);
			if (!p && n > 0)
				return fi__error_oom();
			cell->type = text ? FI_SQL_TEXT : FI_SQL_BLOB;
			cell->v.off = r->arena.len;
			cell->len = n;
			fi__buf_append(&r->arena, p ? p : "", n);
			fi__buf_putc(&r->arena, '\0');   /* so that text reads as a C string */
			if (r->arena.failed)
				return fi__error_oom();
			break;
		}
		default:
			cell->type = FI_SQL_NULL;
			break;
		}
	}
	r->nrows++;
	return FI_OK;
}

size_t fi__sql_result_bytes(const fi_sql_result *r)
{
	return r->arena.len + r->nrows * r->ncols * sizeof *r->cells;
}

void fi__sql_result_finish(fi_sql_result *r)
{
	for (size_t c = 0; c < r->ncols; c++) {
		int t = FI_SQL_NULL;
		for (size_t i = 0; i < r->nrows && t != FI_SQL_MIXED; i++) {
			int ct = r->cells[i * r->ncols + c].type;
			if (ct == FI_SQL_NULL || ct == t)
				continue;
			t = t == FI_SQL_NULL ? ct : FI_SQL_MIXED;
		}
		r->coltypes[c] = t;
	}
}

/* ---- accessors ---- */

size_t fi_sql_result_column_count(const fi_sql_result *r)
{
	return r ? r->ncols : 0;
}

size_t fi_sql_result_row_count(const fi_sql_result *r)
{
	return r ? r->nrows : 0;
}

const char *fi_sql_result_column_name(const fi_sql_result *r, size_t col)
{
	return r && col < r->ncols ? r->names[col] : NULL;
}

const char *fi_sql_result_column_decltype(const fi_sql_result *r, size_t col)
{
	return r && col < r->ncols ? r->decltypes[col] : NULL;
}

int fi_sql_result_column_type(const fi_sql_result *r, size_t col)
{
	return r && col < r->ncols ? r->coltypes[col] : FI_SQL_NULL;
}

int fi_sql_result_truncated(const fi_sql_result *r)
{
	return r && r->truncated;
}

double fi_sql_result_elapsed_ms(const fi_sql_result *r)
{
	return r ? r->elapsed_ms : 0.0;
}

static const fi__sql_cell *cell_at(const fi_sql_result *r, size_t row, size_t col)
{
	if (!r || row >= r->nrows || col >= r->ncols)
		return NULL;
	return &r->cells[row * r->ncols + col];
}

int fi_sql_result_cell_type(const fi_sql_result *r, size_t row, size_t col)
{
	const fi__sql_cell *c = cell_at(r, row, col);
	return c ? c->type : FI_SQL_NULL;
}

int64_t fi_sql_result_cell_int(const fi_sql_result *r, size_t row, size_t col)
{
	const fi__sql_cell *c = cell_at(r, row, col);
	if (!c)
		return 0;
	if (c->type == FI_SQL_INTEGER)
		return c->v.i;
	if (c->type != FI_SQL_REAL || isnan(c->v.r))
		return 0;
	if (c->v.r >= 9223372036854775807.0)
		return INT64_MAX;
	if (c->v.r <= -9223372036854775808.0)
		return INT64_MIN;
	return (int64_t)c->v.r;
}

double fi_sql_result_cell_real(const fi_sql_result *r, size_t row, size_t col)
{
	const fi__sql_cell *c = cell_at(r, row, col);
	if (c && c->type == FI_SQL_REAL)
		return c->v.r;
	if (c && c->type == FI_SQL_INTEGER)
		return (double)c->v.i;
	return (double)NAN;
}

const char *fi_sql_result_cell_text(const fi_sql_result *r, size_t row, size_t col, size_t *len)
{
	const fi__sql_cell *c = cell_at(r, row, col);
	bool bytes = c && (c->type == FI_SQL_TEXT || c->type == FI_SQL_BLOB);
	if (len)
		*len = bytes ? c->len : 0;
	return bytes ? r->arena.data + c->v.off : NULL;
}

/* ---- JSON and CSV ---- */

static const char *cell_bytes(const fi_sql_result *r, const fi__sql_cell *c)
{
	return (c->type == FI_SQL_TEXT || c->type == FI_SQL_BLOB) ? r->arena.data + c->v.off : NULL;
}

static void json_cell(fi__buf *b, const fi_sql_result *r, const fi__sql_cell *c)
{
	fi__json_value(b, c->type, c->type == FI_SQL_INTEGER ? c->v.i : 0,
		       c->type == FI_SQL_REAL ? c->v.r : 0.0, cell_bytes(r, c), c->len, FI__JSON_RESULT);
}

int fi_sql_result_to_json(const fi_sql_result *r, char **json)
{
	if (!r || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "result or json is NULL");
	*json = NULL;
	fi__buf b = FI__BUF_INIT;
	fi__buf_puts(&b, "{\"columns\":[");
	for (size_t c = 0; c < r->ncols; c++) {
		fi__buf_puts(&b, c ? ",{\"name\":" : "{\"name\":");
		fi__buf_json_string(&b, r->names[c], strlen(r->names[c]));
		fi__buf_puts(&b, ",\"decltype\":");
		if (r->decltypes[c])
			fi__buf_json_string(&b, r->decltypes[c], strlen(r->decltypes[c]));
		else
			fi__buf_puts(&b, "null");
		fi__buf_printf(&b, ",\"type\":\"%s\"}", fi_sql_type_name(r->coltypes[c]));
	}
	fi__buf_puts(&b, "],\"rows\":[");
	for (size_t i = 0; i < r->nrows; i++) {
		fi__buf_puts(&b, i ? ",\n[" : "\n[");
		for (size_t c = 0; c < r->ncols; c++) {
			if (c)
				fi__buf_putc(&b, ',');
			json_cell(&b, r, &r->cells[i * r->ncols + c]);
		}
		fi__buf_putc(&b, ']');
	}
	fi__buf_printf(&b, "],\"row_count\":%zu,\"truncated\":%s,\"elapsed_ms\":", r->nrows,
		      r->truncated ? "true" : "false");
	fi__buf_json_double(&b, r->elapsed_ms);
	fi__buf_putc(&b, '}');
	return fi__buf_finish(&b, json);
}

int fi_sql_result_to_csv(const fi_sql_result *r, char **csv, size_t *len)
{
	if (len)
		*len = 0;
	if (!r || !csv)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "result or csv is NULL");
	*csv = NULL;
	fi__buf b = FI__BUF_INIT;
	for (size_t c = 0; c < r->ncols; c++) {
		if (c)
			fi__buf_putc(&b, ',');
		fi__csv_text(&b, r->names[c], strlen(r->names[c]));
	}
	fi__buf_puts(&b, "\r\n");
	for (size_t i = 0; i < r->nrows; i++) {
		size_t start = b.len;
		for (size_t c = 0; c < r->ncols; c++) {
			const fi__sql_cell *cell = &r->cells[i * r->ncols + c];
			if (c)
				fi__buf_putc(&b, ',');
			fi__csv_value(&b, cell->type, cell->type == FI_SQL_INTEGER ? cell->v.i : 0,
				      cell->type == FI_SQL_REAL ? cell->v.r : 0.0, cell_bytes(r, cell),
				      cell->len);
		}
		if (b.len == start)
			fi__buf_puts(&b, "\"\"");   /* a blank line would read as no row at all */
		fi__buf_puts(&b, "\r\n");
	}
	size_t n = b.len;
	*csv = fi__buf_detach(&b);
	if (!*csv)
		return fi__error_oom();
	if (len)
		*len = n;
	return FI_OK;
}
