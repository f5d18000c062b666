/* Anomaly detection (SPEC §3): the copy-free summary equals fi_stats_summarize() bit for bit (ties,
 * NaNs, labels, the fallback paths); each method flags exactly what its definition says on a
 * store; too few values, no spread, MAD = 0, label restriction, the store's configuration, the
 * JSON, and the error paths (NULL arguments, unknown metrics and methods, bad filters and params). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../libfitintel/analysis/anomaly_internal.h"
#include "helpers.h"
#include "tap.h"

/* ---- data ---- */

static uint64_t rng = 88172645463325252ull;

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static double normal(double mean, double sd)
{
	double u = uniform(), v = uniform();
	return mean + sd * sqrt(-2 * log(u > 0 ? u : 1e-300)) * cos(6.283185307179586 * v);
}

#define DAY0 18262   /* 2020-01-01 */

typedef struct wk {
	int day;              /* days after 2020-01-01 */
	double pace, dist, secs;
} wk;

static void cell(char *buf, size_t cap, double v)
{
	if (isnan(v))
		buf[0] = '\0';
	else
		snprintf(buf, cap, "%.17g", v);
}

/* An export of @n workouts with ids first_id, first_id + 1, ... */
static const char *export_of(const char *name, const wk *w, size_t n, long long first_id)
{
	size_t cap = (n + 2) * 256;
	char *csv = malloc(cap);
	size_t len = (size_t)snprintf(csv, cap, "%s\n", EXPORT_HEADER);
	for (size_t i = 0; i < n; i++) {
		char date[11], pace[32], dist[32], secs[32];
		test_iso_of_day(DAY0 + w[i].day, date);
		cell(pace, sizeof pace, w[i].pace);
		cell(dist, sizeof dist, w[i].dist);
		cell(secs, sizeof secs, w[i].secs);
		len += (size_t)snprintf(csv + len, cap - len,
					"%s,%s,Run,100,%s,%s,%s,,,,,,,,http://www.mapmyfitness.com/workout/%lld\n",
					date, date, dist, secs, pace, first_id + (long long)i);
	}
	const char *path = test_write(name, csv, len);
	free(csv);
	return path;
}

static fi_store *store_of(const char *name, const wk *w, size_t n)
{
	char csv[64];
	snprintf(csv, sizeof csv, "%s.csv", name);
	return test_store_with(name, export_of(csv, w, n, 1000));
}

/* ---- the summary ---- */

static bool same(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

/* fi__anomaly_summary() on x (rows where labels match) against the kernel on the compacted values. */
static void check_summary(const char *what, const double *x, size_t rows, const int8_t *labels, int label,
			  size_t sample_min)
{
	double *c = malloc((rows ? rows : 1) * sizeof *c);
	size_t n = 0;
	for (size_t i = 0; i < rows; i++)
		if (isfinite(x[i]) && (!labels || label < 0 || labels[i] == label))
			c[n++] = x[i];
	fi_stats_summary want, got;
	int rc1 = fi_stats_summarize(c, n, &want), rc2 = fi__anomaly_summary(x, rows, labels, label, sample_min, &got);
	ok(rc1 == FI_OK && rc2 == FI_OK && got.n == want.n && same(got.mean, want.mean) && same(got.sd, want.sd) &&
	   same(got.min, want.min) && same(got.max, want.max) && same(got.q1, want.q1) &&
	   same(got.median, want.median) && same(got.q3, want.q3) && same(got.mad, want.mad),
	   "summary of %s (%zu values) equals fi_stats_summarize() bit for bit", what, n);
	if (rc1 || rc2 || !same(got.q1, want.q1) || !same(got.median, want.median) || !same(got.q3, want.q3) ||
	    !same(got.mad, want.mad) || !same(got.sd, want.sd))
		printf("#   got q1 %.17g med %.17g q3 %.17g mad %.17g sd %.17g\n#  want q1 %.17g med %.17g q3 %.17g mad %.17g sd %.17g\n",
		       got.q1, got.median, got.q3, got.mad, got.sd, want.q1, want.median, want.q3, want.mad, want.sd);
	free(c);
}

static void test_summary(void)
{
	size_t n = 200000;
	double *x = malloc(n * sizeof *x);
	int8_t *labels = malloc(n);
	for (size_t i = 0; i < n; i++)
		x[i] = normal(10, 2);
	check_summary("normal values", x, n, NULL, -1, 0);
	for (size_t i = 0; i < n; i++)
		x[i] = round(normal(3, 1.5) * 10) / 10;   /* many ties */
	check_summary("values with ties", x, n, NULL, -1, 0);
	for (size_t i = 0; i < n; i++)
		x[i] = exp(normal(1, 1));                 /* skewed: the MAD is far from the IQR/2 */
	check_summary("skewed values", x, n, NULL, -1, 0);
	for (size_t i = 0; i < n; i++)
		x[i] = uniform() < 0.6 ? 5.0 : normal(5, 1);   /* heavy ties: the exact path */
	check_summary("values 60% equal", x, n, NULL, -1, 0);
	for (size_t i = 0; i < 50000; i++)
		x[i] = 7.25;
	check_summary("equal values", x, 50000, NULL, -1, 0);
	for (size_t i = 0; i < n; i++) {
		x[i] = uniform() < 0.1 ? (double)NAN : normal(20, 5);
		labels[i] = (int8_t)(i % 3);
	}
	x[7] = (double)INFINITY;
	check_summary("values with NaN and infinity", x, n, NULL, -1, 0);
	check_summary("one label's values", x, n, labels, 2, 0);
	for (size_t i = 0; i < 1000; i++)
		x[i] = normal(0, 1);
	check_summary("1000 values sampled (overlapping brackets)", x, 1000, NULL, -1, 64);
	check_summary("1000 values, the kernel's path", x, 1000, NULL, -1, 0);
	for (size_t i = 0; i < 30000; i++)
		x[i] = (double)(i % 101);                /* every rank lands on a run of ties */
	check_summary("integers 0-100 repeated", x, 30000, NULL, -1, 1000);
	x[0] = 1;
	x[1] = 2;
	check_summary("two values", x, 2, NULL, -1, 1);
	fi_stats_summary s;
	x[0] = (double)NAN;
	is_int(fi__anomaly_summary(x, 1, NULL, -1, 0, &s), FI_EINVALID, "no finite value: FI_EINVALID");
	free(x);
	free(labels);
}

/* ---- detection on a store ---- */

/* The flagged ids of a set as a comma list (static buffer). */
static const char *ids_of(const fi_anomaly_report *r, size_t set)
{
	static char buf[4096];
	size_t count = 0, len = 0;
	const fi_anomaly *a = fi_anomaly_report_items(r, set, &count);
	buf[0] = '\0';
	for (size_t i = 0; i < count && len < sizeof buf - 32; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%lld", i ? "," : "", (long long)a[i].workout_id);
	return buf;
}

static size_t find_set(const fi_anomaly_report *r, int metric, int method)
{
	for (size_t i = 0; i < fi_anomaly_report_sets(r); i++) {
		const fi_anomaly_summary *s = fi_anomaly_report_summary(r, i);
		if (s->metric == metric && s->method == method)
			return i;
	}
	return (size_t)-1;
}

static void test_methods(void)
{
	/* 40 runs around 9 min/mi, one at 4 (low) and one at 15 (high); distance constant but one */
	wk w[42];
	for (int i = 0; i < 40; i++)
		w[i] = (wk){ i, 9 + 0.1 * (i % 5) - 0.2, 3.0, 1620 + i };
	w[40] = (wk){ 40, 4.0, 3.0, 720 };
	w[41] = (wk){ 41, 15.0, 6.5, 5850 };
	fi_store *s = store_of("methods.db", w, 42);
	fi_anomaly_report *r = NULL;
	ok(fi_anomaly_detect(s, NULL, NULL, &r) == FI_OK && r, "detect with the store's configuration");
	is_int(fi_anomaly_report_workouts(r), 42, "every workout examined");
	is_int(fi_anomaly_report_sets(r), 12, "3 metrics x 4 methods by default");
	const fi_anomaly_summary *first = fi_anomaly_report_summary(r, 0);
	ok(first->metric == FI_COLUMN_AVG_PACE && first->method == FI_ANOMALY_IQR, "pace and iqr come first");
	ok(fi_anomaly_report_summary(r, 12) == NULL && fi_anomaly_report_reason(r, 12) == NULL,
	   "out of range: NULL");

	/* iqr on pace, against quartiles from the kernel */
	double pace[42];
	for (int i = 0; i < 42; i++)
		pace[i] = w[i].pace;
	double q1, q3;
	fi_stats_quantile(pace, 42, 0.25, &q1);
	fi_stats_quantile(pace, 42, 0.75, &q3);
	size_t i = find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_IQR);
	const fi_anomaly_summary *sum = fi_anomaly_report_summary(r, i);
	ok(sum->q1 == q1 && sum->q3 == q3 && sum->lower == q1 - 1.5 * (q3 - q1) && sum->upper == q3 + 1.5 * (q3 - q1),
	   "iqr: quartiles and fences as the kernel's");
	is_str(ids_of(r, i), "1040,1041", "iqr flags the 4 and the 15 min/mi workouts, in date order");
	size_t count = 0;
	const fi_anomaly *a = fi_anomaly_report_items(r, i, &count);
	ok(count == 2 && a[0].direction == FI_ANOMALY_LOW && a[1].direction == FI_ANOMALY_HIGH,
	   "directions low and high");
	ok(a[0].score == (4.0 - q1) / (q3 - q1) && a[1].score == (15.0 - q3) / (q3 - q1),
	   "iqr scores are IQRs beyond the quartile");
	ok(a[1].severity == FI_ANOMALY_SEVERE && a[0].day == DAY0 + 40, "severity and day");
	ok(sum->count == 2 && fabs(sum->percent - 200.0 / 42) < 1e-12 && sum->n == 42, "count and percentage");

	/* zscore: the same figures as the kernel's z-scores */
	double z[42];
	fi_stats_zscores(pace, 42, z);
	i = find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_ZSCORE);
	a = fi_anomaly_report_items(r, i, &count);
	size_t want = 0;
	for (int k = 0; k < 42; k++)
		want += fabs(z[k]) > 3;
	ok(count == want && count >= 1 && a[count - 1].score == z[41], "zscore flags |z| > 3 with the kernel's z");

	/* modified z-score, with its MAD */
	double m[42];
	int fallback = -1;
	fi_stats_modified_zscores(pace, 42, m, &fallback);
	i = find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_MODIFIED_ZSCORE);
	a = fi_anomaly_report_items(r, i, &count);
	want = 0;
	for (int k = 0; k < 42; k++)
		want += fabs(m[k]) > 3.5;
	ok(count == want && fallback == 0 && fabs(a[0].score - m[40]) < 1e-12 &&
	   fi_anomaly_report_summary(r, i)->fallback == 0, "modified z flags |M| > 3.5 with the kernel's M");

	/* rolling */
	double rz[42];
	fi_stats_rolling_zscores(pace, 42, 30, 5, rz);
	i = find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_ROLLING);
	sum = fi_anomaly_report_summary(r, i);
	a = fi_anomaly_report_items(r, i, &count);
	want = 0;
	size_t scored = 0;
	for (int k = 0; k < 42; k++) {
		scored += !isnan(rz[k]);
		want += fabs(rz[k]) > 2;
	}
	ok(count == want && sum->scored == scored && sum->window == 30 && sum->min_prior == 5,
	   "rolling flags |z| > 2 against the 30 before (%zu scored)", scored);
	ok(count >= 2 && a[count - 2].workout_id == 1040 && a[count - 2].score == rz[40], "the 4 min/mi run stands out");

	/* distance: 41 equal values and one 6.5 → IQR 0 and MAD 0 */
	i = find_set(r, FI_COLUMN_DISTANCE, FI_ANOMALY_IQR);
	a = fi_anomaly_report_items(r, i, &count);
	ok(count == 1 && a[0].workout_id == 1041 && isinf(a[0].score) && a[0].score > 0,
	   "IQR 0: the fences are the quartiles, the score is infinite");
	i = find_set(r, FI_COLUMN_DISTANCE, FI_ANOMALY_MODIFIED_ZSCORE);
	sum = fi_anomaly_report_summary(r, i);
	a = fi_anomaly_report_items(r, i, &count);
	double mean_ad = 3.5 / 42;
	ok(sum->fallback == 1 && sum->status == FI_ANALYSIS_OK && fabs(sum->spread - mean_ad) < 1e-15,
	   "MAD 0: the mean absolute deviation stands in, and it says so");
	ok(count == 1 && fabs(a[0].score - 3.5 / (1.253314 * mean_ad)) < 1e-9, "  with the kernel's formula");

	char *json = NULL;
	ok(fi_anomaly_report_to_json(r, &json) == FI_OK && json, "to JSON");
	has_str(json, "\"method\":\"modified_zscore\"", "JSON names the method");
	has_str(json, "\"fallback\":\"mean_absolute_deviation\"", "JSON reports the fallback");
	has_str(json, "\"score\":null", "JSON writes an infinite score as null");
	has_str(json, "\"date\":\"2020-02-10\"", "JSON dates are ISO");
	/* the figures: the same text with every list of flagged workouts emptied */
	char *figures = NULL, *emptied = malloc(strlen(json) + 1);
	size_t e = 0;
	for (const char *p = json; *p;) {
		if (strncmp(p, "\"anomalies\":[", 13) == 0) {
			memcpy(emptied + e, p, 13);
			e += 13;
			p = strchr(p + 13, ']');   /* the items hold no brackets */
			continue;
		}
		emptied[e++] = *p++;
	}
	emptied[e] = '\0';
	ok(fi_anomaly_report_figures_to_json(r, &figures) == FI_OK && figures && strcmp(figures, emptied) == 0 &&
	   strstr(figures, "\"count\":1"), "the figures' JSON is the report's without the flagged workouts");
	fi_free(figures);
	free(emptied);
	fi_free(json);
	fi_anomaly_report_free(r);

	/* only some metrics and methods; thresholds from the configuration */
	ok(fi_config_set(s, "anomaly.zscore", "1.5") == FI_OK, "config set anomaly.zscore 1.5");
	fi_anomaly_params p;
	ok(fi_anomaly_params_load(s, &p) == FI_OK && p.zscore == 1.5 && p.iqr_k == 1.5 && p.rolling_window == 30,
	   "params_load reads the configuration");
	p.metrics = FI_ANOMALY_METRIC_BIT(FI_COLUMN_DURATION);
	p.methods = FI_ANOMALY_METHOD_BIT(FI_ANOMALY_ZSCORE);
	ok(fi_anomaly_detect(s, NULL, &p, &r) == FI_OK && fi_anomaly_report_sets(r) == 1, "one metric, one method");
	sum = fi_anomaly_report_summary(r, 0);
	ok(sum->metric == FI_COLUMN_DURATION && sum->threshold == 1.5, "with the configured threshold");
	fi_anomaly_report_free(r);
	ok(fi_anomaly_detect(s, NULL, NULL, &r) == FI_OK &&
	   fi_anomaly_report_summary(r, find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_ZSCORE))->threshold == 1.5,
	   "NULL params use the configuration too");
	fi_anomaly_report_free(r);
	fi_store_close(s);
}

static void test_edges(void)
{
	wk w[30];
	for (int i = 0; i < 30; i++)
		w[i] = (wk){ i, i < 9 ? 10 + i : (double)NAN, 2.0, i < 20 ? 1200 : (double)NAN };
	fi_store *s = store_of("edges.db", w, 30);
	fi_anomaly_report *r = NULL;
	ok(fi_anomaly_detect(s, NULL, NULL, &r) == FI_OK, "detect on sparse data");
	size_t i = find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_IQR);
	const fi_anomaly_summary *sum = fi_anomaly_report_summary(r, i);
	ok(sum->status == FI_ANALYSIS_INSUFFICIENT_DATA && sum->n == 9 && sum->count == 0,
	   "9 pace values: insufficient data, nothing flagged");
	has_str(fi_anomaly_report_reason(r, i), "only 9 pace values", "the reason says how many");
	i = find_set(r, FI_COLUMN_DISTANCE, FI_ANOMALY_ZSCORE);
	sum = fi_anomaly_report_summary(r, i);
	ok(sum->status == FI_ANALYSIS_NO_SPREAD && sum->count == 0, "equal distances: no spread for z-scores");
	has_str(fi_anomaly_report_reason(r, i), "sd = 0", "the reason says why");
	i = find_set(r, FI_COLUMN_DISTANCE, FI_ANOMALY_MODIFIED_ZSCORE);
	ok(fi_anomaly_report_summary(r, i)->status == FI_ANALYSIS_NO_SPREAD, "and for modified z-scores");
	i = find_set(r, FI_COLUMN_DISTANCE, FI_ANOMALY_ROLLING);
	ok(fi_anomaly_report_summary(r, i)->status == FI_ANALYSIS_NO_SPREAD, "and for rolling z-scores");
	i = find_set(r, FI_COLUMN_DISTANCE, FI_ANOMALY_IQR);
	ok(fi_anomaly_report_summary(r, i)->status == FI_ANALYSIS_OK && fi_anomaly_report_summary(r, i)->count == 0,
	   "IQR of equal values flags nothing");
	i = find_set(r, FI_COLUMN_DURATION, FI_ANOMALY_IQR);
	ok(fi_anomaly_report_summary(r, i)->n == 20, "missing durations are skipped (20 of 30)");
	size_t count = 5;
	ok(fi_anomaly_report_items(r, find_set(r, FI_COLUMN_AVG_PACE, FI_ANOMALY_IQR), &count) == NULL && count == 0,
	   "no items: NULL and 0");
	fi_anomaly_report_free(r);

	/* cadence needs steps: none here */
	fi_anomaly_params p = FI_ANOMALY_PARAMS_INIT;
	p.metrics = FI_ANOMALY_METRIC_BIT(FI_COLUMN_CADENCE);
	ok(fi_anomaly_detect(s, NULL, &p, &r) == FI_OK &&
	   fi_anomaly_report_summary(r, 0)->status == FI_ANALYSIS_INSUFFICIENT_DATA &&
	   fi_anomaly_report_summary(r, 0)->n == 0, "a metric with no value at all: insufficient data");
	fi_anomaly_report_free(r);

	/* an empty selection */
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "2030-01-01";
	ok(fi_anomaly_detect(s, &f, NULL, &r) == FI_OK && fi_anomaly_report_workouts(r) == 0 &&
	   fi_anomaly_report_summary(r, 0)->status == FI_ANALYSIS_INSUFFICIENT_DATA, "no workouts: insufficient data");
	fi_anomaly_report_free(r);
	fi_store_close(s);
}

static void test_labels(void)
{
	/* 20 runs near 8.5 min/mi, 20 walks near 21, and a 9 min/mi "walk" */
	wk w[41];
	for (int i = 0; i < 20; i++) {
		w[2 * i] = (wk){ 2 * i, 8.5 + 0.05 * (i % 4), 4, 2000 };
		w[2 * i + 1] = (wk){ 2 * i + 1, 21 + 0.3 * (i % 5), 1.5, 1900 };
	}
	w[40] = (wk){ 40, 9.0, 1.5, 810 };
	fi_store *s = store_of("labels.db", w, 41);
	const char *path = test_path("labels.db");
	test_exec(path, "INSERT OR REPLACE INTO classifications(workout_id, label, method, confidence)"
		  " SELECT id, CASE WHEN (id - 1000) % 2 = 0 AND id < 1040 THEN 'real_run' ELSE 'pup_walk' END,"
		  " 'user', 1 FROM workouts");
	fi_anomaly_params p = FI_ANOMALY_PARAMS_INIT;
	p.metrics = FI_ANOMALY_METRIC_BIT(FI_COLUMN_AVG_PACE);
	p.methods = FI_ANOMALY_METHOD_BIT(FI_ANOMALY_IQR);
	fi_anomaly_report *r = NULL;
	ok(fi_anomaly_detect(s, NULL, &p, &r) == FI_OK && fi_anomaly_report_summary(r, 0)->count == 0,
	   "among all workouts a 9 min/mi walk is not an outlier");
	fi_anomaly_report_free(r);
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.label = FI_LABEL_PUP_WALK;
	ok(fi_anomaly_detect(s, &f, &p, &r) == FI_OK, "detect among walks");
	is_str(ids_of(r, 0), "1040", "among walks it is");
	ok(fi_anomaly_report_summary(r, 0)->n == 21, "21 walks examined");
	is_int(fi_anomaly_report_workouts(r), 21, "the report counts the walks as its workouts");
	fi_anomaly_report_free(r);
	f.from = "2020-01-10";     /* the label kept in place, with a date range cut around it */
	ok(fi_anomaly_detect(s, &f, &p, &r) == FI_OK && fi_anomaly_report_workouts(r) == 17 &&
	   fi_anomaly_report_summary(r, 0)->n == 17 && strcmp(ids_of(r, 0), "1040") == 0,
	   "walks from 2020-01-10 (days 9, 11, ... 39 and 40): 17 examined, the 9 min/mi one stands out");
	fi_anomaly_report_free(r);

	/* the frame-based entry with a label */
	fi_frame *frame = NULL;
	ok(fi_frame_load(s, NULL, &frame) == FI_OK, "load a frame");
	ok(fi__anomalies_on_frame(frame, FI_LABEL_PUP_WALK, &p, &r) == FI_OK && strcmp(ids_of(r, 0), "1040") == 0,
	   "fi__anomalies_on_frame restricts to a label");
	fi_anomaly_report_free(r);
	ok(fi__anomalies_on_frame(frame, 9, &p, &r) == FI_EINVALID && r == NULL, "an unknown label: FI_EINVALID");
	ok(fi__anomalies_on_frame(frame, -1, NULL, &r) == FI_OK && fi_anomaly_report_sets(r) == 12,
	   "NULL params on a frame: the built-in defaults");
	fi_anomaly_report_free(r);
	fi_frame_free(frame);
	fi_store_close(s);
}

static void test_errors(void)
{
	wk w[12];
	for (int i = 0; i < 12; i++)
		w[i] = (wk){ i, 9 + i, 3, 1800 };
	fi_store *s = store_of("errors.db", w, 12);
	fi_anomaly_report *r = (fi_anomaly_report *)&r;
	fi_anomaly_params p = FI_ANOMALY_PARAMS_INIT;
	is_int(fi_anomaly_detect(NULL, NULL, NULL, &r), FI_EINVALID, "NULL store: FI_EINVALID");
	ok(r == (fi_anomaly_report *)&r, "  out untouched when the store is NULL");
	is_int(fi_anomaly_detect(s, NULL, NULL, NULL), FI_EINVALID, "NULL out: FI_EINVALID");
	p.metrics = FI_ANOMALY_METRIC_BIT(FI_COLUMN_DAY);
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "the day is not a metric: FI_EINVALID");
	ok(r == NULL, "  and out is NULL");
	has_str(fi_error_last()->message, "not a metric", "  the message says so");
	p = (fi_anomaly_params)FI_ANOMALY_PARAMS_INIT;
	p.methods = FI_ANOMALY_METHOD_BIT(7);
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "an unknown method: FI_EINVALID");
	p = (fi_anomaly_params)FI_ANOMALY_PARAMS_INIT;
	p.rolling_min_prior = 40;
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "min_prior above the window: FI_EINVALID");
	p = (fi_anomaly_params)FI_ANOMALY_PARAMS_INIT;
	p.zscore = -1;
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "a negative threshold: FI_EINVALID");
	p = (fi_anomaly_params)FI_ANOMALY_PARAMS_INIT;
	p.iqr_k = (double)NAN;
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "a NaN threshold: FI_EINVALID");
	p = (fi_anomaly_params)FI_ANOMALY_PARAMS_INIT;
	p.min_values = 1;
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "min_values below 2: FI_EINVALID");
	p = (fi_anomaly_params)FI_ANOMALY_PARAMS_INIT;
	p.version = 99;
	is_int(fi_anomaly_detect(s, NULL, &p, &r), FI_EINVALID, "an unknown params version: FI_EINVALID");
	is_int(fi_anomaly_params_init(&p, 99), FI_EINVALID, "params_init with an unknown version");
	is_int(fi_anomaly_params_init(NULL, FI_ANOMALY_PARAMS_VERSION), FI_EINVALID, "params_init(NULL)");
	ok(fi_anomaly_params_init(&p, FI_ANOMALY_PARAMS_VERSION) == FI_OK && p.iqr_k == 1.5 && p.zscore == 3 &&
	   p.modified_zscore == 3.5 && p.rolling_window == 30 && p.rolling_zscore == 2 && p.rolling_min_prior == 5 &&
	   p.min_values == 10, "params_init: the defaults of SPEC 3");
	is_int(fi_anomaly_params_load(NULL, &p), FI_EINVALID, "params_load(NULL store)");
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "not a date";
	is_int(fi_anomaly_detect(s, &f, NULL, &r), FI_EINVALID, "a filter date that does not parse: FI_EINVALID");
	f = (fi_workout_filter)FI_WORKOUT_FILTER_INIT;
	f.version = 7;
	is_int(fi_anomaly_detect(s, &f, NULL, &r), FI_EINVALID, "a filter of an unknown version: FI_EINVALID");
	f = (fi_workout_filter)FI_WORKOUT_FILTER_INIT;
	f.label = 12;
	is_int(fi_anomaly_detect(s, &f, NULL, &r), FI_EINVALID, "a filter with an unknown label: FI_EINVALID");
	char *json = (char *)&json;
	is_int(fi_anomaly_report_to_json(NULL, &json), FI_EINVALID, "to_json(NULL)");
	is_int(fi_anomaly_report_figures_to_json(NULL, &json), FI_EINVALID, "figures_to_json(NULL)");
	fi_anomaly_report_free(NULL);
	ok(fi_anomaly_report_sets(NULL) == 0 && fi_anomaly_report_workouts(NULL) == 0 &&
	   fi_anomaly_report_summary(NULL, 0) == NULL, "accessors accept NULL");

	int v = 0;
	ok(fi_anomaly_method_parse("IQR", &v) == FI_OK && v == FI_ANOMALY_IQR, "method names parse, any case");
	ok(fi_anomaly_method_parse("modified", &v) == FI_OK && v == FI_ANOMALY_MODIFIED_ZSCORE, "'modified' works");
	is_int(fi_anomaly_method_parse("median", &v), FI_EINVALID, "an unknown method name: FI_EINVALID");
	has_str(fi_error_last()->message, "iqr, zscore, modified_zscore or rolling", "  listing the methods");
	is_str(fi_anomaly_method_name(FI_ANOMALY_ROLLING), "rolling", "method names");
	ok(fi_anomaly_method_name(0) == NULL && fi_anomaly_severity_name(4) == NULL, "out of range: NULL");
	ok(fi_metric_parse("pace", &v) == FI_OK && v == FI_COLUMN_AVG_PACE, "'pace' is avg_pace");
	ok(fi_metric_parse("distance_mi", &v) == FI_OK && v == FI_COLUMN_DISTANCE, "column names work too");
	is_int(fi_metric_parse("day", &v), FI_EINVALID, "the day is not a metric name");
	is_int(fi_metric_parse(NULL, &v), FI_EINVALID, "fi_metric_parse(NULL)");
	ok(fi_metric_lower_is_better(FI_COLUMN_AVG_PACE) == 1 && fi_metric_lower_is_better(FI_COLUMN_DISTANCE) == 0 &&
	   fi_metric_lower_is_better(FI_COLUMN_DAY) == -1, "lower is better for paces only");
	is_str(fi_metric_unit(FI_COLUMN_CADENCE), "steps/min", "units");
	fi_store_close(s);
}

/* ---- metrics side by side ---- */

static bool same_reports(const fi_anomaly_report *a, const fi_anomaly_report *b)
{
	if (fi_anomaly_report_sets(a) != fi_anomaly_report_sets(b))
		return false;
	for (size_t i = 0; i < fi_anomaly_report_sets(a); i++) {
		const fi_anomaly_summary *x = fi_anomaly_report_summary(a, i), *y = fi_anomaly_report_summary(b, i);
		if (x->metric != y->metric || x->method != y->method || x->status != y->status || x->n != y->n ||
		    x->count != y->count || x->scored != y->scored || !same(x->lower, y->lower) ||
		    !same(x->upper, y->upper) || !same(x->center, y->center) || !same(x->spread, y->spread) ||
		    strcmp(fi_anomaly_report_reason(a, i), fi_anomaly_report_reason(b, i)) != 0)
			return false;
		size_t n = 0, m = 0;
		const fi_anomaly *p = fi_anomaly_report_items(a, i, &n), *q = fi_anomaly_report_items(b, i, &m);
		for (size_t k = 0; k < n; k++)
			if (p[k].workout_id != q[k].workout_id || p[k].day != q[k].day || !same(p[k].value, q[k].value) ||
			    !same(p[k].score, q[k].score) || p[k].direction != q[k].direction ||
			    p[k].severity != q[k].severity)
				return false;
	}
	return true;
}

static void test_threads(void)
{
	/* 400 workouts: noise, a few extremes, gaps (NaN), labels; every metric, every method */
	wk w[400];
	for (int i = 0; i < 400; i++)
		w[i] = (wk){ i, normal(10, 2), i % 37 == 0 ? (double)NAN : fabs(normal(4, 1.5)), normal(2400, 500) };
	w[100].pace = 45;
	w[250].dist = 30;
	w[300].secs = 40000;
	fi_store *s = store_of("threads.db", w, 400);
	test_exec(test_path("threads.db"), "INSERT OR REPLACE INTO classifications(workout_id, label, method, confidence)"
		  " SELECT id, CASE WHEN id % 3 = 0 THEN 'pup_walk' ELSE 'real_run' END, 'user', 1 FROM workouts");
	fi_frame *frame = NULL;
	ok(fi_frame_load(s, NULL, &frame) == FI_OK, "load a frame");
	fi_anomaly_params p = FI_ANOMALY_PARAMS_INIT;
	p.metrics = 0;
	for (int c = FI_COLUMN_CALORIES; c <= FI_COLUMN_CADENCE; c++)
		p.metrics |= FI_ANOMALY_METRIC_BIT(c);
	for (int label = -1; label <= FI_LABEL_PUP_WALK; label += 1 + FI_LABEL_PUP_WALK) {
		fi_anomaly_report *one = NULL, *many = NULL;
		int rc1 = fi__anomalies_on_frame(frame, label, &p, &one);
		fi__anomaly_rows_per_thread(1);   /* every metric a task, on every core */
		int rc2 = fi__anomalies_on_frame(frame, label, &p, &many);
		fi__anomaly_rows_per_thread(0);
		ok(rc1 == FI_OK && rc2 == FI_OK && fi_anomaly_report_sets(one) > 12,
		   "every metric detected, one thread and several (label %d)", label);
		size_t flagged = 0;
		for (size_t i = 0; one && i < fi_anomaly_report_sets(one); i++)
			flagged += fi_anomaly_report_summary(one, i)->count;
		ok(flagged > 0 && same_reports(one, many), "the same report either way (%zu flagged)", flagged);
		fi_anomaly_report_free(one);
		fi_anomaly_report_free(many);
	}
	fi_frame_free(frame);
	fi_store_close(s);
}

int main(void)
{
	test_summary();
	test_methods();
	test_edges();
	test_labels();
	test_threads();
	test_errors();
	test_cleanup();
	return tap_done();
}
