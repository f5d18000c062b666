/* The runner behind fi_anomaly_detect(), fi_trend_detect(), fi_forecast_series(),
 * fi_records_find(), fi_summary_make() and fi_consistency_analyze(): one place decides what NULL
 * params mean and that bad params cost no frame load. */
#include <stddef.h>
#include <string.h>

#include "analysis_run.h"
#include "fitintel/label.h"

/* The largest params struct an analysis has, with room to grow. */
#define PARAMS_MAX 512

/* The caller's @params into @resolved (a->params_size bytes), as the current version. */
static void take(const fi__analysis *a, const void *params, void *resolved)
{
	if (a->version_sizes)   /* an unknown version is left for @check to refuse */
		fi__params_upgrade(params, resolved, a->defaults, a->version_sizes, a->versions);
	else
		memcpy(resolved, params, a->params_size);
}

int fi__analysis_params(const fi__analysis *a, const void *params, int label, void *resolved)
{
	if (params)
		take(a, params, resolved);
	else
		memcpy(resolved, a->defaults, a->params_size);
	int rc = a->check ? a->check(resolved) : FI_OK;
	if (rc == FI_OK && (label < -1 || label >= FI_LABEL_COUNT))
		rc = fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown label %d", label);
	return rc;
}

int fi__analysis_run(const fi__analysis *a, fi_store *store, const fi_workout_filter *filter,
		     const void *params, void **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	_Alignas(max_align_t) unsigned char resolved[PARAMS_MAX];
	if (a->params_size > sizeof resolved)
		return fi__error(FI_ERROR, FI_ERRCAT_ARG, "params of %zu bytes: too large", a->params_size);
	int rc = FI_OK;
	if (params)
		take(a, params, resolved);
	else
		rc = fi__config_load(store, a->fields, a->n_fields, a->defaults, resolved, a->params_size);
	if (rc || (a->check && (rc = a->check(resolved))))
		return rc;
	fi_workout_filter rest;
	int label = -1;
	if (a->run_label && filter && filter->label >= 0 && filter->label < FI_LABEL_COUNT) {
		rest = *filter;
		label = rest.label;
		rest.label = -1;
		filter = &rest;
	}
	fi_frame *f = NULL;
	if ((rc = fi_frame_load(store, filter, &f)))
		return rc;
	rc = label >= 0 ? a->run_label(f, label, resolved, out) : a->run(f, resolved, out);
	fi_frame_free(f);
	return rc;
}
