/* Eras (SPEC §6): adding, removing and listing them, and the era table the analyses and the
 * classifier look days up in. */
#include <stdlib.h>
#include <string.h>

#include "era_table.h"
#include "classify/model_internal.h"
#include "store_internal.h"

#define NAME_MAX_BYTES 200
#define DEFAULT_BEFORE FI_LABEL_REAL_RUN
#define DEFAULT_AFTER FI_LABEL_PUP_WALK

struct fi_eras {
	fi__era_table table;
	fi_era *items;
};

/* ---- the table ---- */

void fi__era_table_free(fi__era_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		if (t->names)
			free(t->names[i]);
		if (t->created_at)
			free(t->created_at[i]);
	}
	free(t->ids);
	free(t->days);
	free(t->label_before);
	free(t->label_after);
	free(t->names);
	free(t->created_at);
	memset(t, 0, sizeof *t);
}

static bool table_grow(fi__era_table *t, size_t cap)
{
	int64_t *ids = realloc(t->ids, cap * sizeof *ids);
	if (ids)
		t->ids = ids;
	int32_t *days = realloc(t->days, cap * sizeof *days);
	if (days)
		t->days = days;
	int8_t *before = realloc(t->label_before, cap);
	if (before)
		t->label_before = before;
	int8_t *after = realloc(t->label_after, cap);
	if (after)
		t->label_after = after;
	char **names = realloc(t->names, cap * sizeof *names);
	if (names)
		t->names = names;
	char **created = realloc(t->created_at, cap * sizeof *created);
	if (created)
		t->created_at = created;
	return ids && days && before && after && names && created;
}

/* A stored label name, or @fallback when missing or unknown. */
static int8_t stored_label(sqlite3_stmt *st, int col, int fallback)
{
	int label = fi__label_from_text(fi__column_text(st, col));
	return (int8_t)(label != FI_LABEL_UNKNOWN ? label : fallback);
}

int fi__era_table_load(fi_store *store, fi__era_table *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "SELECT id, start_date, name, label_before, label_after, created_at"
					" FROM eras ORDER BY start_date, id", &st);
	if (rc)
		return rc;
	size_t cap = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t day;
		if (!fi__iso_to_days(fi__column_text(st, 1), &day))
			continue;
		if (out->n == cap && !table_grow(out, cap = cap ? 2 * cap : 4)) {
			rc = fi__error_oom();
			break;
		}
		size_t i = out->n;
		const char *name = fi__column_text(st, 2), *created = fi__column_text(st, 5);
		out->names[i] = fi__strdup(name ? name : "");
		out->created_at[i] = fi__strdup(created ? created : "");
		out->n++;   /* counted now so that free() releases the strings */
		if (!out->names[i] || !out->created_at[i]) {
			rc = fi__error_oom();
			break;
		}
		out->ids[i] = sqlite3_column_int64(st, 0);
		out->days[i] = day;
		out->label_after[i] = stored_label(st, 4, DEFAULT_AFTER);
		/* the chain: each era's "before" is its predecessor's "after" */
		out->label_before[i] = i ? out->label_after[i - 1] : stored_label(st, 3, DEFAULT_BEFORE);
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "read the eras");
	sqlite3_finalize(st);
	if (rc)
		fi__era_table_free(out);
	return rc;
}

size_t fi__era_period_of(const fi__era_table *t, int32_t day)
{
	return fi__days_lower_bound(t->days, t->n, day + 1);   /* the first era starting after @day */
}

int fi__era_default_label(const fi__era_table *t, int32_t day, bool *has_era)
{
	if (has_era)
		*has_era = t && t->n > 0;
	if (!t || t->n == 0)
		return FI_LABEL_UNKNOWN;
	size_t p = fi__era_period_of(t, day);
	return p == 0 ? t->label_before[0] : t->label_after[p - 1];
}

void fi__era_at(const fi__era_table *t, size_t i, fi_era *out)
{
	out->id = t->ids[i];
	fi__days_to_iso(t->days[i], out->date);
	out->name = t->names[i];
	out->label_before = t->label_before[i];
	out->label_after = t->label_after[i];
	out->created_at = t->created_at[i];
}

/* ---- changing eras ---- */

/* The store's label before every era: the stored "before" label of the first era, or the
 * default when there is none. */
static int base_label(sqlite3 *db, int *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT label_before FROM eras ORDER BY start_date, id LIMIT 1", &st);
	if (rc)
		return rc;
	int src = sqlite3_step(st);
	*out = src == SQLITE_ROW ? stored_label(st, 0, DEFAULT_BEFORE) : DEFAULT_BEFORE;
	rc = src == SQLITE_ROW || src == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, src, "read the eras");
	sqlite3_finalize(st);
	return rc;
}

/* Rewrite label_before of every era so the stored table agrees with the chain: @base for the
 * first, the predecessor's label_after for the others. */
static int relink(sqlite3 *db, int base)
{
	sqlite3_stmt *sel, *upd;
	int rc = fi__prepare(db, "SELECT id, label_after FROM eras ORDER BY start_date, id", &sel);
	if (rc)
		return rc;
	if ((rc = fi__prepare(db, "UPDATE eras SET label_before = ? WHERE id = ?", &upd))) {
		sqlite3_finalize(sel);
		return rc;
	}
	int before = base, src;
	while (rc == FI_OK && (src = sqlite3_step(sel)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(sel, 0);
		int after = stored_label(sel, 1, DEFAULT_AFTER);
		sqlite3_bind_text(upd, 1, fi_label_name(before), -1, SQLITE_STATIC);
		sqlite3_bind_int64(upd, 2, id);
		int urc = sqlite3_step(upd);
		sqlite3_reset(upd);
		if (urc != SQLITE_DONE)
			rc = fi__sqlite_error(db, urc, "update the eras");
		before = after;
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "read the eras");
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}

/* The era that starts on @iso: its id (0 when none) and name (copied, may be NULL). */
static int era_on(sqlite3 *db, const char *iso, int64_t *id, char **name)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT id, name FROM eras WHERE start_date = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, iso, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	*id = 0;
	*name = NULL;
	if (src == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		const char *n = fi__column_text(st, 1);
		*name = fi__strdup(n ? n : "");
	}
	rc = src == SQLITE_ROW || src == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, src, "read the eras");
	sqlite3_finalize(st);
	return rc;
}

static int check_name(const char *name)
{
	if (!name)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "an era needs a name");
	size_t n = strlen(name);
	bool blank = true;
	for (size_t i = 0; i < n && blank; i++)
		blank = name[i] == ' ' || name[i] == '\t' || name[i] == '\n' || name[i] == '\r';
	if (blank)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "an era needs a name (it is empty)");
	if (n > NAME_MAX_BYTES)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "an era's name is at most %d bytes (this one has %zu)",
				 NAME_MAX_BYTES, n);
	if (fi__utf8_valid_prefix((const unsigned char *)name, n) != n)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "an era's name must be UTF-8 text");
	return FI_OK;
}

static int insert_era(sqlite3 *db, const char *iso, const char *name, int label_after, int64_t *id)
{
	int64_t existing;
	char *existing_name;
	int rc = era_on(db, iso, &existing, &existing_name);
	if (rc)
		return rc;
	if (existing) {
		rc = fi__error(FI_EEXISTS, FI_ERRCAT_ARG, "era %lld ('%s') already starts on %s",
			       (long long)existing, existing_name ? existing_name : "", iso);
		free(existing_name);
		return rc;
	}
	int base;
	if ((rc = base_label(db, &base)))
		return rc;
	sqlite3_stmt *st;
	if ((rc = fi__prepare(db, "INSERT INTO eras(start_date, name, label_before, label_after, created_at)"
				  " VALUES (?, ?, 'real_run', ?, ?)", &st)))
		return rc;
	char now[32];
	fi__now_iso(now);
	sqlite3_bind_text(st, 1, iso, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, fi_label_name(label_after), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(st);
	if (src == SQLITE_DONE)
		*id = sqlite3_last_insert_rowid(db);
	else if ((src & 0xff) == SQLITE_CONSTRAINT)
		rc = fi__error(FI_EEXISTS, FI_ERRCAT_ARG, "an era already starts on %s", iso);
	else
		rc = fi__sqlite_error(db, src, "add the era");
	sqlite3_finalize(st);
	return rc ? rc : relink(db, base);
}

int fi_era_add(fi_store *store, const char *date, const char *name, int label_after, int64_t *id)
{
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	char iso[11];
	if (!date || fi_date_parse(date, strlen(date), iso) != FI_OK)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the era date '%s' is not a date",
				 date ? date : "(null)");
	int rc = check_name(name);
	if (rc)
		return rc;
	if (label_after == FI_LABEL_UNKNOWN)
		label_after = DEFAULT_AFTER;
	if (label_after < 0 || label_after >= FI_LABEL_COUNT)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown label %d for the era", label_after);
	if (store->readonly)
		return fi__error(FI_EREADONLY, FI_ERRCAT_STORE, "the store %s is open read-only", store->path);
	if ((rc = fi__exec(store->db, "BEGIN IMMEDIATE", "add an era")))
		return rc;
	int64_t new_id = 0;
	rc = insert_era(store->db, iso, name, label_after, &new_id);
	if (rc == FI_OK)   /* workouts decided by era defaults follow the new eras at once */
		rc = fi__reclassify(store);
	if (rc == FI_OK)
		rc = fi__exec(store->db, "COMMIT", "commit the era");
	if (rc) {
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	if (id)
		*id = new_id;
	return FI_OK;
}

static int delete_era(sqlite3 *db, int64_t id)
{
	int base;
	int rc = base_label(db, &base);   /* read first: the first era may be the one removed */
	if (rc)
		return rc;
	sqlite3_stmt *st;
	if ((rc = fi__prepare(db, "DELETE FROM eras WHERE id = ?", &st)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "remove the era");
	else if (sqlite3_changes(db) == 0)
		rc = fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no era %lld in the store (see `fitintel era list`)",
			       (long long)id);
	sqlite3_finalize(st);
	return rc ? rc : relink(db, base);
}

int fi_era_remove(fi_store *store, int64_t id)
{
	if (!store)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store is NULL");
	if (store->readonly)
		return fi__error(FI_EREADONLY, FI_ERRCAT_STORE, "the store %s is open read-only", store->path);
	int rc = fi__exec(store->db, "BEGIN IMMEDIATE", "remove an era");
	if (rc)
		return rc;
	rc = delete_era(store->db, id);
	if (rc == FI_OK)
		rc = fi__reclassify(store);
	if (rc == FI_OK)
		rc = fi__exec(store->db, "COMMIT", "commit the era removal");
	if (rc)
		sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- the public list ---- */

int fi_era_list(fi_store *store, fi_eras **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi_eras *e = calloc(1, sizeof *e);
	if (!e)
		return fi__error_oom();
	int rc = fi__era_table_load(store, &e->table);
	if (rc == FI_OK && !(e->items = calloc(e->table.n ? e->table.n : 1, sizeof *e->items)))
		rc = fi__error_oom();
	if (rc) {
		fi_eras_free(e);
		return rc;
	}
	for (size_t i = 0; i < e->table.n; i++)
		fi__era_at(&e->table, i, &e->items[i]);
	*out = e;
	return FI_OK;
}

size_t fi_eras_count(const fi_eras *eras)
{
	return eras ? eras->table.n : 0;
}

const fi_era *fi_eras_at(const fi_eras *eras, size_t i)
{
	return eras && i < eras->table.n ? &eras->items[i] : NULL;
}

void fi_eras_free(fi_eras *eras)
{
	if (!eras)
		return;
	fi__era_table_free(&eras->table);
	free(eras->items);
	free(eras);
}

int fi_eras_to_json(const fi_eras *eras, char **json)
{
	if (!eras || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "eras or json is NULL");
	fi_buf b = FI_BUF_INIT;
	fi_buf_putc(&b, '[');
	for (size_t i = 0; i < eras->table.n; i++) {
		const fi_era *e = &eras->items[i];
		fi_buf_printf(&b, "%s{\"id\":%lld,\"date\":\"%s\",\"name\":", i ? "," : "", (long long)e->id,
			      e->date);
		fi_buf_json_string(&b, e->name, strlen(e->name));
		fi_buf_printf(&b, ",\"label_before\":\"%s\",\"label_after\":\"%s\",\"created_at\":",
			      fi_label_name(e->label_before), fi_label_name(e->label_after));
		fi_buf_json_string(&b, e->created_at, strlen(e->created_at));
		fi_buf_putc(&b, '}');
	}
	fi_buf_putc(&b, ']');
	if (!(*json = fi_buf_detach(&b)))
		return fi__error_oom();
	return FI_OK;
}
