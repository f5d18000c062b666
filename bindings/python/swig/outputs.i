/* Out-parameters and returned arrays, as Python values. */

/* Strings the library allocates for the caller: a str, then fi_free(). */
%typemap(in, numinputs=0, noblock=1) char **out (char *text = NULL), char **json (char *text = NULL) {
	$1 = &text;
}
%typemap(argout, noblock=1) char **out, char **json {
	$result = SWIG_Python_AppendOutput($result, text$argnum ? PyUnicode_FromString(text$argnum) : SWIG_Py_Void());
}
%typemap(freearg, noblock=1) char **out, char **json {
	fi_free(text$argnum);
}

/* Static strings described through out-parameters (fi_config_key_at). */
%typemap(in, numinputs=0, noblock=1) const char **name (const char *s = NULL), const char **default_value (const char *s = NULL),
	const char **description (const char *s = NULL) {
	$1 = &s;
}
%typemap(argout, noblock=1) const char **name, const char **default_value, const char **description {
	$result = SWIG_Python_AppendOutput($result, s$argnum ? PyUnicode_FromString(s$argnum) : SWIG_Py_Void());
}

/* Numbers through out-parameters. */
%apply int *OUTPUT { int *out, int *column, int *period, int *grouping, int *statistic, int *method, int *kind,
		     int *format };
%apply double *OUTPUT { double *mean, double *scale, double *weight };
%apply double *OUTPUT { double *fitted, double *low, double *high };
%apply unsigned int *OUTPUT { unsigned int *out }; /* fi_sample_profiles_parse */
%typemap(in, numinputs=0, noblock=1) int64_t *out (int64_t v = 0), int64_t *id (int64_t v = 0) {
	$1 = &v;
}
%typemap(argout, noblock=1) int64_t *out, int64_t *id {
	$result = SWIG_Python_AppendOutput($result, PyLong_FromLongLong((long long)v$argnum));
}
%apply int64_t *id { int64_t *rows };

/* Bulk columns of a frame: numpy fills nothing itself; the caller passes arrays it allocated
 * (np.empty(n, dtype)) and the library copies the column into them, GIL released. */
%apply (double *INPLACE_ARRAY1, size_t DIM1) { (double *out, size_t n) };
%apply (int64_t *INPLACE_ARRAY1, size_t DIM1) { (int64_t *out, size_t n) };
%apply (int32_t *INPLACE_ARRAY1, size_t DIM1) { (int32_t *out, size_t n) };
/* (and the single-argument `int64_t *out` / `int *out` typemaps above must not apply to them) */
%typemap(argout) (double *out, size_t n), (int64_t *out, size_t n), (int32_t *out, size_t n) "";

/* Model ids: a list of ints; the array is the library's, freed with fi_free(). */
%typemap(in, numinputs=0, noblock=1) (int64_t **ids, size_t *count) (int64_t *a = NULL, size_t n = 0) {
	$1 = &a;
	$2 = &n;
}
%typemap(argout) (int64_t **ids, size_t *count) {
	PyObject *list = PyList_New((Py_ssize_t)n$argnum);
	for (size_t i = 0; list && i < n$argnum; i++)
		PyList_SET_ITEM(list, (Py_ssize_t)i, PyLong_FromLongLong((long long)a$argnum[i]));
	if (!list)
		SWIG_fail;
	$result = SWIG_Python_AppendOutput($result, list);
}
%typemap(freearg, noblock=1) (int64_t **ids, size_t *count) {
	fi_free(a$argnum);
}

/* Borrowed arrays of frozen structs and numbers (`const T *f(..., size_t *count)`): copied once
 * into a bytes object that numpy reads with np.frombuffer and the struct's dtype
 * (fitintel/_layout.py, offsets from fipy_layouts()). Never a Python object per item. */
%define FI_BULK_RESULT(TYPE)
%typemap(out, noblock=1) const TYPE * {
	$result = SWIG_Py_Void();
}
%enddef
FI_BULK_RESULT(int64_t)
FI_BULK_RESULT(fi_anomaly)
FI_BULK_RESULT(fi_era_month)
FI_BULK_RESULT(fi_consistency_month)
FI_BULK_RESULT(fi_forecast_step)
FI_BULK_RESULT(fi_plateau)
%typemap(in, numinputs=0, noblock=1) size_t *count (size_t n = 0) {
	$1 = &n;
}
%typemap(argout, noblock=1) size_t *count {
	$result = SWIG_Python_AppendOutput($result, fipy_bytes(result, n$argnum, sizeof *result));
}

/* Parallel borrowed arrays (days and values) whose length is the function's result. */
%typemap(in, numinputs=0, noblock=1) const int32_t **days (const int32_t *a = NULL),
	const double **values (const double *a = NULL), const double **scores (const double *a = NULL) {
	$1 = &a;
}
%typemap(argout, noblock=1) const int32_t **days, const double **values, const double **scores {
	$result = SWIG_Python_AppendOutput($result, fipy_bytes(a$argnum, result, sizeof *a$argnum));
}

/* Arrays inside caller-allocated result structs (fi_classify_summary, fi_accuracy): tuples. */
%typemap(out) size_t [ANY] {
	$result = PyTuple_New($1_dim0);
	for (Py_ssize_t i = 0; $result && i < $1_dim0; i++)
		PyTuple_SET_ITEM($result, i, PyLong_FromSize_t($1[i]));
}
%typemap(out) double [ANY] {
	$result = PyTuple_New($1_dim0);
	for (Py_ssize_t i = 0; $result && i < $1_dim0; i++)
		PyTuple_SET_ITEM($result, i, PyFloat_FromDouble($1[i]));
}

/* An export held in memory: any bytes-like object, kept alive (and unchanged) during the call. */
%typemap(in) (const void *data, size_t size) (Py_buffer view, int got = 0) {
	if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0)
		SWIG_fail;
	got = 1;
	$1 = view.buf;
	$2 = (size_t)view.len;
}
%typemap(freearg) (const void *data, size_t size) {
	if (got$argnum)
		PyBuffer_Release(&view$argnum);
}

/* csv out-parameter of fi_sql_result_to_csv: as char **json above. */
%apply char **json { char **csv };

/* A text or blob cell of an SQL result: bytes (they may hold NUL), None for other cells. */
%typemap(out, noblock=1) const char *fi_sql_result_cell_text {
	$result = SWIG_Py_Void();
}
%typemap(in, numinputs=0, noblock=1) size_t *len (size_t n = 0) {
	$1 = &n;
}
%typemap(argout, noblock=1) size_t *len {
	$result = SWIG_Python_AppendOutput($result, result ? PyBytes_FromStringAndSize(result, (Py_ssize_t)n$argnum) : SWIG_Py_Void());
}

/* An export as one string with its length (a CSV cell may hold a NUL byte): str, then fi_free(). */
%typemap(in, numinputs=0, noblock=1) (char **out, size_t *len) (char *text = NULL, size_t n = 0) {
	$1 = &text;
	$2 = &n;
}
%typemap(argout, noblock=1) (char **out, size_t *len) {
	$result = SWIG_Python_AppendOutput($result, PyUnicode_DecodeUTF8(text$argnum ? text$argnum : "", (Py_ssize_t)n$argnum, "surrogateescape"));
}
%typemap(freearg, noblock=1) (char **out, size_t *len) {
	fi_free(text$argnum);
}
