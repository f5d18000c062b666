/* Trends of a metric over time (SPEC §5): OLS on day numbers with a slope interval, direction,
 * improvement rate, Mann–Kendall with Sen's slope, and plateaus. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "analysis_run.h"
#include "fitintel/metric.h"
#include "frame/metric_internal.h"
#include "trend_internal.h"

#define DNAN ((double)NAN)

struct fi_trend_report {
	fi_trend_summary s;
	fi_trend_params p;
	char reason[200];
	char mk_note[200];
	fi__series series;
	fi_plateau *plateaus;
	size_t plateau_count;
	/* the confidence band of the fitted line: ŷ(x) ± t · s · sqrt(1/n + (x − x̄)² / Sxx) */
	double band_t, band_s, mean_x, sxx;
};

/* Points of the band in the JSON: evenly spaced days from the first to the last point. */
#define BAND_POINTS 64

static const char *const direction_names[] = { "declining", "stable", "improving" };

const char *fi_trend_direction_name(int direction)
{
	return direction >= -1 && direction <= 1 ? direction_names[direction + 1] : NULL;
}

FI__DEFINE_PARAMS_INIT(fi_trend_params_init, fi_trend_params,
		       FI_TREND_PARAMS_VERSION, FI_TREND_PARAMS_INIT)

static int check_params(const fi_trend_params *p)
{
	if (p->version != FI_TREND_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_trend_params version %u", p->version);
	if (!fi_period_name(p->per))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown period %d", p->per);
	if (!fi_statistic_name(p->statistic))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown statistic %d", p->statistic);
	if (p->statistic == FI_STATISTIC_COUNT && p->per == FI_PERIOD_WORKOUT)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a count trend needs a period (week or month)");
	if (p->statistic != FI_STATISTIC_COUNT && !fi_metric_name(p->metric))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "column %d is not a metric", p->metric);
	if (!(p->confidence > 0 && p->confidence < 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the confidence must be in (0, 1)");
	if (p->plateau_window < 1 || p->plateau_min_length < 1 || !(p->plateau_tolerance >= 0) ||
	    !isfinite(p->plateau_tolerance))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "plateaus need a window and a length of at least 1 and a tolerance >= 0");
	return FI_OK;
}

void fi_trend_report_free(fi_trend_report *r)
{
	if (!r)
		return;
	fi__series_free(&r->series);
	free(r->plateaus);
	free(r);
}

/* Sign of a significant slope, turned so that positive means better. */
static int direction_of(double sign, bool significant, int column, int statistic)
{
	if (!significant || sign == 0)
		return FI_TREND_STABLE;
	bool lower_better = statistic != FI_STATISTIC_COUNT && fi_metric_lower_is_better(column) == 1;
	return (sign > 0) != lower_better ? FI_TREND_IMPROVING : FI_TREND_DECLINING;
}

static double trailing_mean(const double *y, size_t i, size_t w)
{
	double sum = 0;
	for (size_t j = i + 1 - w; j <= i; j++)
		sum += y[j];
	return sum / (double)w;
}

/* Greedy runs of trailing means within tolerance of their first (see fi_plateau). */
static int find_plateaus(fi_trend_report *r)
{
	const fi__series *s = &r->series;
	size_t w = r->p.plateau_window, cap = 0;
	double tol = r->p.plateau_tolerance;
	for (size_t start = w - 1; start < s->n;) {
		double level = trailing_mean(s->values, start, w);
		size_t end = start;
		while (end + 1 < s->n && fabs(trailing_mean(s->values, end + 1, w) - level) < tol * fabs(level))
			end++;
		if (end - start + 1 >= r->p.plateau_min_length) {
			fi_plateau *grown = fi__grow(r->plateaus, r->plateau_count, &cap, sizeof *grown, 8);
			if (!grown)
				return fi__error_oom();
			r->plateaus = grown;
			double sum = 0;
			for (size_t j = start; j <= end; j++)
				sum += s->values[j];
			r->plateaus[r->plateau_count++] = (fi_plateau){
				start, end, s->days[start], s->days[end],
				s->ids ? s->ids[start] : 0, s->ids ? s->ids[end] : 0,
				end - start + 1, level, sum / (double)(end - start + 1)
			};
		}
		start = end + 1;
	}
	return FI_OK;
}

static int mann_kendall(fi_trend_report *r, const double *x)
{
	fi_trend_summary *t = &r->s;
	const fi__series *s = &r->series;
	if (s->n > r->p.mk_max_points) {
		snprintf(r->mk_note, sizeof r->mk_note,
			 "Mann-Kendall skipped: %zu points, at most %zu (aggregate per week or month)",
			 s->n, r->p.mk_max_points);
		return FI_OK;
	}
	fi_mann_kendall mk;
	int rc = fi_stats_mann_kendall(x, s->values, s->n, &mk);
	if (rc == FI_ELIMIT) {
		snprintf(r->mk_note, sizeof r->mk_note, "Mann-Kendall skipped: %s", fi_error_last()->message);
		return FI_OK;
	}
	if (rc)
		return rc;
	t->mk_computed = 1;
	t->mk_s = mk.s;
	t->mk_z = mk.z;
	t->mk_p_value = mk.p_value;
	t->mk_tau = mk.tau;
	t->sen_slope_per_day = mk.sen_slope;
	t->sen_intercept = mk.sen_intercept;
	t->mk_direction = direction_of(mk.s, mk.p_value < 1 - r->p.confidence, t->metric, t->statistic);
	return FI_OK;
}


/* What fi_trend_report_band() needs: x̄, Sxx, the residual standard error and the t quantile. */
static void band_ingredients(fi_trend_report *r, const double *x, const fi_ols *ols)
{
	const fi__series *s = &r->series;
	double mean = 0, sxx = 0, sse = 0;
	for (size_t i = 0; i < s->n; i++)
		mean += x[i];
	mean /= (double)s->n;
	for (size_t i = 0; i < s->n; i++) {
		double e = s->values[i] - (ols->intercept + ols->slope * x[i]);
		sxx += (x[i] - mean) * (x[i] - mean);
		sse += e * e;
	}
	r->mean_x = mean;
	r->sxx = sxx;
	r->band_s = sqrt(sse / (double)(s->n - 2));
	r->band_t = gsl_cdf_tdist_Pinv(0.5 + r->p.confidence / 2, (double)(s->n - 2));
}

static int fit(fi_trend_report *r)
{
	fi_trend_summary *t = &r->s;
	const fi__series *s = &r->series;
	t->first_day = s->days[0];
	t->last_day = s->days[s->n - 1];
	if (t->first_day == t->last_day) {
		t->status = FI_ANALYSIS_INSUFFICIENT_DATA;
		snprintf(r->reason, sizeof r->reason, "all %zu points fall on one day: no trend over time", s->n);
		return FI_OK;
	}
	double *x = malloc(s->n * sizeof *x);
	if (!x)
		return fi__error_oom();
	for (size_t i = 0; i < s->n; i++)
		x[i] = s->days[i];
	fi_ols ols;
	int rc = fi_stats_ols(x, s->values, s->n, r->p.confidence, &ols);
	if (rc == FI_OK) {
		t->slope_per_day = ols.slope;
		t->slope_per_month = ols.slope * FI_TREND_DAYS_PER_MONTH;
		t->intercept = ols.intercept;
		t->r2 = ols.r2;
		t->p_value = ols.p_value;
		t->slope_low = ols.slope_low;
		t->slope_high = ols.slope_high;
		band_ingredients(r, x, &ols);
		t->fitted_first = ols.intercept + ols.slope * x[0];
		t->fitted_last = ols.intercept + ols.slope * x[s->n - 1];
		t->direction = direction_of(ols.slope, ols.slope_low > 0 || ols.slope_high < 0, t->metric,
					    t->statistic);
		if (t->fitted_first > 0) {
			t->change_pct_per_month = 100 * t->slope_per_month / t->fitted_first;
			bool lower_better = t->statistic != FI_STATISTIC_COUNT &&
					    fi_metric_lower_is_better(t->metric) == 1;
			t->improvement_pct_per_month = lower_better ? -t->change_pct_per_month
								    : t->change_pct_per_month;
		}
		rc = mann_kendall(r, x);
	}
	free(x);
	return rc;
}

int fi_trend_report_band(const fi_trend_report *r, int32_t day, double *fitted, double *low,
			 double *high)
{
	if (!r || !fitted || !low || !high)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "report or outputs are NULL");
	if (r->s.status != FI_ANALYSIS_OK)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the trend has no fitted line: %s", r->reason);
	double dx = day - r->mean_x;
	double half = r->band_t * r->band_s * sqrt(1.0 / (double)r->s.n + dx * dx / r->sxx);
	*fitted = r->s.intercept + r->s.slope_per_day * day;
	*low = *fitted - half;
	*high = *fitted + half;
	return FI_OK;
}

static int trend_check(const void *p) { return check_params(p); }
static int trend_run(const fi_frame *f, const void *p, void **out)
{
	fi_trend_report *r = NULL;
	int rc = fi__trend_on_frame(f, -1, p, &r);
	*out = r;
	return rc;
}

static const fi__analysis trend_analysis = {
	.params_size = sizeof(fi_trend_params), .defaults = &(fi_trend_params)FI_TREND_PARAMS_INIT,
	.check = trend_check, .run = trend_run,
};

int fi__trend_on_frame(const fi_frame *f, int label, const fi_trend_params *params, fi_trend_report **out)
{
	if (!f || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "frame or out is NULL");
	*out = NULL;
	fi_trend_params p;
	int rc = fi__analysis_params(&trend_analysis, params, label, &p);
	if (rc)
		return rc;
	fi_trend_report *r = calloc(1, sizeof *r);
	if (!r)
		return fi__error_oom();
	r->p = p;
	r->s = (fi_trend_summary){
		FI_ANALYSIS_OK, p.statistic == FI_STATISTIC_COUNT ? 0 : p.metric, p.per,
		p.per == FI_PERIOD_WORKOUT ? 0 : p.statistic, 0, 0, 0,
		DNAN, DNAN, DNAN, DNAN, DNAN, p.confidence, DNAN, DNAN, DNAN, DNAN, FI_TREND_STABLE, DNAN, DNAN,
		0, DNAN, DNAN, DNAN, DNAN, DNAN, DNAN, FI_TREND_STABLE
	};
	rc = fi__series_build(f, p.metric, p.per, p.statistic, label, !p.include_outliers, &r->series);
	if (rc == FI_OK) {
		r->s.n = r->series.n;
		if (r->series.n < 3) {
			r->s.status = FI_ANALYSIS_INSUFFICIENT_DATA;
			snprintf(r->reason, sizeof r->reason, "only %zu point%s: a trend needs at least 3",
				 r->series.n, r->series.n == 1 ? "" : "s");
			if (r->series.n) {
				r->s.first_day = r->series.days[0];
				r->s.last_day = r->series.days[r->series.n - 1];
			}
		} else {
			rc = fit(r);
		}
	}
	if (rc == FI_OK)
		rc = find_plateaus(r);
	if (rc) {
		fi_trend_report_free(r);
		return rc;
	}
	*out = r;
	return FI_OK;
}

FI__DEFINE_ANALYSIS_ENTRY(fi_trend_analyze, fi_trend_params, fi_trend_report, trend_analysis)

const fi_trend_summary *fi_trend_report_summary(const fi_trend_report *r)
{
	return r ? &r->s : NULL;
}

const char *fi_trend_report_reason(const fi_trend_report *r)
{
	return r ? r->reason : NULL;
}

size_t fi_trend_report_points(const fi_trend_report *r, const int32_t **days, const double **values)
{
	return fi__series_view(r ? &r->series : NULL, days, values);
}

const fi_plateau *fi_trend_report_plateaus(const fi_trend_report *r, size_t *count)
{
	if (count)
		*count = r ? r->plateau_count : 0;
	return r && r->plateau_count ? r->plateaus : NULL;
}

static void json_name(fi__buf *b, const char *key, const char *name)
{
	fi__buf_printf(b, ",\"%s\":", key);
	if (name)
		fi__buf_json_string(b, name, strlen(name));
	else
		fi__buf_puts(b, "null");
}

/* The confidence band at BAND_POINTS days from the first to the last point (none without a line). */
static void json_band(fi__buf *b, const fi_trend_report *r)
{
	fi__buf_puts(b, ",\"band\":[");
	int32_t first = r->s.first_day, span = r->s.last_day - r->s.first_day;
	for (int i = 0; r->s.status == FI_ANALYSIS_OK && i < BAND_POINTS; i++) {
		int32_t day = first + (int32_t)llround((double)span * i / (BAND_POINTS - 1));
		double fitted, low, high;
		fi_trend_report_band(r, day, &fitted, &low, &high);
		fi__buf_puts(b, i ? ",{\"date\":" : "{\"date\":");
		fi__json_day(b, day);
		fi__buf_json_next_double(b, "fitted", fitted);
		fi__buf_json_next_double(b, "low", low);
		fi__buf_json_next_double(b, "high", high);
		fi__buf_putc(b, '}');
	}
	fi__buf_putc(b, ']');
}

static void json_ols(fi__buf *b, const fi_trend_summary *t)
{
	fi__buf_puts(b, ",\"ols\":{\"slope_per_day\":");
	fi__buf_json_double(b, t->slope_per_day);
	fi__buf_json_next_double(b, "slope_per_month", t->slope_per_month);
	fi__buf_json_next_double(b, "intercept", t->intercept);
	fi__buf_json_next_double(b, "r2", t->r2);
	fi__buf_json_next_double(b, "p_value", t->p_value);
	fi__buf_json_next_double(b, "confidence", t->confidence);
	fi__buf_json_next_double(b, "slope_low_per_day", t->slope_low);
	fi__buf_json_next_double(b, "slope_high_per_day", t->slope_high);
	fi__buf_json_next_double(b, "slope_low_per_month", t->slope_low * FI_TREND_DAYS_PER_MONTH);
	fi__buf_json_next_double(b, "slope_high_per_month", t->slope_high * FI_TREND_DAYS_PER_MONTH);
	fi__buf_json_next_double(b, "fitted_first", t->fitted_first);
	fi__buf_json_next_double(b, "fitted_last", t->fitted_last);
	fi__buf_putc(b, '}');
}

static void json_mk(fi__buf *b, const fi_trend_report *r)
{
	const fi_trend_summary *t = &r->s;
	if (!t->mk_computed) {
		fi__buf_puts(b, ",\"mann_kendall\":null");
	} else {
		fi__buf_puts(b, ",\"mann_kendall\":{\"s\":");
		fi__buf_json_double(b, t->mk_s);
		fi__buf_json_next_double(b, "z", t->mk_z);
		fi__buf_json_next_double(b, "p_value", t->mk_p_value);
		fi__buf_json_next_double(b, "tau", t->mk_tau);
		fi__buf_json_next_double(b, "sen_slope_per_day", t->sen_slope_per_day);
		fi__buf_json_next_double(b, "sen_slope_per_month", t->sen_slope_per_day * FI_TREND_DAYS_PER_MONTH);
		fi__buf_json_next_double(b, "sen_intercept", t->sen_intercept);
		json_name(b, "direction", fi_trend_direction_name(t->mk_direction));
		fi__buf_putc(b, '}');
	}
	json_name(b, "mann_kendall_note", r->mk_note[0] ? r->mk_note : NULL);
}

static void json_plateaus(fi__buf *b, const fi_trend_report *r)
{
	fi__buf_printf(b, ",\"plateaus\":{\"window\":%zu,\"tolerance\":", r->p.plateau_window);
	fi__buf_json_double(b, r->p.plateau_tolerance);
	fi__buf_printf(b, ",\"min_length\":%zu,\"runs\":[", r->p.plateau_min_length);
	for (size_t i = 0; i < r->plateau_count; i++) {
		const fi_plateau *p = &r->plateaus[i];
		fi__buf_printf(b, "%s{\"first\":%zu,\"last\":%zu,\"length\":%zu,\"first_date\":", i ? "," : "",
			      p->first, p->last, p->length);
		fi__json_day(b, p->first_day);
		fi__buf_puts(b, ",\"last_date\":");
		fi__json_day(b, p->last_day);
		if (r->series.ids)
			fi__buf_printf(b, ",\"first_workout_id\":%lld,\"last_workout_id\":%lld",
				      (long long)p->first_workout_id, (long long)p->last_workout_id);
		fi__buf_json_next_double(b, "level", p->level);
		fi__buf_json_next_double(b, "mean", p->mean);
		fi__buf_putc(b, '}');
	}
	fi__buf_puts(b, "]}");
}

int fi_trend_report_to_json(const fi_trend_report *r, char **json)
{
	if (!r || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "report or json is NULL");
	*json = NULL;
	const fi_trend_summary *t = &r->s;
	bool count = t->statistic == FI_STATISTIC_COUNT;
	fi__buf b = FI__BUF_INIT;
	const char *metric = count ? "count" : fi_metric_name(t->metric);
	fi__buf_puts(&b, "{\"metric\":");
	fi__buf_json_string(&b, metric, strlen(metric));
	json_name(&b, "column", count ? NULL : fi_column_name(t->metric));
	json_name(&b, "unit", count ? "workouts" : fi_metric_unit(t->metric));
	json_name(&b, "better", !count && fi_metric_lower_is_better(t->metric) == 1 ? "lower" : "higher");
	json_name(&b, "per", fi_period_name(t->per));
	json_name(&b, "statistic", fi_statistic_name(t->statistic));
	json_name(&b, "status", fi_analysis_status_name(t->status));
	json_name(&b, "reason", r->reason[0] ? r->reason : NULL);
	fi__buf_printf(&b, ",\"n\":%zu,\"first_date\":", t->n);
	if (t->n)
		fi__json_day(&b, t->first_day);
	else
		fi__buf_puts(&b, "null");
	fi__buf_puts(&b, ",\"last_date\":");
	if (t->n)
		fi__json_day(&b, t->last_day);
	else
		fi__buf_puts(&b, "null");
	json_ols(&b, t);
	json_name(&b, "direction", t->status == FI_ANALYSIS_OK ? fi_trend_direction_name(t->direction) : NULL);
	fi__buf_json_next_double(&b, "change_pct_per_month", t->change_pct_per_month);
	fi__buf_json_next_double(&b, "improvement_pct_per_month", t->improvement_pct_per_month);
	json_mk(&b, r);
	json_plateaus(&b, r);
	json_band(&b, r);
	if (t->per != FI_PERIOD_WORKOUT) {
		fi__buf_puts(&b, ",\"points\":");
		fi__series_json(&b, &r->series);
	}
	fi__buf_putc(&b, '}');
	return fi__buf_finish(&b, json);
}
