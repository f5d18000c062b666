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
#include "fitintel/store.h"
#include "fitintel/workout.h"

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

/* ---- the consistency of a store's workouts (a store operation) ---- */

/** Parameters of fi_consistency_analyze(). Initialise with FI_CONSISTENCY_ANALYSIS_PARAMS_INIT,
 *  fi_consistency_analysis_params_init() or fi_consistency_analysis_params_from_store(). */
typedef struct fi_consistency_analysis_params {
	unsigned int version;     /**< FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION */
	int window_days;          /**< days of the scored window, default 30 */
	double target_per_week;   /**< default 4 */
	int trajectory_step;      /**< days between trajectory points, default 15 */
	const char *ref_date;     /**< last day of the window (any form fi_date_parse() accepts);
	                               NULL: the day of the latest workout */
} fi_consistency_analysis_params;

#define FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION 1
#define FI_CONSISTENCY_ANALYSIS_PARAMS_INIT { FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION, 30, 4.0, 15, NULL }

/** Fill @p p with the built-in defaults. @return FI_OK; FI_EINVALID for NULL or an unknown
 *  version. @since 0.1 */
FI_API int fi_consistency_analysis_params_init(fi_consistency_analysis_params *p, unsigned int version);

/**
 * Fill @p p with the store's configuration (consistency.window_days, .target_per_week,
 * .trajectory_step), the built-in defaults where unset; ref_date NULL.
 * @return FI_OK; FI_EINVALID for NULL arguments; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_consistency_analysis_params_from_store(fi_store *store, fi_consistency_analysis_params *p);

/** Trend of the trajectory (SPEC §5): OLS of score on day and a Mann–Kendall check. Frozen. */
typedef struct fi_consistency_trend {
	int status;               /**< 0 computed; 1 fewer than 3 points; 2 every score equal (slope 0) */
	size_t n;                 /**< points */
	double slope_per_day, slope_per_month; /**< score points; a month is 30.44 days */
	double slope_month_low, slope_month_high; /**< 95% confidence interval, per month */
	double intercept;         /**< fitted score at the first point */
	double r2, p_value;       /**< of the OLS slope */
	int mk_computed;          /**< 0 with more than 1,000 points (it keeps every pairwise slope)
	                               or no spread */
	double mk_s, mk_z, mk_p_value, mk_tau;
	double sen_slope_per_month;
	int direction;            /**< 1 improving, −1 declining (OLS and Mann–Kendall both agree at
	                               p < 0.05; OLS alone without Mann–Kendall), 0 stable */
} fi_consistency_trend;

/** Figures over every workout of the selection, not only the window. Frozen. */
typedef struct fi_consistency_history {
	size_t workouts;
	int32_t first_day, last_day;   /**< of the first and last workout; 0 without workouts */
	size_t active_days;            /**< days with at least one workout */
	size_t weekday_counts[7];      /**< Monday first */
	double weekday_percent[7];     /**< 100 · count / workouts */
	int preferred[3];              /**< up to 3 weekdays (0 = Monday) with the most workouts, most
	                                    first (ties: earlier weekday first); zero counts left out */
	size_t preferred_n;
	int32_t longest_rest_days;     /**< most days without a workout between two active days */
	int32_t longest_rest_from, longest_rest_to; /**< its first and last rest day (the earliest of
	                                    equal gaps); 0 when longest_rest_days is 0 */
	double mean_rest_days;         /**< mean of the rest days between consecutive active days
	                                    (0 for consecutive days); NaN with fewer than 2 active days */
} fi_consistency_history;

/** Workouts of one calendar month. Frozen. */
typedef struct fi_consistency_month {
	int32_t day;                   /**< first day of the month */
	size_t workouts;
} fi_consistency_month;

/** The result of fi_consistency_analyze(). Opaque. */
typedef struct fi_consistency_analysis fi_consistency_analysis;

/**
 * Score the consistency of the workouts matching @p filter (NULL: all) over the window ending on
 * the reference day, and trace it through the whole selection: the trajectory has a point every
 * @c trajectory_step days aligned on the reference day, from the first workout to the later of
 * the last workout and the reference day (each point the composite of the window ending on it).
 * @param params  NULL: the store's configuration (fi_consistency_analysis_params_from_store()).
 * @param[out] out  caller frees with fi_consistency_analysis_free().
 * @return FI_OK (with no workouts: an empty score and no trajectory); FI_EINVALID for NULL
 *         store/out, a bad filter, an unknown version, window_days or trajectory_step < 1, a
 *         negative target, a ref_date that is not a date; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_consistency_analyze(fi_store *store, const fi_workout_filter *filter,
				  const fi_consistency_analysis_params *params, fi_consistency_analysis **out);

/** Release an analysis. Accepts NULL. @since 0.1 */
FI_API void fi_consistency_analysis_free(fi_consistency_analysis *a);

/** The reference day ("YYYY-MM-DD"; "" when there was none: no workouts and no ref_date).
 *  Borrowed. @since 0.1 */
FI_API const char *fi_consistency_analysis_ref_date(const fi_consistency_analysis *a);

/** The window's score, components and inputs (fi_consistency_score()). Borrowed. @since 0.1 */
FI_API const fi_consistency *fi_consistency_analysis_score(const fi_consistency_analysis *a);

/**
 * The trajectory: @p days (days since 1970-01-01, ascending) and their composite @p scores.
 * Each out-parameter may be NULL; the arrays are borrowed (NULL when empty).
 * @return the number of points.
 * @since 0.1
 */
FI_API size_t fi_consistency_analysis_trajectory(const fi_consistency_analysis *a, const int32_t **days,
						 const double **scores);

/** The trend of the trajectory. Borrowed. @since 0.1 */
FI_API const fi_consistency_trend *fi_consistency_analysis_trend(const fi_consistency_analysis *a);

/** Weekdays, rest gaps and counts over the whole selection. Borrowed. @since 0.1 */
FI_API const fi_consistency_history *fi_consistency_analysis_history(const fi_consistency_analysis *a);

/**
 * Workouts per calendar month, every month from the first to the last workout (zeros included).
 * @param[out] count  number of months.
 * @return a borrowed array, NULL when empty.
 * @since 0.1
 */
FI_API const fi_consistency_month *fi_consistency_analysis_months(const fi_consistency_analysis *a,
								  size_t *count);

/** One plain-language sentence with the score and what it came from. Borrowed. @since 0.1 */
FI_API const char *fi_consistency_analysis_summary(const fi_consistency_analysis *a);

/**
 * The analysis as JSON: {"ref_date", "window", "target_per_week", "score", "empty", "components",
 * "inputs", "streaks", "trajectory": {"step_days", "points": [{"date", "score"}], "trend"},
 * "history": {"workouts", "first_date", "last_date", "active_days", "weekdays", "preferred_days",
 * "months", "longest_rest", "mean_rest_days"}, "summary"}; non-finite numbers are null.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_consistency_analysis_to_json(const fi_consistency_analysis *a, char **json);

/** Static English name of weekday @p day (0 = "Monday" … 6 = "Sunday"); NULL out of range.
 *  @since 0.1 */
FI_API const char *fi_consistency_weekday_name(int day);

FI_END_DECLS

#endif
