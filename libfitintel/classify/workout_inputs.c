/* The columns classification needs, with each workout's current user correction: from the
 * store's whole frame when it is at hand, else loaded straight from SQLite (narrower and faster
 * than reading a frame from the rows). */
#include <stdlib.h>
#include <string.h>

#include "frame/frame_internal.h"
#include "model_internal.h"

void fi__inputs_free(fi__inputs *in)
{
	FI__FREE_ALL(in->ids, in->days, in->rows, in->corrected, in->frame_row);
	fi_frame_free(in->frame);
	memset(in, 0, sizeof *in);
}

static bool inputs_alloc(fi__inputs *in, size_t n)
{
	size_t cap = n ? n : 1;
	in->ids = malloc(cap * sizeof *in->ids);
	in->days = malloc(cap * sizeof *in->days);
	in->rows = malloc(cap * sizeof *in->rows);
	in->corrected = calloc(cap, 1);
	return in->ids && in->days && in->rows && in->corrected;
}

static bool not_on_foot(fi__type_cache *types, const char *list, sqlite3_stmt *st, int col)
{
	return fi__type_cache_not_on_foot(types, list, (const char *)sqlite3_column_text(st, col),
					  (size_t)sqlite3_column_bytes(st, col));
}

static int count_rows(sqlite3 *db, int64_t import_id, size_t *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, import_id ? "SELECT count(*) FROM workouts WHERE import_id = ?"
					   : "SELECT count(*) FROM workouts", &st);
	if (rc)
		return rc;
	if (import_id)
		sqlite3_bind_int64(st, 1, import_id);
	int src = sqlite3_step(st);
	*out = src == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	rc = src == SQLITE_ROW ? FI_OK : fi__sqlite_error(db, src, "count workouts");
	sqlite3_finalize(st);
	return rc;
}

/* The latest correction of each workout wins; a NULL new_label means it was removed. */
static int load_corrections(sqlite3 *db, fi__inputs *in)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db,
			     "SELECT workout_id, new_label FROM corrections c WHERE id ="
			     " (SELECT max(id) FROM corrections WHERE workout_id = c.workout_id)"
			     " AND new_label IS NOT NULL ORDER BY workout_id", &st);
	if (rc)
		return rc;
	int src;
	size_t i = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (i < in->n && in->ids[i] < id)   /* both in id order */
			i++;
		if (i < in->n && in->ids[i] == id)
			in->corrected[i] = (int8_t)fi__label_from_text(fi__column_text(st, 1));
	}
	rc = src == SQLITE_DONE ? FI_OK : fi__sqlite_error(db, src, "read corrections");
	sqlite3_finalize(st);
	return rc;
}

int fi__inputs_load(sqlite3 *db, int64_t import_id, const char *other_types, fi__inputs *out)
{
	memset(out, 0, sizeof *out);
	size_t n;
	int rc = count_rows(db, import_id, &n);
	if (rc)
		return rc;
	if (!inputs_alloc(out, n)) {
		fi__inputs_free(out);
		return fi__error_oom();
	}
	sqlite3_stmt *st;
	rc = fi__prepare(db, import_id
		? "SELECT id, workout_date, avg_pace, distance_mi, duration_s, steps, activity_type FROM workouts"
		  " WHERE import_id = ? ORDER BY id"
		: "SELECT id, workout_date, avg_pace, distance_mi, duration_s, steps, activity_type FROM workouts"
		  " ORDER BY id", &st);
	if (rc) {
		fi__inputs_free(out);
		return rc;
	}
	if (import_id)
		sqlite3_bind_int64(st, 1, import_id);
	int src;
	fi__type_cache types = { 0 };
	while (out->n < n && (src = sqlite3_step(st)) == SQLITE_ROW) {
		size_t i = out->n++;
		out->ids[i] = sqlite3_column_int64(st, 0);
		int32_t day = 0;
		fi__iso_to_days(fi__column_text(st, 1), &day);
		out->days[i] = day;
		out->rows[i] = (fi__workout_input){ fi__column_double(st, 2), fi__column_double(st, 3),
						    fi__column_double(st, 4), fi__column_double(st, 5),
						    not_on_foot(&types, other_types, st, 6) };
	}
	if (out->n < n)
		rc = fi__sqlite_error(db, src, "read workouts");
	fi__type_cache_free(&types);
	sqlite3_finalize(st);
	if (rc == FI_OK)
		rc = load_corrections(db, out);
	if (rc)
		fi__inputs_free(out);
	return rc;
}

int fi__input_load_one(sqlite3 *db, int64_t id, const char *other_types, int32_t *day,
		       fi__workout_input *w, int *corrected)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, "SELECT workout_date, avg_pace, distance_mi, duration_s, steps,"
				 " (SELECT new_label FROM corrections WHERE workout_id = w.id ORDER BY id DESC LIMIT 1),"
				 " activity_type FROM workouts w WHERE id = ?", &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*day = 0;
		fi__iso_to_days(fi__column_text(st, 0), day);
		fi__type_cache types = { 0 };
		*w = (fi__workout_input){ fi__column_double(st, 1), fi__column_double(st, 2),
					  fi__column_double(st, 3), fi__column_double(st, 4),
					  not_on_foot(&types, other_types, st, 6) };
		fi__type_cache_free(&types);
		*corrected = fi__label_from_text(fi__column_text(st, 5));
	} else if (src == SQLITE_DONE) {
		rc = fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG, "no workout %lld in the store", (long long)id);
	} else {
		rc = fi__sqlite_error(db, src, "read the workout");
	}
	sqlite3_finalize(st);
	return rc;
}

typedef struct id_row {
	int64_t id;
	size_t row;
} id_row;

static int compare_id_rows(const void *a, const void *b)
{
	int64_t x = ((const id_row *)a)->id, y = ((const id_row *)b)->id;
	return (x > y) - (x < y);
}

/* The frame's rows in id order (they are in date order; ids mostly grow with dates). */
static id_row *rows_by_id(const fi_frame *f)
{
	size_t n = f->rows;
	id_row *order = malloc((n ? n : 1) * sizeof *order);
	if (!order)
		return NULL;
	bool sorted = true;
	for (size_t i = 0; i < n; i++) {
		order[i] = (id_row){ f->ids[i], i };
		sorted = sorted && (i == 0 || f->ids[i - 1] < f->ids[i]);
	}
	if (!sorted)
		qsort(order, n, sizeof *order, compare_id_rows);
	return order;
}

static int inputs_from_frame(fi_store *store, fi_frame *f, const char *other_types, fi__inputs *out)
{
	size_t n = f->rows;
	id_row *order = rows_by_id(f);
	out->frame = f;
	out->frame_row = malloc((n ? n : 1) * sizeof *out->frame_row);
	if (!order || !out->frame_row || !inputs_alloc(out, n)) {
		free(order);
		return fi__error_oom();
	}
	const double *pace = f->columns[FI_COLUMN_AVG_PACE - 1], *distance = f->columns[FI_COLUMN_DISTANCE - 1],
		     *duration = f->columns[FI_COLUMN_DURATION - 1], *steps = f->columns[FI_COLUMN_STEPS - 1];
	fi__type_cache types = { 0 };
	for (size_t i = 0; i < n; i++) {
		size_t r = order[i].row;
		const char *type = fi_frame_text(f, FI_TEXT_ACTIVITY_TYPE, r);
		out->ids[i] = f->ids[r];
		out->days[i] = f->days[r];
		out->frame_row[i] = r;
		out->rows[i] = (fi__workout_input){ pace[r], distance[r], duration[r], steps[r],
			fi__type_cache_not_on_foot(&types, other_types, type, type ? strlen(type) : 0) };
	}
	out->n = n;
	fi__type_cache_free(&types);
	free(order);
	return load_corrections(store->db, out);
}

int fi__inputs_of_store(fi_store *store, const char *other_types, fi__inputs *out)
{
	memset(out, 0, sizeof *out);
	fi_frame *f;
	bool from_rows;
	if (fi__frame_whole_for_write(store, true, &f, &from_rows) != FI_OK) {
		fi_error_clear();   /* the transaction wrote workouts: read them from SQLite */
		return fi__inputs_load(store->db, 0, other_types, out);
	}
	out->frame_from_rows = from_rows;
	int rc = inputs_from_frame(store, f, other_types, out);
	if (rc)
		fi__inputs_free(out);
	return rc;
}
