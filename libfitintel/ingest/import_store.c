/* Import records in the store: writing them and reading them back. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_report.h"

static int step_done(sqlite3 *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);
	int out = rc == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, rc, what);
	sqlite3_finalize(st);
	return out;
}

static void bind_record(sqlite3_stmt *st, const fi_import_report *r)
{
	sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)r->size);
	sqlite3_bind_text(st, 3, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->started_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->finished_at[0] ? r->finished_at : r->started_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, fi__policy_name(r->policy), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, fi_import_status_name(r->status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, r->rows_read);
	sqlite3_bind_int64(st, 9, r->rows_added);
	sqlite3_bind_int64(st, 10, r->rows_duplicate);
	sqlite3_bind_int64(st, 11, r->rows_rejected);
	if (r->same_as)
		sqlite3_bind_int64(st, 12, r->same_as);
	else
		sqlite3_bind_null(st, 12);
	sqlite3_bind_text(st, 13, r->message, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, r->quality_json, -1, SQLITE_STATIC);
}

static int insert_rejects(sqlite3 *db, const fi_import_report *r)
{
	if (r->reject_count == 0)
		return FI_OK;
	sqlite3_stmt *st;
	int rc = fi__prepare(db,
			     "INSERT INTO import_rejects(import_id, seq, line, column_index, field, reason,"
			     " text, message) VALUES (?,?,?,?,?,?,?,?)", &st);
	if (rc)
		return rc;
	for (size_t i = 0; i < r->reject_count && rc == FI_OK; i++) {
		const fi_reject *j = &r->rejects[i];
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_int64(st, 3, j->line);
		sqlite3_bind_int(st, 4, j->column);
		sqlite3_bind_text(st, 5, j->field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, fi_reject_reason_name(j->reason), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, j->text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, j->message, -1, SQLITE_STATIC);
		int src = sqlite3_step(st);
		if (src != SQLITE_DONE)
			rc = fi__sqlite_error(db, src, "record rejected rows");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int fi__import_report_insert(sqlite3 *db, fi_import_report *r)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db,
			     "INSERT INTO imports(path, size, sha256, started_at, finished_at, policy, status,"
			     " rows_read, rows_added, rows_duplicate, rows_rejected, same_as, message, quality)"
			     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", &st);
	if (rc)
		return rc;
	bind_record(st, r);
	if ((rc = step_done(db, st, "record import")))
		return rc;
	r->id = sqlite3_last_insert_rowid(db);
	return insert_rejects(db, r);
}

int fi__import_report_update(sqlite3 *db, const fi_import_report *r)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db,
			     "UPDATE imports SET path=?, size=?, sha256=?, started_at=?, finished_at=?,"
			     " policy=?, status=?, rows_read=?, rows_added=?, rows_duplicate=?,"
			     " rows_rejected=?, same_as=?, message=?, quality=? WHERE id=?", &st);
	if (rc)
		return rc;
	bind_record(st, r);
	sqlite3_bind_int64(st, 15, r->id);
	if ((rc = step_done(db, st, "record import")))
		return rc;
	return insert_rejects(db, r);
}

int fi__import_report_find_same_content(sqlite3 *db, const char *sha256, int policy, int64_t *out)
{
	sqlite3_stmt *st;
	*out = 0;
	/* An earlier import that skipped rejected rows is no answer for a strict one, which must
	 * report those rows and refuse the file. */
	int rc = fi__prepare(db,
			     "SELECT id FROM imports WHERE sha256 = ?1 AND status IN ('success','no_new_rows')"
			     " AND (rows_rejected = 0 OR policy = ?2) ORDER BY id LIMIT 1", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fi__policy_name(policy), -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else if (src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "look up earlier imports");
	sqlite3_finalize(st);
	return rc;
}

/* ---- reading back ---- */

static char *dup_column(sqlite3_stmt *st, int col)
{
	const char *t = fi__column_text(st, col);
	return fi__strdup(t ? t : "");
}

static void copy_fixed(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static int load_details(sqlite3 *db, fi_import_report *r)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT id FROM workouts WHERE import_id = ? ORDER BY id", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->id);
	fi__idpack ids = FI__IDPACK_INIT;
	int src;
	while (rc == FI_OK && (src = sqlite3_step(st)) == SQLITE_ROW)
		if (!fi__idpack_append(&ids, sqlite3_column_int64(st, 0)))
			rc = fi__error_oom();
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "read new workout ids");
	sqlite3_finalize(st);
	if (rc == FI_OK && !fi__idruns_push(&r->new_ids, &ids))
		rc = fi__error_oom();
	fi__idpack_free(&ids);
	if (rc)
		return rc;

	rc = fi__prepare(db,
			 "SELECT line, column_index, field, reason, text, message FROM import_rejects"
			 " WHERE import_id = ? ORDER BY seq", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->id);
	while (rc == FI_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		fi_reject j = { 0 };
		j.line = (long)sqlite3_column_int64(st, 0);
		j.column = sqlite3_column_int(st, 1);
		j.field = fi__column_text(st, 2);
		const char *reason = fi__column_text(st, 3);
		for (int k = FI_REJECT_BAD_DATE; k <= FI_REJECT_MISSING_DATE; k++)
			if (reason && strcmp(reason, fi_reject_reason_name(k)) == 0)
				j.reason = k;
		j.text = fi__column_text(st, 4);
		j.message = fi__column_text(st, 5);
		rc = fi__import_report_add_reject(r, &j);
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "read rejected rows");
	sqlite3_finalize(st);
	return rc;
}

static const char select_imports[] =
	"SELECT id, path, size, sha256, started_at, finished_at, policy, status, rows_read,"
	" rows_added, rows_duplicate, rows_rejected, same_as, message, quality FROM imports";

static int report_from_row(sqlite3 *db, sqlite3_stmt *st, fi_import_report **out)
{
	fi_import_report *r = calloc(1, sizeof *r);
	if (!r)
		return fi__error_oom();
	r->id = sqlite3_column_int64(st, 0);
	r->path = dup_column(st, 1);
	r->size = (uint64_t)sqlite3_column_int64(st, 2);
	copy_fixed(r->sha256, sizeof r->sha256, fi__column_text(st, 3));
	copy_fixed(r->started_at, sizeof r->started_at, fi__column_text(st, 4));
	copy_fixed(r->finished_at, sizeof r->finished_at, fi__column_text(st, 5));
	r->policy = fi__policy_from_name(fi__column_text(st, 6));
	r->status = fi_import_status__from_name(fi__column_text(st, 7));
	r->rows_read = sqlite3_column_int64(st, 8);
	r->rows_added = sqlite3_column_int64(st, 9);
	r->rows_duplicate = sqlite3_column_int64(st, 10);
	r->rows_rejected = sqlite3_column_int64(st, 11);
	r->same_as = sqlite3_column_int64(st, 12);
	r->message = dup_column(st, 13);
	r->quality_json = dup_column(st, 14);
	int rc = (!r->path || !r->message || !r->quality_json) ? fi__error_oom() : load_details(db, r);
	if (rc) {
		fi_import_report_free(r);
		return rc;
	}
	*out = r;
	return FI_OK;
}

int fi_store_import_get(fi_store *store, int64_t id, fi_import_report **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	char sql[sizeof select_imports + 32];
	snprintf(sql, sizeof sql, "%s WHERE id = ?", select_imports);
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, sql, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW)
		rc = report_from_row(store->db, st, out);
	else if (src == SQLITE_DONE)
		rc = fi__error(FI_ENOTFOUND, FI_ERRCAT_STORE, "no import with id %lld", (long long)id);
	else
		rc = fi__sqlite_error(store->db, src, "read import");
	sqlite3_finalize(st);
	return rc;
}

struct fi_import_list {
	fi_import_report **items;
	size_t count;
};

int fi_store_imports(fi_store *store, fi_import_list **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi_import_list *list = calloc(1, sizeof *list);
	if (!list)
		return fi__error_oom();
	char sql[sizeof select_imports + 32];
	snprintf(sql, sizeof sql, "%s ORDER BY id DESC", select_imports);
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, sql, &st);
	size_t cap = 0;
	int src = SQLITE_DONE;
	while (rc == FI_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		fi_import_report **p = fi__grow(list->items, list->count, &cap, sizeof *p, 16);
		if (!p) {
			rc = fi__error_oom();
			break;
		}
		list->items = p;
		rc = report_from_row(store->db, st, &list->items[list->count]);
		if (rc == FI_OK)
			list->count++;
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "list imports");
	sqlite3_finalize(st);
	if (rc) {
		fi_import_list_free(list);
		return rc;
	}
	*out = list;
	return FI_OK;
}

size_t fi_import_list_count(const fi_import_list *list)
{
	return list ? list->count : 0;
}

const fi_import_report *fi_import_list_at(const fi_import_list *list, size_t i)
{
	return list && i < list->count ? list->items[i] : NULL;
}

void fi_import_list_free(fi_import_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		fi_import_report_free(list->items[i]);
	free(list->items);
	free(list);
}
