/* Workouts grouped by calendar period, weekday or label, with per-group statistics of the metrics
 * asked for (fitintel/summary.h). One frame load; rows are counting-sorted by group, then each
 * metric is gathered group by group into one scratch buffer (medians by quickselect: O(rows) per
 * metric, so a metric not asked for is a pass saved). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis_run.h"
#include "fitintel/metric.h"
#include "summary_internal.h"
#include "kernels/kernel.h"
#include "frame/metric_internal.h"

#define METRICS FI_COLUMN_CADENCE   /* metric columns are 1 … FI_COLUMN_CADENCE */

struct fi_summary {
	int grouping;
	size_t groups;
	int32_t *keys;
	size_t *workouts;
	size_t *labels;            /* groups × FI_LABEL_COUNT */
	fi_summary_stats *stats;   /* groups × METRICS, column c at [g * METRICS + c − 1] */
	uint32_t metrics;          /* FI_SUMMARY_METRIC() of each metric summarised */
};

/* Only the bits of metric columns count. */
static uint32_t metric_bits(uint32_t asked)
{
	uint32_t all = 0;
	for (int c = 1; c <= METRICS; c++)
		all |= FI_SUMMARY_METRIC(c);
	return asked & all;
}

static const char *const names[] = { "all", "day", "week", "month", "year", "weekday", "label" };
#define GROUPINGS (sizeof names / sizeof names[0])

const char *fi_grouping_name(int grouping)
{
	return grouping >= 0 && (size_t)grouping < GROUPINGS ? names[grouping] : NULL;
}

int fi_grouping_parse(const char *name, int *grouping)
{
	for (size_t i = 0; name && grouping && i < GROUPINGS; i++)
		if (strcasecmp(name, names[i]) == 0) {
			*grouping = (int)i;
			return FI_OK;
		}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
			 "unknown grouping \"%s\" (all, day, week, month, year, weekday, label)",
			 name ? name : "(null)");
}

/* The struct of each version: version 1 ends before `metrics`. */
static const size_t params_sizes[] = { offsetof(fi_summary_params, metrics), sizeof(fi_summary_params) };

FI__DEFINE_GROWN_PARAMS_INIT(fi_summary_params_init, fi_summary_params, FI_SUMMARY_PARAMS_VERSION,
			     FI_SUMMARY_PARAMS_INIT, params_sizes)

static int check_params(const void *params)
{
	const fi_summary_params *p = params;
	if (p->version != FI_SUMMARY_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_summary_params version %u",
				 p->version);
	if (!fi_grouping_name(p->grouping))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown grouping %d", p->grouping);
	return FI_OK;
}

void fi_summary_free(fi_summary *s)
{
	if (!s)
		return;
	FI__FREE_ALL(s->keys, s->workouts, s->labels, s->stats, s);
}

static bool calendar(int grouping)
{
	return grouping >= FI_GROUP_DAY && grouping <= FI_GROUP_YEAR;
}

/* First day of the calendar group holding @day. */
static int32_t period_start(int grouping, int32_t day)
{
	int y, m, d;
	switch (grouping) {
	case FI_GROUP_WEEK: return fi__period_start(FI_PERIOD_WEEK, day);
	case FI_GROUP_MONTH: return fi__period_start(FI_PERIOD_MONTH, day);
	case FI_GROUP_YEAR:
		fi__civil_from_days(day, &y, &m, &d);
		return fi__days_from_civil(y, 1, 1);
	}
	return day;
}

static int32_t period_next(int grouping, int32_t start)
{
	int y, m, d;
	switch (grouping) {
	case FI_GROUP_WEEK: return start + 7;
	case FI_GROUP_MONTH: return fi__period_next(FI_PERIOD_MONTH, start);
	case FI_GROUP_YEAR:
		fi__civil_from_days(start, &y, &m, &d);
		return fi__days_from_civil(y + 1, 1, 1);
	}
	return start + 1;
}

/* The key of row @i for a non-calendar grouping. */
static int32_t fixed_key(int grouping, int32_t day, int label)
{
	if (grouping == FI_GROUP_WEEKDAY)
		return fi__weekday(day);
	return grouping == FI_GROUP_LABEL ? label : 0;
}

/* The groups' keys, and each row's group in @group. Calendar groups are runs of rows (rows are in
 * date order); weekdays and labels are small fixed domains. */
static int assign_groups(fi_summary *s, const fi_frame *f, bool fill, size_t *group)
{
	size_t rows = fi_frame_rows(f);
	const int32_t *days = fi__frame_day_array(f);
	const int8_t *labels = fi__frame_label_array(f);
	int g = s->grouping;
	if (calendar(g)) {
		size_t cap = 0;
		if (rows) {
			int32_t first = period_start(g, days[0]), last = period_start(g, days[rows - 1]);
			for (int32_t k = first; k <= last; k = period_next(g, k))
				cap++;
		}
		if (!fill && cap > rows)
			cap = rows;   /* at most one group per row */
		s->keys = malloc((cap ? cap : 1) * sizeof *s->keys);
		if (!s->keys)
			return fi__error_oom();
		size_t n = 0;
		for (size_t i = 0; i < rows; i++) {
			int32_t k = period_start(g, days[i]);
			if (n == 0 || s->keys[n - 1] != k) {
				/* with fill, the empty periods before this one come first */
				while (fill && n > 0 && period_next(g, s->keys[n - 1]) < k) {
					s->keys[n] = period_next(g, s->keys[n - 1]);
					n++;
				}
				s->keys[n++] = k;
			}
			group[i] = n - 1;
		}
		s->groups = n;
		return FI_OK;
	}
	size_t domain = g == FI_GROUP_WEEKDAY ? 7 : g == FI_GROUP_LABEL ? FI_LABEL_COUNT : 1;
	size_t seen[FI_LABEL_COUNT > 7 ? FI_LABEL_COUNT : 7] = { 0 };
	for (size_t i = 0; i < rows; i++)
		seen[fixed_key(g, days[i], labels[i])]++;
	size_t index[7];
	s->keys = malloc(domain * sizeof *s->keys);
	if (!s->keys)
		return fi__error_oom();
	size_t n = 0;
	for (size_t k = 0; k < domain; k++)
		if (fill || seen[k] || g == FI_GROUP_ALL) {
			index[k] = n;
			s->keys[n++] = (int32_t)k;
		}
	for (size_t i = 0; i < rows; i++)
		group[i] = index[fixed_key(g, days[i], labels[i])];
	s->groups = n;
	return FI_OK;
}

/* Statistics of @x[0..n), reordering it. */
static void summarize(double *x, size_t n, fi_summary_stats *out)
{
	*out = (fi_summary_stats){ n, 0, (double)NAN, (double)NAN, (double)NAN, (double)NAN, (double)NAN };
	if (n == 0)
		return;
	double sum = 0, lo = x[0], hi = x[0];
	for (size_t i = 0; i < n; i++) {
		sum += x[i];
		lo = x[i] < lo ? x[i] : lo;
		hi = x[i] > hi ? x[i] : hi;
	}
	double mean, sd;
	fi__mean_sd(x, n, &mean, &sd);
	out->sum = sum;
	out->mean = mean;
	out->sd = n > 1 ? sd : (double)NAN;
	out->min = lo;
	out->max = hi;
	double upper = fi__select_kth(x, n, n / 2);
	if (n % 2) {
		out->median = upper;
	} else {
		double lower = x[0];   /* everything before n/2 is ≤ upper: the lower middle is their max */
		for (size_t i = 1; i < n / 2; i++)
			lower = x[i] > lower ? x[i] : lower;
		out->median = (lower + upper) / 2;
	}
}

static int summarize_frame(const fi_frame *f, const fi_summary_params *p, fi_summary *s)
{
	size_t rows = fi_frame_rows(f), cap = rows ? rows : 1;
	size_t *group = malloc(cap * sizeof *group), *order = malloc(cap * sizeof *order);
	double *scratch = malloc(cap * sizeof *scratch);
	int rc = group && order && scratch ? FI_OK : fi__error_oom();
	if (rc == FI_OK)
		rc = assign_groups(s, f, p->fill != 0, group);
	size_t G = s->groups;
	size_t *start = NULL;
	if (rc == FI_OK) {
		start = calloc(G + 1, sizeof *start);
		s->workouts = calloc(G ? G : 1, sizeof *s->workouts);
		s->labels = calloc((G ? G : 1) * FI_LABEL_COUNT, sizeof *s->labels);
		s->stats = calloc((G ? G : 1) * METRICS, sizeof *s->stats);
		if (!start || !s->workouts || !s->labels || !s->stats)
			rc = fi__error_oom();
	}
	if (rc == FI_OK) {
		/* counting sort of the rows by group, stable (each group keeps date order) */
		const int8_t *labels = fi__frame_label_array(f);
		for (size_t i = 0; i < rows; i++) {
			s->workouts[group[i]]++;
			s->labels[group[i] * FI_LABEL_COUNT + (size_t)labels[i]]++;
		}
		for (size_t g = 0; g < G; g++)
			start[g + 1] = start[g] + s->workouts[g];
		size_t *next = malloc((G ? G : 1) * sizeof *next);
		if (!next) {
			rc = fi__error_oom();
		} else {
			memcpy(next, start, G * sizeof *next);
			for (size_t i = 0; i < rows; i++)
				order[next[group[i]]++] = i;
			free(next);
		}
	}
	for (int c = 1; rc == FI_OK && c <= METRICS; c++) {
		if (!(s->metrics & FI_SUMMARY_METRIC(c)))
			continue;
		fi__metric m;
		if ((rc = fi__metric_bind(f, c, &m)))
			break;
		for (size_t g = 0; g < G; g++) {
			size_t n = 0;
			for (size_t j = start[g]; j < start[g + 1]; j++) {
				double x = fi__metric_at(&m, order[j]);
				if (isfinite(x))
					scratch[n++] = x;
			}
			summarize(scratch, n, &s->stats[g * METRICS + (size_t)c - 1]);
		}
	}
	FI__FREE_ALL(start, group, order, scratch);
	return rc;
}

int fi__summary_on_frame(const fi_frame *f, const fi_summary_params *params, fi_summary **out)
{
	if (!f || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "frame or out is NULL");
	*out = NULL;
	fi_summary_params p = FI_SUMMARY_PARAMS_INIT;
	if (params)
		p = *params;
	int rc = check_params(&p);
	if (rc)
		return rc;
	fi_summary *s = calloc(1, sizeof *s);
	if (!s)
		return fi__error_oom();
	s->grouping = p.grouping;
	s->metrics = metric_bits(p.metrics);
	rc = summarize_frame(f, &p, s);
	if (rc) {
		fi_summary_free(s);
		return rc;
	}
	*out = s;
	return FI_OK;
}


static int summary_run(const fi_frame *f, const void *p, void **out)
{
	fi_summary *r = NULL;
	int rc = fi__summary_on_frame(f, p, &r);
	*out = r;
	return rc;
}

static const fi__analysis summary_analysis = {
	.params_size = sizeof(fi_summary_params),
	.defaults = &(fi_summary_params)FI_SUMMARY_PARAMS_INIT,
	.check = check_params, .run = summary_run,
	.version_sizes = params_sizes, .versions = FI__ARRAY_LEN(params_sizes),
};

FI__DEFINE_ANALYSIS_ENTRY(fi_summary_make, fi_summary_params, fi_summary, summary_analysis)

int fi_summary_grouping(const fi_summary *s) { return s ? s->grouping : -1; }
size_t fi_summary_groups(const fi_summary *s) { return s ? s->groups : 0; }

int32_t fi_summary_key(const fi_summary *s, size_t g)
{
	return s && g < s->groups ? s->keys[g] : 0;
}

size_t fi_summary_workouts(const fi_summary *s, size_t g)
{
	return s && g < s->groups ? s->workouts[g] : 0;
}

size_t fi_summary_label_workouts(const fi_summary *s, size_t g, int label)
{
	if (!s || g >= s->groups || label < 0 || label >= FI_LABEL_COUNT)
		return 0;
	return s->labels[g * FI_LABEL_COUNT + (size_t)label];
}

int fi_summary_has_metric(const fi_summary *s, int column)
{
	return s && fi_metric_name(column) && (s->metrics & FI_SUMMARY_METRIC(column)) ? 1 : 0;
}

int fi_summary_stats_get(const fi_summary *s, size_t g, int column, fi_summary_stats *out)
{
	if (!s || !out || g >= s->groups)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "no summary group %zu", g);
	if (!fi_metric_name(column))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "column %d is not a metric", column);
	if (!fi_summary_has_metric(s, column))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "the summary was not asked for %s (fi_summary_params.metrics)",
				 fi_metric_name(column));
	*out = s->stats[g * METRICS + (size_t)column - 1];
	return FI_OK;
}

static void json_key(fi__buf *b, const fi_summary *s, size_t g)
{
	if (calendar(s->grouping))
		fi__json_day(b, s->keys[g]);
	else if (s->grouping == FI_GROUP_LABEL)
		fi__buf_printf(b, "\"%s\"", fi_label_name(s->keys[g]));
	else if (s->grouping == FI_GROUP_WEEKDAY)
		fi__buf_printf(b, "%d", (int)s->keys[g]);
	else
		fi__buf_puts(b, "null");
}

int fi_summary_to_json(const fi_summary *s, char **json)
{
	if (!s || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "summary or json is NULL");
	fi__buf b = FI__BUF_INIT;
	size_t total = 0;
	for (size_t g = 0; g < s->groups; g++)
		total += s->workouts[g];
	fi__buf_printf(&b, "{\"grouping\":\"%s\",\"workouts\":%zu,\"groups\":[",
		      fi_grouping_name(s->grouping), total);
	for (size_t g = 0; g < s->groups; g++) {
		fi__buf_puts(&b, g ? ",{\"key\":" : "{\"key\":");
		json_key(&b, s, g);
		fi__buf_printf(&b, ",\"workouts\":%zu,\"labels\":{", s->workouts[g]);
		for (int l = 0; l < FI_LABEL_COUNT; l++)
			fi__buf_printf(&b, "%s\"%s\":%zu", l ? "," : "", fi_label_name(l),
				      s->labels[g * FI_LABEL_COUNT + (size_t)l]);
		fi__buf_puts(&b, "},\"metrics\":{");
		const char *sep = "";
		for (int c = 1; c <= METRICS; c++) {
			if (!fi_summary_has_metric(s, c))
				continue;
			const fi_summary_stats *st = &s->stats[g * METRICS + (size_t)c - 1];
			fi__buf_printf(&b, "%s\"%s\":{\"n\":%zu", sep, fi_metric_name(c), st->n);
			sep = ",";
			fi__buf_json_next_double(&b, "sum", st->sum);
			fi__buf_json_next_double(&b, "mean", st->mean);
			fi__buf_json_next_double(&b, "median", st->median);
			fi__buf_json_next_double(&b, "sd", st->sd);
			fi__buf_json_next_double(&b, "min", st->min);
			fi__buf_json_next_double(&b, "max", st->max);
			fi__buf_putc(&b, '}');
		}
		fi__buf_puts(&b, "}}");
	}
	fi__buf_puts(&b, "]}");
	return fi__buf_finish(&b, json);
}
