/* Briefing builders about the period itself: summary, performance per label, consistency tier,
 * and the era boundary. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "brief_internal.h"
#include "store/config_internal.h"
#include "store/era_table.h"

/* Sums over rows [lo, hi): values that are NaN, or rows labelled outlier, are left out. */
typedef struct totals {
	size_t n, by_label[FI_LABEL_COUNT];
	double distance, duration_s, calories;
	size_t n_distance, n_duration, n_calories;
} totals;

static void add(double *sum, size_t *n, double v)
{
	if (!isnan(v)) {
		*sum += v;
		(*n)++;
	}
}

static totals sum_rows(const fi__brief_ctx *c, size_t lo, size_t hi)
{
	totals t = { 0 };
	for (size_t i = lo; i < hi; i++) {
		t.n++;
		t.by_label[c->label[i]]++;
		if (c->label[i] == FI_LABEL_OUTLIER)
			continue;   /* garbage values would swamp the totals */
		add(&t.distance, &t.n_distance, c->distance[i]);
		add(&t.duration_s, &t.n_duration, c->duration[i]);
		add(&t.calories, &t.n_calories, c->calories[i]);
	}
	return t;
}

/* How a count or a total compares with the previous period's: "+12%", "-5%" (the sign is the
 * difference's even where the rounded percentage is 0), or words where a percentage would not be
 * true ("none in the previous period", "the same as before"). */
static void change(char out[64], double now, double before, const char *none_before, const char *same)
{
	if (before == 0)
		snprintf(out, 64, "%s", none_before);
	else if (now == before)
		snprintf(out, 64, "%s", same);
	else {
		double pct = 100 * (now - before) / before;
		snprintf(out, 64, "%c%.0f%%", now < before ? '-' : '+', fabs(pct));
	}
}

/* "Mix: 3 runs, 17 dog walks, 1 mixed run/walk, 2 unclassified." — every label with workouts, in
 * label order, unclassified last: the counts add up to the workouts. */
static void mix_text(fi__buf *o, const totals *t)
{
	bool first = true;
	for (int k = 1; k <= FI_LABEL_COUNT; k++) {
		int l = k % FI_LABEL_COUNT;   /* FI_LABEL_UNKNOWN last */
		const char *noun = fi__brief_label_noun(l, t->by_label[l]);
		if (!t->by_label[l] || !noun)
			continue;
		fi__buf_printf(o, "%s%zu %s", first ? "Mix: " : ", ", t->by_label[l], noun);
		first = false;
	}
	fi__buf_putc(o, '.');
}

int fi__brief_summary(fi_brief *b, fi__brief_ctx *c)
{
	totals now = sum_rows(c, c->lo, c->hi), before = sum_rows(c, c->prev_lo, c->lo);
	double weeks = c->days / 7.0;
	fi__buf ev = FI__BUF_INIT;
	fi__buf_printf(&ev, "{\"workouts\":%zu,\"per_week\":", now.n);
	fi__buf_json_double(&ev, now.n / weeks);
	fi__buf_puts(&ev, ",\"distance_mi\":");
	fi__buf_json_double(&ev, now.distance);
	fi__buf_puts(&ev, ",\"duration_h\":");
	fi__buf_json_double(&ev, now.duration_s / 3600);
	fi__buf_puts(&ev, ",\"calories\":");
	fi__buf_json_double(&ev, now.calories);
	fi__buf_puts(&ev, ",\"mean_distance_mi\":");
	fi__buf_json_double(&ev, now.n_distance ? now.distance / (double)now.n_distance : (double)NAN);
	fi__buf_puts(&ev, ",\"mean_duration_min\":");
	fi__buf_json_double(&ev, now.n_duration ? now.duration_s / 60 / (double)now.n_duration : (double)NAN);
	fi__buf_puts(&ev, ",\"labels\":{");
	for (int l = 1; l < FI_LABEL_COUNT; l++)
		fi__buf_printf(&ev, "%s\"%s\":%zu", l > 1 ? "," : "", fi_label_name(l), now.by_label[l]);
	fi__buf_printf(&ev, "},\"unclassified\":%zu,\"previous\":{\"workouts\":%zu,\"distance_mi\":",
		      now.by_label[FI_LABEL_UNKNOWN], before.n);
	fi__buf_json_double(&ev, before.distance);
	fi__buf_puts(&ev, "}}");
	if (now.n == 0) {
		fi__brief_add(b, false, 0, "summary", FI_SEVERITY_WARNING, "No workouts in this period",
			      "counts", &ev, "Nothing was logged from %s to %s (%zu workout%s in the %d days before).",
			      b->from, b->to, before.n, fi__brief_plural(before.n), c->days);
		fi__buf_free(&ev);
		return FI_OK;
	}
	char count_change[64], distance_change[64], previous[64];
	snprintf(previous, sizeof previous, "none in the previous %d days", c->days);
	change(count_change, (double)now.n, (double)before.n, previous, "as many as in the previous period");
	if (before.n && now.n != before.n) {
		size_t len = strlen(count_change);
		snprintf(count_change + len, sizeof count_change - len, " vs the previous %d days", c->days);
	}
	change(distance_change, now.distance, before.distance,
	       now.distance == 0 ? "none in either period" : "none in the previous period", "the same as before");
	fi__buf mix = FI__BUF_INIT;
	mix_text(&mix, &now);
	fi__brief_add(b, false, 0, "summary", now.n >= before.n ? FI_SEVERITY_POSITIVE : FI_SEVERITY_INFO,
		      "Period summary", "counts and sums", &ev,
		      "%zu workout%s (%.1f per week; %s): %.1f mi (%s) in %.1f h, %.0f kcal. %s",
		      now.n, fi__brief_plural(now.n), now.n / weeks, count_change, now.distance, distance_change,
		      now.duration_s / 3600, now.calories, mix.data ? mix.data : "");
	if (mix.failed)
		b->failed = true;
	fi__buf_free(&mix);
	fi__buf_free(&ev);
	return FI_OK;
}

typedef struct label_stats {
	size_t n;
	double pace_sum, pace_min, pace_max, distance, duration_s;
	size_t n_pace;
} label_stats;

static label_stats label_rows(const fi__brief_ctx *c, size_t lo, size_t hi, int label)
{
	label_stats s = { 0, 0, (double)INFINITY, -(double)INFINITY, 0, 0, 0 };
	for (size_t i = lo; i < hi; i++) {
		if (c->label[i] != label)
			continue;
		s.n++;
		if (!isnan(c->pace[i])) {
			s.pace_sum += c->pace[i];
			s.n_pace++;
			s.pace_min = fmin(s.pace_min, c->pace[i]);
			s.pace_max = fmax(s.pace_max, c->pace[i]);
		}
		if (!isnan(c->distance[i]))
			s.distance += c->distance[i];
		if (!isnan(c->duration[i]))
			s.duration_s += c->duration[i];
	}
	return s;
}

/* The title of a label's performance insight: "Runs", "Dog walks", "Mixed run/walks". */
static void label_title(char out[64], int label)
{
	snprintf(out, 64, "%s", fi__brief_label_noun(label, 2));
	if (out[0] >= 'a' && out[0] <= 'z')
		out[0] = (char)(out[0] - 'a' + 'A');
}

int fi__brief_performance(fi_brief *b, fi__brief_ctx *c)
{
	for (int label = 1; label < FI_LABEL_COUNT; label++) {
		if (!fi__brief_paced_label(label))
			continue;   /* outliers and workouts not on foot have no pace to report */
		label_stats now = label_rows(c, c->lo, c->hi, label);
		label_stats before = label_rows(c, c->prev_lo, c->lo, label);
		if (now.n == 0)
			continue;
		double mean = now.n_pace ? now.pace_sum / (double)now.n_pace : (double)NAN;
		double mean_before = before.n_pace ? before.pace_sum / (double)before.n_pace : (double)NAN;
		fi__buf ev = FI__BUF_INIT;
		fi__buf_printf(&ev, "{\"label\":\"%s\",\"count\":%zu,\"with_pace\":%zu,\"mean_pace\":",
			      fi_label_name(label), now.n, now.n_pace);
		fi__buf_json_double(&ev, mean);
		fi__buf_puts(&ev, ",\"pace_min\":");
		fi__buf_json_double(&ev, now.n_pace ? now.pace_min : (double)NAN);
		fi__buf_puts(&ev, ",\"pace_max\":");
		fi__buf_json_double(&ev, now.n_pace ? now.pace_max : (double)NAN);
		fi__buf_puts(&ev, ",\"distance_mi\":");
		fi__buf_json_double(&ev, now.distance);
		fi__buf_puts(&ev, ",\"duration_h\":");
		fi__buf_json_double(&ev, now.duration_s / 3600);
		fi__buf_printf(&ev, ",\"previous_count\":%zu,\"previous_mean_pace\":", before.n);
		fi__buf_json_double(&ev, mean_before);
		fi__buf_putc(&ev, '}');
		/* the pace: all of it, or over the workouts that have one, or none */
		char pace[160];
		if (!now.n_pace)
			snprintf(pace, sizeof pace, " without a recorded pace");
		else if (now.n_pace < now.n)
			snprintf(pace, sizeof pace, ", mean pace %.2f min/mi over the %zu with a pace (%.2f–%.2f)", mean,
				 now.n_pace, now.pace_min, now.pace_max);
		else
			snprintf(pace, sizeof pace, ", mean pace %.2f min/mi (%.2f–%.2f)", mean, now.pace_min, now.pace_max);
		char delta[96] = "";
		if (!isnan(mean) && !isnan(mean_before)) {
			if (fabs(mean - mean_before) < 0.005)   /* 0.00 as printed: neither faster nor slower */
				snprintf(delta, sizeof delta, "; the same mean pace as the previous period");
			else
				snprintf(delta, sizeof delta, "; %.2f min/mi %s than the previous period",
					 fabs(mean - mean_before), mean < mean_before ? "faster" : "slower");
		}
		bool faster = !isnan(mean) && !isnan(mean_before) && mean_before - mean >= 0.005;
		char title[64];
		label_title(title, label);
		fi__brief_add(b, false, 0, "performance",
			      label == FI_LABEL_REAL_RUN && faster ? FI_SEVERITY_POSITIVE : FI_SEVERITY_INFO,
			      title, "per-label means", &ev, "%zu %s%s, %.1f mi and %.1f h in total%s.",
			      now.n, fi__brief_label_noun(label, now.n), pace, now.distance, now.duration_s / 3600, delta);
		fi__buf_free(&ev);
	}
	return FI_OK;
}

int fi__brief_consistency(fi_brief *b, fi__brief_ctx *c)
{
	double target = 4;
	int rc = fi__config_real(c->store, "consistency.target_per_week", &target);
	if (rc)
		return rc;
	fi_consistency_params p = FI_CONSISTENCY_PARAMS_INIT;
	p.window_days = c->days;
	p.target_per_week = target;
	fi_consistency s;
	/* only the rows up to the reference day: the kernel looks back from it */
	rc = fi_consistency_score(c->day, c->calories, c->distance, c->duration, c->hi, c->to, &p, &s);
	if (rc)
		return rc;
	c->has_consistency = true;
	c->consistency = s;
	c->target_per_week = target;
	const char *names[] = { "frequency", "timing", "performance", "streak" };
	const double parts[] = { s.frequency, s.timing, s.performance, s.streak };
	size_t weakest = 0;
	for (size_t i = 1; i < 4; i++)
		if (parts[i] < parts[weakest])
			weakest = i;
	bool held_back = parts[weakest] < 100;   /* all four full: nothing holds it back */
	fi__buf ev = FI__BUF_INIT;
	fi__buf_puts(&ev, "{\"score\":");
	fi__buf_json_double(&ev, s.score);
	for (size_t i = 0; i < 4; i++) {
		fi__buf_printf(&ev, ",\"%s\":", names[i]);
		fi__buf_json_double(&ev, parts[i]);
	}
	fi__buf_puts(&ev, ",\"per_week\":");
	fi__buf_json_double(&ev, s.per_week);
	fi__buf_printf(&ev, ",\"current_streak\":%d,\"longest_streak\":%d,\"tier\":\"%s\",\"weakest\":",
		      s.current_streak, s.longest_streak, fi__brief_tier(s.score));
	if (held_back)
		fi__buf_printf(&ev, "\"%s\"}", names[weakest]);
	else
		fi__buf_puts(&ev, "null}");
	char held[64] = "nothing holds it back";
	if (held_back)
		snprintf(held, sizeof held, "%s holds it back most", names[weakest]);
	fi__brief_add(b, false, 0, "consistency", s.score >= 60 ? FI_SEVERITY_POSITIVE : s.score >= 40
		      ? FI_SEVERITY_INFO : FI_SEVERITY_WARNING, "Consistency", "consistency score (SPEC §4)", &ev,
		      "Consistency %d/100 (%s): frequency %.0f, timing %.0f, performance %.0f, streak %.0f; "
		      "%s. %.1f workouts per week, current streak %d day%s.",
		      fi__brief_score_shown(s.score), fi__brief_tier(s.score), s.frequency, s.timing, s.performance,
		      s.streak, held, s.per_week, s.current_streak, fi__brief_plural((size_t)s.current_streak));
	fi__buf_free(&ev);
	return FI_OK;
}

int fi__brief_era(fi_brief *b, fi__brief_ctx *c)
{
	fi__era_table eras;
	int rc = fi__era_table_load(c->store, &eras);
	/* the latest era that began within the period or the one before it */
	size_t e = eras.n;
	while (rc == FI_OK && e > 0 && eras.days[e - 1] > c->to)
		e--;
	if (rc == FI_OK && e > 0 && eras.days[e - 1] > c->prev_from) {
		int32_t start = eras.days[e - 1];
		const char *name = eras.names[e - 1];
		char start_iso[11];
		fi__days_to_iso(start, start_iso);
		/* workouts per week in equal spans before and after the boundary */
		int32_t span = c->to - start + 1;
		size_t before = 0, after = 0;
		for (size_t i = 0; i < c->hi; i++) {
			if (c->day[i] >= start - span && c->day[i] < start)
				before++;
			else if (c->day[i] >= start)
				after++;
		}
		double wb = before / (span / 7.0), wa = after / (span / 7.0);
		fi__buf ev = FI__BUF_INIT;
		fi__buf_printf(&ev, "{\"era\":");
		fi__buf_json_string(&ev, name, strlen(name));
		fi__buf_printf(&ev, ",\"start\":\"%s\",\"days\":%d,\"before\":%zu,\"after\":%zu,\"per_week_before\":",
			      start_iso, span, before, after);
		fi__buf_json_double(&ev, wb);
		fi__buf_puts(&ev, ",\"per_week_after\":");
		fi__buf_json_double(&ev, wa);
		fi__buf_putc(&ev, '}');
		/* after ÷ before: ∞ only for something after nothing (SPEC §6), never 0 ÷ 0 */
		char ratio[96];
		if (before == 0 && after == 0)
			snprintf(ratio, sizeof ratio, "and none in the %d day%s before either", span,
				 fi__brief_plural((size_t)span));
		else if (before == 0)
			snprintf(ratio, sizeof ratio, "∞ — there were none in the %d day%s before", span,
				 fi__brief_plural((size_t)span));
		else
			snprintf(ratio, sizeof ratio, "%.1f× the %.1f per week before", wa / wb, wb);
		fi__brief_add(b, false, 0, "era", FI_SEVERITY_INFO, "A new era", "counts around the era date", &ev,
			      "Since \"%s\" on %s: %.1f workouts per week over %d day%s, %s.", name,
			      start_iso, wa, span, fi__brief_plural((size_t)span), ratio);
		fi__buf_free(&ev);
	}
	fi__era_table_free(&eras);
	return rc;
}
