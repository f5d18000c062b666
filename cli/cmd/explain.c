/* `fitintel explain ID`: why a workout has its label. */
#include <stdio.h>

#include "commands.h"
#include "common.h"

static bool json;

static int run(cli_ctx *ctx, int argc, char **argv)
{
	int64_t id;
	(void)argc;
	if (!cli_parse_i64(argv[0], 1, INT64_MAX, &id))
		return cli_usage_error("explain", "'%s' is not a workout id", argv[0]);
	fi_store *store;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_explanation *e = NULL;
	char *text = NULL;
	int rc = fi_explain(store, id, &e);
	if (rc == FI_OK)
		rc = fi_explanation_to_json(e, &text);
	fi_store_close(store);
	if (rc != FI_OK) {
		fi_explanation_free(e);
		cli_lib_error(rc, "explain the workout");
		return CLI_EXIT_ERROR;
	}
	printf("%s\n", json ? text : fi_explanation_text(e));
	fi_free(text);
	fi_explanation_free(e);
	return CLI_EXIT_OK;
}

static const cli_opt options[] = { CLI_SPEC_JSON(&json, "print JSON"), CLI_SPEC_END };

const cli_command cli_cmd_explain = {
	.name = "explain", .run = run, .options = options, .args = "ID", .min_args = 1, .max_args = 1,
	.help = &cli_help_explain,
};
