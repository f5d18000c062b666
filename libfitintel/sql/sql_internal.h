/* Private parts of the SQL explorer: the hardened read-only connection, the checks a statement
 * goes through, and the result builder. */
#ifndef FITINTEL_SQL_INTERNAL_H
#define FITINTEL_SQL_INTERNAL_H

#include <sqlite3.h>

#include "store/store_internal.h"

/* Why the authorizer refused a statement: the first denied action, in words. */
typedef struct fi__sql_guard {
	char reason[256];
} fi__sql_guard;

/* Open a read-only connection to @store's file with extension loading off, the defensive flag on,
 * an untrusted schema, no attached databases, query_only, and @guard's authorizer installed.
 * FI_EINVALID for a store without a file (":memory:"); FI_EIO / FI_ESTORE when it cannot open. */
int fi__sql_open(fi_store *store, fi__sql_guard *guard, sqlite3 **out);

/* Compile @sql on a connection from fi__sql_open(): exactly one statement (what follows it may be
 * only whitespace, comments and semicolons), allowed by the authorizer and read-only by
 * sqlite3_stmt_readonly(). FI_EINVALID with the reason otherwise. */
int fi__sql_prepare(sqlite3 *db, fi__sql_guard *guard, const char *sql, sqlite3_stmt **out);

/* A cell of a result. TEXT and BLOB bytes live in the result's arena at @v.off (NUL-terminated). */
typedef struct fi__sql_cell {
	union {
		int64_t i;
		double r;
		size_t off;
	} v;
	size_t len;
	int type;   /* fi_sql_type */
} fi__sql_cell;

struct fi_sql_result {
	size_t ncols, nrows;
	char **names;
	char **decltypes;     /* NULL entries for expressions */
	int *coltypes;        /* fi_sql_type summary per column */
	fi__sql_cell *cells;  /* row-major */
	size_t cap_rows;
	fi__buf arena;
	bool truncated;
	double elapsed_ms;
};

/* A result with the columns of @st and no rows; NULL when out of memory. */
fi_sql_result *fi__sql_result_new(sqlite3_stmt *st);
/* Append the current row of @st. FI_OK or FI_ENOMEM (recorded). */
int fi__sql_result_add_row(fi_sql_result *r, sqlite3_stmt *st);
/* Bytes the result holds (cells and arena), for the size limit. */
size_t fi__sql_result_bytes(const fi_sql_result *r);
/* Compute the column type summaries once the rows are in. */
void fi__sql_result_finish(fi_sql_result *r);

/* Record a run in the store's history when it is writable; failures there are ignored (the
 * caller's error, if any, is kept). */
void fi__sql_history_record(fi_store *store, const char *sql, const char *started_at,
			    double duration_ms, const fi_sql_result *r, int status);

#endif
