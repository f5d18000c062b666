/* The consistency analysis on an already loaded frame, for the briefing, which runs every
 * analysis on one frame (consistency_store.c). */
#ifndef FITINTEL_CONSISTENCY_INTERNAL_H
#define FITINTEL_CONSISTENCY_INTERNAL_H

#include "fitintel/consistency.h"
#include "util/internal.h"

/* As fi_consistency_analyze() over every row of @f with checked-on-entry @params (non-NULL; read
 * the store's with fi_consistency_analysis_params_from_store()). */
int fi__consistency_on_frame(const fi_frame *f, const fi_consistency_analysis_params *params,
			     fi_consistency_analysis **out);

#endif
