/* Hand-written C behind the SWIG module fitintel._core: raising the package's exceptions for a
 * status code, the progress-callback trampoline, and strings the wrapper owns inside parameter
 * structs. It is compiled with the project's warnings as errors; the generated wrapper is not. */
#ifndef FITINTEL_PY_GLUE_H
#define FITINTEL_PY_GLUE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <fitintel.h>

/* Raise the fitintel.errors exception for status @rc (< 0), built from this thread's
 * fi_error_last(). An exception already pending (raised by a Python callback while the call ran,
 * which then returned FI_EUSER) is left as it is. Always returns NULL. */
PyObject *fipy_raise_status(int rc);

/* Route @o's progress callback to the Python @callable (None clears it). The options hold a
 * reference to it until fipy_ingest_options_release(). The callable is called as
 * callable(bytes_done, bytes_total, rows_read, rows_written) with the GIL held; a true result or
 * an exception cancels the import (FI_EUSER), and the exception stays pending for the caller. */
int fipy_ingest_options_set_progress(fi_ingest_params *o, PyObject *callable);
void fipy_ingest_options_release(fi_ingest_params *o);

/* Replace the string in @field (one the wrapper allocated, or NULL) with a copy of @value. */
int fipy_string_set(const char **field, const char *value);
/* Free the string in @field (one the wrapper allocated) and set it to NULL. */
void fipy_string_free(const char **field);

/* A new bytes object holding @count items of @size bytes at @items (empty for NULL). */
PyObject *fipy_bytes(const void *items, size_t count, size_t size);

/* {struct name: (itemsize, {member: (offset, size, kind, shape)})}, from offsetof, sizeof and
 * _Generic: kind is numpy's f, i or u, or s for a C string; shape is () or (count,) for an array
 * (size is then the whole array's). For the structs that cross as bytes, and for the kernels'
 * results and parameters that the ctypes tests pass (tests/python/kernels). */
PyObject *fipy_layouts(void);
#endif
