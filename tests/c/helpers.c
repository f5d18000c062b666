#include "helpers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

static char tmpdir[256];

const char *test_tmpdir(void)
{
	if (!tmpdir[0]) {
		const char *base = getenv("TMPDIR");
		snprintf(tmpdir, sizeof tmpdir, "%s/fitintel-test-XXXXXX", base ? base : "/tmp");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return tmpdir;
}

void test_cleanup(void)
{
	if (!tmpdir[0])
		return;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	tmpdir[0] = '\0';
}

const char *test_path(const char *name)
{
	static char slots[8][512];
	static int next;
	char *p = slots[next++ % 8];
	snprintf(p, 512, "%s/%s", test_tmpdir(), name);
	return p;
}

const char *test_write(const char *name, const char *content, size_t len)
{
	const char *path = test_path(name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(content, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

const char *test_row(long long id, const char *date, const char *distance, const char *notes)
{
	static char row[4096];
	snprintf(row, sizeof row,
		 "\"%s\",\"%s\",Run,310,%s,1800,9.6774,8.1,6.2,7.4,,5000,%s,MapMyRun iPhone,"
		 "http://www.mapmyfitness.com/workout/%lld\n",
		 date, date, distance, notes ? notes : "", id);
	return row;
}

fi_store *test_store(const char *name)
{
	fi_store *s = NULL;
	unlink(test_path(name));
	if (fi_store_open(test_path(name), NULL, &s) != FI_OK) {
		fprintf(stderr, "cannot open store: %s\n", fi_error_last()->message);
		exit(2);
	}
	return s;
}

static void append(char **buf, size_t *len, const char *s)
{
	size_t n = strlen(s);
	*buf = realloc(*buf, *len + n + 1);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

char *test_dump_data(const char *db_path)
{
	sqlite3 *db;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "dump: cannot open %s\n", db_path);
		exit(2);
	}
	char *out = NULL;
	size_t len = 0;
	append(&out, &len, "");
	sqlite3_stmt *tables;
	sqlite3_prepare_v2(db,
			   "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT IN"
			   " ('imports','import_rejects') AND name NOT LIKE 'sqlite_%' ORDER BY name",
			   -1, &tables, NULL);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char sql[256];
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		append(&out, &len, "== ");
		append(&out, &len, name);
		append(&out, &len, "\n");
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY 1", name);
		sqlite3_stmt *rows;
		sqlite3_prepare_v2(db, sql, -1, &rows, NULL);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int i = 0; i < sqlite3_column_count(rows); i++) {
				const char *v = (const char *)sqlite3_column_text(rows, i);
				append(&out, &len, v ? v : "NULL");
				append(&out, &len, "|");
			}
			append(&out, &len, "\n");
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return out;
}

int test_ingest(fi_store *s, const char *path, int policy, fi_import_report **report)
{
	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	o.policy = policy;
	fi_import_report *r = NULL;
	int rc = fi_ingest_file(s, path, &o, &r);
	if (report)
		*report = r;
	else
		fi_import_report_free(r);
	return rc;
}

fi_store *test_store_with(const char *name, const char *csv_path)
{
	fi_store *s = test_store(name);
	if (test_ingest(s, csv_path, FI_INGEST_STRICT, NULL) != FI_OK) {
		fprintf(stderr, "ingest failed: %s\n", fi_error_last()->message);
		exit(2);
	}
	return s;
}

void test_exec(const char *db_path, const char *sql)
{
	sqlite3 *db;
	sqlite3_open(db_path, &db);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		printf("# sql failed: %s\n", sqlite3_errmsg(db));
	sqlite3_close(db);
}

void test_iso_of_day(int32_t day, char out[11])
{
	long z = (long)day + 719468, era = (z >= 0 ? z : z - 146096) / 146097, doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, tmp, 11);
}

long long test_count(const char *db_path, const char *where)
{
	sqlite3 *db;
	sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);
	char sql[1024];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM workouts WHERE %s", where);
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

const char *test_query_text(const char *db_path, const char *sql)
{
	static char out[8192];
	sqlite3 *db;
	sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL);
	sqlite3_stmt *st;
	snprintf(out, sizeof out, "(none)");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		snprintf(out, sizeof out, "%s", v ? v : "");
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* Buffers grow to powers of two, so the capacity follows from the length (appends stay linear). */
static size_t dump_capacity(size_t need)
{
	size_t cap = 64;
	while (cap < need)
		cap *= 2;
	return cap;
}

static void dump_append(char **buf, size_t *len, const void *s, size_t n)
{
	if (!*buf || dump_capacity(*len + 1) < *len + n + 1)
		*buf = realloc(*buf, dump_capacity(*len + n + 1));
	if (n)
		memcpy(*buf + *len, s, n);
	*len += n;
	(*buf)[*len] = '\0';
}

char *test_full_dump(const char *db_path)
{
	sqlite3 *db;
	char *out = NULL, cell[128];
	size_t len = 0;
	dump_append(&out, &len, "", 0);
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		return out;
	const char *header[] = { "PRAGMA user_version", "PRAGMA application_id", "PRAGMA journal_mode",
				 "PRAGMA page_size" };
	for (size_t i = 0; i < sizeof header / sizeof *header; i++) {
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, header[i], -1, &st, NULL);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			dump_append(&out, &len, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
		dump_append(&out, &len, "\n", 1);
		sqlite3_finalize(st);
	}
	sqlite3_stmt *tables;
	sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema ORDER BY name", -1, &tables, NULL);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char sql[256];
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		const char *ddl = (const char *)sqlite3_column_text(tables, 1);
		dump_append(&out, &len, "== ", 3);
		dump_append(&out, &len, ddl ? ddl : name, strlen(ddl ? ddl : name));
		dump_append(&out, &len, "\n", 1);
		if (!ddl || strncmp(ddl, "CREATE TABLE", 12) != 0)
			continue;
		snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", name);
		sqlite3_stmt *rows;
		sqlite3_prepare_v2(db, sql, -1, &rows, NULL);
		while (sqlite3_step(rows) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(rows); c++) {
				int t = sqlite3_column_type(rows, c);
				if (t == SQLITE_FLOAT)
					snprintf(cell, sizeof cell, "R%a|", sqlite3_column_double(rows, c));
				else if (t == SQLITE_INTEGER)
					snprintf(cell, sizeof cell, "I%lld|", (long long)sqlite3_column_int64(rows, c));
				else if (t == SQLITE_NULL)
					snprintf(cell, sizeof cell, "N|");
				else
					snprintf(cell, sizeof cell, "%c%d:", t == SQLITE_TEXT ? 'T' : 'B',
						 sqlite3_column_bytes(rows, c));
				dump_append(&out, &len, cell, strlen(cell));
				/* bytes in hex: a NUL inside a cell must not end the dump's string */
				if (t == SQLITE_TEXT || t == SQLITE_BLOB) {
					const unsigned char *b = sqlite3_column_blob(rows, c);
					for (int k = 0; k < sqlite3_column_bytes(rows, c); k++) {
						snprintf(cell, sizeof cell, "%02x", b[k]);
						dump_append(&out, &len, cell, 2);
					}
				}
			}
			dump_append(&out, &len, "\n", 1);
		}
		sqlite3_finalize(rows);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
	return out;
}

uint64_t test_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}
