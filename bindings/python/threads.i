/* Which calls release the GIL. Everything is compiled with -threads, but only the calls that do
 * real work (reading or writing the store, analyses, rendering, bulk copies) let other Python
 * threads run; accessors, constructors and anything that touches Python objects keep the GIL.
 * The status typemap runs after the GIL is back, on the same thread, so fi_error_last() (per
 * thread) is the failed call's record. */
%nothread;

%thread fi_store_open;
%thread fi_store_close;
%thread fi_store_workout_count;
%thread fi_store_imports;
%thread fi_store_import_get;
%thread fi_ingest_file;
%thread fi_ingest_buffer;
%thread fi_sample_write;
%thread fi_frame_load;
%thread fi_summary_make;
%thread fi_frame_free;
%thread fi_frame_column;
%thread fi_frame_ids;
%thread fi_frame_days;
%thread fi_frame_labels;
%thread fi_frame_methods;
%thread fi_train_params_load;
%thread fi_model_train;
%thread fi_model_get;
%thread fi_model_list;
%thread fi_model_activate;
%thread fi_model_to_json;
%thread fi_classify_store;
%thread fi_explain;
%thread fi_correction_set;
%thread fi_correction_remove;
%thread fi_correction_history;
%thread fi_accuracy_measure;
%thread fi_config_get;
%thread fi_config_set;
%thread fi_anomaly_params_load;
%thread fi_anomaly_detect;
%thread fi_anomaly_report_to_json;
%thread fi_consistency_analysis_params_from_store;
%thread fi_consistency_analyze;
%thread fi_consistency_analysis_to_json;
%thread fi_trend_analyze;
%thread fi_trend_report_to_json;
%thread fi_forecast_series;
%thread fi_forecast_report_to_json;
%thread fi_records_params_load;
%thread fi_records_find;
%thread fi_era_add;
%thread fi_era_remove;
%thread fi_era_list;
%thread fi_era_compare;
%thread fi_era_comparison_to_json;
%thread fi_brief_make;
%thread fi_brief_render;
%thread fi_import_report_to_json;
%thread fi_sql_check;
%thread fi_sql_run;
%thread fi_sql_result_to_json;
%thread fi_sql_result_to_csv;
%thread fi_sql_history_find;
%thread fi_sql_saved_put;
%thread fi_sql_saved_find;
%thread fi_sql_saved_get;
%thread fi_sql_saved_run;
%thread fi_export_file;
%thread fi_export_string;
%thread fi_archive_import;
