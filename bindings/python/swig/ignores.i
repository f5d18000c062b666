/* What the SWIG layer leaves out, and why. */

/* Array kernels: numpy and scipy users have them already; the package calls store operations. */
%rename("$ignore", regextarget=1) "^fi_(stats|kmeans|mixture|scale|silhouette)_";
%ignore fi_mixture;
%ignore fi_mixture_params;
%ignore fi_silhouette;
%ignore fi_consistency_score;
%ignore fi_consistency_params;
%ignore fi_consistency_params_init;
%ignore fi_forecast_linear;
%ignore fi_forecast_holt;
%ignore fi_forecast_holt_fit;
%ignore fi_kmeans_params;
%ignore fi_stats_summary;
%ignore fi_ols;
%ignore fi_ttest;
%ignore fi_mann_kendall;
%ignore fi_kmeans;

/* Row-by-row reading: the frame is the bulk path (a cursor would make a Python object per row). */
%ignore fi_workouts_open;
%ignore fi_workout_cursor_next;
%ignore fi_workout_cursor_free;
%ignore fi_workout_cursor;
%ignore fi_workout;
/* It reads a fi_workout (a cursor row, left out above): fipy_explain_workout takes the numbers. */
%ignore fi_explain_workout;
/* Exports through a C write callback: fi_export_file and fi_export_string cover Python. */
%ignore fi_export_write;
/* Day numbers: Python's datetime has them (date(1970, 1, 1) + timedelta(days=day)). */
%ignore fi_day_to_date;
%ignore fi_date_to_day;
/* A predicate that records no error (the status typemap would report a stale one). */
%ignore fi_date_parse;
/* The thread's error record is read by the status typemap itself. */
%ignore fi_error_last;
%ignore fi_error_clear;
/* Bare pointers without a length, and a struct borrowed from a model: the JSON has them. */
%ignore fi_model_centroid;
%ignore fi_model_centroid_scaled;
%ignore fi_model_params;

/* Result structs are read as JSON (equal to the CLI's --json) or as bulk bytes with a numpy
 * dtype, never member by member: their members are not wrapped, so nothing can write into
 * memory the library owns. */
%rename("$ignore", regextarget=1, fullname=1)
	"^(fi_sql_history_entry|fi_sql_saved|fi_error|fi_reject|fi_progress|fi_correction|fi_anomaly|fi_anomaly_summary|fi_consistency|fi_consistency_trend|fi_consistency_history|fi_consistency_month|fi_trend_summary|fi_plateau|fi_forecast_summary|fi_forecast_step|fi_record|fi_era|fi_era_period|fi_era_test|fi_era_change|fi_era_month|fi_insight)::";
/* ... and their borrowed getters would hand out such opaque structs. */
%ignore fi_import_report_reject;
%ignore fi_anomaly_report_summary;
%ignore fi_consistency_analysis_score;
%ignore fi_consistency_analysis_trend;
%ignore fi_consistency_analysis_history;
%ignore fi_trend_report_summary;
%ignore fi_forecast_report_summary;
%ignore fi_records_report_get;
%ignore fi_era_comparison_at;
%ignore fi_eras_at;
%ignore fi_correction_list_at;
%ignore fi_brief_insight_at;
%ignore fi_brief_recommendation_at;
%ignore fi_sql_history_at;
%ignore fi_sql_saved_list_at;
/* A summary is read as JSON (fi_summary_to_json), one document per grouping. */
%ignore fi_summary_stats;
%ignore fi_summary_stats_get;
/* fi_accuracy's confusion matrix is two-dimensional: fi_accuracy_to_json has it. */
%ignore fi_accuracy::confusion;

/* The feature choice and each cluster's meaning reach Python as JSON (Model.feature_choice,
 * Model.clusters, from fi_model_to_json). */
%ignore fi_model_feature_choice;
%ignore fi_model_cluster_meaning;

/* The 0.1 names of the _params structs (fitintel/store.h, ingest.h, sample.h): C compatibility
 * only; Python has never seen them. */
%ignore fi_store_options;
%ignore fi_ingest_options;
%ignore fi_sample_options;
%ignore fi_store_options_init;
%ignore fi_ingest_options_init;
%ignore fi_sample_options_init;
