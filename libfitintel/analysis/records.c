/* Personal records (SPEC §5): fastest run pace, longest run and walk, busiest week and month, each
 * with the record it beat. One pass over the frame in date order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis_run.h"
#include "store/config_internal.h"
#include "fitintel/metric.h"
#include "frame/metric_internal.h"
#include "trend_internal.h"

#define DNAN ((double)NAN)

typedef struct record_slot {
	fi_record r;
	char reason[200];
} record_slot;

struct fi_records_report {
	double min_run_distance;
	record_slot slots[FI_RECORD_KIND_COUNT];   /* index = kind − 1 */
};

static const char *const kind_names[] = {
	NULL, "fastest_run_pace", "longest_run", "longest_walk", "most_workouts_week", "most_workouts_month",
};

const char *fi_record_kind_name(int kind)
{
	return kind >= 1 && kind <= FI_RECORD_KIND_COUNT ? kind_names[kind] : NULL;
}

FI__DEFINE_PARAMS_INIT(fi_records_params_init, fi_records_params,
		       FI_RECORDS_PARAMS_VERSION, FI_RECORDS_PARAMS_INIT)

static const fi__config_field records_fields[] = {
	FI__CONFIG_FIELD("records.min_run_distance", FI__FIELD_DOUBLE, fi_records_params, min_run_distance),
};

int fi_records_params_load(fi_store *store, fi_records_params *p)
{
	static const fi_records_params defaults = FI_RECORDS_PARAMS_INIT;
	return fi__config_load(store, records_fields, sizeof records_fields / sizeof *records_fields,
			       &defaults, p, sizeof *p);
}

static int check_params(const fi_records_params *p)
{
	if (p->version != FI_RECORDS_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_records_params version %u", p->version);
	if (!isfinite(p->min_run_distance) || p->min_run_distance < 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "min_run_distance must be a distance >= 0");
	return FI_OK;
}

void fi_records_report_free(fi_records_report *r)
{
	free(r);
}

/* Offer a candidate: it becomes the record when it beats the current one strictly (ties keep the
 * earlier), and the current one becomes its previous. */
static void offer(fi_record *rec, double value, bool lower_better, int64_t id, int32_t day,
		  int32_t first, int32_t last)
{
	if (rec->found && !(lower_better ? value < rec->value : value > rec->value))
		return;
	if (rec->found) {
		rec->previous_value = rec->value;
		rec->previous_workout_id = rec->workout_id;
		rec->previous_day = rec->day;
	}
	rec->found = 1;
	rec->value = value;
	rec->workout_id = id;
	rec->day = day;
	rec->period_first = first;
	rec->period_last = last;
}

/* Workouts per week or month: the current period's count, offered when the period closes. */
typedef struct period_count {
	int per;
	int32_t start;
	size_t count;
	int64_t last_id;
	int32_t last_day;
} period_count;

static void close_period(period_count *pc, fi_record *rec)
{
	if (pc->count)
		offer(rec, (double)pc->count, false, pc->last_id, pc->last_day, pc->start,
		      fi__period_next(pc->per, pc->start) - 1);
	pc->count = 0;
}

static void count_workout(period_count *pc, fi_record *rec, int64_t id, int32_t day)
{
	int32_t start = fi__period_start(pc->per, day);
	if (pc->count && start != pc->start)
		close_period(pc, rec);
	pc->start = start;
	pc->count++;
	pc->last_id = id;
	pc->last_day = day;
}

typedef struct seen {
	size_t classified, runs, walks;   /* for the reasons of records not found */
} seen;

static void explain(fi_records_report *r, const seen *s)
{
	const char *unclassified = "no workout is classified yet: run and walk records need labels (classify first)";
	for (int k = 1; k <= FI_RECORD_KIND_COUNT; k++) {
		record_slot *slot = &r->slots[k - 1];
		if (slot->r.found)
			continue;
		bool walk = k == FI_RECORD_LONGEST_WALK;
		if ((k == FI_RECORD_FASTEST_RUN_PACE || k == FI_RECORD_LONGEST_RUN || walk) && !s->classified)
			snprintf(slot->reason, sizeof slot->reason, "%s", unclassified);
		else if (k == FI_RECORD_FASTEST_RUN_PACE || k == FI_RECORD_LONGEST_RUN || walk) {
			if (walk ? !s->walks : !s->runs)
				snprintf(slot->reason, sizeof slot->reason, "no workout is labelled %s",
					 walk ? "pup_walk" : "real_run");
			else if (k == FI_RECORD_FASTEST_RUN_PACE)
				snprintf(slot->reason, sizeof slot->reason,
					 "no real_run of at least %g mi with a known pace", r->min_run_distance);
			else
				snprintf(slot->reason, sizeof slot->reason, "no %s with a known distance",
					 walk ? "pup_walk" : "real_run");
		} else {
			snprintf(slot->reason, sizeof slot->reason, "no workouts (outliers never set records)");
		}
	}
}

static int records_check(const void *p) { return check_params(p); }
static int records_run(const fi_frame *f, const void *p, void **out)
{
	fi_records_report *r = NULL;
	int rc = fi__records_on_frame(f, p, &r);
	*out = r;
	return rc;
}

static const fi__analysis records_analysis = {
	.params_size = sizeof(fi_records_params), .defaults = &(fi_records_params)FI_RECORDS_PARAMS_INIT,
	.fields = records_fields, .n_fields = FI__ARRAY_LEN(records_fields),
	.check = records_check, .run = records_run,
};

int fi__records_on_frame(const fi_frame *f, const fi_records_params *params, fi_records_report **out)
{
	if (!f || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "frame or out is NULL");
	*out = NULL;
	fi_records_params p;
	int rc = fi__analysis_params(&records_analysis, params, -1, &p);
	if (rc)
		return rc;
	fi_records_report *r = calloc(1, sizeof *r);
	if (!r)
		return fi__error_oom();
	r->min_run_distance = p.min_run_distance;
	for (int k = 1; k <= FI_RECORD_KIND_COUNT; k++)
		r->slots[k - 1].r = (fi_record){ k, 0, DNAN, 0, 0, 0, 0, DNAN, 0, 0 };
	fi_record *pace = &r->slots[FI_RECORD_FASTEST_RUN_PACE - 1].r;
	fi_record *run = &r->slots[FI_RECORD_LONGEST_RUN - 1].r;
	fi_record *walk = &r->slots[FI_RECORD_LONGEST_WALK - 1].r;
	fi_record *week = &r->slots[FI_RECORD_MOST_WORKOUTS_WEEK - 1].r;
	fi_record *month = &r->slots[FI_RECORD_MOST_WORKOUTS_MONTH - 1].r;

	const int8_t *labels = fi__frame_label_array(f);
	const int64_t *ids = fi__frame_id_array(f);
	const int32_t *days = fi__frame_day_array(f);
	const double *dist = fi__frame_values(f, FI_COLUMN_DISTANCE);
	const double *paces = fi__frame_values(f, FI_COLUMN_AVG_PACE);
	period_count weeks = { FI_PERIOD_WEEK, 0, 0, 0, 0 }, months = { FI_PERIOD_MONTH, 0, 0, 0, 0 };
	seen s = { 0 };
	size_t n = fi_frame_rows(f);
	for (size_t i = 0; i < n; i++) {
		int label = labels[i];
		if (label != FI_LABEL_UNKNOWN)
			s.classified++;
		if (label == FI_LABEL_OUTLIER)
			continue;
		count_workout(&weeks, week, ids[i], days[i]);
		count_workout(&months, month, ids[i], days[i]);
		double d = dist[i];
		bool has_distance = isfinite(d) && d > 0;
		if (label == FI_LABEL_REAL_RUN) {
			s.runs++;
			if (has_distance)
				offer(run, d, false, ids[i], days[i], days[i], days[i]);
			if (isfinite(d) && d >= p.min_run_distance && isfinite(paces[i]) && paces[i] > 0)
				offer(pace, paces[i], true, ids[i], days[i], days[i], days[i]);
		} else if (label == FI_LABEL_PUP_WALK) {
			s.walks++;
			if (has_distance)
				offer(walk, d, false, ids[i], days[i], days[i], days[i]);
		}
	}
	close_period(&weeks, week);
	close_period(&months, month);
	explain(r, &s);
	*out = r;
	return FI_OK;
}

FI__DEFINE_ANALYSIS_ENTRY(fi_records_find, fi_records_params, fi_records_report, records_analysis)

const fi_record *fi_records_report_get(const fi_records_report *r, int kind)
{
	return r && fi_record_kind_name(kind) ? &r->slots[kind - 1].r : NULL;
}

const char *fi_records_report_reason(const fi_records_report *r, int kind)
{
	return r && fi_record_kind_name(kind) ? r->slots[kind - 1].reason : NULL;
}

size_t fi__records_set_between(const fi_records_report *r, int32_t from_day, int32_t to_day,
			       const fi_record **out)
{
	size_t n = 0;
	for (int k = 0; r && k < FI_RECORD_KIND_COUNT; k++) {
		const fi_record *rec = &r->slots[k].r;
		if (rec->found && rec->day >= from_day && rec->day <= to_day)
			out[n++] = rec;
	}
	return n;
}

static const char *unit_of(int kind)
{
	switch (kind) {
	case FI_RECORD_FASTEST_RUN_PACE: return "min/mi";
	case FI_RECORD_LONGEST_RUN:
	case FI_RECORD_LONGEST_WALK: return "mi";
	default: return "workouts";
	}
}

static void json_record(fi__buf *b, const record_slot *slot)
{
	const fi_record *rec = &slot->r;
	fi__buf_printf(b, "{\"kind\":\"%s\",\"found\":%s,\"reason\":", fi_record_kind_name(rec->kind),
		      rec->found ? "true" : "false");
	if (rec->found)
		fi__buf_puts(b, "null");
	else
		fi__buf_json_string(b, slot->reason, strlen(slot->reason));
	fi__buf_printf(b, ",\"unit\":\"%s\",\"value\":", unit_of(rec->kind));
	if (!rec->found) {
		fi__buf_puts(b, "null,\"workout_id\":null,\"date\":null,\"period_first\":null,"
			       "\"period_last\":null,\"previous\":null}");
		return;
	}
	fi__buf_json_double(b, rec->value);
	fi__buf_printf(b, ",\"workout_id\":%lld,\"date\":", (long long)rec->workout_id);
	fi__json_day(b, rec->day);
	fi__buf_puts(b, ",\"period_first\":");
	fi__json_day(b, rec->period_first);
	fi__buf_puts(b, ",\"period_last\":");
	fi__json_day(b, rec->period_last);
	if (isnan(rec->previous_value)) {
		fi__buf_puts(b, ",\"previous\":null}");
		return;
	}
	fi__buf_puts(b, ",\"previous\":{\"value\":");
	fi__buf_json_double(b, rec->previous_value);
	fi__buf_printf(b, ",\"workout_id\":%lld,\"date\":", (long long)rec->previous_workout_id);
	fi__json_day(b, rec->previous_day);
	fi__buf_puts(b, "}}");
}

int fi_records_report_to_json(const fi_records_report *r, char **json)
{
	if (!r || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "report or json is NULL");
	*json = NULL;
	fi__buf b = FI__BUF_INIT;
	fi__buf_puts(&b, "{\"min_run_distance\":");
	fi__buf_json_double(&b, r->min_run_distance);
	fi__buf_puts(&b, ",\"records\":[");
	for (int k = 0; k < FI_RECORD_KIND_COUNT; k++) {
		if (k)
			fi__buf_putc(&b, ',');
		json_record(&b, &r->slots[k]);
	}
	fi__buf_puts(&b, "]}");
	return fi__buf_finish(&b, json);
}
