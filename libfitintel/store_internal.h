/* Private view of a store for the library's source files that touch SQLite. */
#ifndef FITINTEL_STORE_INTERNAL_H
#define FITINTEL_STORE_INTERNAL_H

#include <sqlite3.h>

#include "internal.h"

struct fi_store {
	sqlite3 *db;
	char *path;
	int schema_version;
	bool readonly;
	int busy_timeout_ms;   /* as opened; an import swaps in its own busy handler for a while */
};

/* Record SQLite's current message for @db as our error (FI_EBUSY for a lock, else FI_ESTORE) and
 * return the code. @what says what we were doing ("insert workout"). */
int fi__sqlite_error(sqlite3 *db, int rc, const char *what);

/* Run SQL without results; errors recorded as above. */
int fi__exec(sqlite3 *db, const char *sql, const char *what);

/* Prepare @sql or record the error. */
int fi__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out);

/* Read a nullable column: NaN / NULL when the cell is NULL. */
double fi__column_double(sqlite3_stmt *st, int col);
const char *fi__column_text(sqlite3_stmt *st, int col);

#endif
