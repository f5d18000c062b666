/**
 * @file fitintel/consistency.h
 * @brief The consistency score (SPEC §4) as a kernel over workout days and metrics.
 *
 * Days are day numbers (days since 1970-01-01). The window is the @c window_days days that end on
 * the reference day, both ends included. Four components, each 0–100: frequency, timing,
 * performance, streak; composite = 0.4·frequency + 0.2·timing + 0.2·performance + 0.2·streak.
 * Coefficients of variation (CV) use the population standard deviation.
 */
#ifndef FITINTEL_CONSISTENCY_H
#define FITINTEL_CONSISTENCY_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** Parameters. Initialise with FI_CONSISTENCY_PARAMS_INIT or fi_consistency_params_init(). */
typedef struct fi_consistency_params {
	unsigned int version;     /**< FI_CONSISTENCY_PARAMS_VERSION */
	int window_days;          /**< default 30 */
	double target_per_week;   /**< default 4 */
} fi_consistency_params;

#define FI_CONSISTENCY_PARAMS_VERSION 1
#define FI_CONSISTENCY_PARAMS_INIT { FI_CONSISTENCY_PARAMS_VERSION, 30, 4.0 }

/** Fill @p p with defaults. @since 0.1 */
FI_API int fi_consistency_params_init(fi_consistency_params *p, unsigned int version);

/** The score, its components and the inputs they came from. Frozen. */
typedef struct fi_consistency {
	double score;             /**< composite, 0–100 */
	double frequency, timing, performance, streak;
	int empty;                /**< 1 when the window holds no workout: every figure is 0 */
	size_t workouts;          /**< workouts in the window */
	int active_days;          /**< days in the window with at least one workout */
	double per_week;          /**< workouts / (window_days / 7) */
	double active_day_pct;    /**< 100 · active_days / window_days */
	int weekday_counts[7];    /**< workouts per weekday, Monday first */
	double weekday_cv;        /**< CV of weekday_counts (NaN with fewer than 5 workouts) */
	double interval_cv;       /**< CV of the gaps between consecutive active days (NaN if < 2 gaps) */
	double cv_calories, cv_distance, cv_duration; /**< NaN with fewer than 3 values */
	int current_streak;       /**< consecutive active days ending on the reference day, or on the
	                               day before when the reference day has no workout yet */
	int longest_streak;       /**< longest run of active days in the window */
	int current_week_streak;  /**< consecutive Monday–Sunday weeks with a workout, ending with the
	                               reference day's week (or the week before, if that one has none yet) */
	int longest_week_streak;  /**< within the window's weeks */
} fi_consistency;

/**
 * Score the workouts of the window ending on @p ref_day.
 * @param days  n workout days, ascending (several workouts may share a day); workouts outside the
 *              window are ignored.
 * @param calories, distance, duration  n values each, NaN when unknown; any may be NULL.
 * @param params  NULL for defaults.
 * @return FI_OK; FI_EINVALID for unsorted days, window_days < 1, a negative target.
 * @since 0.1
 */
FI_API int fi_consistency_score(const int32_t *days, const double *calories, const double *distance,
				const double *duration, size_t n, int32_t ref_day,
				const fi_consistency_params *params, fi_consistency *out);

FI_END_DECLS

#endif
