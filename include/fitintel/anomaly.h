/**
 * @file fitintel/anomaly.h
 * @brief Anomaly detection over a store's workouts (SPEC §3): IQR fences, z-scores, modified
 *        z-scores and rolling z-scores of one or more metrics, optionally within one label.
 *
 * Each (metric, method) pair is a *set*: the values examined (the finite values of the metric in
 * the filtered workouts, in date order), the thresholds used, and the workouts flagged. A set
 * with fewer than @c min_values values, or whose values have no spread, flags nothing and says
 * why (fi_anomaly_summary.status and fi_anomaly_report_reason()); that is a result, not an error.
 *
 * Scores and flags:
 * - iqr: Q1, Q3 by linear interpolation (numpy's default); flagged when x < Q1 − k·IQR or
 *   x > Q3 + k·IQR. Score = (x − Q3)/IQR above, (x − Q1)/IQR below (IQRs beyond the quartile;
 *   ±infinity when IQR = 0, where the fences are the quartiles themselves).
 * - zscore: z = (x − mean)/sd with the sample sd; flagged when |z| > t.
 * - modified_zscore: M = 0.6745 (x − median)/MAD; flagged when |M| > t. When MAD = 0,
 *   M = (x − median)/(1.253314 · MeanAD) with MeanAD the mean absolute deviation from the median
 *   (fi_stats_modified_zscores()); fallback = 1 says so.
 * - rolling: z of each value against the @c rolling_window values before it, never itself
 *   (fi_stats_rolling_zscores()); no score with fewer than @c rolling_min_prior before it or no
 *   spread among them; flagged when |z| > t.
 * Direction is high (score > 0) or low. Severity compares |score| with the threshold:
 * ≥ 2× severe, ≥ 1.5× moderate, else mild (for iqr with k = 1.5: 3 IQRs beyond a quartile is
 * severe, Tukey's "far out").
 */
#ifndef FITINTEL_ANOMALY_H
#define FITINTEL_ANOMALY_H

#include "fitintel/common.h"
#include "fitintel/metric.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/** Detection methods. Numbered by hand; never renumbered. */
typedef enum fi_anomaly_method {
	FI_ANOMALY_IQR = 1,              /**< outside the fences Q1 − k·IQR … Q3 + k·IQR */
	FI_ANOMALY_ZSCORE = 2,           /**< |z| above the threshold (mean, sample sd) */
	FI_ANOMALY_MODIFIED_ZSCORE = 3,  /**< |M| above the threshold (median, MAD) */
	FI_ANOMALY_ROLLING = 4           /**< |z| against the workouts before it, never itself */
} fi_anomaly_method;

/** Direction of an anomaly. */
typedef enum fi_anomaly_direction {
	FI_ANOMALY_LOW = -1,  /**< below the usual values (score < 0) */
	FI_ANOMALY_HIGH = 1   /**< above them (score > 0) */
} fi_anomaly_direction;

/** Severity of an anomaly (see the file comment). */
typedef enum fi_anomaly_severity {
	FI_ANOMALY_MILD = 1,      /**< |score| beyond the threshold, less than 1.5 times it */
	FI_ANOMALY_MODERATE = 2,  /**< |score| at least 1.5 times the threshold */
	FI_ANOMALY_SEVERE = 3     /**< |score| at least twice the threshold */
} fi_anomaly_severity;

/** Bit of a metric column in fi_anomaly_params.metrics. */
#define FI_ANOMALY_METRIC_BIT(column) (1u << (unsigned)(column))
/** Bit of a method in fi_anomaly_params.methods. */
#define FI_ANOMALY_METHOD_BIT(method) (1u << (unsigned)(method))

/** Parameters. Initialise with FI_ANOMALY_PARAMS_INIT, fi_anomaly_params_init() or
 *  fi_anomaly_params_load(). */
typedef struct fi_anomaly_params {
	unsigned int version;      /**< FI_ANOMALY_PARAMS_VERSION */
	unsigned int metrics;      /**< FI_ANOMALY_METRIC_BIT()s of fi_column metrics; 0: pace,
	                                distance and duration */
	unsigned int methods;      /**< FI_ANOMALY_METHOD_BIT()s; 0: all four */
	double iqr_k;              /**< fence multiplier, default 1.5 */
	double zscore;             /**< |z| threshold, default 3 */
	double modified_zscore;    /**< |M| threshold, default 3.5 */
	size_t rolling_window;     /**< prior workouts, default 30 */
	double rolling_zscore;     /**< |z| threshold, default 2 */
	size_t rolling_min_prior;  /**< fewest prior workouts for a score, default 5 */
	size_t min_values;         /**< fewer values: no anomalies, default 10 */
} fi_anomaly_params;

#define FI_ANOMALY_PARAMS_VERSION 1
#define FI_ANOMALY_PARAMS_INIT { FI_ANOMALY_PARAMS_VERSION, 0u, 0u, 1.5, 3.0, 3.5, 30, 2.0, 5, 10 }

/** Fill @p p with the built-in defaults. @return FI_OK; FI_EINVALID for a NULL @p p or an unknown
 *  version. @since 0.1 */
FI_API int fi_anomaly_params_init(fi_anomaly_params *p, unsigned int version);

/**
 * Fill @p p with the store's configuration (keys anomaly.*, `fitintel config`), the built-in
 * defaults where unset; metrics and methods are 0 (the defaults).
 * @return FI_OK; FI_EINVALID for NULL arguments; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_anomaly_params_load(fi_store *store, fi_anomaly_params *p);

/** One flagged workout. Frozen. */
typedef struct fi_anomaly {
	int64_t workout_id;
	int32_t day;         /**< days since 1970-01-01 of its Workout Date */
	double value;        /**< the metric's value, in the metric's unit */
	double score;        /**< the method's score (see the file comment) */
	int direction;       /**< an fi_anomaly_direction */
	int severity;        /**< an fi_anomaly_severity */
} fi_anomaly;

/** Figures of one (metric, method) set. Frozen: new figures come as new functions. */
typedef struct fi_anomaly_summary {
	int metric;          /**< fi_column */
	int method;          /**< fi_anomaly_method */
	int status;          /**< fi_analysis_status; the reason is fi_anomaly_report_reason() */
	size_t n;            /**< values examined */
	size_t scored;       /**< values that received a score (rolling: those with enough prior
	                          values; otherwise n, or 0 when nothing was scored) */
	size_t count;        /**< values flagged */
	double percent;      /**< 100 · count / n (0 when n = 0) */
	double threshold;    /**< k (iqr) or t */
	double center;       /**< mean (zscore), median (modified_zscore); NaN otherwise */
	double spread;       /**< sd (zscore); MAD, or MeanAD when fallback (modified_zscore); IQR (iqr) */
	double q1, q3;       /**< quartiles (iqr; NaN otherwise) */
	double lower, upper; /**< fences in the metric's unit: values outside are flagged (iqr,
	                          zscore, modified_zscore; NaN for rolling) */
	int fallback;        /**< modified_zscore: 1 when MeanAD replaced a zero MAD */
	size_t window, min_prior; /**< rolling (0 otherwise) */
} fi_anomaly_summary;

/** The sets of one detection. Opaque. */
typedef struct fi_anomaly_report fi_anomaly_report;

/**
 * Detect anomalies among the workouts matching @p filter (NULL: all; its label restricts the
 * detection to one label, so a 9 min/mi walk stands out among walks).
 * @param params  NULL: the store's configuration (fi_anomaly_params_load()).
 * @param[out] out  caller frees with fi_anomaly_report_free().
 * @return FI_OK (also when sets have too few values); FI_EINVALID for NULL store/out, a bad filter,
 *         a column that is not a metric, an unknown method bit or version, a window or min_prior
 *         below 2, min_prior above the window, a negative or non-finite threshold; FI_ESTORE;
 *         FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_anomaly_detect(fi_store *store, const fi_workout_filter *filter,
			     const fi_anomaly_params *params, fi_anomaly_report **out);

/** Release a report. Accepts NULL. @since 0.1 */
FI_API void fi_anomaly_report_free(fi_anomaly_report *report);

/** Number of workouts in the detection's frame (all metrics). @since 0.1 */
FI_API size_t fi_anomaly_report_workouts(const fi_anomaly_report *report);

/** Number of (metric, method) sets: metrics in the order pace, distance, duration, calories,
 *  steps, cadence, heart rate, speed, max pace, max speed; methods in enum order. @since 0.1 */
FI_API size_t fi_anomaly_report_sets(const fi_anomaly_report *report);

/** Figures of set @p i; NULL when out of range. Borrowed from the report. @since 0.1 */
FI_API const fi_anomaly_summary *fi_anomaly_report_summary(const fi_anomaly_report *report, size_t i);

/** Why set @p i flagged nothing ("" when its status is ok; NULL when out of range). Borrowed.
 *  @since 0.1 */
FI_API const char *fi_anomaly_report_reason(const fi_anomaly_report *report, size_t i);

/**
 * The flagged workouts of set @p i, in date order.
 * @param[out] count  their number (0 when out of range).
 * @return a borrowed array, or NULL when there are none.
 * @since 0.1
 */
FI_API const fi_anomaly *fi_anomaly_report_items(const fi_anomaly_report *report, size_t i,
						 size_t *count);

/**
 * The report as JSON: {"workouts", "sets": [{"metric", "unit", "method", "status", "reason",
 * "n", "scored", "count", "percent", "thresholds": {...}, "anomalies": [{"workout_id", "date",
 * "value", "score", "direction", "severity"}]}]}; non-finite numbers are null.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_anomaly_report_to_json(const fi_anomaly_report *report, char **json);

/**
 * The report's figures as JSON: what fi_anomaly_report_to_json() writes, with every
 * "anomalies" list empty (each set's "count" stays). For callers that read the flagged workouts
 * through fi_anomaly_report_items(): on a million workouts the lists are most of the text.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.2
 */
FI_API int fi_anomaly_report_figures_to_json(const fi_anomaly_report *report, char **json);

/** Static name of a method ("iqr", "zscore", "modified_zscore", "rolling"); NULL when out of
 *  range. @since 0.1 */
FI_API const char *fi_anomaly_method_name(int method);

/** Parse a method name (case-insensitive; "modified" and "mzscore" also name modified_zscore).
 *  @return FI_OK; FI_EINVALID naming the accepted values. @since 0.1 */
FI_API int fi_anomaly_method_parse(const char *name, int *method);

/** Static name of a severity ("mild", "moderate", "severe"); NULL when out of range. @since 0.1 */
FI_API const char *fi_anomaly_severity_name(int severity);

FI_END_DECLS

#endif
