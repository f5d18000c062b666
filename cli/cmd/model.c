/* `fitintel model list|show [ID]|activate ID`: the versioned models of the store. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "model_print.h"
#include "run.h"

static int parse_id(const char *s, int64_t *id)
{
	return cli_parse_i64(s, 1, INT64_MAX, id) ? 0 : cli_usage_error("model", "'%s' is not a model id", s);
}

static int list(fi_store *store, bool json)
{
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = fi_model_list(store, &ids, &n);
	if (rc != FI_OK) {
		cli_lib_error(rc, "list the models");
		return CLI_EXIT_ERROR;
	}
	if (json)
		fputc('[', stdout);
	else if (n)
		printf("%5s %-8s %-20s %-7s %9s %3s %10s %s\n", "ID", "STATUS", "CREATED UTC", "METHOD",
		       "ROWS", "K", "SILHOUETTE", "QUALITY");
	else
		printf("no model yet: run `fitintel train`\n");
	for (size_t i = 0; i < n && rc == FI_OK; i++) {
		fi_model *m = NULL;
		if ((rc = fi_model_get(store, ids[i], &m)) != FI_OK)
			break;
		if (json) {
			char *text = NULL;
			if ((rc = fi_model_to_json(m, &text)) == FI_OK) {
				printf("%s%s", i ? ",\n" : "\n", text);
				fi_free(text);
			}
		} else {
			printf("%5lld %-8s %-20.19s %-7s %9zu %3zu %10.3f %s\n", (long long)ids[i],
			       fi_model_status(m) == FI_MODEL_ACTIVE ? "active" : "archived",
			       fi_model_created_at(m), fi_classify_method_name(fi_model_params(m)->method),
			       fi_model_train_rows(m), fi_model_k(m), fi_model_silhouette(m), fi_model_quality(m));
		}
		fi_model_free(m);
	}
	if (json)
		printf("%s]\n", n ? "\n" : "");
	fi_free(ids);
	if (rc != FI_OK) {
		cli_lib_error(rc, "read a model");
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

static int show(fi_store *store, int64_t id, bool json)
{
	fi_model *m = NULL;
	int rc = fi_model_get(store, id, &m);
	if (rc != FI_OK) {
		cli_lib_error(rc, "read the model");
		return CLI_EXIT_ERROR;
	}
	int exit_code = CLI_EXIT_OK;
	if (json) {
		char *text = NULL;
		int jrc = fi_model_to_json(m, &text);
		exit_code = cli_print_json(jrc, text, "write the model as JSON");
	} else {
		print_model(m);
	}
	fi_model_free(m);
	return exit_code;
}

static bool json;

static int run(cli_ctx *ctx, int argc, char **argv)
{
	const char *verb = argv[0];
	int64_t id = 0;
	int rc;
	bool is_list = strcmp(verb, "list") == 0, is_activate = strcmp(verb, "activate") == 0;
	if ((is_list && argc > 1) || (is_activate && argc != 2))
		return cli_usage_error("model", is_list ? "list takes no argument" : "activate needs a model id");
	if (argc == 2 && (rc = parse_id(argv[1], &id)))
		return rc;
	fi_store *store;
	if (cli_open_store(ctx, !is_activate, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int exit_code;
	if (is_list) {
		exit_code = list(store, json);
	} else if (!is_activate) {
		exit_code = show(store, id, json);
	} else if ((rc = fi_model_activate(store, id)) != FI_OK) {
		cli_lib_error(rc, "activate the model");
		exit_code = CLI_EXIT_ERROR;
	} else {
		printf("model %lld is active; every workout was classified again with it\n", (long long)id);
		exit_code = CLI_EXIT_OK;
	}
	fi_store_close(store);
	return exit_code;
}

static const cli_verb verbs[] = {
	{ "list", NULL, NULL }, { "show", "[ID]", NULL }, { "activate", "ID", NULL }, { NULL, NULL, NULL }
};

static const cli_opt options[] = { CLI_SPEC_JSON(&json, "print JSON"), CLI_SPEC_END };

const cli_command cli_cmd_model = {
	.name = "model", .run = run, .options = options, .min_args = 1, .max_args = 2, .verbs = verbs,
	.help = &cli_help_model,
	.flags = CLI_CMD_VERBS_INLINE,
};
