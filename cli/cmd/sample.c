/* `fitintel sample`: write a synthetic MapMyRun export (and optionally its truth file). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "output.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "rows", required_argument, NULL, 'r' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "truth", required_argument, NULL, 't' },
		{ "start", required_argument, NULL, 'S' },
		{ "end", required_argument, NULL, 'E' },
		{ "era", required_argument, NULL, 'e' },
		{ "first-id", required_argument, NULL, 'i' },
		{ "units", required_argument, NULL, 'u' },
		{ "profile", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fi_sample_options opts = FI_SAMPLE_OPTIONS_INIT;
	char start[11], end[11], era[11], rows[32];
	const char *output = NULL, *truth = NULL;
	int64_t v;
	unsigned int profiles;
	int c, rc;

	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg; /* accepted everywhere; sample does not use the store */
			break;
		case 'r':
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &v))
				return cli_usage_error("sample", "--rows needs a whole number >= 1, not '%s'",
						       optarg);
			opts.rows = (size_t)v;
			break;
		case 's':
			if (!cli_parse_u64(optarg, &opts.seed))
				return cli_usage_error("sample", "--seed needs a whole number >= 0, not '%s'",
						       optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case 't':
			truth = optarg;
			break;
		case 'S':
			if (!cli_parse_date(optarg, start))
				return cli_usage_error("sample", "--start: '%s' is not a date", optarg);
			opts.start_date = start;
			break;
		case 'E':
			if (!cli_parse_date(optarg, end))
				return cli_usage_error("sample", "--end: '%s' is not a date", optarg);
			opts.end_date = end;
			break;
		case 'e':
			if (!cli_parse_date(optarg, era))
				return cli_usage_error("sample", "--era: '%s' is not a date", optarg);
			opts.era_date = era;
			break;
		case 'i':
			if (!cli_parse_i64(optarg, 1, INT64_MAX, &opts.first_id))
				return cli_usage_error("sample",
						       "--first-id needs a whole number >= 1, not '%s'",
						       optarg);
			break;
		case 'u':
			if (strcmp(optarg, "mi") == 0)
				opts.units = FI_UNITS_MILES;
			else if (strcmp(optarg, "km") == 0)
				opts.units = FI_UNITS_KM;
			else
				return cli_usage_error("sample", "--units must be mi or km, not '%s'",
						       optarg);
			break;
		case 'p':
			if (fi_sample_profiles_parse(optarg, &profiles) != FI_OK)
				return cli_usage_error("sample", "--profile: %s", fi_error_last()->message);
			opts.profiles |= profiles;
			break;
		case 'h':
			cli_command_help(&cli_cmd_sample);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("sample", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("sample", "unexpected argument '%s'", argv[optind]);
	if (!output)
		return cli_usage_error("sample", "missing -o FILE");
	if (strcmp(opts.start_date, opts.end_date) > 0)
		return cli_usage_error("sample", "--start %s is after --end %s", opts.start_date,
				       opts.end_date);

	rc = fi_sample_write(output, truth, &opts);
	if (rc != FI_OK) {
		cli_lib_error(rc, output);
		return rc == FI_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	out_format_count(rows, sizeof rows,
			 (int64_t)(opts.profiles & FI_SAMPLE_PROFILE_SHORT ? FI_SAMPLE_SHORT_ROWS : opts.rows));
	if (truth)
		printf("wrote %s workouts to %s (truth: %s)\n", rows, output, truth);
	else
		printf("wrote %s workouts to %s\n", rows, output);
	return CLI_EXIT_OK;
}

const cli_command cli_cmd_sample = {
	"sample", run,
	"write a realistic synthetic export (seeded, reproducible)",
	"fitintel sample [--rows N] [--seed S] -o FILE [--truth FILE] [--profile P[,P...]] [OPTIONS]",
	"\n"
	"Years of runs, then a dog arrives (the era date) and most workouts become dog\n"
	"walks logged as \"Run\", with mixed run/walks, a few garbage rows, empty cells\n"
	"and notes with quotes and newlines. Rows are newest first, as MapMyRun writes\n"
	"them. The same options and seed always give the same bytes.\n"
	"\n"
	"Options:\n"
	"  --rows N         number of workouts (default 3000)\n"
	"  --seed S         random seed (default 42)\n"
	"  -o, --output FILE\n"
	"                   the export to write (required)\n"
	"  --truth FILE     also write the generator's intended label of every row (CSV\n"
	"                   workout_id,kind; kinds real_run, pup_walk, mixed, outlier,\n"
	"                   and other for multi-sport's rows not on foot)\n"
	"  --start D        first workout date (default 2012-01-01)\n"
	"  --end D          last workout date (default 2025-12-31)\n"
	"  --era D          the date the dog arrives (default 2018-06-01)\n"
	"  --first-id N     smallest workout id (default 1000000000)\n"
	"  --units mi|km    header units: miles (default) or a metric account's km\n"
	"  --profile P[,P...]\n"
	"                   the mess of real exports, combined with commas (repeatable):\n"
	"                   clean            the story as above (the default)\n"
	"                   no-steps         every Steps cell empty\n"
	"                   estimated-steps  walk steps estimated from distance (~3,300/mi):\n"
	"                                    ~150 spm, brisk walks higher; runs ~165\n"
	"                   device-change    run steps x1.6 in the span's 3rd calendar year,\n"
	"                                    x1.25 in the 4th\n"
	"                   brisk-walks      ~30% of dog walks at 15-19 min/mi, mixed at\n"
	"                                    12.5-17.5\n"
	"                   slow-runs        ~15% of runs at 11-13 min/mi (trail, recovery)\n"
	"                   km               a metric account (as --units km)\n"
	"                   short            60 workouts, whatever --rows says\n"
	"                   no-dog           one era of runs: no walks, no mixed outings\n"
	"                   multi-sport      ~8% bike rides, swims and gym sessions (truth\n"
	"                                    other), often without distance or steps\n"
	"                   real-like        estimated-steps, device-change, brisk-walks,\n"
	"                                    slow-runs and multi-sport, with shares fitted to\n"
	"                                    a real 14-year export\n"
	"  -h, --help       show this help\n"
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel sample --rows 3000 --seed 42 -o sample.csv --truth sample.truth.csv\n"
	"  fitintel sample --profile estimated-steps,device-change -o messy.csv --truth messy.truth.csv\n"
};
