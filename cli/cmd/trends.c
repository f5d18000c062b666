/* `fitintel trends`: the trend of a metric over time (OLS on days with a slope interval,
 * direction, improvement rate, Mann–Kendall with Sen's slope, plateaus). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

/* A slope for people: the metric's unit per month, with enough decimals for small slopes. */
static void format_slope(char *buf, size_t cap, double per_day)
{
	double v = per_day * FI_TREND_DAYS_PER_MONTH;
	if (isnan(v))
		snprintf(buf, cap, "%s", "");
	else
		snprintf(buf, cap, "%+.4g", v);
}

static void print_plateaus(const fi_trend_report *r, int column, bool per_workout)
{
	size_t count = 0;
	const fi_plateau *pl = fi_trend_report_plateaus(r, &count);
	if (!count) {
		printf("  plateaus      none\n");
		return;
	}
	printf("  plateaus      %zu\n", count);
	for (size_t i = 0; i < count; i++) {
		char a[11], b[11], level[48], mean[48];
		cli_format_day(a, pl[i].first_day);
		cli_format_day(b, pl[i].last_day);
		cli_format_metric(level, sizeof level, column, pl[i].level);
		cli_format_metric(mean, sizeof mean, column, pl[i].mean);
		printf("                %s … %s: %zu %s, mean %s (level %s)\n", a, b, pl[i].length,
		       per_workout ? "workouts" : "points", mean, level);
	}
}

static int print(const void *result)
{
	const fi_trend_report *r = result;
	const fi_trend_summary *t = fi_trend_report_summary(r);
	bool count = t->statistic == FI_STATISTIC_COUNT;
	int column = count ? 0 : t->metric;
	const char *unit = count ? "workouts" : fi_metric_unit(t->metric);
	char a[11] = "", b[11] = "";
	if (t->n) {
		cli_format_day(a, t->first_day);
		cli_format_day(b, t->last_day);
	}
	if (t->per == FI_PERIOD_WORKOUT)
		printf("Trend of %s (%s) per workout: %zu points", fi_metric_name(t->metric), unit, t->n);
	else
		printf("Trend of the %s %s of %s (%s): %zu %ss", t->per == FI_PERIOD_WEEK ? "weekly" : "monthly",
		       fi_statistic_name(t->statistic), count ? "workouts" : fi_metric_name(t->metric),
		       unit, t->n, fi_period_name(t->per));
	if (t->n)
		printf(" from %s to %s", a, b);
	printf(".\n");
	if (t->status != FI_ANALYSIS_OK) {
		printf("Insufficient data: %s.\n", fi_trend_report_reason(r));
		return CLI_EXIT_OK;
	}
	char s[48], lo[48], hi[48], first[48], last[48];
	format_slope(s, sizeof s, t->slope_per_day);
	format_slope(lo, sizeof lo, t->slope_low);
	format_slope(hi, sizeof hi, t->slope_high);
	cli_format_metric(first, sizeof first, column, t->fitted_first);
	cli_format_metric(last, sizeof last, column, t->fitted_last);
	printf("  slope         %s %s per month (%g%% CI %s … %s), p = %.3g, r² = %.3f\n", s, unit,
	       100 * t->confidence, lo, hi, t->p_value, t->r2);
	printf("  line          %s at the start, %s at the end\n", first, last);
	printf("  direction     %s (%s is better)\n", fi_trend_direction_name(t->direction),
	       !count && fi_metric_lower_is_better(t->metric) == 1 ? "lower" : "higher");
	if (!isnan(t->change_pct_per_month))
		printf("  change        %+.2f%% per month of the starting level (improvement %+.2f%%)\n",
		       t->change_pct_per_month, t->improvement_pct_per_month);
	if (t->mk_computed) {
		format_slope(s, sizeof s, t->sen_slope_per_day);
		printf("  Mann-Kendall  S = %.0f, z = %.3f, p = %.3g, tau = %.3f; Sen's slope %s per month: %s\n",
		       t->mk_s, t->mk_z, t->mk_p_value, t->mk_tau, s, fi_trend_direction_name(t->mk_direction));
	} else {
		printf("  Mann-Kendall  not computed (too many points: use --per week or month)\n");
	}
	print_plateaus(r, column, t->per == FI_PERIOD_WORKOUT);
	return CLI_EXIT_OK;
}

static struct {
	fi_trend_params p;
	cli_filter filter;
	bool count, include_outliers, json;
	int per, stat;   /* -1: the default */
} a = { FI_TREND_PARAMS_INIT, CLI_FILTER_INIT, false, false, false, -1, -1 };

static bool parse_metric(const char *text, void *value)
{
	if (strcmp(text, "count") == 0) {
		a.count = true;
		return true;
	}
	return fi_metric_parse(text, value) == FI_OK;
}

static int compute(fi_store *store, void **result)
{
	return fi_trend_analyze(store, &a.filter.f, &a.p, (fi_trend_report **)result);
}

CLI_JOB_RESULT(result, fi_trend_report, fi_trend_report_to_json, fi_trend_report_free)

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_job job = {
		.what = "compute the trend", .json_what = "write the trend as JSON", .filter = &a.filter,
		.json = &a.json, .compute = compute, .to_json = result_json, .print = print, .free = result_free
	};
	(void)argc, (void)argv;
	/* count counts whatever --stat says; its default period is the week */
	a.p.statistic = a.count ? FI_STATISTIC_COUNT : a.stat >= 0 ? a.stat : a.p.statistic;
	a.p.per = a.per >= 0 ? a.per : a.count ? FI_PERIOD_WEEK : a.p.per;
	a.p.include_outliers = a.include_outliers;
	if (a.count && a.p.per == FI_PERIOD_WORKOUT)
		return cli_usage_error("trends", "--metric count needs --per week or month");
	return cli_run(ctx, "trends", &job);
}

static const cli_choice periods[] = {
	{ "workout", FI_PERIOD_WORKOUT }, { "week", FI_PERIOD_WEEK }, { "month", FI_PERIOD_MONTH }, { NULL, 0 }
};

static const cli_choice statistics[] = { { "mean", FI_STATISTIC_MEAN }, { "sum", FI_STATISTIC_SUM }, { NULL, 0 } };

static const cli_opt options[] = {
	{ CLI_OPT_CUSTOM, "metric", .value = &a.p.metric, .parse = parse_metric, .hint = ", or count",
	  .words = CLI_METRIC_WORDS " count", .value_name = "M|count",
	  .help = "pace (default), distance, duration, calories, steps,\n"
		  "cadence, heart_rate, speed, max_pace, max_speed, or count\n"
		  "(workouts per week or month)" },
	{ CLI_OPT_ENUM, "per", .value = &a.per, .choices = periods, .value_name = "P",
	  .help = "workout (default; week for count): one point per workout,\n"
		  "or per ISO week (Monday) or calendar month; empty periods\n"
		  "count 0 for count and sum and are left out for mean" },
	{ CLI_OPT_ENUM, "stat", .value = &a.stat, .choices = statistics, .value_name = "S",
	  .help = "mean (default) or sum of the metric in each week or month" },
	CLI_SPEC_FILTER(&a.filter),
	{ CLI_OPT_FLAG, "include-outliers", .value = &a.include_outliers, .help = "keep workouts labelled outlier" },
	CLI_SPEC_JSON(&a.json, "print the trend as JSON (weekly and monthly points included)"),
	CLI_SPEC_END
};

const cli_command cli_cmd_trends = {
	.name = "trends", .run = run, .options = options,
	.help = &cli_help_trends,
};
