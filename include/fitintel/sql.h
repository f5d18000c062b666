/**
 * @file fitintel/sql.h
 * @brief The SQL explorer (SPEC §8.5, §9): one read-only statement against the store, with a time
 *        and a row limit; typed results; the history of what ran and saved queries, kept in the store.
 *
 * Safety: a statement runs on its own read-only connection to the store's file, with extension
 * loading off, the defensive flag on and an untrusted schema. It is refused (FI_EINVALID, the
 * message says why) unless it is exactly one statement that SQLite reports as read-only, and an
 * authorizer allows only reading: no write of any kind, no ATTACH/DETACH, no PRAGMA that sets a
 * value (a few read-only PRAGMAs such as table_info are allowed), no transaction control, and no
 * function that touches files or loads code (load_extension, readfile, writefile, edit, ...).
 * A store opened as ":memory:" has no file for a second connection: the explorer refuses it.
 */
#ifndef FITINTEL_SQL_H
#define FITINTEL_SQL_H

#include "fitintel/common.h"
#include "fitintel/store.h"

FI_BEGIN_DECLS

/** fi_sql_params.flags */
#define FI_SQL_NO_HISTORY 0x1u /**< do not record the run in the store's query history */

/** Limits of one run. Initialise with FI_SQL_PARAMS_INIT or fi_sql_params_init(). */
typedef struct fi_sql_params {
	unsigned int version;      /**< FI_SQL_PARAMS_VERSION */
	int64_t max_rows;          /**< rows returned at most (1..100,000,000); default 10,000 */
	double timeout_s;          /**< wall-clock limit of the run in seconds (0 < t ≤ 86,400); default 5 */
	unsigned int flags;        /**< FI_SQL_* bits; default 0 */
	/** Polled while the statement runs (with the time limit); non-zero stops it with FI_EUSER.
	 *  NULL: never. */
	int (*cancel)(void *payload);
	void *payload;             /**< passed to @ref cancel */
} fi_sql_params;

#define FI_SQL_PARAMS_VERSION 1
#define FI_SQL_PARAMS_INIT { FI_SQL_PARAMS_VERSION, 10000, 5.0, 0u, NULL, NULL }

/** The most entries the query history keeps; older ones are dropped as new runs are recorded. */
#define FI_SQL_HISTORY_KEEP 1000

/** Fill @p p with defaults. @return FI_OK or FI_EINVALID (NULL, unknown version). @since 0.1 */
FI_API int fi_sql_params_init(fi_sql_params *p, unsigned int version);

/** Storage type of a cell, as SQLite keeps it. Numbered by hand; never renumbered. */
typedef enum fi_sql_type {
	FI_SQL_NULL = 0,      /**< NULL */
	FI_SQL_INTEGER = 1,   /**< 64-bit signed integer */
	FI_SQL_REAL = 2,      /**< IEEE double */
	FI_SQL_TEXT = 3,      /**< UTF-8 text (may hold NUL bytes: use the length) */
	FI_SQL_BLOB = 4,      /**< bytes */
	FI_SQL_MIXED = 5      /**< column summary only: cells of more than one non-NULL type */
} fi_sql_type;

/** Static name ("null", "integer", "real", "text", "blob", "mixed"); NULL when out of range. @since 0.1 */
FI_API const char *fi_sql_type_name(int type);

/** The rows of one run. Opaque, immutable. */
typedef struct fi_sql_result fi_sql_result;

/**
 * Check that @p sql would be allowed, without running it (it is compiled on the read-only
 * connection and put through every check of fi_sql_run()). A few refusals show only when the
 * statement runs: a table-valued PRAGMA (pragma_optimize) compiles its PRAGMA on its first step.
 * @return FI_OK; FI_EINVALID naming why it is refused (a write, two statements, ATTACH, a PRAGMA
 *         that sets a value, a forbidden function, a syntax error, no statement at all) or for a
 *         ":memory:" store; FI_ESTORE / FI_EIO when the store's file cannot be opened.
 * @since 0.1
 */
FI_API int fi_sql_check(fi_store *store, const char *sql);

/**
 * Run one read-only statement and collect its rows, up to the row limit.
 * Unless FI_SQL_NO_HISTORY is set and when the store is writable, the run is recorded in the
 * store's query history (text, start time, duration, rows or the error), refused runs included.
 * @param params  NULL: defaults (10,000 rows, 5 s).
 * @param[out] out  the result, also when the row limit cut it short (see
 *                  fi_sql_result_truncated()); caller frees with fi_sql_result_free().
 * @return FI_OK; FI_EINVALID for a refused statement (as fi_sql_check()), bad params, or an error
 *         SQLite reports while running (division by a string is fine; a malformed JSON argument is
 *         not); FI_ELIMIT when the time limit stopped it; FI_EUSER when @ref fi_sql_params.cancel
 *         did; FI_ENOMEM; FI_ESTORE. The message of fi_error_last() says what happened.
 * @since 0.1
 */
FI_API int fi_sql_run(fi_store *store, const char *sql, const fi_sql_params *params,
		      fi_sql_result **out);

/** Release a result. Accepts NULL. @since 0.1 */
FI_API void fi_sql_result_free(fi_sql_result *r);

/** Number of columns of the result. @since 0.1 */
FI_API size_t fi_sql_result_column_count(const fi_sql_result *r);
/** Number of rows returned (at most the row limit). @since 0.1 */
FI_API size_t fi_sql_result_row_count(const fi_sql_result *r);

/** Name of column @p col (borrowed; NULL when out of range). @since 0.1 */
FI_API const char *fi_sql_result_column_name(const fi_sql_result *r, size_t col);

/** Declared type of column @p col when it comes straight from a table column ("REAL"); NULL
 *  for an expression or out of range. Borrowed. @since 0.1 */
FI_API const char *fi_sql_result_column_decltype(const fi_sql_result *r, size_t col);

/** The one fi_sql_type of the column's non-NULL cells; FI_SQL_NULL when every cell is NULL (or
 *  there are no rows), FI_SQL_MIXED when they differ. @since 0.1 */
FI_API int fi_sql_result_column_type(const fi_sql_result *r, size_t col);

/** 1 when the row limit (or the 256 MiB size limit of a result) stopped the run before its last
 *  row, else 0. @since 0.1 */
FI_API int fi_sql_result_truncated(const fi_sql_result *r);

/** Wall-clock time of the run in milliseconds (opening, compiling and stepping). @since 0.1 */
FI_API double fi_sql_result_elapsed_ms(const fi_sql_result *r);

/** Storage type of a cell (fi_sql_type); FI_SQL_NULL when out of range. @since 0.1 */
FI_API int fi_sql_result_cell_type(const fi_sql_result *r, size_t row, size_t col);

/** A cell as an integer: integers as they are, reals truncated toward zero (saturating), 0 for
 *  anything else. @since 0.1 */
FI_API int64_t fi_sql_result_cell_int(const fi_sql_result *r, size_t row, size_t col);

/** A cell as a double: reals as they are, integers converted, NaN for anything else. @since 0.1 */
FI_API double fi_sql_result_cell_real(const fi_sql_result *r, size_t row, size_t col);

/**
 * A text or blob cell's bytes, NUL-terminated (borrowed; valid until the result is freed).
 * @param[out] len  the length in bytes, without the terminator (may be NULL).
 * @return the bytes; NULL for a NULL, integer or real cell or out of range (*len = 0).
 * @since 0.1
 */
FI_API const char *fi_sql_result_cell_text(const fi_sql_result *r, size_t row, size_t col, size_t *len);

/**
 * The result as JSON: {"columns":[{"name","decltype","type"}], "rows":[[cells]], "row_count",
 * "truncated", "elapsed_ms"}. Integers are JSON integers; reals always carry a '.' or an exponent
 * (3.0, 1e+20), so that a reader keeps them as floats, and are null when not finite; text is a
 * JSON string (control characters escaped); a blob is {"blob":"<lowercase hex>"}; NULL is null.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK, FI_EINVALID (NULL arguments) or FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_sql_result_to_json(const fi_sql_result *r, char **json);

/**
 * The result as CSV (RFC 4180): a header row of the column names, then one row per result row,
 * CRLF line ends. Integers in decimal; reals in their shortest exact form with a '.' or exponent
 * ("inf"/"-inf" when infinite); NULL is an empty cell; a blob is X'<uppercase hex>'. A text cell
 * is quoted when it holds a comma, quote, CR or LF, and one that starts with = + - @ (or a tab or
 * CR) and is not a plain number gets a leading ' so that a spreadsheet does not run it.
 * @param[out] csv  caller frees with fi_free().
 * @param[out] len  its length in bytes (may be NULL): a text cell holding a NUL byte keeps it.
 * @return FI_OK, FI_EINVALID or FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_sql_result_to_csv(const fi_sql_result *r, char **csv, size_t *len);

/* ---- query history ---- */

/** One recorded run. Borrowed from its list. */
typedef struct fi_sql_history_entry {
	int64_t id;
	const char *sql;          /**< the text as given */
	const char *started_at;   /**< UTC, "YYYY-MM-DDTHH:MM:SS.mmmZ" */
	double duration_ms;
	int64_t rows;             /**< rows returned; -1 when it failed */
	int truncated;            /**< 1 when the row limit cut it short */
	int status;               /**< FI_OK or the fi_status it failed with */
	const char *error;        /**< the message when it failed, else NULL */
} fi_sql_history_entry;

/** A list of history entries, newest first. Opaque. */
typedef struct fi_sql_history fi_sql_history;

/**
 * Read the query history, newest first.
 * @param search  NULL or "" for every entry; else only entries whose text or error contains it
 *                (ASCII case-insensitive).
 * @param limit   at most this many entries; ≤ 0 for all.
 * @param[out] out  caller frees with fi_sql_history_free().
 * @return FI_OK, FI_EINVALID or FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_sql_history_find(fi_store *store, const char *search, int64_t limit,
			       fi_sql_history **out);
/** Number of entries in the list. @since 0.1 */
FI_API size_t fi_sql_history_count(const fi_sql_history *h);
/** Entry @p i (NULL when out of range). @since 0.1 */
FI_API const fi_sql_history_entry *fi_sql_history_at(const fi_sql_history *h, size_t i);
/** Release a list. Accepts NULL. @since 0.1 */
FI_API void fi_sql_history_free(fi_sql_history *h);
/** The list as a JSON array of entry objects. Caller frees @p json with fi_free(). @since 0.1 */
FI_API int fi_sql_history_to_json(const fi_sql_history *h, char **json);

/**
 * Delete one history entry.
 * @return FI_OK; FI_ENOTFOUND; FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_sql_history_delete(fi_store *store, int64_t id);

/** Delete every history entry. @return FI_OK, FI_EREADONLY or FI_ESTORE. @since 0.1 */
FI_API int fi_sql_history_clear(fi_store *store);

/* ---- saved queries ---- */

/** One saved query. Borrowed from its list. */
typedef struct fi_sql_saved {
	const char *name;
	const char *sql;
	const char *description;  /**< "" when none */
	const char *created_at;   /**< UTC ISO time */
	const char *updated_at;
} fi_sql_saved;

/** A list of saved queries, by name. Opaque. */
typedef struct fi_sql_saved_list fi_sql_saved_list;

/** fi_sql_saved_put() flags */
#define FI_SQL_SAVE_REPLACE 0x1u /**< overwrite a saved query of the same name */

/**
 * Save a query under @p name. The text is checked as fi_sql_check() does: only a statement that
 * may run is saved.
 * @param name  1–200 bytes of printable text.
 * @param description  NULL for none.
 * @return FI_OK; FI_EEXISTS when the name is taken and FI_SQL_SAVE_REPLACE is not set;
 *         FI_EINVALID (bad name, refused statement); FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_sql_saved_put(fi_store *store, const char *name, const char *sql,
			    const char *description, unsigned int flags);

/**
 * Find saved queries, by name.
 * @param search  NULL or "" for all; else those whose name, text or description contains it
 *                (ASCII case-insensitive).
 * @param[out] out  caller frees with fi_sql_saved_list_free().
 * @return FI_OK, FI_EINVALID or FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_sql_saved_find(fi_store *store, const char *search, fi_sql_saved_list **out);

/** The saved query called @p name, as a list of one. @return FI_OK, FI_ENOTFOUND, FI_ESTORE. @since 0.1 */
FI_API int fi_sql_saved_get(fi_store *store, const char *name, fi_sql_saved_list **out);

/** Number of saved queries in the list. @since 0.1 */
FI_API size_t fi_sql_saved_list_count(const fi_sql_saved_list *list);
/** Saved query @p i (NULL when out of range). @since 0.1 */
FI_API const fi_sql_saved *fi_sql_saved_list_at(const fi_sql_saved_list *list, size_t i);
/** Release a list. Accepts NULL. @since 0.1 */
FI_API void fi_sql_saved_list_free(fi_sql_saved_list *list);
/** The list as a JSON array of objects. Caller frees @p json with fi_free(). @since 0.1 */
FI_API int fi_sql_saved_list_to_json(const fi_sql_saved_list *list, char **json);

/** Delete the saved query @p name. @return FI_OK, FI_ENOTFOUND, FI_EREADONLY, FI_ESTORE. @since 0.1 */
FI_API int fi_sql_saved_delete(fi_store *store, const char *name);

/**
 * Run the saved query @p name as fi_sql_run() does.
 * @return as fi_sql_run(), and FI_ENOTFOUND when there is no such query.
 * @since 0.1
 */
FI_API int fi_sql_saved_run(fi_store *store, const char *name, const fi_sql_params *params,
			    fi_sql_result **out);

FI_END_DECLS

#endif
