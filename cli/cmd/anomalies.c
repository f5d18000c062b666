/* `fitintel anomalies`: workouts whose metrics stand out (IQR fences, z-scores, modified z-scores,
 * rolling z-scores), per metric and method. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "commands.h"
#include "common.h"
#include "output.h"
#include "run.h"

#define DEFAULT_LIMIT 10

static int by_magnitude(const void *a, const void *b)
{
	double x = fabs(((const fi_anomaly *)a)->score), y = fabs(((const fi_anomaly *)b)->score);
	return (x < y) - (x > y);   /* infinite scores (IQR = 0) first */
}

/* The @k items of largest |score| (ties in date order, as a stable sort leaves them) into @top, by
 * insertion: a set may hold a million items and only the first @k are printed. Returns how many. */
static size_t top_by_magnitude(const fi_anomaly *items, size_t count, fi_anomaly *top, size_t k)
{
	size_t n = 0;
	for (size_t i = 0; i < count; i++) {
		double m = fabs(items[i].score);
		if (n == k && !(m > fabs(top[k - 1].score)))
			continue;
		size_t at = n < k ? n++ : k - 1;   /* a free slot, or the last one, dropped */
		while (at > 0 && fabs(top[at - 1].score) < m) {
			top[at] = top[at - 1];
			at--;
		}
		top[at] = items[i];
	}
	return n;
}

static void print_thresholds(const fi_anomaly_summary *s)
{
	char lo[48], hi[48], a[48], b[48];
	cli_format_metric(lo, sizeof lo, s->metric, s->lower);
	cli_format_metric(hi, sizeof hi, s->metric, s->upper);
	switch (s->method) {
	case FI_ANOMALY_IQR:
		cli_format_metric(a, sizeof a, s->metric, s->q1);
		cli_format_metric(b, sizeof b, s->metric, s->q3);
		printf("  fences %s … %s (Q1 %s, Q3 %s, k %g)\n", lo, hi, a, b, s->threshold);
		break;
	case FI_ANOMALY_ZSCORE:
		cli_format_metric(a, sizeof a, s->metric, s->center);
		printf("  fences %s … %s (mean %s, |z| > %g)\n", lo, hi, a, s->threshold);
		break;
	case FI_ANOMALY_MODIFIED_ZSCORE:
		cli_format_metric(a, sizeof a, s->metric, s->center);
		printf("  fences %s … %s (median %s, |M| > %g%s)\n", lo, hi, a, s->threshold,
		       s->fallback ? "; MAD is 0, mean absolute deviation used" : "");
		break;
	default:
		printf("  each against the %zu workouts before it (at least %zu), |z| > %g; %zu scored\n",
		       s->window, s->min_prior, s->threshold, s->scored);
		break;
	}
}

static int print_set(const fi_anomaly_report *r, size_t i, size_t limit)
{
	const fi_anomaly_summary *s = fi_anomaly_report_summary(r, i);
	size_t count = 0;
	const fi_anomaly *items = fi_anomaly_report_items(r, i, &count);
	char n[32], c[32];

	printf("%s (%s), %s: ", fi_metric_name(s->metric), fi_metric_unit(s->metric),
	       fi_anomaly_method_name(s->method));
	if (s->status != FI_ANALYSIS_OK) {
		printf("nothing flagged: %s\n", fi_anomaly_report_reason(r, i));
		return CLI_EXIT_OK;
	}
	out_format_count(c, sizeof c, (int64_t)s->count);
	out_format_count(n, sizeof n, (int64_t)s->n);
	printf("%s of %s values (%.2f%%)\n", c, n, s->percent);
	print_thresholds(s);
	if (!count || !limit)
		return CLI_EXIT_OK;
	/* a few of many: insertion into the top; many: a stable sort of them all */
	size_t shown = count < limit ? count : limit;
	fi_anomaly *sorted = malloc((shown > 64 ? count : shown) * sizeof *sorted);
	if (!sorted) {
		cli_error("out of memory");
		return CLI_EXIT_ERROR;
	}
	if (shown > 64) {
		memcpy(sorted, items, count * sizeof *sorted);
		qsort(sorted, count, sizeof *sorted, by_magnitude);
	} else {
		top_by_magnitude(items, count, sorted, shown);
	}
	printf("  %-10s %11s %10s %8s %-4s %s\n", "DATE", "WORKOUT", "VALUE", "SCORE", "DIR", "SEVERITY");
	for (size_t k = 0; k < shown; k++) {
		char day[11], value[48], score[48];
		cli_format_day(day, sorted[k].day);
		cli_format_metric(value, sizeof value, s->metric, sorted[k].value);
		cli_format_fixed(score, sizeof score, sorted[k].score, 2);
		printf("  %-10s %11lld %10s %8s %-4s %s\n", day, (long long)sorted[k].workout_id, value,
		       score, sorted[k].direction > 0 ? "high" : "low",
		       fi_anomaly_severity_name(sorted[k].severity));
	}
	if (count > limit)
		printf("  … and %zu more (--limit, --json)\n", count - limit);
	free(sorted);
	return CLI_EXIT_OK;
}

static struct {
	cli_filter filter;
	unsigned metrics, methods;
	int64_t limit;
	bool json;
} a = { CLI_FILTER_INIT, 0, 0, DEFAULT_LIMIT, false };

static bool parse_metric(const char *text, void *value)
{
	int v;
	if (fi_metric_parse(text, &v) != FI_OK)
		return false;
	*(unsigned *)value |= FI_ANOMALY_METRIC_BIT(v);
	return true;
}

static bool parse_method(const char *text, void *value)
{
	int v;
	if (fi_anomaly_method_parse(text, &v) != FI_OK)
		return false;
	*(unsigned *)value |= FI_ANOMALY_METHOD_BIT(v);
	return true;
}

static int compute(fi_store *store, void **result)
{
	fi_anomaly_params p;
	int rc = fi_anomaly_params_load(store, &p);
	if (rc != FI_OK)
		return rc;
	p.metrics = a.metrics;
	p.methods = a.methods;
	return fi_anomaly_detect(store, &a.filter.f, &p, (fi_anomaly_report **)result);
}

static int print(const void *result)
{
	const fi_anomaly_report *r = result;
	int code = CLI_EXIT_OK;
	char n[32];
	out_format_count(n, sizeof n, (int64_t)fi_anomaly_report_workouts(r));
	printf("%s workouts examined.\n", n);
	for (size_t i = 0; i < fi_anomaly_report_sets(r) && code == CLI_EXIT_OK; i++) {
		putchar('\n');
		code = print_set(r, i, (size_t)a.limit);
	}
	return code;
}

CLI_JOB_RESULT(result, fi_anomaly_report, fi_anomaly_report_to_json, fi_anomaly_report_free)

static const cli_job job = {
	.what = "detect anomalies", .json_what = "write the anomalies as JSON", .filter = &a.filter, .json = &a.json,
	.compute = compute, .to_json = result_json, .print = print, .free = result_free
};

static const cli_opt options[] = {
	{ CLI_OPT_CUSTOM, "metric", .flags = CLI_OPT_REPEAT, .value = &a.metrics, .parse = parse_metric,
	  .words = CLI_METRIC_WORDS, .value_name = "M",
	  .help = "pace, distance, duration, calories, steps, cadence,\n"
		  "heart_rate, speed, max_pace, max_speed; repeat for several\n"
		  "(default: pace, distance and duration)" },
	{ CLI_OPT_CUSTOM, "method", .flags = CLI_OPT_REPEAT, .value = &a.methods, .parse = parse_method,
	  .words = "iqr zscore modified_zscore rolling", .value_name = "M",
	  .help = "iqr, zscore, modified_zscore, rolling; repeat for several\n"
		  "(default: all four)" },
	CLI_SPEC_FROM(&a.filter, CLI_HELP_FROM),
	CLI_SPEC_TO(&a.filter, CLI_HELP_TO),
	CLI_SPEC_TYPE(&a.filter, CLI_HELP_TYPE),
	CLI_SPEC_LABEL(&a.filter, CLI_HELP_LABEL "\n(a 9 min/mi walk stands out among walks, not among all)"),
	{ CLI_OPT_INT, "limit", .value = &a.limit, .min = 0, .max = CLI_NO_MAX, .value_name = "N",
	  .help = "show at most N workouts per metric and method, the most\n"
		  "extreme first (default 10; --json lists every one)" },
	CLI_SPEC_JSON(&a.json, "print the full report as JSON (thresholds, every flagged\n"
			       "workout in date order)"),
	CLI_SPEC_END
};

const cli_command cli_cmd_anomalies = {
	.name = "anomalies", .options = options, .job = &job,
	.help = &cli_help_anomalies,
};
