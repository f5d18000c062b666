/**
 * @file fitintel/frame.h
 * @brief A frame: the numeric columns of a store's workouts, loaded once into memory for the
 *        analyses (and for numpy/pandas, which copy whole columns without a Python object per row).
 *
 * Rows are in date order, then id. Missing numbers are NaN. Derived columns: the day number
 * (days since 1970-01-01) and cadence (steps per minute, NaN without steps or a positive duration).
 */
#ifndef FITINTEL_FRAME_H
#define FITINTEL_FRAME_H

#include "fitintel/common.h"
#include "fitintel/label.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/** The numeric columns of a frame. Numbered by hand; never renumbered. */
typedef enum fi_column {
	FI_COLUMN_CALORIES = 1,      /**< kcal */
	FI_COLUMN_DISTANCE = 2,      /**< miles */
	FI_COLUMN_DURATION = 3,      /**< seconds */
	FI_COLUMN_AVG_PACE = 4,      /**< min/mi */
	FI_COLUMN_MAX_PACE = 5,      /**< min/mi, the fastest moment */
	FI_COLUMN_AVG_SPEED = 6,     /**< mi/h */
	FI_COLUMN_MAX_SPEED = 7,     /**< mi/h */
	FI_COLUMN_HEART_RATE = 8,    /**< average heart rate, beats per minute */
	FI_COLUMN_STEPS = 9,         /**< steps of the workout */
	FI_COLUMN_CADENCE = 10,      /**< steps per minute (derived) */
	FI_COLUMN_DAY = 11,          /**< days since 1970-01-01 of the Workout Date (derived) */
	FI_COLUMN_CONFIDENCE = 12    /**< confidence of the stored classification (NaN if none) */
} fi_column;

/** Static name of a column ("distance_mi"), NULL for an unknown one. @since 0.1 */
FI_API const char *fi_column_name(int column);

/** Columns loaded from a store. Opaque; immutable once loaded. */
typedef struct fi_frame fi_frame;

/**
 * Load the workouts matching @p filter (NULL: all).
 * @param[out] out  caller frees with fi_frame_free().
 * @return FI_OK; FI_EINVALID for a bad date in the filter; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_frame_load(fi_store *store, const fi_workout_filter *filter, fi_frame **out);

/** Text columns, loaded only by fi_frame_load_text(). Numbered by hand; never renumbered. */
typedef enum fi_text_column {
	FI_TEXT_ACTIVITY_TYPE = 1,   /**< the export's Activity Type, verbatim */
	FI_TEXT_NOTES = 2            /**< the export's Notes, verbatim */
} fi_text_column;

/**
 * As fi_frame_load(), plus the text columns (activity type and notes) — for tables that show
 * them; the numeric analyses do not need them. Both are cut from the store's whole frame, which
 * a handle keeps while the data stands and a new process reads from the frame snapshot beside
 * the store ("<store>-frame", README "The store").
 * @return as fi_frame_load().
 * @since 0.1
 */
FI_API int fi_frame_load_text(fi_store *store, const fi_workout_filter *filter, fi_frame **out);

/** Release a frame. Accepts NULL. @since 0.1 */
FI_API void fi_frame_free(fi_frame *frame);

/** Text of @p row in text column @p column (fi_text_column), up to its first NUL byte if it has
 *  one; NULL when the cell is empty, the frame has no text, or out of range. Borrowed: valid
 *  until fi_frame_free(). @since 0.1 */
FI_API const char *fi_frame_text(const fi_frame *frame, int column, size_t row);

/**
 * A text column as a JSON array of strings (null for empty cells), one per row in frame order —
 * the bulk path for bindings.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID for an unknown column or a frame loaded without text; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_frame_text_to_json(const fi_frame *frame, int column, char **json);

/** Number of rows. @since 0.1 */
FI_API size_t fi_frame_rows(const fi_frame *frame);

/**
 * Copy a numeric column into @p out, which holds @p n = fi_frame_rows() values.
 * @return FI_OK; FI_EINVALID for an unknown column or a wrong @p n.
 * @since 0.1
 */
FI_API int fi_frame_column(const fi_frame *frame, int column, double *out, size_t n);

/** Copy the workout ids (n = fi_frame_rows()). @since 0.1 */
FI_API int fi_frame_ids(const fi_frame *frame, int64_t *out, size_t n);

/** Copy the day numbers (n = fi_frame_rows()), ascending. @since 0.1 */
FI_API int fi_frame_days(const fi_frame *frame, int32_t *out, size_t n);

/** Copy the stored label of every row (fi_label; FI_LABEL_UNKNOWN when unclassified). @since 0.1 */
FI_API int fi_frame_labels(const fi_frame *frame, int32_t *out, size_t n);

/** Copy the method that decided every row's label (fi_method). @since 0.1 */
FI_API int fi_frame_methods(const fi_frame *frame, int32_t *out, size_t n);

FI_END_DECLS

#endif
