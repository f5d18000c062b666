/* Anomaly detection on an already loaded frame, for the briefing, which runs every analysis on one
 * frame (anomaly.c). */
#ifndef FITINTEL_ANOMALY_INTERNAL_H
#define FITINTEL_ANOMALY_INTERNAL_H

#include "fitintel/anomaly.h"
#include "util/internal.h"

/* As fi_anomaly_detect() over the rows of @f whose stored label is @label (−1: every row), which
 * the report counts as its workouts. NULL @params: the built-in defaults (read the store's with
 * fi_anomaly_params_load()). The report's items carry workout ids and days; filter them by day
 * for "recent" anomalies. */
int fi__anomalies_on_frame(const fi_frame *f, int label, const fi_anomaly_params *params,
			   fi_anomaly_report **out);

/* From how many rows the metrics are detected on several threads (0: the default, 50,000); for
 * tests, which compare the report with the one a single thread makes. Not thread-safe. */
void fi__anomaly_rows_per_thread(size_t rows);

/* fi_stats_summarize() of the finite x[i] of the rows whose label is @label (labels NULL or label
 * −1: every row), bit for bit, without copying the values once there are at least @sample_min of
 * them (0: 16384) (anomaly_summary.c). FI_EINVALID when there is no value; FI_ENOMEM. */
int fi__anomaly_summary(const double *x, size_t rows, const int8_t *labels, int label, size_t sample_min,
			fi_stats_summary *out);

#endif
