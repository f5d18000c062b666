/* The SQL explorer (SPEC §9): every kind of write, attach, pragma change, file function and
 * hidden second statement is refused with a message and leaves the store (and the disk) as it
 * was; the time and row limits stop runaway queries; typed results; history and saved queries. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "helpers.h"
#include "tap.h"

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

static fi_store *fixture(void)
{
	fi_store *s = test_store("sql.db");
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = 400;
	o.seed = 7;
	const char *csv = test_path("sample.csv");
	if (fi_sample_write(csv, NULL, &o) != FI_OK || test_ingest(s, csv, FI_INGEST_SKIP, NULL) != FI_OK) {
		fprintf(stderr, "fixture: %s\n", fi_error_last()->message);
		exit(2);
	}
	fi_era_add(s, "2018-06-01", "Choco arrives", FI_LABEL_PUP_WALK, NULL);
	fi_config_set(s, "brief.days", "45");
	return s;
}

/* Each of these must be refused, with a message that contains @why, and change nothing. */
static const struct {
	const char *sql;
	const char *why;
} refused[] = {
	{ "INSERT INTO settings(key, value) VALUES ('x', 'y')", "INSERT into settings" },
	{ "UPDATE workouts SET notes = 'hacked'", "UPDATE of workouts" },
	{ "DELETE FROM workouts", "DELETE from workouts" },
	{ "DROP TABLE workouts", "DROP" },
	{ "CREATE TABLE t(x)", "CREATE" },
	{ "CREATE TEMP TABLE t(x)", "CREATE" },
	{ "CREATE TEMP VIEW v AS SELECT 1", "CREATE" },
	{ "ATTACH DATABASE '/tmp/x' AS x", "ATTACH" },
	{ "DETACH DATABASE main", "DETACH" },
	{ "PRAGMA journal_mode=DELETE", "PRAGMA journal_mode = DELETE sets a value" },
	{ "PRAGMA user_version=9", "PRAGMA user_version = 9 sets a value" },
	{ "PRAGMA query_only = 0", "sets a value" },
	{ "PRAGMA foreign_keys = OFF", "sets a value" },
	{ "PRAGMA writable_schema = 1", "sets a value" },
	{ "PRAGMA wal_checkpoint", "not one of the read-only PRAGMAs" },
	{ "PRAGMA optimize", "not one of the read-only PRAGMAs" },
	{ "VACUUM", "refused" },
	{ "VACUUM INTO '@TMP@/copy.db'", "refused" },
	{ "REINDEX", "refused" },
	{ "ANALYZE", "refused" },
	{ "BEGIN", "transaction control" },
	{ "COMMIT", "refused" },
	{ "SAVEPOINT a", "transaction control" },
	{ "SELECT load_extension('x')", "load_extension() touches files" },
	{ "SELECT writefile('x', 'y')", "writefile" },
	{ "SELECT readfile('/etc/passwd')", "readfile" },
	{ "SELECT fts3_tokenizer('simple')", "fts3_tokenizer() touches files" },
	{ "SELECT 1; DROP TABLE workouts", "only one statement may run" },
	{ "SELECT 1;DELETE FROM workouts;", "only one statement may run" },
	{ "WITH x AS (SELECT 1) DELETE FROM workouts", "DELETE from workouts" },
	{ "/* SELECT 1 */ DELETE FROM workouts", "DELETE from workouts" },
	{ "-- just a look\nDROP TABLE workouts", "DROP" },
	{ "SELECT 1 -- harmless ;\n; DELETE FROM workouts", "only one statement may run" },
	{ "SELECT 1 /* ; */ ; /* and then */ UPDATE workouts SET notes = ''", "only one statement" },
	{ "DELETE FROM workouts RETURNING id", "DELETE from workouts" },
	{ "REPLACE INTO settings VALUES ('a', 'b')", "INSERT into settings" },
	{ "INSERT INTO temp.t SELECT 1", "no such table" },
	{ "ALTER TABLE workouts ADD COLUMN x", "refused" },
	{ "", "no statement" },
	{ "  -- nothing but a comment\n /* and another */ ;", "no statement" },
	{ "SELECT * FROM no_such_table", "no such table" },
	{ "SELECT * FROM pragma_user_version(9)", "too many arguments" },
	{ "SELECT * FROM pragma_journal_mode('delete')", "unknown database" },
	{ "SELECT * FROM pragma_optimize", "PRAGMA optimize is not one of the read-only PRAGMAs" },
	{ "SELECT * FROM pragma_wal_checkpoint", "no such table" },
};

static void test_refusals(fi_store *s)
{
	char *before = test_full_dump(fi_store_path(s));
	bool tmp_x = exists("/tmp/x");
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		char sql[512];
		const char *at = strstr(refused[i].sql, "@TMP@");
		if (at)
			snprintf(sql, sizeof sql, "%.*s%s%s", (int)(at - refused[i].sql), refused[i].sql,
				 test_tmpdir(), at + 5);
		else
			snprintf(sql, sizeof sql, "%s", refused[i].sql);
		char shown[512];   /* one line for TAP */
		snprintf(shown, sizeof shown, "%s", sql);
		for (char *c = shown; *c; c++)
			if (*c == '\n')
				*c = ' ';
		fi_sql_result *r = (fi_sql_result *)1;
		int rc = fi_sql_run(s, sql, NULL, &r);
		ok(rc == FI_EINVALID && r == NULL, "refused: %s", shown);
		if (rc != FI_EINVALID)
			printf("#   rc %d\n", rc);
		has_str(fi_error_last()->message, refused[i].why, "  says why: %s", fi_error_last()->message);
		/* a table-valued PRAGMA compiles its PRAGMA when it first runs: no check sees it */
		bool at_run_time = strncmp(sql, "SELECT * FROM pragma_", 21) == 0 && !strstr(sql, "(9)") &&
				   !strstr(sql, "checkpoint");
		is_int(fi_sql_check(s, sql), at_run_time ? FI_OK : FI_EINVALID,
		       "  fi_sql_check refuses it too (unless it shows only when it runs)");
		char *after = test_full_dump(fi_store_path(s));
		/* the history of the runs is the one table that may change: compare without it */
		char *hb = strstr(before, "== CREATE TABLE query_history"), *ha = strstr(after,
			"== CREATE TABLE query_history");
		char *nb = hb ? strstr(hb, "\n== ") : NULL, *na = ha ? strstr(ha, "\n== ") : NULL;
		bool same = hb && ha && nb && na && (hb - before) == (ha - after) &&
			    strncmp(before, after, (size_t)(hb - before)) == 0 && strcmp(nb, na) == 0;
		ok(same, "  the store is unchanged");
		free(after);
	}
	ok(!exists(test_path("copy.db")), "VACUUM INTO wrote no file");
	ok(exists("/tmp/x") == tmp_x, "ATTACH created no /tmp/x");
	free(before);

	/* with no history written at all, the whole file is the same */
	before = test_full_dump(fi_store_path(s));
	fi_sql_params p = FI_SQL_PARAMS_INIT;
	p.flags = FI_SQL_NO_HISTORY;
	fi_sql_result *r = NULL;
	is_int(fi_sql_run(s, "DROP TABLE workouts", &p, &r), FI_EINVALID, "refused without history");
	is_int(fi_sql_run(s, "SELECT count(*) FROM workouts", &p, &r), FI_OK, "a read without history");
	fi_sql_result_free(r);
	char *after = test_full_dump(fi_store_path(s));
	is_str(after, before, "a full dump is byte for byte the same");
	free(before);
	free(after);
}

static void test_reads(fi_store *s)
{
	fi_sql_result *r = NULL;
	is_int(fi_sql_run(s, "PRAGMA table_info(workouts)", NULL, &r), FI_OK, "PRAGMA table_info runs");
	is_int(fi_sql_result_row_count(r), 23, "  one row per workouts column (17 of the export, 6 of its label)");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "SELECT name FROM pragma_table_info('eras') ORDER BY cid", NULL, &r), FI_OK,
	       "pragma_table_info() runs");
	is_str(fi_sql_result_cell_text(r, 1, 0, NULL), "start_date", "  names the columns");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "PRAGMA user_version", NULL, &r), FI_OK, "reading user_version runs");
	is_int(fi_sql_result_cell_int(r, 0, 0), fi_store_schema_latest(), "  it is the schema version");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "  -- the runs\n SELECT count(*) AS n FROM workouts /* all */ ; -- done\n",
			  NULL, &r), FI_OK, "comments and a semicolon around one statement are fine");
	is_int(fi_sql_result_cell_int(r, 0, 0), 400, "  counts the workouts");
	is_str(fi_sql_result_column_name(r, 0), "n", "  column name");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "EXPLAIN QUERY PLAN SELECT * FROM workouts WHERE id = 1", NULL, &r), FI_OK,
	       "EXPLAIN QUERY PLAN runs");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "SELECT * FROM pragma_quick_check", NULL, &r), FI_OK, "pragma_quick_check runs");
	is_str(fi_sql_result_cell_text(r, 0, 0, NULL), "ok", "  the store is fine");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "PRAGMA integrity_check(5)", NULL, &r), FI_OK, "PRAGMA integrity_check(5) runs");
	fi_sql_result_free(r);
	is_int(fi_sql_run(s, "SELECT key, value FROM json_each('{\"a\":1}')", NULL, &r), FI_OK, "json_each runs");
	is_str(fi_sql_result_cell_text(r, 0, 0, NULL), "a", "  a key");
	fi_sql_result_free(r);
}

static void test_types(fi_store *s)
{
	fi_sql_result *r = NULL;
	int rc = fi_sql_run(s,
			    "SELECT 42 AS i, -9223372036854775808 AS imin, 2.5 AS r, 3.0 AS whole, 0.1 AS tenth,"
			    " 1e308 AS big, 'tab\tquote\"comma,nl\n' AS t, x'00ff10' AS b, NULL AS n,"
			    " distance_mi AS d FROM workouts ORDER BY id LIMIT 2", NULL, &r);
	is_int(rc, FI_OK, "a SELECT of every type runs");
	is_int(fi_sql_result_column_count(r), 10, "  ten columns");
	is_int(fi_sql_result_row_count(r), 2, "  two rows");
	ok(!fi_sql_result_truncated(r), "  not truncated");
	is_int(fi_sql_result_cell_type(r, 0, 0), FI_SQL_INTEGER, "  integer");
	is_int(fi_sql_result_cell_int(r, 0, 0), 42, "  42");
	ok(fi_sql_result_cell_int(r, 0, 1) == INT64_MIN, "  INT64_MIN");
	is_int(fi_sql_result_cell_type(r, 0, 2), FI_SQL_REAL, "  real");
	ok(fi_sql_result_cell_real(r, 0, 2) == 2.5, "  2.5");
	is_int(fi_sql_result_cell_type(r, 0, 3), FI_SQL_REAL, "  3.0 stays real");
	size_t n;
	is_str(fi_sql_result_cell_text(r, 0, 6, &n), "tab\tquote\"comma,nl\n", "  text");
	is_int(n, 19, "  text length");
	const char *blob = fi_sql_result_cell_text(r, 0, 7, &n);
	ok(blob && n == 3 && (unsigned char)blob[0] == 0 && (unsigned char)blob[1] == 0xff, "  blob bytes");
	is_int(fi_sql_result_cell_type(r, 0, 7), FI_SQL_BLOB, "  blob");
	is_int(fi_sql_result_cell_type(r, 0, 8), FI_SQL_NULL, "  NULL");
	ok(isnan(fi_sql_result_cell_real(r, 0, 8)), "  NULL reads as NaN");
	is_str(fi_sql_result_column_decltype(r, 9), "REAL", "  declared type of a table column");
	ok(fi_sql_result_column_decltype(r, 0) == NULL, "  none for an expression");
	is_int(fi_sql_result_column_type(r, 8), FI_SQL_NULL, "  column summary: null");
	is_int(fi_sql_result_column_type(r, 6), FI_SQL_TEXT, "  column summary: text");
	ok(fi_sql_result_elapsed_ms(r) > 0, "  elapsed time measured");

	char *json = NULL, *csv = NULL;
	is_int(fi_sql_result_to_json(r, &json), FI_OK, "to JSON");
	has_str(json, "\"whole\",\"decltype\":null,\"type\":\"real\"", "  columns with types");
	has_str(json, "[42,-9223372036854775808,2.5,3.0,0.1,1e+308,\"tab\\tquote\\\"comma,nl\\n\","
		"{\"blob\":\"00ff10\"},null,", "  typed cells");
	has_str(json, "\"row_count\":2,\"truncated\":false", "  counts");
	is_int(fi_sql_result_to_csv(r, &csv, NULL), FI_OK, "to CSV");
	has_str(csv, "i,imin,r,whole,tenth,big,t,b,n,d\r\n42,-9223372036854775808,2.5,3.0,0.1,1e+308,"
		"\"tab\tquote\"\"comma,nl\n\",X'00FF10',,", "  RFC 4180 row");
	fi_free(json);
	fi_free(csv);
	fi_sql_result_free(r);

	is_int(fi_sql_run(s, "SELECT '=HYPERLINK(\"x\")' AS a, '+1+1', '-2', '@SUM(A1)', '-1.5e3', "
			  "'plain', char(9) || 'tab'", NULL, &r), FI_OK, "formula-looking text");
	fi_sql_result_to_csv(r, &csv, NULL);
	has_str(csv, "\r\n\"'=HYPERLINK(\"\"x\"\")\",'+1+1,-2,'@SUM(A1),-1.5e3,plain,'\ttab\r\n",
		"  neutralised with a leading ' (plain numbers kept)");
	fi_free(csv);
	fi_sql_result_free(r);

	is_int(fi_sql_run(s, "SELECT 1 AS x UNION ALL SELECT 'a' UNION ALL SELECT NULL", NULL, &r), FI_OK,
	       "a column of mixed types");
	is_int(fi_sql_result_column_type(r, 0), FI_SQL_MIXED, "  summarised as mixed");
	is_str(fi_sql_type_name(fi_sql_result_column_type(r, 0)), "mixed", "  named");
	fi_sql_result_to_csv(r, &csv, NULL);
	is_str(csv, "x\r\n1\r\na\r\n\"\"\r\n", "  a NULL alone on its row is \"\" (never a blank line)");
	fi_free(csv);
	fi_sql_result_free(r);
}

static int cancel_now(void *payload)
{
	return ++*(int *)payload > 3;
}

static void test_limits(fi_store *s)
{
	fi_sql_params p = FI_SQL_PARAMS_INIT;
	fi_sql_result *r = NULL;
	p.timeout_s = 0.5;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = fi_sql_run(s, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
			    " SELECT count(*) FROM c", &p, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	is_int(rc, FI_ELIMIT, "a recursive CTE that never ends stops at the time limit");
	has_str(fi_error_last()->message, "time limit of 0.5 s", "  says so");
	ok(secs >= 0.45 && secs < 2.0, "  after about 0.5 s (%.3f s)", secs);
	ok(r == NULL, "  no result");

	/* 10^6 x 10^6 = 10^12 rows */
	const char *cross = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000)"
			    " SELECT a.x, b.x FROM c AS a, c AS b";
	p.timeout_s = 5;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = fi_sql_run(s, cross, &p, &r);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	is_int(rc, FI_OK, "a cross join of 10^12 rows stops at the row limit");
	is_int(fi_sql_result_row_count(r), 10000, "  10,000 rows by default");
	ok(fi_sql_result_truncated(r), "  reported as truncated");
	ok(secs < 5, "  quickly (%.3f s)", secs);
	fi_sql_result_free(r);
	r = NULL;
	p.timeout_s = 0.3;
	rc = fi_sql_run(s, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000)"
			" SELECT count(*) FROM c AS a, c AS b", &p, &r);
	is_int(rc, FI_ELIMIT, "counting the 10^12 rows stops at the time limit");

	p.timeout_s = 5;
	p.max_rows = 400;
	is_int(fi_sql_run(s, "SELECT id FROM workouts", &p, &r), FI_OK, "exactly the row limit");
	is_int(fi_sql_result_row_count(r), 400, "  every row");
	ok(!fi_sql_result_truncated(r), "  not truncated");
	fi_sql_result_free(r);
	p.max_rows = 399;
	is_int(fi_sql_run(s, "SELECT id FROM workouts", &p, &r), FI_OK, "one row over the limit");
	is_int(fi_sql_result_row_count(r), 399, "  399 rows");
	ok(fi_sql_result_truncated(r), "  truncated");
	fi_sql_result_free(r);

	p.max_rows = 0;
	is_int(fi_sql_run(s, "SELECT 1", &p, &r), FI_EINVALID, "a row limit of 0 is refused");
	p.max_rows = 10;
	p.timeout_s = -1;
	is_int(fi_sql_run(s, "SELECT 1", &p, &r), FI_EINVALID, "a negative time limit is refused");
	p.timeout_s = 5;
	p.version = 99;
	is_int(fi_sql_run(s, "SELECT 1", &p, &r), FI_EINVALID, "an unknown params version is refused");
	p.version = FI_SQL_PARAMS_VERSION;

	int calls = 0;
	p.cancel = cancel_now;
	p.payload = &calls;
	is_int(fi_sql_run(s, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)"
			  " SELECT count(*) FROM c", &p, &r), FI_EUSER, "the cancel callback stops a query");

	is_int(fi_sql_run(s, "SELECT length(randomblob(100000000))", NULL, &r), FI_ELIMIT,
	       "a value beyond 64 MiB is refused");
	is_int(fi_sql_run(s, "SELECT json_extract('{bad', '$')", NULL, &r), FI_EINVALID,
	       "a run-time SQL error is FI_EINVALID");
	has_str(fi_error_last()->message, "SQL error: malformed JSON", "  with SQLite's message");
}

static void test_history(fi_store *s)
{
	fi_sql_history_clear(s);
	fi_sql_result *r = NULL;
	fi_sql_run(s, "SELECT count(*) FROM workouts", NULL, &r);
	fi_sql_result_free(r);
	fi_sql_run(s, "DELETE FROM workouts", NULL, &r);
	fi_sql_params p = FI_SQL_PARAMS_INIT;
	p.flags = FI_SQL_NO_HISTORY;
	fi_sql_run(s, "SELECT 'not recorded'", &p, &r);
	fi_sql_result_free(r);
	p = (fi_sql_params)FI_SQL_PARAMS_INIT;
	p.max_rows = 2;
	fi_sql_run(s, "SELECT id FROM workouts", &p, &r);
	fi_sql_result_free(r);

	fi_sql_history *h = NULL;
	is_int(fi_sql_history_find(s, NULL, 0, &h), FI_OK, "read the history");
	is_int(fi_sql_history_count(h), 3, "  three runs recorded (not the one without history)");
	const fi_sql_history_entry *e = fi_sql_history_at(h, 0);
	is_str(e->sql, "SELECT id FROM workouts", "  newest first");
	is_int(e->rows, 2, "  its rows");
	ok(e->truncated, "  truncated");
	e = fi_sql_history_at(h, 1);
	is_str(e->sql, "DELETE FROM workouts", "  the refused one");
	is_int(e->status, FI_EINVALID, "  with its status");
	has_str(e->error, "DELETE from workouts writes", "  and its message");
	is_int(e->rows, -1, "  no rows");
	e = fi_sql_history_at(h, 2);
	ok(e->error == NULL && e->rows == 1 && e->duration_ms > 0 && strlen(e->started_at) == 24,
	   "  a successful run: rows, duration, start time");
	char *json = NULL;
	is_int(fi_sql_history_to_json(h, &json), FI_OK, "history as JSON");
	has_str(json, "\"sql\":\"DELETE FROM workouts\"", "  holds the text");
	fi_free(json);
	int64_t del_id = fi_sql_history_at(h, 1)->id;
	fi_sql_history_free(h);

	is_int(fi_sql_history_find(s, "workouts", 0, &h), FI_OK, "search");
	is_int(fi_sql_history_count(h), 3, "  three contain 'workouts'");
	fi_sql_history_free(h);
	fi_sql_history_find(s, "WRITES", 0, &h);
	is_int(fi_sql_history_count(h), 1, "  the search covers errors, case-insensitively");
	fi_sql_history_free(h);
	fi_sql_history_find(s, NULL, 1, &h);
	is_int(fi_sql_history_count(h), 1, "  a limit");
	fi_sql_history_free(h);
	is_int(fi_sql_history_delete(s, del_id), FI_OK, "delete an entry");
	is_int(fi_sql_history_delete(s, del_id), FI_ENOTFOUND, "  only once");
	fi_sql_history_find(s, NULL, 0, &h);
	is_int(fi_sql_history_count(h), 2, "  two left");
	fi_sql_history_free(h);

	/* the history keeps the newest FI_SQL_HISTORY_KEEP runs */
	for (int i = 0; i < FI_SQL_HISTORY_KEEP + 5; i++) {
		fi_sql_run(s, "SELECT 1", NULL, &r);
		fi_sql_result_free(r);
	}
	fi_sql_history_find(s, NULL, 0, &h);
	is_int(fi_sql_history_count(h), FI_SQL_HISTORY_KEEP, "the history is capped");
	fi_sql_history_free(h);
	is_int(fi_sql_history_clear(s), FI_OK, "clear it");
	fi_sql_history_find(s, NULL, 0, &h);
	is_int(fi_sql_history_count(h), 0, "  empty");
	fi_sql_history_free(h);
}

static void test_saved(fi_store *s)
{
	char path[512];
	snprintf(path, sizeof path, "%s", fi_store_path(s));
	is_int(fi_sql_saved_put(s, "runs per year", "SELECT substr(workout_date, 1, 4) AS year, count(*) AS n"
				" FROM workouts GROUP BY year ORDER BY year", "how many per year", 0), FI_OK,
	       "save a query");
	is_int(fi_sql_saved_put(s, "runs per year", "SELECT 1", NULL, 0), FI_EEXISTS, "  a name is taken once");
	is_int(fi_sql_saved_put(s, "longest", "SELECT max(distance_mi) FROM workouts", NULL, 0), FI_OK,
	       "save another");
	is_int(fi_sql_saved_put(s, "wipe", "DELETE FROM workouts", NULL, 0), FI_EINVALID,
	       "a writing statement cannot be saved");
	is_int(fi_sql_saved_put(s, "", "SELECT 1", NULL, 0), FI_EINVALID, "an empty name is refused");
	is_int(fi_sql_saved_put(s, "a\nb", "SELECT 1", NULL, 0), FI_EINVALID, "a control character too");
	is_int(fi_sql_saved_put(s, "longest", "SELECT max(duration_s) FROM workouts", "by time",
				FI_SQL_SAVE_REPLACE), FI_OK, "replace a saved query");
	fi_store_close(s);

	fi_store *s2 = NULL;
	is_int(fi_store_open(path, NULL, &s2), FI_OK, "reopen the store");
	fi_sql_saved_list *list = NULL;
	is_int(fi_sql_saved_find(s2, NULL, &list), FI_OK, "the saved queries survive reopening");
	is_int(fi_sql_saved_list_count(list), 2, "  both");
	const fi_sql_saved *q = fi_sql_saved_list_at(list, 0);
	is_str(q->name, "longest", "  by name");
	is_str(q->sql, "SELECT max(duration_s) FROM workouts", "  replaced text");
	is_str(q->description, "by time", "  description");
	is_str(fi_sql_saved_list_at(list, 1)->description, "how many per year", "  the other's");
	char *json = NULL;
	is_int(fi_sql_saved_list_to_json(list, &json), FI_OK, "as JSON");
	has_str(json, "\"name\":\"runs per year\"", "  with names");
	fi_free(json);
	fi_sql_saved_list_free(list);
	fi_sql_saved_find(s2, "PER YEAR", &list);
	is_int(fi_sql_saved_list_count(list), 1, "search by name");
	fi_sql_saved_list_free(list);
	fi_sql_saved_find(s2, "duration", &list);
	is_int(fi_sql_saved_list_count(list), 1, "search by text");
	fi_sql_saved_list_free(list);
	fi_sql_saved_find(s2, "nothing like it", &list);
	is_int(fi_sql_saved_list_count(list), 0, "search without a match");
	fi_sql_saved_list_free(list);
	fi_sql_result *r = NULL;
	is_int(fi_sql_saved_run(s2, "runs per year", NULL, &r), FI_OK, "run a saved query");
	ok(fi_sql_result_row_count(r) >= 10, "  a row per year");
	fi_sql_result_free(r);
	is_int(fi_sql_saved_run(s2, "nope", NULL, &r), FI_ENOTFOUND, "an unknown name");
	is_int(fi_sql_saved_delete(s2, "longest"), FI_OK, "delete");
	is_int(fi_sql_saved_delete(s2, "longest"), FI_ENOTFOUND, "  once");
	is_int(fi_sql_saved_get(s2, "longest", &list), FI_ENOTFOUND, "  gone");
	fi_store_close(s2);

	fi_store_params o = FI_STORE_PARAMS_INIT;
	o.flags = FI_STORE_READONLY;
	is_int(fi_store_open(path, &o, &s2), FI_OK, "open read-only");
	fi_sql_history *h = NULL;
	fi_sql_history_find(s2, NULL, 0, &h);
	size_t before = fi_sql_history_count(h);
	fi_sql_history_free(h);
	is_int(fi_sql_run(s2, "SELECT count(*) FROM saved_queries", NULL, &r), FI_OK, "queries run");
	is_int(fi_sql_result_cell_int(r, 0, 0), 1, "  one saved query left");
	fi_sql_result_free(r);
	is_int(fi_sql_saved_put(s2, "x", "SELECT 1", NULL, 0), FI_EREADONLY, "  saving needs a writable store");
	fi_sql_history_find(s2, NULL, 0, &h);
	is_int(fi_sql_history_count(h), before, "  and no history is written");
	fi_sql_history_free(h);
	fi_store_close(s2);
}

static void test_memory_store(void)
{
	fi_store *m = NULL;
	fi_store_open(":memory:", NULL, &m);
	fi_sql_result *r = NULL;
	is_int(fi_sql_run(m, "SELECT 1", NULL, &r), FI_EINVALID, "an in-memory store has no explorer");
	has_str(fi_error_last()->message, "needs a store in a file", "  says why");
	fi_store_close(m);
	is_int(fi_sql_run(NULL, "SELECT 1", NULL, &r), FI_EINVALID, "NULL store");
	ok(fi_sql_result_row_count(NULL) == 0 && fi_sql_result_column_name(NULL, 0) == NULL &&
	   fi_sql_result_cell_text(NULL, 0, 0, NULL) == NULL, "accessors accept NULL");
	fi_sql_result_free(NULL);
}

int main(void)
{
	fi_store *s = fixture();
	test_refusals(s);
	test_reads(s);
	test_types(s);
	test_limits(s);
	test_history(s);
	test_saved(s);   /* closes s */
	test_memory_store();
	test_cleanup();
	return tap_done();
}
