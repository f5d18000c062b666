/**
 * @file fitintel/ingest.h
 * @brief Importing MapMyRun exports into a store, and the import records each import leaves.
 *
 * An export is streamed through in constant memory. Columns are found by header name; each row is
 * accepted, a duplicate (its workout id is in the store or earlier in the file), or rejected with a
 * reason, file, line and column. The file's accepted rows are written in one transaction: all of
 * them or none. Every attempt — including a refused one — leaves an import record in the store,
 * with the SHA-256 of the file's bytes; a file whose bytes were already imported answers at once
 * with 0 rows added (unless that import skipped rejected rows and this one is strict: then the file
 * is read again, so the strict import can refuse it).
 *
 * Usual sequence:
 * @code
 * fi_ingest_params o = FI_INGEST_PARAMS_INIT;
 * o.policy = FI_INGEST_SKIP;
 * fi_import_report *r = NULL;
 * int rc = fi_ingest_file(store, "export.csv", &o, &r);
 * // rc == FI_OK, or FI_EPARSE for a strict refusal (r is still set), or another error (r NULL)
 * printf("%lld added\n", (long long)fi_import_report_rows_added(r));
 * fi_import_report_free(r);
 * @endcode
 */
#ifndef FITINTEL_INGEST_H
#define FITINTEL_INGEST_H

#include "fitintel/common.h"
#include "fitintel/store.h"

FI_BEGIN_DECLS

/** What happens to a file that has rejected rows. */
typedef enum fi_ingest_policy {
	FI_INGEST_STRICT = 0, /**< write nothing if any row is rejected (the default) */
	FI_INGEST_SKIP = 1    /**< write the accepted rows, report the rejected ones */
} fi_ingest_policy;

/** Outcome of one import, as recorded in the store. */
typedef enum fi_import_status {
	FI_IMPORT_SUCCESS = 0,     /**< at least one row added */
	FI_IMPORT_NO_NEW_ROWS = 1, /**< nothing new: every row a duplicate, or the same bytes as before */
	FI_IMPORT_REJECTED = 2,    /**< refused: strict policy with rejected rows, or no usable header */
	FI_IMPORT_FAILED = 3       /**< could not be completed (I/O, store, cancelled); nothing written */
} fi_import_status;

/** Why a row was rejected. Numbered by hand; never renumbered. */
typedef enum fi_reject_reason {
	FI_REJECT_BAD_DATE = 1,       /**< unparseable date */
	FI_REJECT_IMPOSSIBLE_DATE = 2,/**< a date that is not in the calendar (Feb. 30) or out of range */
	FI_REJECT_MISSING_ID = 3,     /**< the Link holds no workout id */
	FI_REJECT_NOT_NUMBER = 4,     /**< non-numeric text in a numeric column */
	FI_REJECT_NEGATIVE = 5,       /**< a negative value in a column that cannot be negative */
	FI_REJECT_NOT_FINITE = 6,     /**< NaN or Infinity */
	FI_REJECT_FIELD_COUNT = 7,    /**< the row has a different number of fields than the header */
	FI_REJECT_ENCODING = 8,       /**< the row is not valid UTF-8 */
	FI_REJECT_MISSING_DATE = 9    /**< the Workout Date cell is empty */
} fi_reject_reason;

/** One rejected row. Strings are borrowed (valid during the callback, or while the report lives). */
typedef struct fi_reject {
	long line;            /**< 1-based line of the row's first physical line */
	int column;           /**< 1-based field index, 0 when the whole row is at fault */
	int reason;           /**< an fi_reject_reason */
	const char *field;    /**< column name from the header, "" when the whole row is at fault */
	const char *text;     /**< the offending text, shortened to 60 characters, bytes escaped */
	const char *message;  /**< a complete sentence with the location:
			           "export.csv:12: Distance (mi) (column 5): 'abc' is not a number" */
} fi_reject;

/** Progress of a running import, passed to the progress callback. */
typedef struct fi_progress {
	uint64_t bytes_done;  /**< bytes of the file parsed so far */
	uint64_t bytes_total; /**< size of the file (0 when unknown) */
	int64_t rows_read;    /**< data rows seen so far */
	int64_t rows_written; /**< accepted rows written to the store so far */
} fi_progress;

/** Called now and then during an import; return non-zero to cancel (the import then fails, FI_EUSER). */
typedef int (*fi_progress_cb)(const fi_progress *progress, void *payload);
/** Called for every rejected row; return non-zero to cancel the import (FI_EUSER). */
typedef int (*fi_reject_cb)(const fi_reject *reject, void *payload);

/** Options for an import. Initialise with FI_INGEST_PARAMS_INIT or fi_ingest_params_init(). */
typedef struct fi_ingest_params {
	unsigned int version;        /**< FI_INGEST_PARAMS_VERSION */
	int policy;                  /**< an fi_ingest_policy; default FI_INGEST_STRICT */
	fi_progress_cb progress_cb;  /**< optional */
	void *progress_payload;
	fi_reject_cb reject_cb;      /**< optional; sees every rejected row */
	void *reject_payload;
	size_t max_rejects_kept;     /**< rejects kept in the report and the store; default 1000 */
	size_t max_field_bytes;      /**< longest field accepted; a longer one fails the file; default 1 MiB */
} fi_ingest_params;

#define FI_INGEST_PARAMS_VERSION 1
#define FI_INGEST_PARAMS_INIT { FI_INGEST_PARAMS_VERSION, FI_INGEST_STRICT, NULL, NULL, NULL, NULL, 1000, 1048576 }

/**
 * Fill @p opts with defaults.
 * @return FI_OK, or FI_EINVALID for NULL or an unknown @p version.
 * @since 0.2 (fi_ingest_options_init() in 0.1)
 */
FI_API int fi_ingest_params_init(fi_ingest_params *opts, unsigned int version);

/* The 0.1 names of the above (0.2 calls every parameter struct _params). Kept so that 0.1 code
 * builds and links unchanged; new code uses the names above. */
/** The 0.1 name of fi_ingest_params. @note Deprecated since 0.2. */
typedef fi_ingest_params fi_ingest_options;
#define FI_INGEST_OPTIONS_VERSION FI_INGEST_PARAMS_VERSION
#define FI_INGEST_OPTIONS_INIT FI_INGEST_PARAMS_INIT
/**
 * The 0.1 name of fi_ingest_params_init(), which it calls.
 * @note Deprecated since 0.2.
 * @since 0.1
 */
FI_API int fi_ingest_options_init(fi_ingest_options *opts, unsigned int version);

/** The record of one import. Opaque. */
typedef struct fi_import_report fi_import_report;

/**
 * Import the export at @p path. A pipe, FIFO or /dev/stdin works too: it is read once and hashed
 * while it is parsed (so the same-bytes shortcut cannot answer before reading it).
 * @param opts  NULL for defaults (strict).
 * @param[out] out  the import record, set whenever one was written to the store — on success and
 *                  on a strict refusal — and NULL otherwise; caller frees with fi_import_report_free().
 * @return FI_OK (also when nothing was new); FI_EPARSE when the file was refused (strict policy with
 *         rejected rows, a missing required column, not UTF-8 text, a field over the size limit) —
 *         fi_error_last() names file, line, column; FI_EIO when the file cannot be read; FI_EBUSY when
 *         another writer holds the store too long; FI_EUSER when a callback cancelled.
 *         Whatever the result, the store's data is either unchanged or has all of the file's
 *         accepted rows.
 * @since 0.1
 */
FI_API int fi_ingest_file(fi_store *store, const char *path, const fi_ingest_params *opts,
			  fi_import_report **out);

/**
 * Import an export held in memory; @p name is what errors and the import record call it.
 * Same contract as fi_ingest_file().
 * @since 0.1
 */
FI_API int fi_ingest_buffer(fi_store *store, const void *data, size_t size, const char *name,
			    const fi_ingest_params *opts, fi_import_report **out);

/** Release a report. Accepts NULL. @since 0.1 */
FI_API void fi_import_report_free(fi_import_report *report);

/** @name Import record fields (all borrowed from the report)
 * @{ */
/** The import's id in the store's import log. */
FI_API int64_t fi_import_report_id(const fi_import_report *report);
/** The file as given to the import (the name given to fi_ingest_buffer()). */
FI_API const char *fi_import_report_path(const fi_import_report *report);
/** Size of the file in bytes. */
FI_API uint64_t fi_import_report_size(const fi_import_report *report);
/** Lower-case hex SHA-256 of the file's bytes. */
FI_API const char *fi_import_report_sha256(const fi_import_report *report);
/** When the import started: UTC, ISO 8601 ("2025-10-07T18:04:11.123Z"). */
FI_API const char *fi_import_report_started_at(const fi_import_report *report);
/** When it finished, in the same form. */
FI_API const char *fi_import_report_finished_at(const fi_import_report *report);
/** The fi_ingest_policy it ran under. */
FI_API int fi_import_report_policy(const fi_import_report *report);
/** Its outcome, an fi_import_status. */
FI_API int fi_import_report_status(const fi_import_report *report);
/** Data rows read (0 when the same bytes had been imported before and the file was not read). */
FI_API int64_t fi_import_report_rows_read(const fi_import_report *report);
/** Rows written to the store: new workouts. */
FI_API int64_t fi_import_report_rows_added(const fi_import_report *report);
/** Rows whose workout id was already in the store or earlier in the file. */
FI_API int64_t fi_import_report_rows_duplicate(const fi_import_report *report);
/** Rows rejected (all of them, also beyond the max_rejects_kept the report keeps). */
FI_API int64_t fi_import_report_rows_rejected(const fi_import_report *report);
/** The import whose file had the same bytes, or 0. */
FI_API int64_t fi_import_report_same_as(const fi_import_report *report);
/** One sentence on the outcome ("1,204 rows added, 3 duplicates."), or why it was refused. */
FI_API const char *fi_import_report_message(const fi_import_report *report);
/** Data-quality summary as a JSON object: empty cells per column, values beyond the sanity bounds,
 *  unknown activity types, ignored columns, units. */
FI_API const char *fi_import_report_quality_json(const fi_import_report *report);
/** @} */

/**
 * The ids of the workouts this import added, ascending.
 * The report holds them packed (a few bytes an id); the first call makes the array (8 bytes an id),
 * so make it from one thread at a time. The JSON of fi_import_report_to_json() does not need it.
 * @param[out] count  number of ids (0 also when the memory for the array ran out).
 * @return borrowed array (NULL when @p count is 0).
 * @since 0.1
 */
FI_API const int64_t *fi_import_report_new_ids(const fi_import_report *report, size_t *count);

/** Number of rejected rows kept in the report (at most max_rejects_kept). @since 0.1 */
FI_API size_t fi_import_report_reject_count(const fi_import_report *report);

/** The @p i-th kept reject, in file order; NULL when out of range. Borrowed. @since 0.1 */
FI_API const fi_reject *fi_import_report_reject(const fi_import_report *report, size_t i);

/**
 * The whole record as one JSON object (the `--json` output and the notification hook's input).
 * @param[out] out  caller frees with fi_free().
 * @return FI_OK or FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_import_report_to_json(const fi_import_report *report, char **out);

/** Static name of a status ("success", "no_new_rows", "rejected", "failed"). @since 0.1 */
FI_API const char *fi_import_status_name(int status);

/** Static name of a reject reason ("bad_date", ...). @since 0.1 */
FI_API const char *fi_reject_reason_name(int reason);

/** The import records of a store, newest first. Opaque. */
typedef struct fi_import_list fi_import_list;

/**
 * Load every import record.
 * @param[out] out  caller frees with fi_import_list_free().
 * @return FI_OK or FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_store_imports(fi_store *store, fi_import_list **out);
/** Number of import records in the list. @since 0.1 */
FI_API size_t fi_import_list_count(const fi_import_list *list);
/** Record @p i, newest first. Borrowed; valid until the list is freed. NULL when out of range. @since 0.1 */
FI_API const fi_import_report *fi_import_list_at(const fi_import_list *list, size_t i);
/** Release a list and its records. Accepts NULL. @since 0.1 */
FI_API void fi_import_list_free(fi_import_list *list);

/**
 * Load one import record by id.
 * @return FI_OK, FI_ENOTFOUND or FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_store_import_get(fi_store *store, int64_t id, fi_import_report **out);

/**
 * Parse a date in any form an export uses ("Oct. 7, 2025", "Sept 14, 2025", "March 3, 2025",
 * "2025-10-07", "31-Jul-2024", "31-Jul-24") and check it is in the calendar, years 1900–2199.
 * @param text  the text; need not be NUL-terminated.
 * @param[out] iso  "YYYY-MM-DD" plus NUL.
 * @return FI_OK, or FI_EPARSE (unparseable) / FI_EINVALID (impossible date); no error is recorded,
 *         this is a predicate.
 * @since 0.1
 */
FI_API int fi_date_parse(const char *text, size_t len, char iso[11]);

FI_END_DECLS

#endif
