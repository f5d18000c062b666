/* `fitintel records`: personal records (fastest run pace, longest run and walk, busiest week and
 * month), each with the record it beat. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

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

static int print(const void *result)
{
	const fi_records_report *r = result;
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
	return CLI_EXIT_OK;
}

static struct {
	cli_filter filter;
	double min_distance;   /* < 0: the store's records.min_run_distance */
	bool json;
} a = { CLI_FILTER_INIT, -1, false };

static int compute(fi_store *store, void **result)
{
	fi_records_params p;
	int rc = fi_records_params_load(store, &p);
	if (rc != FI_OK)
		return rc;
	if (a.min_distance >= 0)
		p.min_run_distance = a.min_distance;
	return fi_records_find(store, &a.filter.f, &p, (fi_records_report **)result);
}

CLI_JOB_RESULT(result, fi_records_report, fi_records_report_to_json, fi_records_report_free)

static const cli_job job = {
	.what = "find the records", .json_what = "write the records as JSON", .filter = &a.filter, .json = &a.json,
	.compute = compute, .to_json = result_json, .print = print, .free = result_free
};

static const cli_opt options[] = {
	{ CLI_OPT_DOUBLE, "min-distance", .value = &a.min_distance, .min = 0, .max = 1e6, .unit = "miles",
	  .value_name = "MI",
	  .help = "shortest run for the pace record (default: the store's\n"
		  "records.min_run_distance, 1 mi)" },
	CLI_SPEC_FROM(&a.filter, CLI_HELP_FROM),
	CLI_SPEC_TO(&a.filter, CLI_HELP_TO),
	CLI_SPEC_TYPE(&a.filter, CLI_HELP_TYPE),
	CLI_SPEC_JSON(&a.json, "print the records as JSON"),
	CLI_SPEC_END
};

const cli_command cli_cmd_records = {
	.name = "records", .options = options, .job = &job,
	.help = &cli_help_records,
};
