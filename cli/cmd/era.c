/* `fitintel era`: add, list and remove eras, and compare the workouts before and after each. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

#define CMD "era"

static struct {
	bool json;
	cli_filter filter;   /* its label is also the label after the era for `era add` */
} args = { false, CLI_FILTER_INIT };

/* ---- add, remove, list ---- */

static int era_add(cli_ctx *ctx, int npos, char **pos)
{
	if (npos != 3)
		return cli_usage_error(CMD, npos < 3 ? "era add needs a DATE and a NAME"
						    : "unexpected argument '%s' (quote a NAME with spaces)",
				       npos < 3 ? "" : pos[3]);
	int label = args.filter.f.label;
	if (label < 0 || label == FI_LABEL_UNKNOWN)
		label = FI_LABEL_PUP_WALK;   /* the library's meaning of "no label given" */
	char iso[11];
	if (!cli_parse_date(pos[1], iso))
		return cli_usage_error(CMD, "'%s' is not a date", pos[1]);
	fi_store *store = NULL;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int64_t id = 0;
	int rc = fi_era_add(store, pos[1], pos[2], label, &id);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "add the era");
		return CLI_EXIT_ERROR;
	}
	printf("Added era %lld: ", (long long)id);
	out_text(stdout, pos[2]);
	printf(" from %s; workouts default to %s from that date.\n", iso, fi_label_name(label));
	return CLI_EXIT_OK;
}

static int era_remove(cli_ctx *ctx, int npos, char **pos)
{
	int64_t id;
	if (npos != 2)
		return cli_usage_error(CMD, "era remove needs one ID (see `fitintel era list`)");
	if (!cli_parse_i64(pos[1], 1, INT64_MAX, &id))
		return cli_usage_error(CMD, "the era ID must be a whole number >= 1, not '%s'", pos[1]);
	fi_store *store = NULL;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int rc = fi_era_remove(store, id);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "remove the era");
		return CLI_EXIT_ERROR;
	}
	printf("Removed era %lld.\n", (long long)id);
	return CLI_EXIT_OK;
}

static void list_table(const fi_eras *eras)
{
	size_t n = fi_eras_count(eras);
	if (n == 0) {
		puts("No era is configured. Add one with: fitintel era add DATE NAME [--label L]");
		return;
	}
	printf("%5s  %-10s  %-8s  %-8s  %s\n", "ID", "DATE", "BEFORE", "AFTER", "NAME");
	for (size_t i = 0; i < n; i++) {
		const fi_era *e = fi_eras_at(eras, i);
		printf("%5lld  %-10s  %-8s  %-8s  ", (long long)e->id, e->date, fi_label_name(e->label_before),
		       fi_label_name(e->label_after));
		out_text(stdout, e->name);
		fputc('\n', stdout);
	}
}

static int list_compute(fi_store *store, void **result)
{
	return fi_era_list(store, (fi_eras **)result);
}

static int list_print(const void *result)
{
	list_table(result);
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(list, fi_eras, fi_eras_to_json, fi_eras_free)

/* ---- compare ---- */

#define LABEL_WIDTH 20
#define VALUE_WIDTH 24

static void row(const char *label, const char *before, const char *after, const char *note)
{
	printf("  ");
	out_cell(stdout, label, LABEL_WIDTH, false);
	out_cell(stdout, before, VALUE_WIDTH, true);
	out_cell(stdout, after, VALUE_WIDTH, true);
	if (note && *note)
		printf("   %s", note);
	fputc('\n', stdout);
}

static void fmt(char *buf, size_t cap, int decimals, double v)
{
	if (isfinite(v))
		snprintf(buf, cap, "%.*f", decimals, v);
	else
		snprintf(buf, cap, "–");
}

static void dates(char *buf, size_t cap, const fi_era_period *p)
{
	char first[11], last[11];
	if (p->workouts == 0) {
		snprintf(buf, cap, "no workouts");
		return;
	}
	cli_format_day(first, p->first_day);
	cli_format_day(last, p->last_day);
	snprintf(buf, cap, "%s..%s", first, last);
}

static void test_note(char *buf, size_t cap, const fi_era_test *t, const char *reason)
{
	if (t->computed && t->t.p_value < 1e-300)
		snprintf(buf, cap, "Welch t = %.2f, p < 1e-300; Cohen's d = %.2f", t->t.t, t->t.cohen_d);
	else if (t->computed)
		snprintf(buf, cap, "Welch t = %.2f, p = %.3g; Cohen's d = %.2f", t->t.t, t->t.p_value, t->t.cohen_d);
	else
		snprintf(buf, cap, "no test: %s", reason);
}

static void print_change(const fi_era_change *c)
{
	char b[64], a[64], note[200];
	printf("%s: ", c->era.date);
	out_text(stdout, c->era.name);
	printf(" (%s before, %s after)\n", fi_label_name(c->era.label_before), fi_label_name(c->era.label_after));
	row("", "BEFORE", "AFTER", NULL);
	dates(b, sizeof b, &c->before);
	dates(a, sizeof a, &c->after);
	row("workouts from..to", b, a, NULL);
	out_format_count(b, sizeof b, (int64_t)c->before.workouts);
	out_format_count(a, sizeof a, (int64_t)c->after.workouts);
	row("workouts", b, a, NULL);
	fmt(b, sizeof b, 1, c->before.span_months);
	fmt(a, sizeof a, 1, c->after.span_months);
	row("span (months)", b, a, NULL);
	fmt(b, sizeof b, 1, c->before.per_month);
	fmt(a, sizeof a, 1, c->after.per_month);
	snprintf(note, sizeof note, "after/before: %s", c->ratio_text);
	row("per month", b, a, note);
	fmt(b, sizeof b, 2, c->before.pace_mean);
	fmt(a, sizeof a, 2, c->after.pace_mean);
	test_note(note, sizeof note, &c->pace, c->pace_reason);
	row("mean pace (min/mi)", b, a, note);
	fmt(b, sizeof b, 2, c->before.distance_mean);
	fmt(a, sizeof a, 2, c->after.distance_mean);
	test_note(note, sizeof note, &c->distance, c->distance_reason);
	row("mean distance (mi)", b, a, note);
	for (int l = 1; l <= FI_LABEL_COUNT; l++) {
		int label = l % FI_LABEL_COUNT;   /* unknown last */
		if (c->before.label_count[label] == 0 && c->after.label_count[label] == 0)
			continue;
		char cb[32], ca[32];
		out_format_count(cb, sizeof cb, (int64_t)c->before.label_count[label]);
		out_format_count(ca, sizeof ca, (int64_t)c->after.label_count[label]);
		snprintf(b, sizeof b, "%s  %5.1f%%", cb, c->before.label_percent[label]);
		snprintf(a, sizeof a, "%s  %5.1f%%", ca, c->after.label_percent[label]);
		row(fi_label_name(label), b, a, NULL);
	}
	printf("\n  ");
	out_text(stdout, c->summary);
	printf("\n");
}

static int compare_compute(fi_store *store, void **result)
{
	return fi_era_compare(store, &args.filter.f, NULL, (fi_era_comparison **)result);
}

static int compare_print(const void *result)
{
	const fi_era_comparison *c = result;
	for (size_t i = 0; i < fi_era_comparison_count(c); i++) {
		if (i)
			fputc('\n', stdout);
		print_change(fi_era_comparison_at(c, i));
	}
	size_t months = 0;
	const fi_era_month *m = fi_era_comparison_months(c, &months);
	if (months) {
		/* the series is for charts: point to --json rather than print 150 rows */
		char first[11], last[11];
		cli_format_day(first, m[0].day);
		cli_format_day(last, m[months - 1].day);
		printf("\nStory series: %zu months, %.7s to %.7s (monthly counts and mean pace: --json).\n",
		       months, first, last);
	}
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(compare, fi_era_comparison, fi_era_comparison_to_json, fi_era_comparison_free)

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_job list = {
		.what = "read the eras", .json_what = "write the eras as JSON", .json = &args.json,
		.compute = list_compute, .to_json = list_json, .print = list_print, .free = list_free
	};
	static const cli_job compare = {
		.what = "compare the eras", .json_what = "write the comparison as JSON", .filter = &args.filter,
		.json = &args.json, .compute = compare_compute, .to_json = compare_json, .print = compare_print,
		.free = compare_free
	};
	const char *verb = cli_verb_find(&cli_cmd_era, argv[0])->name;
	if (strcmp(verb, "add") == 0)
		return era_add(ctx, argc, argv);
	if (strcmp(verb, "remove") == 0)
		return era_remove(ctx, argc, argv);
	if (argc > 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[1]);
	return cli_run(ctx, CMD, strcmp(verb, "list") == 0 ? &list : &compare);
}

static const cli_verb verbs[] = {
	{ "add", "DATE NAME", NULL }, { "list", NULL, "ls" }, { "remove", "ID", "rm" }, { "compare", NULL, NULL },
	{ NULL, NULL, NULL }
};

static const cli_opt options[] = {
	{ CLI_OPT_LABEL, "label", .value = &args.filter.f.label, .value_name = "L", .verbs = "add compare",
	  .help = "add: the default label from DATE on (run, walk, mixed,\n"
		  "outlier; default pup_walk); compare: only workouts with\n"
		  "this stored label" },
	{ CLI_OPT_DATE, "from", .value = args.filter.from, .value_name = "D", .verbs = "compare" },
	{ CLI_OPT_DATE, "to", .value = args.filter.to, .value_name = "D", .verbs = "compare",
	  .help = "compare: only workouts in these dates (inclusive)" },
	{ CLI_OPT_STRING, "type", .value = &args.filter.f.activity_type, .value_name = "T", .verbs = "compare",
	  .help = "compare: only this raw Activity Type (any case)" },
	{ CLI_OPT_FLAG, "json", .value = &args.json, .verbs = "list compare",
	  .help = "list, compare: print the library's JSON (compare adds the\n"
		  "monthly story series: counts and mean pace, era markers)" },
	CLI_SPEC_END
};

const cli_command cli_cmd_era = {
	.name = CMD, .run = run, .options = options, .min_args = 1, .max_args = -1, .verbs = verbs,
	.help = &cli_help_era,
};
