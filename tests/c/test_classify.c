/* Classification through the public API: the decision order (corrections, bounds, model, eras,
 * rules), models (train, reproducibility, archive, activate), corrections and their history,
 * accuracy, explanations, configuration, and classification of new imports. */
#include <math.h>
#include <stddef.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "tap.h"

/* An export of @n workouts from 2016-01-01 one per day: every third a dog walk, the rest runs,
 * with steps (so cadence is a feature); plus @garbage rows beyond the sanity bounds. */
static const char *write_export(const char *name, int n, int garbage, long long first_id)
{
	size_t cap = (size_t)(n + garbage + 2) * 256;
	char *csv = malloc(cap);
	size_t len = (size_t)snprintf(csv, cap, "%s\n", EXPORT_HEADER);
	for (int i = 0; i < n + garbage; i++) {
		int y = 2016, m = 1, d = 1 + i;
		while (d > 28) {   /* 28-day months keep the arithmetic simple */
			d -= 28;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		bool walk = i % 3 == 0, junk = i >= n;
		double wobble = (i % 7) / 7.0;
		double pace = junk ? 42554500 : walk ? 20.5 + 4 * wobble : 8.5 + wobble;
		double dist = junk ? 0.001 : walk ? 1.2 + wobble : 4 + 2 * wobble;
		double secs = round(pace * dist * 60);
		double cadence = walk ? 100 + 10 * wobble : 160 + 8 * wobble;
		len += (size_t)snprintf(csv + len, cap - len,
					"%04d-%02d-%02d,%04d-%02d-%02d,Run,100,%.4f,%.0f,%.4f,,,,,%.0f,,,"
					"http://www.mapmyfitness.com/workout/%lld\n",
					y, m, d, y, m, d, dist, secs, pace, round(cadence * secs / 60),
					first_id + i);
	}
	const char *path = test_write(name, csv, len);
	free(csv);
	return path;
}

static const char *label_of(const char *db, long long id)
{
	char q[128];
	snprintf(q, sizeof q, "SELECT label || '/' || method FROM classifications WHERE workout_id = %lld", id);
	return test_query_text(db, q);
}

/* SQLite's count of commits by other connections, as @conn sees it. */
static int64_t test_data_version(sqlite3 *conn)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(conn, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_rules_and_eras(void)
{
	fi_store *s = test_store("rules.db");
	const char *db = test_path("rules.db");
	is_int(test_ingest(s, write_export("rules.csv", 30, 1, 100), FI_INGEST_STRICT, NULL), FI_OK, "import");
	is_str(label_of(db, 100), "pup_walk/rule", "no model, no era: a 20.5 min/mi walk by the pace rule");
	is_str(label_of(db, 101), "real_run/rule", "a 8.6 min/mi run by the pace rule");
	is_str(label_of(db, 130), "outlier/bounds", "a garbage pace is an outlier by the bounds");
	is_str(test_query_text(db, "SELECT confidence FROM classifications WHERE workout_id = 101"), "0.3",
	       "rules have confidence 0.3");

	int64_t era = 0;
	is_int(fi_era_add(s, "2016-01-15", "Choco arrives", FI_LABEL_UNKNOWN, &era), FI_OK, "add an era");
	is_str(label_of(db, 120), "pup_walk/era", "adding it reclassifies at once");
	fi_classify_summary sum;
	is_int(fi_classify_store(s, NULL, &sum), FI_OK, "reclassify with an era");
	is_str(label_of(db, 101), "real_run/era", "before the era: real_run by default");
	is_str(label_of(db, 120), "pup_walk/era", "after the era: pup_walk by default, whatever the pace");
	is_str(label_of(db, 130), "outlier/bounds", "bounds still come before the era");
	is_int((int)sum.by_method[FI_METHOD_ERA], 30, "the summary counts 30 era decisions");
	is_int((int)sum.by_label[FI_LABEL_OUTLIER], 1, "and one outlier");
	is_int(fi_era_remove(s, era), FI_OK, "remove the era");
	is_str(label_of(db, 120), "real_run/rule", "removing it brings the rules back");
	fi_store_close(s);
}

static void test_train(void)
{
	fi_store *s = test_store("train.db");
	const char *db = test_path("train.db");
	is_int(test_ingest(s, write_export("train.csv", 300, 3, 1000), FI_INGEST_STRICT, NULL), FI_OK, "import");
	fi_model *m = NULL, *again = NULL;
	fi_train_params p = FI_TRAIN_PARAMS_INIT;
	p.k = 2;
	p.method = FI_CLASSIFY_KMEANS;   /* the seed's method, reproducible bit for bit */
	is_int(fi_model_train(s, &p, &m), FI_OK, "train k = 2");
	is_int(fi_model_feature(m, 0), FI_FEATURE_PACE, "pace leads");
	is_int(fi_model_feature(m, fi_model_dims(m) - 1), FI_FEATURE_CADENCE,
	       "cadence is a feature when steps are present and separate runs from walks");
	is_int((int)fi_model_feature_choices(m), 3, "a reason for each of distance, duration, cadence");
	size_t in_model = 1;
	for (size_t i = 0; i < fi_model_feature_choices(m); i++) {
		int feature = 0, used = 0;
		const char *why = fi_model_feature_choice(m, i, &feature, &used);
		in_model += used != 0;
		ok(why && strncmp(why, fi_feature_name(feature), strlen(fi_feature_name(feature))) == 0 &&
		   strstr(why, used ? " in: " : " out: "), "the reason names %s and the verdict: %s",
		   fi_feature_name(feature), why ? why : "(null)");
	}
	is_int((int)in_model, (int)fi_model_dims(m), "pace and the features the reasons put in");
	ok(fi_model_feature_choice(m, 3, NULL, NULL) == NULL, "no fourth reason");
	is_int((int)fi_model_train_rows(m), 300, "the garbage rows are not trained on");
	is_int((int)(fi_model_cluster_size(m, 0) + fi_model_cluster_size(m, 1)), 300, "cluster sizes add up");
	for (size_t c = 0; c < 2; c++) {
		char meaning[512];
		size_t len = fi_model_cluster_meaning(m, c, meaning, sizeof meaning);
		bool run = fi_model_cluster_label(m, c) == FI_LABEL_REAL_RUN;
		ok(len == strlen(meaning) && strstr(meaning, run ? "read as real runs" : "read as dog walks") &&
		   strstr(meaning, run ? "faster than the run bound (12)" : "slower than the walk bound (18)"),
		   "cluster %zu says what it holds and why, by the bounds: %s", c, meaning);
		char cut[16];
		ok(fi_model_cluster_meaning(m, c, cut, sizeof cut) == len && strlen(cut) == sizeof cut - 1 &&
		   strncmp(cut, meaning, sizeof cut - 1) == 0, "a short buffer gets the start, the length is the whole");
	}
	ok(fi_model_cluster_meaning(m, 2, NULL, 0) == 0, "no third cluster: no meaning");
	is_str(label_of(db, 1000), "pup_walk/kmeans", "a walk is a walk by the model");
	is_str(label_of(db, 1001), "real_run/kmeans", "a run is a run by the model");
	is_str(label_of(db, 1300), "outlier/bounds", "garbage stays an outlier");
	ok(fi_model_silhouette(m) > 0.7, "two clean groups: excellent silhouette (%.3f)", fi_model_silhouette(m));
	is_str(fi_model_quality(m), "excellent", "quality from the silhouette");
	is_str(fi_model_train_from(m), "2016-01-01", "training span starts on the first clean day");
	is_int(fi_model_train(s, &p, &again), FI_OK, "train again with the same seed");
	ok(memcmp(fi_model_centroid_scaled(m, 0), fi_model_centroid_scaled(again, 0), 2 * fi_model_dims(m) * sizeof(double)) == 0 &&
	   fi_model_inertia(m) == fi_model_inertia(again), "bit-identical centroids and inertia");
	is_int((int)fi_model_id(again), 2, "a new version");

	fi_model *first = NULL;
	is_int(fi_model_get(s, 1, &first), FI_OK, "the first model is still there");
	is_int(fi_model_status(first), FI_MODEL_ARCHIVED, "archived");
	int64_t *ids = NULL;
	size_t n = 0;
	is_int(fi_model_list(s, &ids, &n), FI_OK, "list models");
	ok(n == 2 && ids[0] == 2 && ids[1] == 1, "newest first");
	fi_free(ids);
	is_int(fi_model_activate(s, 1), FI_OK, "re-activate model 1");
	is_str(test_query_text(db, "SELECT group_concat(id || status) FROM models"), "1active,2archived",
	       "exactly one active model");
	is_str(test_query_text(db, "SELECT DISTINCT model_id FROM classifications WHERE method = 'kmeans'"), "1",
	       "workouts reclassified with it");
	is_int(fi_model_activate(s, 99), FI_ENOTFOUND, "an unknown model cannot be activated");
	is_str(test_query_text(db, "SELECT group_concat(id || status) FROM models"), "1active,2archived",
	       "and nothing changed");

	/* a new import is classified with the active model, without training */
	is_int(test_ingest(s, write_export("more.csv", 6, 0, 5000), FI_INGEST_STRICT, NULL), FI_OK, "import more");
	is_str(label_of(db, 5000), "pup_walk/kmeans", "the new walk is classified by the model");
	is_str(test_query_text(db, "SELECT count(*) FROM models"), "2", "no model was trained");

	/* the model reads back exactly as it was trained */
	fi_model *loaded = NULL;
	is_int(fi_model_get(s, 0, &loaded), FI_OK, "load the active model");
	ok(memcmp(fi_model_centroid_scaled(loaded, 1), fi_model_centroid_scaled(m, 1), fi_model_dims(m) * sizeof(double)) == 0,
	   "stored centroids round-trip exactly");
	char *json = NULL;
	is_int(fi_model_to_json(loaded, &json), FI_OK, "model as JSON");
	has_str(json, "\"label\":\"real_run\"", "the JSON names the labels");
	fi_free(json);
	fi_model_free(loaded);
	fi_model_free(first);
	fi_model_free(m);
	fi_model_free(again);

	/* a caller built against 0.1: its struct ends before `method` (ASan sees any read past it) */
	unsigned char *v1 = malloc(offsetof(fi_train_params, method));   /* its fields: read as bytes */
	fi_train_params *as_params = (fi_train_params *)(void *)v1;
	is_int(fi_train_params_init(as_params, 1), FI_OK, "params_init of version 1");
	unsigned int version = 0;
	size_t k = 0, two = 2;
	unsigned int n_init = 0;
	memcpy(&version, v1 + offsetof(fi_train_params, version), sizeof version);
	memcpy(&k, v1 + offsetof(fi_train_params, k), sizeof k);
	memcpy(&n_init, v1 + offsetof(fi_train_params, n_init), sizeof n_init);
	ok(version == 1 && k == 5 && n_init == 10, "  fills the version-1 struct with the defaults");
	memcpy(v1 + offsetof(fi_train_params, k), &two, sizeof two);
	fi_model *old = NULL;
	is_int(fi_model_train(s, as_params, &old), FI_OK, "  fi_model_train takes it");
	char *old_json = NULL;
	ok(old && fi_model_k(old) == 2 && fi_model_to_json(old, &old_json) == FI_OK &&
	   strstr(old_json, "\"method\":\"mixture\""), "  with its k and the newer fields' defaults (the mixture)");
	fi_free(old_json);
	fi_model_free(old);
	free(v1);
	is_int(fi_train_params_init(&p, 3), FI_EINVALID, "an unknown version is refused");

	p = (fi_train_params)FI_TRAIN_PARAMS_INIT;
	p.k = 1;
	is_int(fi_model_train(s, &p, NULL), FI_EINVALID, "k = 1 is refused");
	p.k = 3;
	p.weight_pace = 0;
	is_int(fi_model_train(s, &p, NULL), FI_EINVALID, "a model without pace is refused");
	has_str(fi_error_last()->message, "pace", "and says why");
	fi_store_close(s);
}

static void test_too_few(void)
{
	fi_store *s = test_store("few.db");
	is_int(test_ingest(s, write_export("few.csv", 4, 5, 1), FI_INGEST_STRICT, NULL), FI_OK, "import 4 clean rows");
	is_int(fi_model_train(s, NULL, NULL), FI_ELIMIT, "fewer than min_samples clean workouts");
	has_str(fi_error_last()->message, "has 4", "the message says how many there are");
	fi_model *m = NULL;
	is_int(fi_model_get(s, 0, &m), FI_ENOTFOUND, "no active model");
	has_str(fi_error_last()->message, "fitintel train", "the message says what to do");
	fi_store_close(s);
}

static void test_corrections(void)
{
	fi_store *s = test_store("corr.db");
	const char *db = test_path("corr.db");
	is_int(test_ingest(s, write_export("corr.csv", 60, 0, 1), FI_INGEST_STRICT, NULL), FI_OK, "import");
	fi_train_params p = FI_TRAIN_PARAMS_INIT;
	p.k = 2;
	is_int(fi_model_train(s, &p, NULL), FI_OK, "train");
	fi_accuracy acc;
	is_int(fi_accuracy_measure(s, &acc), FI_OK, "accuracy without corrections");
	ok(acc.n == 0 && isnan(acc.accuracy), "no corrections: no figure");

	is_int(fi_correction_set(s, 1, FI_LABEL_REAL_RUN, "it was a tempo run"), FI_OK, "correct a walk");
	is_str(label_of(db, 1), "real_run/user", "the correction wins at once");
	is_int(fi_correction_set(s, 2, FI_LABEL_REAL_RUN, NULL), FI_OK, "confirm a run");
	is_int(fi_model_train(s, &p, NULL), FI_OK, "retrain");
	is_str(label_of(db, 1), "real_run/user", "the correction survives retraining");
	is_int(fi_classify_store(s, NULL, NULL), FI_OK, "reclassify");
	is_str(label_of(db, 1), "real_run/user", "and reclassification");

	is_int(fi_accuracy_measure(s, &acc), FI_OK, "accuracy");
	ok(acc.n == 2 && acc.agree == 1 && acc.accuracy == 0.5, "one of two corrections agrees with the model");
	ok(acc.confusion[FI_LABEL_REAL_RUN][FI_LABEL_PUP_WALK] == 1, "the disagreement is in the confusion matrix");
	ok(acc.precision[FI_LABEL_REAL_RUN] == 1 && acc.recall[FI_LABEL_REAL_RUN] == 0.5, "precision and recall");

	fi_explanation *e = NULL;
	is_int(fi_explain(s, 1, &e), FI_OK, "explain the corrected workout");
	is_int(fi_explanation_method(e), FI_METHOD_USER, "method user");
	ok(fi_explanation_confidence(e) == 1.0, "confidence 1");
	fi_explanation_free(e);

	is_int(fi_correction_remove(s, 1), FI_OK, "remove the correction");
	is_str(label_of(db, 1), "pup_walk/mixture", "the model (a mixture by default) decides again");
	is_int(fi_correction_remove(s, 1), FI_ENOTFOUND, "nothing left to remove");
	ok(fi_accuracy_measure(s, &acc) == FI_OK && acc.n == 1 && acc.agree == 1,
	   "a removed correction no longer counts in the accuracy");
	fi_correction_list *h = NULL;
	is_int(fi_correction_history(s, 1, &h), FI_OK, "history of workout 1");
	is_int((int)fi_correction_list_count(h), 2, "set and removal are both kept");
	const fi_correction *last = fi_correction_list_at(h, 0), *firstc = fi_correction_list_at(h, 1);
	ok(last && last->new_label == FI_LABEL_UNKNOWN && last->old_label == FI_LABEL_REAL_RUN, "newest first: the removal");
	ok(firstc && firstc->new_label == FI_LABEL_REAL_RUN && firstc->old_label == FI_LABEL_PUP_WALK &&
	   firstc->note && strcmp(firstc->note, "it was a tempo run") == 0, "then the correction with its note");
	char *json = NULL;
	is_int(fi_correction_list_to_json(h, &json), FI_OK, "history as JSON");
	has_str(json, "\"new_label\":null", "a removal has no new label");
	fi_free(json);
	fi_correction_list_free(h);

	/* three agreeing corrections steer their cluster's label when retraining */
	for (int id = 4; id <= 10; id += 3)
		fi_correction_set(s, id, FI_LABEL_MIXED, "run/walk intervals");
	is_int(fi_model_train(s, &p, NULL), FI_OK, "retrain with three corrections in the walk cluster");
	is_str(label_of(db, 13), "mixed/mixture", "an uncorrected workout of that cluster follows them");
	is_str(label_of(db, 2), "real_run/user", "the other cluster keeps its label");

	is_int(fi_correction_set(s, 999, FI_LABEL_MIXED, NULL), FI_ENOTFOUND, "unknown workout");
	is_int(fi_correction_set(s, 1, FI_LABEL_UNKNOWN, NULL), FI_EINVALID, "unknown is not a label one sets");
	is_int(fi_correction_set(s, 1, 42, NULL), FI_EINVALID, "nor is 42");
	is_int(fi_explain(s, 999, &e), FI_ENOTFOUND, "explain an unknown workout");
	ok(e == NULL, "no explanation");
	fi_store_close(s);

	fi_store_params ro = FI_STORE_PARAMS_INIT;
	ro.flags = FI_STORE_READONLY;
	is_int(fi_store_open(db, &ro, &s), FI_OK, "open read-only");
	is_int(fi_correction_set(s, 1, FI_LABEL_MIXED, NULL), FI_EREADONLY, "corrections need a writable store");
	is_int(fi_model_train(s, NULL, NULL), FI_EREADONLY, "so does training");
	is_int(fi_classify_store(s, NULL, NULL), FI_EREADONLY, "and classifying");
	is_int(fi_config_set(s, "classify.k", "4"), FI_EREADONLY, "and configuring");
	fi_store_close(s);
}

static void test_config(void)
{
	fi_store *s = test_store("config.db");
	char *v = NULL;
	is_int(fi_config_get(s, "classify.k", &v), FI_OK, "get a default");
	is_str(v, "5", "k defaults to 5");
	fi_free(v);
	is_int(fi_config_set(s, "classify.k", "11"), FI_EINVALID, "out of range");
	has_str(fi_error_last()->message, "from 0 to 10", "the message gives the range");
	is_int(fi_config_set(s, "classify.k", "2.5"), FI_EINVALID, "not whole");
	is_int(fi_config_set(s, "classify.kay", "2"), FI_ENOTFOUND, "unknown key");
	has_str(fi_error_last()->message, "classify.k", "the message lists the keys of the group");
	is_int(fi_config_set(s, "classify.use_model", "maybe"), FI_EINVALID, "booleans are checked");
	is_int(fi_config_set(s, "classify.use_cadence", "never"), FI_OK, "a choice");
	is_int(fi_config_set(s, "classify.k", "4"), FI_OK, "set k");
	fi_train_params p;
	is_int(fi_train_params_load(s, &p), FI_OK, "load the parameters");
	ok(p.k == 4 && p.use_cadence == FI_CADENCE_NEVER, "they follow the configuration");
	is_int(fi_config_set(s, "classify.k", NULL), FI_OK, "unset");
	fi_train_params_load(s, &p);
	ok(p.k == 5, "back to the default");
	for (size_t i = 0; i < fi_config_key_count(); i++) {
		const char *name, *def;
		fi_config_key_at(i, &name, &def, NULL);
		if (fi_config_set(s, name, def) != FI_OK) {
			ok(0, "the default of %s passes its own check", name);
			break;
		}
	}
	ok(1, "every default passes its own check");
	fi_store_close(s);
}

static void test_migration(void)
{
	/* a version-1 store (before the intelligence tables) keeps its workouts when upgraded */
	fi_store *s = test_store("v1.db");
	const char *db = test_path("v1.db");
	is_int(test_ingest(s, write_export("v1.csv", 10, 0, 1), FI_INGEST_STRICT, NULL), FI_OK, "import");
	fi_store_close(s);
	/* back to version 1: drop every table a later migration added */
	sqlite3 *conn;
	sqlite3_open(db, &conn);
	sqlite3_exec(conn, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	for (;;) {
		sqlite3_stmt *st;
		char drop[200] = "";
		sqlite3_prepare_v2(conn, "SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view', 'trigger')"
				   " AND name NOT IN ('imports', 'import_rejects', 'workouts')"
				   " AND name NOT LIKE 'sqlite_%' LIMIT 1", -1, &st, NULL);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(drop, sizeof drop, "DROP %s \"%s\"", sqlite3_column_text(st, 0),
				 sqlite3_column_text(st, 1));
		sqlite3_finalize(st);
		if (!*drop)
			break;
		sqlite3_exec(conn, drop, NULL, NULL, NULL);
	}
	/* and the label columns schema 5 gave the workouts, with schema 7's index on one of them */
	sqlite3_exec(conn, "DROP INDEX workouts_reason", NULL, NULL, NULL);
	static const char *const label_columns[] = { "label", "method", "confidence", "model_id", "cluster", "reason" };
	for (size_t i = 0; i < sizeof label_columns / sizeof *label_columns; i++) {
		char drop[80];
		snprintf(drop, sizeof drop, "ALTER TABLE workouts DROP COLUMN %s", label_columns[i]);
		sqlite3_exec(conn, drop, NULL, NULL, NULL);
	}
	sqlite3_exec(conn, "PRAGMA user_version = 1", NULL, NULL, NULL);
	sqlite3_close(conn);
	is_int(fi_store_open(db, NULL, &s), FI_OK, "open the version-1 store");
	is_int(fi_store_schema_version(s), fi_store_schema_latest(), "upgraded");
	is_str(test_query_text(db, "SELECT count(*) FROM workouts"), "10", "workouts kept");
	is_int(fi_classify_store(s, NULL, NULL), FI_OK, "and they can be classified");
	is_str(test_query_text(db, "SELECT count(*) FROM classifications"), "10", "all of them");
	fi_store_close(s);
}

/* A schema-4 store kept its labels in a table of their own; schema 5 moves them into the workouts'
 * rows, and the table becomes a view that still reads (and takes writes) the same. */
static void test_labels_move_into_workouts(void)
{
	fi_store *s = test_store("v4.db");
	const char *db = test_path("v4.db");
	is_int(test_ingest(s, write_export("v4.csv", 40, 0, 1), FI_INGEST_STRICT, NULL), FI_OK, "import");
	is_int(fi_model_train(s, NULL, NULL), FI_OK, "train");
	is_int(fi_correction_set(s, 3, FI_LABEL_MIXED, "with the dog"), FI_OK, "a correction");
	fi_store_close(s);
	const char *text = test_query_text(db, "SELECT group_concat(workout_id || label || method ||"
						      " round(confidence, 12) || ifnull(model_id, '-') || ifnull(cluster, '-') ||"
						      " ifnull(reason, '-'), ';') FROM (SELECT * FROM classifications ORDER BY workout_id)");
	char *before = malloc(strlen(text) + 1);   /* test_query_text() reuses its buffers */
	memcpy(before, text, strlen(text) + 1);
	/* back to schema 4: the labels in their own table again, the columns gone */
	sqlite3 *conn;
	sqlite3_open(db, &conn);
	const char *const to_v4[] = {
		"CREATE TABLE labels_v4 AS SELECT * FROM classifications",
		"DROP VIEW classifications",
		"CREATE TABLE classifications (workout_id INTEGER PRIMARY KEY, label TEXT NOT NULL,"
		" method TEXT NOT NULL, confidence REAL NOT NULL, model_id INTEGER, cluster INTEGER, reason TEXT)",
		"INSERT INTO classifications SELECT * FROM labels_v4",
		"DROP TABLE labels_v4",
		"DROP INDEX workouts_reason",
		"ALTER TABLE workouts DROP COLUMN label", "ALTER TABLE workouts DROP COLUMN method",
		"ALTER TABLE workouts DROP COLUMN confidence", "ALTER TABLE workouts DROP COLUMN model_id",
		"ALTER TABLE workouts DROP COLUMN cluster", "ALTER TABLE workouts DROP COLUMN reason",
		"DROP TRIGGER workouts_inserted", "DROP TRIGGER workouts_updated",
		"DROP TRIGGER workouts_deleted", "DROP TABLE data_generation",
		"PRAGMA user_version = 4",
	};
	int failed = 0;
	for (size_t i = 0; i < sizeof to_v4 / sizeof *to_v4; i++)
		failed += sqlite3_exec(conn, to_v4[i], NULL, NULL, NULL) != SQLITE_OK;
	sqlite3_close(conn);
	ok(failed == 0, "the store rebuilt as schema 4");
	is_str(test_query_text(db, "SELECT count(*) FROM pragma_table_info('workouts') WHERE name = 'label'"), "0",
	       "  without label columns");
	is_int(fi_store_open(db, NULL, &s), FI_OK, "open it");
	is_int(fi_store_schema_version(s), fi_store_schema_latest(), "  upgraded");
	is_str(test_query_text(db, "SELECT type FROM sqlite_schema WHERE name = 'classifications'"), "view",
	       "  classifications is a view now");
	is_str(test_query_text(db, "SELECT sql FROM sqlite_schema WHERE name = 'workouts_reason'"),
	       "CREATE INDEX workouts_reason ON workouts(reason) WHERE reason IS NOT NULL",
	       "  the reasons indexed (schema 7)");
	is_str(test_query_text(db, "SELECT group_concat(workout_id || label || method || round(confidence, 12) ||"
				   " ifnull(model_id, '-') || ifnull(cluster, '-') || ifnull(reason, '-'), ';')"
				   " FROM (SELECT * FROM classifications ORDER BY workout_id)"), before,
	       "  every label, method, confidence, model, cluster and reason kept");
	is_str(test_query_text(db, "SELECT label FROM workouts WHERE id = 3"), "mixed", "  the correction's label in its row");
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.label = FI_LABEL_MIXED;
	fi_frame *frame = NULL;
	is_int(fi_frame_load(s, &f, &frame), FI_OK, "  a frame filtered by label loads");
	ok(frame && fi_frame_rows(frame) >= 1, "  with the corrected workout");
	fi_frame_free(frame);
	fi_store_close(s);
	/* writes through the view land in the rows, as they did in the table */
	sqlite3_open(db, &conn);
	ok(sqlite3_exec(conn, "UPDATE classifications SET label = 'outlier', method = 'user' WHERE workout_id = 4;"
			      "DELETE FROM classifications WHERE workout_id = 5;"
			      "INSERT INTO classifications(workout_id, label, method, confidence)"
			      " VALUES (5, 'pup_walk', 'user', 1)", NULL, NULL, NULL) == SQLITE_OK,
	   "the view takes UPDATE, DELETE and INSERT");
	sqlite3_close(conn);
	is_str(test_query_text(db, "SELECT label || method FROM workouts WHERE id = 4"), "outlieruser", "  an update");
	is_str(test_query_text(db, "SELECT label || method FROM workouts WHERE id = 5"), "pup_walkuser",
	       "  a delete, then an insert");
	free(before);
}

/* The pass that relabels every workout writes every row's decision in one statement; a pass that
 * changes no decision leaves the file as it was (another connection sees no commit). */
static void test_relabel_pass(void)
{
	fi_store *s = test_store("relabel.db");
	const char *db = test_path("relabel.db");
	is_int(test_ingest(s, write_export("relabel.csv", 120, 2, 1), FI_INGEST_STRICT, NULL), FI_OK, "import");
	fi_train_params p = FI_TRAIN_PARAMS_INIT;
	p.k = 2;
	is_int(fi_model_train(s, &p, NULL), FI_OK, "train");
	is_str(test_query_text(db, "SELECT count(*) FROM workouts WHERE label IS NOT NULL AND method IS NOT NULL"
				   " AND confidence IS NOT NULL"), "122", "every workout has a label, a method and a confidence");
	is_str(test_query_text(db, "SELECT count(*) FROM workouts w JOIN models m ON m.status = 'active' AND"
				   " w.model_id = m.id AND w.cluster IS NOT NULL WHERE w.method = 'mixture'"), "120",
	       "the model's workouts name the active model and their cluster");
	ok(strstr(test_query_text(db, "SELECT group_concat(reason) FROM workouts WHERE label = 'outlier'"), "pace"),
	   "an outlier keeps the reason it is one");
	is_str(test_query_text(db, "SELECT count(*) FROM workouts WHERE label <> 'outlier' AND reason IS NOT NULL"),
	       "0", "the others keep none: their label says it");

	sqlite3 *other = NULL;
	sqlite3_open(db, &other);
	int64_t before = test_data_version(other);
	fi_classify_summary sum;
	is_int(fi_classify_store(s, NULL, &sum), FI_OK, "classify again, nothing changed");
	is_int((int)sum.workouts, 122, "  every workout decided");
	is_int((int)test_data_version(other), (int)before, "  and the file unchanged");
	is_int(fi_correction_set(s, 3, FI_LABEL_OUTLIER, "a treadmill glitch"), FI_OK, "correct one workout");
	is_str(label_of(db, 3), "outlier/user", "  its row says so");
	ok(test_data_version(other) != before, "  and that write is seen");
	sqlite3_close(other);
	fi_store_close(s);
}

int main(void)
{
	test_rules_and_eras();
	test_train();
	test_too_few();
	test_corrections();
	test_config();
	test_migration();
	test_labels_move_into_workouts();
	test_relabel_pass();
	test_cleanup();
	return tap_done();
}
