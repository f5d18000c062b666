/* The store: where it lives, schema migrations, refusing files that are not ours, read-only use,
 * and reading workouts back with filters. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


#include "helpers.h"
#include "tap.h"

static void test_default_path(void)
{
	char *p = NULL;
	setenv("FITINTEL_DB", "/tmp/x/explicit.db", 1);
	ok(fi_store_default_path(&p) == FI_OK && strcmp(p, "/tmp/x/explicit.db") == 0, "FITINTEL_DB wins");
	fi_free(p);
	unsetenv("FITINTEL_DB");
	setenv("XDG_DATA_HOME", "/data/home", 1);
	ok(fi_store_default_path(&p) == FI_OK && strcmp(p, "/data/home/fitintel/fitintel.db") == 0,
	   "then $XDG_DATA_HOME/fitintel/fitintel.db");
	fi_free(p);
	setenv("XDG_DATA_HOME", "relative/dir", 1);
	setenv("HOME", "/home/me", 1);
	ok(fi_store_default_path(&p) == FI_OK && strcmp(p, "/home/me/.local/share/fitintel/fitintel.db") == 0,
	   "a relative XDG_DATA_HOME is ignored: ~/.local/share/fitintel/fitintel.db");
	fi_free(p);
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	ok(fi_store_default_path(&p) == FI_EINVALID && p == NULL, "no variables: FI_EINVALID");

	/* opening with NULL creates the folders of the default path */
	char dir[512];
	snprintf(dir, sizeof dir, "%s/xdg", test_tmpdir());
	setenv("XDG_DATA_HOME", dir, 1);
	fi_store *s = NULL;
	ok(fi_store_open(NULL, NULL, &s) == FI_OK, "open with the default path");
	char want[600];
	snprintf(want, sizeof want, "%s/fitintel/fitintel.db", dir);
	is_str(fi_store_path(s), want, "the store was created under XDG_DATA_HOME");
	ok(access(want, F_OK) == 0, "the file exists");
	fi_store_close(s);
	unsetenv("XDG_DATA_HOME");
}

static void test_schema(void)
{
	fi_store *s = test_store("schema.db");
	const char *path = test_path("schema.db");
	is_int(fi_store_schema_version(s), fi_store_schema_latest(), "a new store is at the latest schema");
	char latest[16];
	snprintf(latest, sizeof latest, "%d", fi_store_schema_latest());
	is_str(test_query_text(path, "PRAGMA user_version"), latest, "user_version records it");
	is_str(test_query_text(path, "PRAGMA journal_mode"), "wal", "the store runs in WAL mode");
	is_str(test_query_text(path, "PRAGMA application_id"), "1179210801", "marked as a libfitintel store");
	fi_store_close(s);
	ok(fi_store_open(path, NULL, &s) == FI_OK, "reopening works");
	fi_store_close(s);

	test_exec(path, "PRAGMA user_version = 99");
	s = NULL;
	is_int(fi_store_open(path, NULL, &s), FI_EVERSION, "a newer schema is refused");
	has_str(fi_error_last()->message, "schema version 99", "the message names the version");
	ok(s == NULL, "no handle on failure");

	const char *other = test_path("other.db");
	test_exec(other, "CREATE TABLE t(x)");
	is_int(fi_store_open(other, NULL, &s), FI_ESTORE, "another application's database is refused");
	has_str(fi_error_last()->message, "not a libfitintel store", "and says why");
	is_str(test_query_text(other, "SELECT count(*) FROM sqlite_schema"), "1", "and is left untouched");

	const char *junk = test_write_str("junk.db", "this is not a database at all, just some text ....................................................................");
	is_int(fi_store_open(junk, NULL, &s), FI_ESTORE, "a text file is refused");
	char nested[600];
	snprintf(nested, sizeof nested, "%s/new/folders/s.db", test_tmpdir());
	ok(fi_store_open(nested, NULL, &s) == FI_OK, "missing folders of an explicit path are created");
	fi_store_close(s);
	is_int(fi_store_open("/proc/version/x/y.db", NULL, &s), FI_EIO, "an impossible path: FI_EIO");
}

static void test_readonly_and_workouts(void)
{
	fi_store *s = test_store("ro.db");
	const char *path = test_path("ro.db");
	char text[4096];
	size_t len = (size_t)snprintf(text, sizeof text, EXPORT_HEADER "\n");
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(3, "Jan. 3, 2020", "3", ""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(1, "Jan. 1, 2020", "1", "\"hello, world\""));
	len += (size_t)snprintf(text + len, sizeof text - len, "%s", test_row(2, "Jan. 2, 2020", "2", ""));
	len += (size_t)snprintf(text + len, sizeof text - len,
				"\"Jan. 2, 2020\",\"Jan. 2, 2020\",Walk,,1.5,,,,,,,,,," "http://www.mapmyfitness.com/workout/4\n");
	is_int(test_ingest(s, test_write_str("w.csv", text), FI_INGEST_STRICT, NULL), FI_OK, "fixture imported");
	int64_t n = 0;
	ok(fi_store_workout_count(s, &n) == FI_OK && n == 4, "4 workouts");
	fi_store_close(s);

	fi_store_params o = FI_STORE_PARAMS_INIT;
	o.flags = FI_STORE_READONLY;
	ok(fi_store_open(path, &o, &s) == FI_OK, "open read-only");
	is_int(test_ingest(s, test_path("w.csv"), FI_INGEST_STRICT, NULL), FI_EREADONLY,
	       "ingest into a read-only store: FI_EREADONLY");

	fi_workout_cursor *c = NULL;
	const fi_workout *w;
	ok(fi_workouts_open(s, NULL, &c) == FI_OK, "cursor over everything");
	long long order[8];
	int count = 0;
	while (fi_workout_cursor_next(c, &w) == 1 && count < 8)
		order[count++] = w->id;
	ok(count == 4 && order[0] == 1 && order[1] == 2 && order[2] == 4 && order[3] == 3,
	   "oldest first, then by id");
	fi_workout_cursor_free(c);

	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "Jan. 2, 2020";
	f.to = "2020-01-02";
	f.activity_type = "walk";
	ok(fi_workouts_open(s, &f, &c) == FI_OK, "cursor with filters");
	ok(fi_workout_cursor_next(c, &w) == 1 && w->id == 4, "date range and type (any case) filter");
	ok(isnan(w->calories) && isnan(w->steps) && w->notes == NULL && w->distance_mi == 1.5,
	   "missing numbers are NaN, missing text NULL");
	ok(fi_workout_cursor_next(c, &w) == 0 && w == NULL, "then the end");
	fi_workout_cursor_free(c);

	f = (fi_workout_filter)FI_WORKOUT_FILTER_INIT;
	f.from = "the day after tomorrow";
	is_int(fi_workouts_open(s, &f, &c), FI_EINVALID, "a bad date in the filter: FI_EINVALID");
	has_str(fi_error_last()->message, "the day after tomorrow", "and the message quotes it");
	fi_store_close(s);
}

static void test_errors(void)
{
	fi_error_clear();
	is_int(fi_error_last()->code, FI_OK, "no error after clear");
	ok(fi_error_last()->message != NULL && fi_error_last()->file != NULL, "fields are never NULL");
	is_str(fi_strerror(FI_EPARSE), "FI_EPARSE", "fi_strerror names codes");
	is_str(fi_strerror(12345), "FI_UNKNOWN", "and unknown ones");
	fi_store_params o;
	is_int(fi_store_params_init(&o, 999), FI_EINVALID, "unknown options version refused");
	is_int(fi_store_open("x", NULL, NULL), FI_EINVALID, "NULL out refused");
	fi_store_close(NULL);
	fi_import_report_free(NULL);
	fi_workout_cursor_free(NULL);
	fi_import_list_free(NULL);
	fi_free(NULL);
	ok(1, "every destructor accepts NULL");
	is_str(fi_version_string(), FI_VERSION_STRING, "run-time and compile-time versions agree");
	is_int(fi_version(), FI_VERSION_NUMBER, "version number agrees");
}

/* Code written for 0.1 uses the _options names: it must build and behave the same. */
static void test_names_of_0_1(void)
{
	fi_store_options so = FI_STORE_OPTIONS_INIT, sp;
	fi_ingest_options io, ip;
	fi_sample_options mo, mp;
	is_int(fi_store_options_init(&sp, FI_STORE_OPTIONS_VERSION), FI_OK, "fi_store_options_init");
	/* field by field: struct padding is not part of the defaults */
	ok(so.version == sp.version && so.flags == sp.flags && so.busy_timeout_ms == sp.busy_timeout_ms,
	   "FI_STORE_OPTIONS_INIT and fi_store_options_init agree");
	is_int(fi_store_options_init(&sp, 999), FI_EINVALID, "and refuse an unknown version, as the new name does");
	is_int(fi_ingest_options_init(&io, FI_INGEST_OPTIONS_VERSION), FI_OK, "fi_ingest_options_init");
	is_int(fi_ingest_params_init(&ip, FI_INGEST_PARAMS_VERSION), FI_OK, "fi_ingest_params_init");
	ok(io.version == ip.version && io.policy == ip.policy && io.max_rejects_kept == ip.max_rejects_kept &&
	   io.max_field_bytes == ip.max_field_bytes && !io.progress_cb && !io.reject_cb,
	   "the old and new ingest names fill the same defaults");
	is_int(fi_sample_options_init(&mo, FI_SAMPLE_OPTIONS_VERSION), FI_OK, "fi_sample_options_init");
	is_int(fi_sample_params_init(&mp, FI_SAMPLE_PARAMS_VERSION), FI_OK, "fi_sample_params_init");
	ok(mo.version == mp.version && mo.rows == mp.rows && mo.seed == mp.seed && mo.first_id == mp.first_id &&
	   strcmp(mo.start_date, mp.start_date) == 0 && strcmp(mo.end_date, mp.end_date) == 0 &&
	   strcmp(mo.era_date, mp.era_date) == 0 && mo.units == mp.units && mo.profiles == mp.profiles,
	   "the old and new sample names fill the same defaults");
	fi_store *s = NULL;
	is_int(fi_store_open(test_path("old-names.db"), &so, &s), FI_OK, "fi_store_open takes fi_store_options");
	fi_store_close(s);
}

/* fi_store_data_version(): moves with a commit of this handle or of another, and only then. */
static void test_data_version(void)
{
	fi_store *a = test_store("version.db"), *b = NULL;
	ok(fi_store_open(test_path("version.db"), NULL, &b) == FI_OK, "a second handle on the same file");
	int64_t v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0;
	is_int(fi_store_data_version(a, &v0), FI_OK, "read the data version");
	is_int(fi_store_data_version(a, &v1), FI_OK, "and again");
	ok(v0 >= 1 && v1 == v0, "it starts at 1 or more and stands while nothing changes (%lld, %lld)",
	   (long long)v0, (long long)v1);
	char text[1024];
	snprintf(text, sizeof text, EXPORT_HEADER "\n%s", test_row(1, "Jan. 1, 2020", "1", ""));
	is_int(test_ingest(a, test_write_str("version.csv", text), FI_INGEST_STRICT, NULL), FI_OK, "import through it");
	fi_store_data_version(a, &v2);
	ok(v2 > v1, "a commit of this handle moves it (%lld → %lld)", (long long)v1, (long long)v2);
	fi_store_data_version(a, &v3);
	is_int(fi_era_add(b, "2019-06-01", "Choco", FI_LABEL_UNKNOWN, NULL), FI_OK, "the other handle writes an era");
	fi_store_data_version(a, &v4);
	ok(v3 == v2 && v4 > v3, "another connection's commit moves it too (%lld → %lld)", (long long)v3, (long long)v4);
	is_int(fi_store_data_version(NULL, &v4), FI_EINVALID, "NULL store refused");
	is_int(fi_store_data_version(a, NULL), FI_EINVALID, "NULL out refused");
	fi_store_close(b);
	fi_store_close(a);
}

int main(void)
{
	test_names_of_0_1();
	test_data_version();
	test_default_path();
	test_schema();
	test_readonly_and_workouts();
	test_errors();
	test_cleanup();
	return tap_done();
}
