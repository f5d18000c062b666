/* The one shape of every analysis over a store (analysis_run.c): resolve the params, check them
 * before any workout is read, load the filtered frame, run on it, free the frame. */
#ifndef FITINTEL_ANALYSIS_RUN_H
#define FITINTEL_ANALYSIS_RUN_H

#include "fitintel/frame.h"
#include "util/internal.h"

typedef struct fi__analysis {
	size_t params_size;
	const void *defaults;   /* the params' INIT value */
	/* NULL params mean the store's configuration: @load reads it (NULL: the analysis has no
	 * configuration keys, and the defaults are its configuration) */
	int (*load)(fi_store *store, void *params);
	int (*check)(const void *params);
	int (*run)(const fi_frame *f, const void *params, void **out);
} fi__analysis;

/* Run @a over the workouts of @store that @filter keeps, with @params (NULL: the store's
 * configuration). *out is NULL on failure. */
int fi__analysis_run(const fi__analysis *a, fi_store *store, const fi_workout_filter *filter,
		     const void *params, void **out);

#endif
