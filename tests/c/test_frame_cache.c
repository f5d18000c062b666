/* One whole frame per store (frame/frame_cache.c): every frame cut from the cache equals the frame
 * read from the rows with the same filter, and the cache never answers with data that changed —
 * an import, a relabel, a correction through the same handle, or a commit of another connection. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "tap.h"
#include "frame_compare.h"

/* The cached frame and the one read from the rows agree for @filter, numbers and text. */
static void agree(fi_store *s, const fi_workout_filter *filter, const char *what)
{
	fi_frame *cached = NULL, *read = NULL, *cached_text = NULL, *read_text = NULL;
	int rc = fi_frame_load(s, filter, &cached);
	int rc2 = fi__frame_read(s, filter, false, &read);
	ok(rc == FI_OK && rc2 == FI_OK && test_same_frame(cached, read) &&
	   (fi_frame_rows(cached) == 0 || fi_frame_text(cached, FI_TEXT_ACTIVITY_TYPE, 0) == NULL),
	   "%s: %zu rows, as read from the rows, without text", what, cached ? fi_frame_rows(cached) : 0);
	rc = fi_frame_load_text(s, filter, &cached_text);
	rc2 = fi__frame_read(s, filter, true, &read_text);
	ok(rc == FI_OK && rc2 == FI_OK && cached_text->with_text && test_same_frame(cached_text, read_text),
	   "  with the text too");
	fi_frame_free(cached);
	fi_frame_free(read);
	fi_frame_free(cached_text);
	fi_frame_free(read_text);
}

static size_t rows_of(fi_store *s)
{
	fi_frame *f = NULL;
	fi_frame_load(s, NULL, &f);
	size_t n = fi_frame_rows(f);
	fi_frame_free(f);
	return n;
}

static int label_of(fi_store *s, int64_t id)
{
	fi_frame *f = NULL;
	fi_frame_load(s, NULL, &f);
	int label = -1;
	for (size_t i = 0; f && i < fi_frame_rows(f); i++)
		if (fi__frame_id_array(f)[i] == id)
			label = fi__frame_label_array(f)[i];
	fi_frame_free(f);
	return label;
}

int main(void)
{
	fi_store *s = test_store("cache.db");
	fi_sample_params o = FI_SAMPLE_PARAMS_INIT;
	o.rows = 1500;
	o.seed = 5;
	const char *csv = test_path("a.csv");
	ok(fi_sample_write(csv, NULL, &o) == FI_OK && test_ingest(s, csv, FI_INGEST_SKIP, NULL) == FI_OK, "import");
	ok(fi_model_train(s, NULL, NULL) == FI_OK, "train");

	/* filters, each answered from the cache */
	agree(s, NULL, "no filter");
	agree(s, NULL, "no filter, again (from the cache)");
	fi_workout_filter f = FI_WORKOUT_FILTER_INIT;
	f.from = "2019-01-01";
	agree(s, &f, "from a date");
	f.to = "2019-06-30";
	agree(s, &f, "a date range");
	f.label = FI_LABEL_REAL_RUN;
	agree(s, &f, "a date range and a label");
	fi_workout_filter g = FI_WORKOUT_FILTER_INIT;
	g.label = FI_LABEL_PUP_WALK;
	agree(s, &g, "a label");
	g.label = FI_LABEL_UNKNOWN;
	agree(s, &g, "the unclassified (none)");
	g.label = -1;
	g.from = "2030-01-01";
	agree(s, &g, "a range without rows");
	g.from = NULL;
	g.activity_type = "run";
	agree(s, &g, "an activity type, in another case");
	g.activity_type = "no such type";
	agree(s, &g, "an activity type nobody has");
	g.activity_type = "RUN";
	g.label = FI_LABEL_PUP_WALK;
	g.from = "2018-01-01";
	agree(s, &g, "a type, a label and a date");
	fi_workout_filter bad = FI_WORKOUT_FILTER_INIT;
	bad.from = "not a date";
	fi_frame *none = (fi_frame *)&none;
	is_int(fi_frame_load(s, &bad, &none), FI_EINVALID, "a bad filter is refused");
	ok(none == NULL, "  out is NULL");

	/* changes through this handle */
	size_t before = rows_of(s);
	o.rows = 20;
	o.seed = 6;
	o.first_id = 900000000;
	const char *more = test_path("b.csv");
	ok(fi_sample_write(more, NULL, &o) == FI_OK && test_ingest(s, more, FI_INGEST_SKIP, NULL) == FI_OK,
	   "a second import");
	ok(rows_of(s) > before, "  the next frame has its rows (%zu > %zu)", rows_of(s), before);
	agree(s, NULL, "  and equals the rows");
	fi_frame *first = NULL;
	fi_frame_load(s, NULL, &first);
	int64_t id = fi__frame_id_array(first)[0];
	fi_frame_free(first);
	int want = label_of(s, id) == FI_LABEL_MIXED ? FI_LABEL_OUTLIER : FI_LABEL_MIXED;
	ok(fi_correction_set(s, id, want, NULL) == FI_OK, "a correction");
	is_int(label_of(s, id), want, "  the next frame has the corrected label");
	ok(fi_era_add(s, "2017-01-01", "a new era", FI_LABEL_PUP_WALK, NULL) == FI_OK, "an era (a relabel)");
	agree(s, NULL, "  the frame follows the relabel");

	/* a commit of another connection */
	sqlite3 *other;
	sqlite3_open(fi_store_path(s), &other);
	sqlite3_busy_timeout(other, 5000);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE workouts SET label = 'outlier', method = 'user' WHERE id = %lld",
		 (long long)id);
	ok(sqlite3_exec(other, sql, NULL, NULL, NULL) == SQLITE_OK, "another connection relabels a workout");
	is_int(label_of(s, id), FI_LABEL_OUTLIER, "  the next frame sees it");
	ok(sqlite3_exec(other, "DELETE FROM workouts WHERE id IN (SELECT id FROM workouts LIMIT 3)", NULL, NULL,
			NULL) == SQLITE_OK, "  and deletes three workouts");
	agree(s, NULL, "  the frame follows");
	sqlite3_close(other);

	/* a frame outlives the whole frame it shares columns with, the cache's next frame, the store */
	fi_workout_filter range = FI_WORKOUT_FILTER_INIT;
	range.from = "2016-01-01";
	fi_frame *view = NULL, *copy = NULL;
	ok(fi_frame_load(s, &range, &view) == FI_OK && fi__frame_read(s, &range, false, &copy) == FI_OK &&
	   test_same_frame(view, copy), "a date range, cut from the cache");
	ok(fi_era_add(s, "2019-01-01", "another era", FI_LABEL_PUP_WALK, NULL) == FI_OK && rows_of(s) > 0,
	   "  the data moves and the cache holds a new whole frame");
	fi_store_close(s);
	ok(test_same_frame(view, copy), "  the earlier frame still holds its rows after the store is closed");
	fi_frame_free(view);
	fi_frame_free(copy);
	test_cleanup();
	return tap_done();
}
