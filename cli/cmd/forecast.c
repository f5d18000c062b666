/* `fitintel forecast`: weekly or monthly counts, distances or paces, h periods ahead (linear trend
 * with prediction intervals, and Holt's method). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "args.h"
#include "common.h"
#include "output.h"

#define HISTORY_SHOWN 4

static bool parse_series(const char *s, fi_forecast_params *p)
{
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

static void print_forecast(const fi_forecast_report *r)
{
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
		return;
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
}

static int run(cli_ctx *ctx, int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "series", required_argument, NULL, 's' },
		{ "per", required_argument, NULL, 'p' },
		{ "horizon", required_argument, NULL, 'H' },
		{ "include-outliers", no_argument, NULL, 'O' },
		{ "label", required_argument, NULL, CLI_OPT_LABEL },
		{ "from", required_argument, NULL, CLI_OPT_FROM },
		{ "to", required_argument, NULL, CLI_OPT_TO },
		{ "type", required_argument, NULL, CLI_OPT_TYPE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	fi_forecast_params p = FI_FORECAST_PARAMS_INIT;
	cli_filter cf;
	bool json = false;
	int64_t horizon;
	int c, code;

	cli_filter_init(&cf);
	cli_getopt_reset();
	while ((c = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			ctx->db_path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 's':
			if (!parse_series(optarg, &p))
				return cli_usage_error("forecast", "--series must be count or a metric (distance, "
						       "pace, duration, ...), not '%s'", optarg);
			break;
		case 'p':
			if (strcmp(optarg, "week") == 0)
				p.per = FI_PERIOD_WEEK;
			else if (strcmp(optarg, "month") == 0)
				p.per = FI_PERIOD_MONTH;
			else
				return cli_usage_error("forecast", "--per must be week or month, not '%s'", optarg);
			break;
		case 'H':
			if (!cli_parse_i64(optarg, 1, 1000, &horizon))
				return cli_usage_error("forecast", "--horizon needs a whole number from 1 to 1000, not '%s'",
						       optarg);
			p.horizon = (size_t)horizon;
			break;
		case 'O':
			p.include_outliers = 1;
			break;
		case CLI_OPT_LABEL:
		case CLI_OPT_FROM:
		case CLI_OPT_TO:
		case CLI_OPT_TYPE:
			code = cli_filter_set(&cf, "forecast", c, optarg);
			if (code >= 0)
				return code;
			break;
		case 'h':
			cli_command_help(&cli_cmd_forecast);
			return CLI_EXIT_OK;
		default:
			return cli_getopt_failure("forecast", c, argv);
		}
	}
	if (optind < argc)
		return cli_usage_error("forecast", "unexpected argument '%s'", argv[optind]);
	if ((code = cli_filter_check(&cf, "forecast")) >= 0)
		return code;

	fi_store *store = NULL;
	if (cli_open_store(ctx, true, &store) != FI_OK)
		return CLI_EXIT_ERROR;
	fi_forecast_report *r = NULL;
	int rc = fi_forecast_series(store, &cf.f, &p, &r);
	if (rc != FI_OK) {
		cli_lib_error(rc, "forecast");
		fi_store_close(store);
		return CLI_EXIT_ERROR;
	}
	code = CLI_EXIT_OK;
	if (json) {
		char *text = NULL;
		rc = fi_forecast_report_to_json(r, &text);
		code = cli_print_json(rc, text, "write the forecast as JSON");
	} else {
		print_forecast(r);
	}
	fi_forecast_report_free(r);
	fi_store_close(store);
	return code;
}

const cli_command cli_cmd_forecast = {
	"forecast", run,
	"forecast weekly or monthly workout counts, distance or pace",
	"fitintel forecast [--series count|distance|pace] [--per week|month]\n"
	"                         [--horizon N] [--label L] [--from D] [--to D] [--type T]\n"
	"                         [--include-outliers] [--json] [--db PATH]",
	"\n"
	"Builds the series from the first to the last workout's week (ISO, Monday) or\n"
	"month: counts and distances of a period without workouts are 0; a mean pace\n"
	"needs workouts, so such periods are left out. Then forecasts the N periods\n"
	"after the last one two ways: a linear trend with its 95% prediction interval\n"
	"(wider the further ahead), and Holt's linear exponential smoothing with the\n"
	"weights that fit the history best; each with its in-sample RMSE. Fewer than\n"
	"3 periods: insufficient data. Workouts labelled outlier are left out unless\n"
	"--include-outliers.\n"
	"\n"
	"Options:\n"
	"  --series S       count (default): workouts per period; distance: total\n"
	"                   miles; pace: mean pace (min/mi); duration and calories\n"
	"                   (totals) and other metrics work too\n"
	"  --per P          week (default) or month\n"
	"  --horizon N      periods ahead, 1 to 1000 (default 4)\n"
	CLI_HELP_FILTER
	"  --include-outliers  keep workouts labelled outlier\n"
	"  --json           print the history and the forecast as JSON\n"
	CLI_HELP_DB
	"\n"
	CLI_HELP_EXIT_CODES
	"\n"
	"Examples:\n"
	"  fitintel forecast --series count --per week --horizon 8\n"
	"  fitintel forecast --series pace --per month --label run --json\n"
};
