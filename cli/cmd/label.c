/* The corrections group: `fitintel label ID LABEL [--note]`, `unlabel ID`, `corrections [ID]`,
 * `accuracy`. */
#include <math.h>
#include <stdio.h>

#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

static int parse_workout(const char *cmd, const char *s, int64_t *id)
{
	return cli_parse_i64(s, 1, INT64_MAX, id) ? -1 : cli_usage_error(cmd, "'%s' is not a workout id", s);
}

static int finish(fi_store *store, int rc, const char *what)
{
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, what);
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

static const char *note;

static int label(cli_ctx *ctx, int argc, char **argv)
{
	int64_t id;
	int l, rc;
	(void)argc;
	if ((rc = parse_workout("label", argv[0], &id)) >= 0)
		return rc;
	if (fi_label_parse(argv[1], &l) != FI_OK)
		return cli_usage_error("label", "%s", fi_error_last()->message);
	fi_store *store;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	rc = fi_correction_set(store, id, l, note);
	if (rc == FI_OK)
		printf("workout %lld is now %s (your correction)\n", (long long)id, fi_label_name(l));
	return finish(store, rc, "correct the label");
}

static int unlabel(cli_ctx *ctx, int argc, char **argv)
{
	int64_t id;
	int rc;
	(void)argc;
	if ((rc = parse_workout("unlabel", argv[0], &id)) >= 0)
		return rc;
	fi_store *store;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	rc = fi_correction_remove(store, id);
	if (rc == FI_OK) {
		fi_explanation *e = NULL;
		if (fi_explain(store, id, &e) == FI_OK)
			printf("correction removed: workout %lld is %s again (%s)\n", (long long)id,
			       fi_label_name(fi_explanation_label(e)), fi_method_name(fi_explanation_method(e)));
		fi_explanation_free(e);
	}
	return finish(store, rc, "remove the correction");
}

static bool json;
static int64_t workout;   /* corrections ID; 0: all */

static int corrections_compute(fi_store *store, void **result)
{
	return fi_correction_history(store, workout, (fi_correction_list **)result);
}

static int corrections_print(const void *result)
{
	const fi_correction_list *list = result;
	size_t n = fi_correction_list_count(list);
	if (!n)
		printf("no corrections\n");
	else
		printf("%-20s %12s %-9s %-9s %s\n", "WHEN UTC", "WORKOUT", "FROM", "TO", "NOTE");
	for (size_t i = 0; i < n; i++) {
		const fi_correction *c = fi_correction_list_at(list, i);
		printf("%-20.19s %12lld %-9s %-9s ", c->created_at, (long long)c->workout_id,
		       fi_label_name(c->old_label), c->new_label ? fi_label_name(c->new_label) : "(removed)");
		out_text(stdout, c->note ? c->note : "");
		fputc('\n', stdout);
	}
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(corrections, fi_correction_list, fi_correction_list_to_json, fi_correction_list_free)

static int corrections(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_job job = {
		.what = "read the corrections", .json_what = "write the corrections as JSON", .json = &json,
		.compute = corrections_compute, .to_json = corrections_json, .print = corrections_print,
		.free = corrections_free
	};
	int rc;
	if (argc && (rc = parse_workout("corrections", argv[0], &workout)) >= 0)
		return rc;
	return cli_run(ctx, "corrections", &job);
}

/* "0.93", or "-" when undefined (no workout predicted or corrected as that label) */
static const char *ratio(double v, char buf[16])
{
	if (isnan(v))
		return "-";
	snprintf(buf, 16, "%.2f", v);
	return buf;
}

static int accuracy_compute(fi_store *store, void **result)
{
	static fi_accuracy acc;   /* a value, not a handle: nothing to free */
	*result = &acc;
	return fi_accuracy_measure(store, &acc);
}

static int accuracy_json(const void *r, char **out)
{
	return fi_accuracy_to_json(r, out);
}

static int accuracy_print(const void *result)
{
	const fi_accuracy *acc = result;
	char p[16], r[16];
	if (acc->n == 0) {
		printf("no corrections yet: accuracy is measured against the labels you set\n"
		       "with `fitintel label ID LABEL`\n");
		return CLI_EXIT_OK;
	}
	printf("the classifier agrees with %zu of your %zu corrections (%.1f%%)\n", acc->agree, acc->n,
	       100 * acc->accuracy);
	printf("%-9s %9s %9s\n", "LABEL", "PRECISION", "RECALL");
	for (int l = 1; l < FI_LABEL_COUNT; l++)
		if (!isnan(acc->precision[l]) || !isnan(acc->recall[l]))
			printf("%-9s %9s %9s\n", fi_label_name(l), ratio(acc->precision[l], p),
			       ratio(acc->recall[l], r));
	return CLI_EXIT_OK;
}

static void accuracy_free(void *r)
{
	(void)r;
}

static const cli_job accuracy_job = {
	.what = "measure the accuracy", .json_what = "write the accuracy as JSON", .json = &json,
	.compute = accuracy_compute, .to_json = accuracy_json, .print = accuracy_print, .free = accuracy_free
};

static const cli_opt label_options[] = {
	{ CLI_OPT_STRING, "note", .value = &note, .value_name = "TEXT", .help = "why (kept with the correction)" },
	CLI_SPEC_END
};

static const cli_opt json_options[] = { CLI_SPEC_JSON(&json, "print JSON"), CLI_SPEC_END };

const cli_command cli_cmd_label = {
	.name = "label", .run = label, .options = label_options, .args = "ID LABEL", .min_args = 2, .max_args = 2,
	.help = &cli_help_label,
};

const cli_command cli_cmd_unlabel = {
	.name = "unlabel", .run = unlabel, .args = "ID", .min_args = 1, .max_args = 1,
	.help = &cli_help_unlabel,
};

const cli_command cli_cmd_corrections = {
	.name = "corrections", .run = corrections, .options = json_options, .args = "[ID]", .max_args = 1,
	.help = &cli_help_corrections,
};

const cli_command cli_cmd_accuracy = {
	.name = "accuracy", .options = json_options, .job = &accuracy_job,
	.help = &cli_help_accuracy,
};
