/* `fitintel train` and `fitintel classify`: fit a new model (which also reclassifies), or
 * reclassify with the model there is. */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "common.h"
#include "model_print.h"
#include "run.h"

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

static struct {
	int64_t k, n_init;   /* -1, 0: the store's */
	uint64_t seed;
	bool seed_given, json;
} a = { -1, 0, 0, false, false };

static bool parse_k(const char *text, void *value)
{
	return cli_parse_i64(text, 0, 10, value) && *(int64_t *)value != 1;
}

static int train_compute(fi_store *store, void **result)
{
	fi_train_params p;
	int rc = fi_train_params_load(store, &p);
	if (rc != FI_OK)
		return rc;
	if (a.k >= 0)
		p.k = (size_t)a.k;
	if (a.n_init)
		p.n_init = (unsigned int)a.n_init;
	if (a.seed_given)
		p.seed = a.seed;
	return fi_model_train(store, &p, (fi_model **)result);
}

static int train_print(const void *result)
{
	print_model(result);
	printf("\nEvery workout was classified again with this model.\n");
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(model, fi_model, fi_model_to_json, fi_model_free)

static const cli_job train_job = {
	.what = "train a model", .json_what = "write the model as JSON", .write = true, .json = &a.json,
	.compute = train_compute, .to_json = model_json, .print = train_print, .free = model_free
};

static int classify(cli_ctx *ctx, int argc, char **argv)
{
	int rc;
	(void)argc, (void)argv;
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

static const cli_opt train_options[] = {
	{ CLI_OPT_CUSTOM, "k", .value = &a.k, .parse = parse_k, .value_name = "N",
	  .expect = "0 (auto) or a whole number from 2 to 10", .help = "clusters (2-10; 0: 2-4 chosen by BIC)" },
	{ CLI_OPT_INT, "n-init", .value = &a.n_init, .min = 1, .max = 1000, .value_name = "N",
	  .help = "restarts; the lowest inertia wins" },
	{ CLI_OPT_UINT, "seed", .value = &a.seed, .given = &a.seed_given, .value_name = "S",
	  .help = "RNG seed; the same seed gives the same model" },
	CLI_SPEC_JSON(&a.json, "print the model as JSON"),
	CLI_SPEC_END
};

static const cli_opt classify_options[] = {
	CLI_SPEC_JSON(&a.json, "print the counts as JSON"),
	CLI_SPEC_END
};

const cli_command cli_cmd_train = {
	.name = "train", .options = train_options, .job = &train_job,
	.help = &cli_help_train,
};

const cli_command cli_cmd_classify = {
	.name = "classify", .run = classify, .options = classify_options,
	.help = &cli_help_classify,
};
