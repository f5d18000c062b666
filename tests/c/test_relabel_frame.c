/* Classification passes that read the store's whole frame (classify/relabel.c): they compare
 * their decisions with the frame's stored classification, write only the rows that change, and
 * leave the relabelled frame as the store's cache and snapshot at commit. The stored labels must
 * be exactly those of the pass that reads SQLite, on generated exports with the mess of real ones
 * (seeds not used elsewhere); the frame left behind must equal the rows; a transaction that
 * writes workouts after the pass, or rolls back, must not leave it. */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "frame_compare.h"
#include "helpers.h"
#include "tap.h"

#include "../../libfitintel/classify/model_internal.h"

/* Rows whose label columns differ between two stores, or −1 when the stores cannot be read; the
 * first difference is described in @first. */
static long label_differences(const char *a, const char *b, char *first, size_t len)
{
	static const char sql[] =
		"SELECT id, label, method, confidence, model_id, cluster, reason FROM workouts ORDER BY id";
	sqlite3 *da = NULL, *db = NULL;
	sqlite3_stmt *sa = NULL, *sb = NULL;
	long diff = -1;
	first[0] = '\0';
	if (sqlite3_open_v2(a, &da, SQLITE_OPEN_READONLY, NULL) || sqlite3_open_v2(b, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(da, sql, -1, &sa, NULL) || sqlite3_prepare_v2(db, sql, -1, &sb, NULL))
		goto done;
	diff = 0;
	for (;;) {
		int ra = sqlite3_step(sa), rb = sqlite3_step(sb);
		if (ra != rb) {
			diff++;
			snprintf(first, len, "the stores hold different rows");
			break;
		}
		if (ra != SQLITE_ROW)
			break;
		for (int c = 0; c < 7; c++) {
			int ta = sqlite3_column_type(sa, c), tb = sqlite3_column_type(sb, c);
			bool same = ta == tb && (ta == SQLITE_NULL ||
				    (ta == SQLITE_FLOAT ? sqlite3_column_double(sa, c) == sqlite3_column_double(sb, c)
							: strcmp((const char *)sqlite3_column_text(sa, c),
								 (const char *)sqlite3_column_text(sb, c)) == 0));
			if (!same) {
				if (!diff)
					snprintf(first, len, "workout %lld, column %d: %s vs %s",
						 (long long)sqlite3_column_int64(sa, 0), c,
						 (const char *)sqlite3_column_text(sa, c), (const char *)sqlite3_column_text(sb, c));
				diff++;
				break;
			}
		}
	}
done:
	sqlite3_finalize(sa);
	sqlite3_finalize(sb);
	sqlite3_close(da);
	sqlite3_close(db);
	return diff;
}

/* Whether the snapshot beside @path is the store's current one and equals its rows, and the
 * store handle's own frame equals them too: what a pass through the frame leaves. */
static bool frame_left_current(fi_store *s, const char *path)
{
	fi_store *fresh = NULL;
	fi_frame *snap = NULL, *rows = NULL, *cached = NULL;
	int64_t generation = 0;
	bool ok = fi_store_open(path, NULL, &fresh) == FI_OK && fi__store_generation(fresh, &generation) == FI_OK &&
		  fi__snapshot_load(fresh, generation, &snap) && fi__frame_read(fresh, NULL, true, &rows) == FI_OK &&
		  test_same_frame(snap, rows) && fi_frame_load_text(s, NULL, &cached) == FI_OK &&
		  test_same_frame(cached, rows);
	fi_frame_free(snap);
	fi_frame_free(rows);
	fi_frame_free(cached);
	fi_store_close(fresh);
	return ok;
}

/* What a classification of @s counts (a pass that writes nothing). */
static void classify_summary(fi_store *s, fi_classify_summary *sum)
{
	fi_classify_summary got;
	memset(&got, 0, sizeof got);
	if (fi_classify_store(s, NULL, &got) == FI_OK)
		*sum = got;
}

/* One write through both stores: @a as a user runs it (its passes read the frame), @b as if its
 * transaction had written workouts already (its passes read SQLite). */
typedef int (*store_step)(fi_store *s, void *arg);

static void both(fi_store *a, fi_store *b, const char *pa, const char *pb, store_step step, void *arg,
		 const char *what)
{
	fi__relabel_rows_per_thread(300);     /* @a decides on every thread there is */
	fi_classify_summary sa = { 0 }, sb = { 0 };
	int ra = step(a, arg);
	int64_t before = 0, after = 0;
	fi__store_generation(a, &before);
	classify_summary(a, &sa);
	fi__store_generation(a, &after);
	fi__relabel_rows_per_thread(0);       /* @b on one */
	b->workouts_changed = true;   /* read the rows from SQLite, as after a write in the transaction */
	int rb = step(b, arg);
	classify_summary(b, &sb);
	ok(ra == FI_OK && rb == FI_OK, "%s (%d, %d)", what, ra, rb);
	char first[256];
	long diff = label_differences(pa, pb, first, sizeof first);
	ok(diff == 0, "  the same labels in every row as the pass that reads SQLite (%ld differ%s%s)", diff,
	   diff ? "; " : "", first);
	ok(frame_left_current(a, pa), "  the frame it leaves is the store's cache and snapshot, equal to the rows");
	ok(after == before, "  a classification after it writes nothing (it stored what a pass decides)");
	ok(memcmp(&sa, &sb, sizeof sa) == 0 && sa.workouts > 0,
	   "  a classification on several threads counts what one thread counts (%zu workouts)", sa.workouts);
	ok(a->cache && !((const fi_frame *)a->cache)->parent, "  and keeps no earlier frame alive");
}

/* As `fitintel train --k K --seed 5`: the store's configuration with those two changed. */
static int train(fi_store *s, void *arg)
{
	fi_train_params p;
	int rc = fi_train_params_load(s, &p);
	p.k = *(int *)arg;
	p.seed = 5;
	return rc ? rc : fi_model_train(s, &p, NULL);
}

static int classify(fi_store *s, void *arg)
{
	(void)arg;
	return fi_classify_store(s, NULL, NULL);
}

static int tighten_bounds(fi_store *s, void *arg)
{
	(void)arg;
	int rc = fi_config_set(s, "bounds.distance_max", "9");
	return rc ? rc : fi_classify_store(s, NULL, NULL);
}

/* Reasons changed behind the library's back (another program's SQL): an outlier's, and one given
 * to a workout that is no outlier. A classification writes back what it decides. */
static int tamper_reasons(fi_store *s, void *arg)
{
	(void)arg;
	test_exec(s->path, "UPDATE workouts SET reason = 'tampered' WHERE id ="
			   " (SELECT min(id) FROM workouts WHERE reason IS NOT NULL)");
	test_exec(s->path, "UPDATE workouts SET reason = 'stray' WHERE id ="
			   " (SELECT min(id) FROM workouts WHERE reason IS NULL AND label <> 'outlier')");
	return fi_classify_store(s, NULL, NULL);
}

static int correct(fi_store *s, void *arg)
{
	const int64_t *ids = arg;
	int rc = FI_OK;
	for (int i = 0; i < 3 && rc == FI_OK; i++)
		rc = fi_correction_set(s, ids[i], i == 0 ? FI_LABEL_OUTLIER : FI_LABEL_PUP_WALK, "test");
	return rc;
}

static int add_era(fi_store *s, void *arg)
{
	(void)arg;
	return fi_era_add(s, "2019-03-01", "the dog", FI_LABEL_UNKNOWN, NULL);
}

static int activate_first(fi_store *s, void *arg)
{
	(void)arg;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc = fi_model_list(s, &ids, &n);
	if (rc == FI_OK)
		rc = n ? fi_model_activate(s, ids[n - 1] < ids[0] ? ids[n - 1] : ids[0]) : FI_ENOTFOUND;
	fi_free(ids);
	return rc;
}

static int no_model(fi_store *s, void *arg)
{
	(void)arg;
	int rc = fi_config_set(s, "classify.use_model", "false");
	return rc ? rc : fi_classify_store(s, NULL, NULL);
}

static void test_same_as_sqlite(uint64_t seed, unsigned profiles)
{
	char name[64], na[64], nb[64];
	snprintf(name, sizeof name, "mess-%llu.csv", (unsigned long long)seed);
	snprintf(na, sizeof na, "frame-%llu.db", (unsigned long long)seed);
	snprintf(nb, sizeof nb, "sqlite-%llu.db", (unsigned long long)seed);
	const char *csv = test_path(name);
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = 2500;
	o.seed = seed;
	o.profiles = profiles;
	fi_store *a = test_store(na), *b = test_store(nb);
	char pa[4096], pb[4096];
	snprintf(pa, sizeof pa, "%s", test_path(na));
	snprintf(pb, sizeof pb, "%s", test_path(nb));
	ok(fi_sample_write(csv, NULL, &o) == FI_OK && test_ingest(a, csv, FI_INGEST_SKIP, NULL) == FI_OK &&
	   test_ingest(b, csv, FI_INGEST_SKIP, NULL) == FI_OK, "seed %llu, profiles 0x%x: the same export in two stores",
	   (unsigned long long)seed, profiles);
	fi_frame *f = NULL;
	ok(fi_frame_load(a, NULL, &f) == FI_OK, "  one of them read by an analysis (its snapshot written)");
	int64_t ids[3] = { 0 };
	for (int i = 0; f && i < 3; i++)
		ids[i] = fi__frame_id_array(f)[fi_frame_rows(f) / 4 * (size_t)(i + 1)];
	fi_frame_free(f);

	int k3 = 3, k0 = 0;
	both(a, b, pa, pb, train, &k3, "train k = 3");
	both(a, b, pa, pb, classify, NULL, "classify, nothing to change");
	both(a, b, pa, pb, correct, ids, "three corrections, each relabelling its workout");
	both(a, b, pa, pb, tighten_bounds, NULL, "tighter bounds: new outliers with their reasons");
	both(a, b, pa, pb, tamper_reasons, NULL, "reasons changed by another program's SQL, then classify");
	is_str(test_query_text(pa, "SELECT count(*) FROM workouts WHERE reason IN ('tampered', 'stray')"), "0",
	       "  both written back: the outlier's reason as decided, the other workout's cleared");
	both(a, b, pa, pb, train, &k0, "train again, k chosen by BIC");
	both(a, b, pa, pb, activate_first, NULL, "activate the first model again");
	both(a, b, pa, pb, add_era, NULL, "an era added");
	both(a, b, pa, pb, no_model, NULL, "models disabled: eras decide");

	/* a store just opened reads its frame from the snapshot file; the pass relabels a private,
	 * copy-on-write mapping of that file (fi__snapshot_copy()), not a copy of every column */
	fi_store_close(a);
	a = NULL;
	ok(fi_store_open(pa, NULL, &a) == FI_OK, "  the first store opened again");
	both(a, b, pa, pb, train, &k3, "train in a store just opened, its frame mapped from the snapshot");
	fi_store_close(a);
	fi_store_close(b);
}

/* A pass that changes rows inside a transaction of the test's own, then @after_pass. */
static int pass_then(fi_store *s, const char *bound, const char *after_pass)
{
	int rc = fi_config_set(s, "bounds.distance_max", bound);
	if (rc == FI_OK)
		rc = fi__write_begin(s, "test");
	if (rc == FI_OK)
		rc = fi__reclassify(s);
	ok(rc == FI_OK && s->next.frame, "a pass that relabels (bounds.distance_max %s) leaves its frame for the commit",
	   bound);
	if (rc == FI_OK && after_pass)
		rc = fi__exec(s->db, after_pass, "test");
	return rc;
}

/* Write a sample export of @rows workouts drawn with @seed as @csv_name and import it into @s. */
static bool import_sample(fi_store *s, const char *csv_name, size_t rows, uint64_t seed)
{
	char csv[4096];
	snprintf(csv, sizeof csv, "%s", test_path(csv_name));
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = rows;
	o.seed = seed;
	return fi_sample_write(csv, NULL, &o) == FI_OK && test_ingest(s, csv, FI_INGEST_SKIP, NULL) == FI_OK;
}

/* A workout written after the pass in the same transaction: the pass's frame is not the data. */
static void test_later_write(void)
{
	fi_store *s = test_store("later.db");
	const char *path = test_path("later.db");
	ok(import_sample(s, "later.csv", 400, 83), "import");
	fi_frame *f = NULL;
	ok(fi_frame_load(s, NULL, &f) == FI_OK && test_snapshot_current(path), "the frame cached, its snapshot written");
	fi_frame_free(f);

	int rc = pass_then(s, "6", "UPDATE workouts SET distance_mi = 77.5 WHERE id = (SELECT min(id) FROM workouts)");
	ok(fi__write_end(s, rc, "test") == FI_OK, "  then a workout written in the same transaction, committed");
	ok(!test_snapshot_current(path), "  the pass's frame is not kept as the snapshot");
	fi_frame *after = NULL, *rows = NULL;
	ok(fi_frame_load(s, NULL, &after) == FI_OK && fi__frame_read(s, NULL, true, &rows) == FI_OK &&
	   test_same_frame(after, rows) && fi__frame_values(after, FI_COLUMN_DISTANCE)[0] == fi__frame_values(rows, FI_COLUMN_DISTANCE)[0],
	   "  nor as this handle's frame: it equals the rows");
	fi_frame_free(after);
	fi_frame_free(rows);

	unlink(test_path("later.db-frame"));
	rc = pass_then(s, "5", NULL);
	fi__write_end(s, rc == FI_OK ? FI_ERROR : rc, "test");
	ok(!s->next.frame && !test_snapshot_current(path), "  rolled back: the frame dropped, no snapshot written");

	rc = pass_then(s, "4", NULL);
	ok(fi__write_end(s, rc, "test") == FI_OK && frame_left_current(s, path),
	   "  committed alone: its frame is the store's, equal to the rows");
	fi_store_close(s);
}

/* The reasons are read through their index; a store whose index another program dropped is read
 * the slow way, not refused. */
static void test_reasons_without_index(void)
{
	fi_store *s = test_store("noindex.db");
	const char *path = test_path("noindex.db");
	ok(import_sample(s, "noindex.csv", 600, 131) && tighten_bounds(s, NULL) == FI_OK,
	   "import, tighter bounds: outliers with reasons");
	char want[64];
	snprintf(want, sizeof want, "%s", test_query_text(path, "SELECT count(*) FROM workouts WHERE reason IS NOT NULL"));
	test_exec(path, "UPDATE workouts SET reason = NULL");   /* none stored: nothing to look up */
	ok(fi_classify_store(s, NULL, NULL) == FI_OK &&
	   strcmp(test_query_text(path, "SELECT count(*) FROM workouts WHERE reason IS NOT NULL"), want) == 0,
	   "  reasons another program removed, every one written back");
	test_exec(path, "DROP INDEX workouts_reason");
	test_exec(path, "UPDATE workouts SET reason = 'tampered' WHERE reason IS NOT NULL");
	ok(fi_classify_store(s, NULL, NULL) == FI_OK, "classify without the index");
	ok(strcmp(want, "0") != 0 &&
	   strcmp(test_query_text(path, "SELECT count(*) FROM workouts WHERE reason LIKE '%is outside%'"), want) == 0,
	   "  every reason written back (%s)", want);
	fi_store_close(s);
}

int main(void)
{
	test_same_as_sqlite(61, FI_SAMPLE_PROFILE_REAL_LIKE);
	test_same_as_sqlite(407, FI_SAMPLE_PROFILE_REAL_LIKE | FI_SAMPLE_PROFILE_KM);
	test_same_as_sqlite(9001, FI_SAMPLE_PROFILE_ALL & ~(FI_SAMPLE_PROFILE_SHORT | FI_SAMPLE_PROFILE_REAL_LIKE));
	test_later_write();
	test_reasons_without_index();
	test_cleanup();
	return tap_done();
}
