/* fi_import_report: accessors, building, and JSON rendering. */
#include <stdlib.h>
#include <string.h>

#include "import_report.h"

fi_import_report *fi__import_report_new(const char *path)
{
	fi_import_report *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->path = fi__strdup(path ? path : "");
	r->message = fi__strdup("");
	r->quality_json = fi__strdup("{}");
	if (!r->path || !r->message || !r->quality_json) {
		fi_import_report_free(r);
		return NULL;
	}
	return r;
}

void fi__import_report_clear_new_ids(fi_import_report *r)
{
	fi__idruns_free(&r->new_ids);
	free(r->new_id_array);
	r->new_id_array = NULL;
}

bool fi__reject_copy(fi_reject *dst, const fi_reject *src)
{
	*dst = *src;
	dst->field = fi__strdup(src->field ? src->field : "");
	dst->text = fi__strdup(src->text ? src->text : "");
	dst->message = fi__strdup(src->message ? src->message : "");
	if (dst->field && dst->text && dst->message)
		return true;
	fi__reject_release(dst);
	return false;
}

void fi__reject_release(fi_reject *r)
{
	FI__FREE_ALL((char *)r->field, (char *)r->text, (char *)r->message);
	r->field = r->text = r->message = NULL;
}

int fi__import_report_add_reject(fi_import_report *r, const fi_reject *reject)
{
	fi_reject *p = fi__grow(r->rejects, r->reject_count, &r->reject_cap, sizeof *p, 16);
	if (!p)
		return fi__error_oom();
	r->rejects = p;
	if (!fi__reject_copy(&r->rejects[r->reject_count], reject))
		return fi__error_oom();
	r->reject_count++;
	return FI_OK;
}

int fi__import_report_set_message(fi_import_report *r, const char *message)
{
	char *m = fi__strdup(message);
	if (!m)
		return fi__error_oom();
	free(r->message);
	r->message = m;
	return FI_OK;
}

void fi__import_report_set_quality(fi_import_report *r, char *json)
{
	if (!json)
		return;
	free(r->quality_json);
	r->quality_json = json;
}

void fi_import_report_free(fi_import_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->reject_count; i++)
		fi__reject_release(&r->rejects[i]);
	fi__import_report_clear_new_ids(r);
	FI__FREE_ALL(r->rejects, r->path, r->message, r->quality_json, r);
}

const char *fi_import_status_name(int status)
{
	switch (status) {
	case FI_IMPORT_SUCCESS: return "success";
	case FI_IMPORT_NO_NEW_ROWS: return "no_new_rows";
	case FI_IMPORT_REJECTED: return "rejected";
	case FI_IMPORT_FAILED: return "failed";
	default: return "unknown";
	}
}

int fi_import_status__from_name(const char *name)
{
	for (int s = FI_IMPORT_SUCCESS; s <= FI_IMPORT_FAILED; s++)
		if (name && strcmp(name, fi_import_status_name(s)) == 0)
			return s;
	return FI_IMPORT_FAILED;
}

const char *fi__policy_name(int policy)
{
	return policy == FI_INGEST_SKIP ? "skip" : "strict";
}

int fi__policy_from_name(const char *name)
{
	return name && strcmp(name, "skip") == 0 ? FI_INGEST_SKIP : FI_INGEST_STRICT;
}

const char *fi_reject_reason_name(int reason)
{
	switch (reason) {
	case FI_REJECT_BAD_DATE: return "bad_date";
	case FI_REJECT_IMPOSSIBLE_DATE: return "impossible_date";
	case FI_REJECT_MISSING_ID: return "missing_id";
	case FI_REJECT_NOT_NUMBER: return "not_a_number";
	case FI_REJECT_NEGATIVE: return "negative";
	case FI_REJECT_NOT_FINITE: return "not_finite";
	case FI_REJECT_FIELD_COUNT: return "field_count";
	case FI_REJECT_ENCODING: return "encoding";
	case FI_REJECT_MISSING_DATE: return "missing_date";
	default: return "unknown";
	}
}

/* ---- accessors ---- */

int64_t fi_import_report_id(const fi_import_report *r) { return r ? r->id : 0; }
const char *fi_import_report_path(const fi_import_report *r) { return r ? r->path : NULL; }
uint64_t fi_import_report_size(const fi_import_report *r) { return r ? r->size : 0; }
const char *fi_import_report_sha256(const fi_import_report *r) { return r ? r->sha256 : NULL; }
const char *fi_import_report_started_at(const fi_import_report *r) { return r ? r->started_at : NULL; }
const char *fi_import_report_finished_at(const fi_import_report *r) { return r ? r->finished_at : NULL; }
int fi_import_report_policy(const fi_import_report *r) { return r ? r->policy : 0; }
int fi_import_report_status(const fi_import_report *r) { return r ? r->status : FI_IMPORT_FAILED; }
int64_t fi_import_report_rows_read(const fi_import_report *r) { return r ? r->rows_read : 0; }
int64_t fi_import_report_rows_added(const fi_import_report *r) { return r ? r->rows_added : 0; }
int64_t fi_import_report_rows_duplicate(const fi_import_report *r) { return r ? r->rows_duplicate : 0; }
int64_t fi_import_report_rows_rejected(const fi_import_report *r) { return r ? r->rows_rejected : 0; }
int64_t fi_import_report_same_as(const fi_import_report *r) { return r ? r->same_as : 0; }
const char *fi_import_report_message(const fi_import_report *r) { return r ? r->message : NULL; }
const char *fi_import_report_quality_json(const fi_import_report *r) { return r ? r->quality_json : NULL; }

/* The report keeps its ids packed (a few bytes each, an import of millions of rows); the array
 * is made when a caller first asks for it. */
const int64_t *fi_import_report_new_ids(const fi_import_report *r, size_t *count)
{
	size_t n = r ? fi__idruns_ids(&r->new_ids) : 0;
	if (count)
		*count = n;
	if (!n || r->new_id_array)
		return n ? r->new_id_array : NULL;
	int64_t *ids = malloc(n * sizeof *ids);
	if (!ids) {
		if (count)
			*count = 0;
		return NULL;
	}
	fi__idruns_cursor c;
	fi__idruns_cursor_init(&c, &r->new_ids);
	for (size_t i = 0; fi__idruns_next(&c, &ids[i]); i++)
		;
	((fi_import_report *)r)->new_id_array = ids;   /* a cache: the ids do not change */
	return ids;
}

size_t fi_import_report_reject_count(const fi_import_report *r)
{
	return r ? r->reject_count : 0;
}

const fi_reject *fi_import_report_reject(const fi_import_report *r, size_t i)
{
	return r && i < r->reject_count ? &r->rejects[i] : NULL;
}

/* ---- JSON ---- */

static void json_key_string(fi__buf *b, const char *key, const char *value)
{
	fi__buf_printf(b, "\"%s\":", key);
	fi__buf_json_string(b, value, strlen(value));
	fi__buf_putc(b, ',');
}

static void json_key_int(fi__buf *b, const char *key, int64_t value)
{
	fi__buf_printf(b, "\"%s\":%lld,", key, (long long)value);
}

int fi_import_report_to_json(const fi_import_report *r, char **out)
{
	if (!r || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "report or out is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '{');
	json_key_int(&b, "import_id", r->id);
	json_key_string(&b, "file", r->path);
	json_key_int(&b, "size", (int64_t)r->size);
	json_key_string(&b, "sha256", r->sha256);
	json_key_string(&b, "started_at", r->started_at);
	json_key_string(&b, "finished_at", r->finished_at);
	json_key_string(&b, "policy", fi__policy_name(r->policy));
	json_key_string(&b, "status", fi_import_status_name(r->status));
	json_key_int(&b, "rows_read", r->rows_read);
	json_key_int(&b, "rows_added", r->rows_added);
	json_key_int(&b, "rows_duplicate", r->rows_duplicate);
	json_key_int(&b, "rows_rejected", r->rows_rejected);
	if (r->same_as)
		json_key_int(&b, "same_as", r->same_as);
	else
		fi__buf_puts(&b, "\"same_as\":null,");
	json_key_string(&b, "message", r->message);
	fi__buf_puts(&b, "\"new_ids\":[");
	fi__idruns_cursor ids;
	fi__idruns_cursor_init(&ids, &r->new_ids);
	int64_t id;
	for (bool first = true; fi__idruns_next(&ids, &id); first = false)
		fi__buf_printf(&b, first ? "%lld" : ",%lld", (long long)id);
	fi__buf_puts(&b, "],\"rejects\":[");
	for (size_t i = 0; i < r->reject_count; i++) {
		const fi_reject *j = &r->rejects[i];
		fi__buf_puts(&b, i ? ",{" : "{");
		json_key_int(&b, "line", j->line);
		json_key_int(&b, "column", j->column);
		json_key_string(&b, "field", j->field);
		json_key_string(&b, "reason", fi_reject_reason_name(j->reason));
		json_key_string(&b, "text", j->text);
		fi__buf_puts(&b, "\"message\":");
		fi__buf_json_string(&b, j->message, strlen(j->message));
		fi__buf_putc(&b, '}');
	}
	fi__buf_printf(&b, "],\"rejects_truncated\":%s,\"quality\":",
		      (int64_t)r->reject_count < r->rows_rejected ? "true" : "false");
	fi__buf_puts(&b, r->quality_json);
	fi__buf_putc(&b, '}');
	return fi__buf_finish(&b, out);
}
