/* `fitintel brief`: the personal briefing of a period, as text, Markdown or JSON. */
#include <stdio.h>

#include "commands.h"
#include "run.h"
#include "common.h"

static struct {
	int64_t days;
	char at[11];
	int format;    /* -1: text, or json with --json */
	bool json;
} a = { 0, "", -1, false };

static int compute(fi_store *store, void **result)
{
	fi_brief_params p = FI_BRIEF_PARAMS_INIT;
	if (a.days)
		p.days = (int)a.days;
	p.ref_date = a.at[0] ? a.at : NULL;
	return fi_brief_make(store, &p, (fi_brief **)result);
}

static int print(const void *result)
{
	int format = a.format >= 0 ? a.format : a.json ? FI_BRIEF_JSON : FI_BRIEF_TEXT;
	char *out = NULL;
	int rc = fi_brief_render(result, format, &out);
	if (rc != FI_OK) {
		cli_lib_error(rc, "write the briefing");
		return rc == FI_EINVALID ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	fputs(out, stdout);
	if (format == FI_BRIEF_JSON)
		fputc('\n', stdout);
	fi_free(out);
	return CLI_EXIT_OK;
}

static void result_free(void *r)
{
	fi_brief_free(r);
}

/* no .json: --json is a format of the rendering, print() decides */
static const cli_job job = {
	.what = "write the briefing", .invalid_is_usage = true,
	.compute = compute, .print = print, .free = result_free
};

static const cli_choice formats[] = {
	{ "text", FI_BRIEF_TEXT }, { "md", FI_BRIEF_MARKDOWN }, { "markdown", FI_BRIEF_MARKDOWN },
	{ "json", FI_BRIEF_JSON }, { NULL, 0 }
};

static const cli_opt options[] = {
	{ CLI_OPT_INT, "days", .value = &a.days, .min = 1, .max = 36600, .value_name = "N",
	  .help = "period length in days" },
	{ CLI_OPT_DATE, "at", .value = a.at, .value_name = "DATE", .help = "last day of the period" },
	{ CLI_OPT_ENUM, "format", .value = &a.format, .choices = formats, .value_name = "F",
	  .help = "text (default), md (Markdown) or json" },
	CLI_SPEC_JSON(&a.json, "the same as --format json"),
	CLI_SPEC_END
};

const cli_command cli_cmd_brief = {
	.name = "brief", .options = options, .job = &job,
	.help = &cli_help_brief,
};
