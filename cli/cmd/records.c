/* `fitintel records`: personal records (fastest run pace, longest run and walk, busiest week and
 * month), each with the record it beat. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "args.h"
#include "common.h"
#include "output.h"

static const char *const titles[FI_RECORD_KIND_COUNT + 1] = {
	NULL, "fastest run pace", "longest run", "longest walk", "most workouts, week", "most workouts, month",
};

static void format_value(char *buf, size_t cap, int kind, double v)
{
	char tmp[48];
	switch (kind) {
	case FI_RECORD_FASTEST_RUN_PACE:
		cli_format_metric(tmp, sizeof tmp, FI_COLUMN_AVG_PACE, v);
		snprintf(buf, cap, "%s /mi", tmp);
		break;
	case FI_RECORD_LONGEST_RUN:
	case FI_RECORD_LONGEST_WALK:
		cli_format_metric(tmp, sizeof tmp, FI_COLUMN_DISTANCE, v);
		snprintf(buf, cap, "%s mi", tmp);
		break;
	default:
		snprintf(buf, cap, "%.0f", v);
		break;
	}
}

static void print_records(const fi_records_report *r)
{
	printf("%-21s %-11s %-10s %11s  %s\n", "RECORD", "VALUE", "DATE", "WORKOUT", "PREVIOUS / NOTE");
	for (int k = 1; k <= FI_RECORD_KIND_COUNT; k++) {
		const fi_record *rec = fi_records_report_get(r, k);
		if (!rec->found) {
			printf("%-21s %-11s %-10s %11s  %s\n", titles[k], "-", "", "", fi_records_report_reason(r, k));
			continue;
		}
		char value[64], day[11], note[128] = "";
		format_value(value, sizeof value, k, rec->value);
		cli_format_day(day, rec->day);
		if (k == FI_RECORD_MOST_WORKOUTS_WEEK || k == FI_RECORD_MOST_WORKOUTS_MONTH) {
			char a[11], b[11];
			cli_format_day(a, rec->period_first);
			cli_format_day(b, rec->period_last);
			snprintf(note, sizeof note, "%s … %s", a, b);
		}
		if (!isnan(rec->previous_value)) {
			char prev[64], pday[11];
			size_t len = strlen(note);
			format_value(prev, sizeof prev, k, rec->previous_value);
			cli_format_day(pday, rec->previous_day);
			snprintf(note + len, sizeof note - len, "%sbeat %s (%s)", len ? "; " : "", prev, pday);
		}
		printf("%-21s %-11s %-10s %11lld  %s\n", titles[k], value, day, (long long)rec->workout_id, note);
	}
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "min-distance", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, CLI_OPT_FROM },
		{ "to", required_argument, NULL, CLI_OPT_TO },
		{ "type", required_argument, NULL, CLI_OPT_TYPE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	cli_filter cf;
	const char *min_distance = NULL;
	bool json = false;
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
			min_distance = optarg;
			break;
		case CLI_OPT_FROM:
		case CLI_OPT_TO:
		case CLI_OPT_TYPE:
			code = cli_filter_set(&cf, "records", c, optarg);
			if (code >= 0)
				return code;
			break;
		case 'h':
			cli_command_help(&cli_cmd_records);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("records", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("records", "unexpected argument '%s'", argv[optind]);
	if ((code = cli_filter_check(&cf, "records")) >= 0)
		return code;
	double distance = 0;
	if (min_distance) {
		char *end = NULL;
		distance = strtod(min_distance, &end);
		if (end == min_distance || *end || !(distance >= 0) || distance > 1e6)
			return cli_usage_error("records", "--min-distance needs miles >= 0, not '%s'", min_distance);
	}

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_records_params p;
	fi_records_report *r = NULL;
	int rc = fi_records_params_load(store, &p);
	if (rc == FI_OK) {
		if (min_distance)
			p.min_run_distance = distance;
		rc = fi_records_find(store, &cf.f, &p, &r);
	}
	if (rc != FI_OK) {
		cli_lib_error(rc, "find the records");
		fi_store_close(store);
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (json) {
		char *text = NULL;
		rc = fi_records_report_to_json(r, &text);
		code = cli_print_json(rc, text, "write the records as JSON");
	} else {
		print_records(r);
	}
	fi_records_report_free(r);
	fi_store_close(store);
	return code;
}

const cli_command cli_cmd_records = {
	"records", run,
	"personal records: fastest run, longest run and walk, busiest week and month",
	"fitintel records [--min-distance MI] [--from D] [--to D] [--type T] [--json]\n"
	"                        [--db PATH]",
	"\n"
	"Runs are the workouts labelled real_run, walks those labelled pup_walk (see\n"
	"fitintel classify); without labels those records are empty and say so.\n"
	"Workouts labelled outlier never set a record. The busiest week is an ISO week\n"
	"(Monday to Sunday), the busiest month a calendar month; ties go to the\n"
	"earliest. Each record names the workout that set it (for a week or month, the\n"
	"one that reached the count) and the record it beat.\n"
	"\n"
	"Options:\n"
	"  --min-distance MI  shortest run for the pace record (default: the store's\n"
	"                   records.min_run_distance, 1 mi)\n"
	"  --from D         first date (inclusive; any form an export uses)\n"
	"  --to D           last date (inclusive)\n"
	"  --type T         only this raw Activity Type (exact text, any case)\n"
	"  --json           print the records as JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel records\n"
	"  fitintel records --from 2025-01-01 --json\n"
};
