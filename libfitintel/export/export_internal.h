/* Private parts of the exports: the sink every writer appends to, and the writers per kind. */
#ifndef FITINTEL_EXPORT_INTERNAL_H
#define FITINTEL_EXPORT_INTERNAL_H

#include <sqlite3.h>

#include "store/store_internal.h"

/* Bytes on their way to the caller: appended to @b, handed to @write in pieces (or, without a
 * writer, kept whole for fi_export_string()). */
typedef struct fi__sink {
	fi__buf b;
	fi_export_write_fn write;
	void *payload;
} fi__sink;

/* Pieces handed to the writer are at least this big (but the last). */
#define FI__SINK_CHUNK ((size_t)256 * 1024)

/* Hand the buffered bytes to the writer once there are at least @min of them (0: all).
 * FI_OK; FI_EUSER when the writer refused; FI_ENOMEM when an append failed. */
int fi__sink_flush(fi__sink *s, size_t min);

/* The rows of @st (prepared, bound) as CSV with a header row, or as a JSON array of objects. */
int fi__export_rows(fi__sink *s, sqlite3 *db, sqlite3_stmt *st, int format, const char *what);

/* One writer per kind (export_tables.c, export_brief.c, archive_write.c). */
int fi__export_workouts(fi_store *store, const fi_workout_filter *filter, int format, fi__sink *s);
int fi__export_table(fi_store *store, int kind, int format, fi__sink *s);
int fi__export_models(fi_store *store, int format, fi__sink *s);
int fi__export_imports_json(fi_store *store, fi__sink *s);
int fi__export_brief(fi_store *store, const fi_brief_params *params, int format, fi__sink *s);
int fi__archive_write(fi_store *store, fi__sink *s);

#endif
