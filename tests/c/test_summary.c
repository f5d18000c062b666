/* fitintel/summary.h on a hand-made export whose groups are worked out here by hand. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "tap.h"

/* Six workouts: Mon 2024-01-01 (2 mi), Wed 2024-01-03 (3 mi), Wed 2024-01-03 (no distance),
 * Mon 2024-01-15 (5 mi), Thu 2024-02-01 (4 mi), Tue 2025-03-04 (10 mi). */
static fi_store *make_store(void)
{
	char csv[8192] = EXPORT_HEADER "\n";
	static const struct { long long id; const char *date, *distance; } rows[] = {
		{ 1, "2024-01-01", "2" }, { 2, "2024-01-03", "3" }, { 3, "2024-01-03", "" },
		{ 4, "2024-01-15", "5" }, { 5, "2024-02-01", "4" }, { 6, "2025-03-04", "10" },
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		strcat(csv, test_row(rows[i].id, rows[i].date, rows[i].distance, NULL));
	fi_store *s = test_store("summary.db");
	const char *path = test_write_str("export.csv", csv);
	int rc = test_ingest(s, path, FI_INGEST_STRICT, NULL);
	if (rc != FI_OK) {
		fprintf(stderr, "ingest: %s\n", fi_error_last()->message);
		exit(2);
	}
	return s;
}

static fi_summary *summarize(fi_store *s, int grouping, int fill, const fi_workout_filter *flt)
{
	fi_summary_params p;
	fi_summary_params_init(&p, FI_SUMMARY_PARAMS_VERSION);
	p.grouping = grouping;
	p.fill = fill;
	fi_summary *out = NULL;
	if (fi_summary_make(s, flt, &p, &out) != FI_OK)
		fprintf(stderr, "summary: %s\n", fi_error_last()->message);
	return out;
}

static fi_summary_stats distance(const fi_summary *sm, size_t g)
{
	fi_summary_stats st = { 0, NAN, NAN, NAN, NAN, NAN, NAN };
	fi_summary_stats_get(sm, g, FI_COLUMN_DISTANCE, &st);
	return st;
}

static int32_t day(const char *iso)
{
	int y, m, d;
	sscanf(iso, "%d-%d-%d", &y, &m, &d);
	/* days from civil, as the test's own arithmetic (Howard Hinnant) */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int32_t)doe - 719468;
}

static void test_months(fi_store *s)
{
	fi_summary *m = summarize(s, FI_GROUP_MONTH, 0, NULL);
	ok(m != NULL, "month summary");
	is_int(fi_summary_groups(m), 3, "three months with workouts");
	is_int(fi_summary_key(m, 0), day("2024-01-01"), "January 2024 keyed by the 1st");
	is_int(fi_summary_key(m, 1), day("2024-02-01"), "then February");
	is_int(fi_summary_key(m, 2), day("2025-03-01"), "then March 2025");
	is_int(fi_summary_workouts(m, 0), 4, "four workouts in January");
	is_int(fi_summary_label_workouts(m, 0, FI_LABEL_REAL_RUN), 3, "three runs by the pace rule");
	is_int(fi_summary_label_workouts(m, 0, FI_LABEL_OUTLIER), 1, "the one without a distance is an outlier");
	fi_summary_stats st = distance(m, 0);
	is_int(st.n, 3, "three known distances in January");
	ok(st.sum == 10 && st.mean == 10.0 / 3 && st.median == 3 && st.min == 2 && st.max == 5,
	   "January: sum 10, mean 10/3, median 3, min 2, max 5");
	ok(fabs(st.sd - sqrt(7.0 / 3)) < 1e-12, "January: sample sd sqrt(7/3)");
	st = distance(m, 1);
	ok(st.n == 1 && st.median == 4 && isnan(st.sd), "one value: median itself, sd undefined");
	fi_summary_stats_get(m, 0, FI_COLUMN_HEART_RATE, &st);
	ok(st.n == 0 && st.sum == 0 && isnan(st.mean) && isnan(st.median) && isnan(st.min),
	   "no heart rate: n 0, sum 0, the rest undefined");
	is_int(fi_summary_stats_get(m, 0, FI_COLUMN_DAY, &st), FI_EINVALID, "the day is not a metric");
	is_int(fi_summary_stats_get(m, 3, FI_COLUMN_DISTANCE, &st), FI_EINVALID, "group out of range");
	fi_summary_free(m);

	m = summarize(s, FI_GROUP_MONTH, 1, NULL);
	is_int(fi_summary_groups(m), 15, "filled: every month from January 2024 to March 2025");
	is_int(fi_summary_workouts(m, 5), 0, "June 2024 is empty");
	is_int(fi_summary_key(m, 14), day("2025-03-01"), "and the last month is March 2025");
	fi_summary_free(m);
}

static void test_weeks_days_years(fi_store *s)
{
	fi_summary *w = summarize(s, FI_GROUP_WEEK, 0, NULL);
	is_int(fi_summary_groups(w), 4, "four ISO weeks with workouts");
	is_int(fi_summary_key(w, 0), day("2024-01-01"), "week of Monday 1 January");
	is_int(fi_summary_key(w, 2), day("2024-01-29"), "Thursday 1 February is in the week of 29 January");
	fi_summary_stats st = distance(w, 0);
	ok(st.n == 2 && st.median == 2.5, "an even count: median of the two middle values");
	fi_summary_free(w);
	fi_summary *d = summarize(s, FI_GROUP_DAY, 0, NULL);
	is_int(fi_summary_groups(d), 5, "five distinct days");
	is_int(fi_summary_workouts(d, 1), 2, "two workouts on 3 January");
	fi_summary_free(d);
	fi_summary *y = summarize(s, FI_GROUP_YEAR, 1, NULL);
	is_int(fi_summary_groups(y), 2, "2024 and 2025");
	is_int(fi_summary_key(y, 1), day("2025-01-01"), "2025 keyed by January 1st");
	is_int(fi_summary_workouts(y, 0), 5, "five workouts in 2024");
	fi_summary_free(y);
}

static void test_weekdays_labels_all(fi_store *s)
{
	fi_summary *w = summarize(s, FI_GROUP_WEEKDAY, 0, NULL);
	is_int(fi_summary_groups(w), 4, "Monday, Tuesday, Wednesday, Thursday");
	is_int(fi_summary_key(w, 0), 0, "Monday first");
	is_int(fi_summary_workouts(w, 0), 2, "two Mondays");
	is_int(fi_summary_key(w, 1), 1, "then Tuesday");
	fi_summary_free(w);
	w = summarize(s, FI_GROUP_WEEKDAY, 1, NULL);
	is_int(fi_summary_groups(w), 7, "filled: all seven weekdays");
	is_int(fi_summary_workouts(w, 6), 0, "no Sunday");
	fi_summary_free(w);
	fi_summary *l = summarize(s, FI_GROUP_LABEL, 0, NULL);
	is_int(fi_summary_groups(l), 2, "two labels present");
	is_int(fi_summary_key(l, 0), FI_LABEL_REAL_RUN, "real runs first (label order)");
	is_int(fi_summary_workouts(l, 0), 5, "five of them");
	is_int(fi_summary_key(l, 1), FI_LABEL_OUTLIER, "then the outlier");
	fi_summary_free(l);
	fi_summary *a = summarize(s, FI_GROUP_ALL, 0, NULL);
	is_int(fi_summary_groups(a), 1, "one group of everything");
	fi_summary_stats st = distance(a, 0);
	ok(st.n == 5 && st.sum == 24 && st.median == 4, "all: 5 distances, sum 24, median 4");
	char *json = NULL;
	is_int(fi_summary_to_json(a, &json), FI_OK, "to JSON");
	has_str(json, "\"grouping\":\"all\",\"workouts\":6,\"groups\":[{\"key\":null,\"workouts\":6",
		"JSON header and the group");
	has_str(json, "\"distance\":{\"n\":5,\"sum\":24,\"mean\":4.8,\"median\":4", "JSON distance");
	fi_free(json);
	fi_summary_free(a);

	fi_workout_filter f;
	fi_workout_filter_init(&f, FI_WORKOUT_FILTER_VERSION);
	f.from = "2024-01-02";
	f.to = "Feb. 1, 2024";
	fi_summary *m = summarize(s, FI_GROUP_MONTH, 0, &f);
	is_int(fi_summary_workouts(m, 0) + fi_summary_workouts(m, 1), 4, "the filter selects four");
	fi_summary_free(m);
}

static void test_errors(fi_store *s)
{
	fi_summary *out = (fi_summary *)1;
	fi_summary_params p = FI_SUMMARY_PARAMS_INIT;
	p.grouping = 7;
	is_int(fi_summary_make(s, NULL, &p, &out), FI_EINVALID, "unknown grouping refused");
	ok(out == NULL, "and nothing returned");
	p.grouping = FI_GROUP_DAY;
	p.version = 99;
	is_int(fi_summary_make(s, NULL, &p, &out), FI_EINVALID, "unknown params version refused");
	is_int(fi_summary_params_init(&p, 3), FI_EINVALID, "params_init checks the version");
	int g = -1;
	is_int(fi_grouping_parse("WeekDay", &g), FI_OK, "names parse case-insensitively");
	is_int(g, FI_GROUP_WEEKDAY, "to the grouping");
	is_int(fi_grouping_parse("fortnight", &g), FI_EINVALID, "unknown names refused");
	has_str(fi_error_last()->message, "weekday", "naming the accepted ones");
	ok(fi_grouping_name(7) == NULL && strcmp(fi_grouping_name(FI_GROUP_YEAR), "year") == 0, "names");
	fi_summary_free(NULL);
	is_int(fi_summary_groups(NULL), 0, "NULL has no groups");
}

static bool same_stats(const fi_summary_stats *a, const fi_summary_stats *b)
{
	const double x[] = { a->sum, a->mean, a->median, a->sd, a->min, a->max };
	const double y[] = { b->sum, b->mean, b->median, b->sd, b->min, b->max };
	for (size_t i = 0; i < sizeof x / sizeof x[0]; i++)
		if (!(x[i] == y[i] || (isnan(x[i]) && isnan(y[i]))))
			return false;
	return a->n == b->n;
}

/* fi_summary_params.metrics: only the metrics asked for, the same figures as a summary of all. */
static void test_metric_selection(fi_store *s)
{
	fi_summary *all = summarize(s, FI_GROUP_MONTH, 1, NULL);
	fi_summary_params p = FI_SUMMARY_PARAMS_INIT;
	ok(p.metrics == FI_SUMMARY_METRICS_ALL, "every metric by default");
	p.fill = 1;
	p.metrics = FI_SUMMARY_METRIC(FI_COLUMN_DISTANCE) | FI_SUMMARY_METRIC(FI_COLUMN_DURATION) |
		    FI_SUMMARY_METRIC(FI_COLUMN_DAY);
	fi_summary *two = NULL;
	is_int(fi_summary_make(s, NULL, &p, &two), FI_OK, "a summary of distance and duration");
	is_int(fi_summary_groups(two), fi_summary_groups(all), "the same groups");
	bool same = true;
	for (size_t g = 0; g < fi_summary_groups(all); g++) {
		fi_summary_stats x, y;
		for (int c = FI_COLUMN_DISTANCE; c <= FI_COLUMN_DURATION; c++) {
			fi_summary_stats_get(all, g, c, &x);
			same &= fi_summary_stats_get(two, g, c, &y) == FI_OK && same_stats(&x, &y);
		}
		same &= fi_summary_workouts(two, g) == fi_summary_workouts(all, g) &&
			fi_summary_label_workouts(two, g, FI_LABEL_REAL_RUN) ==
				fi_summary_label_workouts(all, g, FI_LABEL_REAL_RUN);
	}
	ok(same, "their statistics and every count as in the summary of all metrics");
	ok(fi_summary_has_metric(two, FI_COLUMN_DISTANCE) && !fi_summary_has_metric(two, FI_COLUMN_AVG_PACE) &&
	   !fi_summary_has_metric(two, FI_COLUMN_DAY) && fi_summary_has_metric(all, FI_COLUMN_CADENCE),
	   "has_metric: the ones asked for, no column that is not a metric");
	fi_summary_stats st;
	is_int(fi_summary_stats_get(two, 0, FI_COLUMN_AVG_PACE, &st), FI_EINVALID, "a metric not asked for is refused");
	has_str(fi_error_last()->message, "not asked for pace", "saying which");
	char *json = NULL;
	is_int(fi_summary_to_json(two, &json), FI_OK, "its JSON");
	ok(json && strstr(json, "\"distance\":{") && strstr(json, "\"duration\":{") && !strstr(json, "\"pace\""),
	   "holds the metrics asked for and no other");
	fi_free(json);
	fi_summary_free(two);

	p.metrics = 0;
	fi_summary *none = NULL;
	is_int(fi_summary_make(s, NULL, &p, &none), FI_OK, "metrics 0: the counts alone");
	ok(fi_summary_workouts(none, 0) == fi_summary_workouts(all, 0) && !fi_summary_has_metric(none, FI_COLUMN_DISTANCE),
	   "the counts, no metric");
	is_int(fi_summary_to_json(none, &json), FI_OK, "its JSON");
	ok(json && strstr(json, "\"metrics\":{}"), "with empty metrics");
	fi_free(json);
	fi_summary_free(none);
	fi_summary_free(all);
}

/* A caller built against 0.1 passes the version-1 struct, which ends before `metrics`: the library
 * reads no further (ASan watches the stack) and summarises every metric. */
static void test_version_1_caller(fi_store *s)
{
	struct v1_params { unsigned int version; int grouping; int fill; };
	struct { struct v1_params p; uint32_t after; } v1 = { { 0, 0, 0 }, 0xA5A5A5A5u };
	is_int(fi_summary_params_init((fi_summary_params *)(void *)&v1.p, 1), FI_OK, "params_init of version 1");
	ok(v1.p.version == 1 && v1.p.grouping == FI_GROUP_MONTH && v1.after == 0xA5A5A5A5u,
	   "fills the version-1 struct and nothing after it");
	struct v1_params *heap = malloc(sizeof *heap);   /* exactly its size: ASan sees an over-read */
	*heap = (struct v1_params){ 1, FI_GROUP_YEAR, 0 };
	fi_summary *m = NULL;
	is_int(fi_summary_make(s, NULL, (const fi_summary_params *)(void *)heap, &m), FI_OK,
	       "fi_summary_make takes a version-1 struct");
	ok(fi_summary_groups(m) == 2 && fi_summary_has_metric(m, FI_COLUMN_DISTANCE) &&
	   fi_summary_has_metric(m, FI_COLUMN_CADENCE), "by year, with every metric");
	fi_summary_free(m);
	free(heap);
}

int main(void)
{
	fi_store *s = make_store();
	test_months(s);
	test_weeks_days_years(s);
	test_weekdays_labels_all(s);
	test_errors(s);
	test_metric_selection(s);
	test_version_1_caller(s);
	fi_store_close(s);
	test_cleanup();
	return tap_done();
}
