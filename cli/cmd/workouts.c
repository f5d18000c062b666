/* `fitintel workouts`: the stored workouts as a table, CSV or JSON. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"

#define KM_PER_MILE 1.609344

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

typedef struct workouts_args {
	cli_filter filter;
	int format;   /* an enum format */
	int64_t limit;
	int km;       /* 1: the table in km */
	bool newest_first;
} workouts_args;

/* ---- table ---- */

typedef struct table_layout {
	size_t type_width;
} table_layout;

#define TYPE_WIDTH_MIN 8
#define TYPE_WIDTH_MAX 24
/* DATE(10) ID(11) DIST(9) TIME(9) PACE(9) STEPS(8) plus one space before each column but the
 * first. */
#define TABLE_FIXED ((10 + 1) + (11 + 1) + (1 + 9) + (1 + 9) + (1 + 9) + (1 + 8))

static table_layout table_begin(const workouts_args *a)
{
	size_t width = out_terminal_width(STDOUT_FILENO);
	table_layout t = { TYPE_WIDTH_MAX };

	if (width > 0) {
		/* Leave the last column of the terminal free: some wrap when it is written. */
		t.type_width = width > TABLE_FIXED + 1 ? width - TABLE_FIXED - 1 : TYPE_WIDTH_MIN;
		if (t.type_width > TYPE_WIDTH_MAX)
			t.type_width = TYPE_WIDTH_MAX;
		if (t.type_width < TYPE_WIDTH_MIN)
			t.type_width = TYPE_WIDTH_MIN;
	}
	out_cell(stdout, "DATE", 10, false);
	fputc(' ', stdout);
	out_cell(stdout, "ID", 11, true);
	fputc(' ', stdout);
	out_cell(stdout, "TYPE", t.type_width, false);
	fputc(' ', stdout);
	out_cell(stdout, a->km ? "DIST km" : "DIST mi", 9, true);
	fputc(' ', stdout);
	out_cell(stdout, "TIME", 9, true);
	fputc(' ', stdout);
	out_cell(stdout, a->km ? "PACE /km" : "PACE /mi", 9, true);
	fputc(' ', stdout);
	out_cell(stdout, "STEPS", 8, true);
	fputs(" LABEL", stdout);
	fputc('\n', stdout);
	return t;
}

/* Decimal minutes → "m:ss" (minutes may exceed 59: "75:00"); "" when unknown. */
static void format_pace(char *buf, size_t cap, double minutes)
{
	double secs;

	if (!isfinite(minutes) || minutes < 0 || minutes > 1e12) {
		if (cap)
			buf[0] = '\0';
		if (isfinite(minutes) && minutes > 1e12)
			snprintf(buf, cap, "%.3g", minutes);
		return;
	}
	secs = round(minutes * 60.0);
	snprintf(buf, cap, "%.0f:%02d", floor(secs / 60.0), (int)fmod(secs, 60.0));
}

static void table_row(const workouts_args *a, const table_layout *t, const fi_workout *w)
{
	char id[24], dist[32] = "", dur[32], pace[40], steps[32] = "";
	double distance = w->distance_mi, p = w->avg_pace;

	if (a->km) {
		distance *= KM_PER_MILE;
		p /= KM_PER_MILE;
	}
	snprintf(id, sizeof id, "%lld", (long long)w->id);
	if (isfinite(distance))
		snprintf(dist, sizeof dist, "%.2f", distance);
	out_format_duration(dur, sizeof dur, w->duration_s, true);
	format_pace(pace, sizeof pace, p);
	if (isfinite(w->steps))
		out_format_number(steps, sizeof steps, w->steps);

	out_cell(stdout, w->workout_date, 10, false);
	fputc(' ', stdout);
	out_cell(stdout, id, 11, true);
	fputc(' ', stdout);
	out_cell(stdout, w->activity_type, t->type_width, false);
	fputc(' ', stdout);
	/* Numbers are never cut: a garbage value widens its row rather than lying. */
	out_cell(stdout, dist, strlen(dist) > 9 ? strlen(dist) : 9, true);
	fputc(' ', stdout);
	out_cell(stdout, dur, strlen(dur) > 9 ? strlen(dur) : 9, true);
	fputc(' ', stdout);
	out_cell(stdout, pace, strlen(pace) > 9 ? strlen(pace) : 9, true);
	fputc(' ', stdout);
	out_cell(stdout, steps, strlen(steps) > 8 ? strlen(steps) : 8, true);
	printf(" %s\n", w->label ? fi_label_name(w->label) : "");
}

/* ---- CSV and JSON: every field of fi_workout ---- */

static const char *const field_names[] = {
	"id", "workout_date", "date_submitted", "activity_type", "calories", "distance_mi",
	"duration_s", "avg_pace", "max_pace", "avg_speed", "max_speed", "avg_heart_rate", "steps",
	"notes", "source", "link", "import_id", "label", "method", "confidence"
};

enum field_kind { F_INT, F_TEXT, F_NUMBER };

typedef struct field_value {
	enum field_kind kind;
	int64_t i;
	const char *s;
	double d;
} field_value;

static void field_values(const fi_workout *w, field_value v[20])
{
	v[0] = (field_value){ F_INT, w->id, NULL, 0 };
	v[1] = (field_value){ F_TEXT, 0, w->workout_date, 0 };
	v[2] = (field_value){ F_TEXT, 0, w->date_submitted, 0 };
	v[3] = (field_value){ F_TEXT, 0, w->activity_type, 0 };
	v[4] = (field_value){ F_NUMBER, 0, NULL, w->calories };
	v[5] = (field_value){ F_NUMBER, 0, NULL, w->distance_mi };
	v[6] = (field_value){ F_NUMBER, 0, NULL, w->duration_s };
	v[7] = (field_value){ F_NUMBER, 0, NULL, w->avg_pace };
	v[8] = (field_value){ F_NUMBER, 0, NULL, w->max_pace };
	v[9] = (field_value){ F_NUMBER, 0, NULL, w->avg_speed };
	v[10] = (field_value){ F_NUMBER, 0, NULL, w->max_speed };
	v[11] = (field_value){ F_NUMBER, 0, NULL, w->avg_heart_rate };
	v[12] = (field_value){ F_NUMBER, 0, NULL, w->steps };
	v[13] = (field_value){ F_TEXT, 0, w->notes, 0 };
	v[14] = (field_value){ F_TEXT, 0, w->source, 0 };
	v[15] = (field_value){ F_TEXT, 0, w->link, 0 };
	v[16] = (field_value){ F_INT, w->import_id, NULL, 0 };
	v[17] = (field_value){ F_TEXT, 0, w->label ? fi_label_name(w->label) : NULL, 0 };
	v[18] = (field_value){ F_TEXT, 0, w->method ? fi_method_name(w->method) : NULL, 0 };
	v[19] = (field_value){ F_NUMBER, 0, NULL, w->confidence };
}

static void csv_header(void)
{
	for (size_t i = 0; i < CLI_ARRAY_LEN(field_names); i++) {
		if (i)
			fputc(',', stdout);
		fputs(field_names[i], stdout);
	}
	fputs("\r\n", stdout);
}

static void csv_row(const fi_workout *w)
{
	field_value v[CLI_ARRAY_LEN(field_names)];

	field_values(w, v);
	for (size_t i = 0; i < CLI_ARRAY_LEN(field_names); i++) {
		char num[40];

		if (i)
			fputc(',', stdout);
		switch (v[i].kind) {
		case F_INT:
			printf("%lld", (long long)v[i].i);
			break;
		case F_NUMBER:
			out_format_number(num, sizeof num, v[i].d);
			fputs(num, stdout);
			break;
		case F_TEXT:
			out_csv_text(stdout, v[i].s);
			break;
		}
	}
	fputs("\r\n", stdout);
}

static void json_row(const fi_workout *w, bool first)
{
	field_value v[CLI_ARRAY_LEN(field_names)];

	field_values(w, v);
	fputs(first ? "\n{" : ",\n{", stdout);
	for (size_t i = 0; i < CLI_ARRAY_LEN(field_names); i++) {
		if (i)
			fputc(',', stdout);
		printf("\"%s\":", field_names[i]);
		switch (v[i].kind) {
		case F_INT:
			printf("%lld", (long long)v[i].i);
			break;
		case F_NUMBER:
			out_json_number(stdout, v[i].d);
			break;
		case F_TEXT:
			out_json_string(stdout, v[i].s);
			break;
		}
	}
	fputc('}', stdout);
}

static int list_workouts(const workouts_args *a, fi_store *store)
{
	fi_workout_cursor *cur = NULL;
	const fi_workout *w = NULL;
	table_layout layout = { 0 };
	int64_t shown = 0;
	int rc;

	rc = fi_workouts_open(store, &a->filter.f, &cur);
	if (rc != FI_OK) {
		cli_lib_error(rc, "read the workouts");
		return CLI_EXIT_ERROR;
	}
	if (a->format == FORMAT_TABLE)
		layout = table_begin(a);
	else if (a->format == FORMAT_CSV)
		csv_header();
	else
		fputc('[', stdout);
	while (shown < a->limit && (rc = fi_workout_cursor_next(cur, &w)) == 1) {
		if (!w)
			continue;
		if (a->format == FORMAT_TABLE)
			table_row(a, &layout, w);
		else if (a->format == FORMAT_CSV)
			csv_row(w);
		else
			json_row(w, shown == 0);
		shown++;
	}
	if (a->format == FORMAT_JSON)
		fputs(shown ? "\n]\n" : "]\n", stdout);
	fi_workout_cursor_free(cur);
	if (rc < 0) {
		cli_lib_error(rc, "read the workouts");
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

static workouts_args a = { CLI_FILTER_INIT, FORMAT_TABLE, INT64_MAX, 0, false };

static int run(cli_ctx *ctx, int argc, char **argv)
{
	fi_store *store = NULL;
	int code = cli_filter_finish(&a.filter, "workouts");

	(void)argc, (void)argv;
	if (code >= 0)
		return code;
	a.filter.f.newest_first = a.newest_first;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	code = list_workouts(&a, store);
	fi_store_close(store);
	return code;
}

static const cli_choice formats[] = {
	{ "table", FORMAT_TABLE }, { "csv", FORMAT_CSV }, { "json", FORMAT_JSON }, { NULL, 0 }
};

static const cli_choice units[] = { { "mi", 0 }, { "km", 1 }, { NULL, 0 } };

static const cli_opt options[] = {
	CLI_SPEC_FROM(&a.filter, "first date (inclusive)"),
	CLI_SPEC_TO(&a.filter, CLI_HELP_TO),
	CLI_SPEC_TYPE(&a.filter, CLI_HELP_TYPE),
	CLI_SPEC_LABEL(&a.filter, "only workouts classified as L (real_run, pup_walk, mixed,\noutlier, other)"),
	{ CLI_OPT_ENUM, "format", .value = &a.format, .choices = formats, .value_name = "F",
	  .help = "table (default): aligned columns fitting the terminal;\n"
		  "csv: RFC 4180 with a header row of every field; text\n"
		  "cells that start with = + - @ get a leading ' (no formula\n"
		  "injection); json: an array of objects with every field" },
	{ CLI_OPT_INT, "limit", .value = &a.limit, .min = 0, .max = CLI_NO_MAX, .value_name = "N",
	  .help = "at most N workouts" },
	{ CLI_OPT_FLAG, "newest-first", .value = &a.newest_first, .help = "newest first (with --limit: the N latest)" },
	{ CLI_OPT_ENUM, "units", .value = &a.km, .choices = units, .value_name = "mi|km",
	  .help = "units of the table's distance and pace (default mi); CSV\n"
		  "and JSON always hold the stored units (miles, seconds,\n"
		  "min/mi, mi/h)" },
	CLI_SPEC_END
};

const cli_command cli_cmd_workouts = {
	.name = "workouts", .run = run, .options = options,
	.help = &cli_help_workouts,
};
