/* `fitintel config list|get KEY|set KEY VALUE|unset KEY`: parameters kept with the data. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
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

static bool json;

static int run(cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argv[0];
	int want = strcmp(verb, "list") == 0 ? 1 : strcmp(verb, "set") == 0 ? 3 : 2;
	if (argc != want)
		return cli_usage_error("config", "%s takes %d argument%s", verb, want - 1, want == 2 ? "" : "s");
	fi_store *store;
	bool writing = strcmp(verb, "set") == 0 || strcmp(verb, "unset") == 0;
	if (cli_open_store(ctx, !writing, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int exit_code = CLI_EXIT_OK, rc = FI_OK;
	if (want == 1) {
		exit_code = list(store, json);
	} else if (strcmp(verb, "get") == 0) {
		char *value = NULL;
		if ((rc = fi_config_get(store, argv[1], &value)) == FI_OK)
			printf("%s\n", value);
		fi_free(value);
	} else {
		rc = fi_config_set(store, argv[1], want == 3 ? argv[2] : NULL);
	}
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "configure");
		return rc == FI_EINVALID || rc == FI_ENOTFOUND ? CLI_EXIT_USAGE : CLI_EXIT_ERROR;
	}
	return exit_code;
}

static const cli_verb verbs[] = {
	{ "list", NULL, NULL }, { "get", "KEY", NULL }, { "set", "KEY VALUE", NULL }, { "unset", "KEY", NULL },
	{ NULL, NULL, NULL }
};

static const cli_opt options[] = { CLI_SPEC_JSON(&json, "print `list` as JSON"), CLI_SPEC_END };

const cli_command cli_cmd_config = {
	.name = "config", .run = run, .options = options, .min_args = 1, .max_args = 3, .verbs = verbs,
	.help = &cli_help_config,
	.flags = CLI_CMD_VERBS_INLINE,
};
