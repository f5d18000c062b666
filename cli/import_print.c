/* Presenting an import's outcome (see import_print.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "output.h"
#include "import_print.h"

static const char *skip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(s, prefix, n) == 0 ? s + n : NULL;
}

/* The part of a reject's message after the location the library may have put in front of it
 * ("FILE:LINE: ", "line N, ", "line N: ", then "FIELD (column N): " or "FIELD: "), so that
 * the location is printed once, in our own "FILE:LINE: FIELD: " form. */
static const char *reject_tail(const char *path, const fi_reject *rej)
{
	const char *m = rej->message ? rej->message : "";
	const char *p;
	char loc[48];

	snprintf(loc, sizeof loc, ":%ld: ", rej->line);
	if (path && (p = skip_prefix(m, path)) && (p = skip_prefix(p, loc)))
		m = p;
	snprintf(loc, sizeof loc, "line %ld, ", rej->line);
	if ((p = skip_prefix(m, loc)))
		m = p;
	snprintf(loc, sizeof loc, "line %ld: ", rej->line);
	if ((p = skip_prefix(m, loc)))
		m = p;
	if (rej->field && rej->field[0] && (p = skip_prefix(m, rej->field))) {
		const char *q;

		snprintf(loc, sizeof loc, " (column %d): ", rej->column);
		if ((q = skip_prefix(p, ": ")) || (q = skip_prefix(p, loc)))
			m = q;
	}
	return *m ? m : fi_reject_reason_name(rej->reason);
}

void cli_import_print_reject(FILE *f, const char *label, const char *source, const fi_reject *rej)
{
	const char *tail = reject_tail(source, rej);

	if (rej->field && rej->field[0])
		fprintf(f, "%s:%ld: %s: %s\n", label, rej->line, rej->field, tail);
	else
		fprintf(f, "%s:%ld: %s\n", label, rej->line, tail);
}

void cli_import_print_rejects(FILE *f, const char *path, const fi_import_report *r)
{
	size_t kept = fi_import_report_reject_count(r);
	int64_t total = fi_import_report_rows_rejected(r);

	for (size_t i = 0; i < kept; i++) {
		const fi_reject *rej = fi_import_report_reject(r, i);

		if (rej)
			cli_import_print_reject(f, path, fi_import_report_path(r), rej);
	}
	if (total > 0 && (uint64_t)total > (uint64_t)kept) {
		char more[32];

		out_format_count(more, sizeof more, total - (int64_t)kept);
		fprintf(f, "%s: %s more rejected row%s not listed\n", path, more,
			total - (int64_t)kept == 1 ? "" : "s");
	}
}

void cli_import_print_summary(FILE *f, const char *path, const fi_import_report *r)
{
	const char *msg = fi_import_report_message(r);

	if (!msg || !*msg)
		msg = fi_import_status_name(fi_import_report_status(r));
	if (strstr(msg, path) || strstr(msg, cli_basename(path)))
		fprintf(f, "%s\n", msg);
	else
		fprintf(f, "%s: %s\n", path, msg);
}

const char *cli_import_print_status_name(const fi_import_report *r)
{
	return r ? fi_import_status_name(fi_import_report_status(r)) : "failed";
}

const char *cli_import_print_message(const fi_import_report *r, int rc)
{
	const char *msg = r ? fi_import_report_message(r) : NULL;

	if (msg && *msg)
		return msg;
	if (fi_error_last()->code == rc && fi_error_last()->message[0])
		return fi_error_last()->message;
	return fi_strerror(rc);
}

char *cli_import_print_json(const fi_import_report *r, int rc, const char *path)
{
	char *buf = NULL, *copy;
	size_t len = 0;
	FILE *f;

	if (r) {
		char *json = NULL;

		if (fi_import_report_to_json(r, &json) != FI_OK || !json)
			return NULL;
		copy = strdup(json);
		fi_free(json);
		return copy;
	}
	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	/* The keys the library's records use, for an attempt it did not record. */
	fputs("{\"import_id\":null,\"file\":", f);
	out_json_string(f, path);
	fputs(",\"status\":\"failed\",\"message\":", f);
	out_json_string(f, cli_import_print_message(NULL, rc));
	fputs(",\"error\":", f);
	out_json_string(f, fi_strerror(rc));
	fputc('}', f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

void cli_import_print_error(int rc, const char *path)
{
	const fi_error *e = fi_error_last();

	if (e->code == rc && e->message[0] && rc != FI_EPARSE && !strstr(e->message, path))
		cli_error("%s: %s", path, e->message);
	else
		cli_lib_error(rc, path);
}
