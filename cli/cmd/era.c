/* `fitintel era`: add, list and remove eras, and compare the workouts before and after each. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"
#include "output.h"

#define CMD "era"

typedef struct era_args {
	bool json;
	const char *label;        /* add: the label after; compare: the filter */
	fi_workout_filter filter;
	char from[11], to[11];
	char **pos;
	int npos;
} era_args;

/* ---- add, remove, list ---- */

static int era_add(cli_ctx *ctx, const era_args *a)
{
	if (a->npos != 3)
		return cli_usage_error(CMD, a->npos < 3 ? "era add needs a DATE and a NAME"
							: "unexpected argument '%s' (quote a NAME with spaces)",
				       a->npos < 3 ? "" : a->pos[3]);
	int label = FI_LABEL_PUP_WALK;
	if (a->label && fi_label_parse(a->label, &label) != FI_OK)
		return cli_usage_error(CMD, "--label: %s", fi_error_last()->message);
	if (label == FI_LABEL_UNKNOWN)
		label = FI_LABEL_PUP_WALK;   /* the library's meaning of "no label given" */
	char iso[11];
	if (!cli_parse_date(a->pos[1], iso))
		return cli_usage_error(CMD, "'%s' is not a date", a->pos[1]);
	fi_store *store = NULL;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int64_t id = 0;
	int rc = fi_era_add(store, a->pos[1], a->pos[2], label, &id);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "add the era");
		return CLI_EXIT_ERROR;
	}
	printf("Added era %lld: ", (long long)id);
	out_text(stdout, a->pos[2]);
	printf(" from %s; workouts default to %s from that date.\n", iso, fi_label_name(label));
	return CLI_EXIT_OK;
}

static int era_remove(cli_ctx *ctx, const era_args *a)
{
	int64_t id;
	if (a->npos != 2)
		return cli_usage_error(CMD, "era remove needs one ID (see `fitintel era list`)");
	if (!cli_parse_i64(a->pos[1], 1, INT64_MAX, &id))
		return cli_usage_error(CMD, "the era ID must be a whole number >= 1, not '%s'", a->pos[1]);
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

static int era_list(cli_ctx *ctx, const era_args *a)
{
	if (a->npos != 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", a->pos[1]);
	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_eras *eras = NULL;
	int rc = fi_era_list(store, &eras);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "read the eras");
		return CLI_EXIT_ERROR;
	}
	int code = CLI_EXIT_OK;
	if (a->json) {
		char *json = NULL;
		rc = fi_eras_to_json(eras, &json);
		if (rc != FI_OK) {
			cli_lib_error(rc, "write the eras as JSON");
			code = CLI_EXIT_ERROR;
		} else {
			puts(json);
		}
		fi_free(json);
	} else {
		list_table(eras);
	}
	fi_eras_free(eras);
	return code;
}

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

/* Days since 1970-01-01 → "YYYY-MM-DD" (UTC calendar arithmetic of the C library). */
static void day_iso(char out[11], int32_t day)
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "?");
}

static void dates(char *buf, size_t cap, const fi_era_period *p)
{
	char first[11], last[11];
	if (p->workouts == 0) {
		snprintf(buf, cap, "no workouts");
		return;
	}
	day_iso(first, p->first_day);
	day_iso(last, p->last_day);
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

static int era_compare(cli_ctx *ctx, const era_args *a)
{
	if (a->npos != 1)
		return cli_usage_error(CMD, "unexpected argument '%s'", a->pos[1]);
	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_era_comparison *c = NULL;
	int rc = fi_era_compare(store, &a->filter, NULL, &c);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "compare the eras");
		return CLI_EXIT_ERROR;
	}
	int code = CLI_EXIT_OK;
	if (a->json) {
		char *json = NULL;
		rc = fi_era_comparison_to_json(c, &json);
		if (rc != FI_OK) {
			cli_lib_error(rc, "write the comparison as JSON");
			code = CLI_EXIT_ERROR;
		} else {
			puts(json);
		}
		fi_free(json);
	} else {
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
			day_iso(first, m[0].day);
			day_iso(last, m[months - 1].day);
			printf("\nStory series: %zu months, %.7s to %.7s (monthly counts and mean pace: --json).\n",
			       months, first, last);
		}
	}
	fi_era_comparison_free(c);
	return code;
}

/* ---- options ---- */

static int parse(cli_ctx *ctx, int argc, char **argv, era_args *a)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "label", required_argument, NULL, 'L' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'j':
			a->json = true;
			break;
		case 'L':
			a->label = optarg;
			break;
		case 'f':
			if (!cli_parse_date(optarg, a->from))
				return cli_usage_error(CMD, "--from: '%s' is not a date", optarg);
			a->filter.from = a->from;
			break;
		case 't':
			if (!cli_parse_date(optarg, a->to))
				return cli_usage_error(CMD, "--to: '%s' is not a date", optarg);
			a->filter.to = a->to;
			break;
		case 'T':
			a->filter.activity_type = optarg;
			break;
		case 'h':
			cli_command_help(&cli_cmd_era);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure(CMD, c, argv);
		}
	}
	a->pos = argv + optind;
	a->npos = argc - optind;
	return -1;
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	era_args a;
	memset(&a, 0, sizeof a);
	a.filter = (fi_workout_filter)FI_WORKOUT_FILTER_INIT;
	int code = parse(ctx, argc, argv, &a);
	if (code >= 0)
		return code;
	if (a.npos < 1)
		return cli_usage_error(CMD, "missing subcommand: add, list, remove or compare");
	const char *verb = a.pos[0];
	bool compare = strcmp(verb, "compare") == 0;
	if (!compare && (a.filter.from || a.filter.to || a.filter.activity_type))
		return cli_usage_error(CMD, "--from, --to and --type go with era compare");
	if (a.json && strcmp(verb, "list") != 0 && !compare)
		return cli_usage_error(CMD, "--json goes with era list and era compare");
	if (a.label && strcmp(verb, "add") != 0 && !compare)
		return cli_usage_error(CMD, "--label goes with era add and era compare");
	if (strcmp(verb, "add") == 0)
		return era_add(ctx, &a);
	if (strcmp(verb, "remove") == 0 || strcmp(verb, "rm") == 0)
		return era_remove(ctx, &a);
	if (strcmp(verb, "list") == 0 || strcmp(verb, "ls") == 0)
		return era_list(ctx, &a);
	if (compare) {
		if (a.filter.from && a.filter.to && strcmp(a.from, a.to) > 0)
			return cli_usage_error(CMD, "--from %s is after --to %s", a.from, a.to);
		if (a.label && fi_label_parse(a.label, &a.filter.label) != FI_OK)
			return cli_usage_error(CMD, "--label: %s", fi_error_last()->message);
		return era_compare(ctx, &a);
	}
	return cli_usage_error(CMD, "unknown subcommand '%s' (add, list, remove or compare)", verb);
}

const cli_command cli_cmd_era = {
	CMD, run,
	"add, list, remove and compare eras (\"The Choco Effect\")",
	"fitintel era add DATE NAME [--label L]\n"
	"       fitintel era list [--json]\n"
	"       fitintel era remove ID\n"
	"       fitintel era compare [--from D] [--to D] [--type T] [--label L] [--json]",
	"\n"
	"An era is a dated life event that changes how you work out (a dog arrives,\n"
	"a move, an injury). It lasts until the next era starts. Without a trained\n"
	"model, classification labels the workouts of an era with its default label.\n"
	"\n"
	"Subcommands:\n"
	"  add DATE NAME    add an era starting on DATE (any export form: 2018-06-01,\n"
	"                   \"June 1, 2018\"); quote a NAME with spaces\n"
	"  list             the eras, oldest first, with the labels before and after\n"
	"  remove ID        remove an era (IDs from `era list`)\n"
	"  compare          before/after each era: workouts, the real span of the\n"
	"                   data in months (days / 30.44), workouts per month and\n"
	"                   their ratio (\"∞\" when there were none before), mean pace\n"
	"                   (0 < pace <= 30 min/mi) and distance (0 < d <= 50 mi) with\n"
	"                   Welch's t-test and Cohen's d, and the stored labels\n"
	"\n"
	"Options:\n"
	"  --label L        add: the default label from DATE on (run, walk, mixed,\n"
	"                   outlier; default pup_walk); compare: only workouts with\n"
	"                   this stored label\n"
	"  --from D, --to D compare: only workouts in these dates (inclusive)\n"
	"  --type T         compare: only this raw Activity Type (any case)\n"
	"  --json           list, compare: print the library's JSON (compare adds the\n"
	"                   monthly story series: counts and mean pace, era markers)\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel era add 2018-06-01 \"Choco arrives\"\n"
	"  fitintel era compare\n"
	"  fitintel era compare --json > choco.json\n"
};
