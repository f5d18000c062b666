/* The SQL explorer's history: every run recorded with its text, start, duration and rows or
 * error; listed newest first, searchable, deletable. */
#include <stdlib.h>
#include <string.h>

#include "sql_internal.h"

#define STR_(x) #x
#define STR(x) STR_(x)

struct fi_sql_history {
	fi_sql_history_entry *items;
	size_t n;
};

void fi__sql_history_record(fi_store *store, const char *sql, const char *started_at,
			    double duration_ms, const fi_sql_result *r, int status)
{
	if (!store || !store->db || store->readonly)
		return;
	fi__error_snapshot saved;
	fi__error_save(&saved);
	/* the history must never hold up a query: give up quickly when another process writes */
	sqlite3_busy_timeout(store->db, 250);
	sqlite3_stmt *st;
	if (fi__prepare(store->db,
			"INSERT INTO query_history(sql, started_at, duration_ms, rows, truncated, status,"
			" error) VALUES (?, ?, ?, ?, ?, ?, ?)", &st) == FI_OK) {
		sqlite3_bind_text(st, 1, sql, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, started_at, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 3, duration_ms);
		if (status == FI_OK && r)
			sqlite3_bind_int64(st, 4, (sqlite3_int64)r->nrows);
		sqlite3_bind_int(st, 5, r && r->truncated);
		sqlite3_bind_int(st, 6, status);
		if (status != FI_OK)
			sqlite3_bind_text(st, 7, saved.message, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE)
			sqlite3_exec(store->db,
				     "DELETE FROM query_history WHERE id <= (SELECT id FROM query_history"
				     " ORDER BY id DESC LIMIT 1 OFFSET " STR(FI_SQL_HISTORY_KEEP) ")",
				     NULL, NULL, NULL);
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(store->db, store->busy_timeout_ms);
	fi__error_restore(&saved);
}

static void entry_release(fi_sql_history_entry *e)
{
	FI__FREE_ALL((char *)e->sql, (char *)e->started_at, (char *)e->error);
}

void fi_sql_history_free(fi_sql_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		entry_release(&h->items[i]);
	free(h->items);
	free(h);
}

/* A copy of a text column; "" for NULL when @empty, else NULL. Sets *oom on failure. */
static char *column_copy(sqlite3_stmt *st, int col, bool empty, bool *oom)
{
	const char *s = (const char *)sqlite3_column_text(st, col);
	if (!s && !empty)
		return NULL;
	char *c = fi__strdup(s ? s : "");
	if (!c)
		*oom = true;
	return c;
}

int fi_sql_history_find(fi_store *store, const char *search, int64_t limit, fi_sql_history **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db,
			     "SELECT id, sql, started_at, duration_ms, rows, truncated, status, error"
			     " FROM query_history WHERE ?1 IS NULL OR instr(lower(sql), lower(?1)) > 0"
			     " OR instr(lower(ifnull(error, '')), lower(?1)) > 0"
			     " ORDER BY id DESC LIMIT ?2", &st);
	if (rc)
		return rc;
	if (search && *search)
		sqlite3_bind_text(st, 1, search, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	fi_sql_history *h = calloc(1, sizeof *h);
	size_t cap = 0;
	bool oom = !h;
	int src = SQLITE_DONE;
	while (!oom && (src = sqlite3_step(st)) == SQLITE_ROW) {
		fi_sql_history_entry *items = fi__grow(h->items, h->n, &cap, sizeof *items, 16);
		if (!items) {
			oom = true;
			break;
		}
		h->items = items;
		fi_sql_history_entry *e = &h->items[h->n++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(st, 0);
		e->sql = column_copy(st, 1, true, &oom);
		e->started_at = column_copy(st, 2, true, &oom);
		e->duration_ms = sqlite3_column_double(st, 3);
		e->rows = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 4);
		e->truncated = sqlite3_column_int(st, 5) != 0;
		e->status = sqlite3_column_int(st, 6);
		e->error = column_copy(st, 7, false, &oom);
	}
	if (oom)
		rc = fi__error_oom();
	else if (src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "read the query history");
	sqlite3_finalize(st);
	if (rc) {
		fi_sql_history_free(h);
		return rc;
	}
	*out = h;
	return FI_OK;
}

size_t fi_sql_history_count(const fi_sql_history *h)
{
	return h ? h->n : 0;
}

const fi_sql_history_entry *fi_sql_history_at(const fi_sql_history *h, size_t i)
{
	return h && i < h->n ? &h->items[i] : NULL;
}

int fi_sql_history_to_json(const fi_sql_history *h, char **json)
{
	if (!h || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "history or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '[');
	for (size_t i = 0; i < h->n; i++) {
		const fi_sql_history_entry *e = &h->items[i];
		fi__buf_printf(&b, "%s{\"id\":%lld,\"sql\":", i ? ",\n" : "\n", (long long)e->id);
		fi__buf_json_string(&b, e->sql, strlen(e->sql));
		fi__buf_puts(&b, ",\"started_at\":");
		fi__buf_json_string(&b, e->started_at, strlen(e->started_at));
		fi__buf_puts(&b, ",\"duration_ms\":");
		fi__buf_json_double(&b, e->duration_ms);
		if (e->rows >= 0)
			fi__buf_printf(&b, ",\"rows\":%lld", (long long)e->rows);
		else
			fi__buf_puts(&b, ",\"rows\":null");
		fi__buf_printf(&b, ",\"truncated\":%s,\"status\":%d,\"error\":", e->truncated ? "true" : "false",
			      e->status);
		if (e->error)
			fi__buf_json_string(&b, e->error, strlen(e->error));
		else
			fi__buf_puts(&b, "null");
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, h->n ? "\n]" : "]");
	return fi__buf_finish(&b, json);
}

int fi_sql_history_delete(fi_store *store, int64_t id)
{
	int rc = fi__store_writable(store);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if ((rc = fi__prepare(store->db, "DELETE FROM query_history WHERE id = ?", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return fi__sqlite_error(store->db, src, "delete a history entry");
	if (sqlite3_changes(store->db) == 0)
		return fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no history entry %lld", (long long)id);
	return FI_OK;
}

int fi_sql_history_clear(fi_store *store)
{
	int rc = fi__store_writable(store);
	return rc ? rc : fi__exec(store->db, "DELETE FROM query_history", "clear the query history");
}
