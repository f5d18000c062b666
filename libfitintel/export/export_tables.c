/* Exports of the store's tables: workouts with their classification, corrections, eras, the
 * imports log, and models with their feature scaling and clusters. */
#include <stdlib.h>
#include <string.h>

#include "util/cell_write.h"
#include "export_internal.h"

/* The column names of @st as JSON strings followed by ':', ready to start each member. */
static char **json_keys(sqlite3_stmt *st, int n)
{
	char **keys = calloc((size_t)n + 1, sizeof *keys);
	for (int c = 0; keys && c < n; c++) {
		const char *name = sqlite3_column_name(st, c);
		fi__buf b = FI__BUF_INIT;
		fi__buf_json_string(&b, name ? name : "", name ? strlen(name) : 0);
		fi__buf_putc(&b, ':');
		if (!(keys[c] = fi__buf_detach(&b))) {
			for (int k = 0; k < c; k++)
				free(keys[k]);
			free(keys);
			return NULL;
		}
	}
	return keys;
}

static void free_keys(char **keys, int n)
{
	for (int c = 0; keys && c < n; c++)
		free(keys[c]);
	free(keys);
}

/* Columns [from, n) of the current row as the members of a JSON object (no braces). */
static void json_members(fi__buf *b, sqlite3_stmt *st, char **keys, int from, int n)
{
	for (int c = from; c < n; c++) {
		if (c > from)
			fi__buf_putc(b, ',');
		fi__buf_puts(b, keys[c]);
		fi__json_column(b, st, c, FI__JSON_RESULT);
	}
}

static void csv_header(fi__buf *b, sqlite3_stmt *st, int from, int n)
{
	for (int c = from; c < n; c++) {
		const char *name = sqlite3_column_name(st, c);
		if (c > from)
			fi__buf_putc(b, ',');
		fi__csv_text(b, name ? name : "", name ? strlen(name) : 0);
	}
}

static void csv_cells(fi__buf *b, sqlite3_stmt *st, int from, int n)
{
	for (int c = from; c < n; c++) {
		if (c > from)
			fi__buf_putc(b, ',');
		fi__csv_column(b, st, c);
	}
}

int fi__export_rows(fi__sink *s, sqlite3 *db, sqlite3_stmt *st, int format, const char *what)
{
	int n = sqlite3_column_count(st);
	char **keys = NULL;
	if (format == FI_EXPORT_JSON) {
		if (!(keys = json_keys(st, n)))
			return fi__error_oom();
		fi__buf_putc(&s->b, '[');
	} else {
		csv_header(&s->b, st, 0, n);
		fi__buf_puts(&s->b, "\r\n");
	}
	int rc = FI_OK, src;
	size_t rows = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (format == FI_EXPORT_JSON) {
			fi__buf_puts(&s->b, rows ? ",\n{" : "\n{");
			json_members(&s->b, st, keys, 0, n);
			fi__buf_putc(&s->b, '}');
		} else {
			size_t start = s->b.len;
			csv_cells(&s->b, st, 0, n);
			if (s->b.len == start)
				fi__buf_puts(&s->b, "\"\"");   /* never a blank line */
			fi__buf_puts(&s->b, "\r\n");
		}
		rows++;
		if ((rc = fi__sink_flush(s, FI__SINK_CHUNK)))
			break;
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, what);
	if (format == FI_EXPORT_JSON)
		fi__buf_puts(&s->b, rows ? "\n]\n" : "]\n");
	free_keys(keys, n);
	return rc;
}

#define WORKOUT_COLUMNS                                                                            \
	"SELECT workouts.id, workout_date, date_submitted, activity_type, calories, distance_mi,"  \
	" duration_s, avg_pace, max_pace, avg_speed, max_speed, avg_heart_rate, steps, notes,"      \
	" source, link, import_id, label, method, confidence, model_id, cluster"                    \
	" FROM workouts"

int fi__export_workouts(fi_store *store, const fi_workout_filter *filter, int format, fi__sink *s)
{
	fi__filter f;
	int rc = fi__filter_check(filter, &f);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	rc = fi__prepare(store->db, f.f.newest_first
			 ? WORKOUT_COLUMNS FI__FILTER_WHERE " ORDER BY workout_date DESC, workouts.id DESC"
			 : WORKOUT_COLUMNS FI__FILTER_WHERE " ORDER BY workout_date, workouts.id", &st);
	if (rc)
		return rc;
	fi__filter_bind(st, &f);
	rc = fi__export_rows(s, store->db, st, format, "export the workouts");
	sqlite3_finalize(st);
	return rc;
}

int fi__export_table(fi_store *store, int kind, int format, fi__sink *s)
{
	const char *sql =
		kind == FI_EXPORT_CORRECTIONS
		? "SELECT id, workout_id, old_label, new_label, note, created_at FROM corrections ORDER BY id"
		: kind == FI_EXPORT_ERAS
		? "SELECT id, start_date, name, label_before, label_after, created_at FROM eras"
		  " ORDER BY start_date"
		: "SELECT id, path, size, sha256, started_at, finished_at, policy, status, rows_read,"
		  " rows_added, rows_duplicate, rows_rejected, same_as, message, quality FROM imports"
		  " ORDER BY id";
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, sql, &st);
	if (rc)
		return rc;
	rc = fi__export_rows(s, store->db, st, format, "export a table");
	sqlite3_finalize(st);
	return rc;
}

int fi__export_imports_json(fi_store *store, fi__sink *s)
{
	fi_import_list *list = NULL;
	int rc = fi_store_imports(store, &list);
	if (rc)
		return rc;
	size_t n = fi_import_list_count(list);
	fi__buf_putc(&s->b, '[');
	for (size_t i = n; i-- > 0 && rc == FI_OK;) {   /* the list is newest first */
		char *json = NULL;
		if ((rc = fi_import_report_to_json(fi_import_list_at(list, i), &json)))
			break;
		fi__buf_puts(&s->b, i + 1 < n ? ",\n" : "\n");
		fi__buf_puts(&s->b, json);
		fi_free(json);
		rc = fi__sink_flush(s, FI__SINK_CHUNK);
	}
	fi__buf_puts(&s->b, n ? "\n]\n" : "]\n");
	fi_import_list_free(list);
	return rc;
}

/* The rows of @sql for model @id (its first column, model_id, left out) as a JSON array. */
static int model_part(sqlite3 *db, const char *sql, int64_t id, fi__buf *out)
{
	sqlite3_stmt *st;
	int rc = fi__prepare(db, sql, &st);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	int n = sqlite3_column_count(st);
	char **keys = json_keys(st, n);
	if (!keys) {
		sqlite3_finalize(st);
		return fi__error_oom();
	}
	fi__buf_putc(out, '[');
	int src, rows = 0;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		fi__buf_puts(out, rows++ ? ",{" : "{");
		json_members(out, st, keys, 1, n);
		fi__buf_putc(out, '}');
	}
	fi__buf_putc(out, ']');
	if (src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "export a model");
	free_keys(keys, n);
	sqlite3_finalize(st);
	return rc;
}

int fi__export_models(fi_store *store, int format, fi__sink *s)
{
	static const char *const parts[2][2] = {
		{ "feature_scaling", "SELECT model_id, idx, name, mean, scale, weight FROM model_features"
				     " WHERE model_id = ? ORDER BY idx" },
		{ "clusters", "SELECT * FROM model_clusters WHERE model_id = ? ORDER BY cluster" },
	};
	sqlite3_stmt *st;
	int rc = fi__prepare(store->db, "SELECT * FROM models ORDER BY id", &st);
	if (rc)
		return rc;
	int n = sqlite3_column_count(st);
	char **keys = json_keys(st, n);
	if (!keys) {
		sqlite3_finalize(st);
		return fi__error_oom();
	}
	if (format == FI_EXPORT_JSON) {
		fi__buf_putc(&s->b, '[');
	} else {
		csv_header(&s->b, st, 0, n);
		fi__buf_printf(&s->b, ",%s,%s\r\n", parts[0][0], parts[1][0]);
	}
	fi__buf part = FI__BUF_INIT;
	int src = SQLITE_DONE, rows = 0;
	while (rc == FI_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (format == FI_EXPORT_JSON) {
			fi__buf_puts(&s->b, rows ? ",\n{" : "\n{");
			json_members(&s->b, st, keys, 0, n);
		} else {
			csv_cells(&s->b, st, 0, n);
		}
		for (int k = 0; k < 2 && rc == FI_OK; k++) {
			fi__buf_clear(&part);
			if ((rc = model_part(store->db, parts[k][1], id, &part)))
				break;
			if (format == FI_EXPORT_JSON) {
				fi__buf_printf(&s->b, ",\"%s\":", parts[k][0]);
				fi__buf_append(&s->b, part.data, part.len);
			} else {
				fi__buf_putc(&s->b, ',');
				fi__csv_text(&s->b, part.data, part.len);
			}
		}
		fi__buf_puts(&s->b, format == FI_EXPORT_JSON ? "}" : "\r\n");
		rows++;
		if (rc == FI_OK)
			rc = fi__sink_flush(s, FI__SINK_CHUNK);
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "export the models");
	if (format == FI_EXPORT_JSON)
		fi__buf_puts(&s->b, rows ? "\n]\n" : "]\n");
	fi__buf_free(&part);
	free_keys(keys, n);
	sqlite3_finalize(st);
	return rc;
}
