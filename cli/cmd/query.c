/* `fitintel query` (saved queries: save, list, show, delete) and `fitintel history` (what the
 * SQL explorer ran). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "common.h"
#include "output.h"

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

static int query_run(cli_ctx *ctx, int argc, char **argv)
{
	const char *description = NULL, *search = NULL;
	bool replace = false;
	const cli_extra extras[] = { { "description", &description, NULL }, { "search", &search, NULL },
				     { "replace", NULL, &replace } };
	cli_args a;
	int code = cli_args_parse(ctx, &cli_cmd_query, argc, argv, extras, CLI_ARRAY_LEN(extras), 1, 3, &a);
	if (code >= 0)
		return code;
	const char *action = a.positional[0];
	bool save = strcmp(action, "save") == 0, list = strcmp(action, "list") == 0;
	bool show = strcmp(action, "show") == 0, del = strcmp(action, "delete") == 0;
	if (!save && !list && !show && !del)
		return cli_usage_error("query", "unknown action '%s' (use save, list, show or delete)", action);
	int want = save ? 3 : list ? 1 : 2;
	if (a.count != want)
		return cli_usage_error("query", save ? "query save needs a NAME and the SQL text"
						     : list ? "query list takes no argument (use --search S)"
							    : "query %s needs a NAME", action);
	if ((description || replace) && !save)
		return cli_usage_error("query", "--description and --replace go with query save");
	if (search && !list)
		return cli_usage_error("query", "--search goes with query list");

	fi_store *store = NULL;
	if (cli_open_store(ctx, list || show, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	int rc;
	fi_sql_saved_list *found = NULL;
	if (save)
		rc = fi_sql_saved_put(store, a.positional[1], a.positional[2], description,
				      replace ? FI_SQL_SAVE_REPLACE : 0);
	else if (del)
		rc = fi_sql_saved_delete(store, a.positional[1]);
	else if (show)
		rc = fi_sql_saved_get(store, a.positional[1], &found);
	else
		rc = fi_sql_saved_find(store, search, &found);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "use the saved queries");
		fi_sql_saved_list_free(found);
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (save || del) {
		printf("%s query '", save ? "Saved" : "Deleted");
		out_text(stdout, a.positional[1]);
		puts(save ? "'. Run it with: fitintel sql --saved NAME" : "'.");
	} else if (a.json) {
		char *json = NULL;
		int jrc = fi_sql_saved_list_to_json(found, &json);
		code = cli_print_json(jrc, json, "write the queries as JSON");
	} else if (show) {
		const fi_sql_saved *q = fi_sql_saved_list_at(found, 0);
		printf("name:        ");
		out_text(stdout, q->name);
		printf("\ndescription: ");
		out_text(stdout, q->description);
		printf("\ncreated:     %s\nupdated:     %s\n\n", q->created_at, q->updated_at);
		fputs(q->sql, stdout);   /* the text as saved, to copy from */
		fputc('\n', stdout);
	} else {
		list_table(found);
	}
	fi_sql_saved_list_free(found);
	return code;
}

const cli_command cli_cmd_query = {
	"query", query_run,
	"save, list, show and delete named SQL queries kept in the store",
	"fitintel query save NAME \"SQL\" [--description D] [--replace]\n"
	"       fitintel query list [--search S] [--json]\n"
	"       fitintel query show NAME [--json]\n"
	"       fitintel query delete NAME",
	"\n"
	"Saved queries live in the store (table saved_queries). Only a statement that\n"
	"`fitintel sql` would run can be saved. Run one with: fitintel sql --saved NAME\n"
	"\n"
	"Options:\n"
	"  --description D  save: what the query answers\n"
	"  --replace        save: overwrite a saved query of the same name\n"
	"  --search S       list: only those whose name, SQL or description contains S\n"
	"                   (case-insensitive)\n"
	"  --json           list, show: a JSON array of {name, sql, description,\n"
	"                   created_at, updated_at}\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel query save per-year \\\n"
	"      \"SELECT substr(workout_date, 1, 4) AS year, count(*) FROM workouts GROUP BY 1\" \\\n"
	"      --description \"workouts per year\"\n"
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

static int history_run(cli_ctx *ctx, int argc, char **argv)
{
	const char *search = NULL, *limit = NULL, *del = NULL;
	bool clear = false;
	const cli_extra extras[] = { { "search", &search, NULL }, { "limit", &limit, NULL },
				     { "delete", &del, NULL }, { "clear", NULL, &clear } };
	cli_args a;
	int code = cli_args_parse(ctx, &cli_cmd_history, argc, argv, extras, CLI_ARRAY_LEN(extras), 0, 0, &a);
	if (code >= 0)
		return code;
	int64_t n = 0, id = 0;
	if (limit && !cli_parse_i64(limit, 1, INT64_MAX, &n))
		return cli_usage_error("history", "--limit needs a whole number >= 1, not '%s'", limit);
	if (del && !cli_parse_i64(del, 1, INT64_MAX, &id))
		return cli_usage_error("history", "--delete needs an entry ID, not '%s'", del);
	if (del && clear)
		return cli_usage_error("history", "--delete and --clear do not go together");
	fi_store *store = NULL;
	if (cli_open_store(ctx, !(del || clear), &store) != FI_OK)
		return CLI_EXIT_ERROR;
	if (del || clear) {
		int rc = del ? fi_sql_history_delete(store, id) : fi_sql_history_clear(store);
		fi_store_close(store);
		if (rc != FI_OK) {
			cli_lib_error(rc, "change the history");
			return CLI_EXIT_ERROR;
		}
		if (del)
			printf("Deleted history entry %lld.\n", (long long)id);
		else
			puts("Cleared the history.");
		return CLI_EXIT_OK;
	}
	fi_sql_history *h = NULL;
	int rc = fi_sql_history_find(store, search, n, &h);
	fi_store_close(store);
	if (rc != FI_OK) {
		cli_lib_error(rc, "read the history");
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (a.json) {
		char *json = NULL;
		int jrc = fi_sql_history_to_json(h, &json);
		code = cli_print_json(jrc, json, "write the history as JSON");
	} else {
		history_table(h);
	}
	fi_sql_history_free(h);
	return code;
}

const cli_command cli_cmd_history = {
	"history", history_run,
	"the SQL explorer's history: what ran, when, how long, rows or error",
	"fitintel history [--search S] [--limit N] [--json] [--delete ID | --clear]",
	"\n"
	"Lists the statements `fitintel sql` ran, newest first, refused and failed ones\n"
	"included (the store keeps the newest 1000). ROWS ends in + when the row limit\n"
	"cut the result short.\n"
	"\n"
	"Options:\n"
	"  --search S       only entries whose SQL or error contains S (case-insensitive)\n"
	"  --limit N        only the N newest entries\n"
	"  --json           a JSON array of {id, sql, started_at, duration_ms, rows,\n"
	"                   truncated, status, error}\n"
	"  --delete ID      delete one entry\n"
	"  --clear          delete every entry\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Example:\n"
	"  fitintel history --search workouts --limit 5\n"
};
