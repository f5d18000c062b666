/* The era comparison on an already loaded frame, for the briefing (era_compare.c). */
#ifndef FITINTEL_ERA_COMPARE_H
#define FITINTEL_ERA_COMPARE_H

#include "fitintel/frame.h"
#include "store/era_table.h"

/* As fi_era_compare() on the rows of @f with the eras of @eras (at least one) and resolved
 * @params (non-NULL). FI_ENOTFOUND when @eras is empty. */
int fi__era_compare_frame(const fi_frame *f, const fi__era_table *eras,
			  const fi_era_compare_params *params, fi_era_comparison **out);

#endif
