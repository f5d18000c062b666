/* `fitintel trends`: the trend of a metric over time (OLS on days with a slope interval,
 * direction, improvement rate, Mann–Kendall with Sen's slope, plateaus). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "args.h"
#include "common.h"
#include "output.h"

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

static void print_trend(const fi_trend_report *r)
{
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
		return;
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
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "metric", required_argument, NULL, 'm' },
		{ "per", required_argument, NULL, 'p' },
		{ "stat", required_argument, NULL, 's' },
		{ "include-outliers", no_argument, NULL, 'O' },
		{ "label", required_argument, NULL, CLI_OPT_LABEL },
		{ "from", required_argument, NULL, CLI_OPT_FROM },
		{ "to", required_argument, NULL, CLI_OPT_TO },
		{ "type", required_argument, NULL, CLI_OPT_TYPE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fi_trend_params p = FI_TREND_PARAMS_INIT;
	cli_filter cf;
	bool json = false, per_given = false;
	int c, code;

	cli_filter_init(&cf);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'm':
			if (strcmp(optarg, "count") == 0)
				p.statistic = FI_STATISTIC_COUNT;
			else if (fi_metric_parse(optarg, &p.metric) != FI_OK)
				return cli_usage_error("trends", "--metric: %s, or count", fi_error_last()->message);
			break;
		case 'p':
			if (fi_period_parse(optarg, &p.per) != FI_OK)
				return cli_usage_error("trends", "--per must be workout, week or month, not '%s'",
						       optarg);
			per_given = true;
			break;
		case 's':
			if (strcmp(optarg, "mean") == 0)
				p.statistic = p.statistic == FI_STATISTIC_COUNT ? p.statistic : FI_STATISTIC_MEAN;
			else if (strcmp(optarg, "sum") == 0)
				p.statistic = p.statistic == FI_STATISTIC_COUNT ? p.statistic : FI_STATISTIC_SUM;
			else
				return cli_usage_error("trends", "--stat must be mean or sum, not '%s'", optarg);
			break;
		case 'O':
			p.include_outliers = 1;
			break;
		case CLI_OPT_LABEL:
		case CLI_OPT_FROM:
		case CLI_OPT_TO:
		case CLI_OPT_TYPE:
			code = cli_filter_set(&cf, "trends", c, optarg);
			if (code >= 0)
				return code;
			break;
		case 'h':
			cli_command_help(&cli_cmd_trends);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("trends", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("trends", "unexpected argument '%s'", argv[optind]);
	if ((code = cli_filter_check(&cf, "trends")) >= 0)
		return code;
	if (p.statistic == FI_STATISTIC_COUNT && !per_given)
		p.per = FI_PERIOD_WEEK;
	if (p.statistic == FI_STATISTIC_COUNT && p.per == FI_PERIOD_WORKOUT)
		return cli_usage_error("trends", "--metric count needs --per week or month");

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_trend_report *r = NULL;
	int rc = fi_trend_analyze(store, &cf.f, &p, &r);
	if (rc != FI_OK) {
		cli_lib_error(rc, "compute the trend");
		fi_store_close(store);
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (json) {
		char *text = NULL;
		rc = fi_trend_report_to_json(r, &text);
		code = cli_print_json(rc, text, "write the trend as JSON");
	} else {
		print_trend(r);
	}
	fi_trend_report_free(r);
	fi_store_close(store);
	return code;
}

const cli_command cli_cmd_trends = {
	"trends", run,
	"the trend of a metric over time: slope, direction, improvement, plateaus",
	"fitintel trends [--metric M|count] [--per workout|week|month] [--stat mean|sum]\n"
	"                       [--label L] [--from D] [--to D] [--type T]\n"
	"                       [--include-outliers] [--json] [--db PATH]",
	"\n"
	"Regresses the metric on time (days, oldest first): the OLS slope per day and\n"
	"per month (x 30.44) with its 95% confidence interval, r², the two-sided\n"
	"p-value, and a direction: improving or declining when the interval excludes\n"
	"0, else stable (for paces lower is better). The improvement rate is the\n"
	"change per month as a percentage of the fitted value at the start. A robust\n"
	"check: Mann-Kendall with Sen's slope (skipped above 4,000 points). Plateaus\n"
	"are runs of at least 14 points whose 7-point trailing mean stays within 5% of\n"
	"its value where the run starts. Fewer than 3 points: insufficient data.\n"
	"Workouts labelled outlier are left out unless --include-outliers.\n"
	"\n"
	"Options:\n"
	"  --metric M       pace (default), distance, duration, calories, steps,\n"
	"                   cadence, heart_rate, speed, max_pace, max_speed, or count\n"
	"                   (workouts per week or month)\n"
	"  --per P          workout (default; week for count): one point per workout,\n"
	"                   or per ISO week (Monday) or calendar month; empty periods\n"
	"                   count 0 for count and sum and are left out for mean\n"
	"  --stat S         mean (default) or sum of the metric in each week or month\n"
	CLI_HELP_FILTER
	"  --include-outliers  keep workouts labelled outlier\n"
	"  --json           print the trend as JSON (weekly and monthly points included)\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel trends --metric pace --label run\n"
	"  fitintel trends --metric distance --per week --stat sum\n"
	"  fitintel trends --metric count --per month --json\n"
};
