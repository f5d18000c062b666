/**
 * @file fitintel/summary.h
 * @brief Workouts grouped by day, week, month, year, weekday or label, with the count, sum, mean,
 *        median, standard deviation, minimum and maximum of every metric in each group — the
 *        numbers behind calendars, heatmaps, weekly totals, weekday distributions and monthly
 *        statistics (SPEC §8.3, §8.4, §8.7), so that front ends lay them out without computing.
 *
 * Every workout the filter selects counts, whatever its label (filter by label to leave some out).
 * A metric's statistics are over the group's known (finite) values of it.
 */
#ifndef FITINTEL_SUMMARY_H
#define FITINTEL_SUMMARY_H

#include "fitintel/common.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/** What makes a group. Numbered by hand; never renumbered. */
typedef enum fi_grouping {
	FI_GROUP_ALL = 0,      /**< one group of everything */
	FI_GROUP_DAY = 1,      /**< calendar days */
	FI_GROUP_WEEK = 2,     /**< ISO weeks, keyed by their Monday */
	FI_GROUP_MONTH = 3,    /**< calendar months, keyed by the 1st */
	FI_GROUP_YEAR = 4,     /**< calendar years, keyed by January 1st */
	FI_GROUP_WEEKDAY = 5,  /**< day of the week, Monday = 0 … Sunday = 6 */
	FI_GROUP_LABEL = 6     /**< stored label (fi_label) */
} fi_grouping;

/** Static name ("all", "day", "week", "month", "year", "weekday", "label"); NULL when out of
 *  range. @since 0.1 */
FI_API const char *fi_grouping_name(int grouping);

/** Parse a grouping name (case-insensitive). @return FI_OK; FI_EINVALID naming the accepted ones.
 *  @since 0.1 */
FI_API int fi_grouping_parse(const char *name, int *grouping);

#define FI_SUMMARY_PARAMS_VERSION 2

/** The bit of metric @p column (fitintel/metric.h) in fi_summary_params.metrics. @since 0.2 */
#define FI_SUMMARY_METRIC(column) (1u << (column))

/** Every metric: fi_summary_params.metrics' default. @since 0.2 */
#define FI_SUMMARY_METRICS_ALL 0xFFFFFFFFu

/** Parameters of fi_summary_make(). Initialise with FI_SUMMARY_PARAMS_INIT or
 *  fi_summary_params_init(). */
typedef struct fi_summary_params {
	unsigned int version; /**< FI_SUMMARY_PARAMS_VERSION */
	int grouping;   /**< fi_grouping; default FI_GROUP_MONTH */
	int fill;       /**< non-zero: also the empty groups — every period from the first to the last
			     workout's, all seven weekdays, every label; default 0 */
	uint32_t metrics; /**< the metrics to summarise, FI_SUMMARY_METRIC(column) or'ed together; 0:
			       none (only the counts of workouts and labels), which is much faster on a
			       large store; default FI_SUMMARY_METRICS_ALL. Bits of columns that are not
			       metrics are ignored. @since 0.2 (a version-1 struct summarises every
			       metric) */
} fi_summary_params;

#define FI_SUMMARY_PARAMS_INIT { FI_SUMMARY_PARAMS_VERSION, FI_GROUP_MONTH, 0, FI_SUMMARY_METRICS_ALL }

/** Defaults for a struct of @p version (1 or 2: an older caller's struct is filled to its own
 *  size). @return FI_OK; FI_EINVALID for an unknown @p version. @since 0.1 */
FI_API int fi_summary_params_init(fi_summary_params *p, unsigned int version);

/** Statistics of one metric in one group. Frozen: new figures come as new functions. */
typedef struct fi_summary_stats {
	size_t n;        /**< known values */
	double sum;      /**< 0 when n = 0 */
	double mean;     /**< NaN when n = 0 */
	double median;   /**< middle value, or the mean of the two middle ones; NaN when n = 0 */
	double sd;       /**< sample standard deviation (n − 1); NaN when n < 2 */
	double min, max; /**< NaN when n = 0 */
} fi_summary_stats;

/** Groups and their statistics. Opaque; immutable. */
typedef struct fi_summary fi_summary;

/**
 * Group the workouts matching @p filter (NULL: all) and summarise the metrics of
 * fitintel/metric.h that @p params asks for (default: every one) in each group. Groups come in key
 * order.
 * @param params  NULL: defaults.
 * @param[out] out  caller frees with fi_summary_free().
 * @return FI_OK; FI_EINVALID for a bad grouping, params version or filter; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_summary_make(fi_store *store, const fi_workout_filter *filter,
			   const fi_summary_params *params, fi_summary **out);

/** Release a summary. Accepts NULL. @since 0.1 */
FI_API void fi_summary_free(fi_summary *s);

/** The grouping used. @since 0.1 */
FI_API int fi_summary_grouping(const fi_summary *s);

/** Number of groups. @since 0.1 */
FI_API size_t fi_summary_groups(const fi_summary *s);

/** Key of group @p g: the first day of a calendar group (days since 1970-01-01), the weekday
 *  (Monday = 0), the fi_label, or 0 for FI_GROUP_ALL; 0 when @p g is out of range. @since 0.1 */
FI_API int32_t fi_summary_key(const fi_summary *s, size_t g);

/** Workouts in group @p g (0 when out of range). @since 0.1 */
FI_API size_t fi_summary_workouts(const fi_summary *s, size_t g);

/** Workouts in group @p g whose stored label is @p label (0 when out of range). @since 0.1 */
FI_API size_t fi_summary_label_workouts(const fi_summary *s, size_t g, int label);

/** Whether metric @p column was summarised (fi_summary_params.metrics): 1 or 0. @since 0.2 */
FI_API int fi_summary_has_metric(const fi_summary *s, int column);

/**
 * Statistics of metric @p column (fitintel/metric.h) in group @p g.
 * @return FI_OK; FI_EINVALID for a column that is not a metric, a metric the summary was not
 *         asked for (fi_summary_has_metric()) or @p g out of range.
 * @since 0.1
 */
FI_API int fi_summary_stats_get(const fi_summary *s, size_t g, int column, fi_summary_stats *out);

/**
 * The summary as JSON: `{"grouping", "workouts", "groups": [{"key", "workouts", "labels": {label:
 * count}, "metrics": {metric: {"n", "sum", "mean", "median", "sd", "min", "max"}}}]}`; keys are
 * ISO dates for calendar groups, 0–6 for weekdays, label names, null for FI_GROUP_ALL; undefined
 * figures are null; "metrics" holds the summarised metrics only.
 * @param[out] json  caller frees with fi_free().
 * @since 0.1
 */
FI_API int fi_summary_to_json(const fi_summary *s, char **json);

FI_END_DECLS

#endif
