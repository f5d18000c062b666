/* `fitintel sql`: one read-only SQL statement against the store, printed as a table, CSV or JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "interrupt.h"
#include "output.h"

#define CMD "sql"

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

/* The text of a cell for the table: numbers in their shortest form, blobs as X'hex'. */
static const char *cell_text(const fi_sql_result *r, size_t row, size_t col, char *buf, size_t cap)
{
	size_t n;
	const char *p;
	switch (fi_sql_result_cell_type(r, row, col)) {
	case FI_SQL_INTEGER:
		snprintf(buf, cap, "%lld", (long long)fi_sql_result_cell_int(r, row, col));
		return buf;
	case FI_SQL_REAL:
		out_format_number(buf, cap, fi_sql_result_cell_real(r, row, col));
		return buf[0] ? buf : (fi_sql_result_cell_real(r, row, col) > 0 ? "inf" : "-inf");
	case FI_SQL_TEXT:
		return fi_sql_result_cell_text(r, row, col, NULL);
	case FI_SQL_BLOB:
		p = fi_sql_result_cell_text(r, row, col, &n);
		snprintf(buf, cap, "X'");
		for (size_t i = 0; i < n && 2 * i + 5 < cap; i++)
			snprintf(buf + 2 + 2 * i, cap - 2 - 2 * i, "%02X", (unsigned char)p[i]);
		strncat(buf, "'", cap - strlen(buf) - 1);
		return buf;
	default:
		return "";
	}
}

static bool numeric(int type)
{
	return type == FI_SQL_INTEGER || type == FI_SQL_REAL;
}

/* A cell of the table; the last one of a line is not padded. */
static void put_cell(const char *s, size_t width, bool right, bool last)
{
	if (last && !right && out_display_width(s) <= width)
		out_text(stdout, s);
	else
		out_cell(stdout, s, width, right);
	fputs(last ? "\n" : "  ", stdout);
}

static void print_table(const fi_sql_result *r)
{
	size_t cols = fi_sql_result_column_count(r), rows = fi_sql_result_row_count(r);
	size_t term = out_terminal_width(STDOUT_FILENO), cap = 40, total = 0;
	size_t *width = calloc(cols ? cols : 1, sizeof *width);
	char buf[128];
	if (!width)
		return;
	for (size_t c = 0; c < cols; c++)
		width[c] = out_display_width(fi_sql_result_column_name(r, c));
	for (size_t i = 0; i < rows; i++)
		for (size_t c = 0; c < cols; c++) {
			size_t w = out_display_width(cell_text(r, i, c, buf, sizeof buf));
			if (w > width[c])
				width[c] = w;
		}
	for (size_t c = 0; c < cols; c++)
		total += (width[c] < cap ? width[c] : cap) + 2;
	if (term && total > term && cols)
		cap = (term - 2 * cols) / cols > 6 ? (term - 2 * cols) / cols : 6;
	for (size_t c = 0; c < cols; c++)
		if (width[c] > cap)
			width[c] = cap;
	for (size_t c = 0; c < cols; c++) {
		put_cell(fi_sql_result_column_name(r, c), width[c], numeric(fi_sql_result_column_type(r, c)),
			 c + 1 == cols);
	}
	for (size_t c = 0; c < cols; c++) {
		for (size_t k = 0; k < width[c]; k++)
			fputc('-', stdout);
		fputs(c + 1 < cols ? "  " : "\n", stdout);
	}
	for (size_t i = 0; i < rows; i++)
		for (size_t c = 0; c < cols; c++) {
			put_cell(cell_text(r, i, c, buf, sizeof buf), width[c],
				 numeric(fi_sql_result_cell_type(r, i, c)), c + 1 == cols);
		}
	free(width);
	char count[32];
	out_format_count(count, sizeof count, (int64_t)rows);
	printf("(%s row%s%s; %.1f ms)\n", count, rows == 1 ? "" : "s",
	       fi_sql_result_truncated(r) ? ", stopped at the row limit" : "", fi_sql_result_elapsed_ms(r));
}

/* All of standard input, NUL-terminated; NULL when it cannot be read. */
static char *read_stdin(void)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
		len += n;
		if (cap - len < 2) {
			char *grown = realloc(buf, cap * 2);
			if (!grown) {
				free(buf);
				return NULL;
			}
			buf = grown;
			cap *= 2;
		}
	}
	if (buf)
		buf[len] = '\0';
	return buf;
}

static int cancelled(void *payload)
{
	(void)payload;
	return cli_interrupted();
}

static int write_output(const char *path, const char *text, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		cli_error("cannot write %s: %s", path, strerror(errno));
		return CLI_EXIT_ERROR;
	}
	bool ok = fwrite(text, 1, len, f) == len;
	if (path)
		ok = fclose(f) == 0 && ok;
	if (!ok) {
		cli_error("cannot write %s: %s", path ? path : "the output", strerror(errno));
		return CLI_EXIT_ERROR;
	}
	return CLI_EXIT_OK;
}

static struct {
	int format;   /* an enum format, -1: table, or csv with -o */
	bool no_history;
	const char *saved, *output;
	int64_t limit;
	double timeout;
} a = { -1, false, NULL, NULL, 0, 0 };

static int run(cli_ctx *ctx, int argc, char **argv)
{
	fi_sql_params params = FI_SQL_PARAMS_INIT;
	int code, format = a.format >= 0 ? a.format : a.output ? FORMAT_CSV : FORMAT_TABLE;
	if (a.output && format == FORMAT_TABLE)
		return cli_usage_error(CMD, "-o writes csv or json, not a table");
	int want = a.saved ? 0 : 1;
	if (argc < want)
		return cli_usage_error(CMD, "missing the SQL statement (or --saved NAME)");
	if (argc > want)
		return cli_usage_error(CMD, a.saved ? "--saved runs a saved query: no SQL text as well"
						    : "unexpected argument '%s' (quote the whole statement)",
				       argv[want]);
	if (a.limit)
		params.max_rows = a.limit;
	if (a.timeout > 0)
		params.timeout_s = a.timeout;
	if (a.no_history)
		params.flags |= FI_SQL_NO_HISTORY;
	char *text = NULL;
	const char *sql = a.saved ? NULL : argv[0];
	if (sql && strcmp(sql, "-") == 0) {
		if (!(sql = text = read_stdin())) {
			cli_error("cannot read the statement from standard input");
			return CLI_EXIT_ERROR;
		}
	}
	fi_store *store = NULL;
	if (cli_open_store(ctx, false, &store) != FI_OK) {
		free(text);
		return CLI_EXIT_ERROR;
	}
	cli_interrupt_install();
	params.cancel = cancelled;
	fi_sql_result *r = NULL;
	int rc = a.saved ? fi_sql_saved_run(store, a.saved, &params, &r) : fi_sql_run(store, sql, &params, &r);
	fi_store_close(store);
	free(text);
	if (rc != FI_OK) {
		if (rc == FI_EUSER && cli_interrupted())
			cli_error("interrupted");
		else
			cli_lib_error(rc, "run the query");
		return CLI_EXIT_ERROR;
	}
	if (format == FORMAT_TABLE) {
		print_table(r);
		fi_sql_result_free(r);
		return CLI_EXIT_OK;
	}
	char *out = NULL;
	size_t len = 0;
	if (format == FORMAT_CSV) {
		rc = fi_sql_result_to_csv(r, &out, &len);
	} else if ((rc = fi_sql_result_to_json(r, &out)) == FI_OK) {
		len = strlen(out);
		out[len++] = '\n';   /* the terminator's place: the text is written by length */
	}
	if (rc == FI_OK && fi_sql_result_truncated(r))
		cli_error("%s: only the first %zu rows: the row limit stopped the query (--limit N for more)",
			  CMD, fi_sql_result_row_count(r));
	fi_sql_result_free(r);
	if (rc != FI_OK) {
		cli_lib_error(rc, "format the result");
		return CLI_EXIT_ERROR;
	}
	code = write_output(a.output, out, len);
	fi_free(out);
	return code;
}

static const cli_choice formats[] = {
	{ "table", FORMAT_TABLE }, { "csv", FORMAT_CSV }, { "json", FORMAT_JSON }, { NULL, 0 }
};

static const cli_opt options[] = {
	{ CLI_OPT_NOTE, "-", .help = "read the statement from standard input" },
	{ CLI_OPT_STRING, "saved", .value = &a.saved, .value_name = "NAME",
	  .help = "run a saved query (see `fitintel query`)" },
	{ CLI_OPT_ENUM, "format", .value = &a.format, .choices = formats, .value_name = "F",
	  .help = "table (default): aligned columns; csv: RFC 4180 with a\n"
		  "header row (text starting with = + - @ gets a leading ');\n"
		  "json: columns with their types, rows as arrays" },
	{ CLI_OPT_SWITCH, "json", .value = &a.format, .switch_value = FORMAT_JSON,
	  .help = "the same as --format json" },
	{ CLI_OPT_INT, "limit", .value = &a.limit, .min = 1, .max = 100000000, .value_name = "N",
	  .help = "return at most N rows (default 10000); a result cut short\nsays so" },
	{ CLI_OPT_DOUBLE, "timeout", .flags = CLI_OPT_ABOVE_MIN, .value = &a.timeout, .min = 0, .max = 86400,
	  .unit = "seconds", .value_name = "S", .help = "stop the statement after S seconds (default 5)" },
	{ CLI_OPT_STRING, "output", 'o', .value = &a.output, .value_name = "FILE",
	  .help = "write the result to FILE (csv unless --format json)" },
	{ CLI_OPT_FLAG, "no-history", .value = &a.no_history, .help = "do not record this run in the history" },
	CLI_SPEC_END
};

const cli_command cli_cmd_sql = {
	.name = "sql", .run = run, .options = options, .args = "\"SELECT ...\"|-", .max_args = -1,
	.help = &cli_help_sql,
};
