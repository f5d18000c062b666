/* User corrections: set, remove, history (SPEC §2.5). */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

/* The label workout @id carries now (its classification), or unknown. */
static int current_label(sqlite3 *db, int64_t id, int *out, bool *exists, bool *corrected)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT label,"
				 " (SELECT new_label FROM corrections WHERE workout_id = w.id ORDER BY id DESC LIMIT 1)"
				 " FROM workouts w WHERE id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	*exists = src == SQLITE_ROW;
	*out = *exists ? fi__label_from_text(fi__column_text(st, 0)) : FI_LABEL_UNKNOWN;
	*corrected = *exists && sqlite3_column_type(st, 1) != SQLITE_NULL;
	rc = src == SQLITE_ROW || src == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, src, "read the workout");
	sqlite3_finalize(st);
	if (rc == FI_OK && !*exists)
		rc = fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no workout %lld in the store", (long long)id);
	return rc;
}

static int record(sqlite3 *db, int64_t id, int old_label, int new_label, const char *note)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "INSERT INTO corrections(workout_id, old_label, new_label, note, created_at)"
				 " VALUES (?, ?, ?, ?, ?)", &st);
	if (rc)
		return rc;
	char now[32];
	fi__now_iso(now);
	sqlite3_bind_int64(st, 1, id);
	if (old_label)
		sqlite3_bind_text(st, 2, fi_label_name(old_label), -1, SQLITE_STATIC);
	if (new_label)
		sqlite3_bind_text(st, 3, fi_label_name(new_label), -1, SQLITE_STATIC);
	if (note && *note)
		sqlite3_bind_text(st, 4, note, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	int src = sqlite3_step(st);
	rc = src == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, src, "record the correction");
	sqlite3_finalize(st);
	return rc;
}

/* Record a change and reclassify the workout, atomically. */
static int change(fi_store *store, int64_t id, int label, const char *note, bool removing)
{
	int rc = fi__write_begin(store, "correct a label");
	if (rc)
		return rc;
	int old;
	bool exists, corrected;
	rc = current_label(store->db, id, &old, &exists, &corrected);
	if (rc == FI_OK && removing && !corrected)
		rc = fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "workout %lld has no correction to remove", (long long)id);
	if (rc == FI_OK)
		rc = record(store->db, id, old, removing ? FI_LABEL_UNKNOWN : label, note);
	if (rc == FI_OK)
		rc = fi__classify_one(store, id);
	return fi__write_end(store, rc, "commit the correction");
}

int fi_correction_set(fi_store *store, int64_t id, int label, const char *note)
{
	if (label <= FI_LABEL_UNKNOWN || label >= FI_LABEL_COUNT)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "label %d cannot be set (use real_run, pup_walk, mixed or outlier)", label);
	return change(store, id, label, note, false);
}

int fi_correction_remove(fi_store *store, int64_t id)
{
	return change(store, id, FI_LABEL_UNKNOWN, NULL, true);
}

struct fi_correction_list {
	size_t n;
	fi_correction *items;
	char **strings;   /* notes and times, owned */
	size_t nstrings;
};

void fi_correction_list_free(fi_correction_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nstrings; i++)
		free(l->strings[i]);
	FI__FREE_ALL(l->strings, l->items, l);
}

size_t fi_correction_list_count(const fi_correction_list *l)
{
	return l ? l->n : 0;
}

const fi_correction *fi_correction_list_at(const fi_correction_list *l, size_t i)
{
	return l && i < l->n ? &l->items[i] : NULL;
}

static const char *keep(fi_correction_list *l, const char *s, bool *ok)
{
	if (!s)
		return NULL;
	char *copy = fi__strdup(s);
	if (!copy) {
		*ok = false;
		return NULL;
	}
	l->strings[l->nstrings++] = copy;
	return copy;
}

int fi_correction_history(fi_store *store, int64_t workout_id, fi_correction_list **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "SELECT id, workout_id, old_label, new_label, note, created_at"
					" FROM corrections WHERE ?1 = 0 OR workout_id = ?1 ORDER BY id DESC", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, workout_id);
	fi_correction_list *l = calloc(1, sizeof *l);
	size_t cap = 0;
	bool ok = l != NULL;
	int src = SQLITE_DONE;
	while (ok && (src = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == cap) {
			cap = cap ? 2 * cap : 16;
			fi_correction *items = realloc(l->items, cap * sizeof *items);
			char **strings = items ? realloc(l->strings, 2 * cap * sizeof *strings) : NULL;
			if (items)
				l->items = items;
			if (strings)
				l->strings = strings;
			if (!items || !strings) {
				ok = false;
				break;
			}
		}
		fi_correction *c = &l->items[l->n++];
		c->id = sqlite3_column_int64(st, 0);
		c->workout_id = sqlite3_column_int64(st, 1);
		c->old_label = fi__label_from_text(fi__column_text(st, 2));
		c->new_label = fi__label_from_text(fi__column_text(st, 3));
		c->note = keep(l, fi__column_text(st, 4), &ok);
		c->created_at = keep(l, fi__column_text(st, 5), &ok);
	}
	sqlite3_finalize(st);
	if (!ok) {
		fi_correction_list_free(l);
		return fi__error_oom();
	}
	if (src != SQLITE_DONE) {
		fi_correction_list_free(l);
		return fi__sqlite_error(store->db, src, "read corrections");
	}
	*out = l;
	return FI_OK;
}

static void label_json(fi__buf *b, int label)
{
	if (label)
		fi__buf_printf(b, "\"%s\"", fi_label_name(label));
	else
		fi__buf_puts(b, "null");
}

int fi_correction_list_to_json(const fi_correction_list *l, char **json)
{
	if (!l || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "list or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '[');
	for (size_t i = 0; i < l->n; i++) {
		const fi_correction *c = &l->items[i];
		fi__buf_printf(&b, "%s{\"id\":%lld,\"workout_id\":%lld,\"old_label\":", i ? "," : "",
			      (long long)c->id, (long long)c->workout_id);
		label_json(&b, c->old_label);
		fi__buf_puts(&b, ",\"new_label\":");
		label_json(&b, c->new_label);
		fi__buf_puts(&b, ",\"note\":");
		if (c->note)
			fi__buf_json_string(&b, c->note, strlen(c->note));
		else
			fi__buf_puts(&b, "null");
		fi__buf_puts(&b, ",\"created_at\":");
		fi__buf_json_string(&b, c->created_at, strlen(c->created_at));
		fi__buf_putc(&b, '}');
	}
	fi__buf_putc(&b, ']');
	return fi__buf_finish(&b, json);
}
