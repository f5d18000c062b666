/* Saved queries of the SQL explorer: named, described, checked when saved, kept in the store. */
#include <stdlib.h>
#include <string.h>

#include "sql_internal.h"

#define NAME_MAX_BYTES 200

struct fi_sql_saved_list {
	fi_sql_saved *items;
	size_t n;
};

static int check_name(const char *name)
{
	if (!name || !*name)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a saved query needs a name");
	size_t n = strlen(name);
	if (n > NAME_MAX_BYTES)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "a saved query's name is at most %d bytes (this one has %zu)",
				 NAME_MAX_BYTES, n);
	if (fi__utf8_valid_prefix((const unsigned char *)name, n) != n)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a saved query's name must be UTF-8 text");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7F)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "a saved query's name must not hold control characters");
	return FI_OK;
}

int fi_sql_saved_put(fi_store *store, const char *name, const char *sql, const char *description,
		     unsigned int flags)
{
	int rc = fi__store_writable(store);
	if (rc || (rc = check_name(name)))
		return rc;
	if (!sql)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the SQL text is NULL");
	if ((rc = fi_sql_check(store, sql)))
		return rc;
	char now[32];
	fi__now_iso(now);
	sqlite3_stmt *st;
	rc = fi__prepare(store->db, (flags & FI_SQL_SAVE_REPLACE)
			 ? "INSERT INTO saved_queries(name, sql, description, created_at, updated_at)"
			   " VALUES (?1, ?2, ?3, ?4, ?4) ON CONFLICT(name) DO UPDATE SET sql = ?2,"
			   " description = ?3, updated_at = ?4"
			 : "INSERT INTO saved_queries(name, sql, description, created_at, updated_at)"
			   " VALUES (?1, ?2, ?3, ?4, ?4)", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sql, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, description ? description : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src == SQLITE_DONE)
		rc = FI_OK;
	else if (src == SQLITE_CONSTRAINT_PRIMARYKEY)
		rc = fi__error(FI_EEXISTS, FI_ERRCAT_ARG, "a query called '%s' is already saved", name);
	else
		rc = fi__sqlite_error(store->db, src, "save the query");
	sqlite3_finalize(st);
	return rc;
}

void fi_sql_saved_list_free(fi_sql_saved_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->n; i++) {
		fi_sql_saved *q = &list->items[i];
		FI__FREE_ALL((char *)q->name, (char *)q->sql, (char *)q->description,
			     (char *)q->created_at, (char *)q->updated_at);
	}
	free(list->items);
	free(list);
}

static int load(fi_store *store, const char *sql, const char *arg, fi_sql_saved_list **out)
{
	*out = NULL;
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, sql, &st);
	if (rc)
		return rc;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	fi_sql_saved_list *list = calloc(1, sizeof *list);
	size_t cap = 0;
	bool oom = !list;
	int src = SQLITE_DONE;
	while (!oom && (src = sqlite3_step(st)) == SQLITE_ROW) {
		fi_sql_saved *items = fi__grow(list->items, list->n, &cap, sizeof *items, 8);
		if (!items) {
			oom = true;
			break;
		}
		list->items = items;
		fi_sql_saved *q = &list->items[list->n++];
		const char **fields[] = { &q->name, &q->sql, &q->description, &q->created_at, &q->updated_at };
		for (int c = 0; c < 5; c++) {
			const char *s = (const char *)sqlite3_column_text(st, c);
			*fields[c] = fi__strdup(s ? s : "");
			oom = oom || !*fields[c];
		}
	}
	if (oom)
		rc = fi__error_oom();
	else if (src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "read the saved queries");
	sqlite3_finalize(st);
	if (rc) {
		fi_sql_saved_list_free(list);
		return rc;
	}
	*out = list;
	return FI_OK;
}

#define SAVED_COLUMNS "SELECT name, sql, description, created_at, updated_at FROM saved_queries"

int fi_sql_saved_find(fi_store *store, const char *search, fi_sql_saved_list **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	return load(store,
		    SAVED_COLUMNS " WHERE ?1 IS NULL OR instr(lower(name), lower(?1)) > 0"
		    " OR instr(lower(sql), lower(?1)) > 0 OR instr(lower(description), lower(?1)) > 0"
		    " ORDER BY name", search && *search ? search : NULL, out);
}

int fi_sql_saved_get(fi_store *store, const char *name, fi_sql_saved_list **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	if (!name)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "name is NULL");
	int rc = load(store, SAVED_COLUMNS " WHERE name = ?1", name, out);
	if (rc == FI_OK && (*out)->n == 0) {
		fi_sql_saved_list_free(*out);
		*out = NULL;
		return fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no saved query called '%s'", name);
	}
	return rc;
}

size_t fi_sql_saved_list_count(const fi_sql_saved_list *list)
{
	return list ? list->n : 0;
}

const fi_sql_saved *fi_sql_saved_list_at(const fi_sql_saved_list *list, size_t i)
{
	return list && i < list->n ? &list->items[i] : NULL;
}

static void json_field(fi__buf *b, const char *key, const char *value, bool first)
{
	fi__buf_puts(b, first ? "{\"" : ",\"");
	fi__buf_puts(b, key);
	fi__buf_puts(b, "\":");
	fi__buf_json_string(b, value, strlen(value));
}

int fi_sql_saved_list_to_json(const fi_sql_saved_list *list, char **json)
{
	if (!list || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "list or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '[');
	for (size_t i = 0; i < list->n; i++) {
		const fi_sql_saved *q = &list->items[i];
		fi__buf_puts(&b, i ? ",\n" : "\n");
		json_field(&b, "name", q->name, true);
		json_field(&b, "sql", q->sql, false);
		json_field(&b, "description", q->description, false);
		json_field(&b, "created_at", q->created_at, false);
		json_field(&b, "updated_at", q->updated_at, false);
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, list->n ? "\n]" : "]");
	return fi__buf_finish(&b, json);
}

int fi_sql_saved_delete(fi_store *store, const char *name)
{
	int rc = fi__store_writable(store);
	if (rc)
		return rc;
	if (!name)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "name is NULL");
	sqlite3_stmt *st;
	if ((rc = fi__prepare(store->db, "DELETE FROM saved_queries WHERE name = ?", &st)))
		return rc;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return fi__sqlite_error(store->db, src, "delete a saved query");
	if (sqlite3_changes(store->db) == 0)
		return fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no saved query called '%s'", name);
	return FI_OK;
}

int fi_sql_saved_run(fi_store *store, const char *name, const fi_sql_params *params,
		     fi_sql_result **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	fi_sql_saved_list *list;
	int rc = fi_sql_saved_get(store, name, &list);
	if (rc)
		return rc;
	rc = fi_sql_run(store, list->items[0].sql, params, out);
	fi_sql_saved_list_free(list);
	return rc;
}
