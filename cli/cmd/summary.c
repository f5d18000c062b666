/* `fitintel summary`: workouts grouped by day, week, month, year, weekday or label, with the
 * count, sum, mean, median, sd, min and max of one metric per group (fitintel/summary.h). */
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

static const char *const weekdays[7] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
					 "Saturday", "Sunday" };

static void format_key(char *buf, size_t cap, const fi_summary *s, size_t g)
{
	int32_t key = fi_summary_key(s, g);
	switch (fi_summary_grouping(s)) {
	case FI_GROUP_ALL: snprintf(buf, cap, "all"); break;
	case FI_GROUP_WEEKDAY: snprintf(buf, cap, "%s", weekdays[key]); break;
	case FI_GROUP_LABEL: snprintf(buf, cap, "%s", fi_label_name(key)); break;
	case FI_GROUP_MONTH: cli_format_day(buf, key); buf[7] = '\0'; break;
	case FI_GROUP_YEAR: cli_format_day(buf, key); buf[4] = '\0'; break;
	default: cli_format_day(buf, key); break;
	}
}

static void print_summary(const fi_summary *s, int column)
{
	printf("%-10s %8s %6s %6s %6s  %6s %10s %9s %9s %9s %9s %9s\n", "GROUP", "WORKOUTS", "RUNS",
	       "WALKS", "MIXED", "N", "SUM", "MEAN", "MEDIAN", "SD", "MIN", "MAX");
	for (size_t g = 0; g < fi_summary_groups(s); g++) {
		char key[16], sum[32], mean[32], median[32], sd[32], lo[32], hi[32];
		fi_summary_stats st;
		fi_summary_stats_get(s, g, column, &st);
		format_key(key, sizeof key, s, g);
		cli_format_fixed(sum, sizeof sum, st.sum, 1);
		cli_format_metric(mean, sizeof mean, column, st.mean);
		cli_format_metric(median, sizeof median, column, st.median);
		cli_format_metric(sd, sizeof sd, column, st.sd);
		cli_format_metric(lo, sizeof lo, column, st.min);
		cli_format_metric(hi, sizeof hi, column, st.max);
		printf("%-10s %8zu %6zu %6zu %6zu  %6zu %10s %9s %9s %9s %9s %9s\n", key,
		       fi_summary_workouts(s, g), fi_summary_label_workouts(s, g, FI_LABEL_REAL_RUN),
		       fi_summary_label_workouts(s, g, FI_LABEL_PUP_WALK),
		       fi_summary_label_workouts(s, g, FI_LABEL_MIXED), st.n, sum, mean, median, sd, lo, hi);
	}
	printf("(%s in %s)\n", fi_metric_name(column), fi_metric_unit(column));
}

static struct {
	fi_summary_params p;
	cli_filter filter;
	int column;
	bool fill, json;
} a = { FI_SUMMARY_PARAMS_INIT, CLI_FILTER_INIT, FI_COLUMN_DISTANCE, false, false };

static bool parse_grouping(const char *text, void *value)
{
	return fi_grouping_parse(text, value) == FI_OK;
}

static bool parse_metric(const char *text, void *value)
{
	return fi_metric_parse(text, value) == FI_OK;
}

static int compute(fi_store *store, void **result)
{
	a.p.fill = a.fill;
	/* the table shows one metric; the JSON keeps every one */
	a.p.metrics = a.json ? FI_SUMMARY_METRICS_ALL : FI_SUMMARY_METRIC(a.column);
	return fi_summary_make(store, &a.filter.f, &a.p, (fi_summary **)result);
}

static int print(const void *result)
{
	print_summary(result, a.column);
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(result, fi_summary, fi_summary_to_json, fi_summary_free)

static const cli_job job = {
	.what = "summarise the workouts", .json_what = "write the summary as JSON", .filter = &a.filter, .json = &a.json,
	.compute = compute, .to_json = result_json, .print = print, .free = result_free
};

static const cli_opt options[] = {
	{ CLI_OPT_CUSTOM, "by", .value = &a.p.grouping, .parse = parse_grouping, .value_name = "G",
	  .words = "day week month year weekday label all",
	  .help = "day, week, month (default), year, weekday, label or all" },
	{ CLI_OPT_CUSTOM, "metric", .value = &a.column, .parse = parse_metric, .value_name = "M",
	  .words = CLI_METRIC_WORDS,
	  .help = "the metric of the table: distance (default), duration, pace,\n"
		  "calories, steps, cadence, heart_rate, speed, max_pace, max_speed" },
	{ CLI_OPT_FLAG, "fill", .value = &a.fill,
	  .help = "also the empty groups (every period between the first and\n"
		  "the last workout's, every weekday, every label)" },
	CLI_SPEC_FILTER(&a.filter),
	CLI_SPEC_JSON(&a.json, "print the summary as JSON"),
	CLI_SPEC_END
};

const cli_command cli_cmd_summary = {
	.name = "summary", .options = options, .job = &job,
	.help = &cli_help_summary,
};
