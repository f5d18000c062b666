/* Briefing builders that read signals out of the history: trends of run pace and weekly volume,
 * recent anomalies, and records set in the period. They run the library's own analyses on the
 * briefing's frame. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/anomaly_internal.h"
#include "brief_internal.h"
#include "analysis/trend_internal.h"

/* Trends look back at least this far: a 7-day period has too few points for a slope. */
#define TREND_MIN_DAYS 90
/* Mann–Kendall is O(n²): above this many weekly counts it is left out (a 77-year period). */
#define MK_MAX_WEEKS 4000

static void trend_evidence(fi__buf *ev, const fi_trend_summary *s)
{
	fi__buf_printf(ev, "{\"points\":%zu,\"slope_per_month\":", s->n);
	fi__buf_json_double(ev, s->slope_per_month);
	fi__buf_puts(ev, ",\"slope_low_per_day\":");
	fi__buf_json_double(ev, s->slope_low);
	fi__buf_puts(ev, ",\"slope_high_per_day\":");
	fi__buf_json_double(ev, s->slope_high);
	fi__buf_puts(ev, ",\"r2\":");
	fi__buf_json_double(ev, s->r2);
	fi__buf_puts(ev, ",\"p_value\":");
	fi__buf_json_double(ev, s->p_value);
	fi__buf_puts(ev, ",\"mann_kendall_p\":");
	fi__buf_json_double(ev, s->mk_computed ? s->mk_p_value : (double)NAN);
	fi__buf_printf(ev, ",\"direction\":\"%s\"}", fi_trend_direction_name(s->direction));
}

/* " (p = 0.012)", or nothing when the p-value is not a number. */
static void p_text(char out[32], double p)
{
	if (isfinite(p))
		snprintf(out, 32, " (p = %.3f)", p);
	else
		out[0] = '\0';
}

/* The trend of @params over the rows from @since_day to the period's end, within @label. */
static int trend_since(const fi__brief_ctx *c, int label, int32_t since_day, const fi_trend_params *params,
		       fi_trend_report **out)
{
	size_t lo = c->hi;
	while (lo > 0 && c->day[lo - 1] >= since_day)   /* the window is short: walk back to it */
		lo--;
	fi_frame *window = NULL;
	int rc = fi__frame_slice(c->frame, lo, c->hi, &window);
	if (rc == FI_OK)
		rc = fi__trend_on_frame(window, label, params, out);
	fi_frame_free(window);
	return rc;
}

static int pace_trend(fi_brief *b, fi__brief_ctx *c)
{
	int32_t since = c->to - (c->days > TREND_MIN_DAYS ? c->days : TREND_MIN_DAYS) + 1;
	fi__days_to_iso(since, c->pace_since);
	fi_trend_params pace = FI_TREND_PARAMS_INIT;
	fi_trend_report *r = NULL;
	int rc = trend_since(c, FI_LABEL_REAL_RUN, since, &pace, &r);
	if (rc)
		return rc;
	const fi_trend_summary *s = fi_trend_report_summary(r);
	if (s->status == FI_ANALYSIS_OK) {
		c->pace_direction = s->direction;
		c->pace_slope = s->slope_per_month;
		c->pace_runs = s->n;
		trend_evidence(&c->pace_evidence, s);
		/* the direction is OLS's, whose interval sets it apart from 0; lower pace is faster */
		const char *word = s->direction > 0 ? "improving (getting faster)"
				   : s->direction < 0 ? "declining (getting slower)" : "stable";
		char p[32];
		p_text(p, s->p_value);
		fi__brief_add(b, false, 0, "trend", s->direction > 0 ? FI_SEVERITY_POSITIVE
			      : s->direction < 0 ? FI_SEVERITY_WARNING : FI_SEVERITY_INFO, "Run pace trend",
			      "OLS on days + Mann–Kendall", &c->pace_evidence,
			      "Since %s your run pace is %s: %+.2f min/mi per month over %zu runs%s; lower is faster.",
			      c->pace_since, word, s->slope_per_month, s->n, p);
	}
	fi_trend_report_free(r);
	return FI_OK;
}

/* Workouts per week as whole 7-day blocks ending on the reference day (outliers left out, every
 * other label counted): no partial week at either end, and the weeks without a workout count as 0,
 * the last ones included. Blocks wholly before the first workout ever are not part of the history.
 * The slope comes from OLS on the blocks' last days, its direction from the slope's interval. */
static int volume_trend(fi_brief *b, fi__brief_ctx *c)
{
	int span = c->days > TREND_MIN_DAYS ? c->days : TREND_MIN_DAYS + 1;
	size_t weeks = (size_t)span / 7;
	int32_t first = c->to - (int32_t)(7 * weeks) + 1;
	if (c->n && c->day[0] > first) {   /* skip the blocks before the history began */
		size_t before = (size_t)(c->day[0] - first) / 7;
		weeks = before < weeks ? weeks - before : 0;
		first = c->to - (int32_t)(7 * weeks) + 1;
	}
	if (weeks < 3)
		return FI_OK;
	double *x = malloc(weeks * sizeof *x), *y = calloc(weeks, sizeof *y);
	if (!x || !y) {
		free(x);
		free(y);
		return fi__error_oom();
	}
	size_t any = 0;
	for (size_t w = 0; w < weeks; w++)
		x[w] = first + 7 * (int32_t)w + 6;
	for (size_t i = fi__days_lower_bound(c->day, c->n, first); i < c->hi; i++) {
		if (c->label[i] == FI_LABEL_OUTLIER)
			continue;
		y[(size_t)(c->day[i] - first) / 7] += 1;
		any++;
	}
	fi_ols ols;
	fi_mann_kendall mk;
	int rc = FI_OK;
	bool have_mk = false;
	if (any) {   /* no workout in the whole window: no trend to speak of */
		rc = fi_stats_ols(x, y, weeks, 0.95, &ols);
		if (rc == FI_OK && weeks <= MK_MAX_WEEKS) {
			int mrc = fi_stats_mann_kendall(x, y, weeks, &mk);
			if (mrc && mrc != FI_ELIMIT)
				rc = mrc;
			have_mk = mrc == FI_OK;
		}
	}
	if (rc == FI_OK && any) {
		int direction = ols.slope_low > 0 ? FI_TREND_IMPROVING : ols.slope_high < 0 ? FI_TREND_DECLINING
			      : FI_TREND_STABLE;
		double per_month = ols.slope * FI_TREND_DAYS_PER_MONTH;
		c->volume_direction = direction;
		c->volume_slope = per_month;
		c->volume_weeks = weeks;
		fi__days_to_iso(c->to, c->volume_to);
		char from[11];
		fi__days_to_iso(first, from);
		fi__buf *ev = &c->volume_evidence;
		fi__buf_printf(ev, "{\"points\":%zu,\"from\":\"%s\",\"to\":\"%s\",\"counts\":[", weeks, from, c->volume_to);
		for (size_t w = 0; w < weeks; w++)
			fi__buf_printf(ev, "%s%.0f", w ? "," : "", y[w]);
		fi__buf_puts(ev, "],\"slope_per_month\":");
		fi__buf_json_double(ev, per_month);
		fi__buf_puts(ev, ",\"slope_low_per_day\":");
		fi__buf_json_double(ev, ols.slope_low);
		fi__buf_puts(ev, ",\"slope_high_per_day\":");
		fi__buf_json_double(ev, ols.slope_high);
		fi__buf_puts(ev, ",\"r2\":");
		fi__buf_json_double(ev, ols.r2);
		fi__buf_puts(ev, ",\"p_value\":");
		fi__buf_json_double(ev, ols.p_value);
		fi__buf_puts(ev, ",\"mann_kendall_p\":");
		fi__buf_json_double(ev, have_mk ? mk.p_value : (double)NAN);
		fi__buf_printf(ev, ",\"direction\":\"%s\"}", fi_trend_direction_name(direction));
		char p[32];
		p_text(p, ols.p_value);
		fi__brief_add(b, false, 0, "trend", direction > 0 ? FI_SEVERITY_POSITIVE
			      : direction < 0 ? FI_SEVERITY_WARNING : FI_SEVERITY_INFO, "Weekly volume trend",
			      "OLS on 7-day blocks + Mann–Kendall", ev,
			      "Over the %zu weeks to %s your workouts per week are %s: %+.2f per week each month%s.",
			      weeks, c->volume_to, direction > 0 ? "rising" : direction < 0 ? "falling" : "steady",
			      per_month, p);
	}
	free(x);
	free(y);
	return rc;
}

int fi__brief_trends(fi_brief *b, fi__brief_ctx *c)
{
	int rc = pace_trend(b, c);
	return rc ? rc : volume_trend(b, c);
}

/* The workouts up to the period's end: what "all your runs" and "records" mean on its last day. */
static int history_to_end(const fi__brief_ctx *c, fi_frame **out)
{
	return fi__frame_slice(c->frame, 0, c->hi, out);
}

int fi__brief_anomalies(fi_brief *b, fi__brief_ctx *c)
{
	static const int labels[] = { FI_LABEL_REAL_RUN, FI_LABEL_PUP_WALK };
	fi_anomaly_params p;
	int rc = fi_anomaly_params_load(c->store, &p);
	if (rc)
		return rc;
	p.metrics = FI_ANOMALY_METRIC_BIT(FI_COLUMN_AVG_PACE) | FI_ANOMALY_METRIC_BIT(FI_COLUMN_DISTANCE);
	p.methods = FI_ANOMALY_METHOD_BIT(FI_ANOMALY_MODIFIED_ZSCORE);
	fi_frame *history = NULL;
	if ((rc = history_to_end(c, &history)))
		return rc;
	for (size_t k = 0; rc == FI_OK && k < FI__ARRAY_LEN(labels); k++) {
		fi_anomaly_report *r = NULL;
		if ((rc = fi__anomalies_on_frame(history, labels[k], &p, &r)))
			break;
		for (size_t set = 0; set < fi_anomaly_report_sets(r); set++) {
			const fi_anomaly_summary *s = fi_anomaly_report_summary(r, set);
			bool pace = s->metric == FI_COLUMN_AVG_PACE;
			size_t count = 0, recent = 0;
			const fi_anomaly *items = fi_anomaly_report_items(r, set, &count);
			fi__buf ev = FI__BUF_INIT, names = FI__BUF_INIT;
			fi__buf_printf(&ev, "{\"label\":\"%s\",\"metric\":\"%s\",\"method\":\"%s\",\"threshold\":",
				      fi_label_name(labels[k]), fi_column_name(s->metric), fi_anomaly_method_name(s->method));
			fi__buf_json_double(&ev, s->threshold);
			fi__buf_puts(&ev, ",\"workouts\":[");
			for (size_t i = 0; i < count; i++) {
				if (items[i].day < c->from || items[i].day > c->to)
					continue;
				bool high = items[i].direction > 0;
				char iso[11];
				fi__days_to_iso(items[i].day, iso);
				fi__buf_printf(&ev, "%s{\"id\":%lld,\"date\":\"%s\",\"value\":", recent ? "," : "",
					      (long long)items[i].workout_id, iso);
				fi__buf_json_double(&ev, items[i].value);
				fi__buf_puts(&ev, ",\"score\":");
				fi__buf_json_double(&ev, items[i].score);
				fi__buf_printf(&ev, ",\"direction\":\"%s\"}", high ? "high" : "low");
				/* a high pace is a slow one */
				if (recent < 3)
					fi__buf_printf(&names, "%s%s (%.2f %s, %s)", recent ? "; " : "", iso, items[i].value,
						      pace ? "min/mi" : "mi",
						      pace ? (high ? "slow" : "fast") : (high ? "long" : "short"));
				recent++;
			}
			fi__buf_puts(&ev, "]}");
			if (recent) {
				char to[11], more[32] = "";
				if (recent > 3)
					snprintf(more, sizeof more, " and %zu more", recent - 3);
				fi__days_to_iso(c->to, to);
				fi__brief_add(b, false, 0, "anomaly", FI_SEVERITY_INFO, "Unusual workouts",
					      "modified z-score within the label", &ev,
					      "%zu %s %s%s this period stand%s out against all your %s up to %s "
					      "(|M| > %.1f): %s%s.", recent, fi__brief_label_noun(labels[k], 1),
					      pace ? "pace" : "distance", fi__brief_plural(recent), recent == 1 ? "s" : "",
					      fi__brief_label_noun(labels[k], 2), to, s->threshold,
					      names.data ? names.data : "", more);
			}
			if (names.failed)
				b->failed = true;
			fi__buf_free(&ev);
			fi__buf_free(&names);
		}
		fi_anomaly_report_free(r);
	}
	fi_frame_free(history);
	return rc;
}

/* How a record of @value reads: its name, unit and decimals. */
static void record_words(int kind, double value, const char **name, const char **unit, int *digits)
{
	*digits = 2;
	switch (kind) {
	case FI_RECORD_FASTEST_RUN_PACE: *name = "Fastest run pace"; *unit = " min/mi"; return;
	case FI_RECORD_LONGEST_RUN: *name = "Longest run"; *unit = " mi"; return;
	case FI_RECORD_LONGEST_WALK: *name = "Longest dog walk"; *unit = " mi"; return;
	case FI_RECORD_MOST_WORKOUTS_WEEK: *name = "Most workouts in a week"; break;
	case FI_RECORD_MOST_WORKOUTS_MONTH: *name = "Most workouts in a month"; break;
	default: *name = fi_record_kind_name(kind); break;
	}
	*unit = value == 1 ? " workout" : " workouts";
	*digits = 0;
}

int fi__brief_records(fi_brief *b, fi__brief_ctx *c)
{
	fi_records_params p;
	int rc = fi_records_params_load(c->store, &p);
	fi_records_report *r = NULL;
	fi_frame *history = NULL;
	if (rc == FI_OK)
		rc = history_to_end(c, &history);
	if (rc == FI_OK)   /* records as they stood on the period's last day */
		rc = fi__records_on_frame(history, &p, &r);
	fi_frame_free(history);
	if (rc)
		return rc;
	const fi_record *set[FI_RECORD_KIND_COUNT];
	size_t n = fi__records_set_between(r, c->from, c->to, set);
	for (size_t i = 0; i < n; i++) {
		const fi_record *rec = set[i];
		const char *name, *unit;
		int digits;
		record_words(rec->kind, rec->value, &name, &unit, &digits);
		char iso[11], first[11], last[11];
		fi__days_to_iso(rec->day, iso);
		fi__days_to_iso(rec->period_first, first);
		fi__days_to_iso(rec->period_last, last);
		fi__buf ev = FI__BUF_INIT;
		fi__buf_printf(&ev, "{\"record\":\"%s\",\"unit\":\"%s\",\"value\":", fi_record_kind_name(rec->kind),
			      digits ? unit + 1 : "workouts");
		fi__buf_json_double(&ev, rec->value);
		fi__buf_printf(&ev, ",\"workout_id\":%lld,\"date\":\"%s\",\"period_first\":\"%s\",\"period_last\":\"%s\","
			      "\"previous\":", (long long)rec->workout_id, iso, first, last);
		fi__buf_json_double(&ev, rec->previous_value);
		fi__buf_putc(&ev, '}');
		char before[96] = "the first of its kind";
		if (!isnan(rec->previous_value)) {
			const char *prev_unit = unit;
			if (!digits)
				prev_unit = rec->previous_value == 1 ? " workout" : " workouts";
			snprintf(before, sizeof before, "the previous best was %.*f%s", digits, rec->previous_value,
				 prev_unit);
		}
		char when[64];
		if (rec->period_first != rec->period_last)
			snprintf(when, sizeof when, "from %s to %s, reached on %s", first, last, iso);
		else
			snprintf(when, sizeof when, "on %s", iso);
		fi__brief_add(b, false, 0, "record", FI_SEVERITY_POSITIVE, "New personal record",
			      "records up to the period's end", &ev, "%s: %.*f%s %s (%s).", name, digits, rec->value,
			      unit, when, before);
		fi__buf_free(&ev);
	}
	fi_records_report_free(r);
	return FI_OK;
}
