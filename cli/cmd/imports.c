/* `fitintel imports`: the import records of the store, newest first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

/* "2025-10-07T18:04:11.123Z" → "2025-10-07 18:04" */
static void short_time(char out[20], const char *iso)
{
	size_t n = iso ? strlen(iso) : 0;

	if (n > 16)
		n = 16;
	memcpy(out, iso ? iso : "", n);
	out[n] = '\0';
	if (n > 10 && out[10] == 'T')
		out[10] = ' ';
}

static void print_table(const fi_import_list *list, size_t limit)
{
	size_t count = fi_import_list_count(list), width = out_terminal_width(STDOUT_FILENO);
	/* id, finished, status, read, added, dup, rejected: then the file takes the rest. */
	const size_t fixed = (5 + 1) + (16 + 1) + (11 + 1) + (7 + 1) + (7 + 1) + (6 + 1) + (6 + 1);
	size_t file_width = 0;

	if (width > fixed + 12)
		file_width = width - fixed - 1;
	else if (width > 0)
		file_width = 12;
	printf("%5s %-16s %-11s %7s %7s %6s %6s %s\n", "ID", "FINISHED UTC", "STATUS", "READ",
	       "ADDED", "DUP", "REJ", "FILE");
	for (size_t i = 0; i < count && i < limit; i++) {
		const fi_import_report *r = fi_import_list_at(list, i);
		char when[20];

		if (!r)
			continue;
		short_time(when, fi_import_report_finished_at(r));
		printf("%5lld %-16s %-11s %7lld %7lld %6lld %6lld ",
		       (long long)fi_import_report_id(r), when,
		       fi_import_status_name(fi_import_report_status(r)),
		       (long long)fi_import_report_rows_read(r),
		       (long long)fi_import_report_rows_added(r),
		       (long long)fi_import_report_rows_duplicate(r),
		       (long long)fi_import_report_rows_rejected(r));
		if (file_width)
			out_cell_tail(stdout, fi_import_report_path(r), file_width);
		else
			out_text(stdout, fi_import_report_path(r));
		fputc('\n', stdout);
	}
}

static int print_json(const fi_import_list *list, size_t limit)
{
	size_t count = fi_import_list_count(list);
	size_t shown = 0;

	fputc('[', stdout);
	for (size_t i = 0; i < count && i < limit; i++) {
		const fi_import_report *r = fi_import_list_at(list, i);
		char *json = NULL;
		int rc;

		if (!r)
			continue;
		rc = fi_import_report_to_json(r, &json);
		if (rc != FI_OK) {
			fputs("]\n", stdout);
			cli_lib_error(rc, "write an import record as JSON");
			return CLI_EXIT_ERROR;
		}
		fputs(shown ? ",\n" : "\n", stdout);
		fputs(json, stdout);
		fi_free(json);
		shown++;
	}
	fputs(shown ? "\n]\n" : "]\n", stdout);
	return CLI_EXIT_OK;
}

static struct {
	bool json;
	int64_t limit;
} a = { false, INT64_MAX };

static int compute(fi_store *store, void **result)
{
	return fi_store_imports(store, (fi_import_list **)result);
}

static int print(const void *result)
{
	if (a.json)
		return print_json(result, (size_t)a.limit);
	print_table(result, (size_t)a.limit);
	return CLI_EXIT_OK;
}

static void result_free(void *r)
{
	fi_import_list_free(r);
}

/* no .json: the JSON array is printed record by record, by print() */
static const cli_job job = {
	.what = "read the import records", .write = true, .compute = compute, .print = print, .free = result_free
};

static const cli_opt options[] = {
	CLI_SPEC_JSON(&a.json, "print a JSON array of the full records (SHA-256, new\n"
			       "workout ids, kept rejects, data-quality summary)"),
	{ CLI_OPT_INT, "limit", .value = &a.limit, .min = 0, .max = CLI_NO_MAX, .value_name = "N",
	  .help = "show only the N newest records" },
	CLI_SPEC_END
};

const cli_command cli_cmd_imports = {
	.name = "imports", .options = options, .job = &job,
	.help = &cli_help_imports,
};
