/* `fitintel train` and `fitintel classify`: fit a new model (which also reclassifies), or
 * reclassify with the model there is. */
#include <stdio.h>
#include <stdlib.h>

#include "args.h"
#include "common.h"
#include "model_print.h"

static int summary_json(const fi_classify_summary *s)
{
	printf("{\"workouts\":%zu,\"model_id\":%lld,\"labels\":{", s->workouts, (long long)s->model_id);
	for (int l = 1; l < FI_LABEL_COUNT; l++)
		printf("%s\"%s\":%zu", l > 1 ? "," : "", fi_label_name(l), s->by_label[l]);
	printf("},\"methods\":{");
	for (int m = 1; m < FI_METHOD_COUNT; m++)
		printf("%s\"%s\":%zu", m > 1 ? "," : "", fi_method_name(m), s->by_method[m]);
	printf("}}\n");
	return CLI_EXIT_OK;
}

static int train(cli_ctx *ctx, int argc, char **argv)
{
	const char *k = NULL, *n_init = NULL, *seed = NULL;
	const cli_extra extras[] = { { "k", &k, NULL }, { "n-init", &n_init, NULL }, { "seed", &seed, NULL } };
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_train, argc, argv, extras, CLI_ARRAY_LEN(extras), 0, 0, &a);
	if (rc >= 0)
		return rc;
	fi_store *store;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_train_params p;
	int64_t v;
	uint64_t u;
	rc = fi_train_params_load(store, &p);
	if (rc == FI_OK && k) {
		if (!cli_parse_i64(k, 0, 10, &v) || v == 1) {
			fi_store_close(store);
			return cli_usage_error("train", "--k must be 0 (auto) or a whole number from 2 to 10");
		}
		p.k = (size_t)v;
	}
	if (rc == FI_OK && n_init) {
		if (!cli_parse_i64(n_init, 1, 1000, &v)) {
			fi_store_close(store);
			return cli_usage_error("train", "--n-init must be a whole number from 1 to 1000");
		}
		p.n_init = (unsigned int)v;
	}
	if (rc == FI_OK && seed) {
		if (!cli_parse_u64(seed, &u)) {
			fi_store_close(store);
			return cli_usage_error("train", "--seed must be a whole number");
		}
		p.seed = u;
	}
	fi_model *m = NULL;
	if (rc == FI_OK)
		rc = fi_model_train(store, &p, &m);
	if (rc != FI_OK) {
		cli_lib_error(rc, "train a model");
		fi_store_close(store);
		return CLI_EXIT_ERROR;
	}
	int exit_code = CLI_EXIT_OK;
	if (a.json) {
		char *json = NULL;
		int jrc = fi_model_to_json(m, &json);
		exit_code = cli_print_json(jrc, json, "write the model as JSON");
	} else {
		print_model(m);
		printf("\nEvery workout was classified again with this model.\n");
	}
	fi_model_free(m);
	fi_store_close(store);
	return exit_code;
}

static int classify(cli_ctx *ctx, int argc, char **argv)
{
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_classify, argc, argv, NULL, 0, 0, 0, &a);
	if (rc >= 0)
		return rc;
	fi_store *store;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_classify_summary s;
	rc = fi_classify_store(store, NULL, &s);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "classify the workouts");
		return CLI_EXIT_ERROR;
	}
	if (a.json)
		return summary_json(&s);
	print_classify_summary(&s);
	return CLI_EXIT_OK;
}

const cli_command cli_cmd_train = {
	"train", train,
	"train a new classifier model on the clean workouts and reclassify",
	"fitintel train [--db PATH] [--k N] [--n-init N] [--seed S] [--json]",
	"\n"
	"Clusters the clean workouts (inside the sanity bounds, on foot) on pace and\n"
	"whichever of log distance, log duration and cadence separate runs from walks\n"
	"and stay stable over the years (`fitintel model show` says why each is in or\n"
	"out). classify.method mixture (the default): a Gaussian mixture refined from\n"
	"k-means; kmeans: k-means alone (k-means++ seeding, best of --n-init\n"
	"restarts). Clusters centred faster than classify.run_bound are real_run,\n"
	"slower than classify.walk_bound pup_walk, mixed only between. Stores the\n"
	"model as the active one (the previous one is archived) and reclassifies\n"
	"every workout. Defaults come from the store's configuration\n"
	"(`fitintel config list`).\n"
	"\n"
	"Options:\n"
	"  --k N            clusters (2-10; 0: 2-4 chosen by BIC)\n"
	"  --n-init N       restarts; the lowest inertia wins\n"
	"  --seed S         RNG seed; the same seed gives the same model\n"
	"  --json           print the model as JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel train --k 3 --seed 7\n"
};

const cli_command cli_cmd_classify = {
	"classify", classify,
	"classify every workout again (corrections, type, bounds, model, eras, rules)",
	"fitintel classify [--db PATH] [--json]",
	"\n"
	"Decides the label of every workout in this order: your correction, the\n"
	"activity type (other for types not on foot, classify.other_types), the sanity\n"
	"bounds (outlier), the active model, the era defaults, the pace rules. New\n"
	"workouts are classified when they are imported; run this after changing the\n"
	"configuration or the eras.\n"
	"\n"
	"Options:\n"
	"  --json           print the counts as JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
};
