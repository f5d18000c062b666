/* `fitintel brief`: the personal briefing of a period, as text, Markdown or JSON. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "common.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
	const char *days = NULL, *at = NULL, *format = NULL;
	const cli_extra extras[] = { { "days", &days, NULL }, { "at", &at, NULL }, { "format", &format, NULL } };
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_brief, argc, argv, extras, CLI_ARRAY_LEN(extras), 0, 0, &a);
	if (rc >= 0)
		return rc;
	fi_brief_params p = FI_BRIEF_PARAMS_INIT;
	int64_t n;
	if (days) {
		if (!cli_parse_i64(days, 1, 36600, &n))
			return cli_usage_error("brief", "--days must be a whole number from 1 to 36600");
		p.days = (int)n;
	}
	p.ref_date = at;
	int fmt = a.json ? FI_BRIEF_JSON : FI_BRIEF_TEXT;
	if (format) {
		if (strcmp(format, "text") == 0)
			fmt = FI_BRIEF_TEXT;
		else if (strcmp(format, "md") == 0 || strcmp(format, "markdown") == 0)
			fmt = FI_BRIEF_MARKDOWN;
		else if (strcmp(format, "json") == 0)
			fmt = FI_BRIEF_JSON;
		else
			return cli_usage_error("brief", "unknown format '%s' (use text, md or json)", format);
	}
	fi_store *store;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_brief *b = NULL;
	char *out = NULL;
	rc = fi_brief_make(store, &p, &b);
	if (rc == FI_OK)
		rc = fi_brief_render(b, fmt, &out);
	fi_brief_free(b);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "write the briefing");
		return rc == FI_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	fputs(out, stdout);
	if (fmt == FI_BRIEF_JSON)
		fputc('\n', stdout);
	fi_free(out);
	return CLI_EXIT_OK;
}

const cli_command cli_cmd_brief = {
	"brief", run,
	"the personal briefing: insights and recommendations for a period",
	"fitintel brief [--days N] [--at DATE] [--format text|md|json] [--json] [--db PATH]",
	"\n"
	"Summarises the last N days (default: the store's brief.days, 30) ending today,\n"
	"or on the latest workout when the data is older: activity mix, performance per\n"
	"label, consistency, trends, unusual workouts, records, the era boundary, and\n"
	"at most four recommendations, each with the numbers behind it.\n"
	"\n"
	"Options:\n"
	"  --days N         period length in days\n"
	"  --at DATE        last day of the period\n"
	"  --format F       text (default), md (Markdown) or json\n"
	"  --json           the same as --format json\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel brief --days 90 --format md > briefing.md\n"
};
