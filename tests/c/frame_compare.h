/* Frame equality and the snapshot's state, for the tests that link the library's internals
 * (frame_cache, frame_snapshot, relabel_frame). */
#ifndef FITINTEL_TEST_FRAME_COMPARE_H
#define FITINTEL_TEST_FRAME_COMPARE_H

#include <stdbool.h>
#include <string.h>

#include "../../libfitintel/frame/frame_internal.h"

/* Whether two frames hold the same rows, bit for bit in every stored column. */
static inline bool test_same_frame(const fi_frame *a, const fi_frame *b)
{
	size_t n = fi_frame_rows(a);
	if (!a || !b || n != fi_frame_rows(b))
		return false;
	if (n && (memcmp(fi__frame_id_array(a), fi__frame_id_array(b), n * sizeof(int64_t)) ||
		  memcmp(fi__frame_day_array(a), fi__frame_day_array(b), n * sizeof(int32_t)) ||
		  memcmp(fi__frame_label_array(a), fi__frame_label_array(b), n) ||
		  memcmp(fi__frame_method_array(a), fi__frame_method_array(b), n) ||
		  memcmp(fi__frame_values(a, FI_COLUMN_CONFIDENCE), fi__frame_values(b, FI_COLUMN_CONFIDENCE),
			 n * sizeof(double)) ||
		  memcmp(a->model_ids, b->model_ids, n * sizeof(int64_t)) ||
		  memcmp(a->clusters, b->clusters, n * sizeof(int16_t))))
		return false;
	for (int c = FI_COLUMN_CALORIES; c <= FI_COLUMN_STEPS; c++)
		if (n && memcmp(fi__frame_values(a, c), fi__frame_values(b, c), n * sizeof(double)))
			return false;
	/* the text where both have it: NULL where NULL, the same bytes elsewhere */
	for (int c = FI_TEXT_ACTIVITY_TYPE; a->with_text && b->with_text && c <= FI_TEXT_NOTES; c++)
		for (size_t i = 0; i < n; i++) {
			const char *x = fi_frame_text(a, c, i), *y = fi_frame_text(b, c, i);
			if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
				return false;
		}
	return true;
}

/* Whether the snapshot beside the store at @path is valid for the store as it is now. */
static inline bool test_snapshot_current(const char *path)
{
	fi_store *s = NULL;
	fi_frame *f = NULL;
	int64_t generation = 0;
	bool current = fi_store_open(path, NULL, &s) == FI_OK && fi__store_generation(s, &generation) == FI_OK &&
		       fi__snapshot_load(s, generation, &f);
	fi_frame_free(f);
	fi_store_close(s);
	return current;
}

#endif
