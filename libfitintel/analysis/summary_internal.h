/* The summary of an already loaded frame (summary.c), for callers that hold one. */
#ifndef FITINTEL_SUMMARY_INTERNAL_H
#define FITINTEL_SUMMARY_INTERNAL_H

#include "fitintel/summary.h"
#include "frame/frame_internal.h"

/* As fi_summary_make() over the rows of @f; @params NULL: defaults. */
int fi__summary_on_frame(const fi_frame *f, const fi_summary_params *params, fi_summary **out);

#endif
