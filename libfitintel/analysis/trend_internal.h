/* Trends, forecasts and records on an already loaded frame, for the briefing, which runs every
 * analysis on one frame (trend.c, forecast_store.c, records.c). */
#ifndef FITINTEL_TREND_INTERNAL_H
#define FITINTEL_TREND_INTERNAL_H

#include "fitintel/trend.h"
#include "util/internal.h"

/* As fi_trend_analyze() over the rows of @f whose stored label is @label (−1: every row).
 * NULL @params: defaults. */
int fi__trend_on_frame(const fi_frame *f, int label, const fi_trend_params *params,
		       fi_trend_report **out);

/* As fi_forecast_series() over the rows of @f with stored label @label (−1: every row). */
int fi__forecast_on_frame(const fi_frame *f, int label, const fi_forecast_params *params,
			  fi_forecast_report **out);

/* As fi_records_find() over every row of @f. NULL @params: built-in defaults (read the store's
 * with fi_records_params_load()). */
int fi__records_on_frame(const fi_frame *f, const fi_records_params *params, fi_records_report **out);

/* The found records set on a day in [from_day, to_day] (the day of the workout that set them),
 * in kind order, into @out (room for FI_RECORD_KIND_COUNT); returns how many. */
size_t fi__records_set_between(const fi_records_report *r, int32_t from_day, int32_t to_day,
			       const fi_record **out);

#endif
