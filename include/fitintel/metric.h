/**
 * @file fitintel/metric.h
 * @brief What the analyses measure (SPEC §3, §5): metrics (frame columns by name), the periods a
 *        series is aggregated over, the statistic of a period, and the status of an analysis that
 *        the data cannot support (which is a result, not an error).
 *
 * A metric is an fi_column of fitintel/frame.h holding a per-workout number: calories, distance,
 * duration, paces, speeds, heart rate, steps or cadence (not the day or the confidence). Values are
 * in the frame's units (miles, seconds, min/mi, mi/h).
 */
#ifndef FITINTEL_METRIC_H
#define FITINTEL_METRIC_H

#include "fitintel/common.h"
#include "fitintel/frame.h"

FI_BEGIN_DECLS

/** How workouts are grouped into the points of a series. Numbered by hand; never renumbered. */
typedef enum fi_period {
	FI_PERIOD_WORKOUT = 0, /**< one point per workout */
	FI_PERIOD_WEEK = 1,    /**< ISO weeks, Monday to Sunday; a point is dated by its Monday */
	FI_PERIOD_MONTH = 2    /**< calendar months; a point is dated by the 1st */
} fi_period;

/** What one period of workouts becomes. Numbered by hand; never renumbered. */
typedef enum fi_statistic {
	FI_STATISTIC_COUNT = 1, /**< number of workouts; an empty period counts 0 */
	FI_STATISTIC_SUM = 2,   /**< sum of the metric's known values; an empty period sums to 0 */
	FI_STATISTIC_MEAN = 3   /**< mean of the known values; a period without any is left out */
} fi_statistic;

/** Whether an analysis produced figures. Not an error: the reason says what was missing. */
typedef enum fi_analysis_status {
	FI_ANALYSIS_OK = 0,                /**< the figures are there */
	FI_ANALYSIS_INSUFFICIENT_DATA = 1, /**< too few values or points */
	FI_ANALYSIS_NO_SPREAD = 2          /**< every value is the same: no score can be formed */
} fi_analysis_status;

/**
 * Parse a metric name: "pace", "distance", "duration", "calories", "steps", "cadence",
 * "heart_rate", "speed", "max_pace", "max_speed", or a frame column name ("avg_pace",
 * "distance_mi"); case-insensitive.
 * @param[out] column  the fi_column.
 * @return FI_OK; FI_EINVALID naming the accepted names.
 * @since 0.1
 */
FI_API int fi_metric_parse(const char *name, int *column);

/** Short static name of a metric column ("pace" for FI_COLUMN_AVG_PACE); NULL when @p column is
 *  not a metric (the day, the confidence, out of range). @since 0.1 */
FI_API const char *fi_metric_name(int column);

/** Static unit of a metric column ("min/mi", "mi", "s", "kcal", "mi/h", "bpm", "steps",
 *  "steps/min"); NULL when not a metric. @since 0.1 */
FI_API const char *fi_metric_unit(int column);

/** 1 when a lower value is better (the paces), 0 when higher is better, −1 when not a metric.
 *  @since 0.1 */
FI_API int fi_metric_lower_is_better(int column);

/** Static name of a period ("workout", "week", "month"); NULL when out of range. @since 0.1 */
FI_API const char *fi_period_name(int period);

/** Parse "workout", "week" or "month" (case-insensitive). @return FI_OK; FI_EINVALID. @since 0.1 */
FI_API int fi_period_parse(const char *name, int *period);

/** Static name of a statistic ("count", "sum", "mean"); NULL when out of range. @since 0.1 */
FI_API const char *fi_statistic_name(int statistic);

/** Parse "count", "sum" or "mean" (case-insensitive). @return FI_OK; FI_EINVALID. @since 0.1 */
FI_API int fi_statistic_parse(const char *name, int *statistic);

/** Static name of an analysis status ("ok", "insufficient_data", "no_spread"); NULL when out of
 *  range. @since 0.1 */
FI_API const char *fi_analysis_status_name(int status);

FI_END_DECLS

#endif
