/* `fitintel export`: workouts, corrections, eras, models, imports, the briefing or the whole
 * store (archive) as CSV or JSON, to a file or standard output. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"

#define CMD "export"

static int write_stdout(const char *data, size_t len, void *payload)
{
	(void)payload;
	return fwrite(data, 1, len, stdout) == len ? 0 : 1;
}

static struct {
	int format;   /* an fi_export_format, -1: csv, json for the archive */
	const char *output;
	cli_filter filter;
	bool newest_first;
	int64_t days;
	char at[11];
} a = { -1, NULL, CLI_FILTER_INIT, false, 0, "" };

static int run(cli_ctx *ctx, int argc, char **argv)
{
	fi_export_params p = FI_EXPORT_PARAMS_INIT;
	fi_brief_params brief = FI_BRIEF_PARAMS_INIT;
	int code;
	(void)argc;
	if (fi_export_kind_parse(argv[0], &p.kind) != FI_OK)
		return cli_usage_error(CMD, "%s", fi_error_last()->message);
	p.format = a.format >= 0 ? a.format : p.kind == FI_EXPORT_ARCHIVE ? FI_EXPORT_JSON : FI_EXPORT_CSV;
	if (p.kind == FI_EXPORT_ARCHIVE && p.format != FI_EXPORT_JSON)
		return cli_usage_error(CMD, "the archive is JSON only");
	if ((code = cli_filter_finish(&a.filter, CMD)) >= 0)
		return code;
	a.filter.f.newest_first = a.newest_first;
	brief.days = (int)a.days;
	brief.ref_date = a.at[0] ? a.at : NULL;
	p.filter = &a.filter.f;
	p.brief = &brief;

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int rc = a.output ? fi_export_file(store, &p, a.output) : fi_export_write(store, &p, write_stdout, NULL);
	fi_store_close(store);
	if (rc == FI_EUSER && !a.output) {
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

static const cli_verb kinds[] = {
	{ "workouts", NULL, NULL }, { "corrections", NULL, NULL }, { "eras", NULL, NULL }, { "models", NULL, NULL },
	{ "imports", NULL, NULL }, { "brief", NULL, NULL }, { "archive", NULL, NULL }, { NULL, NULL, NULL }
};

static const cli_choice formats[] = { { "csv", FI_EXPORT_CSV }, { "json", FI_EXPORT_JSON }, { NULL, 0 } };

static const cli_opt options[] = {
	{ CLI_OPT_ENUM, "format", .value = &a.format, .choices = formats, .value_name = "F",
	  .help = "csv (default) or json; the archive is always json" },
	{ CLI_OPT_STRING, "output", 'o', .value = &a.output, .value_name = "FILE",
	  .help = "write FILE (replaced whole, mode 0600) instead of\nstandard output" },
	{ CLI_OPT_DATE, "from", .value = a.filter.from, .value_name = "D", .verbs = "workouts" },
	{ CLI_OPT_DATE, "to", .value = a.filter.to, .value_name = "D", .verbs = "workouts" },
	{ CLI_OPT_STRING, "type", .value = &a.filter.f.activity_type, .value_name = "T", .verbs = "workouts" },
	{ CLI_OPT_LABEL, "label", .value = &a.filter.f.label, .value_name = "L", .verbs = "workouts" },
	{ CLI_OPT_FLAG, "newest-first", .value = &a.newest_first, .verbs = "workouts",
	  .help = "workouts: which ones, in which order" },
	{ CLI_OPT_INT, "days", .value = &a.days, .min = 1, .max = 36600, .value_name = "N", .verbs = "brief" },
	{ CLI_OPT_DATE, "at", .value = a.at, .value_name = "DATE", .verbs = "brief", .help = "brief: the period" },
	CLI_SPEC_END
};

const cli_command cli_cmd_export = {
	.name = "export", .run = run, .options = options, .min_args = 1, .max_args = 1, .verbs = kinds,
	.help = &cli_help_export,
	.flags = CLI_CMD_VERBS_INLINE, .verb_noun = "export", .verb_missing = "what to export?",
};
