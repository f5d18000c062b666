/* The consistency score of a store's workouts (SPEC §4): the kernel over the window ending on the
 * reference day, its trajectory through the whole selection with a trend, and the figures of the
 * whole history (weekdays, months, rest gaps). Rows of a frame are sorted by day, so each
 * trajectory point hands the kernel only its window's rows, found by binary search. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_run.h"
#include "store/config_internal.h"
#include "consistency_internal.h"
#include "frame/frame_internal.h"
#include "store/store_internal.h"

#define DNAN ((double)NAN)
#define DAYS_PER_MONTH 30.44        /* the average month, as the trends count it */
#define TREND_ALPHA 0.05
#define TREND_CONFIDENCE 0.95
/* Mann–Kendall keeps every pairwise slope (n²/2 doubles): beyond this many points it is skipped. */
#define MK_MAX_POINTS 1000
#define PREFERRED_MAX 3

struct fi_consistency_analysis {
	fi_consistency_analysis_params params;
	char ref_date[11];
	bool has_ref;
	int32_t ref_day;
	fi_consistency score;
	size_t n_points;
	int32_t *point_days;
	double *point_scores;
	fi_consistency_trend trend;
	fi_consistency_history history;
	size_t n_months;
	fi_consistency_month *months;
	char *summary;
};

static const char *const weekday_names[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

const char *fi_consistency_weekday_name(int day)
{
	return day >= 0 && day < 7 ? weekday_names[day] : NULL;
}

FI__DEFINE_PARAMS_INIT(fi_consistency_analysis_params_init, fi_consistency_analysis_params,
		       FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION, FI_CONSISTENCY_ANALYSIS_PARAMS_INIT)

static const fi__config_field consistency_fields[] = {
	FI__CONFIG_FIELD("consistency.window_days", FI__FIELD_INT, fi_consistency_analysis_params, window_days),
	FI__CONFIG_FIELD("consistency.target_per_week", FI__FIELD_DOUBLE, fi_consistency_analysis_params,
			 target_per_week),
	FI__CONFIG_FIELD("consistency.trajectory_step", FI__FIELD_INT, fi_consistency_analysis_params,
			 trajectory_step),
};

int fi_consistency_analysis_params_from_store(fi_store *store, fi_consistency_analysis_params *p)
{
	static const fi_consistency_analysis_params defaults = FI_CONSISTENCY_ANALYSIS_PARAMS_INIT;
	return fi__config_load(store, consistency_fields, sizeof consistency_fields / sizeof *consistency_fields,
			       &defaults, p, sizeof *p);
}

void fi_consistency_analysis_free(fi_consistency_analysis *a)
{
	if (!a)
		return;
	FI__FREE_ALL(a->point_days, a->point_scores, a->months, a->summary, a);
}

/* The kernel on the rows of the window ending on @ref only. */
static int score_window(const fi_frame *f, const fi_consistency_params *kp, int32_t ref, fi_consistency *out)
{
	const int32_t *days = fi__frame_day_array(f);
	size_t n = fi_frame_rows(f);
	if (n == 0)
		return fi_consistency_score(NULL, NULL, NULL, NULL, 0, ref, kp, out);
	size_t lo = fi__days_lower_bound(days, n, ref - kp->window_days + 1), hi = fi__days_lower_bound(days, n, ref + 1);
	const double *cal = fi__frame_values(f, FI_COLUMN_CALORIES);
	const double *dist = fi__frame_values(f, FI_COLUMN_DISTANCE);
	const double *dur = fi__frame_values(f, FI_COLUMN_DURATION);
	return fi_consistency_score(days + lo, cal + lo, dist + lo, dur + lo, hi - lo, ref, kp, out);
}

/* ---- trajectory and trend ---- */

static int build_trajectory(const fi_frame *f, const fi_consistency_params *kp, fi_consistency_analysis *a)
{
	size_t rows = fi_frame_rows(f);
	if (rows == 0)
		return FI_OK;
	const int32_t *days = fi__frame_day_array(f);
	int64_t step = a->params.trajectory_step, ref = a->ref_day;
	int64_t first = days[0], end = days[rows - 1] > ref ? days[rows - 1] : ref;
	/* points ref + k·step within [first, end]: the smallest k whose point is >= first */
	int64_t k0 = first - ref >= 0 ? (first - ref + step - 1) / step : -((ref - first) / step);
	int64_t k1 = (end - ref) / step;   /* end >= ref */
	if (k1 < k0)
		return FI_OK;
	size_t n = (size_t)(k1 - k0 + 1);
	a->point_days = malloc(n * sizeof *a->point_days);
	a->point_scores = malloc(n * sizeof *a->point_scores);
	if (!a->point_days || !a->point_scores)
		return fi__error_oom();
	for (size_t i = 0; i < n; i++) {
		fi_consistency c;
		int32_t t = (int32_t)(ref + (k0 + (int64_t)i) * step);
		int rc = score_window(f, kp, t, &c);
		if (rc)
			return rc;
		a->point_days[i] = t;
		a->point_scores[i] = c.score;
	}
	a->n_points = n;
	return FI_OK;
}

static int build_trend(fi_consistency_analysis *a)
{
	fi_consistency_trend *t = &a->trend;
	size_t n = a->n_points;
	memset(t, 0, sizeof *t);
	t->n = n;
	t->slope_per_day = t->slope_per_month = t->slope_month_low = t->slope_month_high = DNAN;
	t->intercept = t->r2 = t->p_value = DNAN;
	t->mk_s = t->mk_z = t->mk_p_value = t->mk_tau = t->sen_slope_per_month = DNAN;
	if (n < 3) {
		t->status = 1;
		return FI_OK;
	}
	double *x = malloc(n * sizeof *x);
	if (!x)
		return fi__error_oom();
	bool flat = true;
	for (size_t i = 0; i < n; i++) {
		x[i] = (double)(a->point_days[i] - a->point_days[0]);
		flat = flat && a->point_scores[i] == a->point_scores[0];
	}
	fi_ols ols;
	int rc = fi_stats_ols(x, a->point_scores, n, TREND_CONFIDENCE, &ols);
	if (rc) {
		free(x);
		return rc;
	}
	t->slope_per_day = ols.slope;
	t->slope_per_month = ols.slope * DAYS_PER_MONTH;
	t->slope_month_low = ols.slope_low * DAYS_PER_MONTH;
	t->slope_month_high = ols.slope_high * DAYS_PER_MONTH;
	t->intercept = ols.intercept;
	t->r2 = ols.r2;
	t->p_value = ols.p_value;
	if (flat) {
		t->status = 2;
		free(x);
		return FI_OK;
	}
	fi_mann_kendall mk;
	if (n <= MK_MAX_POINTS) {
		if ((rc = fi_stats_mann_kendall(x, a->point_scores, n, &mk))) {
			free(x);
			return rc;
		}
		t->mk_computed = 1;
		t->mk_s = mk.s;
		t->mk_z = mk.z;
		t->mk_p_value = mk.p_value;
		t->mk_tau = mk.tau;
		t->sen_slope_per_month = mk.sen_slope * DAYS_PER_MONTH;
	}
	free(x);
	int sign = ols.slope > 0 ? 1 : ols.slope < 0 ? -1 : 0;
	bool ols_sig = ols.p_value < TREND_ALPHA;
	bool mk_agrees = !t->mk_computed ||
			 (t->mk_p_value < TREND_ALPHA && ((t->mk_s > 0) - (t->mk_s < 0)) == sign);
	t->direction = ols_sig && mk_agrees ? sign : 0;
	return FI_OK;
}

/* ---- the whole history ---- */

static int32_t month_start(int32_t day)
{
	int y, m, d;
	fi__civil_from_days(day, &y, &m, &d);
	return fi__days_from_civil(y, m, 1);
}

static int32_t next_month(int32_t first_of_month)
{
	int y, m, d;
	fi__civil_from_days(first_of_month, &y, &m, &d);
	return m == 12 ? fi__days_from_civil(y + 1, 1, 1) : fi__days_from_civil(y, m + 1, 1);
}

static int build_months(const int32_t *days, size_t rows, fi_consistency_analysis *a)
{
	int y0, m0, y1, m1, d;
	fi__civil_from_days(days[0], &y0, &m0, &d);
	fi__civil_from_days(days[rows - 1], &y1, &m1, &d);
	size_t n = (size_t)((y1 - y0) * 12 + (m1 - m0) + 1);
	if (!(a->months = calloc(n, sizeof *a->months)))
		return fi__error_oom();
	a->n_months = n;
	size_t i = 0;
	int32_t start = month_start(days[0]);
	for (size_t k = 0; k < n; k++) {
		int32_t next = next_month(start);
		size_t j = i;
		while (j < rows && days[j] < next)
			j++;
		a->months[k] = (fi_consistency_month){ start, j - i };
		i = j;
		start = next;
	}
	return FI_OK;
}

static void preferred_days(fi_consistency_history *h)
{
	bool taken[7] = { false };
	h->preferred_n = 0;
	while (h->preferred_n < PREFERRED_MAX) {
		int best = -1;
		for (int d = 0; d < 7; d++)
			if (!taken[d] && h->weekday_counts[d] > 0 &&
			    (best < 0 || h->weekday_counts[d] > h->weekday_counts[best]))
				best = d;
		if (best < 0)
			break;
		taken[best] = true;
		h->preferred[h->preferred_n++] = best;
	}
}

static int build_history(const fi_frame *f, fi_consistency_analysis *a)
{
	fi_consistency_history *h = &a->history;
	const int32_t *days = fi__frame_day_array(f);
	size_t rows = fi_frame_rows(f);
	memset(h, 0, sizeof *h);
	h->mean_rest_days = DNAN;
	h->workouts = rows;
	if (rows == 0)
		return FI_OK;
	h->first_day = days[0];
	h->last_day = days[rows - 1];
	double rest_sum = 0;
	int32_t prev = 0;
	for (size_t i = 0; i < rows; i++) {
		h->weekday_counts[fi__weekday(days[i])]++;
		if (i > 0 && days[i] == prev)
			continue;
		if (i > 0) {
			int32_t rest = days[i] - prev - 1;
			rest_sum += rest;
			if (rest > h->longest_rest_days) {
				h->longest_rest_days = rest;
				h->longest_rest_from = prev + 1;
				h->longest_rest_to = days[i] - 1;
			}
		}
		h->active_days++;
		prev = days[i];
	}
	for (int d = 0; d < 7; d++)
		h->weekday_percent[d] = 100.0 * (double)h->weekday_counts[d] / (double)rows;
	if (h->active_days >= 2)
		h->mean_rest_days = rest_sum / (double)(h->active_days - 1);
	preferred_days(h);
	return build_months(days, rows, a);
}

/* ---- words ---- */

static int build_summary(fi_consistency_analysis *a)
{
	const fi_consistency *s = &a->score;
	fi__buf b = FI__BUF_INIT;
	if (!a->has_ref) {
		fi__buf_puts(&b, "No workouts to score.");
	} else if (s->empty) {
		fi__buf_printf(&b, "No workouts in the %d days to %s: consistency 0/100.", a->params.window_days,
			      a->ref_date);
	} else {
		fi__buf_printf(&b, "Consistency %.0f/100 over the %d days to %s (frequency %.0f, timing %.0f, "
			      "performance %.0f, streak %.0f): %zu workout%s, %.1f per week, on %d active day%s; "
			      "current streak %d day%s.", s->score, a->params.window_days, a->ref_date,
			      s->frequency, s->timing, s->performance, s->streak, s->workouts,
			      s->workouts == 1 ? "" : "s", s->per_week, s->active_days,
			      s->active_days == 1 ? "" : "s", s->current_streak, s->current_streak == 1 ? "" : "s");
	}
	const fi_consistency_trend *t = &a->trend;
	if (t->status == 0 && t->direction != 0)
		fi__buf_printf(&b, " Over the whole history the score is %s (%+.3g points per month).",
			      t->direction > 0 ? "improving" : "declining", t->slope_per_month);
	else if (t->status != 1)
		fi__buf_puts(&b, " Over the whole history the score is stable.");
	if (!(a->summary = fi__buf_detach(&b)))
		return fi__error_oom();
	return FI_OK;
}

/* ---- entry points ---- */

static int check_params(const fi_consistency_analysis_params *p)
{
	if (p->version != FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_consistency_analysis_params version %u",
				 p->version);
	if (p->window_days < 1 || p->window_days > 36600 || p->trajectory_step < 1 || p->trajectory_step > 36600)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "window_days and trajectory_step must be whole numbers of days from 1 to 36600");
	if (!(p->target_per_week >= 0) || !isfinite(p->target_per_week))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the target per week must be a number >= 0");
	return FI_OK;
}

int fi__consistency_on_frame(const fi_frame *f, const fi_consistency_analysis_params *params,
			     fi_consistency_analysis **out)
{
	*out = NULL;
	int rc = check_params(params);
	if (rc)
		return rc;
	fi_consistency_analysis *a = calloc(1, sizeof *a);
	if (!a)
		return fi__error_oom();
	a->params = *params;
	a->params.ref_date = NULL;   /* the caller's string is not kept: ref_date holds the day */
	const int32_t *days = fi__frame_day_array(f);
	size_t rows = fi_frame_rows(f);
	if (params->ref_date) {
		char iso[11];
		if (fi_date_parse(params->ref_date, strlen(params->ref_date), iso) != FI_OK ||
		    !fi__iso_to_days(iso, &a->ref_day)) {
			fi_consistency_analysis_free(a);
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the reference date '%s' is not a date",
					 params->ref_date);
		}
		a->has_ref = true;
	} else if (rows) {
		a->ref_day = days[rows - 1];
		a->has_ref = true;
	}
	if (a->has_ref)
		fi__days_to_iso(a->ref_day, a->ref_date);
	fi_consistency_params kp = FI_CONSISTENCY_PARAMS_INIT;
	kp.window_days = params->window_days;
	kp.target_per_week = params->target_per_week;
	memset(&a->score, 0, sizeof a->score);
	a->score.empty = 1;
	a->score.weekday_cv = a->score.interval_cv = DNAN;
	a->score.cv_calories = a->score.cv_distance = a->score.cv_duration = DNAN;
	if (a->has_ref)
		rc = score_window(f, &kp, a->ref_day, &a->score);
	if (rc == FI_OK && a->has_ref)
		rc = build_trajectory(f, &kp, a);
	if (rc == FI_OK)
		rc = build_trend(a);
	if (rc == FI_OK)
		rc = build_history(f, a);
	if (rc == FI_OK)
		rc = build_summary(a);
	if (rc) {
		fi_consistency_analysis_free(a);
		return rc;
	}
	*out = a;
	return FI_OK;
}

static int consistency_check(const void *p) { return check_params(p); }
static int consistency_run(const fi_frame *f, const void *p, void **out)
{
	fi_consistency_analysis *r = NULL;
	int rc = fi__consistency_on_frame(f, p, &r);
	*out = r;
	return rc;
}

static const fi__analysis consistency_analysis = {
	.params_size = sizeof(fi_consistency_analysis_params),
	.defaults = &(fi_consistency_analysis_params)FI_CONSISTENCY_ANALYSIS_PARAMS_INIT,
	.fields = consistency_fields, .n_fields = FI__ARRAY_LEN(consistency_fields),
	.check = consistency_check, .run = consistency_run,
};

FI__DEFINE_ANALYSIS_ENTRY(fi_consistency_analyze, fi_consistency_analysis_params,
		       fi_consistency_analysis, consistency_analysis)

/* ---- accessors ---- */

const char *fi_consistency_analysis_ref_date(const fi_consistency_analysis *a)
{
	return a && a->has_ref ? a->ref_date : "";
}

const fi_consistency *fi_consistency_analysis_score(const fi_consistency_analysis *a)
{
	return a ? &a->score : NULL;
}

size_t fi_consistency_analysis_trajectory(const fi_consistency_analysis *a, const int32_t **days,
					  const double **scores)
{
	size_t n = a ? a->n_points : 0;
	if (days)
		*days = n ? a->point_days : NULL;
	if (scores)
		*scores = n ? a->point_scores : NULL;
	return n;
}

const fi_consistency_trend *fi_consistency_analysis_trend(const fi_consistency_analysis *a)
{
	return a ? &a->trend : NULL;
}

const fi_consistency_history *fi_consistency_analysis_history(const fi_consistency_analysis *a)
{
	return a ? &a->history : NULL;
}

const fi_consistency_month *fi_consistency_analysis_months(const fi_consistency_analysis *a, size_t *count)
{
	size_t n = a ? a->n_months : 0;
	if (count)
		*count = n;
	return n ? a->months : NULL;
}

const char *fi_consistency_analysis_summary(const fi_consistency_analysis *a)
{
	return a && a->summary ? a->summary : "";
}

/* ---- JSON ---- */

static void json_day(fi__buf *b, const char *key, int32_t day, bool known)
{
	char iso[11];
	fi__buf_printf(b, "\"%s\":", key);
	if (!known) {
		fi__buf_puts(b, "null");
		return;
	}
	fi__days_to_iso(day, iso);
	fi__buf_printf(b, "\"%s\"", iso);
}

static const char *direction_name(const fi_consistency_trend *t)
{
	if (t->status == 1)
		return "insufficient_data";
	return t->direction > 0 ? "improving" : t->direction < 0 ? "declining" : "stable";
}

static void json_score(fi__buf *b, const fi_consistency_analysis *a)
{
	const fi_consistency *s = &a->score;
	fi__buf_json_key_double(b, "score", s->score);
	fi__buf_printf(b, ",\"empty\":%s,\"components\":{", s->empty ? "true" : "false");
	fi__buf_json_key_double(b, "frequency", s->frequency);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "timing", s->timing);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "performance", s->performance);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "streak", s->streak);
	fi__buf_printf(b, "},\"inputs\":{\"workouts\":%zu,\"active_days\":%d,", s->workouts, s->active_days);
	fi__buf_json_key_double(b, "per_week", s->per_week);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "active_day_pct", s->active_day_pct);
	fi__buf_puts(b, ",\"weekday_counts\":[");
	for (int d = 0; d < 7; d++)
		fi__buf_printf(b, "%s%d", d ? "," : "", s->weekday_counts[d]);
	fi__buf_puts(b, "],");
	fi__buf_json_key_double(b, "weekday_cv", s->weekday_cv);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "interval_cv", s->interval_cv);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "cv_calories", s->cv_calories);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "cv_distance", s->cv_distance);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "cv_duration", s->cv_duration);
	fi__buf_printf(b, "},\"streaks\":{\"current_days\":%d,\"longest_days\":%d,\"current_weeks\":%d,"
		      "\"longest_weeks\":%d}", s->current_streak, s->longest_streak, s->current_week_streak,
		      s->longest_week_streak);
}

static void json_trajectory(fi__buf *b, const fi_consistency_analysis *a)
{
	const fi_consistency_trend *t = &a->trend;
	fi__buf_printf(b, "\"trajectory\":{\"step_days\":%d,\"points\":[", a->params.trajectory_step);
	for (size_t i = 0; i < a->n_points; i++) {
		char iso[11];
		fi__days_to_iso(a->point_days[i], iso);
		fi__buf_printf(b, "%s{\"date\":\"%s\",", i ? "," : "", iso);
		fi__buf_json_key_double(b, "score", a->point_scores[i]);
		fi__buf_putc(b, '}');
	}
	fi__buf_printf(b, "],\"trend\":{\"status\":%d,\"n\":%zu,\"direction\":\"%s\",", t->status, t->n,
		      direction_name(t));
	fi__buf_json_key_double(b, "slope_per_day", t->slope_per_day);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "slope_per_month", t->slope_per_month);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "slope_month_low", t->slope_month_low);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "slope_month_high", t->slope_month_high);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "intercept", t->intercept);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "r2", t->r2);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "p_value", t->p_value);
	fi__buf_printf(b, ",\"mann_kendall\":{\"computed\":%s,", t->mk_computed ? "true" : "false");
	fi__buf_json_key_double(b, "s", t->mk_s);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "z", t->mk_z);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "p_value", t->mk_p_value);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "tau", t->mk_tau);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "sen_slope_per_month", t->sen_slope_per_month);
	fi__buf_puts(b, "}}}");
}

static void json_history(fi__buf *b, const fi_consistency_analysis *a)
{
	const fi_consistency_history *h = &a->history;
	fi__buf_printf(b, "\"history\":{\"workouts\":%zu,", h->workouts);
	json_day(b, "first_date", h->first_day, h->workouts > 0);
	fi__buf_putc(b, ',');
	json_day(b, "last_date", h->last_day, h->workouts > 0);
	fi__buf_printf(b, ",\"active_days\":%zu,\"weekdays\":[", h->active_days);
	for (int d = 0; d < 7; d++) {
		fi__buf_printf(b, "%s{\"day\":\"%s\",\"count\":%zu,", d ? "," : "", weekday_names[d], h->weekday_counts[d]);
		fi__buf_json_key_double(b, "percent", h->weekday_percent[d]);
		fi__buf_putc(b, '}');
	}
	fi__buf_puts(b, "],\"preferred_days\":[");
	for (size_t i = 0; i < h->preferred_n; i++)
		fi__buf_printf(b, "%s\"%s\"", i ? "," : "", weekday_names[h->preferred[i]]);
	fi__buf_puts(b, "],\"months\":[");
	for (size_t k = 0; k < a->n_months; k++) {
		char iso[11];
		fi__days_to_iso(a->months[k].day, iso);
		fi__buf_printf(b, "%s{\"month\":\"%.7s\",\"workouts\":%zu}", k ? "," : "", iso, a->months[k].workouts);
	}
	fi__buf_printf(b, "],\"longest_rest\":{\"days\":%d,", (int)h->longest_rest_days);
	json_day(b, "from", h->longest_rest_from, h->longest_rest_days > 0);
	fi__buf_putc(b, ',');
	json_day(b, "to", h->longest_rest_to, h->longest_rest_days > 0);
	fi__buf_puts(b, "},");
	fi__buf_json_key_double(b, "mean_rest_days", h->mean_rest_days);
	fi__buf_putc(b, '}');
}

int fi_consistency_analysis_to_json(const fi_consistency_analysis *a, char **json)
{
	if (!a || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "analysis or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_puts(&b, "{");
	if (a->has_ref)
		fi__buf_printf(&b, "\"ref_date\":\"%s\"", a->ref_date);
	else
		fi__buf_puts(&b, "\"ref_date\":null");
	fi__buf_printf(&b, ",\"window\":{\"days\":%d,", a->params.window_days);
	json_day(&b, "from", a->ref_day - a->params.window_days + 1, a->has_ref);
	fi__buf_putc(&b, ',');
	json_day(&b, "to", a->ref_day, a->has_ref);
	fi__buf_puts(&b, "},");
	fi__buf_json_key_double(&b, "target_per_week", a->params.target_per_week);
	fi__buf_putc(&b, ',');
	json_score(&b, a);
	fi__buf_putc(&b, ',');
	json_trajectory(&b, a);
	fi__buf_putc(&b, ',');
	json_history(&b, a);
	fi__buf_puts(&b, ",\"summary\":");
	fi__buf_json_string(&b, a->summary, strlen(a->summary));
	fi__buf_putc(&b, '}');
	return fi__buf_finish(&b, json);
}
