/**
 * @file fitintel/export.h
 * @brief Everything the user owns leaves in documented formats (SPEC §11): workouts with their
 *        labels, corrections, eras, models, import records and the briefing as CSV or JSON, and a
 *        full JSON archive of the store that fi_archive_import() turns back into the same store.
 *
 * CSV is RFC 4180 (a header row, CRLF line ends, quoted cells where needed); a text cell that
 * starts with = + - @ (or a tab or CR) and is not a plain number gets a leading ' so that a
 * spreadsheet shows it instead of running it. JSON is valid for any text (control characters are
 * escaped). Numbers are written in their shortest exact form; reals always with a '.' or an
 * exponent. Query results are exported with fi_sql_result_to_csv() / fi_sql_result_to_json().
 *
 * Formats, by kind (JSON is an array of objects unless said otherwise):
 * - workouts: every stored column of each workout (id, workout_date, date_submitted,
 *   activity_type, calories, distance_mi, duration_s, avg_pace, max_pace, avg_speed, max_speed,
 *   avg_heart_rate, steps, notes, source, link, import_id) and its classification (label, method,
 *   confidence, model_id, cluster; NULL when unclassified), oldest first.
 * - corrections: id, workout_id, old_label, new_label (NULL: undone), note, created_at.
 * - eras: id, start_date, name, label_before, label_after, created_at.
 * - models: each stored column of the models table, plus "feature_scaling" (idx, name, mean,
 *   scale, weight per feature) and "clusters" (cluster, label, size, centroids, spreads and the
 *   pace/distance/duration ranges per cluster) — nested arrays in JSON, JSON text in CSV.
 * - imports: JSON: the records as fi_import_report_to_json() writes them, oldest first; CSV: the
 *   columns of the imports log.
 * - brief: JSON: as fi_brief_render(FI_BRIEF_JSON); CSV: one row per insight and recommendation
 *   (section, kind, severity, title, text, method, evidence).
 * - archive (JSON only): {"format":"fitintel-archive","archive_version":1,"schema_version":N,
 *   "library":"x.y.z","created_at":"...","tables":[{"name","columns":[...],"rows":[[...]]}]} with
 *   every row of every table; integers and reals keep their storage type, a blob is
 *   {"blob":"<hex>"}, text that is not UTF-8 is {"text_hex":"<hex>"}, an infinite real is 1e999.
 */
#ifndef FITINTEL_EXPORT_H
#define FITINTEL_EXPORT_H

#include "fitintel/brief.h"
#include "fitintel/common.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/** What to export. Numbered by hand; never renumbered. */
typedef enum fi_export_kind {
	FI_EXPORT_WORKOUTS = 1,     /**< every stored column of each workout and its classification */
	FI_EXPORT_CORRECTIONS = 2,  /**< the history of corrections */
	FI_EXPORT_ERAS = 3,         /**< the eras */
	FI_EXPORT_MODELS = 4,       /**< the classifier models with their scaling and clusters */
	FI_EXPORT_IMPORTS = 5,      /**< the import log */
	FI_EXPORT_BRIEF = 6,        /**< the briefing of a period */
	FI_EXPORT_ARCHIVE = 7       /**< the whole store, JSON only (fi_archive_import() reads it back) */
} fi_export_kind;

/** How to write it. */
typedef enum fi_export_format {
	FI_EXPORT_CSV = 1,   /**< RFC 4180 CSV with a header row */
	FI_EXPORT_JSON = 2   /**< JSON, an array of objects for most kinds */
} fi_export_format;

/** Static name of a kind ("workouts", "corrections", "eras", "models", "imports", "brief",
 *  "archive"); NULL when unknown. @since 0.1 */
FI_API const char *fi_export_kind_name(int kind);

/** The kind called @p name. @return FI_OK or FI_EINVALID naming the kinds. @since 0.1 */
FI_API int fi_export_kind_parse(const char *name, int *kind);

/** Static name of a format ("csv", "json"); NULL when unknown. @since 0.1 */
FI_API const char *fi_export_format_name(int format);

/** The format called @p name. @return FI_OK or FI_EINVALID. @since 0.1 */
FI_API int fi_export_format_parse(const char *name, int *format);

/** What and how. Initialise with FI_EXPORT_PARAMS_INIT or fi_export_params_init(). */
typedef struct fi_export_params {
	unsigned int version;              /**< FI_EXPORT_PARAMS_VERSION */
	int kind;                          /**< fi_export_kind; default FI_EXPORT_WORKOUTS */
	int format;                        /**< fi_export_format; default FI_EXPORT_CSV */
	const fi_workout_filter *filter;   /**< workouts: which ones and in what order; NULL: all */
	const fi_brief_params *brief;      /**< brief: the period; NULL: defaults */
} fi_export_params;

#define FI_EXPORT_PARAMS_VERSION 1
#define FI_EXPORT_PARAMS_INIT { FI_EXPORT_PARAMS_VERSION, FI_EXPORT_WORKOUTS, FI_EXPORT_CSV, NULL, NULL }

/** Fill @p p with defaults. @return FI_OK or FI_EINVALID. @since 0.1 */
FI_API int fi_export_params_init(fi_export_params *p, unsigned int version);

/** Receives the export in pieces, in order; non-zero stops it (FI_EUSER). */
typedef int (*fi_export_write_fn)(const char *data, size_t len, void *payload);

/**
 * Export, streaming: @p write receives the bytes in pieces of about 256 KiB. The store is read
 * in one read transaction, so the export is a consistent snapshot even while an import runs.
 * @param params  NULL: workouts as CSV.
 * @return FI_OK; FI_EINVALID for an unknown kind or format, CSV for the archive, or a bad filter
 *         or brief period; FI_EUSER when @p write stopped it; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_export_write(fi_store *store, const fi_export_params *params, fi_export_write_fn write,
			   void *payload);

/**
 * Export to the file @p path, replaced whole: written beside it under a temporary name, synced,
 * then renamed over it, so a reader never sees half an export (and a failure leaves no file).
 * The file is created with mode 0600: it holds personal data.
 * @return as fi_export_write(), and FI_EIO when the file cannot be written.
 * @since 0.1
 */
FI_API int fi_export_file(fi_store *store, const fi_export_params *params, const char *path);

/**
 * Export into memory.
 * @param[out] out  the text, NUL-terminated; caller frees with fi_free().
 * @param[out] len  its length in bytes (may be NULL). A CSV cell keeps a NUL byte of the stored
 *                  text, so a CSV export may hold NUL bytes before its end.
 * @return as fi_export_write().
 * @since 0.1
 */
FI_API int fi_export_string(fi_store *store, const fi_export_params *params, char **out, size_t *len);

/**
 * Import a JSON archive (FI_EXPORT_ARCHIVE) into an empty store, in one transaction: every row
 * of every table comes back with the same values and storage types. Nothing is written when any
 * of it fails.
 * @param[out] rows  the rows written (may be NULL).
 * @return FI_OK; FI_EINVALID when the store is not empty (no table may hold a row); FI_EPARSE for
 *         a file that is not a fitintel archive or is malformed (fi_error_last() gives the line
 *         and column); FI_EVERSION for an archive of a newer schema; FI_EIO; FI_EREADONLY;
 *         FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_archive_import(fi_store *store, const char *path, int64_t *rows);

FI_END_DECLS

#endif
