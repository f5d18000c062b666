/* `fitintel explain ID`: why a workout has its label. */
#include <stdio.h>

#include "args.h"
#include "common.h"

static int run(cli_ctx *ctx, int argc, char **argv)
{
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_explain, argc, argv, NULL, 0, 1, 1, &a);
	if (rc >= 0)
		return rc;
	int64_t id;
	if (!cli_parse_i64(a.positional[0], 1, INT64_MAX, &id))
		return cli_usage_error("explain", "'%s' is not a workout id", a.positional[0]);
	fi_store *store;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_explanation *e = NULL;
	char *json = NULL;
	rc = fi_explain(store, id, &e);
	if (rc == FI_OK)
		rc = fi_explanation_to_json(e, &json);
	fi_store_close(store);
	if (rc != FI_OK) {
		fi_explanation_free(e);
		cli_lib_error(rc, "explain the workout");
		return CLI_EXIT_ERROR;
	}
	if (a.json)
		printf("%s\n", json);
	else
		printf("%s\n", fi_explanation_text(e));
	fi_free(json);
	fi_explanation_free(e);
	return CLI_EXIT_OK;
}

const cli_command cli_cmd_explain = {
	"explain", run,
	"say why a workout has its label",
	"fitintel explain ID [--db PATH] [--json]",
	"\n"
	"Prints the decision for workout ID in words; with --json also the raw and\n"
	"scaled features, the distance to every cluster (and a mixture's probability\n"
	"of each), the method, the confidence\n"
	"and the rule or bound that fired.\n"
	"\n"
	"Options:\n"
	"  --json           print JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
};
