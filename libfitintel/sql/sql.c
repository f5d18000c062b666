/* The SQL explorer (SPEC §9): run one checked statement on a read-only connection within a time
 * and a row limit, collect typed rows, and record the run in the history. */
#include <math.h>
#include <string.h>
#include <time.h>

#include "sql_internal.h"

/* A result larger than this is cut short like one that reached the row limit. */
#define SQL_MAX_RESULT_BYTES ((size_t)256 * 1024 * 1024)
/* Virtual machine steps between two looks at the clock: a few microseconds of work. */
#define PROGRESS_STEPS 1000

FI__DEFINE_PARAMS_INIT(fi_sql_params_init, fi_sql_params, FI_SQL_PARAMS_VERSION, FI_SQL_PARAMS_INIT)

static int check_params(const fi_sql_params *in, fi_sql_params *out)
{
	*out = (fi_sql_params)FI_SQL_PARAMS_INIT;
	if (!in)
		return FI_OK;
	if (in->version != FI_SQL_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_sql_params version %u",
				 in->version);
	if (in->max_rows < 1 || in->max_rows > 100000000)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "the row limit must be from 1 to 100,000,000 (not %lld)",
				 (long long)in->max_rows);
	if (!(in->timeout_s > 0 && in->timeout_s <= 86400))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "the time limit must be more than 0 and at most 86,400 seconds");
	*out = *in;
	return FI_OK;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

typedef struct run_ctx {
	double deadline_ms;
	int (*cancel)(void *payload);
	void *payload;
	int why;   /* FI_ELIMIT or FI_EUSER once the handler stopped the statement */
} run_ctx;

static int progress(void *payload)
{
	run_ctx *c = payload;
	if (c->cancel && c->cancel(c->payload)) {
		c->why = FI_EUSER;
		return 1;
	}
	if (now_ms() >= c->deadline_ms) {
		c->why = FI_ELIMIT;
		return 1;
	}
	return 0;
}

int fi_sql_check(fi_store *store, const char *sql)
{
	fi__sql_guard guard;
	sqlite3 *db;
	int rc = fi__sql_open(store, &guard, &db);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	rc = fi__sql_prepare(db, &guard, sql, &st);
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	return rc;
}

static int step_error(sqlite3 *db, int src, const run_ctx *ctx, const fi_sql_params *p,
		      const fi__sql_guard *guard)
{
	int primary = src & 0xFF;
	/* a table-valued PRAGMA compiles its PRAGMA when it first runs: the guard speaks then */
	if (primary == SQLITE_AUTH && guard->reason[0])
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "refused: %s", guard->reason);
	if (primary == SQLITE_INTERRUPT && ctx->why == FI_EUSER)
		return fi__error(FI_EUSER, FI_ERRCAT_CALLBACK, "the query was cancelled");
	if (primary == SQLITE_INTERRUPT)
		return fi__error(FI_ELIMIT, FI_ERRCAT_ARG,
				 "the query ran longer than the time limit of %g s and was stopped",
				 p->timeout_s);
	if (primary == SQLITE_NOMEM)
		return fi__error_oom();
	if (primary == SQLITE_TOOBIG)
		return fi__error(FI_ELIMIT, FI_ERRCAT_ARG, "a value grew too big: %s", sqlite3_errmsg(db));
	if (primary == SQLITE_ERROR || primary == SQLITE_MISMATCH || primary == SQLITE_RANGE ||
	    primary == SQLITE_CONSTRAINT || primary == SQLITE_AUTH)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "SQL error: %s", sqlite3_errmsg(db));
	return fi__sqlite_error(db, src, "run the query");
}

static int run(fi_store *store, const char *sql, const fi_sql_params *p, double t0,
	       fi_sql_result **out)
{
	fi__sql_guard guard;
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int rc = fi__sql_open(store, &guard, &db);
	if (rc)
		return rc;
	run_ctx ctx = { t0 + p->timeout_s * 1e3, p->cancel, p->payload, 0 };
	/* compiling reads the schema: it counts against the time limit too */
	sqlite3_progress_handler(db, PROGRESS_STEPS, progress, &ctx);
	rc = fi__sql_prepare(db, &guard, sql, &st);
	fi_sql_result *r = NULL;
	if (rc == FI_OK && !(r = fi__sql_result_new(st)))
		rc = fi__error_oom();
	while (rc == FI_OK) {
		int src = sqlite3_step(st);
		if (src == SQLITE_DONE)
			break;
		if (src != SQLITE_ROW) {
			/* stopped while looking for the row after the last one we keep: the rows we
			 * have are the answer, and more may exist */
			if ((src & 0xFF) == SQLITE_INTERRUPT && r->nrows >= (size_t)p->max_rows &&
			    ctx.why == FI_ELIMIT) {
				r->truncated = true;
				break;
			}
			rc = step_error(db, src, &ctx, p, &guard);
			break;
		}
		if (r->nrows >= (size_t)p->max_rows || fi__sql_result_bytes(r) > SQL_MAX_RESULT_BYTES) {
			r->truncated = true;
			break;
		}
		rc = fi__sql_result_add_row(r, st);
	}
	sqlite3_finalize(st);
	sqlite3_close_v2(db);
	if (rc) {
		fi_sql_result_free(r);
		return rc;
	}
	fi__sql_result_finish(r);
	*out = r;
	return FI_OK;
}

int fi_sql_run(fi_store *store, const char *sql, const fi_sql_params *params, fi_sql_result **out)
{
	if (!out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "out is NULL");
	*out = NULL;
	if (!store || !sql)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or sql is NULL");
	fi_sql_params p;
	int rc = check_params(params, &p);
	if (rc)
		return rc;
	char started[32];
	fi__now_iso(started);
	double t0 = now_ms();
	fi_sql_result *r = NULL;
	rc = run(store, sql, &p, t0, &r);
	double elapsed = now_ms() - t0;
	if (r)
		r->elapsed_ms = elapsed;
	if (!(p.flags & FI_SQL_NO_HISTORY))
		fi__sql_history_record(store, sql, started, elapsed, r, rc);
	if (rc)
		return rc;
	*out = r;
	return FI_OK;
}
