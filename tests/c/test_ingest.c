/* Ingest (SPEC §1.1–1.3): formats, reject reasons, policies, dedupe, re-import, atomicity. */
#include <unistd.h>

#include <sqlite3.h>

#include "helpers.h"
#include "../../libfitintel/store/store_internal.h"
#include "tap.h"

#define H EXPORT_HEADER "\n"
#define LINK "http://www.mapmyfitness.com/workout/"

static const char *db(void)
{
	return test_path("store.db");
}

/* Ingest text as a file, expect @want_rc, return the report (caller frees). */
static fi_import_report *ingest_text(fi_store *s, const char *name, const char *text, int policy,
				     int want_rc)
{
	const char *path = test_write_str(name, text);
	fi_import_report *r = NULL;
	int rc = test_ingest(s, path, policy, &r);
	if (!ok(rc == want_rc, "%s: status %s", name, fi_strerror(want_rc)))
		printf("#   got %s: %s\n", fi_strerror(rc), fi_error_last()->message);
	return r;
}

static void test_formats(void)
{
	fi_store *s = test_store("store.db");
	/* BOM, CRLF, quoted commas, doubled quotes and newlines in a field */
	const char *text = "\xEF\xBB\xBF" EXPORT_HEADER "\r\n"
		"\"Oct. 8, 2025\",\"Oct. 7, 2025\",Run,310,3.1,1800,9.6774,8.1,6.2,7.4,,5000,"
		"\"Tempo, then \"\"easy\"\"\r\nsecond line\",MapMyRun iPhone," LINK "100\r\n"
		"\"Oct. 9, 2025\",\"Oct. 9, 2025\",Walk,80,1.0,1200,20,18,3,3.3,,2000,,," LINK "101\r\n";
	fi_import_report *r = ingest_text(s, "formats.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_rows_added(r), 2, "BOM + CRLF: both rows added");
	is_str(test_query_text(db(), "SELECT notes FROM workouts WHERE id=100"),
	       "Tempo, then \"easy\"\r\nsecond line", "quoted comma, quotes and CRLF newline kept verbatim");
	is_str(test_query_text(db(), "SELECT workout_date FROM workouts WHERE id=100"), "2025-10-07",
	       "AP date stored as ISO");
	is_str(test_query_text(db(), "SELECT date_submitted FROM workouts WHERE id=100"), "2025-10-08",
	       "Date Submitted stored as ISO");
	is_str(test_query_text(db(), "SELECT quote(avg_heart_rate) FROM workouts WHERE id=100"), "NULL",
	       "an empty cell is NULL, not zero");
	is_str(test_query_text(db(), "SELECT quote(source) FROM workouts WHERE id=101"), "NULL",
	       "an empty text cell is NULL");
	is_str(test_query_text(db(), "SELECT typeof(steps) FROM workouts WHERE id=100"), "integer",
	       "steps stored as an integer");
	size_t n;
	const int64_t *ids = fi_import_report_new_ids(r, &n);
	ok(n == 2 && ids[0] == 100 && ids[1] == 101, "the report lists the new ids");
	fi_import_report_free(r);

	/* a header-only file and an empty file */
	r = ingest_text(s, "header-only.csv", H, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_status(r), FI_IMPORT_NO_NEW_ROWS, "header only: no_new_rows");
	is_int(fi_import_report_rows_read(r), 0, "header only: 0 rows read");
	fi_import_report_free(r);
	r = ingest_text(s, "empty.csv", "", FI_INGEST_STRICT, FI_EPARSE);
	has_str(fi_error_last()->message, "empty", "empty file: the message says it is empty");
	is_int(fi_import_report_status(r), FI_IMPORT_REJECTED, "empty file: recorded as rejected");
	fi_import_report_free(r);

	/* UTF-16 */
	r = ingest_text(s, "utf16.csv", "\xFF\xFE" "D\0a\0t\0e\0", FI_INGEST_STRICT, FI_EPARSE);
	has_str(fi_error_last()->message, "UTF-16", "UTF-16 named as such");
	fi_import_report_free(r);

	/* column order does not matter, extra columns are ignored and reported */
	text = "Link,Extra Column,Workout Time (seconds),Workout Date\n" LINK "300,x,900,\"Jan. 3, 2019\"\n";
	r = ingest_text(s, "reordered.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_rows_added(r), 1, "columns found by name in any order");
	has_str(fi_import_report_quality_json(r), "\"ignored_columns\":[\"Extra Column\"]",
		"unknown column reported");
	is_str(test_query_text(db(), "SELECT duration_s || ' ' || quote(distance_mi) FROM workouts WHERE id=300"),
	       "900.0 NULL", "absent columns are NULL");
	fi_import_report_free(r);

	/* metric export: stored in canonical miles */
	text = "Workout Date,Distance (km),Workout Time (seconds),Avg Pace (min/km),Avg Speed (km/h),Link\n"
	       "\"Jan. 4, 2019\",10,3000,5,12," LINK "301\n";
	r = ingest_text(s, "metric.csv", text, FI_INGEST_STRICT, FI_OK);
	has_str(fi_import_report_quality_json(r), "\"units\":\"km\"", "metric units recognised");
	is_str(test_query_text(db(), "SELECT printf('%.6f %.6f %.6f', distance_mi, avg_pace, avg_speed)"
				     " FROM workouts WHERE id=301"),
	       "6.213712 8.046720 7.456454", "km, min/km and km/h converted to mi, min/mi, mi/h");
	fi_import_report_free(r);

	/* Unicode and HTML-looking notes verbatim */
	const char *note = "Caf\xC3\xA9 run \xE2\x98\x95 <img src=x onerror=alert(1)> </script> \xF0\x9F\x90\x95";
	char big[1024];
	snprintf(big, sizeof big, H "%s", test_row(302, "Jan. 5, 2019", "3", note));
	r = ingest_text(s, "unicode.csv", big, FI_INGEST_STRICT, FI_OK);
	is_str(test_query_text(db(), "SELECT notes FROM workouts WHERE id=302"), note,
	       "Unicode and HTML-looking notes kept byte for byte");
	fi_import_report_free(r);
	fi_store_close(s);
}

static void test_missing_columns(void)
{
	fi_store *s = test_store("missing.db");
	fi_import_report *r = ingest_text(s, "nolink.csv",
		"Workout Date,Distance (mi),Notes\n\"Jan. 3, 2019\",3,hi\n", FI_INGEST_STRICT, FI_EPARSE);
	const char *m = fi_error_last()->message;
	has_str(m, "'Link'", "missing Link named");
	has_str(m, "'Workout Date', 'Distance (mi)', 'Notes'", "the columns found are listed");
	is_str(fi_error_last()->file, test_path("nolink.csv"), "the error names the file");
	is_int(fi_error_last()->line, 1, "the error names line 1");
	is_int(fi_import_report_status(r), FI_IMPORT_REJECTED, "recorded as rejected");
	fi_import_report_free(r);
	r = ingest_text(s, "nodist.csv", "Workout Date,Link\n", FI_INGEST_STRICT, FI_EPARSE);
	has_str(fi_error_last()->message, "'Distance (mi)' or 'Workout Time (seconds)'",
		"distance-or-time requirement named");
	fi_import_report_free(r);
	r = ingest_text(s, "dupcol.csv", "Workout Date,Link,Distance (mi),Distance (km)\n",
			FI_INGEST_STRICT, FI_EPARSE);
	has_str(fi_error_last()->message, "duplicate column", "two distance columns refused");
	fi_import_report_free(r);
	fi_store_close(s);
}

typedef struct reject_case {
	const char *name;
	const char *row;   /* without the newline */
	int reason;
	int column;
	const char *text;
} reject_case;

static void test_reject_reasons(void)
{
	static const reject_case cases[] = {
		{ "bad date", "\"Oct. 7, 2025\",\"Octob 7, 2025\",Run,1,1,1,1,1,1,1,,1,,," LINK "1",
		  FI_REJECT_BAD_DATE, 2, "Octob 7, 2025" },
		{ "impossible date", "\"Oct. 7, 2025\",\"Feb. 30, 2025\",Run,1,1,1,1,1,1,1,,1,,," LINK "2",
		  FI_REJECT_IMPOSSIBLE_DATE, 2, "Feb. 30, 2025" },
		{ "missing date", "\"Oct. 7, 2025\",,Run,1,1,1,1,1,1,1,,1,,," LINK "3",
		  FI_REJECT_MISSING_DATE, 2, "" },
		{ "missing id", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,1,1,1,1,,1,,," LINK,
		  FI_REJECT_MISSING_ID, 15, LINK },
		{ "not a number", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,three,1,1,1,1,1,,1,,," LINK "5",
		  FI_REJECT_NOT_NUMBER, 5, "three" },
		{ "negative", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,-30,1,1,1,1,,1,,," LINK "6",
		  FI_REJECT_NEGATIVE, 6, "-30" },
		{ "negative steps", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,1,1,1,1,,-5,,," LINK "7",
		  FI_REJECT_NEGATIVE, 12, "-5" },
		{ "not finite", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,NaN,1,1,1,1,1,1,,1,,," LINK "8",
		  FI_REJECT_NOT_FINITE, 4, "NaN" },
		{ "infinity", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,Infinity,1,1,1,,1,,," LINK "9",
		  FI_REJECT_NOT_FINITE, 7, "Infinity" },
		{ "field count", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,1,1,1,1,,1,," LINK "10",
		  FI_REJECT_FIELD_COUNT, 0, "" },
		{ "encoding", "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,1,1,1,1,,1,Caf\xE9,," LINK "11",
		  FI_REJECT_ENCODING, 13, "Caf\\xE9" },
	};
	fi_store *s = test_store("reasons.db");
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const reject_case *c = &cases[i];
		char text[2048];
		/* one good row first, so the bad row is on line 3 */
		snprintf(text, sizeof text, H "%s%s\n", test_row(9000 + (long long)i, "Oct. 1, 2025", "2", ""),
			 c->row);
		fi_import_report *r = ingest_text(s, "reason.csv", text, FI_INGEST_SKIP, FI_OK);
		const fi_reject *j = fi_import_report_reject(r, 0);
		ok(j && j->reason == c->reason, "%s: reason %s", c->name, fi_reject_reason_name(c->reason));
		if (j) {
			is_int(j->line, 3, "%s: line 3", c->name);
			is_int(j->column, c->column, "%s: column %d", c->name, c->column);
			is_str(j->text, c->text, "%s: offending text", c->name);
			has_str(j->message, "reason.csv:3:", "%s: message names file and line", c->name);
		}
		is_int(fi_import_report_rows_added(r), 1, "%s: the good row is still added (skip)", c->name);
		fi_import_report_free(r);
	}
	fi_store_close(s);
}

static int count_rejects(const fi_reject *r, void *payload)
{
	(void)r;
	(*(int *)payload)++;
	return 0;
}

static void test_policies(void)
{
	fi_store *s = test_store("policy.db");
	char text[8192];
	snprintf(text, sizeof text, H "%s", test_row(1, "Jan. 1, 2020", "3", ""));
	fi_import_report *r = ingest_text(s, "base.csv", text, FI_INGEST_STRICT, FI_OK);
	fi_import_report_free(r);
	char *before = test_dump_data(test_path("policy.db"));

	/* 3 good rows and 2 bad ones, the first bad one on a multi-line row */
	size_t len = (size_t)snprintf(text, sizeof text, H);
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(2, "Jan. 2, 2020", "3", "\"two\nlines\""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(3, "Jan. 3, 2020", "abc", ""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(4, "Jan. 4, 2020", "3", ""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(5, "Jan. 5, 2020", "-1", ""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(6, "Jan. 6, 2020", "3", ""));
	const char *path = test_write_str("mixed.csv", text);

	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	int seen = 0;
	o.reject_cb = count_rejects;
	o.reject_payload = &seen;
	int rc = fi_ingest_file(s, path, &o, &r);
	is_int(rc, FI_EPARSE, "strict: refused with FI_EPARSE");
	is_int(fi_error_last()->line, 4, "strict: the error names the first bad row's line (4)");
	is_str(fi_error_last()->field, "Distance (mi)", "strict: the error names the field");
	is_int(seen, 2, "strict: the reject callback saw both bad rows");
	is_int(fi_import_report_status(r), FI_IMPORT_REJECTED, "strict: status rejected");
	is_int(fi_import_report_rows_rejected(r), 2, "strict: 2 rejected");
	is_int(fi_import_report_rows_added(r), 0, "strict: 0 added");
	char *after = test_dump_data(test_path("policy.db"));
	is_str(after, before, "strict: every data table exactly as it was");
	free(after);
	is_str(test_query_text(test_path("policy.db"),
			       "SELECT status || ' ' || rows_rejected FROM imports ORDER BY id DESC"),
	       "rejected 2", "strict: the imports log records the refused attempt");
	is_str(test_query_text(test_path("policy.db"),
			       "SELECT group_concat(line) FROM import_rejects WHERE import_id = "
			       "(SELECT max(id) FROM imports)"), "4,6", "strict: rejects kept with lines");
	fi_import_report_free(r);

	r = ingest_text(s, "mixed.csv", text, FI_INGEST_SKIP, FI_OK);
	is_int(fi_import_report_status(r), FI_IMPORT_SUCCESS, "skip: success");
	is_int(fi_import_report_rows_added(r), 3, "skip: the 3 good rows added");
	is_int(fi_import_report_rows_rejected(r), 2, "skip: 2 rejected");
	is_int(test_count(test_path("policy.db"), "id IN (3,5)"), 0, "skip: bad rows not written");
	fi_import_report_free(r);

	/* max_rejects_kept caps what is kept, not what is counted */
	o = (fi_ingest_params)FI_INGEST_PARAMS_INIT;
	o.policy = FI_INGEST_SKIP;
	o.max_rejects_kept = 1;
	text[len] = '\n';  /* one more (empty) line: different bytes, same rows */
	path = test_write("mixed2.csv", text, len + 1);
	rc = fi_ingest_file(s, path, &o, &r);
	is_int(fi_import_report_rows_rejected(r), 2, "max_rejects_kept: both rejects counted");
	is_int((long long)fi_import_report_reject_count(r), 1, "max_rejects_kept: one kept");
	char *json = NULL;
	fi_import_report_to_json(r, &json);
	has_str(json, "\"rejects_truncated\":true", "max_rejects_kept: JSON says the list is truncated");
	fi_free(json);
	fi_import_report_free(r);
	fi_store_close(s);
	free(before);
}

static void test_dedupe_and_reimport(void)
{
	fi_store *s = test_store("dedupe.db");
	const char *store_path = test_path("dedupe.db");
	char text[65536];
	size_t len = (size_t)snprintf(text, sizeof text, H);
	for (int i = 0; i < 50; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(1000 + i, "Mar. 1, 2020", "2", ""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(1000, "Mar. 2, 2020", "9", ""));
	fi_import_report *r = ingest_text(s, "first.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_rows_added(r), 50, "50 distinct rows added");
	is_int(fi_import_report_rows_duplicate(r), 1, "a repeated id within the file is a duplicate");
	has_str(fi_import_report_quality_json(r), "\"duplicates_in_file\":1", "counted as in-file duplicate");
	is_str(test_query_text(store_path, "SELECT distance_mi FROM workouts WHERE id=1000"), "2.0",
	       "the first occurrence wins");
	fi_import_report_free(r);

	/* the same file again: answered from the hash, nothing read */
	r = ingest_text(s, "first.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_status(r), FI_IMPORT_NO_NEW_ROWS, "same file again: no_new_rows");
	is_int(fi_import_report_rows_added(r), 0, "same file again: 0 added");
	is_int(fi_import_report_rows_read(r), 0, "same file again: not even parsed");
	ok(fi_import_report_same_as(r) > 0, "same file again: points at the first import");
	fi_import_report_free(r);

	/* a newer export: the old rows plus 10 new ones, in a different order */
	len = (size_t)snprintf(text, sizeof text, H);
	for (int i = 0; i < 60; i++)
		len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(1059 - i, "Mar. 3, 2020", "2", ""));
	r = ingest_text(s, "newer.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_rows_added(r), 10, "newer export: exactly the 10 new rows added");
	is_int(fi_import_report_rows_duplicate(r), 50, "newer export: 50 duplicates of the store");
	has_str(fi_import_report_quality_json(r), "\"duplicates_in_store\":50", "counted as store duplicates");
	size_t n;
	const int64_t *ids = fi_import_report_new_ids(r, &n);
	ok(n == 10 && ids[0] == 1050 && ids[9] == 1059, "newer export: new ids 1050..1059");
	is_int(test_count(store_path, "1"), 60, "the store has 60 workouts");
	fi_import_report_free(r);

	/* all rows known but different bytes: parsed, nothing new */
	text[strlen(text) - 1] = '\0';   /* drop the final newline: different bytes, same rows */
	r = ingest_text(s, "newer-again.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_status(r), FI_IMPORT_NO_NEW_ROWS, "all duplicates: no_new_rows");
	is_int(fi_import_report_rows_duplicate(r), 60, "all duplicates counted");
	fi_import_report_free(r);
	fi_store_close(s);
}

static void test_extremes_and_limits(void)
{
	fi_store *s = test_store("extreme.db");
	const char *store_path = test_path("extreme.db");
	const char *text = H
		"\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,32767,0.01,1700000000,42554500,1,0,0,,4080000000,,," LINK "1\n"
		"\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,3,0,0,0,0,0,,0,,," LINK "2\n";
	fi_import_report *r = ingest_text(s, "extreme.csv", text, FI_INGEST_STRICT, FI_OK);
	is_int(fi_import_report_rows_added(r), 2, "garbage extremes are kept");
	is_str(test_query_text(store_path, "SELECT avg_pace || ' ' || duration_s || ' ' || steps FROM workouts WHERE id=1"),
	       "42554500.0 1700000000.0 4080000000", "extreme values stored as given");
	has_str(fi_import_report_quality_json(r), "\"pace\":2", "beyond-bounds pace counted in the quality summary");
	has_str(fi_import_report_quality_json(r), "\"duration\":2", "beyond-bounds duration counted");
	fi_import_report_free(r);

	/* a 50 MB field: over the default limit the file is refused with its location ... */
	size_t big = 50u << 20;
	size_t head = strlen(H) + 64;
	char *huge = malloc(head + big + 256);
	size_t len = (size_t)snprintf(huge, head, H "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,1,1,1,1,,1,\"");
	memset(huge + len, 'x', big);
	len += big;
	len += (size_t)snprintf(huge + len, 256, "\",," LINK "77\n");
	const char *path = test_write("big.csv", huge, len);
	free(huge);
	r = NULL;
	int rc = test_ingest(s, path, FI_INGEST_SKIP, &r);
	is_int(rc, FI_EPARSE, "50 MB field: refused under the default 1 MiB field limit");
	is_int(fi_error_last()->line, 2, "50 MB field: line named");
	is_str(fi_error_last()->field, "Notes", "50 MB field: field named");
	is_int(test_count(store_path, "id=77"), 0, "50 MB field: nothing written");
	fi_import_report_free(r);
	/* ... and with a raised limit it is kept verbatim */
	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	o.max_field_bytes = 64u << 20;
	rc = fi_ingest_file(s, path, &o, &r);
	is_int(rc, FI_OK, "50 MB field: accepted with max_field_bytes = 64 MiB");
	is_str(test_query_text(store_path, "SELECT length(notes) FROM workouts WHERE id=77"), "52428800",
	       "50 MB field: stored whole");
	fi_import_report_free(r);

	/* an unterminated quote at the end of the file */
	r = ingest_text(s, "open-quote.csv", H "\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run,1,1,1,1,1,1,1,,1,\"never closed",
			FI_INGEST_SKIP, FI_EPARSE);
	has_str(fi_error_last()->message, "never closed", "unterminated quote: named");
	is_int(fi_error_last()->line, 2, "unterminated quote: line named");
	fi_import_report_free(r);
	fi_store_close(s);
}

static int cancel_progress(const fi_progress *p, void *payload)
{
	(void)p;
	return ++*(int *)payload >= 2;
}

static void test_callbacks_and_memory_input(void)
{
	fi_store *s = test_store("cb.db");
	const char *store_path = test_path("cb.db");
	/* ~3 MB so the progress callback runs more than once */
	size_t cap = 4u << 20, len = 0;
	char *text = malloc(cap);
	len += (size_t)snprintf(text, cap, H);
	for (int i = 0; len + 512 < cap - 512 && i < 20000; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s", test_row(50000 + i, "May 1, 2021", "4", "\"a note that makes the row longer, with a comma\""));
	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	int calls = 0;
	o.progress_cb = cancel_progress;
	o.progress_payload = &calls;
	fi_import_report *r = NULL;
	int rc = fi_ingest_buffer(s, text, len, "memory.csv", &o, &r);
	is_int(rc, FI_EUSER, "a progress callback can cancel");
	ok(r == NULL, "a cancelled import hands back no report");
	is_int(test_count(store_path, "1"), 0, "a cancelled import writes nothing");
	is_str(test_query_text(store_path, "SELECT status FROM imports ORDER BY id DESC"), "failed",
	       "a cancelled import is logged as failed");

	rc = fi_ingest_buffer(s, text, len, "memory.csv", NULL, &r);
	is_int(rc, FI_OK, "an in-memory export imports");
	is_int(fi_import_report_rows_added(r), test_count(store_path, "1"), "all of it");
	is_str(fi_import_report_path(r), "memory.csv", "named as given");
	char *json = NULL;
	ok(fi_import_report_to_json(r, &json) == FI_OK && strstr(json, "\"status\":\"success\""),
	   "the report renders as JSON");
	fi_free(json);
	fi_import_report_free(r);
	free(text);

	/* the stored record reads back as it was handed out */
	fi_import_list *list = NULL;
	ok(fi_store_imports(s, &list) == FI_OK && fi_import_list_count(list) == 2, "two import records");
	const fi_import_report *last = fi_import_list_at(list, 0);
	is_int(fi_import_report_status(last), FI_IMPORT_SUCCESS, "newest first");
	size_t n;
	fi_import_report_new_ids(last, &n);
	is_int((long long)n, test_count(store_path, "1"), "stored record lists every new id");
	fi_import_list_free(list);
	is_int(fi_store_import_get(s, 999, &r), FI_ENOTFOUND, "unknown import id: FI_ENOTFOUND");
	fi_store_close(s);
}

static int cancel_at_once(const fi_progress *p, void *payload)
{
	(void)p;
	++*(int *)payload;
	return 1;
}

/* Another process holds the write lock: the import waits, but the progress callback keeps
 * running and can cancel the wait (SQLite's plain busy timeout would block silently). */
static void test_cancel_while_waiting_for_the_lock(void)
{
	fi_store_params so = FI_STORE_PARAMS_INIT;
	so.busy_timeout_ms = 20000;
	fi_store *s = NULL;
	const char *path = test_path("locked.db");
	unlink(path);
	if (fi_store_open(path, &so, &s) != FI_OK)
		return;
	sqlite3 *other;
	sqlite3_open(path, &other);
	ok(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, "another connection holds the write lock");
	char text[1024];
	snprintf(text, sizeof text, H "%s", test_row(1, "Jan. 1, 2020", "3", ""));
	fi_ingest_params o = FI_INGEST_PARAMS_INIT;
	int calls = 0;
	o.progress_cb = cancel_at_once;
	o.progress_payload = &calls;
	fi_import_report *r = NULL;
	int rc = fi_ingest_buffer(s, text, strlen(text), "locked.csv", &o, &r);
	is_int(rc, FI_EUSER, "cancelled while waiting for the lock");
	is_int(calls, 1, "the progress callback ran during the wait");
	ok(r == NULL, "no report");
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	is_int(test_count(path, "1"), 0, "nothing written");

	fi_store_params quick = FI_STORE_PARAMS_INIT;
	quick.busy_timeout_ms = 100;
	fi_store *s2 = NULL;
	fi_store_open(path, &quick, &s2);
	sqlite3_open(path, &other);
	sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	rc = fi_ingest_buffer(s2, text, strlen(text), "locked.csv", NULL, &r);
	is_int(rc, FI_EBUSY, "without a callback the busy timeout still applies: FI_EBUSY");
	has_str(fi_error_last()->message, "locked", "and the message says the store is locked");
	sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(other);
	is_int(fi_ingest_buffer(s2, text, strlen(text), "locked.csv", NULL, &r), FI_OK, "once free, it imports");
	fi_import_report_free(r);
	fi_store_close(s2);
	fi_store_close(s);
}

/* Every column of every workout, in id order, as text. */
static char *workouts_dump(const char *db_path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT group_concat(quote(id) || ',' || quote(workout_date) || ','"
			       " || quote(activity_type) || ',' || quote(distance_mi) || ',' || quote(duration_s)"
			       " || ',' || quote(avg_pace) || ',' || quote(steps) || ',' || quote(notes) || ','"
			       " || quote(link) || ',' || quote(label) || ',' || quote(method) || ','"
			       " || quote(confidence) || ',' || quote(reason), ';')"
			       " FROM (SELECT * FROM workouts ORDER BY id)", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		out = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

/* An import writes many rows per INSERT statement, as many as SQLite's parameter limit allows (a
 * build of SQLite may lower it): with the limit lowered, fewer rows per statement or one, and
 * the store holds the same rows and labels, row for row. */
static void test_parameter_limit(void)
{
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = 1000;   /* not a multiple of any statement's rows: the last ones go one by one */
	o.seed = 77;
	char csv[4096];   /* test_path() returns the same buffer each time */
	snprintf(csv, sizeof csv, "%s", test_path("limit.csv"));
	ok(fi_sample_write(csv, NULL, &o) == FI_OK, "an export of 1,000 workouts");
	const int limits[] = { -1, 999, 46, 30 };   /* default; 43, 2 and 1 row per statement */
	char *first = NULL;
	for (size_t i = 0; i < sizeof limits / sizeof *limits; i++) {
		char name[32];
		snprintf(name, sizeof name, "limit%zu.db", i);
		fi_store *s = test_store(name);
		if (limits[i] > 0)
			sqlite3_limit(s->db, SQLITE_LIMIT_VARIABLE_NUMBER, limits[i]);
		fi_import_report *r = NULL;
		int rc = test_ingest(s, csv, FI_INGEST_SKIP, &r);
		ok(rc == FI_OK && r && fi_import_report_rows_added(r) > 990,
		   "imported with SQLite's parameter limit at %d", limits[i]);
		fi_import_report_free(r);
		fi_store_close(s);
		char *dump = workouts_dump(test_path(name));
		if (!first) {
			first = dump;
			ok(first && strlen(first) > 1000, "  the store's rows, read back");
		} else {
			ok(first && dump && strcmp(first, dump) == 0, "  the same rows and labels as with the default limit");
			free(dump);
		}
	}
	free(first);
}

int main(void)
{
	test_formats();
	test_missing_columns();
	test_reject_reasons();
	test_policies();
	test_dedupe_and_reimport();
	test_extremes_and_limits();
	test_callbacks_and_memory_input();
	test_cancel_while_waiting_for_the_lock();
	test_parameter_limit();
	test_cleanup();
	return tap_done();
}
