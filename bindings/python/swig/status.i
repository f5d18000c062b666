/* The one typemap that turns a negative status into an exception (always on; there is no
 * switch). The exception class comes from fitintel.errors (glue.c: fipy_raise_status), with the
 * message of fi_error_last() and, for FI_EPARSE, file, line, column and field. On success the
 * function returns None, or its out-parameters.
 *
 * It applies to the functions named here: every `int`-returning function of the API whose int is
 * a status (tests/python/bindings/test_python_bindings.py checks the list against the headers).
 * The others return a plain value (FI_PLAIN_INT below). */
%typemap(out, noblock=1)
	int fi_accuracy_measure, int fi_accuracy_to_json,
	int fi_anomaly_detect, int fi_anomaly_method_parse, int fi_anomaly_params_load,
	int fi_anomaly_report_to_json, int fi_anomaly_report_figures_to_json,
	int fi_brief_make, int fi_brief_render,
	int fi_classify_store, int fi_config_get, int fi_config_key_at, int fi_config_set,
	int fi_consistency_analysis_params_from_store, int fi_consistency_analysis_to_json,
	int fi_consistency_analyze,
	int fi_correction_history, int fi_correction_list_to_json, int fi_correction_remove,
	int fi_correction_set,
	int fi_era_add, int fi_era_compare, int fi_era_comparison_to_json, int fi_era_list,
	int fi_era_remove, int fi_eras_to_json,
	int fi_explain, int fi_explanation_to_json, int fipy_explain_workout,
	int fi_export_file, int fi_export_format_parse, int fi_export_kind_parse, int fi_export_string,
	int fi_archive_import,
	int fi_forecast_report_to_json, int fi_forecast_series,
	int fi_frame_column, int fi_frame_days, int fi_frame_ids, int fi_frame_labels,
	int fi_frame_load, int fi_frame_load_text, int fi_frame_methods, int fi_frame_text_to_json,
	int fi_import_report_to_json, int fi_ingest_buffer, int fi_ingest_file,
	int fi_label_parse, int fi_metric_parse, int fi_period_parse, int fi_statistic_parse,
	int fi_model_activate, int fi_model_get, int fi_model_list, int fi_model_scaler,
	int fi_model_to_json, int fi_model_train,
	int fi_records_find, int fi_records_params_load, int fi_records_report_to_json,
	int fi_sample_profiles_parse, int fi_sample_write,
	int fi_sql_check, int fi_sql_history_clear, int fi_sql_history_delete, int fi_sql_history_find,
	int fi_sql_history_to_json, int fi_sql_result_to_csv, int fi_sql_result_to_json, int fi_sql_run,
	int fi_sql_saved_delete, int fi_sql_saved_find, int fi_sql_saved_get,
	int fi_sql_saved_list_to_json, int fi_sql_saved_put, int fi_sql_saved_run,
	int fi_store_default_path, int fi_store_import_get, int fi_store_imports, int fi_store_open,
	int fi_store_workout_count, int fi_store_data_version,
	int fi_grouping_parse, int fi_summary_make, int fi_summary_to_json,
	int fi_train_params_load,
	int fi_trend_analyze, int fi_trend_report_band, int fi_trend_report_to_json
{
	if ($1 < 0) {
		fipy_raise_status($1);
		SWIG_fail;
	}
	$result = SWIG_Py_Void();
}

/* `int` functions whose result is a value, not a status (some values are negative). */
%typemap(out, noblock=1)
	int fi_brief_days, int fi_explanation_label, int fi_explanation_method,
	int fi_import_report_policy, int fi_import_report_status, int fi_metric_lower_is_better,
	int fi_model_cluster_label, int fi_model_feature, int fi_model_status,
	int fi_sql_result_cell_type, int fi_sql_result_column_type, int fi_sql_result_truncated,
	int fi_store_schema_latest, int fi_summary_grouping, int fi_summary_has_metric,
	int fi_store_schema_version, int fi_version
{
	$result = PyLong_FromLong($1);
}
