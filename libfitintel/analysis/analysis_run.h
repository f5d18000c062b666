/* The one shape of every analysis over a store (analysis_run.c): resolve the params, check them
 * before any workout is read, load the filtered frame, run on it, free the frame. */
#ifndef FITINTEL_ANALYSIS_RUN_H
#define FITINTEL_ANALYSIS_RUN_H

#include "fitintel/frame.h"
#include "store/config_internal.h"

typedef struct fi__analysis {
	size_t params_size;
	const void *defaults;   /* the params' INIT value */
	/* NULL params mean the store's configuration: @defaults overlaid with these keys (none:
	 * the analysis has no configuration keys, and the defaults are its configuration) */
	const fi__config_field *fields;
	size_t n_fields;
	int (*check)(const void *params);
	int (*run)(const fi_frame *f, const void *params, void **out);
	/* When set, the analysis keeps to one label itself: a filter's label is given here instead of
	 * cutting a frame of that label's rows (a copy of every column); NULL: @run on the cut. */
	int (*run_label)(const fi_frame *f, int label, const void *params, void **out);
	/* For params that grew: the size of the struct of each version (version v at [v − 1]), the
	 * last being the current one. A caller's older struct is read to its own size only, over the
	 * defaults, and becomes the current version; an unknown version is read no further than its
	 * version field, for @check to refuse. NULL: one version, params_size bytes. */
	const size_t *version_sizes;
	unsigned int versions;
} fi__analysis;

/* Run @a over the workouts of @store that @filter keeps, with @params (NULL: the store's
 * configuration). *out is NULL on failure. */
int fi__analysis_run(const fi__analysis *a, fi_store *store, const fi_workout_filter *filter,
		     const void *params, void **out);

/* The params of an fi__*_on_frame(): @params, or @a's defaults when NULL (the built-in ones, not
 * the store's), into @resolved, checked; FI_EINVALID also when @label is neither −1 (every row)
 * nor a label. */
int fi__analysis_params(const fi__analysis *a, const void *params, int label, void *resolved);

/* Defines the public entry `int fn(fi_store *, const fi_workout_filter *, const params_t *,
 * report_t **out)` over fi__analysis_run() with @analysis; *out is left as it was when the
 * arguments are refused. */
#define FI__DEFINE_ANALYSIS_ENTRY(fn, params_t, report_t, analysis)                                \
	int fn(fi_store *store, const fi_workout_filter *filter, const params_t *params, report_t **out) \
	{                                                                                          \
		void *r = out ? *out : NULL;                                                       \
		int rc = fi__analysis_run(&(analysis), store, filter, params, out ? &r : NULL);    \
		if (out)                                                                           \
			*out = r;                                                                  \
		return rc;                                                                         \
	}

#endif
