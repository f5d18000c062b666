/* The consistency score as a store operation (SPEC §4): the window's score equals the kernel's on
 * every row, the trajectory's points are the kernel's at their days, the history figures are
 * recounted here, and the edge cases (no workouts, one workout, a reference day without a
 * workout, an empty window) and every refusal. */
#include <math.h>
#include <stdlib.h>

#include "helpers.h"
#include "tap.h"
#include "../../libfitintel/analysis/consistency_internal.h"

static int32_t day_of(const char *iso)
{
	int32_t d = 0;
	fi__iso_to_days(iso, &d);
	return d;
}

/* A generated history: days ascending, metrics per row; written as an export and ingested. */
typedef struct history {
	size_t n;
	int32_t days[4000];
	double calories[4000], distance[4000], duration[4000];
} history;

static void ingest(fi_store *s, const history *h)
{
	fi__buf b = FI__BUF_INIT;
	fi__buf_puts(&b, EXPORT_HEADER "\n");
	for (size_t i = 0; i < h->n; i++) {
		char iso[11];
		fi__days_to_iso(h->days[i], iso);
		double pace = h->duration[i] / 60 / h->distance[i];
		fi__buf_printf(&b, "%s,%s,Run,%.0f,%.4f,%.0f,%.6f,,,,,,,Test,http://www.mapmyfitness.com/workout/%zu\n",
			      iso, iso, h->calories[i], h->distance[i], h->duration[i], pace, 1000 + i);
	}
	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	fi_import_report *r = NULL;
	if (fi_ingest_buffer(s, b.data, b.len, "gen.csv", &o, &r) != FI_OK)
		printf("# ingest failed: %s\n", fi_error_last()->message);
	fi_import_report_free(r);
	fi__buf_free(&b);
}

static uint64_t rng_state = 42;
static double uniform(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

/* Workouts on a random share of the days from @start for @span days (sometimes two a day). */
static void generate(history *h, int32_t start, int span, double p)
{
	h->n = 0;
	for (int d = 0; d < span && h->n < 3990; d++) {
		int per_day = uniform() < p ? (uniform() < 0.1 ? 2 : 1) : 0;
		for (int k = 0; k < per_day; k++) {
			h->days[h->n] = start + d;
			/* as the export writes them, so the store holds exactly these values */
			h->distance[h->n] = round((1 + 5 * uniform()) * 1e4) / 1e4;
			h->duration[h->n] = round(h->distance[h->n] * (480 + 900 * uniform()));
			h->calories[h->n] = round(h->distance[h->n] * 100);
			h->n++;
		}
	}
}

static fi_consistency_analysis *analyze(fi_store *s, int window, int step, const char *ref)
{
	fi_consistency_analysis_params p = FI_CONSISTENCY_ANALYSIS_PARAMS_INIT;
	p.window_days = window;
	p.trajectory_step = step;
	p.ref_date = ref;
	fi_consistency_analysis *a = NULL;
	if (fi_consistency_analyze(s, NULL, &p, &a) != FI_OK)
		printf("# analyze failed: %s\n", fi_error_last()->message);
	return a;
}

static bool same_score(const fi_consistency *a, const fi_consistency *b)
{
	return a->score == b->score && a->frequency == b->frequency && a->timing == b->timing &&
	       a->performance == b->performance && a->streak == b->streak && a->workouts == b->workouts &&
	       a->current_streak == b->current_streak && a->longest_streak == b->longest_streak &&
	       a->current_week_streak == b->current_week_streak && a->empty == b->empty;
}

static void test_params_and_refusals(void)
{
	fi_store *s = test_store("params.db");
	fi_consistency_analysis_params p;
	is_int(fi_consistency_analysis_params_init(&p, 2), FI_EINVALID, "init: unknown version");
	is_int(fi_consistency_analysis_params_init(&p, FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION), FI_OK, "init");
	ok(p.window_days == 30 && p.target_per_week == 4 && p.trajectory_step == 15 && p.ref_date == NULL,
	   "defaults 30 days, 4 per week, every 15 days, latest workout");
	fi_config_set(s, "consistency.window_days", "14");
	fi_config_set(s, "consistency.trajectory_step", "7");
	fi_config_set(s, "consistency.target_per_week", "3");
	is_int(fi_consistency_analysis_params_from_store(s, &p), FI_OK, "from the store");
	ok(p.window_days == 14 && p.trajectory_step == 7 && p.target_per_week == 3, "the store's configuration");
	is_int(fi_consistency_analysis_params_from_store(NULL, &p), FI_EINVALID, "from_store: no store");

	fi_consistency_analysis *a = NULL;
	is_int(fi_consistency_analyze(NULL, NULL, NULL, &a), FI_EINVALID, "no store");
	is_int(fi_consistency_analyze(s, NULL, NULL, NULL), FI_EINVALID, "no out");
	fi_consistency_analysis_params_init(&p, FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION);
	p.window_days = 0;
	is_int(fi_consistency_analyze(s, NULL, &p, &a), FI_EINVALID, "window 0");
	p.window_days = 30;
	p.trajectory_step = 0;
	is_int(fi_consistency_analyze(s, NULL, &p, &a), FI_EINVALID, "step 0");
	p.trajectory_step = 15;
	p.target_per_week = -1;
	is_int(fi_consistency_analyze(s, NULL, &p, &a), FI_EINVALID, "negative target");
	p.target_per_week = 4;
	p.ref_date = "2024-02-30";
	is_int(fi_consistency_analyze(s, NULL, &p, &a), FI_EINVALID, "an impossible reference date");
	has_str(fi_error_last()->message, "2024-02-30", "named in the message");
	p.ref_date = NULL;
	p.version = 9;
	is_int(fi_consistency_analyze(s, NULL, &p, &a), FI_EINVALID, "unknown version");
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.to = "yesterday";
	is_int(fi_consistency_analyze(s, &f, NULL, &a), FI_EINVALID, "a bad filter");
	ok(a == NULL, "no result after a refusal");

	/* no workouts at all, the store's configuration */
	is_int(fi_consistency_analyze(s, NULL, NULL, &a), FI_OK, "an empty store: FI_OK");
	is_str(fi_consistency_analysis_ref_date(a), "", "no reference day");
	ok(fi_consistency_analysis_score(a)->empty && fi_consistency_analysis_score(a)->score == 0, "an empty score");
	is_int(fi_consistency_analysis_trajectory(a, NULL, NULL), 0, "no trajectory");
	is_int(fi_consistency_analysis_trend(a)->status, 1, "trend: insufficient data");
	is_int(fi_consistency_analysis_history(a)->workouts, 0, "no history");
	size_t n = 9;
	ok(fi_consistency_analysis_months(a, &n) == NULL && n == 0, "no months");
	is_str(fi_consistency_analysis_summary(a), "No workouts to score.", "summary says so");
	char *json = NULL;
	is_int(fi_consistency_analysis_to_json(a, &json), FI_OK, "JSON");
	has_str(json, "\"ref_date\":null,\"window\":{\"days\":14,\"from\":null,\"to\":null}", "null dates, configured window");
	has_str(json, "\"mean_rest_days\":null", "NaN as null");
	fi_free(json);
	fi_consistency_analysis_free(a);
	fi_consistency_analysis_free(NULL);
	is_int(fi_consistency_analysis_to_json(NULL, &json), FI_EINVALID, "JSON of NULL");
	is_str(fi_consistency_analysis_ref_date(NULL), "", "accessors accept NULL");

	a = analyze(s, 30, 15, "2024-01-01");
	ok(a && fi_consistency_analysis_score(a)->empty, "an empty store with a reference date: empty window");
	is_str(fi_consistency_analysis_ref_date(a), "2024-01-01", "the reference day");
	fi_consistency_analysis_free(a);
	fi_store_close(s);
}

static void test_one_workout_and_streaks(void)
{
	fi_store *s = test_store("one.db");
	history *h = calloc(1, sizeof *h);
	h->n = 1;
	h->days[0] = day_of("2024-03-10");
	h->distance[0] = 3;
	h->duration[0] = 1800;
	h->calories[0] = 300;
	ingest(s, h);
	fi_consistency_analysis *a = analyze(s, 30, 15, NULL);
	ok(a != NULL, "one workout");
	if (a) {
		const fi_consistency *c = fi_consistency_analysis_score(a);
		is_str(fi_consistency_analysis_ref_date(a), "2024-03-10", "the reference day is the workout's");
		is_int(c->workouts, 1, "one workout in the window");
		ok(c->timing == 50 && c->performance == 50, "timing and performance 50 with one workout");
		is_int(c->current_streak, 1, "a one-day streak");
		const int32_t *d;
		const double *sc;
		is_int(fi_consistency_analysis_trajectory(a, &d, &sc), 1, "one trajectory point");
		ok(d && d[0] == h->days[0] && sc[0] == c->score, "on the workout's day, with the same score");
		is_int(fi_consistency_analysis_trend(a)->status, 1, "too few points for a trend");
		const fi_consistency_history *hi = fi_consistency_analysis_history(a);
		ok(hi->active_days == 1 && hi->longest_rest_days == 0 && isnan(hi->mean_rest_days),
		   "no rest gaps with one active day");
		ok(hi->preferred_n == 1 && hi->preferred[0] == 6, "preferred day: Sunday (2024-03-10)");
	}
	fi_consistency_analysis_free(a);
	fi_store_close(s);

	s = test_store("streak.db");
	h->n = 4;
	for (int i = 0; i < 4; i++) {
		h->days[i] = day_of("2024-06-03") + i;
		h->distance[i] = 3;
		h->duration[i] = 1800 + 60 * i;
		h->calories[i] = 300;
	}
	ingest(s, h);
	a = analyze(s, 30, 15, "2024-06-07");
	ok(a && fi_consistency_analysis_score(a)->current_streak == 4,
	   "a reference day without a workout: the streak continues from the day before");
	fi_consistency_analysis_free(a);
	a = analyze(s, 30, 15, "June 8, 2024");
	ok(a && fi_consistency_analysis_score(a)->current_streak == 0, "a whole day missed: streak 0");
	is_str(fi_consistency_analysis_ref_date(a), "2024-06-08", "export-style reference date");
	fi_consistency_analysis_free(a);
	a = analyze(s, 30, 15, "2025-06-01");
	ok(a && fi_consistency_analysis_score(a)->empty && fi_consistency_analysis_score(a)->score == 0,
	   "a window after every workout is empty: score 0");
	if (a) {
		const int32_t *d;
		size_t n = fi_consistency_analysis_trajectory(a, &d, NULL);
		ok(n > 20 && d[n - 1] == day_of("2025-06-01"), "the trajectory runs on to the reference day");
		ok(d[0] >= h->days[0] && d[0] < h->days[0] + 15, "and starts within a step of the first workout");
	}
	fi_consistency_analysis_free(a);
	free(h);
	fi_store_close(s);
}

static void test_against_the_kernel(void)
{
	fi_store *s = test_store("random.db");
	history *h = calloc(1, sizeof *h);
	int32_t start = day_of("2021-02-01");
	generate(h, start, 900, 0.45);
	ingest(s, h);
	const int window = 28, step = 10;
	fi_consistency_params kp = FI_CONSISTENCY_PARAMS_INIT;
	kp.window_days = window;
	char ref_iso[11];
	int32_t ref = h->days[h->n - 1] - 100;
	fi__days_to_iso(ref, ref_iso);
	fi_consistency_analysis *a = analyze(s, window, step, ref_iso);
	ok(a != NULL, "%zu workouts over 900 days", h->n);
	if (!a) {
		free(h);
		return;
	}
	fi_consistency want;
	fi_consistency_score(h->days, h->calories, h->distance, h->duration, h->n, ref, &kp, &want);
	ok(same_score(fi_consistency_analysis_score(a), &want), "the window's score is the kernel's over every row");

	const int32_t *d;
	const double *sc;
	size_t n = fi_consistency_analysis_trajectory(a, &d, &sc);
	int32_t first = h->days[0], last = h->days[h->n - 1];
	size_t bad = 0, misaligned = 0;
	for (size_t i = 0; i < n; i++) {
		fi_consistency_score(h->days, h->calories, h->distance, h->duration, h->n, d[i], &kp, &want);
		bad += want.score != sc[i];
		misaligned += ((d[i] - ref) % step) != 0;
	}
	is_int(bad, 0, "every trajectory point is the kernel's score over all rows at its day");
	is_int(misaligned, 0, "points are aligned on the reference day");
	ok(n && d[0] >= first && d[0] - step < first, "the first point is the first aligned day >= the first workout");
	ok(n && d[n - 1] <= last && d[n - 1] + step > last, "the last point is the last aligned day <= the last workout");
	size_t gaps = 0;
	for (size_t i = 1; i < n; i++)
		gaps += d[i] - d[i - 1] != step;
	is_int(gaps, 0, "points every %d days", step);

	/* the trend: OLS on the points, days from the first point, per month of 30.44 days */
	const fi_consistency_trend *t = fi_consistency_analysis_trend(a);
	double *x = malloc(n * sizeof *x);
	for (size_t i = 0; i < n; i++)
		x[i] = d[i] - d[0];
	fi_ols ols;
	fi_stats_ols(x, sc, n, 0.95, &ols);
	fi_mann_kendall mk;
	fi_stats_mann_kendall(x, sc, n, &mk);
	free(x);
	ok(t->status == 0 && t->n == n, "trend computed over %zu points", n);
	ok(fabs(t->slope_per_month - ols.slope * 30.44) < 1e-12 && fabs(t->slope_per_day - ols.slope) < 1e-15,
	   "slope per day and per month");
	ok(t->p_value == ols.p_value && t->r2 == ols.r2 && fabs(t->intercept - ols.intercept) < 1e-12, "p, r², intercept");
	ok(t->mk_computed && t->mk_p_value == mk.p_value && t->mk_s == mk.s, "Mann-Kendall");
	int dir = ols.p_value < 0.05 && mk.p_value < 0.05 && (ols.slope > 0) == (mk.s > 0) ? (ols.slope > 0 ? 1 : -1) : 0;
	is_int(t->direction, dir, "direction from both tests");

	/* history figures, recounted */
	const fi_consistency_history *hi = fi_consistency_analysis_history(a);
	size_t wd[7] = { 0 }, active = 0;
	int32_t longest = 0, lfrom = 0, prev = 0;
	double rest = 0;
	for (size_t i = 0; i < h->n; i++) {
		wd[(h->days[i] % 7 + 7 + 3) % 7]++;
		if (i && h->days[i] == prev)
			continue;
		if (i) {
			rest += h->days[i] - prev - 1;
			if (h->days[i] - prev - 1 > longest)
				longest = h->days[i] - prev - 1, lfrom = prev + 1;
		}
		active++;
		prev = h->days[i];
	}
	ok(memcmp(wd, hi->weekday_counts, sizeof wd) == 0, "weekday counts (whole history)");
	is_int(hi->active_days, active, "active days");
	is_int(hi->longest_rest_days, longest, "longest rest");
	is_int(hi->longest_rest_from, lfrom, "its first rest day");
	is_int(hi->longest_rest_to, lfrom + longest - 1, "its last rest day");
	ok(fabs(hi->mean_rest_days - rest / (double)(active - 1)) < 1e-12, "mean rest days");
	ok(hi->preferred_n == 3, "three preferred days");
	ok(hi->weekday_counts[hi->preferred[0]] >= hi->weekday_counts[hi->preferred[1]] &&
	   hi->weekday_counts[hi->preferred[1]] >= hi->weekday_counts[hi->preferred[2]], "most first");
	size_t others = 0;
	for (int k = 0; k < 7; k++)
		if (k != hi->preferred[0] && k != hi->preferred[1] && k != hi->preferred[2])
			others += hi->weekday_counts[k] > hi->weekday_counts[hi->preferred[2]];
	is_int(others, 0, "no other weekday has more");
	size_t nm = 0, total = 0;
	const fi_consistency_month *m = fi_consistency_analysis_months(a, &nm);
	is_int(nm, 30, "Feb 2021 .. Jul 2023: 30 months");
	for (size_t k = 0; k < nm; k++)
		total += m[k].workouts;
	is_int(total, h->n, "monthly counts add up");
	ok(m && m[0].day == day_of("2021-02-01") && m[1].day == day_of("2021-03-01"), "months start on the 1st");

	/* the frame-based entry gives the same analysis */
	fi_frame *f = NULL;
	fi_frame_load(s, NULL, &f);
	fi_consistency_analysis_params p = FI_CONSISTENCY_ANALYSIS_PARAMS_INIT;
	p.window_days = window;
	p.trajectory_step = step;
	p.ref_date = ref_iso;
	fi_consistency_analysis *b = NULL;
	is_int(fi__consistency_on_frame(f, &p, &b), FI_OK, "on a loaded frame");
	char *ja = NULL, *jb = NULL;
	fi_consistency_analysis_to_json(a, &ja);
	fi_consistency_analysis_to_json(b, &jb);
	ok(ja && jb && strcmp(ja, jb) == 0, "the same JSON");
	has_str(ja, "\"trajectory\":{\"step_days\":10,\"points\":[{\"date\":", "JSON has the points");
	fi_free(ja);
	fi_free(jb);
	fi_consistency_analysis_free(b);
	fi_frame_free(f);
	fi_consistency_analysis_free(a);

	/* a filter narrows the history */
	fi_workout_filter flt = FI_WORKOUT_FILTER_INIT;
	flt.from = "2022-01-01";
	a = NULL;
	is_int(fi_consistency_analyze(s, &flt, NULL, &a), FI_OK, "filtered");
	ok(a && fi_consistency_analysis_history(a)->first_day >= day_of("2022-01-01"), "history starts at --from");
	fi_consistency_analysis_free(a);
	free(h);
	fi_store_close(s);

	/* read-only stores can be analysed */
	fi_store_params o = FI_STORE_PARAMS_INIT;
	o.flags = FI_STORE_READONLY;
	ok(fi_store_open(test_path("random.db"), &o, &s) == FI_OK, "open read-only");
	a = NULL;
	is_int(fi_consistency_analyze(s, NULL, NULL, &a), FI_OK, "analyse read-only");
	fi_consistency_analysis_free(a);
	fi_store_close(s);
}

static void test_trend_directions(void)
{
	/* more and more workouts: improving */
	fi_store *s = test_store("rising.db");
	history *h = calloc(1, sizeof *h);
	int32_t start = day_of("2020-01-06");
	h->n = 0;
	for (int d = 0; d < 720; d++) {
		if (uniform() < 0.05 + 0.6 * d / 720.0) {
			h->days[h->n] = start + d;
			h->distance[h->n] = 3;
			h->duration[h->n] = 1800;
			h->calories[h->n] = 300;
			h->n++;
		}
	}
	ingest(s, h);
	fi_consistency_analysis *a = analyze(s, 30, 15, NULL);
	ok(a && fi_consistency_analysis_trend(a)->direction == 1 && fi_consistency_analysis_trend(a)->slope_per_month > 0,
	   "rising frequency: improving");
	if (a)
		has_str(fi_consistency_analysis_summary(a), "improving", "the summary says improving");
	fi_consistency_analysis_free(a);
	fi_store_close(s);

	/* one workout every 7 days, 1-day windows on the same weekday: every point scores the same */
	s = test_store("flat.db");
	h->n = 0;
	for (int w = 0; w < 20; w++) {
		h->days[h->n] = start + 7 * w;
		h->distance[h->n] = 3;
		h->duration[h->n] = 1800;
		h->calories[h->n] = 300;
		h->n++;
	}
	ingest(s, h);
	a = analyze(s, 1, 7, NULL);
	ok(a && fi_consistency_analysis_trend(a)->status == 2 && fi_consistency_analysis_trend(a)->direction == 0,
	   "identical points: no spread, stable");
	ok(a && fi_consistency_analysis_trend(a)->slope_per_day == 0, "slope 0");
	fi_consistency_analysis_free(a);
	free(h);
	fi_store_close(s);
}

int main(void)
{
	test_params_and_refusals();
	test_one_workout_and_streaks();
	test_against_the_kernel();
	test_trend_directions();
	test_cleanup();
	return tap_done();
}
