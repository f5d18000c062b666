/* Importing an export (SPEC §1.1–1.3): one transaction per file, written by the calling thread
 * while a second thread parses (ingest_parse.c), and an import record for every attempt. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "import_report.h"
#include "ingest_parse.h"
#include "classify/model_internal.h"

#define QUEUE_BATCHES 2
#define SMALL_INPUT_BYTES (1u << 20)

typedef struct importer {
	fi_store *store;
	const char *name;
	fi_ingest_params opts;
	fi_import_report *report;
	fi__source *input;
	fi__idset ids;
	fi__batch_queue queue;
	fi__parser parser;
	sqlite3_stmt *insert;        /* one row */
	sqlite3_stmt *insert_many;   /* rows_per_insert rows */
	size_t rows_per_insert;
	fi__classifier classifier;  /* labels the new workouts as they are inserted */
	bool writing;        /* false once a strict import has a reject: nothing will be written */
	fi_progress progress;
} importer;

FI__DEFINE_PARAMS_INIT(fi_ingest_params_init, fi_ingest_params,
		       FI_INGEST_PARAMS_VERSION, FI_INGEST_PARAMS_INIT)

int fi_ingest_options_init(fi_ingest_options *opts, unsigned int version)
{
	return fi_ingest_params_init(opts, version);
}

/* ---- hashing on a helper thread while the store's ids load ---- */

typedef struct hash_job {
	fi__source *input;
	const char *name;
	fi_import_report *report;
	int rc;
	fi__error_snapshot error;
} hash_job;

static void *hash_thread(void *arg)
{
	hash_job *job = arg;
	pthread_setname_np(pthread_self(), "fitintel-hash");
	job->rc = fi__source_hash(job->input, job->name, job->report->sha256, &job->report->size);
	if (job->rc)
		fi__error_save(&job->error);
	return NULL;
}

static int load_store_ids(importer *im)
{
	sqlite3 *db = im->store->db;
	int64_t count;
	int rc = fi_store_workout_count(im->store, &count);
	if (rc)
		return rc;
	/* size the set's filter for the store and the file (a MapMyRun row is ~150 bytes); a pipe's
	 * size is unknown: the filter's largest (it is bounded) */
	size_t from_file = im->input->stream ? SIZE_MAX / 4 : (size_t)(im->input->size_hint / 150);
	size_t expected = (size_t)count + from_file + 1024;
	if (!fi__idset_init(&im->ids, expected))
		return fi__error_oom();
	sqlite3_stmt *st;
	/* the index on import_id covers the ids (a table scan would read every row), and gives them
	 * ascending within each import */
	if ((rc = fi__prepare(db, "SELECT id FROM workouts ORDER BY import_id, id", &st)))
		return rc;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if (!fi__idset_add_stored(&im->ids, sqlite3_column_int64(st, 0))) {
			sqlite3_finalize(st);
			return fi__error_oom();
		}
	}
	sqlite3_finalize(st);
	if (src != SQLITE_DONE)
		return fi__sqlite_error(db, src, "read workout ids");
	return fi__idset_stored_done(&im->ids) ? FI_OK : fi__error_oom();
}

static int hash_and_load_ids(importer *im)
{
	if (im->input->stream)   /* read once: hashed while it is parsed */
		return load_store_ids(im);
	hash_job job = { im->input, im->name, im->report, FI_OK, { 0 } };
	pthread_t thread;
	/* a small buffer in memory hashes faster than a thread starts */
	bool small = im->input->fd < 0 && im->input->mem_size < SMALL_INPUT_BYTES;
	bool threaded = !small && pthread_create(&thread, NULL, hash_thread, &job) == 0;
	if (!threaded)
		hash_thread(&job);
	int rc = load_store_ids(im);
	if (threaded)
		pthread_join(thread, NULL);
	if (rc == FI_OK && job.rc) {
		fi__error_restore(&job.error);
		rc = job.rc;
	}
	return rc;
}

/* ---- writing ---- */

static const char insert_head[] =
	"INSERT INTO workouts(id, date_submitted, workout_date, activity_type, calories, distance_mi,"
	" duration_s, avg_pace, max_pace, avg_speed, max_speed, avg_heart_rate, steps, notes, source,"
	" link, import_id, label, method, confidence, model_id, cluster, reason) VALUES ";
#define INSERT_COLUMNS 23
#define INSERT_LABEL_PARAM 18   /* ?18 … ?23 of a row: the label columns (fi__classifier_bind) */
/* Rows per INSERT statement: one statement costs SQLite its setup (cursors opened, the
 * transaction checked, the rowid sought) once for all of them — a million single-row steps
 * spent more there than in writing the rows. Fewer when the SQLite at hand allows fewer
 * parameters (32,766 by default; 999 before 3.32 or where a build lowered it). */
#define INSERT_ROWS 64

/* The INSERT of @rows rows: "(?,?,…),(?,?,…)…", parameters numbered in order. */
static int prepare_insert(sqlite3 *db, int rows, sqlite3_stmt **out)
{
	fi__buf b = FI__BUF_INIT;
	fi__buf_puts(&b, insert_head);
	for (int r = 0; r < rows; r++) {
		fi__buf_puts(&b, r ? ",(" : "(");
		for (int c = 0; c < INSERT_COLUMNS; c++)
			fi__buf_puts(&b, c ? ",?" : "?");
		fi__buf_putc(&b, ')');
	}
	char *sql = NULL;
	int rc = fi__buf_finish(&b, &sql);
	if (rc == FI_OK)
		rc = fi__prepare(db, sql, out);
	free(sql);
	return rc;
}

static void bind_text(sqlite3_stmt *st, int param, const fi__batch *b, const fi__row *row, int which)
{
	if (row->text_len[which])
		sqlite3_bind_text(st, param, fi__batch_text(b, row, which), (int)row->text_len[which],
				  SQLITE_STATIC);
	else
		sqlite3_bind_null(st, param);
}

static void bind_number(sqlite3_stmt *st, int param, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, param);
	else
		sqlite3_bind_double(st, param, v);
}

/* Bind @row as the row whose parameters follow @base (?base+1 … ?base+23). */
static void bind_row(importer *im, sqlite3_stmt *st, int base, const fi__batch *b, const fi__row *row)
{
	sqlite3_bind_int64(st, base + 1, row->id);
	for (int d = 0; d < 2; d++) {
		if (row->dates[d][0])
			sqlite3_bind_text(st, base + 2 + d, row->dates[d], 10, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, base + 2 + d);
	}
	bind_text(st, base + 4, b, row, FI__BATCH_ACTIVITY);
	static const fi__col numbers[] = { FI_COL_CALORIES, FI_COL_DISTANCE, FI_COL_DURATION,
		FI_COL_AVG_PACE, FI_COL_MAX_PACE, FI_COL_AVG_SPEED, FI_COL_MAX_SPEED,
		FI_COL_HEART_RATE };
	for (int k = 0; k < (int)FI__ARRAY_LEN(numbers); k++)
		bind_number(st, base + 5 + k, row->values[numbers[k]]);
	double steps = row->values[FI_COL_STEPS];
	if (!isnan(steps) && steps < 9.2e18 && steps == floor(steps))
		sqlite3_bind_int64(st, base + 13, (sqlite3_int64)steps);
	else
		bind_number(st, base + 13, steps);
	bind_text(st, base + 14, b, row, FI__BATCH_NOTES);
	bind_text(st, base + 15, b, row, FI__BATCH_SOURCE);
	bind_text(st, base + 16, b, row, FI__BATCH_LINK);
	sqlite3_bind_int64(st, base + 17, im->report->id);
	/* the new workout is labelled in its own row, from the active model */
	int32_t day = 0;
	fi__iso_to_days(row->dates[1], &day);
	fi__workout_input in = { row->values[FI_COL_AVG_PACE], row->values[FI_COL_DISTANCE],
				 row->values[FI_COL_DURATION], steps,
				 fi__type_cache_not_on_foot(&im->classifier.types, im->classifier.p.other_types,
							    fi__batch_text(b, row, FI__BATCH_ACTIVITY),
							    row->text_len[FI__BATCH_ACTIVITY]) };
	fi__decision d;
	fi__classifier_decide(&im->classifier, day, &in, FI_LABEL_UNKNOWN, &d);
	fi__classifier_bind(&im->classifier, st, base + INSERT_LABEL_PARAM, &d);
}

/* The two INSERT statements: of one row, and of as many rows as fit SQLite's parameter limit
 * (at most INSERT_ROWS). */
static int prepare_inserts(importer *im)
{
	sqlite3 *db = im->store->db;
	int limit = sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
	im->rows_per_insert = limit / INSERT_COLUMNS < INSERT_ROWS ? (size_t)(limit / INSERT_COLUMNS) : INSERT_ROWS;
	int rc = prepare_insert(db, 1, &im->insert);
	if (rc == FI_OK && im->rows_per_insert > 1)
		rc = prepare_insert(db, (int)im->rows_per_insert, &im->insert_many);
	return rc;
}

static int insert_batch(importer *im, const fi__batch *b)
{
	for (size_t i = 0; i < b->count;) {
		/* rows_per_insert at a time while there are that many, then one by one */
		bool many = im->insert_many && b->count - i >= im->rows_per_insert;
		sqlite3_stmt *st = many ? im->insert_many : im->insert;
		size_t rows = many ? im->rows_per_insert : 1;
		for (size_t r = 0; r < rows; r++)
			bind_row(im, st, (int)r * INSERT_COLUMNS, b, &b->rows[i + r]);
		int rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return fi__sqlite_error(im->store->db, rc, "insert workouts");
		i += rows;
	}
	im->report->rows_added += (int64_t)b->count;
	im->progress.rows_written = im->report->rows_added;
	return FI_OK;
}

static int report_progress(importer *im)
{
	if (!im->opts.progress_cb)
		return FI_OK;
	if (im->opts.progress_cb(&im->progress, im->opts.progress_payload) != 0)
		return fi__error(FI_EUSER, FI_ERRCAT_CALLBACK,
				 "the progress callback cancelled the import of %s", im->name);
	return FI_OK;
}

static int take_rejects(importer *im, const fi__batch *b)
{
	fi_import_report *r = im->report;
	for (size_t i = 0; i < b->reject_count; i++) {
		const fi_reject *j = &b->rejects[i];
		r->rows_rejected++;
		if (im->opts.policy == FI_INGEST_STRICT)
			im->writing = false;
		if (im->opts.reject_cb && im->opts.reject_cb(j, im->opts.reject_payload) != 0)
			return fi__error(FI_EUSER, FI_ERRCAT_CALLBACK,
					 "the reject callback cancelled the import of %s", im->name);
		if (r->reject_count < im->opts.max_rejects_kept) {
			int rc = fi__import_report_add_reject(r, j);
			if (rc)
				return rc;
		}
	}
	return FI_OK;
}

static int consume(importer *im, fi__batch *b)
{
	int rc = take_rejects(im, b);
	if (rc)
		return rc;
	im->progress.bytes_done = b->bytes_done;
	im->progress.rows_read = b->rows_read;
	if (im->writing && b->count) {
		/* ascending ids within a batch: SQLite's B-tree takes runs of neighbours far faster */
		fi__batch_sort(b);
		if ((rc = insert_batch(im, b)))
			return rc;
	}
	return report_progress(im);
}

/* Run the parser thread and write what it hands over. */
static int parse_and_write(importer *im)
{
	fi__parser *p = &im->parser;
	p->name = im->name;
	p->max_field_bytes = im->opts.max_field_bytes;
	p->input = im->input;
	p->queue = &im->queue;
	p->ids = &im->ids;
	im->progress.bytes_total = im->report->size;

	pthread_t thread;
	if (pthread_create(&thread, NULL, fi__parser_run, p) != 0)
		return fi__error(FI_ERROR, FI_ERRCAT_OS, "cannot start the parsing thread: %s",
				 strerror(errno));
	int rc = FI_OK;
	fi__batch *b;
	while ((b = fi__queue_pop(&im->queue))) {
		if (rc == FI_OK && (rc = consume(im, b)) != FI_OK)
			fi__queue_cancel(&im->queue); /* keep draining until the parser has stopped */
		fi__queue_give_back(&im->queue, b);
	}
	pthread_join(thread, NULL);
	if (rc == FI_OK && p->fatal) {
		fi__error_restore(&p->error);
		rc = p->fatal;
	}
	fi_import_report *r = im->report;
	r->rows_read = p->rows_read;
	r->rows_duplicate = p->rows_duplicate;
	return rc;
}

static char *quality_json(const fi__parser *p)
{
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "{\"units\":\"%s\",\"empty_cells\":{", p->map.metric ? "km" : "mi");
	bool first = true;
	for (int k = 0; k < FI_COL__COUNT; k++) {
		if (p->map.index[k] < 0 || p->empty_cells[k] == 0)
			continue;
		if (!first)
			fi__buf_putc(&b, ',');
		first = false;
		fi__buf_json_string(&b, p->map.name[k], strlen(p->map.name[k]));
		fi__buf_printf(&b, ":%lld", (long long)p->empty_cells[k]);
	}
	fi__buf_printf(&b, "},\"beyond_bounds\":{\"missing_pace_distance_or_duration\":%lld,"
		      "\"pace\":%lld,\"distance\":%lld,\"duration\":%lld},\"unknown_activity_types\":{",
		      (long long)p->beyond_missing, (long long)p->beyond_pace,
		      (long long)p->beyond_distance, (long long)p->beyond_duration);
	for (int i = 0; i < p->unknown_type_count; i++) {
		if (i)
			fi__buf_putc(&b, ',');
		fi__buf_json_string(&b, p->unknown_types[i].name, strlen(p->unknown_types[i].name));
		fi__buf_printf(&b, ":%lld", (long long)p->unknown_types[i].count);
	}
	fi__buf_printf(&b, "},\"unknown_activity_types_more\":%lld,\"ignored_columns\":[",
		      (long long)p->unknown_types_other);
	if (p->ignored_json.len)
		fi__buf_append(&b, p->ignored_json.data, p->ignored_json.len);
	fi__buf_printf(&b, "],\"duplicates_in_file\":%lld,\"duplicates_in_store\":%lld}",
		      (long long)p->dup_in_file, (long long)p->dup_in_store);
	return fi__buf_detach(&b);
}

static void set_summary(fi_import_report *r)
{
	char added[32], dups[32], rejected[32];
	fi__format_count(added, r->rows_added);
	fi__format_count(dups, r->rows_duplicate);
	fi__format_count(rejected, r->rows_rejected);
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "%s: %s added, %s duplicate%s, %s rejected.", r->path, added, dups,
		      r->rows_duplicate == 1 ? "" : "s", rejected);
	if (!b.failed)
		fi__import_report_set_message(r, b.data);
	fi__buf_free(&b);
}

/* Everything between BEGIN and COMMIT. Returns FI_OK when the transaction may commit. */
static int run_import(importer *im)
{
	fi_store *s = im->store;
	fi_import_report *r = im->report;
	int rc;
	if ((rc = hash_and_load_ids(im)))
		return rc;
	if (!im->input->stream &&
	    (rc = fi__import_report_find_same_content(s->db, r->sha256, im->opts.policy, &r->same_as)))
		return rc;
	if (r->same_as) {
		fi__buf msg = FI__BUF_INIT;
		fi__buf_printf(&msg, "%s: identical to import #%lld (same SHA-256): nothing new.",
			      r->path, (long long)r->same_as);
		fi__now_iso(r->finished_at);
		r->status = FI_IMPORT_NO_NEW_ROWS;
		rc = msg.failed ? fi__error_oom() : fi__import_report_set_message(r, msg.data);
		fi__buf_free(&msg);
		if (rc)
			return rc;
		return fi__import_report_insert(s->db, r);
	}
	struct sha256_ctx sha;
	sha256_init(&sha);
	im->parser.sha = im->input->stream ? &sha : NULL;
	if ((rc = fi__import_report_insert(s->db, r)) || (rc = prepare_inserts(im)) ||
	    (rc = fi__classifier_open(s, NULL, NULL, true, &im->classifier)) ||
	    (rc = parse_and_write(im)))
		return rc;
	if (im->input->stream) {
		uint8_t digest[SHA256_DIGEST_SIZE];
		sha256_digest(&sha, sizeof digest, digest);
		for (size_t i = 0; i < sizeof digest; i++)
			snprintf(r->sha256 + 2 * i, 3, "%02x", digest[i]);
		r->size = im->parser.bytes_done;
		if ((rc = fi__import_report_find_same_content(s->db, r->sha256, im->opts.policy, &r->same_as)))
			return rc;
	}
	fi__now_iso(r->finished_at);
	fi__import_report_set_quality(r, quality_json(&im->parser));
	if (r->rows_rejected && im->opts.policy == FI_INGEST_STRICT) {
		const fi_reject *first = r->reject_count ? &r->rejects[0] : NULL;
		char n[32];
		fi__format_count(n, r->rows_rejected);
		return fi__error_at(FI_EPARSE, im->name, first ? first->line : 0,
				    first ? first->column : 0, first ? first->field : NULL,
				    "%s refused (strict policy): %s row%s rejected; first: %s", im->name, n,
				    r->rows_rejected == 1 ? "" : "s", first ? first->message : "?");
	}
	/* the rows written: every id of the file that was not a duplicate */
	if (!fi__idset_take_file_ids(&im->ids, &r->new_ids))
		return fi__error_oom();
	r->status = r->rows_added ? FI_IMPORT_SUCCESS : FI_IMPORT_NO_NEW_ROWS;
	set_summary(r);
	return fi__import_report_update(s->db, r);
}

/* Write @r as a refused or failed attempt, in a transaction of its own. Best effort: when the
 * store itself is failing, the caller's error is what matters. */
static void record_attempt(fi_store *store, fi_import_report *r, int status)
{
	r->status = status;
	r->rows_added = 0;
	fi__import_report_clear_new_ids(r);
	fi__now_iso(r->finished_at);
	fi__import_report_set_message(r, fi_error_last()->message);
	fi__error_snapshot saved;
	fi__error_save(&saved);
	if (sqlite3_exec(store->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK) {
		if (fi__import_report_insert(store->db, r) != FI_OK ||
		    sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
			r->id = 0;
		}
	}
	fi__error_restore(&saved); /* recording may have overwritten the caller's error */
}

static void importer_free(importer *im)
{
	fi__classifier_close(&im->classifier);
	sqlite3_finalize(im->insert);
	sqlite3_finalize(im->insert_many);
	fi__idset_free(&im->ids);
	fi__parser_free(&im->parser);
	fi__queue_destroy(&im->queue);
}

/* While an import waits for another writer to finish, keep calling the progress callback, so the
 * caller can still cancel (SQLite's own busy timeout would block silently). */
typedef struct busy_wait {
	importer *im;
	bool cancelled;
} busy_wait;

static int on_busy(void *payload, int attempts)
{
	busy_wait *w = payload;
	importer *im = w->im;
	const int step_ms = 25;
	if ((long)attempts * step_ms >= im->store->busy_timeout_ms)
		return 0;
	if (im->opts.progress_cb && im->opts.progress_cb(&im->progress, im->opts.progress_payload) != 0) {
		w->cancelled = true;
		return 0;
	}
	sqlite3_sleep(step_ms);
	return 1;
}

static int begin_import(importer *im)
{
	busy_wait wait = { im, false };
	sqlite3_busy_handler(im->store->db, on_busy, &wait);
	int rc = fi__exec(im->store->db, "BEGIN IMMEDIATE", "start the import");
	sqlite3_busy_timeout(im->store->db, im->store->busy_timeout_ms);
	if (rc && wait.cancelled)
		rc = fi__error(FI_EUSER, FI_ERRCAT_CALLBACK,
			       "the progress callback cancelled the import of %s while it waited for "
			       "another writer", im->name);
	return rc;
}

static int ingest(fi_store *store, fi__source *input, const char *name, const fi_ingest_params *opts,
		  fi_import_report **out)
{
	fi_ingest_params defaults = FI_INGEST_PARAMS_INIT;
	if (!opts)
		opts = &defaults;
	if (opts->version != FI_INGEST_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_ingest_params version %u",
				 opts->version);
	if (opts->policy != FI_INGEST_STRICT && opts->policy != FI_INGEST_SKIP)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown ingest policy %d", opts->policy);
	if (store->readonly)
		return fi__error(FI_EREADONLY, FI_ERRCAT_STORE, "the store %s is open read-only",
				 store->path);

	importer im = { 0 };
	im.store = store;
	im.name = name;
	im.opts = *opts;
	im.input = input;
	im.writing = true;
	fi__queue_init(&im.queue, QUEUE_BATCHES);
	im.report = fi__import_report_new(name);
	if (!im.report) {
		importer_free(&im);
		return fi__error_oom();
	}
	fi_import_report *r = im.report;
	r->policy = opts->policy;
	fi__now_iso(r->started_at);

	int rc = begin_import(&im);
	bool began = rc == FI_OK;
	if (began) {
		rc = run_import(&im);
		if (rc == FI_OK)
			rc = fi__commit(store, "commit the import");
		if (rc != FI_OK) {
			sqlite3_finalize(im.insert);
			sqlite3_finalize(im.insert_many);
			im.insert = im.insert_many = NULL;
			fi__classifier_close(&im.classifier);
			sqlite3_exec(store->db, "ROLLBACK", NULL, NULL, NULL);
		}
	}
	importer_free(&im);

	if (rc == FI_OK) {
		*out = r;
		return FI_OK;
	}
	/* Refused or failed: the data is as it was; the imports log records the attempt (unless the
	 * store could not be written at all: never locked for us, or locked by another writer). */
	if (began && rc != FI_EBUSY && rc != FI_EREADONLY) {
		bool refused = rc == FI_EPARSE;
		record_attempt(store, r, refused ? FI_IMPORT_REJECTED : FI_IMPORT_FAILED);
		if (refused && r->id) {
			*out = r;
			return rc;
		}
	}
	fi_import_report_free(r);
	return rc;
}

int fi_ingest_file(fi_store *store, const char *path, const fi_ingest_params *opts,
		   fi_import_report **out)
{
	if (!store || !path || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store, path or out is NULL");
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fi__error_at(FI_EIO, path, 0, 0, NULL, "cannot open %s: %s", path,
				    strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		int rc = fi__error_at(FI_EIO, path, 0, 0, NULL, "%s %s", path,
				      S_ISDIR(st.st_mode) ? "is a folder, not an export" : strerror(errno));
		close(fd);
		return rc;
	}
	/* a pipe, a FIFO or /dev/stdin cannot be read twice: it is hashed while it is parsed */
	bool stream = !S_ISREG(st.st_mode);
	fi__source in = { fd, NULL, 0, 0, stream ? 0 : (uint64_t)st.st_size, stream };
	int rc = ingest(store, &in, path, opts, out);
	close(fd);
	return rc;
}

int fi_ingest_buffer(fi_store *store, const void *data, size_t size, const char *name,
		     const fi_ingest_params *opts, fi_import_report **out)
{
	if (!store || (!data && size) || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store, data or out is NULL");
	*out = NULL;
	fi__source in = { -1, data, size, 0, size, false };
	return ingest(store, &in, name ? name : "<memory>", opts, out);
}
