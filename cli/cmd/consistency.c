/* `fitintel consistency`: the consistency score of a window, its trajectory and the weekday and
 * rest-day figures of the whole history. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

#define CMD "consistency"

/* "0.41" (@decimals places; −1: 3 significant digits), or "–" when not defined. */
static const char *num(char *buf, size_t cap, int decimals, double v)
{
	if (isfinite(v) && decimals < 0)
		snprintf(buf, cap, "%.3g", v);
	else if (isfinite(v))
		snprintf(buf, cap, "%.*f", decimals, v);
	else
		snprintf(buf, cap, "–");
	return buf;
}

static void print_score(const fi_consistency_analysis *a, int window)
{
	const fi_consistency *s = fi_consistency_analysis_score(a);
	char x[32], y[32], z[32];
	printf("Consistency %.1f/100 over the %d days to %s\n", s->score, window, fi_consistency_analysis_ref_date(a));
	if (s->empty) {
		puts("  no workouts in the window");
		return;
	}
	printf("  %-12s %6.1f   %zu workouts, %.2f per week; %.1f%% of the days active\n", "frequency",
	       s->frequency, s->workouts, s->per_week, s->active_day_pct);
	printf("  %-12s %6.1f   weekday CV %s, interval CV %s\n", "timing", s->timing,
	       num(x, sizeof x, 2, s->weekday_cv), num(y, sizeof y, 2, s->interval_cv));
	printf("  %-12s %6.1f   CV calories %s, distance %s, duration %s\n", "performance", s->performance,
	       num(x, sizeof x, 2, s->cv_calories), num(y, sizeof y, 2, s->cv_distance),
	       num(z, sizeof z, 2, s->cv_duration));
	printf("  %-12s %6.1f   current %d days, longest %d; weeks: current %d, longest %d\n", "streak",
	       s->streak, s->current_streak, s->longest_streak, s->current_week_streak, s->longest_week_streak);
}

static void print_trajectory(const fi_consistency_analysis *a, int step)
{
	const int32_t *days = NULL;
	const double *scores = NULL;
	size_t n = fi_consistency_analysis_trajectory(a, &days, &scores);
	const fi_consistency_trend *t = fi_consistency_analysis_trend(a);
	char first[11], last[11], p[32], mk[32];
	if (n == 0)
		return;
	cli_format_day(first, days[0]);
	cli_format_day(last, days[n - 1]);
	printf("\nTrajectory: %zu points every %d days, %s to %s\n", n, step, first, last);
	if (t->status == 1) {
		puts("  trend: too few points (fewer than 3)");
		return;
	}
	printf("  trend: %s, %+.3g points per month (OLS p = %s; Mann-Kendall p = %s)\n",
	       t->direction > 0 ? "improving" : t->direction < 0 ? "declining" : "stable", t->slope_per_month,
	       num(p, sizeof p, -1, t->p_value), t->mk_computed ? num(mk, sizeof mk, -1, t->mk_p_value) : "not run");
}

static void print_history(const fi_consistency_analysis *a)
{
	const fi_consistency_history *h = fi_consistency_analysis_history(a);
	char count[32], from[11], to[11], rest[32];
	if (h->workouts == 0)
		return;
	out_format_count(count, sizeof count, (int64_t)h->workouts);
	cli_format_day(from, h->first_day);
	cli_format_day(to, h->last_day);
	char active[32];
	out_format_count(active, sizeof active, (int64_t)h->active_days);
	printf("\nHistory: %s workouts on %s active days, %s to %s\n", count, active, from, to);
	printf("  ");
	for (int d = 0; d < 7; d++) {
		out_format_count(count, sizeof count, (int64_t)h->weekday_counts[d]);
		printf("%s%.3s %s (%.1f%%)", d ? "  " : "", fi_consistency_weekday_name(d), count, h->weekday_percent[d]);
	}
	printf("\n  preferred days:");
	for (size_t i = 0; i < h->preferred_n; i++)
		printf("%s %s", i ? "," : "", fi_consistency_weekday_name(h->preferred[i]));
	fputc('\n', stdout);
	if (h->longest_rest_days > 0) {
		cli_format_day(from, h->longest_rest_from);
		cli_format_day(to, h->longest_rest_to);
		printf("  longest rest: %d days (%s to %s)", (int)h->longest_rest_days, from, to);
	} else {
		printf("  longest rest: none");
	}
	printf("; mean rest between active days: %s days\n", num(rest, sizeof rest, 2, h->mean_rest_days));
	size_t months = 0;
	fi_consistency_analysis_months(a, &months);
	printf("  monthly counts: %zu months (--json)\n", months);
}

static struct {
	cli_filter filter;
	int64_t days, step;
	char at[11];
	bool json;
	fi_consistency_analysis_params p;   /* what was used, for the headings */
} a = { CLI_FILTER_INIT, 0, 0, "", false, { 0 } };

static int compute(fi_store *store, void **result)
{
	int rc = fi_consistency_analysis_params_from_store(store, &a.p);
	if (rc != FI_OK)
		return rc;
	if (a.days)
		a.p.window_days = (int)a.days;
	if (a.step)
		a.p.trajectory_step = (int)a.step;
	if (a.at[0])
		a.p.ref_date = a.at;
	return fi_consistency_analyze(store, &a.filter.f, &a.p, (fi_consistency_analysis **)result);
}

static int print(const void *result)
{
	const fi_consistency_analysis *r = result;
	if (fi_consistency_analysis_ref_date(r)[0] == '\0') {
		puts("No workouts to score.");
		return CLI_EXIT_OK;
	}
	print_score(r, a.p.window_days);
	print_trajectory(r, a.p.trajectory_step);
	print_history(r);
	printf("\n%s\n", fi_consistency_analysis_summary(r));
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(result, fi_consistency_analysis, fi_consistency_analysis_to_json, fi_consistency_analysis_free)

static const cli_job job = {
	.what = "score the consistency", .json_what = "write the analysis as JSON", .filter = &a.filter, .json = &a.json,
	.compute = compute, .to_json = result_json, .print = print, .free = result_free
};

static const cli_opt options[] = {
	{ CLI_OPT_INT, "days", .value = &a.days, .min = 1, .max = 36600, .value_name = "N",
	  .help = "window length in days (default: consistency.window_days, 30)" },
	{ CLI_OPT_DATE, "at", .value = a.at, .value_name = "DATE",
	  .help = "last day of the window (default: the latest workout)" },
	{ CLI_OPT_INT, "step", .value = &a.step, .min = 1, .max = 36600, .value_name = "N",
	  .help = "days between trajectory points (default:\nconsistency.trajectory_step, 15)" },
	CLI_SPEC_FROM(&a.filter, NULL),
	CLI_SPEC_TO(&a.filter, "only workouts in these dates (inclusive)"),
	CLI_SPEC_TYPE(&a.filter, "only this raw Activity Type (any case)"),
	CLI_SPEC_LABEL(&a.filter, "only workouts with this stored label (run, walk, mixed,\n"
				  "outlier, other, unknown)"),
	CLI_SPEC_JSON(&a.json, "print the library's JSON (adds the trajectory points and\n"
			       "the monthly counts)"),
	CLI_SPEC_END
};

const cli_command cli_cmd_consistency = {
	.name = CMD, .options = options, .job = &job,
	.help = &cli_help_consistency,
};
