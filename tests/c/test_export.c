/* Exports (SPEC §11): every kind in CSV and JSON, formula injection neutralised, streaming and
 * files written whole; and the JSON archive, whose import into an empty store reproduces every
 * row of every table bit for bit (and refuses a store that is not empty or a broken archive). */
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>


#include "helpers.h"
#include "tap.h"

static long long count_of(const char *path, const char *sql)
{
	return atoll(test_query_text(path, sql));
}

/* A store with rows in every table, and cells of every storage type and awkward value. */
static fi_store *fixture(const char *name)
{
	fi_store *s = test_store(name);
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = 2000;
	o.seed = 11;
	const char *csv = test_path("sample.csv");
	if (fi_sample_write(csv, NULL, &o) != FI_OK || test_ingest(s, csv, FI_INGEST_SKIP, NULL) != FI_OK ||
	    fi_model_train(s, NULL, NULL) != FI_OK) {
		fprintf(stderr, "fixture: %s\n", fi_error_last()->message);
		exit(2);
	}
	/* a second import with a rejected row (import_rejects) and formula-looking notes */
	char text[4096] = EXPORT_HEADER "\n";
	strcat(text, test_row(77, "Jan. 3, 2019", "3.1", "\"=cmd|' /C calc'!A0\""));
	strcat(text, test_row(78, "Jan. 4, 2019", "2.0", "\"-2+3, then @SUM(1)\""));
	strcat(text, test_row(79, "Feb. 30, 2019", "2.0", ""));
	strcat(text, test_row(80, "Jan. 5, 2019", "2.5", "\"@home \"\"quoted\"\"\nnext line\""));
	if (test_ingest(s, test_write_str("more.csv", text), FI_INGEST_SKIP, NULL) != FI_OK)
		printf("# second import: %s\n", fi_error_last()->message);
	fi_era_add(s, "2018-06-01", "Choco arrives", FI_LABEL_PUP_WALK, NULL);
	fi_correction_set(s, 77, FI_LABEL_REAL_RUN, "my long run");
	fi_correction_set(s, 78, FI_LABEL_MIXED, NULL);
	fi_correction_remove(s, 78);
	fi_config_set(s, "brief.days", "60");
	fi_sql_saved_put(s, "per year", "SELECT substr(workout_date, 1, 4) AS y, count(*) FROM workouts"
			 " GROUP BY y", "workouts per year", 0);
	fi_sql_result *r = NULL;
	fi_sql_run(s, "SELECT count(*) FROM workouts", NULL, &r);
	fi_sql_result_free(r);
	fi_sql_run(s, "DROP TABLE workouts", NULL, &r);
	/* awkward cells, written directly: what the archive must carry exactly */
	test_exec(fi_store_path(s),
		 "UPDATE workouts SET notes = 'nul' || char(0) || 'in' || char(1, 31, 127) || ' é ✓ 𝄞',"
		 " steps = 9223372036854775807, avg_pace = 0.1 + 0.2, max_speed = -0.0"
		 " WHERE id = (SELECT id FROM workouts ORDER BY id DESC LIMIT 1);"
		 "UPDATE workouts SET calories = 1e999, max_pace = -1e999, source = CAST(x'ff41fe' AS TEXT),"
		 " link = x'0001ff', avg_heart_rate = 4.9406564584124654e-324 WHERE id = 77;"
		 "UPDATE workouts SET steps = -9223372036854775808, notes = '', distance_mi = 1.7976931348623157e308"
		 " WHERE id = (SELECT id FROM workouts ORDER BY id DESC LIMIT 1 OFFSET 1);");
	return s;
}

static const char *find_line(const char *text, const char *start)
{
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, start, strlen(start)) == 0)
			return p;
	return NULL;
}

static void test_exports(fi_store *s)
{
	const char *path = fi_store_path(s);
	fi_export_params p = FI_EXPORT_PARAMS_INIT;
	char *out = NULL;
	size_t out_len = 0;
	is_int(fi_export_string(s, NULL, &out, &out_len), FI_OK, "workouts as CSV by default");
	ok(strncmp(out, "id,workout_date,date_submitted,activity_type,calories,distance_mi,duration_s,avg_pace,"
		   "max_pace,avg_speed,max_speed,avg_heart_rate,steps,notes,source,link,import_id,label,method,"
		   "confidence,model_id,cluster\r\n", 180) == 0, "  the header");
	ok(strstr(out, ",'=cmd|' /C calc'!A0,"), "  a formula in a note is neutralised");
	ok(strstr(out, ",\"'-2+3, then @SUM(1)\","), "  a leading - too (quoted for its comma)");
	ok(strstr(out, ",\"'@home \"\"quoted\"\"\nnext line\","), "  a leading @ too, quotes doubled");
	ok(strstr(out, ",-9223372036854775808,,") != NULL, "  the smallest integer and an empty note");
	const char *row77 = find_line(out, "77,");
	ok(row77 && strstr(row77, ",inf,") && strstr(row77, ",-inf,") && strstr(row77, "X'0001FF'"),
	   "  infinities and a blob");
	ok(row77 && strstr(row77, ",real_run,user,1.0,"), "  the corrected label, method and confidence");
	size_t lines = 0;
	bool quoted = false;
	ok(strlen(out) < out_len, "  a NUL byte of a note is kept (%zu < %zu)", strlen(out), out_len);
	has_str((const char *)memchr(out, '\0', out_len) + 1, "in\x01\x1f\x7f é ✓ 𝄞,", "  with what follows it");
	for (const char *c = out; c < out + out_len; c++) {
		if (*c == '"')
			quoted = !quoted;
		else if (*c == '\n' && !quoted)
			lines++;
	}
	is_int(lines, count_of(path, "SELECT count(*) FROM workouts") + 1, "  a row per workout");
	fi_free(out);

	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "2019-01-01";
	f.to = "2019-12-31";
	f.label = FI_LABEL_REAL_RUN;
	f.newest_first = 1;
	p.filter = &f;
	p.format = FI_EXPORT_JSON;
	is_int(fi_export_string(s, &p, &out, NULL), FI_OK, "workouts as JSON, filtered");
	size_t objects = 0;
	for (const char *c = strstr(out, "{\"id\":"); c; c = strstr(c + 1, "{\"id\":"))
		objects++;
	is_int(objects, count_of(path, "SELECT count(*) FROM workouts"
					 " WHERE workout_date BETWEEN '2019-01-01' AND '2019-12-31'"
					 " AND label = 'real_run'"), "  the filter's workouts");
	has_str(out, "\"label\":\"real_run\"", "  labelled");
	fi_free(out);
	f.from = "not a date";
	is_int(fi_export_string(s, &p, &out, NULL), FI_EINVALID, "a bad filter is refused");
	p.filter = NULL;

	static const struct {
		int kind, format;
		const char *want;
	} kinds[] = {
		{ FI_EXPORT_CORRECTIONS, FI_EXPORT_CSV, "id,workout_id,old_label,new_label,note,created_at\r\n" },
		{ FI_EXPORT_CORRECTIONS, FI_EXPORT_JSON, "\"note\":\"my long run\"" },
		{ FI_EXPORT_ERAS, FI_EXPORT_CSV, ",2018-06-01,Choco arrives,real_run,pup_walk," },
		{ FI_EXPORT_ERAS, FI_EXPORT_JSON, "\"name\":\"Choco arrives\"" },
		{ FI_EXPORT_MODELS, FI_EXPORT_CSV, ",feature_scaling,clusters\r\n1," },
		{ FI_EXPORT_MODELS, FI_EXPORT_JSON, "\"feature_scaling\":[{\"idx\":0,\"name\":\"pace\"" },
		{ FI_EXPORT_IMPORTS, FI_EXPORT_CSV, "id,path,size,sha256,started_at,finished_at,policy,status," },
		{ FI_EXPORT_IMPORTS, FI_EXPORT_JSON, "\"sha256\":" },
		{ FI_EXPORT_BRIEF, FI_EXPORT_CSV, "section,kind,severity,title,text,method,evidence\r\ninsight," },
		{ FI_EXPORT_BRIEF, FI_EXPORT_JSON, "\"recommendations\"" },
		{ FI_EXPORT_ARCHIVE, FI_EXPORT_JSON, "{\"format\":\"fitintel-archive\",\"archive_version\":1," },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		p.kind = kinds[i].kind;
		p.format = kinds[i].format;
		int rc = fi_export_string(s, &p, &out, NULL);
		is_int(rc, FI_OK, "%s as %s", fi_export_kind_name(p.kind), fi_export_format_name(p.format));
		if (rc)
			printf("#   %s\n", fi_error_last()->message);
		has_str(out, kinds[i].want, "  holds what it should (%zu)", i);
		fi_free(out);
		out = NULL;
	}
	p.kind = FI_EXPORT_MODELS;
	p.format = FI_EXPORT_JSON;
	fi_export_string(s, &p, &out, NULL);
	has_str(out, "\"clusters\":[{\"cluster\":0,\"label\":", "  models carry their clusters");
	fi_free(out);
	p.kind = FI_EXPORT_IMPORTS;
	fi_export_string(s, &p, &out, NULL);
	ok(strstr(out, "\"reason\":\"impossible_date\""), "  imports carry their rejected rows");
	fi_free(out);

	p.kind = FI_EXPORT_ARCHIVE;
	p.format = FI_EXPORT_CSV;
	is_int(fi_export_string(s, &p, &out, NULL), FI_EINVALID, "no archive as CSV");
	p.kind = 99;
	is_int(fi_export_string(s, &p, &out, NULL), FI_EINVALID, "an unknown kind");
	int k = 0;
	is_int(fi_export_kind_parse("models", &k), FI_OK, "kind names parse");
	is_int(k, FI_EXPORT_MODELS, "  models");
	is_int(fi_export_kind_parse("everything", &k), FI_EINVALID, "  an unknown name does not");
	is_int(fi_export_format_parse("json", &k), FI_OK, "format names parse");
	is_int(k, FI_EXPORT_JSON, "  json");
}

typedef struct chunks {
	size_t calls, bytes, small;
	int stop_after;
	bool last_small;
} chunks;

static int count_chunks(const char *data, size_t len, void *payload)
{
	chunks *c = payload;
	(void)data;
	if (c->last_small)
		c->small++;   /* a small piece came before this one: it was not the last */
	c->last_small = len < 256 * 1024;
	c->calls++;
	c->bytes += len;
	return c->stop_after && (int)c->calls >= c->stop_after;
}

static void test_streaming(fi_store *s)
{
	fi_export_params p = FI_EXPORT_PARAMS_INIT;
	p.kind = FI_EXPORT_ARCHIVE;
	p.format = FI_EXPORT_JSON;
	chunks c = { 0, 0, 0, 0, false };
	char *whole = NULL;
	is_int(fi_export_write(s, &p, count_chunks, &c), FI_OK, "stream the archive");
	size_t whole_len = 0;
	fi_export_string(s, &p, &whole, &whole_len);
	is_int(c.bytes, whole_len, "  every byte, as the string has them");
	ok(c.calls >= 2, "  in pieces (%zu)", c.calls);
	is_int(c.small, 0, "  of at least 256 KiB but the last");
	fi_free(whole);
	chunks stop = { 0, 0, 0, 1, false };
	is_int(fi_export_write(s, &p, count_chunks, &stop), FI_EUSER, "the writer can stop it");
	is_int(stop.calls, 1, "  after one piece");

	const char *file = test_path("workouts.csv");
	p.kind = FI_EXPORT_WORKOUTS;
	p.format = FI_EXPORT_CSV;
	is_int(fi_export_file(s, &p, file), FI_OK, "export to a file");
	struct stat sb;
	ok(stat(file, &sb) == 0 && sb.st_size > 10000, "  written");
	ok((sb.st_mode & 0777) == 0600, "  private (0600)");
	is_int(fi_export_file(s, &p, test_path("no/such/dir/x.csv")), FI_EIO, "an unwritable path");
	ok(stat(test_path("no/such/dir"), &sb) != 0, "  leaves nothing");
	p.kind = 99;
	is_int(fi_export_file(s, &p, test_path("bad.csv")), FI_EINVALID, "a refused export");
	ok(stat(test_path("bad.csv"), &sb) != 0, "  leaves no file");
}

/* The data generation is a cache key, not data: an archive does not carry it. Set to one value
 * so that two stores' dumps compare their data. */
static void same_generation(const char *db)
{
	test_exec(db, "UPDATE data_generation SET value = 0");
}

static void test_archive(fi_store *s)
{
	const char *archive = test_path("archive.json");
	fi_export_params p = FI_EXPORT_PARAMS_INIT;
	p.kind = FI_EXPORT_ARCHIVE;
	p.format = FI_EXPORT_JSON;
	is_int(fi_export_file(s, &p, archive), FI_OK, "write the archive");
	same_generation(fi_store_path(s));
	char *before = test_full_dump(fi_store_path(s));

	fi_store *copy = test_store("copy.db");
	int64_t rows = -1;
	int rc = fi_archive_import(copy, archive, &rows);
	is_int(rc, FI_OK, "import it into an empty store");
	if (rc)
		printf("#   %s\n", fi_error_last()->message);
	ok(strcmp(test_query_text(fi_store_path(copy), "SELECT value FROM data_generation"), "0") != 0,
	   "  the copy has a generation of its own, not the original's (now 0)");
	same_generation(fi_store_path(copy));
	char *after = test_full_dump(fi_store_path(copy));
	ok(strlen(before) > 100000, "  (the dump has %zu bytes)", strlen(before));
	ok(strcmp(before, after) == 0, "  every row of every table is the same, type and bits");
	if (strcmp(before, after) != 0) {
		size_t i = 0;
		while (before[i] && before[i] == after[i])
			i++;
		printf("#   first difference at byte %zu: '%.80s' vs '%.80s'\n", i, before + (i > 20 ? i - 20 : 0),
		       after + (i > 20 ? i - 20 : 0));
	}
	long long total = 0;
	char **tables = NULL;
	(void)tables;
	const char *names[] = { "workouts", "imports", "import_rejects", "corrections",
				"eras", "models", "model_features", "model_clusters", "settings",
				"saved_queries", "query_history" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", names[i]);
		long long n = count_of(fi_store_path(copy), sql);
		ok(n > 0, "  %s has rows (%lld)", names[i], n);
		total += n;
	}
	is_int(rows, total, "  the rows counted");

	/* the copy works as a store: classify reads the model, the explorer runs */
	fi_sql_result *r = NULL;
	is_int(fi_sql_run(copy, "SELECT count(*) FROM workouts", NULL, &r), FI_OK, "the copy answers queries");
	fi_sql_result_free(r);
	fi_sql_saved_list *list = NULL;
	fi_sql_saved_get(copy, "per year", &list);
	is_int(fi_sql_saved_list_count(list), 1, "  with its saved query");
	fi_sql_saved_list_free(list);

	/* a second import: refused, nothing changes */
	char *again = test_full_dump(fi_store_path(copy));
	is_int(fi_archive_import(copy, archive, &rows), FI_EINVALID, "a store that is not empty is refused");
	has_str(fi_error_last()->message, "is not empty", "  says why");
	char *again2 = test_full_dump(fi_store_path(copy));
	is_str(again2, again, "  and is unchanged");
	free(again);
	free(again2);
	fi_store_close(copy);
	free(after);

	/* broken archives leave the empty store empty */
	FILE *fa = fopen(archive, "rb");
	fseek(fa, 0, SEEK_END);
	long size = ftell(fa);
	fseek(fa, 0, SEEK_SET);
	char *text = malloc((size_t)size + 1);
	size_t got = fread(text, 1, (size_t)size, fa);
	fclose(fa);
	text[got] = '\0';
	fi_store *empty = test_store("empty.db");
	char *empty_dump = test_full_dump(fi_store_path(empty));
	test_write("cut.json", text, got / 2);
	is_int(fi_archive_import(empty, test_path("cut.json"), NULL), FI_EPARSE, "half an archive is refused");
	ok(fi_error_last()->line >= 1 && fi_error_last()->column >= 1, "  with a position (line %ld)",
	   fi_error_last()->line);
	char *d = test_full_dump(fi_store_path(empty));
	is_str(d, empty_dump, "  nothing was written");
	free(d);
	test_write_str("other.json", "{\"format\":\"something else\",\"tables\":[]}");
	is_int(fi_archive_import(empty, test_path("other.json"), NULL), FI_EPARSE, "not an archive");
	test_write_str("newer.json", "{\"format\":\"fitintel-archive\",\"archive_version\":1,"
		       "\"schema_version\":99,\"tables\":[]}");
	is_int(fi_archive_import(empty, test_path("newer.json"), NULL), FI_EVERSION, "a newer schema");
	test_write_str("table.json", "{\"format\":\"fitintel-archive\",\"schema_version\":1,"
		       "\"tables\":[{\"name\":\"nope\",\"columns\":[\"a\"],\"rows\":[]}]}");
	is_int(fi_archive_import(empty, test_path("table.json"), NULL), FI_EPARSE, "an unknown table");
	test_write_str("cells.json", "{\"format\":\"fitintel-archive\",\"schema_version\":3,"
		       "\"tables\":[{\"name\":\"settings\",\"columns\":[\"key\",\"value\"],\"rows\":[[\"a\"]]}]}");
	is_int(fi_archive_import(empty, test_path("cells.json"), NULL), FI_EPARSE, "a short row");
	test_write_str("fk.json", "{\"format\":\"fitintel-archive\",\"schema_version\":3,"
		       "\"tables\":[{\"name\":\"workouts\",\"columns\":[\"id\",\"workout_date\",\"import_id\"],"
		       "\"rows\":[[1,\"2020-01-01\",5]]}]}");
	is_int(fi_archive_import(empty, test_path("fk.json"), NULL), FI_ESTORE,
	       "a row whose import is missing (foreign key, checked at the end)");
	test_write_str("garbage.json", "\x01\x02 not json");
	is_int(fi_archive_import(empty, test_path("garbage.json"), NULL), FI_EPARSE, "garbage");
	is_int(fi_archive_import(empty, test_path("missing.json"), NULL), FI_EIO, "a missing file");
	test_write_str("min.json", "{\"format\":\"fitintel-archive\",\"schema_version\":3,\"tables\":[]}\n\n");
	is_int(fi_archive_import(empty, test_path("min.json"), NULL), FI_OK, "an empty archive imports");
	d = test_full_dump(fi_store_path(empty));
	is_str(d, empty_dump, "  the store is still empty");
	free(d);
	test_write_str("esc.json", "{\"format\":\"fitintel-archive\",\"schema_version\":3,\"tables\":["
		       "{\"name\":\"settings\",\"columns\":[\"key\",\"value\"],"
		       "\"rows\":[[\"k\\u00e9\\ud834\\udd1e\\n\\\"\\/\",{\"text_hex\":\"ff00\"}],[\"b\",{\"blob\":\"\"}]]}]}");
	is_int(fi_archive_import(empty, test_path("esc.json"), NULL), FI_OK, "escapes, text_hex and blob cells");
	is_str(test_query_text(fi_store_path(empty), "SELECT hex(key) || ' ' || hex(value) || ' ' || typeof(value)"
			       " FROM settings WHERE key <> 'b'"), "6BC3A9F09D849E0A222F FF00 text",
	       "  decoded to the same bytes");
	is_str(test_query_text(fi_store_path(empty), "SELECT typeof(value) FROM settings WHERE key = 'b'"),
	       "blob", "  an empty blob");
	fi_store_close(empty);
	free(empty_dump);
	free(text);
	free(before);

	fi_store_params o = FI_STORE_PARAMS_INIT;
	o.flags = FI_STORE_READONLY;
	fi_store *ro = NULL;
	fi_store_open(test_path("empty.db"), &o, &ro);
	is_int(fi_archive_import(ro, archive, NULL), FI_EREADONLY, "a read-only store is refused");
	fi_store_close(ro);
}

int main(void)
{
	fi_store *s = fixture("export.db");
	test_exports(s);
	test_streaming(s);
	test_archive(s);
	fi_store_close(s);
	test_cleanup();
	return tap_done();
}
