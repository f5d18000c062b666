/* Borrowed, copy-free views of a loaded frame for the store operations that analyse it (frame.c).
 * Every pointer is valid until fi_frame_free(); rows are in date order, then id. */
#ifndef FITINTEL_FRAME_INTERNAL_H
#define FITINTEL_FRAME_INTERNAL_H

#include "store/store_internal.h"

/* A stored numeric column (FI_COLUMN_CALORIES … FI_COLUMN_STEPS, or FI_COLUMN_CONFIDENCE); NULL
 * for a derived one (cadence, day: use fi_frame_column() or the day array). */
const double *fi__frame_values(const fi_frame *f, int column);
const int64_t *fi__frame_id_array(const fi_frame *f);
const int32_t *fi__frame_day_array(const fi_frame *f);
/* fi_label / fi_method codes of the stored classification, one byte per row */
const int8_t *fi__frame_label_array(const fi_frame *f);
const int8_t *fi__frame_method_array(const fi_frame *f);

/* A new frame holding rows [lo, hi) of @f (a window of days, since rows are in date order). */
int fi__frame_slice(const fi_frame *f, size_t lo, size_t hi, fi_frame **out);

/* The rows of @f that @filter keeps (its dates and label; not its activity type), in a new frame. */
int fi__frame_select(const fi_frame *f, const fi__filter *filter, fi_frame **out);

/* A frame read from the store's rows, in one read transaction (frame.c). */
int fi__frame_read(fi_store *store, const fi_workout_filter *filter, bool text, fi_frame **out);

#endif
