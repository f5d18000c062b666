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

int fipy_ingest_options_set_progress(fi_ingest_options *o, PyObject *callable)
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

void fipy_ingest_options_release(fi_ingest_options *o)
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

#define FIELD(T, f) #f, (Py_ssize_t)offsetof(T, f), (Py_ssize_t)sizeof(((T *)0)->f)

static int add_layout(PyObject *all, const char *name, size_t itemsize, PyObject *fields)
{
	PyObject *entry;
	int rc;

	if (!fields)
		return -1;
	entry = Py_BuildValue("(nN)", (Py_ssize_t)itemsize, fields);
	if (!entry)
		return -1;
	rc = PyDict_SetItemString(all, name, entry);
	Py_DECREF(entry);
	return rc;
}

PyObject *fipy_layouts(void)
{
	PyObject *all = PyDict_New();
	if (!all)
		return NULL;
	if (add_layout(all, "fi_anomaly", sizeof(fi_anomaly), Py_BuildValue(
		    "{s(nn)s(nn)s(nn)s(nn)s(nn)s(nn)}",
		    FIELD(fi_anomaly, workout_id), FIELD(fi_anomaly, day), FIELD(fi_anomaly, value),
		    FIELD(fi_anomaly, score), FIELD(fi_anomaly, direction),
		    FIELD(fi_anomaly, severity))) < 0 ||
	    add_layout(all, "fi_era_month", sizeof(fi_era_month), Py_BuildValue(
		    "{s(nn)s(nn)s(nn)s(nn)s(nn)}",
		    FIELD(fi_era_month, day), FIELD(fi_era_month, workouts), FIELD(fi_era_month, pace_n),
		    FIELD(fi_era_month, pace_mean), FIELD(fi_era_month, period))) < 0 ||
	    add_layout(all, "fi_consistency_month", sizeof(fi_consistency_month), Py_BuildValue(
		    "{s(nn)s(nn)}",
		    FIELD(fi_consistency_month, day), FIELD(fi_consistency_month, workouts))) < 0 ||
	    add_layout(all, "fi_forecast_step", sizeof(fi_forecast_step), Py_BuildValue(
		    "{s(nn)s(nn)s(nn)s(nn)s(nn)}",
		    FIELD(fi_forecast_step, day), FIELD(fi_forecast_step, linear),
		    FIELD(fi_forecast_step, low), FIELD(fi_forecast_step, high),
		    FIELD(fi_forecast_step, holt))) < 0 ||
	    add_layout(all, "fi_plateau", sizeof(fi_plateau), Py_BuildValue(
		    "{s(nn)s(nn)s(nn)s(nn)s(nn)s(nn)s(nn)s(nn)s(nn)}",
		    FIELD(fi_plateau, first), FIELD(fi_plateau, last), FIELD(fi_plateau, first_day),
		    FIELD(fi_plateau, last_day), FIELD(fi_plateau, first_workout_id),
		    FIELD(fi_plateau, last_workout_id), FIELD(fi_plateau, length),
		    FIELD(fi_plateau, level), FIELD(fi_plateau, mean))) < 0) {
		Py_DECREF(all);
		return NULL;
	}
	return all;
}
