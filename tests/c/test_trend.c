/* Trends, forecasts and records (SPEC §5) through the public API and the frame-based entries:
 * regressions on days (direction with pace lower-is-better), improvement rate, Mann–Kendall,
 * plateaus by their definition, weekly and monthly series with empty periods, forecasts against
 * the kernels, records (labels, outliers, ties, ISO weeks), insufficient data and error paths. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../libfitintel/analysis/trend_internal.h"
#include "helpers.h"
#include "tap.h"

#define MONDAY 18267   /* 2020-01-06, a Monday */

typedef struct wk {
	int32_t day;          /* day number */
	double pace, dist;
	const char *label;    /* stored label, or NULL */
} wk;

/* A store with workouts 1000, 1001, ... and exactly the labels given (none where NULL). */
static fi_store *store_of(const char *name, const wk *w, size_t n)
{
	size_t cap = (n + 2) * 256;
	char *csv = malloc(cap), file[64];
	size_t len = (size_t)snprintf(csv, cap, "%s\n", EXPORT_HEADER);
	for (size_t i = 0; i < n; i++) {
		char date[11], pace[32] = "", dist[32] = "";
		test_iso_of_day(w[i].day, date);
		if (!isnan(w[i].pace))
			snprintf(pace, sizeof pace, "%.17g", w[i].pace);
		if (!isnan(w[i].dist))
			snprintf(dist, sizeof dist, "%.17g", w[i].dist);
		len += (size_t)snprintf(csv + len, cap - len,
					"%s,%s,Run,100,%s,1800,%s,,,,,,,,http://www.mapmyfitness.com/workout/%lld\n",
					date, date, dist, pace, 1000 + (long long)i);
	}
	snprintf(file, sizeof file, "%s.csv", name);
	fi_store *s = test_store_with(name, test_write(file, csv, len));
	free(csv);
	const char *path = test_path(name);
	test_exec(path, "DELETE FROM classifications");
	for (size_t i = 0; i < n; i++) {
		if (!w[i].label)
			continue;
		char q[256];
		snprintf(q, sizeof q, "INSERT INTO classifications(workout_id, label, method, confidence)"
			 " VALUES (%lld, '%s', 'user', 1)", 1000 + (long long)i, w[i].label);
		test_exec(path, q);
	}
	return s;
}

static bool near(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fmax(fabs(a), fabs(b)) + 1e-300;
}

/* ---- trends ---- */

static void test_trend_line(void)
{
	/* pace falls 0.01 min/mi per day, exactly: improving */
	wk w[60];
	for (int i = 0; i < 60; i++)
		w[i] = (wk){ MONDAY + 2 * i, 10 - 0.02 * i, 3, "real_run" };
	fi_store *s = store_of("line.db", w, 60);
	fi_trend_report *r = NULL;
	ok(fi_trend_analyze(s, NULL, NULL, &r) == FI_OK && r, "trend with default params (pace per workout)");
	const fi_trend_summary *t = fi_trend_report_summary(r);
	ok(t->status == FI_ANALYSIS_OK && t->n == 60 && t->metric == FI_COLUMN_AVG_PACE, "60 points of pace");
	ok(near(t->slope_per_day, -0.01, 1e-9) && near(t->slope_per_month, -0.01 * 30.44, 1e-9),
	   "slope per day and per month (x 30.44)");
	ok(near(t->fitted_first, 10, 1e-9) && near(t->r2, 1, 1e-9) && t->p_value < 1e-12, "a perfect line");
	is_int(t->direction, FI_TREND_IMPROVING, "falling pace is improving");
	ok(near(t->change_pct_per_month, -0.3044 / 10 * 100, 1e-9) && near(t->improvement_pct_per_month, 3.044, 1e-9),
	   "improvement rate: %% per month of the start (-3.044%%, improving +3.044%%)");
	ok(t->mk_computed && t->mk_s == -(60.0 * 59 / 2) && near(t->sen_slope_per_day, -0.01, 1e-9) &&
	   t->mk_direction == FI_TREND_IMPROVING, "Mann-Kendall: S = -n(n-1)/2, Sen's slope = the slope");
	ok(t->first_day == MONDAY && t->last_day == MONDAY + 118, "first and last day");
	const int32_t *days = NULL;
	const double *values = NULL;
	ok(fi_trend_report_points(r, &days, &values) == 60 && days[1] == MONDAY + 2 && values[1] == 10 - 0.02,
	   "the points are the workouts in date order");
	is_str(fi_trend_report_reason(r), "", "no reason when ok");
	char *json = NULL;
	ok(fi_trend_report_to_json(r, &json) == FI_OK, "to JSON");
	has_str(json, "\"direction\":\"improving\"", "JSON direction");
	has_str(json, "\"better\":\"lower\"", "JSON says lower is better");
	ok(json && !strstr(json, "\"points\""), "per workout, no points in the JSON");
	fi_free(json);
	fi_trend_report_free(r);

	/* distance rising is improving; a mk limit below n skips Mann-Kendall */
	fi_trend_params p = FI_TREND_PARAMS_INIT;
	p.metric = FI_COLUMN_DISTANCE;
	p.mk_max_points = 10;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK, "distance trend");
	t = fi_trend_report_summary(r);
	ok(t->status == FI_ANALYSIS_OK && t->direction == FI_TREND_STABLE && t->slope_per_day == 0,
	   "constant distance: slope 0, stable");
	ok(!t->mk_computed && isnan(t->mk_s), "Mann-Kendall skipped above mk_max_points");
	ok(fi_trend_report_to_json(r, &json) == FI_OK && json, "to JSON");
	has_str(json, "\"mann_kendall\":null,\"mann_kendall_note\":\"Mann-Kendall skipped: 60 points, at most 10",
		"and the JSON says why");
	fi_free(json);
	fi_trend_report_free(r);
	fi_store_close(s);
}

static void test_trend_periods(void)
{
	/* weeks 0, 1, 3 (week 2 empty) with 2, 4, 6 workouts; pace only on some */
	wk w[12];
	int k = 0;
	for (int j = 0; j < 2; j++)
		w[k++] = (wk){ MONDAY + j, 9, 2 + j, "real_run" };
	for (int j = 0; j < 4; j++)
		w[k++] = (wk){ MONDAY + 7 + j, 10, 3, "pup_walk" };
	for (int j = 0; j < 6; j++)
		w[k++] = (wk){ MONDAY + 21 + j, j == 0 ? 11 : (double)NAN, 1, j == 5 ? "outlier" : "real_run" };
	fi_store *s = store_of("weeks.db", w, 12);
	fi_trend_params p = FI_TREND_PARAMS_INIT;
	p.per = FI_PERIOD_WEEK;
	p.statistic = FI_STATISTIC_COUNT;
	fi_trend_report *r = NULL;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK, "weekly counts");
	const int32_t *days;
	const double *values;
	size_t n = fi_trend_report_points(r, &days, &values);
	ok(n == 4 && values[0] == 2 && values[1] == 4 && values[2] == 0 && values[3] == 5,
	   "4 weeks: 2, 4, 0 (empty), 5 (the outlier left out)");
	ok(days[0] == MONDAY && days[2] == MONDAY + 14 && days[3] == MONDAY + 21, "dated by their Mondays");
	const fi_trend_summary *t = fi_trend_report_summary(r);
	ok(t->metric == 0 && t->statistic == FI_STATISTIC_COUNT && t->status == FI_ANALYSIS_OK, "a count trend");
	char *json = NULL;
	ok(fi_trend_report_to_json(r, &json) == FI_OK, "to JSON");
	has_str(json, "\"metric\":\"count\"", "JSON metric count");
	has_str(json, "{\"date\":\"2020-01-20\",\"value\":0,\"count\":0}", "JSON lists the empty week");
	fi_free(json);
	fi_trend_report_free(r);

	p.include_outliers = 1;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK && fi_trend_report_points(r, NULL, &values) == 4 &&
	   values[3] == 6, "include_outliers counts the outlier");
	fi_trend_report_free(r);

	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.per = FI_PERIOD_WEEK;
	p.statistic = FI_STATISTIC_MEAN;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK, "weekly mean pace");
	n = fi_trend_report_points(r, &days, &values);
	ok(n == 3 && values[0] == 9 && values[1] == 10 && values[2] == 11 && days[2] == MONDAY + 21,
	   "weeks without a pace are left out of means");
	ok(fi_trend_report_summary(r)->slope_per_day > 0 &&
	   fi_trend_report_summary(r)->direction != FI_TREND_IMPROVING, "slower pace is not improving");
	fi_trend_report_free(r);

	p.statistic = FI_STATISTIC_SUM;
	p.metric = FI_COLUMN_DISTANCE;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK && fi_trend_report_points(r, NULL, &values) == 4 &&
	   values[0] == 5 && values[1] == 12 && values[2] == 0 && values[3] == 5, "weekly distance sums");
	fi_trend_report_free(r);

	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.label = FI_LABEL_PUP_WALK;
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.per = FI_PERIOD_MONTH;
	p.statistic = FI_STATISTIC_COUNT;
	ok(fi_trend_analyze(s, &f, &p, &r) == FI_OK, "monthly count of walks");
	t = fi_trend_report_summary(r);
	ok(t->status == FI_ANALYSIS_INSUFFICIENT_DATA && t->n == 1 && isnan(t->slope_per_day),
	   "one month: insufficient data, figures NaN");
	has_str(fi_trend_report_reason(r), "only 1 point", "the reason");
	ok(fi_trend_report_to_json(r, &json) == FI_OK, "to JSON");
	has_str(json, "\"status\":\"insufficient_data\"", "JSON status");
	has_str(json, "\"direction\":null", "JSON: no direction");
	fi_free(json);
	fi_trend_report_free(r);

	/* frame-based entry with a label */
	fi_frame *frame = NULL;
	fi_frame_load(s, NULL, &frame);
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	ok(fi__trend_on_frame(frame, FI_LABEL_PUP_WALK, &p, &r) == FI_OK &&
	   fi_trend_report_summary(r)->n == 4 && fi_trend_report_summary(r)->slope_per_day == 0 &&
	   fi_trend_report_summary(r)->direction == FI_TREND_STABLE, "fi__trend_on_frame: the walks' flat pace");
	fi_trend_report_free(r);
	ok(fi__trend_on_frame(frame, FI_LABEL_REAL_RUN, NULL, &r) == FI_OK && fi_trend_report_summary(r)->n == 3,
	   "runs with a pace: 3 points (NaN skipped, the outlier's label differs)");
	fi_trend_report_free(r);
	fi_frame_free(frame);
	fi_store_close(s);
}

/* The plateau definition of trend.h, written out plainly. */
static size_t plateaus_by_definition(const double *y, size_t n, size_t w, double tol, size_t min_len,
				     size_t *first, size_t *last)
{
	size_t count = 0;
	for (size_t s = w - 1; s < n;) {
		double a = 0;
		for (size_t j = s + 1 - w; j <= s; j++)
			a += y[j];
		a /= (double)w;
		size_t e = s;
		while (e + 1 < n) {
			double m = 0;
			for (size_t j = e + 2 - w; j <= e + 1; j++)
				m += y[j];
			m /= (double)w;
			if (!(fabs(m - a) < tol * fabs(a)))
				break;
			e++;
		}
		if (e - s + 1 >= min_len) {
			first[count] = s;
			last[count++] = e;
		}
		s = e + 1;
	}
	return count;
}

static void test_plateaus(void)
{
	/* 30 flat workouts, a climb of 20, 25 flat again, noise of ±2% */
	wk w[75];
	double y[75];
	for (int i = 0; i < 75; i++) {
		double base = i < 30 ? 10 : i < 50 ? 10 + 0.25 * (i - 29) : 15;
		y[i] = base * (1 + 0.02 * ((i * 7) % 5 - 2) / 2);
		w[i] = (wk){ MONDAY + i, y[i], 2, "real_run" };
	}
	fi_store *s = store_of("plateau.db", w, 75);
	fi_trend_report *r = NULL;
	ok(fi_trend_analyze(s, NULL, NULL, &r) == FI_OK, "trend with plateaus");
	size_t first[20], last[20], count = 0;
	size_t want = plateaus_by_definition(y, 75, 7, 0.05, 14, first, last);
	const fi_plateau *pl = fi_trend_report_plateaus(r, &count);
	ok(want == 2 && count == want, "two plateaus, as the definition finds (%zu)", count);
	bool same = count == want;
	for (size_t i = 0; same && i < count; i++)
		same = pl[i].first == first[i] && pl[i].last == last[i] && pl[i].length == last[i] - first[i] + 1;
	ok(same, "at the same points");
	ok(count >= 2 && pl[0].first == 6 && pl[0].first_day == MONDAY + 6 && pl[0].first_workout_id == 1006 &&
	   near(pl[0].mean, 10, 0.02) && near(pl[1].mean, 15, 0.02), "the first starts with the first full window");
	fi_trend_report_free(r);

	fi_trend_params p = FI_TREND_PARAMS_INIT;
	p.plateau_min_length = 40;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK && fi_trend_report_plateaus(r, &count) == NULL && count == 0,
	   "none of 40 points");
	fi_trend_report_free(r);
	p.plateau_min_length = 14;
	p.plateau_tolerance = 0;
	ok(fi_trend_analyze(s, NULL, &p, &r) == FI_OK && fi_trend_report_plateaus(r, &count) == NULL,
	   "tolerance 0: nothing stays within it");
	fi_trend_report_free(r);
	fi_store_close(s);
}

static void test_trend_errors(void)
{
	wk w[3] = { { MONDAY, 9, 3, NULL }, { MONDAY, 10, 3, NULL }, { MONDAY, 11, 3, NULL } };
	fi_store *s = store_of("terr.db", w, 3);
	fi_trend_report *r = (fi_trend_report *)&r;
	fi_trend_params p = FI_TREND_PARAMS_INIT;
	is_int(fi_trend_analyze(NULL, NULL, NULL, &r), FI_EINVALID, "NULL store: FI_EINVALID");
	is_int(fi_trend_analyze(s, NULL, NULL, NULL), FI_EINVALID, "NULL out: FI_EINVALID");
	ok(fi_trend_analyze(s, NULL, NULL, &r) == FI_OK &&
	   fi_trend_report_summary(r)->status == FI_ANALYSIS_INSUFFICIENT_DATA, "3 points on one day: insufficient");
	has_str(fi_trend_report_reason(r), "one day", "  and says so");
	fi_trend_report_free(r);
	p.statistic = FI_STATISTIC_COUNT;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "a count per workout: FI_EINVALID");
	ok(r == NULL, "  out is NULL");
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.metric = FI_COLUMN_DAY;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "the day is not a metric: FI_EINVALID");
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.per = 5;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "an unknown period: FI_EINVALID");
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.statistic = 9;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "an unknown statistic: FI_EINVALID");
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.confidence = 1;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "confidence 1: FI_EINVALID");
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.plateau_window = 0;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "a plateau window of 0: FI_EINVALID");
	p = (fi_trend_params)FI_TREND_PARAMS_INIT;
	p.version = 2;
	is_int(fi_trend_analyze(s, NULL, &p, &r), FI_EINVALID, "an unknown version: FI_EINVALID");
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.to = "Feb. 30, 2020";
	is_int(fi_trend_analyze(s, &f, NULL, &r), FI_EINVALID, "an impossible filter date: FI_EINVALID");
	ok(fi_trend_params_init(&p, FI_TREND_PARAMS_VERSION) == FI_OK && p.confidence == 0.95 &&
	   p.plateau_min_length == 14 && p.plateau_tolerance == 0.05, "params_init defaults");
	is_int(fi_trend_params_init(&p, 0), FI_EINVALID, "params_init with version 0");
	fi_trend_report_free(NULL);
	ok(fi_trend_report_summary(NULL) == NULL && fi_trend_report_points(NULL, NULL, NULL) == 0,
	   "accessors accept NULL");
	char *json;
	is_int(fi_trend_report_to_json(NULL, &json), FI_EINVALID, "to_json(NULL)");
	is_str(fi_trend_direction_name(FI_TREND_DECLINING), "declining", "direction names");
	ok(fi_trend_direction_name(2) == NULL, "  NULL out of range");
	int v;
	ok(fi_period_parse("Month", &v) == FI_OK && v == FI_PERIOD_MONTH && fi_statistic_parse("sum", &v) == FI_OK &&
	   v == FI_STATISTIC_SUM, "period and statistic names parse");
	is_int(fi_period_parse("year", &v), FI_EINVALID, "an unknown period name");
	is_int(fi_statistic_parse("median", &v), FI_EINVALID, "an unknown statistic name");
	fi_store_close(s);
}

/* ---- forecasts ---- */

static void test_forecast(void)
{
	/* 10 weeks: week i has i % 4 + 1 workouts, week 5 none; mean pace 9 + i/10 */
	wk w[64];
	size_t n = 0;
	double counts[10], paces[10];
	size_t np = 0;
	for (int i = 0; i < 10; i++) {
		int c = i == 5 ? 0 : i % 4 + 1;
		counts[i] = c;
		for (int j = 0; j < c; j++)
			w[n++] = (wk){ MONDAY + 7 * i + j, 9 + i / 10.0, 3, "real_run" };
		if (c)
			paces[np++] = 9 + i / 10.0;
	}
	fi_store *s = store_of("forecast.db", w, n);
	fi_forecast_report *r = NULL;
	ok(fi_forecast_series(s, NULL, NULL, &r) == FI_OK && r, "weekly counts, 4 ahead (defaults)");
	const fi_forecast_summary *sum = fi_forecast_report_summary(r);
	const int32_t *days;
	const double *values;
	size_t h = fi_forecast_report_history(r, &days, &values);
	ok(sum->status == FI_ANALYSIS_OK && h == 10 && values[5] == 0 && values[9] == counts[9],
	   "10 weeks of history, the empty one counts 0");
	double v[4], lo[4], hi[4], holt[4], rmse, hrmse, alpha, beta;
	fi_forecast_linear(counts, 10, 4, 0.95, v, lo, hi, &rmse);
	fi_forecast_holt_fit(counts, 10, &alpha, &beta);
	fi_forecast_holt(counts, 10, 4, alpha, beta, holt, NULL, &hrmse);
	size_t k = 0;
	const fi_forecast_step *st = fi_forecast_report_steps(r, &k);
	ok(k == 4 && st[0].day == MONDAY + 70 && st[3].day == MONDAY + 91, "the 4 weeks after the last");
	ok(st[2].linear == v[2] && st[2].low == lo[2] && st[2].high == hi[2] && st[3].holt == holt[3],
	   "the kernels' linear forecast with its interval, and Holt's");
	ok(sum->linear_rmse == rmse && sum->holt_rmse == hrmse && sum->holt_alpha == alpha && sum->holt_beta == beta,
	   "in-sample RMSEs and Holt's fitted weights");
	char *json = NULL;
	ok(fi_forecast_report_to_json(r, &json) == FI_OK, "to JSON");
	has_str(json, "\"statistic\":\"count\",\"metric\":null", "JSON names the series");
	has_str(json, "{\"date\":\"2020-02-10\",\"value\":0,\"count\":0}", "JSON history holds the empty week");
	fi_free(json);
	fi_forecast_report_free(r);

	fi_forecast_params p = FI_FORECAST_PARAMS_INIT;
	p.statistic = FI_STATISTIC_MEAN;
	p.metric = FI_COLUMN_AVG_PACE;
	p.horizon = 2;
	ok(fi_forecast_series(s, NULL, &p, &r) == FI_OK, "weekly mean pace");
	h = fi_forecast_report_history(r, &days, &values);
	fi_forecast_linear(paces, np, 2, 0.95, v, lo, hi, &rmse);
	st = fi_forecast_report_steps(r, &k);
	ok(h == 9 && days[5] == MONDAY + 42 && k == 2 && near(st[0].linear, v[0], 1e-12),
	   "the empty week is left out of a mean series");
	fi_forecast_report_free(r);

	p = (fi_forecast_params)FI_FORECAST_PARAMS_INIT;
	p.per = FI_PERIOD_MONTH;
	ok(fi_forecast_series(s, NULL, &p, &r) == FI_OK, "monthly counts");
	sum = fi_forecast_report_summary(r);
	h = fi_forecast_report_history(r, &days, &values);
	st = fi_forecast_report_steps(r, &k);
	char first[11], next[11];
	test_iso_of_day(days[0], first);
	test_iso_of_day(st[0].day, next);
	ok(sum->status == FI_ANALYSIS_OK && h == 3 && values[0] == counts[0] + counts[1] + counts[2] + counts[3] && strcmp(first, "2020-01-01") == 0 &&
	   strcmp(next, "2020-04-01") == 0, "3 months from January (10 workouts), forecast from April");
	fi_forecast_report_free(r);
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.to = "2020-02-15";
	ok(fi_forecast_series(s, &f, &p, &r) == FI_OK, "monthly counts to mid-February");
	sum = fi_forecast_report_summary(r);
	ok(sum->status == FI_ANALYSIS_INSUFFICIENT_DATA && sum->periods == 2 && sum->horizon == 0,
	   "2 months: insufficient data");
	ok(fi_forecast_report_steps(r, &k) == NULL && k == 0, "no steps");
	has_str(fi_forecast_report_reason(r), "at least 3", "the reason");
	fi_forecast_report_free(r);

	fi_frame *frame = NULL;
	fi_frame_load(s, NULL, &frame);
	ok(fi__forecast_on_frame(frame, FI_LABEL_PUP_WALK, NULL, &r) == FI_OK &&
	   fi_forecast_report_summary(r)->status == FI_ANALYSIS_INSUFFICIENT_DATA &&
	   fi_forecast_report_history(r, NULL, NULL) == 0, "no walks: an empty history");
	fi_forecast_report_free(r);
	fi_frame_free(frame);

	fi_forecast_report *bad = (fi_forecast_report *)&bad;
	is_int(fi_forecast_series(NULL, NULL, NULL, &bad), FI_EINVALID, "NULL store: FI_EINVALID");
	p = (fi_forecast_params)FI_FORECAST_PARAMS_INIT;
	p.per = FI_PERIOD_WORKOUT;
	is_int(fi_forecast_series(s, NULL, &p, &bad), FI_EINVALID, "per workout is not a series: FI_EINVALID");
	ok(bad == NULL, "  out is NULL");
	p = (fi_forecast_params)FI_FORECAST_PARAMS_INIT;
	p.horizon = 0;
	is_int(fi_forecast_series(s, NULL, &p, &bad), FI_EINVALID, "horizon 0: FI_EINVALID");
	p.horizon = 1001;
	is_int(fi_forecast_series(s, NULL, &p, &bad), FI_EINVALID, "horizon 1001: FI_EINVALID");
	p = (fi_forecast_params)FI_FORECAST_PARAMS_INIT;
	p.statistic = FI_STATISTIC_SUM;
	p.metric = 99;
	is_int(fi_forecast_series(s, NULL, &p, &bad), FI_EINVALID, "an unknown metric: FI_EINVALID");
	p = (fi_forecast_params)FI_FORECAST_PARAMS_INIT;
	p.confidence = 0;
	is_int(fi_forecast_series(s, NULL, &p, &bad), FI_EINVALID, "confidence 0: FI_EINVALID");
	is_int(fi_forecast_params_init(NULL, FI_FORECAST_PARAMS_VERSION), FI_EINVALID, "params_init(NULL)");
	is_int(fi_forecast_report_to_json(NULL, &json), FI_EINVALID, "to_json(NULL)");
	fi_forecast_report_free(NULL);
	fi_store_close(s);
}

/* ---- records ---- */

static void test_records(void)
{
	wk w[] = {
		{ MONDAY, 8.0, 0.5, "real_run" },        /* fastest pace, but under 1 mi */
		{ MONDAY + 1, 8.5, 3.0, "real_run" },
		{ MONDAY + 2, 3.0, 9.0, "outlier" },     /* never a record */
		{ MONDAY + 3, 8.4, 6.0, "real_run" },    /* beats 8.5: the pace record; longest run */
		{ MONDAY + 4, 8.4, 2.0, "real_run" },    /* ties 8.4 later: the earlier stays */
		{ MONDAY + 5, 20, 2.5, "pup_walk" },
		{ MONDAY + 6, 21, 2.5, "pup_walk" },     /* ties the longest walk: the earlier stays */
		{ MONDAY + 8, 22, 1.0, "pup_walk" },     /* week 2: 3 workouts, beats week 1's 6? no */
		{ MONDAY + 9, 22, 1.0, NULL },
		{ MONDAY + 13, 22, 1.0, "mixed" },
		{ MONDAY + 40, 9.0, 6.5, "real_run" },   /* next month: the longest run, beating 6.0 */
	};
	size_t n = sizeof w / sizeof *w;
	fi_store *s = store_of("records.db", w, n);
	fi_records_report *r = NULL;
	ok(fi_records_find(s, NULL, NULL, &r) == FI_OK && r, "records with the store's configuration");
	const fi_record *pace = fi_records_report_get(r, FI_RECORD_FASTEST_RUN_PACE);
	ok(pace->found && pace->value == 8.4 && pace->workout_id == 1003 && pace->day == MONDAY + 3,
	   "fastest run over 1 mi: 8.4 (the first one; the 8.0 was too short; the outlier never counts)");
	ok(pace->previous_value == 8.5 && pace->previous_workout_id == 1001 && pace->previous_day == MONDAY + 1,
	   "  it beat 8.5");
	const fi_record *run = fi_records_report_get(r, FI_RECORD_LONGEST_RUN);
	ok(run->found && run->value == 6.5 && run->workout_id == 1010 && run->previous_value == 6.0,
	   "longest run 6.5, beating 6.0");
	const fi_record *walk = fi_records_report_get(r, FI_RECORD_LONGEST_WALK);
	ok(walk->found && walk->value == 2.5 && walk->workout_id == 1005 && isnan(walk->previous_value) &&
	   walk->previous_workout_id == 0, "longest walk 2.5, the earlier of a tie, beating nothing");
	const fi_record *week = fi_records_report_get(r, FI_RECORD_MOST_WORKOUTS_WEEK);
	ok(week->found && week->value == 6 && week->period_first == MONDAY && week->period_last == MONDAY + 6 &&
	   week->workout_id == 1006 && week->day == MONDAY + 6, "busiest ISO week: 6 (outlier not counted)");
	const fi_record *month = fi_records_report_get(r, FI_RECORD_MOST_WORKOUTS_MONTH);
	char a[11], b[11];
	test_iso_of_day(month->period_first, a);
	test_iso_of_day(month->period_last, b);
	ok(month->found && month->value == 9 && strcmp(a, "2020-01-01") == 0 && strcmp(b, "2020-01-31") == 0 &&
	   month->workout_id == 1009, "busiest month: January, 9 workouts (%s .. %s)", a, b);
	ok(fi_records_report_get(r, 0) == NULL && fi_records_report_get(r, 6) == NULL &&
	   fi_records_report_reason(r, 6) == NULL, "unknown kinds: NULL");
	is_str(fi_records_report_reason(r, FI_RECORD_LONGEST_RUN), "", "no reason when found");
	const fi_record *set[FI_RECORD_KIND_COUNT];
	size_t c = fi__records_set_between(r, MONDAY + 3, MONDAY + 6, set);
	ok(c == 3 && set[0]->kind == FI_RECORD_FASTEST_RUN_PACE && set[1]->kind == FI_RECORD_LONGEST_WALK &&
	   set[2]->kind == FI_RECORD_MOST_WORKOUTS_WEEK, "records set between two days, in kind order");
	ok(fi__records_set_between(r, MONDAY + 100, MONDAY + 200, set) == 0, "none later");
	char *json = NULL;
	ok(fi_records_report_to_json(r, &json) == FI_OK, "to JSON");
	has_str(json, "\"kind\":\"fastest_run_pace\",\"found\":true,\"reason\":null,\"unit\":\"min/mi\",\"value\":8.4,"
		      "\"workout_id\":1003,\"date\":\"2020-01-09\"", "JSON of a record");
	has_str(json, "\"previous\":{\"value\":8.5,\"workout_id\":1001,\"date\":\"2020-01-07\"}", "JSON previous");
	fi_free(json);
	fi_records_report_free(r);

	fi_records_params p = FI_RECORDS_PARAMS_INIT;
	p.min_run_distance = 0.5;
	ok(fi_records_find(s, NULL, &p, &r) == FI_OK &&
	   fi_records_report_get(r, FI_RECORD_FASTEST_RUN_PACE)->workout_id == 1000, "min distance 0.5: the 8.0 counts");
	fi_records_report_free(r);
	ok(fi_config_set(s, "records.min_run_distance", "7") == FI_OK, "config records.min_run_distance 7");
	ok(fi_records_params_load(s, &p) == FI_OK && p.min_run_distance == 7, "params_load reads it");
	ok(fi_records_find(s, NULL, NULL, &r) == FI_OK && !fi_records_report_get(r, FI_RECORD_FASTEST_RUN_PACE)->found,
	   "no run of 7 mi: no pace record");
	has_str(fi_records_report_reason(r, FI_RECORD_FASTEST_RUN_PACE), "at least 7 mi", "  and the reason says so");
	fi_records_report_free(r);

	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "2020-02-01";
	p.min_run_distance = 1;
	ok(fi_records_find(s, &f, &p, &r) == FI_OK, "records in a date range");
	ok(!fi_records_report_get(r, FI_RECORD_LONGEST_WALK)->found &&
	   strcmp(fi_records_report_reason(r, FI_RECORD_LONGEST_WALK), "no workout is labelled pup_walk") == 0,
	   "no walk in the range: not found, with the reason");
	ok(fi_records_report_get(r, FI_RECORD_MOST_WORKOUTS_WEEK)->value == 1, "one workout in its week");
	fi_records_report_free(r);

	is_int(fi_records_find(NULL, NULL, NULL, &r), FI_EINVALID, "NULL store: FI_EINVALID");
	p.min_run_distance = -1;
	is_int(fi_records_find(s, NULL, &p, &r), FI_EINVALID, "a negative distance: FI_EINVALID");
	p = (fi_records_params)FI_RECORDS_PARAMS_INIT;
	p.version = 3;
	is_int(fi_records_find(s, NULL, &p, &r), FI_EINVALID, "an unknown version: FI_EINVALID");
	is_int(fi_records_report_to_json(NULL, &json), FI_EINVALID, "to_json(NULL)");
	is_str(fi_record_kind_name(FI_RECORD_MOST_WORKOUTS_MONTH), "most_workouts_month", "kind names");
	fi_records_report_free(NULL);
	fi_store_close(s);

	/* without classifications */
	wk plain[3] = { { MONDAY, 9, 3, NULL }, { MONDAY + 1, 9, 3, NULL }, { MONDAY + 9, 9, 3, NULL } };
	s = store_of("plain.db", plain, 3);
	ok(fi_records_find(s, NULL, NULL, &r) == FI_OK, "records of an unclassified store");
	ok(!fi_records_report_get(r, FI_RECORD_LONGEST_RUN)->found &&
	   strstr(fi_records_report_reason(r, FI_RECORD_LONGEST_RUN), "classified") != NULL,
	   "run records are empty and say the workouts are not classified");
	ok(fi_records_report_get(r, FI_RECORD_MOST_WORKOUTS_WEEK)->found &&
	   fi_records_report_get(r, FI_RECORD_MOST_WORKOUTS_WEEK)->value == 2, "counts need no labels");
	fi_records_report_free(r);
	fi_frame *frame = NULL;
	fi_frame_load(s, NULL, &frame);
	ok(fi__records_on_frame(frame, NULL, &r) == FI_OK && fi_records_report_get(r, FI_RECORD_MOST_WORKOUTS_MONTH)->value == 3,
	   "fi__records_on_frame with the built-in defaults");
	fi_records_report_free(r);
	fi_frame_free(frame);
	fi_store_close(s);
}

int main(void)
{
	test_trend_line();
	test_trend_periods();
	test_plateaus();
	test_trend_errors();
	test_forecast();
	test_records();
	test_cleanup();
	return tap_done();
}
