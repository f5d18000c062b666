/* Opaque handles (libsolv's pattern for a C library): SWIG sees an empty struct so the handle
 * gets a Python type, never a default constructor; the only destructor is the library's own free
 * function. An object handed out through `T **out` is owned by Python and freed exactly once:
 * when it is collected, or earlier by calling the free function, which %delobject marks as taking
 * ownership (the object then frees nothing). A handle that came back from a getter (a borrowed
 * one, e.g. fi_import_list_at) is never freed by Python and must not outlive its parent.
 * When a call fails after setting *out (a strict refusal still writes its import report), the
 * object is freed before the exception propagates. */
%define FI_HANDLE(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
	~TYPE() { FREE($self); }
}
%delobject FREE;
%typemap(in, numinputs=0, noblock=1) TYPE **out (TYPE *owned = NULL) {
	$1 = &owned;
}
%typemap(argout, noblock=1) TYPE **out {
	$result = SWIG_Python_AppendOutput($result, SWIG_NewPointerObj(SWIG_as_voidptr(owned$argnum), $*1_descriptor, SWIG_POINTER_OWN));
	owned$argnum = NULL;
}
%typemap(freearg, noblock=1) TYPE **out {
	FREE(owned$argnum);
}
%enddef

FI_HANDLE(fi_store, fi_store_close)
FI_HANDLE(fi_import_report, fi_import_report_free)
FI_HANDLE(fi_import_list, fi_import_list_free)
FI_HANDLE(fi_frame, fi_frame_free)
FI_HANDLE(fi_model, fi_model_free)
FI_HANDLE(fi_explanation, fi_explanation_free)
FI_HANDLE(fi_correction_list, fi_correction_list_free)
FI_HANDLE(fi_brief, fi_brief_free)
FI_HANDLE(fi_eras, fi_eras_free)
FI_HANDLE(fi_era_comparison, fi_era_comparison_free)
FI_HANDLE(fi_anomaly_report, fi_anomaly_report_free)
FI_HANDLE(fi_consistency_analysis, fi_consistency_analysis_free)
FI_HANDLE(fi_trend_report, fi_trend_report_free)
FI_HANDLE(fi_forecast_report, fi_forecast_report_free)
FI_HANDLE(fi_records_report, fi_records_report_free)
FI_HANDLE(fi_sql_result, fi_sql_result_free)
FI_HANDLE(fi_summary, fi_summary_free)
FI_HANDLE(fi_sql_history, fi_sql_history_free)
FI_HANDLE(fi_sql_saved_list, fi_sql_saved_list_free)
