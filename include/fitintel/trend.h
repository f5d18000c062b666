/**
 * @file fitintel/trend.h
 * @brief Trends, forecasts and personal records over a store's workouts (SPEC §5).
 *
 * Every regression is on time: x is the day number (days since 1970-01-01) of each point, points
 * in ascending date order. A point is one workout's value, or one week or month of workouts
 * (fitintel/metric.h: fi_period, fi_statistic). Workouts labelled outlier are left out unless
 * asked for; missing values (NaN) are skipped. Too little data is a result with status
 * FI_ANALYSIS_INSUFFICIENT_DATA and a reason, not an error.
 */
#ifndef FITINTEL_TREND_H
#define FITINTEL_TREND_H

#include "fitintel/common.h"
#include "fitintel/metric.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/* ------------------------------------------------------------------ trends */

/** Direction of a trend, judged by whether the metric gets better (for paces, lower is better). */
typedef enum fi_trend_direction {
	FI_TREND_DECLINING = -1,  /**< the metric gets worse: the interval lies on the bad side of 0 */
	FI_TREND_STABLE = 0,      /**< the slope's confidence interval contains 0 */
	FI_TREND_IMPROVING = 1    /**< the metric gets better: the interval lies on the good side of 0 */
} fi_trend_direction;

/** Days in the average month: slopes per month are slopes per day × 30.44. */
#define FI_TREND_DAYS_PER_MONTH 30.44

/** Parameters. Initialise with FI_TREND_PARAMS_INIT or fi_trend_params_init(). */
typedef struct fi_trend_params {
	unsigned int version;       /**< FI_TREND_PARAMS_VERSION */
	int metric;                 /**< fi_column of a metric; default FI_COLUMN_AVG_PACE; ignored
	                                 for FI_STATISTIC_COUNT */
	int per;                    /**< fi_period; default FI_PERIOD_WORKOUT */
	int statistic;              /**< fi_statistic of a period; default FI_STATISTIC_MEAN (per
	                                 workout: the value itself; COUNT needs a period) */
	double confidence;          /**< of the slope's interval, in (0, 1); default 0.95 */
	int include_outliers;       /**< non-zero: keep workouts labelled outlier; default 0 */
	size_t plateau_window;      /**< points in the trailing mean of a plateau; default 7 */
	double plateau_tolerance;   /**< relative change allowed within a plateau; default 0.05 */
	size_t plateau_min_length;  /**< fewest points of a plateau; default 14 */
	size_t mk_max_points;       /**< Mann–Kendall is O(n²) in time and memory: above this many
	                                 points it is skipped (with a note); default 4000 */
} fi_trend_params;

#define FI_TREND_PARAMS_VERSION 1
#define FI_TREND_PARAMS_INIT \
	{ FI_TREND_PARAMS_VERSION, FI_COLUMN_AVG_PACE, FI_PERIOD_WORKOUT, FI_STATISTIC_MEAN, 0.95, 0, 7, 0.05, 14, 4000 }

/** Fill @p p with defaults. @return FI_OK; FI_EINVALID for NULL or an unknown version. @since 0.1 */
FI_API int fi_trend_params_init(fi_trend_params *p, unsigned int version);

/** The figures of a trend. Frozen: new figures come as new functions. Slopes are in the metric's
 *  unit (workouts for counts) per day, or per month (× FI_TREND_DAYS_PER_MONTH). */
typedef struct fi_trend_summary {
	int status;                  /**< FI_ANALYSIS_OK or FI_ANALYSIS_INSUFFICIENT_DATA (fewer than 3
	                                  points, or all on one day); the figures below are NaN then */
	int metric, per, statistic;  /**< as analysed (metric 0 for counts) */
	size_t n;                    /**< points */
	int32_t first_day, last_day; /**< of the first and last point (0 when n = 0) */
	/* ordinary least squares of value on day (scipy.stats.linregress) */
	double slope_per_day, slope_per_month;
	double intercept;            /**< at day 0 (1970-01-01) */
	double r2, p_value;          /**< p: two-sided, H0 slope = 0 */
	double confidence;
	double slope_low, slope_high;/**< confidence interval of the slope per day (Student t) */
	double fitted_first, fitted_last; /**< the line at first_day and last_day */
	int direction;               /**< fi_trend_direction */
	double change_pct_per_month; /**< improvement rate: 100 · slope_per_month / fitted_first;
	                                  NaN unless fitted_first > 0 */
	double improvement_pct_per_month; /**< the same, positive when the metric gets better */
	/* robust check: Mann–Kendall with Sen's slope (scipy.stats.theilslopes) */
	int mk_computed;             /**< 0 when skipped (status, or above mk_max_points) */
	double mk_s, mk_z, mk_p_value, mk_tau;
	double sen_slope_per_day, sen_intercept;
	int mk_direction;            /**< fi_trend_direction of S at 1 − confidence */
} fi_trend_summary;

/**
 * A plateau: a maximal run of at least plateau_min_length consecutive points whose trailing mean
 * stays within plateau_tolerance of the trailing mean where the run starts. Precisely: with
 * m_i = mean(y[i−w+1..i]) for i ≥ w−1 (w = plateau_window), a run starts at s = w−1 with anchor
 * m_s and takes each next point e while |m_e − m_s| < tolerance · |m_s|; the first point that
 * breaks it starts the next run. Runs of at least min_length points are plateaus. Frozen.
 */
typedef struct fi_plateau {
	size_t first, last;          /**< point indices (fi_trend_report_points()), inclusive */
	int32_t first_day, last_day;
	int64_t first_workout_id, last_workout_id; /**< per workout; 0 for periods */
	size_t length;               /**< last − first + 1 */
	double level;                /**< the anchor: trailing mean at the first point */
	double mean;                 /**< mean of the run's values y[first..last] */
} fi_plateau;

/** A trend. Opaque. */
typedef struct fi_trend_report fi_trend_report;

/**
 * Trend of a metric over the workouts matching @p filter (NULL: all; its label gives a trend per
 * label, e.g. the pace of runs).
 * @param params  NULL: defaults (pace per workout).
 * @param[out] out  caller frees with fi_trend_report_free().
 * @return FI_OK (also for too little data); FI_EINVALID for NULL store/out, a bad filter, version,
 *         metric, period or statistic, COUNT per workout, a confidence outside (0, 1), a plateau
 *         window < 1, a negative tolerance; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_trend_analyze(fi_store *store, const fi_workout_filter *filter,
			    const fi_trend_params *params, fi_trend_report **out);

/** Release a trend. Accepts NULL. @since 0.1 */
FI_API void fi_trend_report_free(fi_trend_report *report);

/** The figures; borrowed. NULL for a NULL report. @since 0.1 */
FI_API const fi_trend_summary *fi_trend_report_summary(const fi_trend_report *report);

/** Why the status is not ok ("" when ok); borrowed. @since 0.1 */
FI_API const char *fi_trend_report_reason(const fi_trend_report *report);

/**
 * The fitted line at @p day (days since 1970-01-01) with its confidence band at the report's
 * confidence — the interval of the mean value on that day, ŷ ± t·s·sqrt(1/n + (x − x̄)²/Sxx)
 * (statsmodels' `get_prediction().conf_int()`), narrowest at the mean day.
 * @return FI_OK; FI_EINVALID when the trend has no line (status not FI_ANALYSIS_OK) or NULL outputs.
 * @since 0.1
 */
FI_API int fi_trend_report_band(const fi_trend_report *report, int32_t day, double *fitted,
				double *low, double *high);

/**
 * The points regressed: day numbers and values (borrowed, n entries each).
 * @return n.
 * @since 0.1
 */
FI_API size_t fi_trend_report_points(const fi_trend_report *report, const int32_t **days,
				     const double **values);

/** The plateaus in date order; borrowed, NULL when none. @since 0.1 */
FI_API const fi_plateau *fi_trend_report_plateaus(const fi_trend_report *report, size_t *count);

/**
 * The trend as JSON: metric, unit, better ("lower"/"higher"), per, statistic, status, reason, n,
 * first/last date, "ols" {...}, direction, change and improvement % per month, "mann_kendall"
 * {...} or null with "mann_kendall_note", "plateaus" {...}, "band" [{date, fitted, low, high}] (the
 * confidence band of fi_trend_report_band() at 64 days from the first to the last point; empty
 * without a line), and "points" [{date, value, count}] for weekly and monthly series only (per
 * workout they are the workouts themselves).
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_trend_report_to_json(const fi_trend_report *report, char **json);

/** Static name ("improving", "stable", "declining"); NULL when out of range. @since 0.1 */
FI_API const char *fi_trend_direction_name(int direction);

/* --------------------------------------------------------------- forecasts */

/** Parameters. Initialise with FI_FORECAST_PARAMS_INIT or fi_forecast_params_init(). */
typedef struct fi_forecast_params {
	unsigned int version;      /**< FI_FORECAST_PARAMS_VERSION */
	int statistic;             /**< fi_statistic; default FI_STATISTIC_COUNT */
	int metric;                /**< fi_column for SUM and MEAN; default FI_COLUMN_DISTANCE */
	int per;                   /**< FI_PERIOD_WEEK (default) or FI_PERIOD_MONTH */
	size_t horizon;            /**< periods ahead, 1–1000; default 4 */
	double confidence;         /**< of the prediction intervals, in (0, 1); default 0.95 */
	int include_outliers;      /**< non-zero: keep workouts labelled outlier; default 0 */
} fi_forecast_params;

#define FI_FORECAST_PARAMS_VERSION 1
#define FI_FORECAST_PARAMS_INIT \
	{ FI_FORECAST_PARAMS_VERSION, FI_STATISTIC_COUNT, FI_COLUMN_DISTANCE, FI_PERIOD_WEEK, 4, 0.95, 0 }

/** Fill @p p with defaults. @return FI_OK; FI_EINVALID for NULL or an unknown version. @since 0.1 */
FI_API int fi_forecast_params_init(fi_forecast_params *p, unsigned int version);

/** The figures of a forecast. Frozen. */
typedef struct fi_forecast_summary {
	int status;                /**< FI_ANALYSIS_OK, or INSUFFICIENT_DATA below 3 periods */
	int statistic, metric, per;
	size_t periods;            /**< points of the history */
	size_t horizon;            /**< steps forecast (0 unless ok) */
	double confidence;
	double linear_rmse;        /**< in-sample RMSE of the linear trend */
	double holt_alpha, holt_beta; /**< fitted by fi_forecast_holt_fit() */
	double holt_rmse;          /**< in-sample one-step RMSE of Holt's method */
} fi_forecast_summary;

/** One forecast period. Frozen. */
typedef struct fi_forecast_step {
	int32_t day;               /**< first day of the period */
	double linear, low, high;  /**< linear trend and its prediction interval */
	double holt;               /**< Holt's linear exponential smoothing */
} fi_forecast_step;

/** A forecast. Opaque. */
typedef struct fi_forecast_report fi_forecast_report;

/**
 * Forecast a weekly or monthly series of the workouts matching @p filter: the history runs from
 * the first to the last workout's period; a period without workouts counts 0 for counts and sums
 * and is left out for means (the remaining periods are then taken as consecutive). The steps are
 * the @c horizon calendar periods after the last one.
 * @param params  NULL: defaults (weekly workout counts, 4 weeks ahead).
 * @param[out] out  caller frees with fi_forecast_report_free().
 * @return FI_OK (also for too little data); FI_EINVALID for NULL store/out, a bad filter, version,
 *         statistic, metric or period (per workout is not a series), a horizon outside 1–1000, a
 *         confidence outside (0, 1); FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_forecast_series(fi_store *store, const fi_workout_filter *filter,
			      const fi_forecast_params *params, fi_forecast_report **out);

/** Release a forecast. Accepts NULL. @since 0.1 */
FI_API void fi_forecast_report_free(fi_forecast_report *report);

/** The figures; borrowed. @since 0.1 */
FI_API const fi_forecast_summary *fi_forecast_report_summary(const fi_forecast_report *report);

/** Why the status is not ok ("" when ok); borrowed. @since 0.1 */
FI_API const char *fi_forecast_report_reason(const fi_forecast_report *report);

/** The history: first days of the periods and their values (borrowed). @return their number. @since 0.1 */
FI_API size_t fi_forecast_report_history(const fi_forecast_report *report, const int32_t **days,
					 const double **values);

/** The forecast periods (borrowed; NULL and 0 unless ok). @since 0.1 */
FI_API const fi_forecast_step *fi_forecast_report_steps(const fi_forecast_report *report,
							size_t *count);

/**
 * The forecast as JSON: series, per, status, reason, "history" [{date, value}], "linear"
 * {rmse, confidence}, "holt" {alpha, beta, rmse}, "forecast" [{date, linear, low, high, holt}].
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_forecast_report_to_json(const fi_forecast_report *report, char **json);

/* ----------------------------------------------------------------- records */

/** Personal records. Numbered by hand; never renumbered. */
typedef enum fi_record_kind {
	FI_RECORD_FASTEST_RUN_PACE = 1,    /**< lowest pace of a real_run of at least min_run_distance */
	FI_RECORD_LONGEST_RUN = 2,         /**< longest real_run (distance) */
	FI_RECORD_LONGEST_WALK = 3,        /**< longest pup_walk (distance) */
	FI_RECORD_MOST_WORKOUTS_WEEK = 4,  /**< most workouts in an ISO week (Monday–Sunday) */
	FI_RECORD_MOST_WORKOUTS_MONTH = 5  /**< most workouts in a calendar month */
} fi_record_kind;

#define FI_RECORD_KIND_COUNT 5

/** Parameters. Initialise with FI_RECORDS_PARAMS_INIT, fi_records_params_init() or
 *  fi_records_params_load(). */
typedef struct fi_records_params {
	unsigned int version;      /**< FI_RECORDS_PARAMS_VERSION */
	double min_run_distance;   /**< miles; default 1 (store key records.min_run_distance) */
} fi_records_params;

#define FI_RECORDS_PARAMS_VERSION 1
#define FI_RECORDS_PARAMS_INIT { FI_RECORDS_PARAMS_VERSION, 1.0 }

/** Fill @p p with defaults. @return FI_OK; FI_EINVALID. @since 0.1 */
FI_API int fi_records_params_init(fi_records_params *p, unsigned int version);

/** Fill @p p with the store's configuration. @return FI_OK; FI_EINVALID; FI_ESTORE. @since 0.1 */
FI_API int fi_records_params_load(fi_store *store, fi_records_params *p);

/**
 * One record. Workouts labelled outlier never set records; runs and walks are the workouts
 * labelled real_run and pup_walk, so without classifications those records are not found (see
 * fi_records_report_reason()). Ties go to the earliest. Frozen.
 */
typedef struct fi_record {
	int kind;                  /**< fi_record_kind */
	int found;                 /**< 0: no workout qualifies; the other fields are 0 / NaN */
	double value;              /**< min/mi, mi, or workouts */
	int64_t workout_id;        /**< the workout that set it (week/month: the one that reached the
	                                count, i.e. the period's last) */
	int32_t day;               /**< its day number */
	int32_t period_first, period_last; /**< week/month: first and last day; else = day */
	double previous_value;     /**< the record it beat (NaN when it was the first) */
	int64_t previous_workout_id;
	int32_t previous_day;
} fi_record;

/** Personal records. Opaque. */
typedef struct fi_records_report fi_records_report;

/**
 * The personal records among the workouts matching @p filter (NULL: all).
 * @param params  NULL: the store's configuration.
 * @param[out] out  caller frees with fi_records_report_free().
 * @return FI_OK; FI_EINVALID for NULL store/out, a bad filter or version, a negative or
 *         non-finite distance; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_records_find(fi_store *store, const fi_workout_filter *filter,
			   const fi_records_params *params, fi_records_report **out);

/** Release records. Accepts NULL. @since 0.1 */
FI_API void fi_records_report_free(fi_records_report *report);

/** The record of @p kind (found or not); borrowed; NULL for an unknown kind. @since 0.1 */
FI_API const fi_record *fi_records_report_get(const fi_records_report *report, int kind);

/** Why the record of @p kind was not found ("" when found; NULL for an unknown kind). @since 0.1 */
FI_API const char *fi_records_report_reason(const fi_records_report *report, int kind);

/**
 * The records as JSON: {"min_run_distance", "records": [{kind, found, reason, value, unit,
 * workout_id, date, period_first, period_last, previous: {value, workout_id, date} | null}]}.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_records_report_to_json(const fi_records_report *report, char **json);

/** Static name ("fastest_run_pace", "longest_run", "longest_walk", "most_workouts_week",
 *  "most_workouts_month"); NULL when out of range. @since 0.1 */
FI_API const char *fi_record_kind_name(int kind);

FI_END_DECLS

#endif
