/* The before/after comparison around each era and the monthly story series (SPEC §6). Rows of a
 * frame are in date order and periods are ranges of days, so every period is a contiguous range of
 * rows, found by binary search; one pass builds the months. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/config_internal.h"
#include "era_compare.h"
#include "frame/frame_internal.h"
#include "kernels/kernel.h"
#include "store/store_internal.h"

#define DNAN ((double)NAN)
/* The average month, as the trends count it (365.25 / 12, rounded). */
#define DAYS_PER_MONTH 30.44

/* Owned strings behind the borrowed pointers of one fi_era_change. */
typedef struct change_text {
	char *name, *created_at, *summary;
	char ratio[64];
	char pace_reason[128], distance_reason[128];
} change_text;

struct fi_era_comparison {
	fi_era_compare_params params;
	size_t workouts;
	size_t n;                 /* changes: one per era */
	fi_era_change *changes;
	change_text *texts;
	size_t n_months;
	fi_era_month *months;
};

static const char *const ratio_names[] = { "finite", "infinite", "undefined" };

const char *fi_era_ratio_name(int kind)
{
	return kind >= 0 && kind <= FI_ERA_RATIO_UNDEFINED ? ratio_names[kind] : NULL;
}

FI__DEFINE_PARAMS_INIT(fi_era_compare_params_init, fi_era_compare_params,
		       FI_ERA_COMPARE_PARAMS_VERSION, FI_ERA_COMPARE_PARAMS_INIT)

void fi_era_comparison_free(fi_era_comparison *c)
{
	if (!c)
		return;
	for (size_t i = 0; c->texts && i < c->n; i++) {
		FI__FREE_ALL(c->texts[i].name, c->texts[i].created_at, c->texts[i].summary);
	}
	FI__FREE_ALL(c->texts, c->changes, c->months, c);
}

/* ---- periods ---- */

static bool pace_ok(const fi_era_compare_params *p, double v)
{
	return v > 0 && v <= p->pace_max;   /* false for NaN */
}

static bool distance_ok(const fi_era_compare_params *p, double v)
{
	return v > 0 && v <= p->distance_max;
}

/* One period's values of one metric: how many, their mean and sample variance (NaN where
 * undefined). */
typedef struct moments {
	size_t n;
	double mean, variance;
} moments;

static moments moments_of(const double *v, size_t n)
{
	moments m = { n, DNAN, DNAN };
	if (n)
		fi__mean_variance(v, n, &m.mean, &m.variance);
	if (n < 2)
		m.variance = DNAN;
	return m;
}

/* Counts, span and labels of rows [lo, hi). */
static void period_counts(const fi_frame *f, size_t lo, size_t hi, fi_era_period *out)
{
	const int32_t *days = fi__frame_day_array(f);
	const int8_t *labels = fi__frame_label_array(f);
	out->workouts = hi - lo;
	for (size_t i = lo; i < hi; i++) {
		int l = labels[i];
		out->label_count[l >= 0 && l < FI_LABEL_COUNT ? l : FI_LABEL_UNKNOWN]++;
	}
	for (int l = 0; l < FI_LABEL_COUNT; l++)
		out->label_percent[l] = out->workouts ? 100.0 * (double)out->label_count[l] / (double)out->workouts : 0;
	out->pace_mean = out->pace_sd = out->distance_mean = out->distance_sd = DNAN;
	if (hi > lo) {
		out->first_day = days[lo];
		out->last_day = days[hi - 1];
		out->span_days = (double)out->last_day - (double)out->first_day + 1;
		out->span_months = out->span_days / DAYS_PER_MONTH;
		out->per_month = (double)out->workouts / out->span_months;
	}
}

/* The included values of @column in rows [lo, hi), copied to @v; returns how many. */
static size_t gather(const fi_frame *f, const fi_era_compare_params *p, int column, size_t lo, size_t hi,
		     double *v)
{
	const double *x = fi__frame_values(f, column);
	size_t n = 0;
	if (column == FI_COLUMN_AVG_PACE) {
		for (size_t i = lo; i < hi; i++)
			if (pace_ok(p, x[i]))
				v[n++] = x[i];
	} else {
		for (size_t i = lo; i < hi; i++)
			if (distance_ok(p, x[i]))
				v[n++] = x[i];
	}
	return n;
}

/* Welch's test of @after against @before, or the reason it was not computed. */
static void welch(const moments *after, const moments *before, const char *what, fi_era_test *out,
		  char *reason, size_t cap)
{
	out->computed = 0;
	out->t = (fi_ttest){ DNAN, DNAN, DNAN, DNAN, DNAN, DNAN };
	reason[0] = '\0';
	if (before->n < 2 || after->n < 2) {
		snprintf(reason, cap, "fewer than 2 %s values %s the era (%zu)", what,
			 before->n < 2 ? "before" : "after", before->n < 2 ? before->n : after->n);
		return;
	}
	fi__error_snapshot saved;
	fi__error_save(&saved);   /* a refusal here is a result, not the caller's error */
	if (fi__welch_moments(after->mean, after->variance, after->n, before->mean, before->variance,
			      before->n, &out->t) == FI_OK) {
		out->computed = 1;
	} else {
		out->t = (fi_ttest){ DNAN, DNAN, DNAN, DNAN, DNAN, DNAN };
		snprintf(reason, cap, "no spread: every %s value is the same on both sides", what);
	}
	fi__error_restore(&saved);
}

/* ---- words ---- */

/* A p-value in words: "p = 0.0312", or "p < 1e-300" where it underflows. */
static void test_words(fi__buf *s, const fi_era_test *t)
{
	if (t->t.p_value < 1e-300)
		fi__buf_printf(s, " (Welch p < 1e-300, Cohen's d = %.2f)", t->t.cohen_d);
	else
		fi__buf_printf(s, " (Welch p = %.3g, Cohen's d = %.2f)", t->t.p_value, t->t.cohen_d);
}

static void format_ratio(double r, char *out, size_t cap)
{
	snprintf(out, cap, r >= 1 ? "%.1f×" : "%.2f×", r);
}

static void change_words(const fi_era_change *c, change_text *t)
{
	const fi_era_period *b = &c->before, *a = &c->after;
	fi__buf s = FI__BUF_INIT;
	switch (c->ratio_kind) {
	case FI_ERA_RATIO_INFINITE:
		snprintf(t->ratio, sizeof t->ratio, "∞ (no workouts before)");
		fi__buf_printf(&s, "After %s (%s) you logged %zu workouts over %.1f months (%.1f per month); "
			      "there were none before it, so the change is ∞ (no workouts before).",
			      c->era.name, c->era.date, a->workouts, a->span_months, a->per_month);
		break;
	case FI_ERA_RATIO_UNDEFINED:
		snprintf(t->ratio, sizeof t->ratio, "undefined (no workouts before or after)");
		fi__buf_printf(&s, "No workouts fall before or after %s (%s) in this selection, so there is "
			      "nothing to compare.", c->era.name, c->era.date);
		break;
	default:
		if (a->workouts == 0) {
			snprintf(t->ratio, sizeof t->ratio, "0× (no workouts after)");
			fi__buf_printf(&s, "After %s (%s) no workouts were logged; before it you logged %zu over "
				      "%.1f months (%.1f per month).", c->era.name, c->era.date, b->workouts,
				      b->span_months, b->per_month);
			break;
		}
		format_ratio(c->ratio, t->ratio, sizeof t->ratio);
		fi__buf_printf(&s, "After %s (%s) you logged %s as many workouts per month (%.1f vs %.1f: "
			      "%zu workouts over %.1f months against %zu over %.1f)", c->era.name,
			      c->era.date, t->ratio, a->per_month, b->per_month, a->workouts, a->span_months,
			      b->workouts, b->span_months);
		if (a->pace_n && b->pace_n) {
			fi__buf_printf(&s, "; mean pace %.2f min/mi vs %.2f", a->pace_mean, b->pace_mean);
			if (c->pace.computed)
				test_words(&s, &c->pace);
		}
		if (a->distance_n && b->distance_n) {
			fi__buf_printf(&s, "; mean distance %.2f mi vs %.2f", a->distance_mean, b->distance_mean);
			if (c->distance.computed)
				test_words(&s, &c->distance);
		}
		fi__buf_putc(&s, '.');
		break;
	}
	t->summary = fi__buf_detach(&s);
}

/* ---- the comparison ---- */

/* Fill one metric's figures of every period and its test in every change. Periods own disjoint
 * row ranges, so their values share @v (room for every row) at their first row's offset; @m has
 * room for every period's moments. */
static void metric_figures(const fi_frame *f, const fi_era_compare_params *p, int column, const size_t *bounds,
			   fi_era_period *per, size_t periods, double *v, moments *m, fi_era_comparison *c)
{
	bool pace = column == FI_COLUMN_AVG_PACE;
	for (size_t k = 0; k < periods; k++) {
		m[k] = moments_of(v + bounds[k], gather(f, p, column, bounds[k], bounds[k + 1], v + bounds[k]));
		double sd = sqrt(m[k].variance);
		if (pace)
			per[k].pace_n = m[k].n, per[k].pace_mean = m[k].mean, per[k].pace_sd = sd;
		else
			per[k].distance_n = m[k].n, per[k].distance_mean = m[k].mean, per[k].distance_sd = sd;
	}
	for (size_t i = 0; i + 1 < periods; i++) {
		change_text *t = &c->texts[i];
		fi_era_change *ch = &c->changes[i];
		if (pace)
			welch(&m[i + 1], &m[i], "pace", &ch->pace, t->pace_reason, sizeof t->pace_reason);
		else
			welch(&m[i + 1], &m[i], "distance", &ch->distance, t->distance_reason,
			      sizeof t->distance_reason);
	}
}

static int build_changes(const fi_frame *f, const fi__era_table *eras, fi_era_comparison *c)
{
	size_t rows = fi_frame_rows(f), periods = eras->n + 1;
	const int32_t *days = fi__frame_day_array(f);
	fi_era_period *per = calloc(periods, sizeof *per);
	size_t *bounds = malloc((periods + 1) * sizeof *bounds);
	double *values = malloc((rows ? rows : 1) * sizeof *values);
	moments *m = malloc(periods * sizeof *m);
	int rc = FI_OK;
	if (!per || !bounds || !values || !m) {
		rc = fi__error_oom();
		goto done;
	}
	bounds[0] = 0;
	bounds[periods] = rows;
	for (size_t k = 1; k < periods; k++)
		bounds[k] = fi__days_lower_bound(days, rows, eras->days[k - 1]);
	for (size_t k = 0; k < periods; k++) {
		per[k].start_day = k ? eras->days[k - 1] : INT32_MIN;
		per[k].end_day = k < eras->n ? eras->days[k] - 1 : INT32_MAX;
		period_counts(f, bounds[k], bounds[k + 1], &per[k]);
	}
	/* one metric at a time through the same buffer */
	metric_figures(f, &c->params, FI_COLUMN_AVG_PACE, bounds, per, periods, values, m, c);
	metric_figures(f, &c->params, FI_COLUMN_DISTANCE, bounds, per, periods, values, m, c);
	for (size_t i = 0; i < eras->n; i++) {
		fi_era_change *ch = &c->changes[i];
		change_text *t = &c->texts[i];
		fi_era_test pace = ch->pace, distance = ch->distance;
		fi__era_at(eras, i, &ch->era);
		t->name = fi__strdup(ch->era.name);
		t->created_at = fi__strdup(ch->era.created_at);
		if (!t->name || !t->created_at) {
			rc = fi__error_oom();
			goto done;
		}
		ch->era.name = t->name;
		ch->era.created_at = t->created_at;
		ch->before = per[i];
		ch->after = per[i + 1];
		ch->pace = pace;
		ch->distance = distance;
		if (ch->before.workouts)
			ch->ratio_kind = FI_ERA_RATIO_FINITE, ch->ratio = ch->after.per_month / ch->before.per_month;
		else if (ch->after.workouts)
			ch->ratio_kind = FI_ERA_RATIO_INFINITE, ch->ratio = (double)INFINITY;
		else
			ch->ratio_kind = FI_ERA_RATIO_UNDEFINED, ch->ratio = DNAN;
		change_words(ch, t);
		if (!t->summary) {
			rc = fi__error_oom();
			goto done;
		}
		ch->ratio_text = t->ratio;
		ch->pace_reason = t->pace_reason;
		ch->distance_reason = t->distance_reason;
		ch->summary = t->summary;
	}
done:
	FI__FREE_ALL(per, bounds, values, m);
	return rc;
}

static int32_t next_month(int32_t first_of_month)
{
	int y, m, d;
	fi__civil_from_days(first_of_month, &y, &m, &d);
	return m == 12 ? fi__days_from_civil(y + 1, 1, 1) : fi__days_from_civil(y, m + 1, 1);
}

static int32_t month_start(int32_t day)
{
	int y, m, d;
	fi__civil_from_days(day, &y, &m, &d);
	return fi__days_from_civil(y, m, 1);
}

/* Every month from the first to the last workout; the row index only moves forward. */
static int build_months(const fi_frame *f, const fi__era_table *eras, fi_era_comparison *c)
{
	size_t rows = fi_frame_rows(f);
	if (rows == 0)
		return FI_OK;
	const int32_t *days = fi__frame_day_array(f);
	const double *pace = fi__frame_values(f, FI_COLUMN_AVG_PACE);
	int32_t first = month_start(days[0]), last = month_start(days[rows - 1]);
	int y0, m0, y1, m1, d;
	fi__civil_from_days(first, &y0, &m0, &d);
	fi__civil_from_days(last, &y1, &m1, &d);
	size_t n = (size_t)((y1 - y0) * 12 + (m1 - m0) + 1);
	if (!(c->months = calloc(n, sizeof *c->months)))
		return fi__error_oom();
	c->n_months = n;
	size_t i = 0;
	int32_t start = first;
	for (size_t k = 0; k < n; k++) {
		int32_t next = next_month(start);
		fi_era_month *m = &c->months[k];
		double sum = 0;
		m->day = start;
		m->period = fi__era_period_of(eras, start);
		for (; i < rows && days[i] < next; i++) {
			m->workouts++;
			if (pace_ok(&c->params, pace[i])) {
				sum += pace[i];
				m->pace_n++;
			}
		}
		m->pace_mean = m->pace_n ? sum / (double)m->pace_n : DNAN;
		start = next;
	}
	return FI_OK;
}

static int check_params(const fi_era_compare_params *p)
{
	if (p->version != FI_ERA_COMPARE_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_era_compare_params version %u", p->version);
	if (!(p->pace_max > 0) || !(p->distance_max > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "pace_max and distance_max must be positive");
	return FI_OK;
}

int fi__era_compare_frame(const fi_frame *f, const fi__era_table *eras, const fi_era_compare_params *params,
			  fi_era_comparison **out)
{
	*out = NULL;
	int rc = check_params(params);
	if (rc)
		return rc;
	if (eras->n == 0)
		return fi__error(FI_ENOTFOUND, FI_ERRCAT_ARG,
				 "no era is configured: add one with `fitintel era add DATE NAME` "
				 "(for example: fitintel era add 2018-06-01 \"Choco arrives\") or fi_era_add()");
	fi_era_comparison *c = calloc(1, sizeof *c);
	if (!c)
		return fi__error_oom();
	c->params = *params;
	c->workouts = fi_frame_rows(f);
	c->n = eras->n;
	c->changes = calloc(eras->n, sizeof *c->changes);
	c->texts = calloc(eras->n, sizeof *c->texts);
	if (!c->changes || !c->texts)
		rc = fi__error_oom();
	if (rc == FI_OK)
		rc = build_changes(f, eras, c);
	if (rc == FI_OK)
		rc = build_months(f, eras, c);
	if (rc) {
		fi_era_comparison_free(c);
		return rc;
	}
	*out = c;
	return FI_OK;
}

int fi_era_compare(fi_store *store, const fi_workout_filter *filter, const fi_era_compare_params *params,
		   fi_era_comparison **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi_era_compare_params p = FI_ERA_COMPARE_PARAMS_INIT;
	int rc;
	if (params)
		p = *params;
	else if ((rc = fi__config_real(store, "bounds.distance_max", &p.distance_max)))
		return rc;
	if ((rc = check_params(&p)))
		return rc;
	fi__era_table eras;
	if ((rc = fi__era_table_load(store, &eras)))
		return rc;
	fi_frame *f = NULL;
	if (eras.n == 0)   /* say so before loading every workout */
		rc = fi__era_compare_frame(NULL, &eras, &p, out);
	else if ((rc = fi_frame_load(store, filter, &f)) == FI_OK)
		rc = fi__era_compare_frame(f, &eras, &p, out);
	fi_frame_free(f);
	fi__era_table_free(&eras);
	return rc;
}

/* ---- accessors ---- */

size_t fi_era_comparison_workouts(const fi_era_comparison *c)
{
	return c ? c->workouts : 0;
}

size_t fi_era_comparison_count(const fi_era_comparison *c)
{
	return c ? c->n : 0;
}

const fi_era_change *fi_era_comparison_at(const fi_era_comparison *c, size_t i)
{
	return c && i < c->n ? &c->changes[i] : NULL;
}

const fi_era_month *fi_era_comparison_months(const fi_era_comparison *c, size_t *count)
{
	size_t n = c ? c->n_months : 0;
	if (count)
		*count = n;
	return n ? c->months : NULL;
}

/* ---- JSON ---- */

static void json_date_or_null(fi__buf *b, int32_t day, bool known)
{
	char iso[11];
	if (!known) {
		fi__buf_puts(b, "null");
		return;
	}
	fi__days_to_iso(day, iso);
	fi__buf_printf(b, "\"%s\"", iso);
}

static void json_period(fi__buf *b, const fi_era_period *p)
{
	fi__buf_puts(b, "{\"from\":");
	json_date_or_null(b, p->start_day, p->start_day != INT32_MIN);
	fi__buf_puts(b, ",\"to\":");
	json_date_or_null(b, p->end_day, p->end_day != INT32_MAX);
	fi__buf_printf(b, ",\"workouts\":%zu,\"first_date\":", p->workouts);
	json_date_or_null(b, p->first_day, p->workouts > 0);
	fi__buf_puts(b, ",\"last_date\":");
	json_date_or_null(b, p->last_day, p->workouts > 0);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "span_days", p->span_days);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "span_months", p->span_months);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "per_month", p->per_month);
	fi__buf_printf(b, ",\"pace\":{\"n\":%zu,", p->pace_n);
	fi__buf_json_key_double(b, "mean", p->pace_mean);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "sd", p->pace_sd);
	fi__buf_printf(b, "},\"distance\":{\"n\":%zu,", p->distance_n);
	fi__buf_json_key_double(b, "mean", p->distance_mean);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "sd", p->distance_sd);
	fi__buf_puts(b, "},\"labels\":{");
	for (int l = 0; l < FI_LABEL_COUNT; l++) {
		fi__buf_printf(b, "%s\"%s\":{\"count\":%zu,", l ? "," : "", fi_label_name(l), p->label_count[l]);
		fi__buf_json_key_double(b, "percent", p->label_percent[l]);
		fi__buf_putc(b, '}');
	}
	fi__buf_puts(b, "}}");
}

static void json_test(fi__buf *b, const fi_era_test *t, const char *reason)
{
	fi__buf_printf(b, "{\"computed\":%s,", t->computed ? "true" : "false");
	fi__buf_json_key_double(b, "mean_after", t->t.mean_a);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "mean_before", t->t.mean_b);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "t", t->t.t);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "df", t->t.df);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "p_value", t->t.p_value);
	fi__buf_putc(b, ',');
	fi__buf_json_key_double(b, "cohen_d", t->t.cohen_d);
	fi__buf_puts(b, ",\"reason\":");
	if (t->computed)
		fi__buf_puts(b, "null");
	else
		fi__buf_json_string(b, reason, strlen(reason));
	fi__buf_putc(b, '}');
}

static void json_era(fi__buf *b, const fi_era *e)
{
	fi__buf_printf(b, "{\"id\":%lld,\"date\":\"%s\",\"name\":", (long long)e->id, e->date);
	fi__buf_json_string(b, e->name, strlen(e->name));
	fi__buf_printf(b, ",\"label_before\":\"%s\",\"label_after\":\"%s\"}", fi_label_name(e->label_before),
		      fi_label_name(e->label_after));
}

int fi_era_comparison_to_json(const fi_era_comparison *c, char **json)
{
	if (!c || !json)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "comparison or json is NULL");
	fi__buf b = FI__BUF_INIT;
	fi__buf_printf(&b, "{\"workouts\":%zu,\"params\":{", c->workouts);
	fi__buf_json_key_double(&b, "pace_max", c->params.pace_max);
	fi__buf_putc(&b, ',');
	fi__buf_json_key_double(&b, "distance_max", c->params.distance_max);
	fi__buf_putc(&b, ',');
	fi__buf_json_key_double(&b, "days_per_month", DAYS_PER_MONTH);
	fi__buf_puts(&b, "},\"eras\":[");
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			fi__buf_putc(&b, ',');
		json_era(&b, &c->changes[i].era);
	}
	fi__buf_puts(&b, "],\"changes\":[");
	for (size_t i = 0; i < c->n; i++) {
		const fi_era_change *ch = &c->changes[i];
		fi__buf_puts(&b, i ? ",{\"era\":" : "{\"era\":");
		json_era(&b, &ch->era);
		fi__buf_puts(&b, ",\"before\":");
		json_period(&b, &ch->before);
		fi__buf_puts(&b, ",\"after\":");
		json_period(&b, &ch->after);
		fi__buf_putc(&b, ',');
		fi__buf_json_key_double(&b, "ratio", ch->ratio);
		fi__buf_printf(&b, ",\"ratio_kind\":\"%s\",\"ratio_text\":", fi_era_ratio_name(ch->ratio_kind));
		fi__buf_json_string(&b, ch->ratio_text, strlen(ch->ratio_text));
		fi__buf_puts(&b, ",\"tests\":{\"pace\":");
		json_test(&b, &ch->pace, ch->pace_reason);
		fi__buf_puts(&b, ",\"distance\":");
		json_test(&b, &ch->distance, ch->distance_reason);
		fi__buf_puts(&b, "},\"summary\":");
		fi__buf_json_string(&b, ch->summary, strlen(ch->summary));
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, "],\"series\":{\"months\":[");
	for (size_t k = 0; k < c->n_months; k++) {
		const fi_era_month *m = &c->months[k];
		char iso[11];
		fi__days_to_iso(m->day, iso);
		fi__buf_printf(&b, "%s{\"month\":\"%.7s\",\"workouts\":%zu,\"pace_n\":%zu,", k ? "," : "", iso,
			      m->workouts, m->pace_n);
		fi__buf_json_key_double(&b, "pace_mean", m->pace_mean);
		fi__buf_printf(&b, ",\"period\":%zu}", m->period);
	}
	fi__buf_puts(&b, "],\"markers\":[");
	for (size_t i = 0; i < c->n; i++) {
		const fi_era *e = &c->changes[i].era;
		int32_t day;
		fi__iso_to_days(e->date, &day);
		fi__buf_printf(&b, "%s{\"date\":\"%s\",\"name\":", i ? "," : "", e->date);
		fi__buf_json_string(&b, e->name, strlen(e->name));
		fi__buf_puts(&b, ",\"month_index\":");
		int32_t start = month_start(day);
		if (c->n_months && start >= c->months[0].day && start <= c->months[c->n_months - 1].day) {
			int y0, m0, y, m, d;
			fi__civil_from_days(c->months[0].day, &y0, &m0, &d);
			fi__civil_from_days(start, &y, &m, &d);
			fi__buf_printf(&b, "%d", (y - y0) * 12 + (m - m0));
		} else {
			fi__buf_puts(&b, "null");
		}
		fi__buf_putc(&b, '}');
	}
	fi__buf_puts(&b, "]}}");
	return fi__buf_finish(&b, json);
}
