/* Frames: the numeric columns of a store's workouts, column by column in memory. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frame_internal.h"
#include "store/store_internal.h"

static const char *const column_names[FI__FRAME_COLUMNS] = {
	"calories", "distance_mi", "duration_s", "avg_pace", "max_pace", "avg_speed", "max_speed",
	"avg_heart_rate", "steps", "cadence", "day", "confidence",
};

const char *fi_column_name(int column)
{
	return column >= 1 && column <= FI__FRAME_COLUMNS ? column_names[column - 1] : NULL;
}

void fi_frame_free(fi_frame *f)
{
	if (!f || atomic_fetch_sub(&f->refs, 1) > 0)   /* a view or selection still uses it */
		return;
	fi_frame *parent = f->parent;
	if (f->block) {
		fi__snapshot_unmap(f->block, f->block_len);
	} else if (!f->view) {
		FI__FREE_ALL(f->ids, f->days, f->labels, f->methods, f->confidence, f->model_ids,
			     f->clusters);
		for (int c = 0; c < FI__FRAME_STORED; c++)
			free(f->columns[c]);
		for (int c = 0; c < FI__FRAME_TEXTS; c++)
			free(f->text[c]);
	}
	fi__buf_free(&f->arena);
	free(f);
	fi_frame_free(parent);
}

/* @col resized to @cap items of @size bytes, or @col itself (freed with the frame) when that
 * fails now or failed before (@ok false). */
static void *resize(void *col, size_t cap, size_t size, bool *ok)
{
	void *grown = *ok ? realloc(col, cap * size) : NULL;
	*ok = grown != NULL;
	return grown ? grown : col;
}

/* Room for @cap rows (at least 1). */
static bool grow(fi_frame *f, size_t cap)
{
	if (cap == 0)
		cap = 1;
	bool ok = true;
	f->ids = resize(f->ids, cap, sizeof *f->ids, &ok);
	f->days = resize(f->days, cap, sizeof *f->days, &ok);
	f->labels = resize(f->labels, cap, 1, &ok);
	f->methods = resize(f->methods, cap, 1, &ok);
	f->confidence = resize(f->confidence, cap, sizeof *f->confidence, &ok);
	f->model_ids = resize(f->model_ids, cap, sizeof *f->model_ids, &ok);
	f->clusters = resize(f->clusters, cap, sizeof *f->clusters, &ok);
	for (int c = 0; c < FI__FRAME_STORED; c++)
		f->columns[c] = resize(f->columns[c], cap, sizeof *f->columns[c], &ok);
	for (int c = 0; f->with_text && c < FI__FRAME_TEXTS; c++)
		f->text[c] = resize(f->text[c], cap, sizeof *f->text[c], &ok);
	if (ok)
		f->cap = cap;
	return ok;
}

typedef struct row_key {
	int32_t day;
	int64_t id;
	size_t row;
} row_key;

static int compare_keys(const void *a, const void *b)
{
	const row_key *x = a, *y = b;
	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	return (x->id > y->id) - (x->id < y->id);
}

static void permute_bytes(int8_t *col, const row_key *keys, size_t n, int8_t *tmp)
{
	for (size_t i = 0; i < n; i++)
		tmp[i] = col[keys[i].row];
	memcpy(col, tmp, n);
}

/* Rows come from SQLite in id order; put them in date order here. Sorting keys in memory is
 * several times faster than SQLite's sorter over whole records, and an index on the date would
 * slow every import down. */
static int sort_by_date(fi_frame *f)
{
	size_t n = f->rows;
	size_t ordered = 1;   /* ids usually grow with dates: then the rows already are in order */
	while (ordered < n && (f->days[ordered - 1] < f->days[ordered] ||
			       (f->days[ordered - 1] == f->days[ordered] &&
				f->ids[ordered - 1] < f->ids[ordered])))
		ordered++;
	if (ordered >= n)
		return FI_OK;
	row_key *keys = malloc((n ? n : 1) * sizeof *keys);
	double *tmp = malloc((n ? n : 1) * sizeof *tmp);
	if (!keys || !tmp) {
		free(keys);
		free(tmp);
		return fi__error_oom();
	}
	for (size_t i = 0; i < n; i++)
		keys[i] = (row_key){ f->days[i], f->ids[i], i };
	qsort(keys, n, sizeof *keys, compare_keys);
	for (size_t i = 0; i < n; i++) {
		f->days[i] = keys[i].day;
		f->ids[i] = keys[i].id;
	}
	permute_bytes(f->labels, keys, n, (int8_t *)tmp);
	permute_bytes(f->methods, keys, n, (int8_t *)tmp);
	for (size_t i = 0; i < n; i++)
		tmp[i] = f->confidence[keys[i].row];
	memcpy(f->confidence, tmp, n * sizeof *tmp);
	int64_t *moved_ids = (int64_t *)(void *)tmp;   /* tmp holds n doubles ≥ n int64 */
	for (size_t i = 0; i < n; i++)
		moved_ids[i] = f->model_ids[keys[i].row];
	memcpy(f->model_ids, moved_ids, n * sizeof *moved_ids);
	int16_t *moved_clusters = (int16_t *)(void *)tmp;
	for (size_t i = 0; i < n; i++)
		moved_clusters[i] = f->clusters[keys[i].row];
	memcpy(f->clusters, moved_clusters, n * sizeof *moved_clusters);
	for (int c = 0; c < FI__FRAME_STORED; c++) {
		double *col = f->columns[c];
		for (size_t i = 0; i < n; i++)
			tmp[i] = col[keys[i].row];
		memcpy(col, tmp, n * sizeof *tmp);
	}
	for (int c = 0; c < FI__FRAME_TEXTS; c++) {
		size_t *col = f->text[c], *moved = (size_t *)tmp;   /* tmp holds n doubles ≥ n size_t */
		if (!col)
			continue;
		for (size_t i = 0; i < n; i++)
			moved[i] = col[keys[i].row];
		memcpy(col, moved, n * sizeof *col);
	}
	free(keys);
	free(tmp);
	return FI_OK;
}

/* id, the date, the stored columns in their order and the label columns; then the text columns
 * when they are asked for (one scan either way). */
#define SELECT_NUMBERS "SELECT id, workout_date, calories, distance_mi, duration_s, avg_pace," \
		       " max_pace, avg_speed, max_speed, avg_heart_rate, steps, label, method, confidence," \
		       " model_id, cluster"
#define LABEL_COLUMN (FI__FRAME_STORED + 2)
#define TEXT_COLUMN (FI__FRAME_STORED + 7)
static const char select_numbers[] =
	SELECT_NUMBERS " FROM workouts" FI__FILTER_WHERE " ORDER BY id";
static const char select_with_text[] =
	SELECT_NUMBERS ", activity_type, notes FROM workouts" FI__FILTER_WHERE " ORDER BY id";

/* The last few distinct texts kept: an export has a handful of activity types over thousands of
 * rows, stored once each (a dictionary in all but name). */
typedef struct recent_texts {
	size_t at[8], len[8];
	unsigned n, next;
} recent_texts;

/* Cell @col of the current row in the frame's text arena: its offset, or FI__NO_TEXT. With
 * @recent, a text equal to one of them is not copied again. */
static size_t keep_text(fi_frame *f, sqlite3_stmt *st, int col, recent_texts *recent)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	if (!s)
		return FI__NO_TEXT;
	size_t len = (size_t)sqlite3_column_bytes(st, col);
	for (unsigned i = 0; recent && i < recent->n; i++)
		if (recent->len[i] == len && memcmp(f->arena.data + recent->at[i], s, len) == 0)
			return recent->at[i];
	size_t at = f->arena.len;
	fi__buf_append(&f->arena, (const char *)s, len);
	fi__buf_putc(&f->arena, '\0');
	if (recent && !f->arena.failed) {
		recent->at[recent->next] = at;
		recent->len[recent->next] = len;
		recent->next = (recent->next + 1) % 8;
		recent->n += recent->n < 8;
	}
	return at;
}

/* A row's model id: 0 for NULL; −1 for what no classification writes (not a model's id), so that
 * a pass comparing it with its decision rewrites it. */
static int64_t model_id_of(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return 0;
	int64_t id = sqlite3_column_int64(st, col);
	return sqlite3_column_type(st, col) == SQLITE_INTEGER && id > 0 ? id : -1;
}

/* A row's cluster: −1 for NULL; −2 for what no classification writes. */
static int16_t cluster_of(sqlite3_stmt *st, int col)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	int64_t k = sqlite3_column_int64(st, col);
	return sqlite3_column_type(st, col) == SQLITE_INTEGER && k >= 0 && k <= INT16_MAX ? (int16_t)k : -2;
}

static int load(fi_store *store, const fi_workout_filter *filter, bool text, fi_frame **out);

int fi__frame_read(fi_store *store, const fi_workout_filter *filter, bool text, fi_frame **out)
{
	*out = NULL;
	/* the rows, their count and their labels come from three statements: one read transaction
	 * makes them one snapshot while an import commits next door */
	bool own = sqlite3_get_autocommit(store->db);
	int rc = own ? fi__exec(store->db, "BEGIN", "start reading") : FI_OK;
	if (rc == FI_OK)
		rc = load(store, filter, text, out);
	if (own)
		sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

const char *fi_frame_text(const fi_frame *f, int column, size_t row)
{
	if (!f || column < 1 || column > FI__FRAME_TEXTS || !f->text[column - 1] || row >= f->rows)
		return NULL;
	size_t at = f->text[column - 1][row];
	return at == FI__NO_TEXT ? NULL : f->text_base + at;
}

int fi_frame_text_to_json(const fi_frame *f, int column, char **json)
{
	if (!f || !json || column < 1 || column > FI__FRAME_TEXTS)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "frame, json or text column %d invalid", column);
	if (!f->text[column - 1])
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the frame has no text: load it with fi_frame_load_text()");
	fi__buf b = FI__BUF_INIT;
	fi__buf_putc(&b, '[');
	for (size_t i = 0; i < f->rows; i++) {
		const char *s = fi_frame_text(f, column, i);
		if (i)
			fi__buf_putc(&b, ',');
		if (s)
			fi__buf_json_string(&b, s, strlen(s));
		else
			fi__buf_puts(&b, "null");
	}
	fi__buf_putc(&b, ']');
	return fi__buf_finish(&b, json);
}

static int load(fi_store *store, const fi_workout_filter *filter, bool text, fi_frame **out)
{
	fi__filter checked;
	int rc = fi__filter_check(filter, &checked);
	if (rc)
		return rc;
	/* count first, so the columns are allocated once (growing 11 arrays costs more than this) */
	sqlite3_stmt *count;
	if ((rc = fi__prepare(store->db, "SELECT count(*) FROM workouts" FI__FILTER_WHERE, &count)))
		return rc;
	fi__filter_bind(count, &checked);
	int src = sqlite3_step(count);
	size_t expected = src == SQLITE_ROW ? (size_t)sqlite3_column_int64(count, 0) : 0;
	sqlite3_finalize(count);
	sqlite3_stmt *st;
	rc = fi__prepare(store->db, text ? select_with_text : select_numbers, &st);
	if (rc)
		return rc;
	fi__filter_bind(st, &checked);
	fi_frame *f = calloc(1, sizeof *f);
	if (f)
		f->with_text = text;
	if (!f || !grow(f, expected)) {
		fi_frame_free(f);
		sqlite3_finalize(st);
		return fi__error_oom();
	}
	recent_texts types = { .n = 0 };
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (f->rows == f->cap && !grow(f, f->cap * 2)) {
			rc = fi__error_oom();
			break;
		}
		size_t i = f->rows++;
		f->ids[i] = sqlite3_column_int64(st, 0);
		int32_t day = 0;
		fi__iso_to_days(fi__column_text(st, 1), &day);   /* stored dates are checked ISO */
		f->days[i] = day;
		for (int c = 0; c < FI__FRAME_STORED; c++)
			f->columns[c][i] = fi__column_double(st, c + 2);
		/* NULL label: not classified yet (unknown, none, NaN) */
		f->labels[i] = (int8_t)fi__label_from_text(fi__column_text(st, LABEL_COLUMN));
		f->methods[i] = (int8_t)fi__method_from_text(fi__column_text(st, LABEL_COLUMN + 1));
		f->confidence[i] = fi__column_double(st, LABEL_COLUMN + 2);
		f->model_ids[i] = model_id_of(st, LABEL_COLUMN + 3);
		f->clusters[i] = cluster_of(st, LABEL_COLUMN + 4);
		if (text) {
			f->text[FI_TEXT_ACTIVITY_TYPE - 1][i] = keep_text(f, st, TEXT_COLUMN, &types);
			f->text[FI_TEXT_NOTES - 1][i] = keep_text(f, st, TEXT_COLUMN + 1, NULL);
		}
	}
	f->text_base = f->arena.data;
	f->text_len = f->arena.len;
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(store->db, src, "load workouts");
	sqlite3_finalize(st);
	if (rc == FI_OK && f->arena.failed)
		rc = fi__error_oom();
	if (rc == FI_OK)
		rc = sort_by_date(f);
	if (rc) {
		fi_frame_free(f);
		return rc;
	}
	*out = f;
	return FI_OK;
}

size_t fi_frame_rows(const fi_frame *f)
{
	return f ? f->rows : 0;
}

static int check_copy(const fi_frame *f, const void *out, size_t n)
{
	if (!f || (!out && n) || n != f->rows)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the output must hold exactly %zu values",
				 f ? f->rows : 0);
	return FI_OK;
}

int fi_frame_column(const fi_frame *f, int column, double *out, size_t n)
{
	int rc = check_copy(f, out, n);
	if (rc)
		return rc;
	if (column < 1 || column > FI__FRAME_COLUMNS)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown column %d", column);
	if (column == FI_COLUMN_DAY) {
		for (size_t i = 0; i < n; i++)
			out[i] = f->days[i];
	} else if (column == FI_COLUMN_CONFIDENCE) {
		memcpy(out, f->confidence, n * sizeof *out);
	} else if (column == FI_COLUMN_CADENCE) {
		const double *steps = f->columns[FI_COLUMN_STEPS - 1];
		const double *seconds = f->columns[FI_COLUMN_DURATION - 1];
		for (size_t i = 0; i < n; i++)
			out[i] = seconds[i] > 0 ? steps[i] / (seconds[i] / 60) : (double)NAN;
	} else if (n) {
		memcpy(out, f->columns[column - 1], n * sizeof *out);
	}
	return FI_OK;
}

int fi_frame_ids(const fi_frame *f, int64_t *out, size_t n)
{
	int rc = check_copy(f, out, n);
	if (rc == FI_OK && n)
		memcpy(out, f->ids, n * sizeof *out);
	return rc;
}

int fi_frame_days(const fi_frame *f, int32_t *out, size_t n)
{
	int rc = check_copy(f, out, n);
	if (rc == FI_OK && n)
		memcpy(out, f->days, n * sizeof *out);
	return rc;
}

int fi_frame_labels(const fi_frame *f, int32_t *out, size_t n)
{
	int rc = check_copy(f, out, n);
	for (size_t i = 0; rc == FI_OK && i < n; i++)
		out[i] = f->labels[i];
	return rc;
}

int fi_frame_methods(const fi_frame *f, int32_t *out, size_t n)
{
	int rc = check_copy(f, out, n);
	for (size_t i = 0; rc == FI_OK && i < n; i++)
		out[i] = f->methods[i];
	return rc;
}

const double *fi__frame_values(const fi_frame *f, int column)
{
	if (column == FI_COLUMN_CONFIDENCE)
		return f->confidence;
	return column >= 1 && column <= FI__FRAME_STORED ? f->columns[column - 1] : NULL;
}

const int64_t *fi__frame_id_array(const fi_frame *f)
{
	return f->ids;
}

const int32_t *fi__frame_day_array(const fi_frame *f)
{
	return f->days;
}

const int8_t *fi__frame_label_array(const fi_frame *f)
{
	return f->labels;
}

const int8_t *fi__frame_method_array(const fi_frame *f)
{
	return f->methods;
}

/* The frame that owns @f's rows: a view's parent, else @f itself. A view or selection of @f holds
 * a reference to it, which keeps the text @f points into alive as well. */
static fi_frame *rows_owner(const fi_frame *f)
{
	return f->view ? f->parent : (fi_frame *)f;
}

static void share_parent(fi_frame *child, const fi_frame *f)
{
	fi_frame *owner = rows_owner(f);
	atomic_fetch_add(&owner->refs, 1);
	child->parent = owner;
	child->text_base = f->text_base;
	child->text_len = f->text_len;
}

/* Whether row @i's activity type is @type, as SQLite's COLLATE NOCASE compares (ASCII case). */
static bool type_is(const fi_frame *f, size_t i, const char *type)
{
	const char *t = fi_frame_text(f, FI_TEXT_ACTIVITY_TYPE, i);
	return t && sqlite3_stricmp(t, type) == 0;
}

/* A view of rows [lo, hi) of @f, with @f's text columns when @text (else none: fi_frame_text()
 * gives NULL). */
static int view_of(const fi_frame *f, size_t lo, size_t hi, bool text, fi_frame **out)
{
	fi_frame *v = calloc(1, sizeof *v);
	if (!v)
		return fi__error_oom();
	share_parent(v, f);
	v->view = true;
	v->with_text = text && f->with_text;
	v->rows = v->cap = hi - lo;
	v->ids = f->ids + lo;
	v->days = f->days + lo;
	v->labels = f->labels + lo;
	v->methods = f->methods + lo;
	v->confidence = f->confidence + lo;
	v->model_ids = f->model_ids + lo;
	v->clusters = f->clusters + lo;
	for (int c = 0; c < FI__FRAME_STORED; c++)
		v->columns[c] = f->columns[c] + lo;
	for (int c = 0; v->with_text && c < FI__FRAME_TEXTS; c++)
		v->text[c] = f->text[c] + lo;
	*out = v;
	return FI_OK;
}

int fi__frame_select(const fi_frame *f, const fi__filter *filter, bool text, fi_frame **out)
{
	*out = NULL;
	int32_t from = INT32_MIN, to = INT32_MAX;
	if (filter->from[0])
		fi__iso_to_days(filter->from, &from);
	if (filter->to[0])
		fi__iso_to_days(filter->to, &to);
	int label = filter->f.label;   /* −1: any; FI_LABEL_UNKNOWN: the unclassified */
	const char *type = filter->f.activity_type;
	if (type && !f->with_text)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "an activity type filter needs the frame's text");
	/* a date range: the rows between two binary searches, shared */
	size_t lo = fi__days_lower_bound(f->days, f->rows, from);
	size_t hi = to == INT32_MAX ? f->rows : fi__days_lower_bound(f->days, f->rows, to + 1);
	if (hi < lo)
		hi = lo;
	if (label < 0 && !type)
		return view_of(f, lo, hi, text, out);
#define KEEP(i) ((label < 0 || f->labels[i] == label) && (!type || type_is(f, i, type)))
	size_t kept = 0;   /* counted first: a narrow frame must not hold the whole one's room */
	for (size_t i = lo; i < hi; i++)
		kept += KEEP(i);
	fi_frame *s = calloc(1, sizeof *s);
	if (s)
		s->with_text = text && f->with_text;
	if (!s || !grow(s, kept)) {
		fi_frame_free(s);
		return fi__error_oom();
	}
	share_parent(s, f);   /* the copied text offsets point into the parent's text */
	size_t n = 0;
	for (size_t i = lo; i < hi; i++) {
		if (!KEEP(i))
			continue;
		s->ids[n] = f->ids[i];
		s->days[n] = f->days[i];
		s->labels[n] = f->labels[i];
		s->methods[n] = f->methods[i];
		s->confidence[n] = f->confidence[i];
		s->model_ids[n] = f->model_ids[i];
		s->clusters[n] = f->clusters[i];
		for (int c = 0; c < FI__FRAME_STORED; c++)
			s->columns[c][n] = f->columns[c][i];
		for (int c = 0; s->with_text && c < FI__FRAME_TEXTS; c++)
			s->text[c][n] = f->text[c][i];
		n++;
	}
#undef KEEP
	s->rows = n;
	*out = s;
	return FI_OK;
}

int fi__frame_copy(const fi_frame *f, fi_frame **out)
{
	*out = NULL;
	fi_frame *c = calloc(1, sizeof *c);
	if (c)
		c->with_text = f->with_text;
	if (!c || !grow(c, f->rows)) {
		fi_frame_free(c);
		return fi__error_oom();
	}
	/* its own copy of the text, not a reference: a frame kept by the cache would otherwise keep
	 * every frame it was copied from alive (a long-lived process relabels many times) */
	if (f->text_len)
		fi__buf_append(&c->arena, f->text_base, f->text_len);
	if (c->arena.failed) {
		fi_frame_free(c);
		return fi__error_oom();
	}
	c->text_base = c->arena.data;
	c->text_len = f->text_len;
	size_t n = c->rows = f->rows;
	memcpy(c->ids, f->ids, n * sizeof *c->ids);
	memcpy(c->days, f->days, n * sizeof *c->days);
	memcpy(c->labels, f->labels, n);
	memcpy(c->methods, f->methods, n);
	memcpy(c->confidence, f->confidence, n * sizeof *c->confidence);
	memcpy(c->model_ids, f->model_ids, n * sizeof *c->model_ids);
	memcpy(c->clusters, f->clusters, n * sizeof *c->clusters);
	for (int k = 0; k < FI__FRAME_STORED; k++)
		memcpy(c->columns[k], f->columns[k], n * sizeof *c->columns[k]);
	for (int k = 0; c->with_text && k < FI__FRAME_TEXTS; k++)
		memcpy(c->text[k], f->text[k], n * sizeof *c->text[k]);
	*out = c;
	return FI_OK;
}

int fi__frame_slice(const fi_frame *f, size_t lo, size_t hi, fi_frame **out)
{
	*out = NULL;
	if (lo > hi || hi > f->rows)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "rows %zu–%zu are not in the frame", lo, hi);
	return view_of(f, lo, hi, true, out);
}
