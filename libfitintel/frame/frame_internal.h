/* Borrowed, copy-free views of a loaded frame for the store operations that analyse it (frame.c).
 * Every pointer is valid until fi_frame_free(); rows are in date order, then id. */
#ifndef FITINTEL_FRAME_INTERNAL_H
#define FITINTEL_FRAME_INTERNAL_H

#include <stdatomic.h>
#include <sys/types.h>

#include "store/store_internal.h"

/* The stored numeric columns (in the order of frame.c's SELECT), all of them with the derived ones,
 * the text columns; a missing text. */
#define FI__FRAME_STORED 9
#define FI__FRAME_COLUMNS 12
#define FI__FRAME_TEXTS 2
#define FI__NO_TEXT SIZE_MAX

struct fi_frame {
	size_t rows, cap;
	int64_t *ids;
	int32_t *days;
	int8_t *labels, *methods;         /* fi_label, fi_method of the stored classification */
	double *confidence;
	int64_t *model_ids;               /* the model that decided, 0 for none */
	int16_t *clusters;                /* its cluster, −1 for none */
	double *columns[FI__FRAME_STORED]; /* index = fi_column − 1; derived columns are computed on copy */
	/* text columns: offsets from @text_base (the bytes of @arena, of a parent's, or of a
	 * snapshot's block), FI__NO_TEXT when missing */
	bool with_text;                   /* the text columns are loaded (always in the cache's frame) */
	size_t *text[FI__FRAME_TEXTS];    /* index = fi_text_column − 1; NULL when not loaded */
	const char *text_base;
	size_t text_len;                  /* bytes at @text_base */
	fi__buf arena;
	/* Frames share columns instead of copying them. A view (a date range of another frame)
	 * points into its @parent's columns; a selection (a label or a type) owns copies of the
	 * rows it keeps but points into its @parent's text; either holds one of the parent's
	 * references. A frame read from a snapshot has every column in @block, a read-only mapping
	 * of the file (frame_snapshot.c). @refs counts the references besides the owner's:
	 * fi_frame_free() frees on the last one, from any thread. */
	fi_frame *parent;
	bool view;
	atomic_int refs;
	void *block;
	size_t block_len;
	/* the snapshot file @block maps, while its pages are the file's (fi__snapshot_copy()); an
	 * inode of 0 for every other frame */
	dev_t block_dev;
	ino_t block_ino;
};

/* The store's whole frame kept in a file beside it (frame_snapshot.c), so that a new process
 * maps it instead of decoding every row of SQLite again. The file is a cache:
 * it is used only when its generation is @generation (fi__store_generation(), read in the same
 * read transaction) and its checksum holds; a missing, stale or damaged file is a miss. */
bool fi__snapshot_load(fi_store *store, int64_t generation, fi_frame **out);
/* Write @f (a whole frame with its text) as the snapshot of @generation; best effort, silent: a
 * store that cannot keep one (in memory, a read-only folder, a full disk) reads its rows each
 * time. A store opened read-only keeps one too: the store file is not written. */
void fi__snapshot_save(fi_store *store, int64_t generation, const fi_frame *f);
/* The same in two steps, so that the writing (on a thread of its own) runs while the caller does
 * something else: begin() returns NULL when there is nothing to write (as save() would skip) or
 * the file cannot be made; finish() waits for the writing, then gives the file its name when
 * @keep, or drops it; a NULL writer is nothing to finish. @f must stay unchanged until then. */
typedef struct fi__snapshot_writer fi__snapshot_writer;
fi__snapshot_writer *fi__snapshot_begin(fi_store *store, int64_t generation, const fi_frame *f);
void fi__snapshot_finish(fi__snapshot_writer *w, bool keep);
/* Unmap a snapshot frame's block (fi_frame_free()). */
void fi__snapshot_unmap(void *block, size_t len);
/* A writable copy of @f, a frame as loaded from the snapshot file, that owns nothing of @f: the
 * same file mapped again copy-on-write, so that a pass relabelling it pays for the pages it
 * writes (the classification columns) instead of a copy of every column. NULL when @f is not
 * such a frame, or its file was replaced since (the caller copies with fi__frame_copy()). */
fi_frame *fi__snapshot_copy(fi_store *store, const fi_frame *f);

/* A stored numeric column (FI_COLUMN_CALORIES … FI_COLUMN_STEPS, or FI_COLUMN_CONFIDENCE); NULL
 * for a derived one (cadence, day: use fi_frame_column() or the day array). */
const double *fi__frame_values(const fi_frame *f, int column);
const int64_t *fi__frame_id_array(const fi_frame *f);
const int32_t *fi__frame_day_array(const fi_frame *f);
/* fi_label / fi_method codes of the stored classification, one byte per row */
const int8_t *fi__frame_label_array(const fi_frame *f);
const int8_t *fi__frame_method_array(const fi_frame *f);

/* A frame of rows [lo, hi) of @f (a window of days, since rows are in date order): a view that
 * shares @f's columns and keeps them alive; free it with fi_frame_free(). */
int fi__frame_slice(const fi_frame *f, size_t lo, size_t hi, fi_frame **out);

/* The rows of @f that @filter keeps: a view of @f for a date range (rows are in date order), a
 * selection when a label or an activity type picks rows (the type needs @f's text). With @text
 * the result has @f's text columns, else none (as fi_frame_load() promises). */
int fi__frame_select(const fi_frame *f, const fi__filter *filter, bool text, fi_frame **out);

/* A frame that owns a copy of @f: every column (writable) and the text, no reference to @f. What a
 * classification pass relabels to keep the store's whole frame current (frame_cache.c). */
int fi__frame_copy(const fi_frame *f, fi_frame **out);

/* The store's whole frame (with its text) inside a write transaction that has not written
 * workouts yet (else FI_EINVALID): the cache's (a new reference), the snapshot's, or, with
 * @read_rows, read from the rows (@from_rows; else FI_ENOTFOUND). Free it with fi_frame_free(). */
int fi__frame_whole_for_write(fi_store *store, bool read_rows, fi_frame **out, bool *from_rows);
/* @f (owned from now on) is the whole frame as the open write transaction leaves the workouts:
 * when it commits with no later write to workouts, @f becomes the store's cached frame and its
 * snapshot. */
void fi__frame_keep_at_commit(fi_store *store, fi_frame *f);

/* A frame read from the store's rows, in one read transaction (frame.c). */
int fi__frame_read(fi_store *store, const fi_workout_filter *filter, bool text, fi_frame **out);

#endif
