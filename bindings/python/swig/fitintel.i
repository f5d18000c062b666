/* fitintel._core: the SWIG layer over the public C API. It %includes the real headers and only
 * annotates them (Xapian's rule: no declaration is written twice, so the bindings cannot drift
 * from the headers). Users never import it; the `fitintel` package arranges it.
 *
 * Built with `swig -python -builtin -threads`: -builtin makes the wrapped types C types of the
 * extension itself (no generated proxy module is shipped); threads.i says which calls release the
 * GIL (ingest, train, classify, brief, frame loads, analyses, ...). */
%module(package="fitintel") core

%{
#define SWIG_FILE_WITH_INIT   /* this file calls import_array() (numpy.i) */
#include <fitintel.h>
#include "glue.h"
%}

%include <stdint.i>
%include <typemaps.i>

/* numpy.i, NumPy's SWIG typemaps (BSD-3-Clause, see its header), kept beside this file: numpy's
 * wheels on PyPI do not ship it. It speaks numpy's C API, which builds against numpy 1.24 … 2.x.
 * The shipped instances use int dimensions; our buffers are sized with size_t. */
%include "numpy.i"
%init %{
import_array();
%}
%numpy_typemaps(double, NPY_DOUBLE, size_t)
%numpy_typemaps(int64_t, NPY_INT64, size_t)
%numpy_typemaps(int32_t, NPY_INT32, size_t)

%include "threads.i"
%include "status.i"
%include "handles.i"
%include "outputs.i"
%include "params.i"
%include "ignores.i"

/* The headers, in the umbrella's order. */
%include "fitintel/common.h"
%include "fitintel/version.h"
%include "fitintel/error.h"
%include "fitintel/store.h"
%include "fitintel/label.h"
%include "fitintel/config.h"
%include "fitintel/classify.h"
%include "fitintel/correction.h"
%include "fitintel/brief.h"
%include "fitintel/ingest.h"
%include "fitintel/workout.h"
%include "fitintel/sample.h"
%include "fitintel/date.h"
%include "fitintel/frame.h"
%include "fitintel/stats.h"
%include "fitintel/kmeans.h"
%include "fitintel/mixture.h"
%include "fitintel/consistency.h"
%include "fitintel/forecast.h"
%include "fitintel/era.h"
%include "fitintel/metric.h"
%include "fitintel/anomaly.h"
%include "fitintel/trend.h"
%include "fitintel/sql.h"
%include "fitintel/export.h"
%include "fitintel/summary.h"

%include "layouts.i"

/* fi_explain_workout for Python: the hypothetical workout crosses as numbers (NaN: unknown). */
%inline %{
int fipy_explain_workout(fi_store *store, const char *date, double distance_mi, double duration_s,
			 double avg_pace, double steps, fi_explanation **out)
{
	fi_workout w = { 0 };
	w.workout_date = date;
	w.distance_mi = distance_mi;
	w.duration_s = duration_s;
	w.avg_pace = avg_pace;
	w.steps = steps;
	return fi_explain_workout(store, &w, out);
}
%}
