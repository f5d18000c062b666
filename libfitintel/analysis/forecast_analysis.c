/* Forecasts of a store's weekly or monthly series (SPEC §5): the linear trend with prediction
 * intervals and Holt's method, from the kernels of kernels/forecast.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_run.h"
#include "fitintel/metric.h"
#include "frame/metric_internal.h"
#include "trend_internal.h"

#define DNAN ((double)NAN)
#define MAX_HORIZON 1000

struct fi_forecast_report {
	fi_forecast_summary s;
	char reason[200];
	fi__series series;
	fi_forecast_step *steps;
};

FI__DEFINE_PARAMS_INIT(fi_forecast_params_init, fi_forecast_params,
		       FI_FORECAST_PARAMS_VERSION, FI_FORECAST_PARAMS_INIT)

static int check_params(const fi_forecast_params *p)
{
	if (p->version != FI_FORECAST_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_forecast_params version %u",
				 p->version);
	if (!fi_statistic_name(p->statistic))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown statistic %d", p->statistic);
	if (p->statistic != FI_STATISTIC_COUNT && !fi_metric_name(p->metric))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "column %d is not a metric", p->metric);
	if (p->per != FI_PERIOD_WEEK && p->per != FI_PERIOD_MONTH)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a forecast is per week or per month, not %s",
				 fi_period_name(p->per) ? fi_period_name(p->per) : "an unknown period");
	if (p->horizon < 1 || p->horizon > MAX_HORIZON)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the horizon must be 1 to %d periods, not %zu",
				 MAX_HORIZON, p->horizon);
	if (!(p->confidence > 0 && p->confidence < 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the confidence must be in (0, 1)");
	return FI_OK;
}

void fi_forecast_report_free(fi_forecast_report *r)
{
	if (!r)
		return;
	fi__series_free(&r->series);
	free(r->steps);
	free(r);
}

static int forecast(fi_forecast_report *r, size_t h, double confidence)
{
	const fi__series *s = &r->series;
	double *buf = malloc(4 * h * sizeof *buf);
	r->steps = malloc(h * sizeof *r->steps);
	if (!buf || !r->steps) {
		free(buf);
		return fi__error_oom();
	}
	double *value = buf, *low = buf + h, *high = buf + 2 * h, *holt = buf + 3 * h;
	double alpha = 0, beta = 0;
	int rc;
	if ((rc = fi_forecast_linear(s->values, s->n, h, confidence, value, low, high, &r->s.linear_rmse)) ||
	    (rc = fi_forecast_holt_fit(s->values, s->n, &alpha, &beta)) ||
	    (rc = fi_forecast_holt(s->values, s->n, h, alpha, beta, holt, NULL, &r->s.holt_rmse))) {
		free(buf);
		return rc;
	}
	r->s.holt_alpha = alpha;
	r->s.holt_beta = beta;
	int32_t day = s->days[s->n - 1];
	for (size_t j = 0; j < h; j++) {
		day = fi__period_next(r->s.per, day);
		r->steps[j] = (fi_forecast_step){ day, value[j], low[j], high[j], holt[j] };
	}
	r->s.horizon = h;
	free(buf);
	return FI_OK;
}

static int forecast_check(const void *p) { return check_params(p); }
static int forecast_run(const fi_frame *f, const void *p, void **out)
{
	fi_forecast_report *r = NULL;
	int rc = fi__forecast_on_frame(f, -1, p, &r);
	*out = r;
	return rc;
}

static const fi__analysis forecast_analysis = {
	.params_size = sizeof(fi_forecast_params), .defaults = &(fi_forecast_params)FI_FORECAST_PARAMS_INIT,
	.check = forecast_check, .run = forecast_run,
};

int fi__forecast_on_frame(const fi_frame *f, int label, const fi_forecast_params *params,
			  fi_forecast_report **out)
{
	if (!f || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "frame or out is NULL");
	*out = NULL;
	fi_forecast_params p;
	int rc = fi__analysis_params(&forecast_analysis, params, label, &p);
	if (rc)
		return rc;
	fi_forecast_report *r = calloc(1, sizeof *r);
	if (!r)
		return fi__error_oom();
	r->s = (fi_forecast_summary){
		FI_ANALYSIS_OK, p.statistic, p.statistic == FI_STATISTIC_COUNT ? 0 : p.metric, p.per, 0, 0,
		p.confidence, DNAN, DNAN, DNAN, DNAN
	};
	rc = fi__series_build(f, p.metric, p.per, p.statistic, label, !p.include_outliers, &r->series);
	if (rc == FI_OK) {
		r->s.periods = r->series.n;
		if (r->series.n < 3) {
			r->s.status = FI_ANALYSIS_INSUFFICIENT_DATA;
			snprintf(r->reason, sizeof r->reason, "only %zu period%s with data: a forecast needs at least 3",
				 r->series.n, r->series.n == 1 ? "" : "s");
		} else {
			rc = forecast(r, p.horizon, p.confidence);
		}
	}
	if (rc) {
		fi_forecast_report_free(r);
		return rc;
	}
	*out = r;
	return FI_OK;
}

FI__DEFINE_ANALYSIS_ENTRY(fi_forecast_series, fi_forecast_params,
		       fi_forecast_report, forecast_analysis)

const fi_forecast_summary *fi_forecast_report_summary(const fi_forecast_report *r)
{
	return r ? &r->s : NULL;
}

const char *fi_forecast_report_reason(const fi_forecast_report *r)
{
	return r ? r->reason : NULL;
}

size_t fi_forecast_report_history(const fi_forecast_report *r, const int32_t **days, const double **values)
{
	return fi__series_view(r ? &r->series : NULL, days, values);
}

const fi_forecast_step *fi_forecast_report_steps(const fi_forecast_report *r, size_t *count)
{
	if (count)
		*count = r ? r->s.horizon : 0;
	return r && r->s.horizon ? r->steps : NULL;
}

int fi_forecast_report_to_json(const fi_forecast_report *r, char **json)
{
	if (!r || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "report or json is NULL");
	*json = NULL;
	const fi_forecast_summary *s = &r->s;
	bool count = s->statistic == FI_STATISTIC_COUNT;
	bool ok = s->status == FI_ANALYSIS_OK;
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "{\"statistic\":\"%s\",\"metric\":", fi_statistic_name(s->statistic));
	if (count)
		fi__buf_puts(&b, "null");
	else
		fi__buf_printf(&b, "\"%s\"", fi_metric_name(s->metric));
	fi__buf_printf(&b, ",\"unit\":\"%s\",\"per\":\"%s\",\"status\":\"%s\",\"reason\":",
		      count ? "workouts" : fi_metric_unit(s->metric), fi_period_name(s->per),
		      fi_analysis_status_name(s->status));
	if (r->reason[0])
		fi__buf_json_string(&b, r->reason, strlen(r->reason));
	else
		fi__buf_puts(&b, "null");
	fi__buf_printf(&b, ",\"periods\":%zu,\"horizon\":%zu,\"history\":", s->periods, s->horizon);
	fi__series_json(&b, &r->series);
	fi__buf_puts(&b, ",\"linear\":");
	if (ok) {
		fi__buf_puts(&b, "{\"confidence\":");
		fi__buf_json_double(&b, s->confidence);
		fi__buf_json_next_double(&b, "rmse", s->linear_rmse);
		fi__buf_puts(&b, "},\"holt\":{\"alpha\":");
		fi__buf_json_double(&b, s->holt_alpha);
		fi__buf_json_next_double(&b, "beta", s->holt_beta);
		fi__buf_json_next_double(&b, "rmse", s->holt_rmse);
		fi__buf_putc(&b, '}');
	} else {
		fi__buf_puts(&b, "null,\"holt\":null");
	}
	fi__buf_puts(&b, ",\"forecast\":[");
	for (size_t j = 0; j < s->horizon; j++) {
		const fi_forecast_step *st = &r->steps[j];
		fi__buf_puts(&b, j ? ",{\"date\":" : "{\"date\":");
		fi__json_day(&b, st->day);
		fi__buf_json_next_double(&b, "linear", st->linear);
		fi__buf_json_next_double(&b, "low", st->low);
		fi__buf_json_next_double(&b, "high", st->high);
		fi__buf_json_next_double(&b, "holt", st->holt);
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, "]}");
	return fi__buf_finish(&b, json);
}
