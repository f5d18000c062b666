/* The corrections group: `fitintel label ID LABEL [--note]`, `unlabel ID`, `corrections [ID]`,
 * `accuracy`. */
#include <math.h>
#include <stdio.h>

#include "args.h"
#include "common.h"
#include "output.h"

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

static int label(cli_ctx *ctx, int argc, char **argv)
{
	const char *note = NULL;
	const cli_extra extras[] = { { "note", &note, NULL } };
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_label, argc, argv, extras, 1, 2, 2, &a);
	if (rc >= 0)
		return rc;
	int64_t id;
	int l;
	if ((rc = parse_workout("label", a.positional[0], &id)) >= 0)
		return rc;
	if (fi_label_parse(a.positional[1], &l) != FI_OK)
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
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_unlabel, argc, argv, NULL, 0, 1, 1, &a);
	if (rc >= 0)
		return rc;
	int64_t id;
	if ((rc = parse_workout("unlabel", a.positional[0], &id)) >= 0)
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

static int corrections(cli_ctx *ctx, int argc, char **argv)
{
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_corrections, argc, argv, NULL, 0, 0, 1, &a);
	if (rc >= 0)
		return rc;
	int64_t id = 0;
	if (a.count && (rc = parse_workout("corrections", a.positional[0], &id)) >= 0)
		return rc;
	fi_store *store;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_correction_list *list = NULL;
	rc = fi_correction_history(store, id, &list);
	if (rc == FI_OK && a.json) {
		char *json = NULL;
		rc = fi_correction_list_to_json(list, &json);
		if (rc == FI_OK)
			printf("%s\n", json);
		fi_free(json);
	} else if (rc == FI_OK) {
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
	}
	fi_correction_list_free(list);
	return finish(store, rc, "read the corrections");
}

/* "0.93", or "-" when undefined (no workout predicted or corrected as that label) */
static const char *ratio(double v, char buf[16])
{
	if (isnan(v))
		return "-";
	snprintf(buf, 16, "%.2f", v);
	return buf;
}

static int accuracy(cli_ctx *ctx, int argc, char **argv)
{
	cli_args a;
	int rc = cli_args_parse(ctx, &cli_cmd_accuracy, argc, argv, NULL, 0, 0, 0, &a);
	if (rc >= 0)
		return rc;
	fi_store *store;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_accuracy acc;
	rc = fi_accuracy_measure(store, &acc);
	if (rc == FI_OK && a.json) {
		char *json = NULL;
		rc = fi_accuracy_to_json(&acc, &json);
		if (rc == FI_OK)
			printf("%s\n", json);
		fi_free(json);
	} else if (rc == FI_OK && acc.n == 0) {
		printf("no corrections yet: accuracy is measured against the labels you set\n"
		       "with `fitintel label ID LABEL`\n");
	} else if (rc == FI_OK) {
		printf("the classifier agrees with %zu of your %zu corrections (%.1f%%)\n", acc.agree, acc.n,
		       100 * acc.accuracy);
		char p[16], r[16];
		printf("%-9s %9s %9s\n", "LABEL", "PRECISION", "RECALL");
		for (int l = 1; l < FI_LABEL_COUNT; l++)
			if (!isnan(acc.precision[l]) || !isnan(acc.recall[l]))
				printf("%-9s %9s %9s\n", fi_label_name(l), ratio(acc.precision[l], p),
				       ratio(acc.recall[l], r));
	}
	return finish(store, rc, "measure the accuracy");
}

const cli_command cli_cmd_label = {
	"label", label,
	"correct the label of a workout",
	"fitintel label ID LABEL [--note TEXT] [--db PATH]",
	"\n"
	"Sets workout ID to LABEL (real_run, pup_walk, mixed, outlier or other; run\n"
	"and walk also work). A correction wins over every other method, survives\n"
	"re-import and retraining, and is kept in the history (`fitintel corrections`).\n"
	"\n"
	"Options:\n"
	"  --note TEXT      why (kept with the correction)\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
};

const cli_command cli_cmd_unlabel = {
	"unlabel", unlabel,
	"remove the correction of a workout",
	"fitintel unlabel ID [--db PATH]",
	"\n"
	"Removes your correction of workout ID (the removal is kept in the history)\n"
	"and classifies it again.\n"
	"\n"
	"Options:\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
};

const cli_command cli_cmd_corrections = {
	"corrections", corrections,
	"list the history of corrections",
	"fitintel corrections [ID] [--db PATH] [--json]",
	"\n"
	"Every correction (old label, new label, time, note), newest first; of one\n"
	"workout with ID.\n"
	"\n"
	"Options:\n"
	"  --json           print JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
};

const cli_command cli_cmd_accuracy = {
	"accuracy", accuracy,
	"agreement of the classifier with your corrections",
	"fitintel accuracy [--db PATH] [--json]",
	"\n"
	"Classifies every corrected workout as if it had no correction and compares:\n"
	"accuracy, precision and recall per label, confusion matrix (--json).\n"
	"\n"
	"Options:\n"
	"  --json           print JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
};
