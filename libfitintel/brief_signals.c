/* Briefing builders that read signals out of the history: trends of run pace and weekly volume,
 * recent anomalies, and records set in the period. They run the library's own analyses on the
 * briefing's frame. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "anomaly_internal.h"
#include "brief_internal.h"
#include "trend_internal.h"

/* Trends look back at least this far: a 7-day period has too few points for a slope. */
#define TREND_MIN_DAYS 90

static void trend_evidence(fi_buf *ev, const fi_trend_summary *s)
{
	fi_buf_printf(ev, "{\"points\":%zu,\"slope_per_month\":", s->n);
	fi_buf_json_double(ev, s->slope_per_month);
	fi_buf_puts(ev, ",\"slope_low_per_day\":");
	fi_buf_json_double(ev, s->slope_low);
	fi_buf_puts(ev, ",\"slope_high_per_day\":");
	fi_buf_json_double(ev, s->slope_high);
	fi_buf_puts(ev, ",\"r2\":");
	fi_buf_json_double(ev, s->r2);
	fi_buf_puts(ev, ",\"p_value\":");
	fi_buf_json_double(ev, s->p_value);
	fi_buf_puts(ev, ",\"mann_kendall_p\":");
	fi_buf_json_double(ev, s->mk_computed ? s->mk_p_value : (double)NAN);
	fi_buf_printf(ev, ",\"direction\":\"%s\"}", fi_trend_direction_name(s->direction));
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

int fi__brief_trends(fi_brief *b, fi__brief_ctx *c)
{
	int32_t since = c->to - (c->days > TREND_MIN_DAYS ? c->days : TREND_MIN_DAYS) + 1;
	char since_iso[11];
	fi__days_to_iso(since, since_iso);

	fi_trend_params pace = FI_TREND_PARAMS_INIT;
	fi_trend_report *r = NULL;
	int rc = trend_since(c, FI_LABEL_REAL_RUN, since, &pace, &r);
	if (rc)
		return rc;
	const fi_trend_summary *s = fi_trend_report_summary(r);
	if (s->status == FI_ANALYSIS_OK) {
		c->pace_direction = s->direction;
		fi_buf ev = FI_BUF_INIT;
		trend_evidence(&ev, s);
		fi__brief_add(b, false, 0, "trend", s->direction > 0 ? FI_SEVERITY_POSITIVE
			      : s->direction < 0 ? FI_SEVERITY_WARNING : FI_SEVERITY_INFO, "Run pace trend",
			      "OLS on days + Mann–Kendall", &ev,
			      "Since %s your run pace is %s: %+.2f min/mi per month over %zu runs "
			      "(p = %.3f; lower is faster).", since_iso, fi_trend_direction_name(s->direction),
			      s->slope_per_month, s->n, s->p_value);
		fi_buf_free(&ev);
	}
	fi_trend_report_free(r);

	fi_trend_params volume = FI_TREND_PARAMS_INIT;
	volume.per = FI_PERIOD_WEEK;
	volume.statistic = FI_STATISTIC_COUNT;
	r = NULL;
	if ((rc = trend_since(c, -1, since, &volume, &r)))
		return rc;
	s = fi_trend_report_summary(r);
	if (s->status == FI_ANALYSIS_OK) {
		c->volume_direction = s->direction;
		fi_buf ev = FI_BUF_INIT;
		trend_evidence(&ev, s);
		fi__brief_add(b, false, 0, "trend", s->direction > 0 ? FI_SEVERITY_POSITIVE
			      : s->direction < 0 ? FI_SEVERITY_WARNING : FI_SEVERITY_INFO, "Weekly volume trend",
			      "OLS on weeks + Mann–Kendall", &ev,
			      "Since %s your workouts per week are %s: %+.2f per week each month over %zu weeks "
			      "(p = %.3f).", since_iso, fi_trend_direction_name(s->direction),
			      s->slope_per_month, s->n, s->p_value);
		fi_buf_free(&ev);
	}
	fi_trend_report_free(r);
	return FI_OK;
}

int fi__brief_anomalies(fi_brief *b, fi__brief_ctx *c)
{
	static const int labels[] = { FI_LABEL_REAL_RUN, FI_LABEL_PUP_WALK };
	static const char *const nouns[] = { "run", "dog walk" };
	fi_anomaly_params p;
	int rc = fi_anomaly_params_load(c->store, &p);
	if (rc)
		return rc;
	p.metrics = FI_ANOMALY_METRIC_BIT(FI_COLUMN_AVG_PACE) | FI_ANOMALY_METRIC_BIT(FI_COLUMN_DISTANCE);
	p.methods = FI_ANOMALY_METHOD_BIT(FI_ANOMALY_MODIFIED_ZSCORE);
	for (size_t k = 0; k < FI__ARRAY_LEN(labels); k++) {
		fi_anomaly_report *r = NULL;
		if ((rc = fi__anomalies_on_frame(c->frame, labels[k], &p, &r)))
			return rc;
		for (size_t set = 0; set < fi_anomaly_report_sets(r); set++) {
			const fi_anomaly_summary *s = fi_anomaly_report_summary(r, set);
			size_t count = 0, recent = 0;
			const fi_anomaly *items = fi_anomaly_report_items(r, set, &count);
			fi_buf ev = FI_BUF_INIT, names = FI_BUF_INIT;
			fi_buf_printf(&ev, "{\"label\":\"%s\",\"metric\":\"%s\",\"method\":\"%s\",\"threshold\":",
				      fi_label_name(labels[k]), fi_column_name(s->metric), fi_anomaly_method_name(s->method));
			fi_buf_json_double(&ev, s->threshold);
			fi_buf_puts(&ev, ",\"workouts\":[");
			for (size_t i = 0; i < count; i++) {
				if (items[i].day < c->from || items[i].day > c->to)
					continue;
				char iso[11];
				fi__days_to_iso(items[i].day, iso);
				fi_buf_printf(&ev, "%s{\"id\":%lld,\"date\":\"%s\",\"value\":", recent ? "," : "",
					      (long long)items[i].workout_id, iso);
				fi_buf_json_double(&ev, items[i].value);
				fi_buf_puts(&ev, ",\"score\":");
				fi_buf_json_double(&ev, items[i].score);
				fi_buf_putc(&ev, '}');
				if (recent < 3)
					fi_buf_printf(&names, "%s%s (%.2f, %s)", recent ? "; " : "", iso, items[i].value,
						      items[i].direction > 0 ? "high" : "low");
				recent++;
			}
			fi_buf_puts(&ev, "]}");
			if (recent)
				fi__brief_add(b, false, 0, "anomaly", FI_SEVERITY_INFO, "Unusual workouts",
					      "modified z-score within the label", &ev,
					      "%zu %s %s%s this period stand%s out against all your %ss (|M| > %.1f): %s%s.",
					      recent, nouns[k], s->metric == FI_COLUMN_AVG_PACE ? "pace" : "distance",
					      recent == 1 ? "" : "s", recent == 1 ? "s" : "", nouns[k], s->threshold,
					      names.data ? names.data : "", recent > 3 ? ", …" : "");
			fi_buf_free(&ev);
			fi_buf_free(&names);
		}
		fi_anomaly_report_free(r);
	}
	return FI_OK;
}

int fi__brief_records(fi_brief *b, fi__brief_ctx *c)
{
	fi_records_params p;
	int rc = fi_records_params_load(c->store, &p);
	fi_records_report *r = NULL;
	if (rc == FI_OK)
		rc = fi__records_on_frame(c->frame, &p, &r);
	if (rc)
		return rc;
	const fi_record *set[FI_RECORD_KIND_COUNT];
	size_t n = fi__records_set_between(r, c->from, c->to, set);
	for (size_t i = 0; i < n; i++) {
		const fi_record *rec = set[i];
		char iso[11];
		fi__days_to_iso(rec->day, iso);
		fi_buf ev = FI_BUF_INIT;
		fi_buf_printf(&ev, "{\"record\":\"%s\",\"value\":", fi_record_kind_name(rec->kind));
		fi_buf_json_double(&ev, rec->value);
		fi_buf_printf(&ev, ",\"workout_id\":%lld,\"date\":\"%s\",\"previous\":", (long long)rec->workout_id, iso);
		fi_buf_json_double(&ev, rec->previous_value);
		fi_buf_putc(&ev, '}');
		char before[64] = "the first of its kind";
		if (!isnan(rec->previous_value))
			snprintf(before, sizeof before, "the previous best was %.2f", rec->previous_value);
		fi__brief_add(b, false, 0, "record", FI_SEVERITY_POSITIVE, "New personal record",
			      "records over the whole history", &ev, "%s: %.2f on %s (%s).",
			      fi_record_kind_name(rec->kind), rec->value, iso, before);
		fi_buf_free(&ev);
	}
	fi_records_report_free(r);
	return FI_OK;
}
