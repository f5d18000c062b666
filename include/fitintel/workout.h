/**
 * @file fitintel/workout.h
 * @brief Reading workouts back out of a store, row by row.
 *
 * Units are canonical whatever the export used: miles, seconds, minutes per mile, miles per hour.
 * Missing numbers are NaN (test with isnan()); missing text is NULL.
 */
#ifndef FITINTEL_WORKOUT_H
#define FITINTEL_WORKOUT_H

#include "fitintel/common.h"
#include "fitintel/label.h"
#include "fitintel/store.h"

FI_BEGIN_DECLS

/** One workout as stored. Borrowed from its cursor; valid until the next call on the cursor. */
typedef struct fi_workout {
	int64_t id;                  /**< MapMyRun workout id (from the Link) */
	const char *workout_date;    /**< "YYYY-MM-DD" */
	const char *date_submitted;  /**< "YYYY-MM-DD" or NULL */
	const char *activity_type;   /**< verbatim from the export, or NULL */
	double calories;             /**< kcal */
	double distance_mi;
	double duration_s;           /**< Workout Time (seconds) */
	double avg_pace;             /**< min/mi */
	double max_pace;             /**< min/mi */
	double avg_speed;            /**< mi/h */
	double max_speed;            /**< mi/h */
	double avg_heart_rate;       /**< beats per minute */
	double steps;
	const char *notes;           /**< verbatim, or NULL */
	const char *source;
	const char *link;
	int64_t import_id;           /**< the import that added the workout */
	int label;                   /**< stored classification (fi_label), FI_LABEL_UNKNOWN if none */
	int method;                  /**< how it was decided (fi_method) */
	double confidence;           /**< of the classification, NaN if none */
} fi_workout;

/** Which workouts to read. Initialise with FI_WORKOUT_FILTER_INIT or fi_workout_filter_init(). */
typedef struct fi_workout_filter {
	unsigned int version;        /**< FI_WORKOUT_FILTER_VERSION */
	const char *from;            /**< first date (any form fi_date_parse() accepts), NULL for open */
	const char *to;              /**< last date, inclusive, NULL for open */
	const char *activity_type;   /**< exact raw type, case-insensitive, NULL for all */
	int newest_first;            /**< non-zero: newest first; default oldest first */
	int label;                   /**< only workouts with this stored fi_label; -1 (default) for all */
} fi_workout_filter;

#define FI_WORKOUT_FILTER_VERSION 1
#define FI_WORKOUT_FILTER_INIT { FI_WORKOUT_FILTER_VERSION, NULL, NULL, NULL, 0, -1 }

/** Fill @p filter with defaults (everything, oldest first). @since 0.1 */
FI_API int fi_workout_filter_init(fi_workout_filter *filter, unsigned int version);

/** A position in a list of workouts. Opaque. */
typedef struct fi_workout_cursor fi_workout_cursor;

/**
 * Start reading workouts in date order (then id).
 * @param filter  NULL for every workout.
 * @param[out] out  caller frees with fi_workout_cursor_free() before closing the store.
 * @return FI_OK; FI_EINVALID for a date in the filter that does not parse; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_workouts_open(fi_store *store, const fi_workout_filter *filter,
			    fi_workout_cursor **out);

/**
 * Advance the cursor.
 * @param[out] row  the next workout, borrowed until the next call.
 * @return 1 with a row, 0 at the end, FI_ESTORE on failure.
 * @since 0.1
 */
FI_API int fi_workout_cursor_next(fi_workout_cursor *cursor, const fi_workout **row);

/** Release a cursor. Accepts NULL. @since 0.1 */
FI_API void fi_workout_cursor_free(fi_workout_cursor *cursor);

FI_END_DECLS

#endif
