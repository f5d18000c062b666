/* Briefing builders about the period itself: summary, performance per label, consistency tier,
 * and the era boundary. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "brief_internal.h"
#include "config_internal.h"

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

/* "+12%" / "−5%" / "new" (nothing before) */
static void change(char out[32], double now, double before)
{
	if (before == 0)
		snprintf(out, 32, now == 0 ? "no change" : "new");
	else
		snprintf(out, 32, "%+.0f%%", 100 * (now - before) / before);
}

int fi__brief_summary(fi_brief *b, fi__brief_ctx *c)
{
	totals now = sum_rows(c, c->lo, c->hi), before = sum_rows(c, c->prev_lo, c->lo);
	double weeks = c->days / 7.0;
	fi_buf ev = FI_BUF_INIT;
	fi_buf_printf(&ev, "{\"workouts\":%zu,\"per_week\":", now.n);
	fi_buf_json_double(&ev, now.n / weeks);
	fi_buf_puts(&ev, ",\"distance_mi\":");
	fi_buf_json_double(&ev, now.distance);
	fi_buf_puts(&ev, ",\"duration_h\":");
	fi_buf_json_double(&ev, now.duration_s / 3600);
	fi_buf_puts(&ev, ",\"calories\":");
	fi_buf_json_double(&ev, now.calories);
	fi_buf_puts(&ev, ",\"mean_distance_mi\":");
	fi_buf_json_double(&ev, now.n_distance ? now.distance / (double)now.n_distance : (double)NAN);
	fi_buf_puts(&ev, ",\"mean_duration_min\":");
	fi_buf_json_double(&ev, now.n_duration ? now.duration_s / 60 / (double)now.n_duration : (double)NAN);
	fi_buf_puts(&ev, ",\"labels\":{");
	for (int l = 1; l < FI_LABEL_COUNT; l++)
		fi_buf_printf(&ev, "%s\"%s\":%zu", l > 1 ? "," : "", fi_label_name(l), now.by_label[l]);
	fi_buf_printf(&ev, "},\"previous\":{\"workouts\":%zu,\"distance_mi\":", before.n);
	fi_buf_json_double(&ev, before.distance);
	fi_buf_puts(&ev, "}}");
	if (now.n == 0) {
		fi__brief_add(b, false, 0, "summary", FI_SEVERITY_WARNING, "No workouts in this period",
			      "counts", &ev, "Nothing was logged from %s to %s (%zu workouts in the %d days before).",
			      b->from, b->to, before.n, c->days);
		fi_buf_free(&ev);
		return FI_OK;
	}
	char count_change[32], distance_change[32];
	change(count_change, (double)now.n, (double)before.n);
	change(distance_change, now.distance, before.distance);
	fi__brief_add(b, false, 0, "summary", now.n >= before.n ? FI_SEVERITY_POSITIVE : FI_SEVERITY_INFO,
		      "Period summary", "counts and sums", &ev,
		      "%zu workouts (%.1f per week; %s vs the previous %d days): %.1f mi (%s) in %.1f h, "
		      "%.0f kcal. Mix: %zu runs, %zu dog walks, %zu mixed, %zu outliers.",
		      now.n, now.n / weeks, count_change, c->days, now.distance, distance_change,
		      now.duration_s / 3600, now.calories, now.by_label[FI_LABEL_REAL_RUN],
		      now.by_label[FI_LABEL_PUP_WALK], now.by_label[FI_LABEL_MIXED], now.by_label[FI_LABEL_OUTLIER]);
	fi_buf_free(&ev);
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

int fi__brief_performance(fi_brief *b, fi__brief_ctx *c)
{
	static const int labels[] = { FI_LABEL_REAL_RUN, FI_LABEL_PUP_WALK, FI_LABEL_MIXED };
	static const char *const titles[] = { "Runs", "Dog walks", "Mixed run/walks" };
	static const char *const nouns[] = { "runs", "dog walks", "mixed run/walks" };
	for (size_t k = 0; k < FI__ARRAY_LEN(labels); k++) {
		label_stats now = label_rows(c, c->lo, c->hi, labels[k]);
		label_stats before = label_rows(c, c->prev_lo, c->lo, labels[k]);
		if (now.n == 0)
			continue;
		double mean = now.n_pace ? now.pace_sum / (double)now.n_pace : (double)NAN;
		double mean_before = before.n_pace ? before.pace_sum / (double)before.n_pace : (double)NAN;
		fi_buf ev = FI_BUF_INIT;
		fi_buf_printf(&ev, "{\"label\":\"%s\",\"count\":%zu,\"mean_pace\":", fi_label_name(labels[k]), now.n);
		fi_buf_json_double(&ev, mean);
		fi_buf_puts(&ev, ",\"pace_min\":");
		fi_buf_json_double(&ev, now.n_pace ? now.pace_min : (double)NAN);
		fi_buf_puts(&ev, ",\"pace_max\":");
		fi_buf_json_double(&ev, now.n_pace ? now.pace_max : (double)NAN);
		fi_buf_puts(&ev, ",\"distance_mi\":");
		fi_buf_json_double(&ev, now.distance);
		fi_buf_puts(&ev, ",\"duration_h\":");
		fi_buf_json_double(&ev, now.duration_s / 3600);
		fi_buf_printf(&ev, ",\"previous_count\":%zu,\"previous_mean_pace\":", before.n);
		fi_buf_json_double(&ev, mean_before);
		fi_buf_putc(&ev, '}');
		char delta[96] = "";
		if (!isnan(mean) && !isnan(mean_before))
			snprintf(delta, sizeof delta, "; %.2f min/mi %s than the previous period",
				 fabs(mean - mean_before), mean <= mean_before ? "faster" : "slower");
		bool faster = !isnan(mean) && !isnan(mean_before) && mean < mean_before;
		fi__brief_add(b, false, 0, "performance",
			      labels[k] == FI_LABEL_REAL_RUN && faster ? FI_SEVERITY_POSITIVE : FI_SEVERITY_INFO,
			      titles[k], "per-label means", &ev,
			      "%zu %s, mean pace %.2f min/mi (%.2f–%.2f), %.1f mi and %.1f h in total%s.",
			      now.n, nouns[k], mean, now.pace_min, now.pace_max, now.distance,
			      now.duration_s / 3600, delta);
		fi_buf_free(&ev);
	}
	return FI_OK;
}

static const char *tier(double score)
{
	return score >= 80 ? "excellent" : score >= 60 ? "good" : score >= 40 ? "building" : "needs focus";
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
	c->consistency_score = s.score;
	c->current_streak = s.current_streak;
	const char *names[] = { "frequency", "timing", "performance", "streak" };
	const double parts[] = { s.frequency, s.timing, s.performance, s.streak };
	size_t weakest = 0;
	for (size_t i = 1; i < 4; i++)
		if (parts[i] < parts[weakest])
			weakest = i;
	fi_buf ev = FI_BUF_INIT;
	fi_buf_puts(&ev, "{\"score\":");
	fi_buf_json_double(&ev, s.score);
	for (size_t i = 0; i < 4; i++) {
		fi_buf_printf(&ev, ",\"%s\":", names[i]);
		fi_buf_json_double(&ev, parts[i]);
	}
	fi_buf_puts(&ev, ",\"per_week\":");
	fi_buf_json_double(&ev, s.per_week);
	fi_buf_printf(&ev, ",\"current_streak\":%d,\"longest_streak\":%d,\"tier\":\"%s\"}",
		      s.current_streak, s.longest_streak, tier(s.score));
	fi__brief_add(b, false, 0, "consistency", s.score >= 60 ? FI_SEVERITY_POSITIVE : s.score >= 40
		      ? FI_SEVERITY_INFO : FI_SEVERITY_WARNING, "Consistency", "consistency score (SPEC §4)", &ev,
		      "Consistency %.0f/100 (%s): frequency %.0f, timing %.0f, performance %.0f, streak %.0f; "
		      "%s holds it back most. %.1f workouts per week, current streak %d day%s.",
		      s.score, tier(s.score), s.frequency, s.timing, s.performance, s.streak, names[weakest],
		      s.per_week, s.current_streak, s.current_streak == 1 ? "" : "s");
	fi_buf_free(&ev);
	return FI_OK;
}

int fi__brief_era(fi_brief *b, fi__brief_ctx *c)
{
	sqlite3_stmt *st;
	/* the latest era that began within the period or the one before it */
	char prev_from[11], to[11];
	fi__days_to_iso(c->prev_from, prev_from);
	fi__days_to_iso(c->to, to);
	int rc = fi__prepare(c->store->db, "SELECT start_date, name FROM eras WHERE start_date > ?"
					   " AND start_date <= ? ORDER BY start_date DESC LIMIT 1", &st);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, prev_from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		int32_t start = 0;
		fi__iso_to_days(fi__column_text(st, 0), &start);
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
		fi_buf ev = FI_BUF_INIT;
		fi_buf_printf(&ev, "{\"era\":");
		const char *name = fi__column_text(st, 1);
		fi_buf_json_string(&ev, name, strlen(name));
		fi_buf_printf(&ev, ",\"start\":\"%s\",\"days\":%d,\"before\":%zu,\"after\":%zu}",
			      fi__column_text(st, 0), span, before, after);
		char ratio[64];
		if (before == 0)
			snprintf(ratio, sizeof ratio, "∞ — there were none before");
		else
			snprintf(ratio, sizeof ratio, "%.1f× the %.1f per week before", wa / wb, wb);
		fi__brief_add(b, false, 0, "era", FI_SEVERITY_INFO, "A new era", "counts around the era date", &ev,
			      "Since \"%s\" on %s: %.1f workouts per week over %d days, %s.", name,
			      fi__column_text(st, 0), wa, span, ratio);
		fi_buf_free(&ev);
	} else if (src != SQLITE_DONE) {
		rc = fi__sqlite_error(c->store->db, src, "read eras");
	}
	sqlite3_finalize(st);
	return rc;
}
