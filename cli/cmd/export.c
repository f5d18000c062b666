/* `fitintel export`: workouts, corrections, eras, models, imports, the briefing or the whole
 * store (archive) as CSV or JSON, to a file or standard output. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"

#define CMD "export"

static int write_stdout(const char *data, size_t len, void *payload)
{
	(void)payload;
	return fwrite(data, 1, len, stdout) == len ? 0 : 1;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'T' },
		{ "label", required_argument, NULL, 'L' },
		{ "newest-first", no_argument, NULL, 'N' },
		{ "days", required_argument, NULL, 'D' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fi_export_params p = FI_EXPORT_PARAMS_INIT;
	fi_workout_filter filter = FI_WORKOUT_FILTER_INIT;
	fi_brief_params brief = FI_BRIEF_PARAMS_INIT;
	char from[11], to[11];
	const char *output = NULL, *format = NULL;
	bool filtered = false, briefed = false;
	int64_t n;
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":ho:", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (!cli_parse_date(optarg, from))
				return cli_usage_error(CMD, "--from: '%s' is not a date", optarg);
			filter.from = from;
			filtered = true;
			break;
		case 't':
			if (!cli_parse_date(optarg, to))
				return cli_usage_error(CMD, "--to: '%s' is not a date", optarg);
			filter.to = to;
			filtered = true;
			break;
		case 'T':
			filter.activity_type = optarg;
			filtered = true;
			break;
		case 'L':
			if (fi_label_parse(optarg, &filter.label) != FI_OK)
				return cli_usage_error(CMD, "--label: %s", fi_error_last()->message);
			filtered = true;
			break;
		case 'N':
			filter.newest_first = 1;
			filtered = true;
			break;
		case 'D':
			if (!cli_parse_i64(optarg, 1, 36600, &n))
				return cli_usage_error(CMD, "--days must be a whole number from 1 to 36600");
			brief.days = (int)n;
			briefed = true;
			break;
		case 'a':
			brief.ref_date = optarg;
			briefed = true;
			break;
		case 'h':
			cli_command_help(&cli_cmd_export);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure(CMD, c, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(CMD, argc - optind < 1 ? "what to export? (workouts, corrections, eras, "
				       "models, imports, brief or archive)" : "unexpected argument '%s'",
				       argc - optind < 1 ? "" : argv[optind + 1]);
	if (fi_export_kind_parse(argv[optind], &p.kind) != FI_OK)
		return cli_usage_error(CMD, "%s", fi_error_last()->message);
	p.format = p.kind == FI_EXPORT_ARCHIVE ? FI_EXPORT_JSON : FI_EXPORT_CSV;
	if (format && fi_export_format_parse(format, &p.format) != FI_OK)
		return cli_usage_error(CMD, "%s", fi_error_last()->message);
	if (p.kind == FI_EXPORT_ARCHIVE && p.format != FI_EXPORT_JSON)
		return cli_usage_error(CMD, "the archive is JSON only");
	if (filtered && p.kind != FI_EXPORT_WORKOUTS)
		return cli_usage_error(CMD, "--from, --to, --type, --label and --newest-first go with workouts");
	if (briefed && p.kind != FI_EXPORT_BRIEF)
		return cli_usage_error(CMD, "--days and --at go with brief");
	if (filter.from && filter.to && strcmp(from, to) > 0)
		return cli_usage_error(CMD, "--from %s is after --to %s", from, to);
	p.filter = &filter;
	p.brief = &brief;

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int rc = output ? fi_export_file(store, &p, output) : fi_export_write(store, &p, write_stdout, NULL);
	fi_store_close(store);
	if (rc == FI_EUSER && !output) {
		cli_error("cannot write the export: %s", strerror(errno));
		return CLI_EXIT_ERROR;
	}
	if (rc != FI_OK) {
		cli_lib_error(rc, "export");
		return rc == FI_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	if (fflush(stdout) != 0) {
		cli_error("cannot write the export: %s", strerror(errno));
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

const cli_command cli_cmd_export = {
	"export", run,
	"export workouts, corrections, eras, models, imports, the briefing or the whole store",
	"fitintel export workouts|corrections|eras|models|imports|brief|archive\n"
	"                       [--format csv|json] [-o FILE] [OPTIONS] [--db PATH]",
	"\n"
	"Everything you own leaves in documented formats (see include/fitintel/export.h):\n"
	"  workouts     every stored column and the classification (label, method,\n"
	"               confidence, model, cluster), oldest first\n"
	"  corrections  the history of label corrections\n"
	"  eras         the configured eras\n"
	"  models       classifier models with feature scaling and clusters\n"
	"  imports      the import records (JSON: with rejected rows and new ids)\n"
	"  brief        the briefing (CSV: one row per insight and recommendation)\n"
	"  archive      the whole store as JSON: every row of every table, exactly;\n"
	"               `fitintel import-archive FILE` rebuilds it in an empty store\n"
	"CSV is RFC 4180 with a header row; a text cell starting with = + - @ gets a\n"
	"leading ' so that spreadsheets do not run it as a formula.\n"
	"\n"
	"Options:\n"
	"  --format F       csv (default) or json; the archive is always json\n"
	"  -o, --output FILE  write FILE (replaced whole, mode 0600) instead of\n"
	"                   standard output\n"
	"  --from D, --to D, --type T, --label L, --newest-first\n"
	"                   workouts: which ones, in which order\n"
	"  --days N, --at DATE  brief: the period\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel export workouts --label pup_walk --format csv -o walks.csv\n"
	"  fitintel export archive -o backup.json\n"
};
