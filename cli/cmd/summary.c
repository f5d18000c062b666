/* `fitintel summary`: workouts grouped by day, week, month, year, weekday or label, with the
 * count, sum, mean, median, sd, min and max of one metric per group (fitintel/summary.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "args.h"
#include "commands.h"
#include "common.h"
#include "output.h"

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

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "by", required_argument, NULL, 'b' },
		{ "metric", required_argument, NULL, 'm' },
		{ "fill", no_argument, NULL, 'F' },
		{ "label", required_argument, NULL, CLI_OPT_LABEL },
		{ "from", required_argument, NULL, CLI_OPT_FROM },
		{ "to", required_argument, NULL, CLI_OPT_TO },
		{ "type", required_argument, NULL, CLI_OPT_TYPE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_filter cf;
	fi_summary_params p;
	int column = FI_COLUMN_DISTANCE;
	bool json = false;
	int c, code;

	cli_filter_init(&cf);
	fi_summary_params_init(&p, FI_SUMMARY_PARAMS_VERSION);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'b':
			if (fi_grouping_parse(optarg, &p.grouping) != FI_OK)
				return cli_usage_error("summary", "%s", fi_error_last()->message);
			break;
		case 'm':
			if (fi_metric_parse(optarg, &column) != FI_OK)
				return cli_usage_error("summary", "%s", fi_error_last()->message);
			break;
		case 'F':
			p.fill = 1;
			break;
		case CLI_OPT_LABEL:
		case CLI_OPT_FROM:
		case CLI_OPT_TO:
		case CLI_OPT_TYPE:
			code = cli_filter_set(&cf, "summary", c, optarg);
			if (code >= 0)
				return code;
			break;
		case 'h':
			cli_command_help(&cli_cmd_summary);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("summary", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("summary", "unexpected argument '%s'", argv[optind]);
	if ((code = cli_filter_check(&cf, "summary")) >= 0)
		return code;

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_summary *s = NULL;
	int rc = fi_summary_make(store, &cf.f, &p, &s);
	if (rc != FI_OK) {
		cli_lib_error(rc, "summarise the workouts");
		fi_store_close(store);
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (json) {
		char *text = NULL;
		rc = fi_summary_to_json(s, &text);
		code = cli_print_json(rc, text, "write the summary as JSON");
	} else {
		print_summary(s, column);
	}
	fi_summary_free(s);
	fi_store_close(store);
	return code;
}

const cli_command cli_cmd_summary = {
	"summary", run,
	"workouts per day, week, month, year, weekday or label, with statistics",
	"fitintel summary [--by G] [--metric M] [--fill] [--label L] [--from D] [--to D]\n"
	"                        [--type T] [--json] [--db PATH]",
	"\n"
	"Groups the workouts and gives, per group, the workouts by label and the known\n"
	"values of a metric: how many, their sum, mean, median, sample standard\n"
	"deviation, minimum and maximum. Weeks are ISO weeks (Monday to Sunday), keyed\n"
	"by their Monday. --json has every metric of every group.\n"
	"\n"
	"Options:\n"
	"  --by G           day, week, month (default), year, weekday, label or all\n"
	"  --metric M       the metric of the table: distance (default), duration, pace,\n"
	"                   calories, steps, cadence, heart_rate, speed, max_pace, max_speed\n"
	"  --fill           also the empty groups (every period between the first and\n"
	"                   the last workout's, every weekday, every label)\n"
	CLI_HELP_FILTER
	"  --json           print the summary as JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel summary --by week --metric pace --label run --from 2025-01-01\n"
	"  fitintel summary --by weekday --fill\n"
};
