/* `fitintel sample`: write a synthetic MapMyRun export (and optionally its truth file). */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "output.h"

static fi_sample_params opts = FI_SAMPLE_PARAMS_INIT;
static struct {
	int64_t rows;
	const char *output, *truth;
	char start[11], end[11], era[11];
} a;

static bool parse_profiles(const char *text, void *value)
{
	unsigned int profiles;
	if (fi_sample_profiles_parse(text, &profiles) != FI_OK)
		return false;
	*(unsigned int *)value |= profiles;
	return true;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	char rows[32];
	int rc;

	(void)ctx, (void)argc, (void)argv;
	if (a.rows)
		opts.rows = (size_t)a.rows;
	if (a.start[0])
		opts.start_date = a.start;
	if (a.end[0])
		opts.end_date = a.end;
	if (a.era[0])
		opts.era_date = a.era;
	if (strcmp(opts.start_date, opts.end_date) > 0)
		return cli_usage_error("sample", "--start %s is after --end %s", opts.start_date,
				       opts.end_date);

	rc = fi_sample_write(a.output, a.truth, &opts);
	if (rc != FI_OK) {
		cli_lib_error(rc, a.output);
		return rc == FI_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	out_format_count(rows, sizeof rows,
			 (int64_t)(opts.profiles & FI_SAMPLE_PROFILE_SHORT ? FI_SAMPLE_SHORT_ROWS : opts.rows));
	if (a.truth)
		printf("wrote %s workouts to %s (truth: %s)\n", rows, a.output, a.truth);
	else
		printf("wrote %s workouts to %s\n", rows, a.output);
	return CLI_EXIT_OK;
}

static const cli_choice units[] = { { "mi", FI_UNITS_MILES }, { "km", FI_UNITS_KM }, { NULL, 0 } };

static const cli_opt options[] = {
	{ CLI_OPT_INT, "rows", .value = &a.rows, .min = 1, .max = CLI_NO_MAX, .value_name = "N",
	  .help = "number of workouts (default 3000)" },
	{ CLI_OPT_UINT, "seed", .value = &opts.seed, .value_name = "S", .help = "random seed (default 42)" },
	{ CLI_OPT_STRING, "output", 'o', CLI_OPT_REQUIRED, .value = &a.output, .value_name = "FILE",
	  .help = "the export to write (required)" },
	{ CLI_OPT_STRING, "truth", .value = &a.truth, .value_name = "FILE",
	  .help = "also write the generator's intended label of every row (CSV\n"
		  "workout_id,kind; kinds real_run, pup_walk, mixed, outlier,\n"
		  "and other for multi-sport's rows not on foot)" },
	{ CLI_OPT_DATE, "start", .value = a.start, .value_name = "D", .help = "first workout date (default 2012-01-01)" },
	{ CLI_OPT_DATE, "end", .value = a.end, .value_name = "D", .help = "last workout date (default 2025-12-31)" },
	{ CLI_OPT_DATE, "era", .value = a.era, .value_name = "D",
	  .help = "the date the dog arrives (default 2018-06-01)" },
	{ CLI_OPT_INT, "first-id", .value = &opts.first_id, .min = 1, .max = CLI_NO_MAX, .value_name = "N",
	  .help = "smallest workout id (default 1000000000)" },
	{ CLI_OPT_ENUM, "units", .value = &opts.units, .choices = units, .value_name = "mi|km",
	  .help = "header units: miles (default) or a metric account's km" },
	{ CLI_OPT_CUSTOM, "profile", .flags = CLI_OPT_REPEAT, .value = &opts.profiles, .parse = parse_profiles,
	  .value_name = "P[,P...]",
	  .words = "clean no-steps estimated-steps device-change brisk-walks slow-runs km short no-dog "
		   "multi-sport real-like",
	  .help =
		  "the mess of real exports, combined with commas (repeatable):\n"
		  "clean            the story as above (the default)\n"
		  "no-steps         every Steps cell empty\n"
		  "estimated-steps  walk steps estimated from distance (~3,300/mi):\n"
		  "                 ~150 spm, brisk walks higher; runs ~165\n"
		  "device-change    run steps x1.6 in the span's 3rd calendar year,\n"
		  "                 x1.25 in the 4th\n"
		  "brisk-walks      ~30% of dog walks at 15-19 min/mi, mixed at\n"
		  "                 12.5-17.5\n"
		  "slow-runs        ~15% of runs at 11-13 min/mi (trail, recovery)\n"
		  "km               a metric account (as --units km)\n"
		  "short            60 workouts, whatever --rows says\n"
		  "no-dog           one era of runs: no walks, no mixed outings\n"
		  "multi-sport      ~8% bike rides, swims and gym sessions (truth\n"
		  "                 other), often without distance or steps\n"
		  "real-like        estimated-steps, device-change, brisk-walks,\n"
		  "                 slow-runs and multi-sport, with shares fitted to\n"
		  "                 a real 14-year export" },
	CLI_SPEC_END
};

const cli_command cli_cmd_sample = {
	.name = "sample", .run = run, .options = options, .flags = CLI_CMD_NO_STORE,
	.help = &cli_help_sample,
};
