/* Adding and removing eras (SPEC §6): each changes the era defaults of the workouts after it, so
 * the store is relabelled in the same transaction. */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "store/era_table.h"
#include "store/store_internal.h"

#define NAME_MAX_BYTES 200

/* The store's label before every era: the stored "before" label of the first era, or the
 * default when there is none. */
static int base_label(sqlite3 *db, int *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT label_before FROM eras ORDER BY start_date, id LIMIT 1", &st);
	if (rc)
		return rc;
	int src = sqlite3_step(st);
	*out = src == SQLITE_ROW ? fi__era_stored_label(st, 0, FI__ERA_DEFAULT_BEFORE) : FI__ERA_DEFAULT_BEFORE;
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
		int after = fi__era_stored_label(sel, 1, FI__ERA_DEFAULT_AFTER);
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
		label_after = FI__ERA_DEFAULT_AFTER;
	if (label_after < 0 || label_after >= FI_LABEL_COUNT)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown label %d for the era", label_after);
	if ((rc = fi__write_begin(store, "add an era")))
		return rc;
	int64_t new_id = 0;
	rc = insert_era(store->db, iso, name, label_after, &new_id);
	if (rc == FI_OK)   /* workouts decided by era defaults follow the new eras at once */
		rc = fi__reclassify(store);
	if ((rc = fi__write_end(store, rc, "commit the era")))
		return rc;
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
	int rc = fi__write_begin(store, "remove an era");
	if (rc)
		return rc;
	rc = delete_era(store->db, id);
	if (rc == FI_OK)
		rc = fi__reclassify(store);
	return fi__write_end(store, rc, "commit the era removal");
}
