/* Briefing recommendations (SPEC §7): candidates with a priority; the briefing keeps the four most
 * useful. Each says what to do and why, with the numbers, and carries them in its evidence: a
 * recommendation is only made where its own numbers support it. */
#include <math.h>
#include <stdio.h>

#include "brief_internal.h"

/* Long enough without a rest day to suggest one. */
#define REST_AFTER_DAYS 14
/* Workouts needed before a best weekday means anything. */
#define WEEKDAY_MIN_WORKOUTS 10
/* Points of score a suggested change must plausibly add before it is suggested. */
#define MIN_GAIN 1.0

static const char *const component_names[] = { "frequency", "timing", "performance", "streak" };
static const char *const weekday_names[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
					     "Saturday", "Sunday" };

/* The frequency component of SPEC §4 at @per_week workouts a week on @active_pct % of the days. */
static double frequency_at(double per_week, double active_pct, double target)
{
	double base = 100 - 15 * fabs(per_week - target);
	return fmin(100, (base > 0 ? base : 0) + 0.5 * active_pct);
}

/* The score with @per_week workouts a week instead of today's, each added one on a day without a
 * workout; timing, performance and streak held where they are: a plausible estimate, not a promise. */
static double projected_score(const fi__brief_ctx *c, double per_week)
{
	const fi_consistency *s = &c->consistency;
	double added_days_pct = (per_week - s->per_week) / 7 * 100;
	double freq = frequency_at(per_week, fmin(100, s->active_day_pct + added_days_pct), c->target_per_week);
	return s->score + 0.4 * (freq - s->frequency);
}

/* The tier above @score's and where it starts; NULL above excellent. */
static const char *next_tier(double score, int *from)
{
	static const int starts[] = { 40, 60, 80 };
	for (size_t i = 0; i < FI__ARRAY_LEN(starts); i++)
		if (score < starts[i]) {
			*from = starts[i];
			return fi__brief_tier(starts[i]);
		}
	return NULL;
}

/* What to do about the component that holds the score back most (when more workouts would not help). */
static void component_advice(fi_brief *b, const fi__brief_ctx *c, int priority, const fi__buf *ev, size_t weakest,
			     double weakest_score)
{
	const fi_consistency *s = &c->consistency;
	static const char *const titles[] = { "Spread your workouts", "Keep a regular schedule",
					      "Steady your workouts", "Build a streak" };
	char tip[160];
	switch (weakest) {
	case 0:
		snprintf(tip, sizeof tip, "about %.0f workouts a week, each on a day of its own, score best",
			 c->target_per_week);
		break;
	case 1:
		snprintf(tip, sizeof tip, "work out on the same weekdays with even gaps between workouts");
		break;
	case 2:
		snprintf(tip, sizeof tip, "keep the distance and duration of your workouts closer to your usual");
		break;
	default:
		snprintf(tip, sizeof tip, "a few active days in a row lift it (current streak %d day%s, longest %d)",
			 s->current_streak, fi__brief_plural((size_t)s->current_streak), s->longest_streak);
		break;
	}
	fi__brief_add(b, true, priority, "consistency", priority >= 90 ? FI_SEVERITY_WARNING : FI_SEVERITY_INFO,
		      titles[weakest], "consistency score: its weakest component", ev,
		      "Consistency is %d/100 (%s) at %.1f workouts a week: %s (%.0f/100) holds it back most; %s.",
		      fi__brief_score_shown(s->score), fi__brief_tier(s->score), s->per_week, component_names[weakest],
		      weakest_score, tip);
}

/* SPEC §7: below 50, 3 workouts a week for two weeks; below 75, one more workout a week; else
 * maintain. A change is suggested only when it plausibly raises the score (SPEC §4's frequency at
 * the new rate); when it would not — the frequency is already where the score wants it — the advice
 * is about the weakest component instead. A tier is named only when the estimate reaches it. */
static void consistency_advice(fi_brief *b, const fi__brief_ctx *c)
{
	const fi_consistency *s = &c->consistency;
	double score = s->score;
	const double parts[] = { s->frequency, s->timing, s->performance, s->streak };
	size_t weakest = 0;
	for (size_t i = 1; i < 4; i++)
		if (parts[i] < parts[weakest])
			weakest = i;
	double suggested = score < 50 && s->per_week < 3 ? 3 : s->per_week + 1;
	double projected = projected_score(c, suggested);
	int from = 0;
	const char *up = next_tier(score, &from);
	fi__buf ev = FI__BUF_INIT;
	fi__buf_puts(&ev, "{\"score\":");
	fi__buf_json_double(&ev, score);
	fi__buf_printf(&ev, ",\"tier\":\"%s\",\"next_tier\":", fi__brief_tier(score));
	if (up)
		fi__buf_printf(&ev, "\"%s\",\"next_tier_from\":%d", up, from);
	else
		fi__buf_puts(&ev, "null,\"next_tier_from\":null");
	fi__buf_json_next_double(&ev, "per_week", s->per_week);
	fi__buf_json_next_double(&ev, "target_per_week", c->target_per_week);
	fi__buf_json_next_double(&ev, "frequency", s->frequency);
	fi__buf_json_next_double(&ev, "suggested_per_week", suggested);
	fi__buf_json_next_double(&ev, "projected_score", projected);
	fi__buf_printf(&ev, ",\"weakest\":\"%s\"", component_names[weakest]);
	fi__buf_json_next_double(&ev, "weakest_score", parts[weakest]);
	fi__buf_printf(&ev, ",\"current_streak\":%d,\"longest_streak\":%d}", s->current_streak, s->longest_streak);

	int shown = fi__brief_score_shown(score), projected_shown = fi__brief_score_shown(projected);
	bool helps = projected >= score + MIN_GAIN;
	if (score >= 75)
		fi__brief_add(b, true, 20, "consistency", FI_SEVERITY_POSITIVE, "Keep the rhythm",
			      "consistency score", &ev, "Consistency is %d/100 (%s): maintain what you are doing.",
			      shown, fi__brief_tier(score));
	else if (!helps)
		component_advice(b, c, score < 50 ? 90 : 70, &ev, weakest, parts[weakest]);
	else if (score < 50 && s->per_week < 3)
		fi__brief_add(b, true, 90, "consistency", FI_SEVERITY_WARNING, "Rebuild the habit",
			      "consistency score; estimate: SPEC §4 frequency at 3 a week", &ev,
			      "Consistency is %d/100 (%s) at %.1f workouts a week: aim for 3 workouts a week for the "
			      "next two weeks before adding distance (about %d/100 if the rest holds).", shown,
			      fi__brief_tier(score), s->per_week, projected_shown);
	else if (up && projected >= from)
		fi__brief_add(b, true, score < 50 ? 90 : 70, "consistency", FI_SEVERITY_INFO, "Add one workout a week",
			      "consistency score; estimate: SPEC §4 frequency one workout a week higher", &ev,
			      "Consistency is %d/100 (%s) at %.1f workouts a week: one more workout each week would "
			      "lift it to about %d/100, into the %s range.", shown, fi__brief_tier(score), s->per_week,
			      projected_shown, up);
	else
		fi__brief_add(b, true, score < 50 ? 90 : 70, "consistency", FI_SEVERITY_INFO, "Add one workout a week",
			      "consistency score; estimate: SPEC §4 frequency one workout a week higher", &ev,
			      "Consistency is %d/100 (%s) at %.1f workouts a week: one more workout each week would "
			      "raise it to about %d/100.", shown, fi__brief_tier(score), s->per_week, projected_shown);
	fi__buf_free(&ev);
}

/* Falling or rising weekly volume, and a run pace getting slower (a higher pace): the words follow
 * the sign of the trend the insight reported, whose evidence they carry. */
static void trend_advice(fi_brief *b, const fi__brief_ctx *c)
{
	if (c->volume_direction < 0)
		fi__brief_add(b, true, 80, "volume", FI_SEVERITY_WARNING, "Volume is sliding",
			      "weekly volume trend", &c->volume_evidence, "Your workouts per week have been falling "
			      "(%+.2f per week each month over the %zu weeks to %s): plan the week's sessions in "
			      "advance to stop the slide.", c->volume_slope, c->volume_weeks, c->volume_to);
	else if (c->volume_direction > 0)
		fi__brief_add(b, true, 30, "volume", FI_SEVERITY_POSITIVE, "Volume is rising",
			      "weekly volume trend", &c->volume_evidence, "Your workouts per week are rising "
			      "(%+.2f per week each month over the %zu weeks to %s): raise the load by no more than "
			      "about 10%% a week to stay injury-free.", c->volume_slope, c->volume_weeks, c->volume_to);
	if (c->pace_direction < 0)
		fi__brief_add(b, true, 60, "pace", FI_SEVERITY_WARNING, "Runs are getting slower",
			      "run pace trend", &c->pace_evidence, "Your run pace has been slowing (%+.2f min/mi per "
			      "month over %zu runs since %s): add one interval session a week and keep the other "
			      "runs easy.", c->pace_slope, c->pace_runs, c->pace_since);
}

/* The weekday whose workouts on foot were longest on average over this period and the one before
 * (workouts not on foot, such as bike rides, would swamp the distances; outliers are garbage). */
static void weekday_advice(fi_brief *b, const fi__brief_ctx *c)
{
	double sum[7] = { 0 };
	size_t n[7] = { 0 }, total = 0;
	for (size_t i = c->prev_lo; i < c->hi; i++) {
		int label = c->label[i];
		if ((label != FI_LABEL_UNKNOWN && !fi__brief_paced_label(label)) || isnan(c->distance[i]))
			continue;
		int wd = fi__weekday(c->day[i]);
		sum[wd] += c->distance[i];
		n[wd]++;
		total++;
	}
	int best = -1, weekdays = 0;
	for (int d = 0; d < 7; d++) {
		weekdays += n[d] > 0;
		if (n[d] && (best < 0 || sum[d] / (double)n[d] > sum[best] / (double)n[best]))
			best = d;
	}
	if (total < WEEKDAY_MIN_WORKOUTS || weekdays < 2)
		return;   /* too few, or nothing to compare with */
	char from[11], to[11];
	fi__days_to_iso(c->prev_from, from);
	fi__days_to_iso(c->to, to);
	int days = c->to - c->prev_from + 1;
	fi__buf ev = FI__BUF_INIT;
	fi__buf_printf(&ev, "{\"weekday\":\"%s\",\"workouts\":%zu,\"mean_distance_mi\":", weekday_names[best], n[best]);
	fi__buf_json_double(&ev, sum[best] / (double)n[best]);
	fi__buf_printf(&ev, ",\"total\":%zu,\"days\":%d,\"from\":\"%s\",\"to\":\"%s\",\"means\":{", total, days, from, to);
	for (int d = 0; d < 7; d++) {
		fi__buf_printf(&ev, "%s\"%s\":", d ? "," : "", weekday_names[d]);
		fi__buf_json_double(&ev, n[d] ? sum[d] / (double)n[d] : (double)NAN);
	}
	fi__buf_puts(&ev, "},\"counts\":{");
	for (int d = 0; d < 7; d++)
		fi__buf_printf(&ev, "%s\"%s\":%zu", d ? "," : "", weekday_names[d], n[d]);
	fi__buf_puts(&ev, "}}");
	fi__brief_add(b, true, 40, "weekday", FI_SEVERITY_INFO, "Use your best day",
		      "mean distance per weekday", &ev, "Over the last %d days your %s workouts were your longest "
		      "(%.1f mi on average over %zu workout%s): schedule the week's long session then.", days,
		      weekday_names[best], sum[best] / (double)n[best], n[best], fi__brief_plural(n[best]));
	fi__buf_free(&ev);
}

static void variety_and_rest(fi_brief *b, const fi__brief_ctx *c)
{
	size_t n = c->hi - c->lo, runs = 0, walks = 0;
	for (size_t i = c->lo; i < c->hi; i++) {
		runs += c->label[i] == FI_LABEL_REAL_RUN;
		walks += c->label[i] == FI_LABEL_PUP_WALK;
	}
	fi__buf ev = FI__BUF_INIT;
	fi__buf_printf(&ev, "{\"workouts\":%zu,\"real_run\":%zu,\"pup_walk\":%zu}", n, runs, walks);
	if (n >= 5 && runs == 0 && walks * 10 >= n * 9)
		fi__brief_add(b, true, 50, "variety", FI_SEVERITY_INFO, "Mix in a run",
			      "activity mix", &ev, "%zu of %zu workouts were dog walks and none was a run: one real "
			      "run a week keeps your running fitness.", walks, n);
	else if (n >= 5 && runs == n)
		fi__brief_add(b, true, 35, "variety", FI_SEVERITY_INFO, "Add an easy day",
			      "activity mix", &ev, "All %zu workouts were runs: an easy walk or cross-training day "
			      "helps recovery.", n);
	fi__buf_free(&ev);
	int streak = c->consistency.current_streak;
	if (streak >= REST_AFTER_DAYS) {
		fi__buf rest = FI__BUF_INIT;
		fi__buf_printf(&rest, "{\"current_streak\":%d}", streak);
		fi__brief_add(b, true, 75, "rest", FI_SEVERITY_WARNING, "Take a rest day",
			      "streak", &rest, "%d days in a row without rest: a rest day now protects the streak "
			      "that matters, the long one.", streak);
		fi__buf_free(&rest);
	}
}

int fi__brief_advice(fi_brief *b, fi__brief_ctx *c)
{
	if (c->hi == c->lo && c->lo == c->prev_lo) {
		fi__buf ev = FI__BUF_INIT;
		fi__buf_printf(&ev, "{\"workouts\":0,\"days\":%d}", 2 * c->days);
		fi__brief_add(b, true, 100, "consistency", FI_SEVERITY_WARNING, "Start again",
			      "counts", &ev, "No workouts in the last %d days: two short sessions this week "
			      "are the way back.", 2 * c->days);
		fi__buf_free(&ev);
		return FI_OK;
	}
	if (c->has_consistency)
		consistency_advice(b, c);
	trend_advice(b, c);
	weekday_advice(b, c);
	variety_and_rest(b, c);
	return FI_OK;
}
