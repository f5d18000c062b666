/* `fitintel query` (saved queries: save, list, show, delete) and `fitintel history` (what the
 * SQL explorer ran). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

/* The last cell of a line: cut to @width, never padded. */
static void last_cell(const char *s, size_t width)
{
	if (out_display_width(s) > width)
		out_cell(stdout, s, width, false);
	else
		out_text(stdout, s);
}

/* ---- fitintel query ---- */

static void list_table(const fi_sql_saved_list *list)
{
	size_t n = fi_sql_saved_list_count(list), name_w = 4, width = out_terminal_width(STDOUT_FILENO);
	if (n == 0) {
		puts("No saved query. Save one with: fitintel query save NAME \"SELECT ...\"");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		size_t w = out_display_width(fi_sql_saved_list_at(list, i)->name);
		if (w > name_w)
			name_w = w;
	}
	if (name_w > 30)
		name_w = 30;
	size_t rest = width > name_w + 20 ? width - name_w - 3 : 60;
	printf("%-*s  %s\n", (int)name_w, "NAME", "DESCRIPTION / SQL");
	for (size_t i = 0; i < n; i++) {
		const fi_sql_saved *q = fi_sql_saved_list_at(list, i);
		out_cell(stdout, q->name, name_w, false);
		fputs("  ", stdout);
		last_cell(q->description[0] ? q->description : q->sql, rest);
		fputc('\n', stdout);
		if (q->description[0]) {
			for (size_t k = 0; k < name_w + 2; k++)
				fputc(' ', stdout);
			last_cell(q->sql, rest);
			fputc('\n', stdout);
		}
	}
}

static struct {
	const char *description, *search;
	bool replace, json;
} q;

static int query_run(cli_ctx *ctx, int argc, char **argv)
{
	const char *action = argv[0];
	bool save = strcmp(action, "save") == 0, list = strcmp(action, "list") == 0;
	bool show = strcmp(action, "show") == 0, del = strcmp(action, "delete") == 0;
	int want = save ? 3 : list ? 1 : 2, code;
	if (argc != want)
		return cli_usage_error("query", save ? "query save needs a NAME and the SQL text"
						     : list ? "query list takes no argument (use --search S)"
							    : "query %s needs a NAME", action);

	fi_store *store = NULL;
	if (cli_open_store(ctx, list || show, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int rc;
	fi_sql_saved_list *found = NULL;
	if (save)
		rc = fi_sql_saved_put(store, argv[1], argv[2], q.description, q.replace ? FI_SQL_SAVE_REPLACE : 0);
	else if (del)
		rc = fi_sql_saved_delete(store, argv[1]);
	else if (show)
		rc = fi_sql_saved_get(store, argv[1], &found);
	else
		rc = fi_sql_saved_find(store, q.search, &found);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "use the saved queries");
		fi_sql_saved_list_free(found);
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (save || del) {
		printf("%s query '", save ? "Saved" : "Deleted");
		out_text(stdout, argv[1]);
		puts(save ? "'. Run it with: fitintel sql --saved NAME" : "'.");
	} else if (q.json) {
		char *json = NULL;
		int jrc = fi_sql_saved_list_to_json(found, &json);
		code = cli_print_json(jrc, json, "write the queries as JSON");
	} else if (show) {
		const fi_sql_saved *saved = fi_sql_saved_list_at(found, 0);
		printf("name:        ");
		out_text(stdout, saved->name);
		printf("\ndescription: ");
		out_text(stdout, saved->description);
		printf("\ncreated:     %s\nupdated:     %s\n\n", saved->created_at, saved->updated_at);
		fputs(saved->sql, stdout);   /* the text as saved, to copy from */
		fputc('\n', stdout);
	} else {
		list_table(found);
	}
	fi_sql_saved_list_free(found);
	return code;
}

static const cli_verb query_verbs[] = {
	{ "save", "NAME \"SQL\"", NULL }, { "list", NULL, NULL }, { "show", "NAME", NULL },
	{ "delete", "NAME", NULL }, { NULL, NULL, NULL }
};

static const cli_opt query_options[] = {
	{ CLI_OPT_STRING, "description", .value = &q.description, .value_name = "D", .verbs = "save",
	  .help = "save: what the query answers" },
	{ CLI_OPT_FLAG, "replace", .value = &q.replace, .verbs = "save",
	  .help = "save: overwrite a saved query of the same name" },
	{ CLI_OPT_STRING, "search", .value = &q.search, .value_name = "S", .verbs = "list",
	  .help = "list: only those whose name, SQL or description contains S\n(case-insensitive)" },
	{ CLI_OPT_FLAG, "json", .value = &q.json, .verbs = "list show",
	  .help = "list, show: a JSON array of {name, sql, description,\ncreated_at, updated_at}" },
	CLI_SPEC_END
};

const cli_command cli_cmd_query = {
	.name = "query", .run = query_run, .options = query_options, .min_args = 1, .max_args = 3, .verbs = query_verbs,
	.help = &cli_help_query,
};

/* ---- fitintel history ---- */

static void history_table(const fi_sql_history *h)
{
	size_t n = fi_sql_history_count(h), width = out_terminal_width(STDOUT_FILENO);
	size_t sql_w = width > 60 ? width - 45 : 60;
	if (n == 0) {
		puts("The history is empty.");
		return;
	}
	printf("%6s %-19s %9s %8s  %s\n", "ID", "STARTED UTC", "MS", "ROWS", "SQL / ERROR");
	for (size_t i = 0; i < n; i++) {
		const fi_sql_history_entry *e = fi_sql_history_at(h, i);
		char when[20], rows[24];
		snprintf(when, sizeof when, "%.19s", e->started_at);
		if (strlen(when) > 10)
			when[10] = ' ';
		if (e->rows >= 0)
			snprintf(rows, sizeof rows, "%lld%s", (long long)e->rows, e->truncated ? "+" : "");
		else
			snprintf(rows, sizeof rows, "error");
		printf("%6lld %-19s %9.1f %8s  ", (long long)e->id, when, e->duration_ms, rows);
		last_cell(e->sql, sql_w);
		fputc('\n', stdout);
		if (e->error) {
			printf("%46s", "");
			last_cell(e->error, sql_w);
			fputc('\n', stdout);
		}
	}
}

static struct {
	const char *search;
	int64_t limit, del;
	bool clear, json;
} hist;

static int history_compute(fi_store *store, void **result)
{
	return fi_sql_history_find(store, hist.search, hist.limit, (fi_sql_history **)result);
}

static int history_print(const void *result)
{
	history_table(result);
	return CLI_EXIT_OK;
}

CLI_JOB_RESULT(history, fi_sql_history, fi_sql_history_to_json, fi_sql_history_free)

static int history_run(cli_ctx *ctx, int argc, char **argv)
{
	static const cli_job job = {
		.what = "read the history", .json_what = "write the history as JSON", .json = &hist.json,
		.compute = history_compute, .to_json = history_json, .print = history_print, .free = history_free
	};
	(void)argc, (void)argv;
	if (hist.del && hist.clear)
		return cli_usage_error("history", "--delete and --clear do not go together");
	if (!hist.del && !hist.clear)
		return cli_run(ctx, "history", &job);
	fi_store *store = NULL;
	if (cli_open_store(ctx, false, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int rc = hist.del ? fi_sql_history_delete(store, hist.del) : fi_sql_history_clear(store);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "change the history");
		return CLI_EXIT_ERROR;
	}
	if (hist.del)
		printf("Deleted history entry %lld.\n", (long long)hist.del);
	else
		puts("Cleared the history.");
	return CLI_EXIT_OK;
}

static const cli_opt history_options[] = {
	{ CLI_OPT_STRING, "search", .value = &hist.search, .value_name = "S",
	  .help = "only entries whose SQL or error contains S (case-insensitive)" },
	{ CLI_OPT_INT, "limit", .value = &hist.limit, .min = 1, .max = CLI_NO_MAX, .value_name = "N",
	  .help = "only the N newest entries" },
	CLI_SPEC_JSON(&hist.json, "a JSON array of {id, sql, started_at, duration_ms, rows,\n"
			       "truncated, status, error}"),
	{ CLI_OPT_INT, "delete", .value = &hist.del, .min = 1, .max = CLI_NO_MAX, .value_name = "ID",
	  .help = "delete one entry" },
	{ CLI_OPT_FLAG, "clear", .value = &hist.clear, .help = "delete every entry" },
	CLI_SPEC_END
};

const cli_command cli_cmd_history = {
	.name = "history", .run = history_run, .options = history_options,
	.help = &cli_help_history,
};
