/* Anomaly detection (SPEC §3): per metric, one summary (mean, sd, quartiles, median, MAD) serves
 * the IQR, z-score and modified z-score methods, so each metric is copied and partially ordered
 * once; the rolling method streams the rolling z-score over the column. On a large frame those
 * two halves of every metric run as tasks on the cores (each writes only its own sets). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis_run.h"
#include "anomaly_internal.h"
#include "store/config_internal.h"
#include "fitintel/metric.h"
#include "frame/metric_internal.h"
#include "kernels/kernel.h"
#include "store/store_internal.h"

#define METHOD_COUNT 4
#define DNAN ((double)NAN)
#define ALL_METHODS (FI_ANOMALY_METHOD_BIT(FI_ANOMALY_IQR) | FI_ANOMALY_METHOD_BIT(FI_ANOMALY_ZSCORE) | \
		     FI_ANOMALY_METHOD_BIT(FI_ANOMALY_MODIFIED_ZSCORE) |                            \
		     FI_ANOMALY_METHOD_BIT(FI_ANOMALY_ROLLING))
#define DEFAULT_METRICS (FI_ANOMALY_METRIC_BIT(FI_COLUMN_AVG_PACE) |                                \
			 FI_ANOMALY_METRIC_BIT(FI_COLUMN_DISTANCE) |                                \
			 FI_ANOMALY_METRIC_BIT(FI_COLUMN_DURATION))

/* The constants of fi_stats_modified_zscores() (Iglewicz–Hoaglin; MeanAD of a normal is sd/1.253314) */
#define IGLEWICZ_HOAGLIN 0.6745
#define MEAN_AD_FACTOR 1.253314

/* Metrics in the order reports list them. */
static const int metric_order[] = {
	FI_COLUMN_AVG_PACE, FI_COLUMN_DISTANCE, FI_COLUMN_DURATION, FI_COLUMN_CALORIES,
	FI_COLUMN_STEPS, FI_COLUMN_CADENCE, FI_COLUMN_HEART_RATE, FI_COLUMN_AVG_SPEED,
	FI_COLUMN_MAX_PACE, FI_COLUMN_MAX_SPEED,
};

static const char *const method_names[] = { NULL, "iqr", "zscore", "modified_zscore", "rolling" };
static const char *const severity_names[] = { NULL, "mild", "moderate", "severe" };

typedef struct anomaly_set {
	fi_anomaly_summary s;
	char reason[200];
	fi_anomaly *items;
	size_t cap;
} anomaly_set;

struct fi_anomaly_report {
	size_t workouts;
	size_t count;
	anomaly_set *sets;
};

const char *fi_anomaly_method_name(int method)
{
	return method >= 1 && method <= METHOD_COUNT ? method_names[method] : NULL;
}

int fi_anomaly_method_parse(const char *name, int *method)
{
	if (!name || !method)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "method name or out is NULL");
	for (int m = 1; m <= METHOD_COUNT; m++) {
		if (strcasecmp(name, method_names[m]) == 0) {
			*method = m;
			return FI_OK;
		}
	}
	if (strcasecmp(name, "modified") == 0 || strcasecmp(name, "mzscore") == 0) {
		*method = FI_ANOMALY_MODIFIED_ZSCORE;
		return FI_OK;
	}
	return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
			 "unknown anomaly method '%s' (use iqr, zscore, modified_zscore or rolling)", name);
}

const char *fi_anomaly_severity_name(int severity)
{
	return severity >= 1 && severity <= 3 ? severity_names[severity] : NULL;
}

FI__DEFINE_PARAMS_INIT(fi_anomaly_params_init, fi_anomaly_params,
		       FI_ANOMALY_PARAMS_VERSION, FI_ANOMALY_PARAMS_INIT)

static const fi__config_field anomaly_fields[] = {
	FI__CONFIG_FIELD("anomaly.iqr_k", FI__FIELD_DOUBLE, fi_anomaly_params, iqr_k),
	FI__CONFIG_FIELD("anomaly.zscore", FI__FIELD_DOUBLE, fi_anomaly_params, zscore),
	FI__CONFIG_FIELD("anomaly.modified_zscore", FI__FIELD_DOUBLE, fi_anomaly_params, modified_zscore),
	FI__CONFIG_FIELD("anomaly.rolling_zscore", FI__FIELD_DOUBLE, fi_anomaly_params, rolling_zscore),
	FI__CONFIG_FIELD("anomaly.rolling_window", FI__FIELD_SIZE, fi_anomaly_params, rolling_window),
	FI__CONFIG_FIELD("anomaly.rolling_min_prior", FI__FIELD_SIZE, fi_anomaly_params, rolling_min_prior),
};

int fi_anomaly_params_load(fi_store *store, fi_anomaly_params *p)
{
	static const fi_anomaly_params defaults = FI_ANOMALY_PARAMS_INIT;
	return fi__config_load(store, anomaly_fields, sizeof anomaly_fields / sizeof *anomaly_fields,
			       &defaults, p, sizeof *p);
}

static bool threshold_ok(double t)
{
	return isfinite(t) && t >= 0;
}

static int check_params(const fi_anomaly_params *p)
{
	if (p->version != FI_ANOMALY_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_anomaly_params version %u",
				 p->version);
	for (unsigned c = 0; c < 32; c++)
		if ((p->metrics & (1u << c)) && !fi_metric_name((int)c))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "column %u is not a metric anomalies can be detected in", c);
	if (p->methods & ~(unsigned)ALL_METHODS)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown anomaly method bits 0x%x",
				 p->methods & ~(unsigned)ALL_METHODS);
	if (!threshold_ok(p->iqr_k) || !threshold_ok(p->zscore) || !threshold_ok(p->modified_zscore) ||
	    !threshold_ok(p->rolling_zscore))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "anomaly thresholds must be finite and >= 0");
	if (p->rolling_window < 2 || p->rolling_min_prior < 2 || p->rolling_min_prior > p->rolling_window)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "rolling z-scores need window >= min_prior >= 2 (window %zu, min_prior %zu)",
				 p->rolling_window, p->rolling_min_prior);
	if (p->min_values < 2)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "min_values must be at least 2, not %zu",
				 p->min_values);
	return FI_OK;
}

void fi_anomaly_report_free(fi_anomaly_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->count; i++)
		free(r->sets[i].items);
	free(r->sets);
	free(r);
}

static int severity_of(double score, double threshold)
{
	double e = fabs(score) / threshold;   /* threshold 0: infinity, severe */
	return e >= 2 ? FI_ANOMALY_SEVERE : e >= 1.5 ? FI_ANOMALY_MODERATE : FI_ANOMALY_MILD;
}

/* The rows of one metric in one detection. */
typedef struct metric_rows {
	const double *x;          /* the stored column, or cadence computed for every row */
	const int8_t *labels;
	int label;                /* −1: every row */
	size_t rows;
	const int64_t *ids;
	const int32_t *days;
} metric_rows;

static inline bool taken(const metric_rows *m, size_t i)
{
	return isfinite(m->x[i]) && (m->label < 0 || m->labels[i] == m->label);
}

static bool flag(anomaly_set *set, const metric_rows *m, size_t row, double score)
{
	fi_anomaly *items = fi__grow(set->items, set->s.count, &set->cap, sizeof *items, 16);
	if (!items)
		return false;
	set->items = items;
	set->items[set->s.count++] = (fi_anomaly){
		m->ids[row], m->days[row], m->x[row], score,
		score > 0 ? FI_ANOMALY_HIGH : FI_ANOMALY_LOW, severity_of(score, set->s.threshold)
	};
	return true;
}

/* A score factor·(x − center)/scale flagged beyond the set's threshold (zscore, modified_zscore). */
typedef struct scorer {
	anomaly_set *set;
	double center, scale, factor;
} scorer;

static void prepare_iqr(anomaly_set *set, const fi_stats_summary *sum)
{
	double k = set->s.threshold, iqr = sum->q3 - sum->q1;
	set->s.q1 = sum->q1;
	set->s.q3 = sum->q3;
	set->s.spread = iqr;
	set->s.lower = sum->q1 - k * iqr;
	set->s.upper = sum->q3 + k * iqr;
	set->s.scored = sum->n;
}

static bool prepare_scorer(scorer *sc, double center, double scale, double factor)
{
	double t = sc->set->s.threshold;
	sc->center = center;
	sc->scale = scale;
	sc->factor = factor;
	sc->set->s.lower = center - t * scale / factor;
	sc->set->s.upper = center + t * scale / factor;
	sc->set->s.scored = sc->set->s.n;
	return true;
}

static bool prepare_zscore(scorer *sc, const fi_stats_summary *sum, const char *metric)
{
	anomaly_set *set = sc->set;
	set->s.center = sum->mean;
	set->s.spread = sum->sd;
	if (!(sum->sd > 0)) {
		set->s.status = FI_ANALYSIS_NO_SPREAD;
		snprintf(set->reason, sizeof set->reason, "every %s value is the same (sd = 0)", metric);
		return false;
	}
	return prepare_scorer(sc, sum->mean, sum->sd, 1.0);
}

/* MAD, or when it is 0 the mean absolute deviation, as fi_stats_modified_zscores() does. */
static bool prepare_modified(scorer *sc, const metric_rows *m, const fi_stats_summary *sum,
			     const char *metric)
{
	anomaly_set *set = sc->set;
	set->s.center = sum->median;
	if (sum->mad > 0) {
		set->s.spread = sum->mad;
		return prepare_scorer(sc, sum->median, sum->mad, IGLEWICZ_HOAGLIN);
	}
	double mean_ad = 0;
	for (size_t i = 0; i < m->rows; i++)
		if (taken(m, i))
			mean_ad += fabs(m->x[i] - sum->median);
	mean_ad /= (double)sum->n;
	set->s.spread = mean_ad;
	if (!(mean_ad > 0)) {
		set->s.status = FI_ANALYSIS_NO_SPREAD;
		snprintf(set->reason, sizeof set->reason,
			 "every %s value is the same (MAD = mean absolute deviation = 0)", metric);
		return false;
	}
	set->s.fallback = 1;
	return prepare_scorer(sc, sum->median, MEAN_AD_FACTOR * mean_ad, 1.0);
}

/* One pass flagging the values for the IQR fences and the scorers. */
static bool scan_rows(const metric_rows *m, anomaly_set *iqr, scorer *sc, size_t nsc)
{
	double lower = iqr ? iqr->s.lower : 0, upper = iqr ? iqr->s.upper : 0;
	double q1 = iqr ? iqr->s.q1 : 0, q3 = iqr ? iqr->s.q3 : 0, width = iqr ? iqr->s.spread : 0;
	for (size_t i = 0; i < m->rows; i++) {
		if (!taken(m, i))
			continue;
		double x = m->x[i];
		if (iqr && (x < lower || x > upper)) {
			double score = width > 0 ? (x < lower ? x - q1 : x - q3) / width
						 : (x < lower ? -(double)INFINITY : (double)INFINITY);
			if (!flag(iqr, m, i, score))
				return false;
		}
		for (size_t k = 0; k < nsc; k++) {
			double score = sc[k].factor * (x - sc[k].center) / sc[k].scale;
			if (fabs(score) > sc[k].set->s.threshold && !flag(sc[k].set, m, i, score))
				return false;
		}
	}
	return true;
}

/* The rolling method: each value, in date order, against the window of values before it, streamed
 * from the column (no copy of the metric). */
static int detect_rolling(anomaly_set *set, const metric_rows *m, size_t n, const char *metric)
{
	fi__rolling w;
	int rc = fi__rolling_init(&w, set->s.window, set->s.min_prior);
	size_t scored = 0;
	for (size_t i = 0; !rc && i < m->rows; i++) {
		if (!taken(m, i))
			continue;
		double z = fi__rolling_next(&w, m->x[i]);
		if (isnan(z))
			continue;
		scored++;
		if (fabs(z) > set->s.threshold && !flag(set, m, i, z))
			rc = fi__error_oom();
	}
	fi__rolling_free(&w);
	if (rc)
		return rc;
	set->s.scored = scored;
	if (scored == 0) {
		set->s.status = n > set->s.min_prior ? FI_ANALYSIS_NO_SPREAD : FI_ANALYSIS_INSUFFICIENT_DATA;
		snprintf(set->reason, sizeof set->reason,
			 "no %s value has %zu earlier values with any spread to compare with", metric,
			 set->s.min_prior);
	}
	return FI_OK;
}

static double threshold_of(const fi_anomaly_params *p, int method)
{
	switch (method) {
	case FI_ANOMALY_IQR: return p->iqr_k;
	case FI_ANOMALY_ZSCORE: return p->zscore;
	case FI_ANOMALY_MODIFIED_ZSCORE: return p->modified_zscore;
	default: return p->rolling_zscore;
	}
}

/* One metric's detection: its rows, how many of them have a value, and its sets in the report
 * (by method; NULL: not asked for). */
typedef struct metric_job {
	const fi_anomaly_params *p;
	int column;
	metric_rows m;
	size_t n;
	anomaly_set *sets[METHOD_COUNT + 1];
} metric_job;

/* Counts @job's values and sets up its sets from @first on, one per method of @methods in method
 * order; false when there are too few values to detect anything (the sets say so). */
static bool prepare_metric(metric_job *job, unsigned methods, anomaly_set *first)
{
	const fi_anomaly_params *p = job->p;
	const char *metric = fi_metric_name(job->column);
	for (size_t i = 0; i < job->m.rows; i++)
		job->n += taken(&job->m, i);
	for (int k = 1; k <= METHOD_COUNT; k++) {
		if (!(methods & FI_ANOMALY_METHOD_BIT(k)))
			continue;
		anomaly_set *set = job->sets[k] = first++;
		set->s = (fi_anomaly_summary){ job->column, k, FI_ANALYSIS_OK, job->n, 0, 0, 0, threshold_of(p, k),
					       DNAN, DNAN, DNAN, DNAN, DNAN, DNAN, 0, 0, 0 };
		if (k == FI_ANOMALY_ROLLING) {
			set->s.window = p->rolling_window;
			set->s.min_prior = p->rolling_min_prior;
		}
		if (job->n < p->min_values) {
			set->s.status = FI_ANALYSIS_INSUFFICIENT_DATA;
			snprintf(set->reason, sizeof set->reason, "only %zu %s value%s: at least %zu are needed",
				 job->n, metric, job->n == 1 ? "" : "s", p->min_values);
		}
	}
	return job->n >= p->min_values;
}

/* The methods that share the metric's summary: IQR, z-score and modified z-score, in one scan. */
static int detect_by_summary(const metric_job *job)
{
	const char *metric = fi_metric_name(job->column);
	anomaly_set *const *sets = job->sets;
	fi_stats_summary sum;
	int rc = fi__anomaly_summary(job->m.x, job->m.rows, job->m.labels, job->m.label, 0, &sum);
	if (rc)
		return rc;
	scorer sc[2];
	size_t nsc = 0;
	if (sets[FI_ANOMALY_IQR])
		prepare_iqr(sets[FI_ANOMALY_IQR], &sum);
	if (sets[FI_ANOMALY_ZSCORE]) {
		sc[nsc].set = sets[FI_ANOMALY_ZSCORE];
		nsc += prepare_zscore(&sc[nsc], &sum, metric);
	}
	if (sets[FI_ANOMALY_MODIFIED_ZSCORE]) {
		sc[nsc].set = sets[FI_ANOMALY_MODIFIED_ZSCORE];
		nsc += prepare_modified(&sc[nsc], &job->m, &sum, metric);
	}
	return scan_rows(&job->m, sets[FI_ANOMALY_IQR], sc, nsc) ? FI_OK : fi__error_oom();
}

/* A detection runs as tasks side by side: per metric, the summary's methods and the rolling one
 * (each writes only its own sets). */
typedef struct detection_task {
	const metric_job *job;
	bool rolling;
} detection_task;

static int detect_task(void *tasks, size_t i)
{
	const detection_task *t = &((const detection_task *)tasks)[i];
	return t->rolling ? detect_rolling(t->job->sets[FI_ANOMALY_ROLLING], &t->job->m, t->job->n,
					   fi_metric_name(t->job->column))
			  : detect_by_summary(t->job);
}

#define ROWS_PER_THREAD 50000   /* below: the metrics one after the other (a thread costs more) */

static size_t rows_per_thread = ROWS_PER_THREAD;

void fi__anomaly_rows_per_thread(size_t rows)
{
	rows_per_thread = rows ? rows : ROWS_PER_THREAD;
}

static unsigned popcount(unsigned v)
{
	unsigned c = 0;
	for (; v; v &= v - 1)
		c++;
	return c;
}

static int anomaly_check(const void *p) { return check_params(p); }

/* A label's rows among the frame's, taken in place (−1: every row). */
static int anomaly_run_label(const fi_frame *f, int label, const void *p, void **out)
{
	fi_anomaly_report *r = NULL;
	int rc = fi__anomalies_on_frame(f, label, p, &r);
	*out = r;
	return rc;
}

static int anomaly_run(const fi_frame *f, const void *p, void **out)
{
	return anomaly_run_label(f, -1, p, out);   /* the filter's label already applied */
}

static const fi__analysis anomaly_analysis = {
	.params_size = sizeof(fi_anomaly_params), .defaults = &(fi_anomaly_params)FI_ANOMALY_PARAMS_INIT,
	.fields = anomaly_fields, .n_fields = FI__ARRAY_LEN(anomaly_fields),
	.check = anomaly_check, .run = anomaly_run, .run_label = anomaly_run_label,
};

int fi__anomalies_on_frame(const fi_frame *f, int label, const fi_anomaly_params *params,
			   fi_anomaly_report **out)
{
	if (!f || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "frame or out is NULL");
	*out = NULL;
	fi_anomaly_params p;
	int rc = fi__analysis_params(&anomaly_analysis, params, label, &p);
	if (rc)
		return rc;
	unsigned metrics = p.metrics ? p.metrics : DEFAULT_METRICS;
	unsigned methods = p.methods ? p.methods : ALL_METHODS;
	size_t rows = fi_frame_rows(f);

	fi_anomaly_report *r = calloc(1, sizeof *r);
	double *cadence = NULL;
	if (!r || !(r->sets = calloc(popcount(metrics) * popcount(methods), sizeof *r->sets))) {
		rc = fi__error_oom();
		goto done;
	}
	const int8_t *labels = fi__frame_label_array(f);
	for (size_t i = 0; i < rows; i++)   /* the workouts examined: the label's, as a cut frame has */
		r->workouts += label < 0 || labels[i] == label;
	metric_job jobs[FI__ARRAY_LEN(metric_order)];
	detection_task tasks[2 * FI__ARRAY_LEN(metric_order)];
	size_t njobs = 0, ntasks = 0, per_metric = popcount(methods);
	bool by_summary = methods & ~FI_ANOMALY_METHOD_BIT(FI_ANOMALY_ROLLING);
	for (size_t i = 0; i < FI__ARRAY_LEN(metric_order); i++) {
		int column = metric_order[i];
		if (!(metrics & FI_ANOMALY_METRIC_BIT(column)))
			continue;
		metric_job *job = &jobs[njobs];
		*job = (metric_job){ .p = &p, .column = column,
				     .m = { fi__frame_values(f, column), labels, label, rows,
					    fi__frame_id_array(f), fi__frame_day_array(f) } };
		if (column == FI_COLUMN_CADENCE) {   /* derived: computed once, as the frame does */
			if (!(cadence = malloc((rows ? rows : 1) * sizeof *cadence))) {
				rc = fi__error_oom();
				goto done;
			}
			fi_frame_column(f, FI_COLUMN_CADENCE, cadence, rows);
			job->m.x = cadence;
		}
		if (prepare_metric(job, methods, &r->sets[njobs * per_metric])) {
			if (by_summary)
				tasks[ntasks++] = (detection_task){ job, false };
			if (job->sets[FI_ANOMALY_ROLLING])
				tasks[ntasks++] = (detection_task){ job, true };
		}
		njobs++;
	}
	r->count = njobs * per_metric;
	rc = fi__run_tasks(ntasks, rows >= rows_per_thread ? fi__task_threads() : 1, detect_task, tasks);
	for (size_t j = 0; j < njobs && !rc; j++)
		for (int k = 1; k <= METHOD_COUNT; k++)
			if (jobs[j].sets[k] && jobs[j].n >= p.min_values)
				jobs[j].sets[k]->s.percent = 100.0 * (double)jobs[j].sets[k]->s.count / (double)jobs[j].n;
done:
	free(cadence);
	if (rc) {
		fi_anomaly_report_free(r);
		return rc;
	}
	*out = r;
	return FI_OK;
}

FI__DEFINE_ANALYSIS_ENTRY(fi_anomaly_detect, fi_anomaly_params, fi_anomaly_report, anomaly_analysis)

size_t fi_anomaly_report_workouts(const fi_anomaly_report *r)
{
	return r ? r->workouts : 0;
}

size_t fi_anomaly_report_sets(const fi_anomaly_report *r)
{
	return r ? r->count : 0;
}

const fi_anomaly_summary *fi_anomaly_report_summary(const fi_anomaly_report *r, size_t i)
{
	return r && i < r->count ? &r->sets[i].s : NULL;
}

const char *fi_anomaly_report_reason(const fi_anomaly_report *r, size_t i)
{
	return r && i < r->count ? r->sets[i].reason : NULL;
}

const fi_anomaly *fi_anomaly_report_items(const fi_anomaly_report *r, size_t i, size_t *count)
{
	bool in = r && i < r->count;
	if (count)
		*count = in ? r->sets[i].s.count : 0;
	return in && r->sets[i].s.count ? r->sets[i].items : NULL;
}

static void json_thresholds(fi__buf *b, const fi_anomaly_summary *s)
{
	switch (s->method) {
	case FI_ANOMALY_IQR:
		fi__buf_puts(b, "{\"k\":");
		fi__buf_json_double(b, s->threshold);
		fi__buf_json_next_double(b, "q1", s->q1);
		fi__buf_json_next_double(b, "q3", s->q3);
		fi__buf_json_next_double(b, "iqr", s->spread);
		break;
	case FI_ANOMALY_ZSCORE:
		fi__buf_puts(b, "{\"t\":");
		fi__buf_json_double(b, s->threshold);
		fi__buf_json_next_double(b, "mean", s->center);
		fi__buf_json_next_double(b, "sd", s->spread);
		break;
	case FI_ANOMALY_MODIFIED_ZSCORE:
		fi__buf_puts(b, "{\"t\":");
		fi__buf_json_double(b, s->threshold);
		fi__buf_json_next_double(b, "median", s->center);
		fi__buf_json_next_double(b, "mad", s->fallback ? 0.0 : s->spread);
		fi__buf_json_next_double(b, "mean_ad", s->fallback ? s->spread : (double)NAN);
		fi__buf_printf(b, ",\"fallback\":%s", s->fallback ? "\"mean_absolute_deviation\"" : "null");
		break;
	default:
		fi__buf_puts(b, "{\"t\":");
		fi__buf_json_double(b, s->threshold);
		fi__buf_printf(b, ",\"window\":%zu,\"min_prior\":%zu}", s->window, s->min_prior);
		return;
	}
	fi__buf_json_next_double(b, "lower_fence", s->lower);
	fi__buf_json_next_double(b, "upper_fence", s->upper);
	fi__buf_putc(b, '}');
}

static void json_set(fi__buf *b, const anomaly_set *set, bool items)
{
	const fi_anomaly_summary *s = &set->s;
	fi__buf_printf(b, "{\"metric\":\"%s\",\"column\":\"%s\",\"unit\":\"%s\",\"method\":\"%s\","
		      "\"status\":\"%s\",\"reason\":", fi_metric_name(s->metric), fi_column_name(s->metric),
		      fi_metric_unit(s->metric), fi_anomaly_method_name(s->method),
		      fi_analysis_status_name(s->status));
	if (set->reason[0])
		fi__buf_json_string(b, set->reason, strlen(set->reason));
	else
		fi__buf_puts(b, "null");
	fi__buf_printf(b, ",\"n\":%zu,\"scored\":%zu,\"count\":%zu,\"percent\":", s->n, s->scored, s->count);
	fi__buf_json_double(b, s->percent);
	fi__buf_puts(b, ",\"thresholds\":");
	json_thresholds(b, s);
	fi__buf_puts(b, ",\"anomalies\":[");
	for (size_t i = 0; items && i < s->count; i++) {
		const fi_anomaly *a = &set->items[i];
		fi__buf_printf(b, "%s{\"workout_id\":%lld,\"date\":", i ? "," : "", (long long)a->workout_id);
		fi__json_day(b, a->day);
		fi__buf_json_next_double(b, "value", a->value);
		fi__buf_json_next_double(b, "score", a->score);
		fi__buf_printf(b, ",\"direction\":\"%s\",\"severity\":\"%s\"}",
			      a->direction > 0 ? "high" : "low", fi_anomaly_severity_name(a->severity));
	}
	fi__buf_puts(b, "]}");
}

static int report_json(const fi_anomaly_report *r, bool items, char **json)
{
	if (!r || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "report or json is NULL");
	*json = NULL;
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "{\"workouts\":%zu,\"sets\":[", r->workouts);
	for (size_t i = 0; i < r->count; i++) {
		if (i)
			fi__buf_putc(&b, ',');
		json_set(&b, &r->sets[i], items);
	}
	fi__buf_puts(&b, "]}");
	return fi__buf_finish(&b, json);
}

int fi_anomaly_report_to_json(const fi_anomaly_report *r, char **json)
{
	return report_json(r, true, json);
}

int fi_anomaly_report_figures_to_json(const fi_anomaly_report *r, char **json)
{
	return report_json(r, false, json);
}
