/* A metric as a series: one point per workout, or per week or month (SPEC §5: trends and
 * forecasts of counts, sums and means). */
#include <stdlib.h>
#include <string.h>

#include "fitintel/metric.h"
#include "metric_internal.h"

void fi__series_free(fi__series *s)
{
	if (!s)
		return;
	FI__FREE_ALL(s->days, s->values, s->ids, s->counts);
	memset(s, 0, sizeof *s);
}

size_t fi__series_view(const fi__series *s, const int32_t **days, const double **values)
{
	if (days)
		*days = s ? s->days : NULL;
	if (values)
		*values = s ? s->values : NULL;
	return s ? s->n : 0;
}

void fi__series_json(fi__buf *b, const fi__series *s)
{
	fi__buf_putc(b, '[');
	for (size_t i = 0; i < s->n; i++) {
		fi__buf_puts(b, i ? ",{\"date\":" : "{\"date\":");
		fi__json_day(b, s->days[i]);
		fi__buf_json_next_double(b, "value", s->values[i]);
		fi__buf_printf(b, ",\"count\":%zu}", s->counts[i]);
	}
	fi__buf_putc(b, ']');
}

static int per_workout(const fi_frame *f, const fi__metric *m, int label, bool skip_outliers,
		       fi__series *out)
{
	size_t rows = fi_frame_rows(f), cap = rows ? rows : 1;
	size_t *idx = malloc(cap * sizeof *idx);
	out->values = malloc(cap * sizeof *out->values);
	if (!idx || !out->values) {
		free(idx);
		return fi__error_oom();
	}
	size_t n = fi__metric_gather(f, m, label, skip_outliers, out->values, idx);
	out->days = malloc((n ? n : 1) * sizeof *out->days);
	out->ids = malloc((n ? n : 1) * sizeof *out->ids);
	if (!out->days || !out->ids) {
		free(idx);
		return fi__error_oom();
	}
	const int32_t *days = fi__frame_day_array(f);
	const int64_t *ids = fi__frame_id_array(f);
	for (size_t i = 0; i < n; i++) {
		out->days[i] = days[idx[i]];
		out->ids[i] = ids[idx[i]];
	}
	out->n = n;
	free(idx);
	return FI_OK;
}

int fi__series_build(const fi_frame *f, int column, int per, int statistic, int label,
		     bool skip_outliers, fi__series *out)
{
	memset(out, 0, sizeof *out);
	out->per = per;
	out->statistic = statistic;
	if (!fi_period_name(per))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown period %d", per);
	if (!fi_statistic_name(statistic))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown statistic %d", statistic);
	fi__metric m = { 0, NULL, NULL, NULL };
	int rc;
	if (statistic != FI_STATISTIC_COUNT && (rc = fi__metric_bind(f, column, &m)))
		return rc;
	if (per == FI_PERIOD_WORKOUT) {
		if (statistic == FI_STATISTIC_COUNT)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
					 "a count needs a period (week or month), not one point per workout");
		return per_workout(f, &m, label, skip_outliers, out);
	}

	/* the span: from the first to the last workout that contributes */
	const int8_t *labels = fi__frame_label_array(f);
	const int32_t *days = fi__frame_day_array(f);
	size_t rows = fi_frame_rows(f);
	bool count = statistic == FI_STATISTIC_COUNT, any = false;
	int32_t first = 0, last = 0;
	for (size_t i = 0; i < rows; i++) {
		if (!fi__row_included(labels, i, label, skip_outliers) ||
		    (!count && !isfinite(fi__metric_at(&m, i))))
			continue;
		if (!any)
			first = days[i];
		last = days[i];   /* rows are in date order */
		any = true;
	}
	if (!any)
		return FI_OK;
	int32_t start = fi__period_start(per, first);
	size_t periods = (size_t)fi__period_distance(per, start, fi__period_start(per, last)) + 1;
	out->days = malloc(periods * sizeof *out->days);
	out->values = calloc(periods, sizeof *out->values);
	out->counts = calloc(periods, sizeof *out->counts);
	if (!out->days || !out->values || !out->counts)
		return fi__error_oom();
	for (size_t p = 0; p < periods; p++)
		out->days[p] = p ? fi__period_next(per, out->days[p - 1]) : start;
	/* one pass; the period index only moves forward because rows are in date order */
	size_t p = 0;
	int32_t next = periods > 1 ? out->days[1] : INT32_MAX;
	for (size_t i = 0; i < rows; i++) {
		if (!fi__row_included(labels, i, label, skip_outliers))
			continue;
		double x = count ? 1.0 : fi__metric_at(&m, i);
		if (!isfinite(x))
			continue;
		while (days[i] >= next) {
			p++;
			next = p + 1 < periods ? out->days[p + 1] : INT32_MAX;
		}
		out->values[p] += x;
		out->counts[p]++;
	}
	size_t n = 0;
	for (size_t q = 0; q < periods; q++) {
		if (statistic == FI_STATISTIC_MEAN) {
			if (out->counts[q] == 0)
				continue;
			out->values[q] /= (double)out->counts[q];
		}
		out->days[n] = out->days[q];
		out->values[n] = out->values[q];
		out->counts[n] = out->counts[q];
		n++;
	}
	out->n = n;
	return FI_OK;
}
