/* Metrics over a loaded frame, calendar periods, and series aggregated per period, shared by the
 * analyses of SPEC §3 and §5 (metric.c, series.c). */
#ifndef FITINTEL_METRIC_INTERNAL_H
#define FITINTEL_METRIC_INTERNAL_H

#include <math.h>

#include "frame_internal.h"

/* Copy-free access to one metric column of a frame; cadence is derived row by row exactly as
 * fi_frame_column() does (steps per minute, NaN without a positive duration). */
typedef struct fi__metric {
	int column;
	const double *v;                 /* stored column, or NULL for cadence */
	const double *steps, *seconds;   /* cadence only */
} fi__metric;

/* FI_EINVALID unless @column is a metric (fi_metric_name() != NULL). */
int fi__metric_bind(const fi_frame *f, int column, fi__metric *out);

static inline double fi__metric_at(const fi__metric *m, size_t i)
{
	if (m->v)
		return m->v[i];
	return m->seconds[i] > 0 ? m->steps[i] / (m->seconds[i] / 60) : (double)NAN;
}

/* Whether row @i takes part: its stored label is @label (−1: any), and it is not labelled outlier
 * when @skip_outliers. */
static inline bool fi__row_included(const int8_t *labels, size_t i, int label, bool skip_outliers)
{
	return (label < 0 || labels[i] == label) && !(skip_outliers && labels[i] == FI_LABEL_OUTLIER);
}

/* The finite values of @m in the included rows, in frame order (date, then id): values to @v and
 * their frame rows to @rows (NULL to skip), each with room for fi_frame_rows(); returns how many. */
size_t fi__metric_gather(const fi_frame *f, const fi__metric *m, int label, bool skip_outliers,
			 double *v, size_t *rows);

/* ---- calendar periods (days since 1970-01-01) ---- */

/* First day of the fi_period holding @day (the day itself for FI_PERIOD_WORKOUT). */
int32_t fi__period_start(int period, int32_t day);
/* First day of the period after the one starting on @start. */
int32_t fi__period_next(int period, int32_t start);
/* Whole periods from the one starting on @a to the one starting on @b (b >= a). */
int64_t fi__period_distance(int period, int32_t a, int32_t b);

/* ---- series (series.c) ---- */

/* The points of a metric, one per included workout with a finite value, or one per calendar period
 * from the first to the last included workout's period (empty periods: 0 for counts and sums, left
 * out for means). Every array has n entries; ids only per workout, counts only per period. */
typedef struct fi__series {
	size_t n;
	int per;             /* fi_period */
	int statistic;       /* fi_statistic (per period) */
	int32_t *days;       /* the workout's day, or the first day of the period */
	double *values;
	int64_t *ids;        /* per workout: workout ids; NULL per period */
	size_t *counts;      /* per period: workouts (count) or known values (sum, mean); else NULL */
} fi__series;

/* @column is ignored for FI_STATISTIC_COUNT. FI_EINVALID for a bad column, period or statistic,
 * or COUNT per workout; FI_ENOMEM. @out is zeroed first, and freed by the caller either way. */
int fi__series_build(const fi_frame *f, int column, int per, int statistic, int label,
		     bool skip_outliers, fi__series *out);
void fi__series_free(fi__series *s);
/* The days and values of @s (NULL: none) into *@days and *@values (either may be NULL); returns
 * n. The body of the reports' public point accessors. */
size_t fi__series_view(const fi__series *s, const int32_t **days, const double **values);
/* The points of a per-period @s as a JSON array of {"date", "value", "count"}. */
void fi__series_json(fi__buf *b, const fi__series *s);

/* ---- JSON pieces ---- */

/* "YYYY-MM-DD" as a JSON string. */
void fi__json_day(fi__buf *b, int32_t day);

#endif
