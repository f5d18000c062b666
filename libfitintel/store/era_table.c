/* Eras (SPEC §6), the read side: the era table the analyses and the classifier look days up in,
 * and the public list. Adding and removing eras relabels workouts: classify/era_edit.c. */
#include <stdlib.h>
#include <string.h>

#include "era_table.h"
#include "store_internal.h"


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
	FI__FREE_ALL(t->ids, t->days, t->label_before, t->label_after, t->names, t->created_at);
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
int8_t fi__era_stored_label(sqlite3_stmt *st, int col, int fallback)
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
		out->label_after[i] = fi__era_stored_label(st, 4, FI__ERA_DEFAULT_AFTER);
		/* the chain: each era's "before" is its predecessor's "after" */
		out->label_before[i] = i ? out->label_after[i - 1] : fi__era_stored_label(st, 3, FI__ERA_DEFAULT_BEFORE);
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
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '[');
	for (size_t i = 0; i < eras->table.n; i++) {
		const fi_era *e = &eras->items[i];
		fi__buf_printf(&b, "%s{\"id\":%lld,\"date\":\"%s\",\"name\":", i ? "," : "", (long long)e->id,
			      e->date);
		fi__buf_json_string(&b, e->name, strlen(e->name));
		fi__buf_printf(&b, ",\"label_before\":\"%s\",\"label_after\":\"%s\",\"created_at\":",
			      fi_label_name(e->label_before), fi_label_name(e->label_after));
		fi__buf_json_string(&b, e->created_at, strlen(e->created_at));
		fi__buf_putc(&b, '}');
	}
	fi__buf_putc(&b, ']');
	return fi__buf_finish(&b, json);
}
