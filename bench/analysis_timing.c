/* Timing of the analyses on one loaded frame (the frame load is timed apart): assignment to the
 * active model, anomalies (3 methods × 3 metrics, and all 4), consistency with its trajectory,
 * trends, forecasts, records, era comparison; then the whole briefing (frame load included).
 * Medians of 5. It reaches the frame-based internal entry points, so it links the static core
 * library; meson builds it as bench/analysis-timing. bench/run runs it on a trained 1M store:
 *
 *   build-bench/bench/analysis-timing STORE.db
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/anomaly_internal.h"
#include "analysis/consistency_internal.h"
#include "analysis/era_compare.h"
#include "frame/frame_internal.h"
#include "classify/model_internal.h"
#include "analysis/summary_internal.h"
#include "analysis/trend_internal.h"

#define RUNS 5

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

typedef int (*job_fn)(const fi_frame *f);

static void report(const char *what, const fi_frame *f, job_fn job)
{
	double t[RUNS];
	for (int i = 0; i < RUNS; i++) {
		double start = now_ms();
		if (job(f) != FI_OK) {
			printf("%-46s failed: %s\n", what, fi_error_last()->message);
			return;
		}
		t[i] = now_ms() - start;
	}
	qsort(t, RUNS, sizeof *t, by_value);
	printf("%-46s %9.1f ms\n", what, t[RUNS / 2]);
}

static int anomalies(const fi_frame *f, unsigned methods)
{
	fi_anomaly_params p = FI_ANOMALY_PARAMS_INIT;
	p.methods = methods;
	fi_anomaly_report *r = NULL;
	int rc = fi__anomalies_on_frame(f, -1, &p, &r);
	fi_anomaly_report_free(r);
	return rc;
}

static int anomalies_3x3(const fi_frame *f)
{
	return anomalies(f, FI_ANOMALY_METHOD_BIT(FI_ANOMALY_IQR) | FI_ANOMALY_METHOD_BIT(FI_ANOMALY_ZSCORE) |
				    FI_ANOMALY_METHOD_BIT(FI_ANOMALY_MODIFIED_ZSCORE));
}

static int anomalies_all(const fi_frame *f)
{
	return anomalies(f, 0);
}

static int trend(const fi_frame *f, int per, int statistic, int label)
{
	fi_trend_params p = FI_TREND_PARAMS_INIT;
	p.per = per;
	p.statistic = statistic;
	fi_trend_report *r = NULL;
	int rc = fi__trend_on_frame(f, label, &p, &r);
	fi_trend_report_free(r);
	return rc;
}

static int trend_pace_workouts(const fi_frame *f)
{
	return trend(f, FI_PERIOD_WORKOUT, FI_STATISTIC_MEAN, -1);
}

static int trend_pace_runs(const fi_frame *f)
{
	return trend(f, FI_PERIOD_WORKOUT, FI_STATISTIC_MEAN, FI_LABEL_REAL_RUN);
}

static int trend_count_weeks(const fi_frame *f)
{
	return trend(f, FI_PERIOD_WEEK, FI_STATISTIC_COUNT, -1);
}

static int forecast_weeks(const fi_frame *f)
{
	fi_forecast_report *r = NULL;
	int rc = fi__forecast_on_frame(f, -1, NULL, &r);
	fi_forecast_report_free(r);
	return rc;
}

static int records(const fi_frame *f)
{
	fi_records_report *r = NULL;
	int rc = fi__records_on_frame(f, NULL, &r);
	fi_records_report_free(r);
	return rc;
}

static fi_store *store;   /* the store the frame came from */

static fi_model *model;   /* the active model */

/* What classification does per workout once the model is loaded: features, scaling, squared
 * distances to every centroid, the outlier statistic and the confidence. */
static int assign(const fi_frame *f)
{
	size_t n = fi_frame_rows(f);
	const double *pace = fi__frame_values(f, FI_COLUMN_AVG_PACE), *dist = fi__frame_values(f, FI_COLUMN_DISTANCE),
		     *dur = fi__frame_values(f, FI_COLUMN_DURATION), *steps = fi__frame_values(f, FI_COLUMN_STEPS);
	size_t outliers = 0;
	for (size_t i = 0; i < n; i++) {
		fi__workout_input w = { pace[i], dist[i], dur[i], steps[i], false };
		fi__placement p;
		fi__model_place(model, &w, &p);
		outliers += p.outlier;
	}
	return outliers <= n ? FI_OK : FI_ERROR;
}

static int consistency(const fi_frame *f)
{
	fi_consistency_analysis_params p = FI_CONSISTENCY_ANALYSIS_PARAMS_INIT;
	fi_consistency_analysis *a = NULL;
	int rc = fi__consistency_on_frame(f, &p, &a);
	fi_consistency_analysis_free(a);
	return rc;
}

static int era_compare(const fi_frame *f)
{
	fi__era_table t;
	fi_era_compare_params p = FI_ERA_COMPARE_PARAMS_INIT;
	fi_era_comparison *c = NULL;
	int rc = fi__era_table_load(store, &t);
	if (rc == FI_OK && t.n)
		rc = fi__era_compare_frame(f, &t, &p, &c);
	fi_era_comparison_free(c);
	fi__era_table_free(&t);
	return rc;
}

static int summary(const fi_frame *f, int grouping)
{
	fi_summary_params p = FI_SUMMARY_PARAMS_INIT;
	p.grouping = grouping;
	fi_summary *s = NULL;
	int rc = fi__summary_on_frame(f, &p, &s);
	fi_summary_free(s);
	return rc;
}

static int summary_days(const fi_frame *f) { return summary(f, FI_GROUP_DAY); }
static int summary_weekdays(const fi_frame *f) { return summary(f, FI_GROUP_WEEKDAY); }

static int brief(const fi_frame *f)
{
	(void)f;
	fi_brief *b = NULL;
	int rc = fi_brief_make(store, NULL, &b);
	fi_brief_free(b);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: analysis_timing STORE.db\n");
		return 2;
	}
	fi_store_params o = FI_STORE_PARAMS_INIT;
	o.flags |= FI_STORE_READONLY;
	fi_store *s = NULL;
	fi_frame *f = NULL;
	if (fi_store_open(argv[1], &o, &s) != FI_OK) {
		fprintf(stderr, "%s\n", fi_error_last()->message);
		return 1;
	}
	double start = now_ms();
	if (fi_frame_load(s, NULL, &f) != FI_OK) {
		fprintf(stderr, "%s\n", fi_error_last()->message);
		return 1;
	}
	printf("%zu workouts; frame load %.1f ms (not counted below, except by the briefing)\n",
	       fi_frame_rows(f), now_ms() - start);
	store = s;
	if (fi_model_get(s, 0, &model) == FI_OK)
		report("assign every workout to the active model", f, assign);
	else
		printf("no active model: train one to time the assignment\n");
	report("anomalies: iqr+zscore+modified x pace/dist/dur", f, anomalies_3x3);
	report("anomalies: all 4 methods x pace/dist/dur", f, anomalies_all);
	report("trend: pace per workout (every workout)", f, trend_pace_workouts);
	report("trend: pace per workout (real_run)", f, trend_pace_runs);
	report("trend: workouts per week", f, trend_count_weeks);
	report("forecast: weekly counts, 4 ahead", f, forecast_weeks);
	report("records", f, records);
	report("consistency with trajectory (whole history)", f, consistency);
	report("era comparison", f, era_compare);
	report("summary: every metric per day", f, summary_days);
	report("summary: every metric per weekday", f, summary_weekdays);
	report("briefing, 30 days (frame load included)", f, brief);
	fi_model_free(model);
	fi_frame_free(f);
	fi_store_close(s);
	return 0;
}
