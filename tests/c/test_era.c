/* Eras (SPEC §6): adding, listing and removing them with every refusal, the era table the
 * classifier looks days up in, and the before/after comparison on small hand-made stores. */
#include <math.h>
#include <stdlib.h>


#include "helpers.h"
#include "tap.h"
#include "../../libfitintel/store/era_table.h"

static int32_t day_of(const char *iso)
{
	int32_t d = 0;
	fi__iso_to_days(iso, &d);
	return d;
}

/* An export held in memory, one workout per add_row(). */
typedef struct export {
	char *data;
	size_t len;
} export;

static void add_text(export *e, const char *s)
{
	size_t n = strlen(s);
	e->data = realloc(e->data, e->len + n + 1);
	memcpy(e->data + e->len, s, n + 1);
	e->len += n;
}

static void add_row(export *e, long long id, const char *iso, double distance, double pace)
{
	char row[512];
	if (!e->len)
		add_text(e, EXPORT_HEADER "\n");
	snprintf(row, sizeof row, "%s,%s,Run,300,%.6g,%.0f,%.6g,%.6g,%.6g,%.6g,,4000,,Test,"
		 "http://www.mapmyfitness.com/workout/%lld\n", iso, iso, distance, distance * pace * 60, pace,
		 pace * 0.9, 60 / pace, 60 / (pace * 0.9), id);
	add_text(e, row);
}

static void ingest(fi_store *s, export *e)
{
	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	o.policy = FI_INGEST_SKIP;
	fi_import_report *r = NULL;
	int rc = fi_ingest_buffer(s, e->data, e->len, "test.csv", &o, &r);
	if (rc != FI_OK || fi_import_report_rows_rejected(r) != 0)
		printf("# ingest failed: %s\n", fi_error_last()->message);
	fi_import_report_free(r);
	free(e->data);
	e->data = NULL;
	e->len = 0;
}

/* ---- add, list, remove ---- */

static void test_add_and_refusals(void)
{
	fi_store *s = test_store("eras.db");
	int64_t id = 0, id2 = 0, id3 = 0;
	is_int(fi_era_add(s, "June 1, 2018", "Choco arrives", FI_LABEL_UNKNOWN, &id), FI_OK,
	       "add an era with an export-style date");
	ok(id > 0, "it has an id");
	is_int(fi_era_add(s, "2018-06-01", "Again", FI_LABEL_PUP_WALK, NULL), FI_EEXISTS, "a second era on the same date: FI_EEXISTS");
	has_str(fi_error_last()->message, "Choco arrives", "the message names the era already there");
	is_int(fi_era_add(s, "2019-01-01", "", FI_LABEL_PUP_WALK, NULL), FI_EINVALID, "an empty name: FI_EINVALID");
	is_int(fi_era_add(s, "2019-01-01", " \t ", FI_LABEL_PUP_WALK, NULL), FI_EINVALID, "a blank name: FI_EINVALID");
	is_int(fi_era_add(s, "2019-01-01", NULL, FI_LABEL_PUP_WALK, NULL), FI_EINVALID, "no name: FI_EINVALID");
	char big[300];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	is_int(fi_era_add(s, "2019-01-01", big, FI_LABEL_PUP_WALK, NULL), FI_EINVALID, "a 299-byte name: FI_EINVALID");
	is_int(fi_era_add(s, "2019-01-01", "bad \xff utf8", FI_LABEL_PUP_WALK, NULL), FI_EINVALID,
	       "a name that is not UTF-8: FI_EINVALID");
	is_int(fi_era_add(s, "Feb. 30, 2019", "Impossible", FI_LABEL_PUP_WALK, NULL), FI_EINVALID,
	       "an impossible date: FI_EINVALID");
	has_str(fi_error_last()->message, "Feb. 30, 2019", "the message quotes the date");
	is_int(fi_era_add(s, NULL, "No date", FI_LABEL_PUP_WALK, NULL), FI_EINVALID, "no date: FI_EINVALID");
	is_int(fi_era_add(s, "2019-01-01", "Bad label", 9, NULL), FI_EINVALID, "an unknown label: FI_EINVALID");
	is_int(fi_era_add(s, "2019-01-01", "Bad label", -1, NULL), FI_EINVALID, "a negative label: FI_EINVALID");
	is_int(fi_era_add(NULL, "2019-01-01", "x", 0, NULL), FI_EINVALID, "no store: FI_EINVALID");
	is_str(test_query_text(fi_store_path(s), "SELECT count(*) FROM eras"), "1", "refusals added nothing");

	is_int(fi_era_add(s, "2022-01-01", "Moved", FI_LABEL_MIXED, &id2), FI_OK, "a later era");
	is_int(fi_era_add(s, "2015-03-01", "Marathon \"training\" ☺", FI_LABEL_REAL_RUN, &id3), FI_OK,
	       "an earlier era, inserted before the first");

	fi_eras *eras = NULL;
	is_int(fi_era_list(s, &eras), FI_OK, "list");
	is_int(fi_eras_count(eras), 3, "three eras");
	const fi_era *e0 = fi_eras_at(eras, 0), *e1 = fi_eras_at(eras, 1), *e2 = fi_eras_at(eras, 2);
	is_str(e0->date, "2015-03-01", "date order: 2015 first");
	is_str(e1->date, "2018-06-01", "then 2018");
	is_str(e2->date, "2022-01-01", "then 2022");
	is_int(e1->id, id, "ids kept");
	is_str(e1->name, "Choco arrives", "names kept");
	is_int(e0->label_before, FI_LABEL_REAL_RUN, "before the first era: real_run by default");
	is_int(e0->label_after, FI_LABEL_REAL_RUN, "label after as given");
	is_int(e1->label_before, FI_LABEL_REAL_RUN, "before an era: the label after the previous one");
	is_int(e1->label_after, FI_LABEL_PUP_WALK, "FI_LABEL_UNKNOWN meant pup_walk");
	is_int(e2->label_before, FI_LABEL_PUP_WALK, "chain: pup_walk before 'Moved'");
	is_int(e2->label_after, FI_LABEL_MIXED, "mixed after 'Moved'");
	ok(e0->created_at && strlen(e0->created_at) >= 20, "a creation time");
	ok(fi_eras_at(eras, 3) == NULL, "out of range: NULL");
	char *json = NULL;
	is_int(fi_eras_to_json(eras, &json), FI_OK, "as JSON");
	has_str(json, "\"date\":\"2015-03-01\",\"name\":\"Marathon \\\"training\\\" ☺\",\"label_before\":\"real_run\","
		      "\"label_after\":\"real_run\"", "JSON escapes the name and names the labels");
	fi_free(json);
	fi_eras_free(eras);
	is_str(test_query_text(fi_store_path(s), "SELECT group_concat(label_before, ',') FROM "
						  "(SELECT label_before FROM eras ORDER BY start_date)"),
	       "real_run,real_run,pup_walk", "the stored label_before column follows the chain");

	is_int(fi_era_remove(s, id), FI_OK, "remove the middle era");
	is_int(fi_era_remove(s, id), FI_ENOTFOUND, "removing it again: FI_ENOTFOUND");
	is_int(fi_era_remove(s, 987654), FI_ENOTFOUND, "an unknown id: FI_ENOTFOUND");
	is_int(fi_era_remove(NULL, 1), FI_EINVALID, "no store: FI_EINVALID");
	is_int(fi_era_list(s, &eras), FI_OK, "list again");
	is_int(fi_eras_count(eras), 2, "two eras left");
	is_int(fi_eras_at(eras, 1)->label_before, FI_LABEL_REAL_RUN, "'Moved' now follows the 2015 era's label");
	fi_eras_free(eras);
	is_int(fi_era_list(s, NULL), FI_EINVALID, "no out: FI_EINVALID");
	is_int(fi_eras_count(NULL), 0, "count of NULL: 0");
	fi_eras_free(NULL);

	/* removing the first era keeps the store's label before every era */
	test_exec(fi_store_path(s), "UPDATE eras SET label_before = 'mixed' WHERE start_date = '2015-03-01'");
	is_int(fi_era_remove(s, id3), FI_OK, "remove the first era");
	is_str(test_query_text(fi_store_path(s), "SELECT label_before FROM eras"), "mixed",
	       "the next era inherits the store's before-label");
	fi_store_close(s);

	/* read-only */
	fi_store_params o = FI_STORE_PARAMS_INIT;
	o.flags = FI_STORE_READONLY;
	ok(fi_store_open(test_path("eras.db"), &o, &s) == FI_OK, "open read-only");
	is_int(fi_era_add(s, "2024-01-01", "Nope", FI_LABEL_PUP_WALK, NULL), FI_EREADONLY, "add: FI_EREADONLY");
	is_int(fi_era_remove(s, id2), FI_EREADONLY, "remove: FI_EREADONLY");
	is_int(fi_era_list(s, &eras), FI_OK, "list works read-only");
	is_int(fi_eras_count(eras), 1, "one era");
	fi_eras_free(eras);
	fi_store_close(s);
}

/* ---- the table the classifier uses ---- */

static void test_table(void)
{
	fi_store *s = test_store("table.db");
	fi__era_table t;
	bool has = true;
	is_int(fi__era_table_load(s, &t), FI_OK, "load an empty table");
	is_int(fi__era_default_label(&t, day_of("2020-01-01"), &has), FI_LABEL_UNKNOWN, "no era: unknown");
	ok(!has, "and has_era is false");
	fi__era_table_free(&t);

	fi_era_add(s, "2018-06-01", "Choco", FI_LABEL_PUP_WALK, NULL);
	fi_era_add(s, "2020-01-01", "Injury", FI_LABEL_MIXED, NULL);
	fi_era_add(s, "2021-01-01", "Back", FI_LABEL_REAL_RUN, NULL);
	/* a row written by hand with a date that is not ISO is ignored, like no era */
	test_exec(fi_store_path(s), "INSERT INTO eras(start_date, name, created_at) VALUES ('June 2019', 'hand', 'x')");
	is_int(fi__era_table_load(s, &t), FI_OK, "load");
	is_int(t.n, 3, "three usable eras");
	struct { const char *day; int label; size_t period; } cases[] = {
		{ "1999-12-31", FI_LABEL_REAL_RUN, 0 }, { "2018-05-31", FI_LABEL_REAL_RUN, 0 },
		{ "2018-06-01", FI_LABEL_PUP_WALK, 1 }, { "2019-12-31", FI_LABEL_PUP_WALK, 1 },
		{ "2020-01-01", FI_LABEL_MIXED, 2 }, { "2020-12-31", FI_LABEL_MIXED, 2 },
		{ "2021-01-01", FI_LABEL_REAL_RUN, 3 }, { "2199-01-01", FI_LABEL_REAL_RUN, 3 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int32_t d = day_of(cases[i].day);
		is_int(fi__era_default_label(&t, d, &has), cases[i].label, "%s: %s", cases[i].day,
		       fi_label_name(cases[i].label));
		is_int(fi__era_period_of(&t, d), cases[i].period, "%s: period %zu", cases[i].day, cases[i].period);
	}
	ok(has, "has_era is true");
	is_int(fi__era_default_label(&t, 0, NULL), FI_LABEL_REAL_RUN, "has_era may be NULL");
	fi__era_table_free(&t);
	fi__era_table_free(&t);   /* twice is harmless */
	fi_store_close(s);
}

/* ---- comparison ---- */

static const fi_era_change *compare(fi_store *s, const fi_era_compare_params *p, fi_era_comparison **c)
{
	*c = NULL;
	int rc = fi_era_compare(s, NULL, p, c);
	if (rc != FI_OK) {
		printf("# compare failed: %s\n", fi_error_last()->message);
		return NULL;
	}
	return fi_era_comparison_at(*c, 0);
}

static void test_compare_no_era(void)
{
	fi_store *s = test_store("noera.db");
	fi_era_comparison *c = (fi_era_comparison *)1;
	is_int(fi_era_compare(s, NULL, NULL, &c), FI_ENOTFOUND, "no era: FI_ENOTFOUND");
	has_str(fi_error_last()->message, "fitintel era add DATE NAME", "the message says how to add one");
	ok(c == NULL, "no result");
	is_int(fi_era_compare(NULL, NULL, NULL, &c), FI_EINVALID, "no store: FI_EINVALID");
	is_int(fi_era_compare(s, NULL, NULL, NULL), FI_EINVALID, "no out: FI_EINVALID");

	fi_era_add(s, "2018-06-01", "Choco arrives", FI_LABEL_PUP_WALK, NULL);
	fi_era_compare_params p;
	is_int(fi_era_compare_params_init(&p, 99), FI_EINVALID, "params: unknown version");
	is_int(fi_era_compare_params_init(&p, FI_ERA_COMPARE_PARAMS_VERSION), FI_OK, "params init");
	ok(p.pace_max == 30 && p.distance_max == 50, "defaults 30 min/mi and 50 mi");
	p.pace_max = 0;
	is_int(fi_era_compare(s, NULL, &p, &c), FI_EINVALID, "pace_max 0: FI_EINVALID");
	p.pace_max = NAN;
	is_int(fi_era_compare(s, NULL, &p, &c), FI_EINVALID, "pace_max NaN: FI_EINVALID");
	p = (fi_era_compare_params)FI_ERA_COMPARE_PARAMS_INIT;
	p.version = 7;
	is_int(fi_era_compare(s, NULL, &p, &c), FI_EINVALID, "a wrong version: FI_EINVALID");
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "not a date";
	is_int(fi_era_compare(s, &f, NULL, &c), FI_EINVALID, "a bad filter: FI_EINVALID");

	/* an era but no workouts at all */
	const fi_era_change *ch = compare(s, NULL, &c);
	ok(ch != NULL, "an era and no workouts: FI_OK");
	if (ch) {
		is_int(ch->ratio_kind, FI_ERA_RATIO_UNDEFINED, "ratio undefined");
		ok(isnan(ch->ratio), "ratio NaN");
		is_int(ch->before.workouts + ch->after.workouts, 0, "no workouts");
		ok(ch->before.span_months == 0 && ch->after.per_month == 0, "spans and rates 0");
		ok(!ch->pace.computed && !ch->distance.computed, "no tests");
		size_t n = 99;
		ok(fi_era_comparison_months(c, &n) == NULL && n == 0, "no months");
		char *json = NULL;
		is_int(fi_era_comparison_to_json(c, &json), FI_OK, "JSON");
		has_str(json, "\"ratio\":null,\"ratio_kind\":\"undefined\"", "an undefined ratio is null in JSON");
		fi_free(json);
	}
	fi_era_comparison_free(c);
	fi_era_comparison_free(NULL);
	fi_store_close(s);
}

static void test_compare_nothing_before(void)
{
	fi_store *s = test_store("infinite.db");
	export e = { NULL, 0 };
	add_row(&e, 1, "2018-06-03", 2.0, 20.0);
	add_row(&e, 2, "2018-07-03", 2.5, 22.0);
	add_row(&e, 3, "2018-07-20", 1.5, 19.0);
	ingest(s, &e);
	fi_era_add(s, "2018-06-01", "Choco arrives", FI_LABEL_PUP_WALK, NULL);
	fi_era_comparison *c;
	const fi_era_change *ch = compare(s, NULL, &c);
	ok(ch != NULL, "no workouts before the era: FI_OK, no division error");
	if (ch) {
		is_int(ch->ratio_kind, FI_ERA_RATIO_INFINITE, "ratio kind infinite");
		ok(isinf(ch->ratio) && ch->ratio > 0, "ratio +inf");
		is_str(ch->ratio_text, "∞ (no workouts before)", "stated in words");
		has_str(ch->summary, "∞ (no workouts before)", "and in the summary");
		is_int(ch->before.workouts, 0, "0 workouts before");
		ok(ch->before.span_days == 0 && ch->before.span_months == 0 && ch->before.per_month == 0,
		   "an empty period spans 0 months, 0 per month");
		ok(isnan(ch->before.pace_mean), "no mean pace before");
		ok(!ch->pace.computed, "pace test not computed");
		has_str(ch->pace_reason, "fewer than 2 pace values before the era (0)", "reason given");
		ok(isnan(ch->pace.t.p_value), "its figures are NaN");
		is_int(ch->after.workouts, 3, "3 workouts after");
		ok(ch->after.span_days == 48, "span after: June 3 to July 20 is 48 days");
		ok(fabs(ch->after.span_months - 48 / 30.44) < 1e-12, "in months: days / 30.44");
		ok(fabs(ch->after.per_month - 3 / (48 / 30.44)) < 1e-12, "per month");
		char *json = NULL;
		fi_era_comparison_to_json(c, &json);
		has_str(json, "\"ratio\":null,\"ratio_kind\":\"infinite\",\"ratio_text\":\"∞ (no workouts before)\"",
			"JSON: null ratio, kind and words");
		fi_free(json);
	}
	fi_era_comparison_free(c);

	/* nothing after: ratio 0 */
	fi_era_add(s, "2019-01-01", "Later", FI_LABEL_PUP_WALK, NULL);
	ch = compare(s, NULL, &c);
	ok(ch && fi_era_comparison_count(c) == 2, "two changes");
	if (ch) {
		ch = fi_era_comparison_at(c, 1);
		is_int(ch->ratio_kind, FI_ERA_RATIO_FINITE, "nothing after: finite");
		ok(ch->ratio == 0, "ratio 0");
		is_str(ch->ratio_text, "0× (no workouts after)", "in words");
		ok(ch->after.start_day == day_of("2019-01-01") && ch->after.end_day == INT32_MAX, "open last period");
		ok(ch->before.start_day == day_of("2018-06-01") && ch->before.end_day == day_of("2018-12-31"),
		   "the middle period ends the day before the next era");
	}
	fi_era_comparison_free(c);
	fi_store_close(s);
}

/* Mean and sample sd, written out again for the checks. */
static void mean_sd(const double *v, size_t n, double *m, double *sd)
{
	double s = 0, q = 0;
	for (size_t i = 0; i < n; i++)
		s += v[i];
	*m = s / (double)n;
	for (size_t i = 0; i < n; i++)
		q += (v[i] - *m) * (v[i] - *m);
	*sd = sqrt(q / (double)(n - 1));
}

static void test_compare_figures(void)
{
	fi_store *s = test_store("figures.db");
	export e = { NULL, 0 };
	/* before: 2012-01-01 .. 2018-05-31; paces 9, 10, 35 (excluded), 11; distance 60 (excluded) */
	add_row(&e, 10, "2012-01-01", 5.0, 9.0);
	add_row(&e, 11, "2014-03-15", 6.0, 10.0);
	add_row(&e, 12, "2016-07-04", 60.0, 35.0);
	add_row(&e, 13, "2018-05-31", 4.0, 11.0);
	/* after: 2018-06-01 .. 2018-08-30 */
	add_row(&e, 20, "2018-06-01", 2.0, 20.0);
	add_row(&e, 21, "2018-06-01", 2.2, 21.0);
	add_row(&e, 22, "2018-08-30", 1.8, 24.0);
	ingest(s, &e);
	fi_era_add(s, "2018-06-01", "Choco arrives", FI_LABEL_PUP_WALK, NULL);
	test_exec(fi_store_path(s), "INSERT OR REPLACE INTO classifications(workout_id, label, method, confidence) VALUES"
		    " (10,'real_run','user',1),(11,'real_run','user',1),(12,'outlier','bounds',1),(13,'mixed','user',1),"
		    " (20,'pup_walk','user',1),(21,'pup_walk','user',1);"
		    "DELETE FROM classifications WHERE workout_id = 22");
	fi_era_comparison *c;
	const fi_era_change *ch = compare(s, NULL, &c);
	ok(ch != NULL, "compare");
	if (!ch)
		return;
	is_int(fi_era_comparison_workouts(c), 7, "7 workouts");
	is_str(ch->era.name, "Choco arrives", "the era");
	is_int(ch->before.workouts, 4, "4 before");
	is_int(ch->after.workouts, 3, "3 after (two on the era's own day)");
	ok(ch->before.first_day == day_of("2012-01-01") && ch->before.last_day == day_of("2018-05-31"),
	   "before: first and last workout");
	ok(ch->before.span_days == 2343, "2012-01-01..2018-05-31 is 2343 days");
	ok(fabs(ch->before.span_months - 2343 / 30.44) < 1e-12 && fabs(ch->before.span_months - 77) < 0.1,
	   "about 77 months: the real span, not a constant (%.3f)", ch->before.span_months);
	ok(ch->after.span_days == 91, "2018-06-01..2018-08-30 is 91 days");
	double want_ratio = (3 / (91 / 30.44)) / (4 / (2343 / 30.44));
	ok(fabs(ch->ratio - want_ratio) < 1e-9, "ratio of workouts per month (%.4f)", want_ratio);
	is_int(ch->ratio_kind, FI_ERA_RATIO_FINITE, "finite");
	char want_text[32];
	snprintf(want_text, sizeof want_text, "%.1f×", want_ratio);
	is_str(ch->ratio_text, want_text, "ratio text");
	is_int(ch->before.pace_n, 3, "pace 35 left out (> 30)");
	ok(fabs(ch->before.pace_mean - 10) < 1e-12, "mean pace before 10");
	is_int(ch->before.distance_n, 3, "distance 60 left out (> 50)");
	ok(fabs(ch->before.distance_mean - 5) < 1e-12, "mean distance before 5");
	double pb[] = { 9, 10, 11 }, pa[] = { 20, 21, 24 };
	fi_ttest want;
	fi_stats_welch(pa, 3, pb, 3, &want);
	ok(ch->pace.computed, "pace test computed");
	ok(fabs(ch->pace.t.t - want.t) < 1e-12 && fabs(ch->pace.t.p_value - want.p_value) < 1e-15 &&
	   fabs(ch->pace.t.cohen_d - want.cohen_d) < 1e-12, "pace: Welch of after against before");
	ok(ch->pace.t.t > 0 && ch->pace.t.mean_a > ch->pace.t.mean_b, "slower after: positive t");
	double m, sd;
	mean_sd(pa, 3, &m, &sd);
	ok(fabs(ch->after.pace_mean - m) < 1e-12 && fabs(ch->after.pace_sd - sd) < 1e-12, "mean and sd after");
	is_str(ch->pace_reason, "", "no reason when computed");
	is_int(ch->before.label_count[FI_LABEL_REAL_RUN], 2, "2 runs before");
	is_int(ch->before.label_count[FI_LABEL_OUTLIER], 1, "1 outlier before");
	is_int(ch->before.label_count[FI_LABEL_MIXED], 1, "1 mixed before");
	is_int(ch->after.label_count[FI_LABEL_PUP_WALK], 2, "2 walks after");
	is_int(ch->after.label_count[FI_LABEL_UNKNOWN], 1, "1 unlabelled after");
	ok(fabs(ch->before.label_percent[FI_LABEL_REAL_RUN] - 50) < 1e-12, "50%% runs before");
	ok(fabs(ch->after.label_percent[FI_LABEL_UNKNOWN] - 100.0 / 3) < 1e-12, "33.3%% unknown after");
	has_str(ch->summary, "After Choco arrives (2018-06-01) you logged", "a plain-language summary");
	has_str(ch->summary, want_text, "with the ratio");

	size_t n = 0;
	const fi_era_month *months = fi_era_comparison_months(c, &n);
	is_int(n, 6 * 12 + 8, "every month from 2012-01 to 2018-08");
	if (months && n == 80) {
		ok(months[0].day == day_of("2012-01-01") && months[0].workouts == 1, "first month");
		ok(months[1].workouts == 0 && isnan(months[1].pace_mean) && months[1].pace_n == 0,
		   "an empty month: 0 workouts, no pace");
		size_t june = 12 * 6 + 5;
		ok(months[june].day == day_of("2018-06-01") && months[june].workouts == 2, "June 2018: 2 workouts");
		ok(fabs(months[june].pace_mean - 20.5) < 1e-12, "its mean pace");
		is_int(months[june].period, 1, "June 2018 is in the era");
		is_int(months[june - 1].period, 0, "May 2018 before it");
		size_t july2016 = 12 * 4 + 6;
		ok(months[july2016].workouts == 1 && months[july2016].pace_n == 0, "a month whose only pace is > 30");
		size_t total = 0;
		for (size_t k = 0; k < n; k++)
			total += months[k].workouts;
		is_int(total, 7, "months add up to the workouts");
	}
	char *json = NULL;
	is_int(fi_era_comparison_to_json(c, &json), FI_OK, "JSON");
	has_str(json, "\"markers\":[{\"date\":\"2018-06-01\",\"name\":\"Choco arrives\",\"month_index\":77}]",
		"the era marked in the series");
	has_str(json, "{\"month\":\"2012-02\",\"workouts\":0,\"pace_n\":0,\"pace_mean\":null,\"period\":0}",
		"an empty month in JSON");
	fi_free(json);
	is_int(fi_era_comparison_to_json(NULL, &json), FI_EINVALID, "JSON of NULL: FI_EINVALID");
	fi_era_comparison_free(c);

	/* the filter narrows the workouts; the label filter uses stored labels */
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.label = FI_LABEL_REAL_RUN;
	ok(fi_era_compare(s, &f, NULL, &c) == FI_OK, "compare runs only");
	ch = fi_era_comparison_at(c, 0);
	ok(ch && ch->before.workouts == 2 && ch->after.workouts == 0, "2 runs before, none after");
	fi_era_comparison_free(c);

	/* NULL parameters: the store's distance bound */
	fi_config_set(s, "bounds.distance_max", "5.5");
	ok(fi_era_compare(s, NULL, NULL, &c) == FI_OK, "compare with the store's configuration");
	ch = fi_era_comparison_at(c, 0);
	ok(ch && ch->before.distance_n == 2 && fabs(ch->before.distance_mean - 4.5) < 1e-12,
	   "bounds.distance_max 5.5 leaves out 6 and 60 mi");
	fi_era_comparison_free(c);
	fi_config_set(s, "bounds.distance_max", NULL);

	/* one value on a side */
	fi_era_compare_params p = FI_ERA_COMPARE_PARAMS_INIT;
	p.pace_max = 9.5;   /* leaves one pace before (9) and none after */
	ok(fi_era_compare(s, NULL, &p, &c) == FI_OK, "pace_max 9.5");
	ch = fi_era_comparison_at(c, 0);
	ok(ch && !ch->pace.computed && ch->before.pace_n == 1, "one pace before: not computed");
	if (ch)
		has_str(ch->pace_reason, "fewer than 2 pace values before the era (1)", "with its reason");
	fi_era_comparison_free(c);
	fi_store_close(s);

	s = test_store("flat.db");
	add_row(&e, 1, "2018-01-01", 3, 10);
	add_row(&e, 2, "2018-01-02", 3, 10);
	add_row(&e, 3, "2018-07-01", 3, 10);
	add_row(&e, 4, "2018-07-02", 3, 10);
	ingest(s, &e);
	fi_era_add(s, "2018-06-01", "Same", FI_LABEL_PUP_WALK, NULL);
	fi_error_clear();
	ch = compare(s, NULL, &c);
	ok(ch && !ch->pace.computed && !ch->distance.computed, "identical values: no test");
	if (ch)
		has_str(ch->pace_reason, "no spread", "because there is no spread");
	is_int(fi_error_last()->code, FI_OK, "a refused test leaves no error behind");
	fi_era_comparison_free(c);
	fi_store_close(s);
}

int main(void)
{
	test_add_and_refusals();
	test_table();
	test_compare_no_era();
	test_compare_nothing_before();
	test_compare_figures();
	test_cleanup();
	return tap_done();
}
