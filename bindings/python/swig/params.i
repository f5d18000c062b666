/* Versioned parameter structs: constructed with the library's defaults (never SWIG's calloc,
 * which would leave `version` 0), freed with free(). Numeric members are plain attributes. */
%define FI_PARAMS(TYPE, INIT, VERSION)
%extend TYPE {
	TYPE() {
		TYPE *p = malloc(sizeof *p);
		if (p)
			INIT(p, VERSION);
		return p;
	}
}
%ignore INIT;
%enddef

FI_PARAMS(fi_store_params, fi_store_params_init, FI_STORE_PARAMS_VERSION)
FI_PARAMS(fi_train_params, fi_train_params_init, FI_TRAIN_PARAMS_VERSION)
FI_PARAMS(fi_anomaly_params, fi_anomaly_params_init, FI_ANOMALY_PARAMS_VERSION)
FI_PARAMS(fi_era_compare_params, fi_era_compare_params_init, FI_ERA_COMPARE_PARAMS_VERSION)
FI_PARAMS(fi_trend_params, fi_trend_params_init, FI_TREND_PARAMS_VERSION)
FI_PARAMS(fi_forecast_params, fi_forecast_params_init, FI_FORECAST_PARAMS_VERSION)
FI_PARAMS(fi_records_params, fi_records_params_init, FI_RECORDS_PARAMS_VERSION)
FI_PARAMS(fi_sql_params, fi_sql_params_init, FI_SQL_PARAMS_VERSION)
FI_PARAMS(fi_summary_params, fi_summary_params_init, FI_SUMMARY_PARAMS_VERSION)
/* Its filter and brief members point at structs the caller keeps alive during the call. */
FI_PARAMS(fi_export_params, fi_export_params_init, FI_EXPORT_PARAMS_VERSION)
/* The SQL explorer's cancel hook is a C function pointer; the time limit covers Python users. */
%ignore fi_sql_params::cancel;
%ignore fi_sql_params::payload;

/* Structs with text members: the wrapper owns a copy of each string it stores there (set
 * through the attribute, glue.c: fipy_string_set) and frees them with the struct. A library call
 * that fills such a struct (fi_consistency_analysis_params_from_store) only writes NULL there, so
 * load first, then set the text. */
%typemap(memberin, noblock=1) const char *from, const char *to, const char *activity_type,
	const char *ref_date, const char *start_date, const char *end_date, const char *era_date {
	if (fipy_string_set(&$1, $input) < 0)
		SWIG_fail;
}
%rename(from_) fi_workout_filter::from;

%extend fi_workout_filter {
	fi_workout_filter() {
		fi_workout_filter *f = malloc(sizeof *f);
		if (f)
			fi_workout_filter_init(f, FI_WORKOUT_FILTER_VERSION);
		return f;
	}
	~fi_workout_filter() {
		fipy_string_free(&$self->from);
		fipy_string_free(&$self->to);
		fipy_string_free(&$self->activity_type);
		free($self);
	}
}
%ignore fi_workout_filter_init;

%extend fi_consistency_analysis_params {
	fi_consistency_analysis_params() {
		fi_consistency_analysis_params *p = malloc(sizeof *p);
		if (p)
			fi_consistency_analysis_params_init(p, FI_CONSISTENCY_ANALYSIS_PARAMS_VERSION);
		return p;
	}
	~fi_consistency_analysis_params() {
		fipy_string_free(&$self->ref_date);
		free($self);
	}
}
%ignore fi_consistency_analysis_params_init;

%extend fi_brief_params {
	fi_brief_params() {
		fi_brief_params *p = malloc(sizeof *p);
		if (p)
			fi_brief_params_init(p, FI_BRIEF_PARAMS_VERSION);
		return p;
	}
	~fi_brief_params() {
		fipy_string_free(&$self->ref_date);
		free($self);
	}
}
%ignore fi_brief_params_init;

/* The defaults of a sample's dates are static strings: the constructor copies them, so every
 * date member holds a copy the wrapper owns. */
%extend fi_sample_params {
	fi_sample_params() {
		fi_sample_params *o = malloc(sizeof *o);
		if (!o)
			return NULL;
		fi_sample_params_init(o, FI_SAMPLE_PARAMS_VERSION);
		const char *s = o->start_date, *e = o->end_date, *era = o->era_date;
		o->start_date = o->end_date = o->era_date = NULL;
		if (fipy_string_set(&o->start_date, s) < 0 || fipy_string_set(&o->end_date, e) < 0 ||
		    fipy_string_set(&o->era_date, era) < 0) {
			fipy_string_free(&o->start_date);
			fipy_string_free(&o->end_date);
			free(o);
			return NULL;
		}
		return o;
	}
	~fi_sample_params() {
		fipy_string_free(&$self->start_date);
		fipy_string_free(&$self->end_date);
		fipy_string_free(&$self->era_date);
		free($self);
	}
}
%ignore fi_sample_params_init;

/* Import options: the progress callback is a Python callable (glue.c's trampoline re-acquires
 * the GIL); the raw function pointers and payloads are not attributes. */
%ignore fi_ingest_params::progress_cb;
%ignore fi_ingest_params::progress_payload;
%ignore fi_ingest_params::reject_cb;
%ignore fi_ingest_params::reject_payload;
%extend fi_ingest_params {
	fi_ingest_params() {
		fi_ingest_params *o = malloc(sizeof *o);
		if (o)
			fi_ingest_params_init(o, FI_INGEST_PARAMS_VERSION);
		return o;
	}
	~fi_ingest_params() {
		fipy_ingest_options_release($self);
		free($self);
	}
	PyObject *set_progress(PyObject *callable) {
		if (fipy_ingest_options_set_progress($self, callable) < 0)
			return NULL;
		Py_RETURN_NONE;
	}
}
%ignore fi_ingest_params_init;
