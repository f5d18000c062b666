/* Relabelling every workout. The decisions are made in C first. When the pass has the store's
 * whole frame (fi__inputs_of_store()), each decision is compared with the classification the frame
 * holds and only the rows that may change are written — by id when they are few, by the scan
 * below when they are many — and the relabelled frame is left for the commit to keep. Without the
 * frame, the scan alone: one UPDATE statement over the table, SQLite reading the decisions back
 * through two functions registered for the statement's lifetime: fi__changed() compares a row's
 * stored decision in C (a row whose decision stands is not rewritten), fi__decided() gives the new
 * values. One UPDATE per workout paid a statement's step, binds and rowid seek for each of a
 * million rows — twice the cost of the table scan itself (bench/train.py). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frame/frame_internal.h"
#include "model_internal.h"

/* One decision, without its words: an outlier's reason is made again when it is written. */
typedef struct decided {
	double confidence;
	int8_t label, method;
	int16_t cluster;
} decided;

typedef struct relabel {
	fi__classifier *c;
	const fi__inputs *in;
	decided *rows;            /* rows[i] is the decision for in->ids[i] */
	size_t hint;              /* where the last lookup ended: the scan goes in id order */
	size_t reason_of;         /* the row whose reason is in reason.reason, or SIZE_MAX */
	fi__decision reason;
	const uint8_t *candidate; /* rows the scan may rewrite (NULL: every row) */
} relabel;

/* The columns fi__decided() returns, in the order of the UPDATE's SET list. */
enum { COL_LABEL, COL_METHOD, COL_CONFIDENCE, COL_MODEL_ID, COL_CLUSTER, COL_REASON };

static size_t find_row(relabel *r, int64_t id)
{
	const int64_t *ids = r->in->ids;
	size_t n = r->in->n, i = r->hint;
	if (i < n && ids[i] == id)
		return i;
	if (i + 1 < n && ids[i + 1] == id)
		return r->hint = i + 1;
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && ids[lo] == id)
		return r->hint = lo;
	return SIZE_MAX;
}

static const char *outlier_reason(relabel *r, size_t i)
{
	if (r->reason_of != i) {
		fi__decide(&r->c->p, r->c->model, &r->c->eras, &r->in->rows[i], r->in->days[i],
			   r->in->corrected[i], false, &r->reason);
		r->reason_of = i;
	}
	return r->reason.reason;
}

/* The reason row @i keeps, or NULL (fi__decision_keeps_reason()). */
static const char *reason_of(relabel *r, size_t i)
{
	const decided *d = &r->rows[i];
	return fi__decision_keeps_reason(d->label, d->method) ? outlier_reason(r, i) : NULL;
}

static bool same_text(sqlite3_value *v, const char *s)
{
	const unsigned char *t = sqlite3_value_text(v);
	return s ? t && strcmp((const char *)t, s) == 0 : sqlite3_value_type(v) == SQLITE_NULL;
}

static bool same_int(sqlite3_value *v, bool set, int64_t n)
{
	return set ? sqlite3_value_type(v) == SQLITE_INTEGER && sqlite3_value_int64(v) == n
		   : sqlite3_value_type(v) == SQLITE_NULL;
}

/* fi__changed(id, label, method, confidence, model_id, cluster, reason): whether the stored label
 * columns of workout @id differ from its decision; 0 for a workout the pass did not load. One
 * call per row, compared here: most rows of a reclassification keep their decision. */
static void changed_row(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	relabel *r = sqlite3_user_data(ctx);
	size_t i = find_row(r, sqlite3_value_int64(argv[0]));
	if (i == SIZE_MAX || (r->candidate && !r->candidate[i])) {
		sqlite3_result_int(ctx, 0);
		return;
	}
	const decided *d = &r->rows[i];
	bool same = same_text(argv[1], fi_label_name(d->label)) && same_text(argv[2], fi_method_name(d->method)) &&
		    sqlite3_value_type(argv[3]) == SQLITE_FLOAT && sqlite3_value_double(argv[3]) == d->confidence &&
		    same_int(argv[4], fi__decided_by_model(d->method), r->c->model ? r->c->model->id : 0) &&
		    same_int(argv[5], d->cluster >= 0, d->cluster) && same_text(argv[6], reason_of(r, i));
	sqlite3_result_int(ctx, !same);
}

/* fi__decided(id, column): the decision's value for one column of workout @id (one fi__changed()
 * found to differ). */
static void decided_column(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	relabel *r = sqlite3_user_data(ctx);
	size_t i = find_row(r, sqlite3_value_int64(argv[0]));
	if (i == SIZE_MAX) {
		sqlite3_result_null(ctx);
		return;
	}
	const decided *d = &r->rows[i];
	switch (sqlite3_value_int(argv[1])) {
	case COL_LABEL:
		sqlite3_result_text(ctx, fi_label_name(d->label), -1, SQLITE_STATIC);
		break;
	case COL_METHOD:
		sqlite3_result_text(ctx, fi_method_name(d->method), -1, SQLITE_STATIC);
		break;
	case COL_CONFIDENCE:
		sqlite3_result_double(ctx, d->confidence);
		break;
	case COL_MODEL_ID:
		if (fi__decided_by_model(d->method))
			sqlite3_result_int64(ctx, r->c->model->id);
		else
			sqlite3_result_null(ctx);
		break;
	case COL_CLUSTER:
		if (d->cluster >= 0)
			sqlite3_result_int(ctx, d->cluster);
		else
			sqlite3_result_null(ctx);
		break;
	default: {
		const char *reason = reason_of(r, i);
		if (reason)
			sqlite3_result_text(ctx, reason, -1, SQLITE_TRANSIENT);
		else
			sqlite3_result_null(ctx);
	}
	}
}

static const char update_sql[] =
	"UPDATE workouts SET label = fi__decided(id, 0), method = fi__decided(id, 1),"
	" confidence = fi__decided(id, 2), model_id = fi__decided(id, 3), cluster = fi__decided(id, 4),"
	" reason = fi__decided(id, 5)"
	" WHERE fi__changed(id, label, method, confidence, model_id, cluster, reason)";

/* The scan: one UPDATE over the table, rewriting the rows fi__changed() finds changed. */
static int write_by_scan(relabel *r)
{
	sqlite3 *db = r->c->db;
	/* DIRECTONLY: no view or trigger of the store can reach the function */
	int src = sqlite3_create_function_v2(db, "fi__decided", 2, SQLITE_UTF8 | SQLITE_DIRECTONLY,
					     r, decided_column, NULL, NULL, NULL);
	if (src == SQLITE_OK)
		src = sqlite3_create_function_v2(db, "fi__changed", 7, SQLITE_UTF8 | SQLITE_DIRECTONLY,
						 r, changed_row, NULL, NULL, NULL);
	int rc = src == SQLITE_OK ? fi__exec(db, update_sql, "store the classifications")
				  : fi__sqlite_error(db, src, "register the classification functions");
	sqlite3_create_function_v2(db, "fi__decided", 2, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
	sqlite3_create_function_v2(db, "fi__changed", 7, SQLITE_UTF8, NULL, NULL, NULL, NULL, NULL);
	return rc;
}

/* The reasons the store holds, by id: few (outliers), read through the partial index on reason
 * (schema 7) without a seek into each row — a million-row table's pages are 64 KiB, and a few
 * thousand seeks cost a pass a quarter of its time. */
typedef struct stored_reason {
	int64_t id;
	char *text;
} stored_reason;

typedef struct stored_reasons {
	stored_reason *items;   /* by id */
	size_t n, cap;
} stored_reasons;

static void stored_reasons_free(stored_reasons *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->items[i].text);
	free(s->items);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const stored_reason *)a)->id, y = ((const stored_reason *)b)->id;
	return (x > y) - (x < y);
}

static int load_reasons(sqlite3 *db, stored_reasons *s)
{
	*s = (stored_reasons){ NULL, 0, 0 };
	sqlite3_stmt *st;
	/* no ORDER BY: SQLite would scan the table in id order rather than sort the index's rows (and
	 * no INDEXED BY: a store whose index someone dropped is slower, not broken) */
	int rc = fi__prepare(db, "SELECT id, reason FROM workouts WHERE reason IS NOT NULL", &st);
	if (rc)
		return rc;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		stored_reason *items = fi__grow(s->items, s->n, &s->cap, sizeof *items, 64);
		char *text = items ? fi__strdup((const char *)sqlite3_column_text(st, 1)) : NULL;
		if (items)
			s->items = items;
		if (!text) {
			rc = fi__error_oom();
			break;
		}
		s->items[s->n++] = (stored_reason){ sqlite3_column_int64(st, 0), text };
	}
	if (rc == FI_OK && src != SQLITE_DONE)
		rc = fi__sqlite_error(db, src, "read the stored reasons");
	sqlite3_finalize(st);
	if (rc)
		stored_reasons_free(s);
	else if (s->n > 1)   /* qsort() of NULL, even for 0 items, is undefined */
		qsort(s->items, s->n, sizeof *s->items, by_id);
	return rc;
}

/* The reason stored for workout @id, or NULL. */
static const char *reason_stored(const stored_reasons *s, int64_t id)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->items[lo].id == id ? s->items[lo].text : NULL;
}

/* Whether row @i's decision may differ from what its row stores: the frame it was read from holds
 * the row's classification, @reasons its reason. */
static bool may_differ(relabel *r, size_t i, const stored_reasons *reasons)
{
	const fi_frame *f = r->in->frame;
	const decided *d = &r->rows[i];
	size_t k = r->in->frame_row[i];
	int64_t model_id = fi__decided_by_model(d->method) ? r->c->model->id : 0;
	if (f->labels[k] != d->label || f->methods[k] != d->method || !(f->confidence[k] == d->confidence) ||
	    f->model_ids[k] != model_id || f->clusters[k] != d->cluster)
		return true;
	const char *stored = reason_stored(reasons, r->in->ids[i]), *made = reason_of(r, i);
	return stored || made ? !stored || !made || strcmp(stored, made) != 0 : false;
}

/* Rewrite the rows whose decision may differ, each through the classifier's UPDATE by id (which
 * leaves a row whose stored values are the decision's). */
static int write_by_id(relabel *r)
{
	const fi__inputs *in = r->in;
	for (size_t i = 0; i < in->n; i++) {
		if (!r->candidate[i])
			continue;
		fi__decision d;
		fi__decide(&r->c->p, r->c->model, &r->c->eras, &in->rows[i], in->days[i], in->corrected[i],
			   false, &d);
		int rc = fi__classifier_write(r->c, in->ids[i], &d);
		if (rc)
			return rc;
	}
	return FI_OK;
}

/* The frame the pass leaves: @in's with every row's classification the decided one. A frame the
 * pass read from the rows is its own (heap, no other holder): relabelled in place, with one more
 * reference for the commit; the cache's or the snapshot's is shared or read-only: copied — the
 * snapshot's by mapping its file again copy-on-write, so that only the written pages cost. */
static int relabelled_frame(const relabel *r, fi_frame **out)
{
	fi_frame *f = r->in->frame;
	if (r->in->frame_from_rows && !f->block && !f->parent && atomic_load(&f->refs) == 0) {
		atomic_fetch_add(&f->refs, 1);
		*out = f;
	} else if ((*out = fi__snapshot_copy(r->c->store, f)) != NULL) {
		f = *out;
	} else {
		int rc = fi__frame_copy(f, out);
		if (rc)
			return rc;
		f = *out;
	}
	for (size_t i = 0; i < r->in->n; i++) {
		const decided *d = &r->rows[i];
		size_t k = r->in->frame_row[i];
		f->labels[k] = d->label;
		f->methods[k] = d->method;
		f->confidence[k] = d->confidence;
		f->model_ids[k] = fi__decided_by_model(d->method) ? r->c->model->id : 0;
		f->clusters[k] = d->cluster;
	}
	return FI_OK;
}

/* With the frame at hand: compare first, write only where a row may change, by id when those
 * are few (a seek each), by the scan when they are many; then leave the new frame for the
 * commit. */
static int relabel_from_frame(relabel *r)
{
	const fi__inputs *in = r->in;
	uint8_t *candidate = malloc(in->n ? in->n : 1);
	if (!candidate)
		return fi__error_oom();
	stored_reasons reasons;
	int rc = load_reasons(r->c->db, &reasons);
	if (rc) {
		free(candidate);
		return rc;
	}
	size_t many = 0;
	for (size_t i = 0; i < in->n; i++)
		many += candidate[i] = may_differ(r, i, &reasons);
	stored_reasons_free(&reasons);
	r->candidate = candidate;
	int64_t before = sqlite3_total_changes64(r->c->db);
	if (many > in->n / 16)
		rc = write_by_scan(r);
	else if (many)
		rc = write_by_id(r);
	free(candidate);
	r->candidate = NULL;
	bool wrote = sqlite3_total_changes64(r->c->db) != before;
	if (rc == FI_OK && (wrote || in->frame_from_rows)) {
		fi_frame *next;
		if ((rc = relabelled_frame(r, &next)) == FI_OK)
			fi__frame_keep_at_commit(r->c->store, next);
	}
	return rc;
}

/* Rows [lo, hi) of a pass decided by one thread, counted into its own summary. */
typedef struct decide_job {
	const fi__classifier *c;
	const fi__inputs *in;
	decided *rows;
	size_t lo, hi;
	fi_classify_summary sum;
} decide_job;

static void *decide_range(void *arg)
{
	decide_job *j = arg;
	const fi__classifier *c = j->c;
	for (size_t i = j->lo; i < j->hi; i++) {
		fi__decision d;
		fi__decide(&c->p, c->model, &c->eras, &j->in->rows[i], j->in->days[i], j->in->corrected[i], false, &d);
		fi__classify_summary_count(&j->sum, &d);
		j->rows[i] = (decided){ d.confidence, (int8_t)d.label, (int8_t)d.method, (int16_t)d.cluster };
	}
	return NULL;
}

#define DECIDE_THREADS_MAX 4
#define ROWS_PER_THREAD 100000   /* fewer: a thread costs more than it saves */

static size_t rows_per_thread = ROWS_PER_THREAD;

void fi__relabel_rows_per_thread(size_t rows)
{
	rows_per_thread = rows ? rows : ROWS_PER_THREAD;
}

/* Decide every row of @in into @rows, on up to DECIDE_THREADS_MAX threads (each decision reads
 * only the classifier's model, eras and parameters), and count them into the classifier's
 * summary. The same decisions whatever the number of threads. */
static void decide_all(fi__classifier *c, const fi__inputs *in, decided *rows)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t threads = in->n / rows_per_thread;
	if (threads > (size_t)(cpus > 0 ? cpus : 1))
		threads = (size_t)(cpus > 0 ? cpus : 1);
	if (threads > DECIDE_THREADS_MAX)
		threads = DECIDE_THREADS_MAX;
	if (threads < 1)
		threads = 1;
	decide_job jobs[DECIDE_THREADS_MAX];
	pthread_t ids[DECIDE_THREADS_MAX];
	bool started[DECIDE_THREADS_MAX] = { false };
	for (size_t t = 0; t < threads; t++) {
		jobs[t] = (decide_job){ c, in, rows, in->n * t / threads, in->n * (t + 1) / threads, { 0 } };
		/* the first range is this thread's; a thread that cannot start is done here too */
		started[t] = t > 0 && pthread_create(&ids[t], NULL, decide_range, &jobs[t]) == 0;
	}
	for (size_t t = 0; t < threads; t++)
		if (!started[t])
			decide_range(&jobs[t]);
	for (size_t t = 0; t < threads; t++) {
		if (started[t])
			pthread_join(ids[t], NULL);
		fi_classify_summary *s = &c->sum, *part = &jobs[t].sum;
		s->workouts += part->workouts;
		for (int l = 0; l < FI_LABEL_COUNT; l++)
			s->by_label[l] += part->by_label[l];
		for (int m = 0; m < FI_METHOD_COUNT; m++)
			s->by_method[m] += part->by_method[m];
	}
}

int fi__relabel_all(fi__classifier *c, const fi__inputs *in)
{
	relabel r = { .c = c, .in = in, .reason_of = SIZE_MAX };
	r.rows = malloc((in->n ? in->n : 1) * sizeof *r.rows);
	if (!r.rows)
		return fi__error_oom();
	decide_all(c, in, r.rows);
	int rc = in->frame ? relabel_from_frame(&r) : write_by_scan(&r);
	free(r.rows);
	return rc;
}
