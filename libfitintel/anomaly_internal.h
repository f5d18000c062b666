/* Anomaly detection on an already loaded frame, for the briefing, which runs every analysis on one
 * frame (anomaly.c). */
#ifndef FITINTEL_ANOMALY_INTERNAL_H
#define FITINTEL_ANOMALY_INTERNAL_H

#include "fitintel/anomaly.h"
#include "internal.h"

/* As fi_anomaly_detect() over the rows of @f whose stored label is @label (−1: every row).
 * NULL @params: the built-in defaults (read the store's with fi_anomaly_params_from_store()). The
 * report's items carry workout ids and days; filter them by day for "recent" anomalies. */
int fi__anomalies_on_frame(const fi_frame *f, int label, const fi_anomaly_params *params,
			   fi_anomaly_report **out);

#endif
