/* `fitintel config list|get KEY|set KEY VALUE|unset KEY`: parameters kept with the data. */
#include <stdio.h>
#include <string.h>

#include "args.h"
#include "common.h"
#include "output.h"

static int list(fi_store *store, bool json)
{
	size_t n = fi_config_key_count();
	if (json)
		fputc('{', stdout);
	for (size_t i = 0; i < n; i++) {
		const char *name, *def, *description;
		char *value = NULL;
		fi_config_key_at(i, &name, &def, &description);
		int rc = fi_config_get(store, name, &value);
		if (rc != FI_OK) {
			cli_lib_error(rc, "read the configuration");
			return CLI_EXIT_ERROR;
		}
		if (json) {
			printf("%s\n", i ? "," : "");
			out_json_string(stdout, name);
			fputc(':', stdout);
			out_json_string(stdout, value);
		} else {
			printf("%-28s %-8s %s%s%s\n", name, value, description,
			       strcmp(value, def) ? "; default " : "", strcmp(value, def) ? def : "");
		}
		fi_free(value);
	}
	if (json)
		printf("\n}\n");
	return CLI_EXIT_OK;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_config, argc, argv, NULL, 0, 1, 3, &a);
	if (rc >= 0)
		return rc;
	const char *verb = a.positional[0];
	int want = strcmp(verb, "list") == 0 ? 1 : strcmp(verb, "get") == 0 || strcmp(verb, "unset") == 0 ? 2
		 : strcmp(verb, "set") == 0 ? 3 : 0;
	if (!want)
		return cli_usage_error("config", "unknown action '%s' (use list, get, set or unset)", verb);
	if (a.count != want)
		return cli_usage_error("config", "%s takes %d argument%s", verb, want - 1, want == 2 ? "" : "s");
	fi_store *store;
	bool writing = strcmp(verb, "set") == 0 || strcmp(verb, "unset") == 0;
	if (cli_open_store(ctx, !writing, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int exit_code = CLI_EXIT_OK;
	rc = FI_OK;
	if (want == 1) {
		exit_code = list(store, a.json);
	} else if (strcmp(verb, "get") == 0) {
		char *value = NULL;
		if ((rc = fi_config_get(store, a.positional[1], &value)) == FI_OK)
			printf("%s\n", value);
		fi_free(value);
	} else {
		rc = fi_config_set(store, a.positional[1], want == 3 ? a.positional[2] : NULL);
	}
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "configure");
		return rc == FI_EINVALID || rc == FI_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	return exit_code;
}

const cli_command cli_cmd_config = {
	"config", run,
	"show or change the parameters kept with the data",
	"fitintel config list|get KEY|set KEY VALUE|unset KEY [--db PATH] [--json]",
	"\n"
	"Parameters of classification (classify.*), sanity bounds (bounds.*), rules,\n"
	"anomaly thresholds, consistency and the briefing live in the store, so every\n"
	"front end uses the same ones. `list` shows each with its meaning and default;\n"
	"`unset` restores the default. Values are checked when set.\n"
	"\n"
	"Options:\n"
	"  --json           print `list` as JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel config set classify.k 4\n"
};
