/* Borrowed, copy-free views of a loaded frame for the store operations that analyse it (frame.c).
 * Every pointer is valid until fi_frame_free(); rows are in date order, then id. */
#ifndef FITINTEL_FRAME_INTERNAL_H
#define FITINTEL_FRAME_INTERNAL_H

#include "util/internal.h"

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

#endif
