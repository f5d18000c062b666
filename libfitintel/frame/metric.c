/* Metric, period and statistic names; reading a metric from a frame; calendar periods. */
#include <string.h>
#include <strings.h>

#include "fitintel/metric.h"
#include "metric_internal.h"

typedef struct metric_info {
	int column;
	const char *name, *unit;
	int lower_is_better;
} metric_info;

/* In the order the analyses list them. */
static const metric_info metrics[] = {
	{ FI_COLUMN_AVG_PACE, "pace", "min/mi", 1 },
	{ FI_COLUMN_DISTANCE, "distance", "mi", 0 },
	{ FI_COLUMN_DURATION, "duration", "s", 0 },
	{ FI_COLUMN_CALORIES, "calories", "kcal", 0 },
	{ FI_COLUMN_STEPS, "steps", "steps", 0 },
	{ FI_COLUMN_CADENCE, "cadence", "steps/min", 0 },
	{ FI_COLUMN_HEART_RATE, "heart_rate", "bpm", 0 },
	{ FI_COLUMN_AVG_SPEED, "speed", "mi/h", 0 },
	{ FI_COLUMN_MAX_PACE, "max_pace", "min/mi", 1 },
	{ FI_COLUMN_MAX_SPEED, "max_speed", "mi/h", 0 },
};

static const metric_info *find_metric(int column)
{
	for (size_t i = 0; i < FI__ARRAY_LEN(metrics); i++)
		if (metrics[i].column == column)
			return &metrics[i];
	return NULL;
}

int fi_metric_parse(const char *name, int *column)
{
	if (!name || !column)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "metric name or out is NULL");
	for (size_t i = 0; i < FI__ARRAY_LEN(metrics); i++) {
		const char *col = fi_column_name(metrics[i].column);
		if (strcasecmp(name, metrics[i].name) == 0 || (col && strcasecmp(name, col) == 0)) {
			*column = metrics[i].column;
			return FI_OK;
		}
	}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
			 "unknown metric '%s' (use pace, distance, duration, calories, steps, cadence, "
			 "heart_rate, speed, max_pace or max_speed)", name);
}

const char *fi_metric_name(int column)
{
	const metric_info *m = find_metric(column);
	return m ? m->name : NULL;
}

const char *fi_metric_unit(int column)
{
	const metric_info *m = find_metric(column);
	return m ? m->unit : NULL;
}

int fi_metric_lower_is_better(int column)
{
	const metric_info *m = find_metric(column);
	return m ? m->lower_is_better : -1;
}

static const char *const period_names[] = { "workout", "week", "month" };
static const char *const statistic_names[] = { NULL, "count", "sum", "mean" };
static const char *const status_names[] = { "ok", "insufficient_data", "no_spread" };

const char *fi_period_name(int period)
{
	return period >= 0 && period < (int)FI__ARRAY_LEN(period_names) ? period_names[period] : NULL;
}

const char *fi_statistic_name(int statistic)
{
	return statistic >= 1 && statistic < (int)FI__ARRAY_LEN(statistic_names)
		       ? statistic_names[statistic] : NULL;
}

const char *fi_analysis_status_name(int status)
{
	return status >= 0 && status < (int)FI__ARRAY_LEN(status_names) ? status_names[status] : NULL;
}

static int parse_name(const char *name, const char *const *names, int first, int count, int *out,
		      const char *what, const char *accepted)
{
	if (!name || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s name or out is NULL", what);
	for (int i = first; i < count; i++) {
		if (strcasecmp(name, names[i]) == 0) {
			*out = i;
			return FI_OK;
		}
	}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown %s '%s' (use %s)", what, name, accepted);
}

int fi_period_parse(const char *name, int *period)
{
	return parse_name(name, period_names, 0, (int)FI__ARRAY_LEN(period_names), period, "period",
			  "workout, week or month");
}

int fi_statistic_parse(const char *name, int *statistic)
{
	return parse_name(name, statistic_names, 1, (int)FI__ARRAY_LEN(statistic_names), statistic,
			  "statistic", "count, sum or mean");
}

int fi__metric_bind(const fi_frame *f, int column, fi__metric *out)
{
	if (!find_metric(column))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "column %d is not a metric (use a workout's number: pace, distance, ...)",
				 column);
	out->column = column;
	out->v = column == FI_COLUMN_CADENCE ? NULL : fi__frame_values(f, column);
	out->steps = fi__frame_values(f, FI_COLUMN_STEPS);
	out->seconds = fi__frame_values(f, FI_COLUMN_DURATION);
	return FI_OK;
}

size_t fi__metric_gather(const fi_frame *f, const fi__metric *m, int label, bool skip_outliers,
			 double *v, size_t *rows)
{
	const int8_t *labels = fi__frame_label_array(f);
	size_t n = fi_frame_rows(f), k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!fi__row_included(labels, i, label, skip_outliers))
			continue;
		double x = fi__metric_at(m, i);
		if (!isfinite(x))
			continue;
		v[k] = x;
		if (rows)
			rows[k] = i;
		k++;
	}
	return k;
}

int32_t fi__period_start(int period, int32_t day)
{
	if (period == FI_PERIOD_WEEK) {
		int32_t since_monday = fi__weekday(day);
		return day - since_monday;
	}
	if (period == FI_PERIOD_MONTH) {
		int y, m, d;
		fi__civil_from_days(day, &y, &m, &d);
		return day - (d - 1);
	}
	return day;
}

int32_t fi__period_next(int period, int32_t start)
{
	if (period == FI_PERIOD_WEEK)
		return start + 7;
	if (period == FI_PERIOD_MONTH) {
		int y, m, d;
		fi__civil_from_days(start, &y, &m, &d);
		return start + fi__days_in_month(y, m) - (d - 1);
	}
	return start + 1;
}

int64_t fi__period_distance(int period, int32_t a, int32_t b)
{
	if (period == FI_PERIOD_WEEK)
		return ((int64_t)b - a) / 7;
	if (period == FI_PERIOD_MONTH) {
		int ya, ma, yb, mb, d;
		fi__civil_from_days(a, &ya, &ma, &d);
		fi__civil_from_days(b, &yb, &mb, &d);
		return ((int64_t)yb * 12 + mb) - ((int64_t)ya * 12 + ma);
	}
	return (int64_t)b - a;
}

void fi__json_day(fi__buf *b, int32_t day)
{
	char iso[11];
	fi__days_to_iso(day, iso);
	fi__buf_json_string(b, iso, strlen(iso));
}
