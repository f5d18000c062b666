/* fi_frame_load() and fi_frame_load_text() with one whole frame per store (and per store file:
 * frame_snapshot.c): an analysis, the briefing's ~20 frames and a front end's page views cut
 * their rows from the store's last whole frame instead of decoding every SQLite row again. The
 * frame is kept while the store's data version stands — no commit of another connection, no
 * change of this one — and is read outside transactions only, so it never holds uncommitted
 * rows. */
#include "frame_internal.h"

static void free_cache(void *cache)
{
	fi_frame_free(cache);
}

/* The whole frame from the snapshot when it is current, else from the rows (and the snapshot
 * written again). The generation and the rows are read in one transaction. */
static int read_whole(fi_store *store, fi_frame **out)
{
	int rc = fi__exec(store->db, "BEGIN", "start reading");
	if (rc)
		return rc;
	int64_t generation = 0;
	bool known = fi__store_generation(store, &generation) == FI_OK;
	if (!known)
		fi_error_clear();   /* an older store opened read-only: no snapshot, no error */
	bool from_snapshot = known && fi__snapshot_load(store, generation, out);
	if (!from_snapshot)
		rc = fi__frame_read(store, NULL, true, out);
	sqlite3_exec(store->db, "COMMIT", NULL, NULL, NULL);
	if (rc == FI_OK && known && !from_snapshot)
		fi__snapshot_save(store, generation, *out);
	return rc;
}

/* The store's whole frame as of @now, read again when the data moved. */
static int whole_frame(fi_store *store, int64_t now, const fi_frame **out)
{
	if (!store->cache || store->cache_version != now) {
		fi_frame *f = NULL;
		int rc = read_whole(store, &f);
		if (rc)
			return rc;
		if (store->cache_free)
			store->cache_free(store->cache);
		store->cache = f;
		store->cache_free = free_cache;
		store->cache_version = now;
	}
	*out = store->cache;
	return FI_OK;
}

int fi__frame_whole_for_write(fi_store *store, bool read_rows, fi_frame **out, bool *from_rows)
{
	*out = NULL;
	*from_rows = false;
	if (store->workouts_changed)
		return fi__error(FI_EINVALID, FI_ERRCAT_STORE, "the transaction has written workouts");
	int64_t now, generation;
	int rc = fi__store_data_version(store, &now);
	if (rc)
		return rc;
	if (store->cache && store->cache_version == now) {
		fi_frame *f = store->cache;
		atomic_fetch_add(&f->refs, 1);
		*out = f;
		return FI_OK;
	}
	if (fi__store_generation(store, &generation) == FI_OK && fi__snapshot_load(store, generation, out))
		return FI_OK;
	fi_error_clear();
	if (!read_rows)
		return fi__error(FI_ENOTFOUND, FI_ERRCAT_STORE, "no current frame of the store at hand");
	*from_rows = true;
	return fi__frame_read(store, NULL, true, out);
}

/* fi__commit(), before its COMMIT: the snapshot of the frame the transaction leaves is written
 * on a thread of its own meanwhile. */
static void *prepare(fi_store *store, void *frame, int64_t generation)
{
	return fi__snapshot_begin(store, generation, frame);
}

/* fi__commit(), after it: the frame a write transaction left is the store's whole frame now. */
static void publish(fi_store *store, void *frame, void *prepared, int64_t theirs)
{
	fi_frame *f = frame;
	fi__snapshot_finish(prepared, true);
	int64_t now;
	/* kept unless another connection committed since (its rows are not in @f) */
	if (fi__store_data_version(store, &now) != FI_OK || store->seen_version.theirs != theirs) {
		fi_error_clear();
		fi_frame_free(f);
		return;
	}
	if (store->cache_free)
		store->cache_free(store->cache);
	store->cache = f;
	store->cache_free = free_cache;
	store->cache_version = now;
}

/* The transaction did not commit, or wrote workouts after @frame was made. */
static void discard(void *frame, void *prepared)
{
	fi__snapshot_finish(prepared, false);
	free_cache(frame);
}

void fi__frame_keep_at_commit(fi_store *store, fi_frame *f)
{
	fi__store_set_next_cache(store, &(fi__next_cache){ .frame = f, .prepare = prepare, .publish = publish,
							   .discard = discard });
}

static int load(fi_store *store, const fi_workout_filter *filter, bool text, fi_frame **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi__filter checked;
	int rc = fi__filter_check(filter, &checked);
	if (rc)
		return rc;
	/* inside a transaction the rows may be uncommitted: read them there */
	if (!sqlite3_get_autocommit(store->db))
		return fi__frame_read(store, filter, text, out);
	int64_t now;
	const fi_frame *whole;
	if ((rc = fi__store_data_version(store, &now)) || (rc = whole_frame(store, now, &whole)))
		return rc;
	return fi__frame_select(whole, &checked, text, out);
}

int fi_frame_load(fi_store *store, const fi_workout_filter *filter, fi_frame **out)
{
	return load(store, filter, false, out);
}

/* The cache's whole frame holds the text too: the same cut, with its text columns. */
int fi_frame_load_text(fi_store *store, const fi_workout_filter *filter, fi_frame **out)
{
	return load(store, filter, true, out);
}
