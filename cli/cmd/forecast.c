/* `fitintel forecast`: weekly or monthly counts, distances or paces, h periods ahead (linear trend
 * with prediction intervals, and Holt's method). */
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

#define HISTORY_SHOWN 4

/* --series: count, or a metric with the statistic that suits it. */
static bool parse_series(const char *s, void *value)
{
	fi_forecast_params *p = value;
	if (strcmp(s, "count") == 0) {
		p->statistic = FI_STATISTIC_COUNT;
		return true;
	}
	if (fi_metric_parse(s, &p->metric) != FI_OK)
		return false;
	/* paces (and rates) are averaged, amounts are added up */
	bool mean = fi_metric_lower_is_better(p->metric) == 1 || p->metric == FI_COLUMN_CADENCE ||
		    p->metric == FI_COLUMN_HEART_RATE || p->metric == FI_COLUMN_AVG_SPEED ||
		    p->metric == FI_COLUMN_MAX_SPEED;
	p->statistic = mean ? FI_STATISTIC_MEAN : FI_STATISTIC_SUM;
	return true;
}

static int print(const void *result)
{
	const fi_forecast_report *r = result;
	const fi_forecast_summary *s = fi_forecast_report_summary(r);
	bool count = s->statistic == FI_STATISTIC_COUNT;
	int column = count ? 0 : s->metric;
	const char *period = fi_period_name(s->per);
	const int32_t *days = NULL;
	const double *values = NULL;
	size_t n = fi_forecast_report_history(r, &days, &values);

	printf("%s %s %s (%s): %zu %ss", s->per == FI_PERIOD_WEEK ? "Weekly" : "Monthly",
	       count ? "workout" : fi_statistic_name(s->statistic), count ? "count" : fi_metric_name(s->metric),
	       count ? "workouts" : fi_metric_unit(s->metric), n, period);
	if (n) {
		char a[11], b[11];
		cli_format_day(a, days[0]);
		cli_format_day(b, days[n - 1]);
		printf(" from %s to %s", a, b);
	}
	printf(".\n");
	if (s->status != FI_ANALYSIS_OK) {
		printf("Insufficient data: %s.\n", fi_forecast_report_reason(r));
		return CLI_EXIT_OK;
	}
	printf("\nLast %ss:\n", period);
	for (size_t i = n > HISTORY_SHOWN ? n - HISTORY_SHOWN : 0; i < n; i++) {
		char day[11], v[48];
		cli_format_day(day, days[i]);
		cli_format_metric(v, sizeof v, column, values[i]);
		printf("  %s  %10s\n", day, v);
	}
	size_t h = 0;
	const fi_forecast_step *st = fi_forecast_report_steps(r, &h);
	printf("\nForecast (%g%% prediction interval of the linear trend):\n", 100 * s->confidence);
	printf("  %-10s  %10s  %10s  %10s  %10s\n", s->per == FI_PERIOD_WEEK ? "WEEK OF" : "MONTH OF",
	       "LINEAR", "LOW", "HIGH", "HOLT");
	for (size_t j = 0; j < h; j++) {
		char day[11], lin[48], lo[48], hi[48], holt[48];
		cli_format_day(day, st[j].day);
		cli_format_metric(lin, sizeof lin, column, st[j].linear);
		cli_format_metric(lo, sizeof lo, column, st[j].low);
		cli_format_metric(hi, sizeof hi, column, st[j].high);
		cli_format_metric(holt, sizeof holt, column, st[j].holt);
		printf("  %-10s  %10s  %10s  %10s  %10s\n", day, lin, lo, hi, holt);
	}
	printf("\nIn-sample RMSE: linear %.4g, Holt %.4g (alpha %.2f, beta %.2f).\n", s->linear_rmse,
	       s->holt_rmse, s->holt_alpha, s->holt_beta);
	return CLI_EXIT_OK;
}

static struct {
	fi_forecast_params p;
	cli_filter filter;
	int64_t horizon;
	bool include_outliers, json;
} a = { FI_FORECAST_PARAMS_INIT, CLI_FILTER_INIT, 0, false, false };

static int compute(fi_store *store, void **result)
{
	if (a.horizon)
		a.p.horizon = (size_t)a.horizon;
	a.p.include_outliers = a.include_outliers;
	return fi_forecast_series(store, &a.filter.f, &a.p, (fi_forecast_report **)result);
}

CLI_JOB_RESULT(result, fi_forecast_report, fi_forecast_report_to_json, fi_forecast_report_free)

static const cli_job job = {
	.what = "forecast", .json_what = "write the forecast as JSON", .filter = &a.filter, .json = &a.json,
	.compute = compute, .to_json = result_json, .print = print, .free = result_free
};

static const cli_choice periods[] = { { "week", FI_PERIOD_WEEK }, { "month", FI_PERIOD_MONTH }, { NULL, 0 } };

static const cli_opt options[] = {
	{ CLI_OPT_CUSTOM, "series", .value = &a.p, .parse = parse_series, .value_name = "S",
	  .expect = "count or a metric (distance, pace, duration, ...)", .words = "count " CLI_METRIC_WORDS,
	  .help = "count (default): workouts per period; distance: total\n"
		  "miles; pace: mean pace (min/mi); duration and calories\n"
		  "(totals) and other metrics work too" },
	{ CLI_OPT_ENUM, "per", .value = &a.p.per, .choices = periods, .value_name = "P",
	  .help = "week (default) or month" },
	{ CLI_OPT_INT, "horizon", .value = &a.horizon, .min = 1, .max = 1000, .value_name = "N",
	  .help = "periods ahead, 1 to 1000 (default 4)" },
	CLI_SPEC_FILTER(&a.filter),
	{ CLI_OPT_FLAG, "include-outliers", .value = &a.include_outliers, .help = "keep workouts labelled outlier" },
	CLI_SPEC_JSON(&a.json, "print the history and the forecast as JSON"),
	CLI_SPEC_END
};

const cli_command cli_cmd_forecast = {
	.name = "forecast", .options = options, .job = &job,
	.help = &cli_help_forecast,
};
