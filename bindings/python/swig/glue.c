/* See glue.h. */
#include "glue.h"

#include <stdlib.h>
#include <stddef.h>
#include <string.h>

/* fitintel.errors.from_status, looked up once (under the GIL). */
static PyObject *from_status;

PyObject *fipy_raise_status(int rc)
{
	const fi_error *e = fi_error_last();
	PyObject *exc;

	if (PyErr_Occurred())
		return NULL;   /* the callback's own exception explains the cancellation */
	if (!from_status) {
		PyObject *mod = PyImport_ImportModule("fitintel.errors");
		if (mod) {
			from_status = PyObject_GetAttrString(mod, "from_status");
			Py_DECREF(mod);
		}
		if (!from_status) {
			PyErr_Clear();
			PyErr_Format(PyExc_RuntimeError, "%s: %s", fi_strerror(rc), e->message);
			return NULL;
		}
	}
	/* The record belongs to this failure only if the library recorded it for this code. */
	if (e->code != rc)
		exc = PyObject_CallFunction(from_status, "iisslis", rc, 0, "", "", 0L, 0, "");
	else
		exc = PyObject_CallFunction(from_status, "iisslis", rc, e->category, e->message, e->file,
					    e->line, e->column, e->field);
	if (exc) {
		PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
		Py_DECREF(exc);
	}
	return NULL;
}

static int progress_trampoline(const fi_progress *p, void *payload)
{
	PyGILState_STATE gil = PyGILState_Ensure();
	int stop = 1;
	PyObject *r = PyObject_CallFunction((PyObject *)payload, "KKLL",
					    (unsigned long long)p->bytes_done,
					    (unsigned long long)p->bytes_total, (long long)p->rows_read,
					    (long long)p->rows_written);
	if (r) {
		stop = PyObject_IsTrue(r);
		Py_DECREF(r);
		if (stop < 0)
			stop = 1;   /* its truth raised: that exception stays pending */
	}
	PyGILState_Release(gil);
	return stop;
}

int fipy_ingest_options_set_progress(fi_ingest_params *o, PyObject *callable)
{
	if (callable != Py_None && !PyCallable_Check(callable)) {
		PyErr_SetString(PyExc_TypeError, "progress must be callable or None");
		return -1;
	}
	fipy_ingest_options_release(o);
	if (callable != Py_None) {
		Py_INCREF(callable);
		o->progress_payload = callable;
		o->progress_cb = progress_trampoline;
	}
	return 0;
}

void fipy_ingest_options_release(fi_ingest_params *o)
{
	if (o->progress_cb == progress_trampoline)
		Py_XDECREF((PyObject *)o->progress_payload);
	o->progress_cb = NULL;
	o->progress_payload = NULL;
}

int fipy_string_set(const char **field, const char *value)
{
	char *copy = NULL;

	if (value) {
		copy = strdup(value);
		if (!copy) {
			PyErr_NoMemory();
			return -1;
		}
	}
	free((void *)(uintptr_t)*field);
	*field = copy;
	return 0;
}

void fipy_string_free(const char **field)
{
	free((void *)(uintptr_t)*field);
	*field = NULL;
}

PyObject *fipy_bytes(const void *items, size_t count, size_t size)
{
	if (!items || !count)
		return PyBytes_FromStringAndSize("", 0);
	if (count > (size_t)PY_SSIZE_T_MAX / size)
		return PyErr_NoMemory();
	return PyBytes_FromStringAndSize(items, (Py_ssize_t)(count * size));
}

/* How numpy spells the kind of a member of type @x: f (floating), i (signed), u (unsigned), s (a C
 * string). A type not listed here does not compile: add it with its kind. */
#define KIND(x) _Generic((x), \
	float: "f", double: "f", \
	signed char: "i", short: "i", int: "i", long: "i", long long: "i", \
	unsigned char: "u", unsigned short: "u", unsigned int: "u", unsigned long: "u", \
	unsigned long long: "u", \
	char *: "s", const char *: "s")

typedef struct layout_field {
	const char *name;
	size_t offset, size;   /* offsetof and sizeof of the member (the whole array for an array) */
	size_t count;          /* elements of an array member; 0 for a scalar */
	const char *kind;      /* KIND() of the member, or of an element of an array */
} layout_field;

#define MEMBER(T, f) (((T *)0)->f)
#define FIELD(T, f) { #f, offsetof(T, f), sizeof MEMBER(T, f), 0, KIND(MEMBER(T, f)) }
#define ARRAY_FIELD(T, f) { #f, offsetof(T, f), sizeof MEMBER(T, f), \
	sizeof MEMBER(T, f) / sizeof MEMBER(T, f)[0], KIND(MEMBER(T, f)[0]) }

/* The frozen structs that cross as bytes (outputs.i: FI_BULK_RESULT). */
static const layout_field anomaly[] = {
	FIELD(fi_anomaly, workout_id), FIELD(fi_anomaly, day), FIELD(fi_anomaly, value),
	FIELD(fi_anomaly, score), FIELD(fi_anomaly, direction), FIELD(fi_anomaly, severity),
};
static const layout_field era_month[] = {
	FIELD(fi_era_month, day), FIELD(fi_era_month, workouts), FIELD(fi_era_month, pace_n),
	FIELD(fi_era_month, pace_mean), FIELD(fi_era_month, period),
};
static const layout_field consistency_month[] = {
	FIELD(fi_consistency_month, day), FIELD(fi_consistency_month, workouts),
};
static const layout_field forecast_step[] = {
	FIELD(fi_forecast_step, day), FIELD(fi_forecast_step, linear), FIELD(fi_forecast_step, low),
	FIELD(fi_forecast_step, high), FIELD(fi_forecast_step, holt),
};
static const layout_field plateau[] = {
	FIELD(fi_plateau, first), FIELD(fi_plateau, last), FIELD(fi_plateau, first_day),
	FIELD(fi_plateau, last_day), FIELD(fi_plateau, first_workout_id),
	FIELD(fi_plateau, last_workout_id), FIELD(fi_plateau, length), FIELD(fi_plateau, level),
	FIELD(fi_plateau, mean),
};

/* The kernels' results and parameters, for the tests that call the kernels through ctypes
 * (tests/python/kernels): they lay these structs out from here, never by hand. */
static const layout_field stats_summary[] = {
	FIELD(fi_stats_summary, n), FIELD(fi_stats_summary, mean), FIELD(fi_stats_summary, sd),
	FIELD(fi_stats_summary, min), FIELD(fi_stats_summary, q1), FIELD(fi_stats_summary, median),
	FIELD(fi_stats_summary, q3), FIELD(fi_stats_summary, max), FIELD(fi_stats_summary, mad),
};
static const layout_field ols[] = {
	FIELD(fi_ols, n), FIELD(fi_ols, slope), FIELD(fi_ols, intercept), FIELD(fi_ols, r),
	FIELD(fi_ols, r2), FIELD(fi_ols, p_value), FIELD(fi_ols, slope_se),
	FIELD(fi_ols, intercept_se), FIELD(fi_ols, slope_low), FIELD(fi_ols, slope_high),
};
static const layout_field ttest[] = {
	FIELD(fi_ttest, mean_a), FIELD(fi_ttest, mean_b), FIELD(fi_ttest, t), FIELD(fi_ttest, df),
	FIELD(fi_ttest, p_value), FIELD(fi_ttest, cohen_d),
};
static const layout_field mann_kendall[] = {
	FIELD(fi_mann_kendall, s), FIELD(fi_mann_kendall, var_s), FIELD(fi_mann_kendall, z),
	FIELD(fi_mann_kendall, p_value), FIELD(fi_mann_kendall, tau),
	FIELD(fi_mann_kendall, sen_slope), FIELD(fi_mann_kendall, sen_intercept),
};
static const layout_field kmeans_params[] = {
	FIELD(fi_kmeans_params, version), FIELD(fi_kmeans_params, k),
	FIELD(fi_kmeans_params, n_init), FIELD(fi_kmeans_params, max_iter),
	FIELD(fi_kmeans_params, tol), FIELD(fi_kmeans_params, seed),
	FIELD(fi_kmeans_params, sample_size),
};
static const layout_field mixture_params[] = {
	FIELD(fi_mixture_params, version), FIELD(fi_mixture_params, max_iter),
	FIELD(fi_mixture_params, tol), FIELD(fi_mixture_params, reg_covar),
};
static const layout_field consistency_params[] = {
	FIELD(fi_consistency_params, version), FIELD(fi_consistency_params, window_days),
	FIELD(fi_consistency_params, target_per_week),
};
static const layout_field consistency[] = {
	FIELD(fi_consistency, score), FIELD(fi_consistency, frequency),
	FIELD(fi_consistency, timing), FIELD(fi_consistency, performance),
	FIELD(fi_consistency, streak), FIELD(fi_consistency, empty),
	FIELD(fi_consistency, workouts), FIELD(fi_consistency, active_days),
	FIELD(fi_consistency, per_week), FIELD(fi_consistency, active_day_pct),
	ARRAY_FIELD(fi_consistency, weekday_counts), FIELD(fi_consistency, weekday_cv),
	FIELD(fi_consistency, interval_cv), FIELD(fi_consistency, cv_calories),
	FIELD(fi_consistency, cv_distance), FIELD(fi_consistency, cv_duration),
	FIELD(fi_consistency, current_streak), FIELD(fi_consistency, longest_streak),
	FIELD(fi_consistency, current_week_streak), FIELD(fi_consistency, longest_week_streak),
};
static const layout_field workout_filter[] = {
	FIELD(fi_workout_filter, version), FIELD(fi_workout_filter, from),
	FIELD(fi_workout_filter, to), FIELD(fi_workout_filter, activity_type),
	FIELD(fi_workout_filter, newest_first), FIELD(fi_workout_filter, label),
};

#define LAYOUT(T, fields) { #T, sizeof(T), fields, sizeof fields / sizeof fields[0] }

static const struct layout {
	const char *name;
	size_t size;
	const layout_field *fields;
	size_t n;
} layouts[] = {
	LAYOUT(fi_anomaly, anomaly), LAYOUT(fi_era_month, era_month),
	LAYOUT(fi_consistency_month, consistency_month), LAYOUT(fi_forecast_step, forecast_step),
	LAYOUT(fi_plateau, plateau),
	LAYOUT(fi_stats_summary, stats_summary), LAYOUT(fi_ols, ols), LAYOUT(fi_ttest, ttest),
	LAYOUT(fi_mann_kendall, mann_kendall), LAYOUT(fi_kmeans_params, kmeans_params),
	LAYOUT(fi_mixture_params, mixture_params),
	LAYOUT(fi_consistency_params, consistency_params), LAYOUT(fi_consistency, consistency),
	LAYOUT(fi_workout_filter, workout_filter),
};

/* {member: (offset, size, kind, shape)} of one struct; shape is () or (count,). */
static PyObject *layout_fields(const struct layout *l)
{
	PyObject *fields = PyDict_New();
	size_t i;

	if (!fields)
		return NULL;
	for (i = 0; i < l->n; i++) {
		const layout_field *f = &l->fields[i];
		PyObject *entry = f->count
			? Py_BuildValue("(nns(n))", (Py_ssize_t)f->offset, (Py_ssize_t)f->size, f->kind,
					(Py_ssize_t)f->count)
			: Py_BuildValue("(nns())", (Py_ssize_t)f->offset, (Py_ssize_t)f->size, f->kind);
		int rc = entry ? PyDict_SetItemString(fields, f->name, entry) : -1;

		Py_XDECREF(entry);
		if (rc < 0) {
			Py_DECREF(fields);
			return NULL;
		}
	}
	return fields;
}

PyObject *fipy_layouts(void)
{
	PyObject *all = PyDict_New();
	size_t i;

	if (!all)
		return NULL;
	for (i = 0; i < sizeof layouts / sizeof layouts[0]; i++) {
		PyObject *entry = Py_BuildValue("(nN)", (Py_ssize_t)layouts[i].size,
						layout_fields(&layouts[i]));
		int rc = entry ? PyDict_SetItemString(all, layouts[i].name, entry) : -1;

		Py_XDECREF(entry);
		if (rc < 0) {
			Py_DECREF(all);
			return NULL;
		}
	}
	return all;
}
