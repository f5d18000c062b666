/* Briefing recommendations (SPEC §7): candidates with a priority; the briefing keeps the four most
 * useful. Each says what to do and why, with the numbers. */
#include <math.h>
#include <stdio.h>

#include "brief_internal.h"

/* Long enough without a rest day to suggest one. */
#define REST_AFTER_DAYS 14
/* Workouts needed before a best weekday means anything. */
#define WEEKDAY_MIN_WORKOUTS 10

static void consistency_advice(fi_brief *b, const fi__brief_ctx *c)
{
	fi_buf ev = FI_BUF_INIT;
	fi_buf_puts(&ev, "{\"score\":");
	fi_buf_json_double(&ev, c->consistency_score);
	fi_buf_putc(&ev, '}');
	if (c->consistency_score < 50)
		fi__brief_add(b, true, 90, "consistency", FI_SEVERITY_WARNING, "Rebuild the habit",
			      "consistency score", &ev, "Consistency is %.0f/100: aim for 3 workouts a week for "
			      "the next two weeks before adding distance.", c->consistency_score);
	else if (c->consistency_score < 75)
		fi__brief_add(b, true, 70, "consistency", FI_SEVERITY_INFO, "Add one workout a week",
			      "consistency score", &ev, "Consistency is %.0f/100: one more workout each week "
			      "would lift it into the good range.", c->consistency_score);
	else
		fi__brief_add(b, true, 20, "consistency", FI_SEVERITY_POSITIVE, "Keep the rhythm",
			      "consistency score", &ev, "Consistency is %.0f/100: maintain what you are doing.",
			      c->consistency_score);
	fi_buf_free(&ev);
}

static void trend_advice(fi_brief *b, const fi__brief_ctx *c)
{
	if (c->volume_direction < 0)
		fi__brief_add(b, true, 80, "volume", FI_SEVERITY_WARNING, "Volume is sliding",
			      "weekly volume trend", NULL, "Your workouts per week have been falling: plan "
			      "the week's sessions in advance to stop the slide.");
	else if (c->volume_direction > 0)
		fi__brief_add(b, true, 30, "volume", FI_SEVERITY_POSITIVE, "Volume is rising",
			      "weekly volume trend", NULL, "Your workouts per week are rising: raise the load by "
			      "no more than about 10%% a week to stay injury-free.");
	if (c->pace_direction < 0)
		fi__brief_add(b, true, 60, "pace", FI_SEVERITY_WARNING, "Runs are getting slower",
			      "run pace trend", NULL, "Your run pace has been slowing: add one easy-paced "
			      "interval session a week.");
}

static void weekday_advice(fi_brief *b, const fi__brief_ctx *c)
{
	double sum[7] = { 0 };
	size_t n[7] = { 0 }, total = 0;
	for (size_t i = c->prev_lo; i < c->hi; i++) {
		if (c->label[i] == FI_LABEL_OUTLIER || isnan(c->distance[i]))
			continue;
		int wd = fi__weekday(c->day[i]);
		sum[wd] += c->distance[i];
		n[wd]++;
		total++;
	}
	if (total < WEEKDAY_MIN_WORKOUTS)
		return;
	int best = -1;
	for (int d = 0; d < 7; d++)
		if (n[d] && (best < 0 || sum[d] / (double)n[d] > sum[best] / (double)n[best]))
			best = d;
	static const char *const names[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
					     "Saturday", "Sunday" };
	fi_buf ev = FI_BUF_INIT;
	fi_buf_printf(&ev, "{\"weekday\":\"%s\",\"workouts\":%zu,\"mean_distance_mi\":", names[best], n[best]);
	fi_buf_json_double(&ev, sum[best] / (double)n[best]);
	fi_buf_putc(&ev, '}');
	fi__brief_add(b, true, 40, "weekday", FI_SEVERITY_INFO, "Use your best day",
		      "mean distance per weekday", &ev, "%ss are your longest days (%.1f mi on average over %zu "
		      "workouts): schedule the week's long session then.", names[best],
		      sum[best] / (double)n[best], n[best]);
	fi_buf_free(&ev);
}

static void variety_and_rest(fi_brief *b, const fi__brief_ctx *c)
{
	size_t n = c->hi - c->lo, runs = 0, walks = 0;
	for (size_t i = c->lo; i < c->hi; i++) {
		runs += c->label[i] == FI_LABEL_REAL_RUN;
		walks += c->label[i] == FI_LABEL_PUP_WALK;
	}
	if (n >= 5 && walks * 10 >= n * 9)
		fi__brief_add(b, true, 50, "variety", FI_SEVERITY_INFO, "Mix in a run",
			      "activity mix", NULL, "%zu of %zu workouts were dog walks: one real run a week keeps "
			      "your running fitness.", walks, n);
	else if (n >= 5 && runs == n)
		fi__brief_add(b, true, 35, "variety", FI_SEVERITY_INFO, "Add an easy day",
			      "activity mix", NULL, "Every workout was a run: an easy walk or cross-training day "
			      "helps recovery.");
	if (c->current_streak >= REST_AFTER_DAYS)
		fi__brief_add(b, true, 75, "rest", FI_SEVERITY_WARNING, "Take a rest day",
			      "streak", NULL, "%d days in a row without rest: a rest day now protects the streak "
			      "that matters, the long one.", c->current_streak);
}

int fi__brief_advice(fi_brief *b, fi__brief_ctx *c)
{
	if (c->hi == c->lo && c->lo == c->prev_lo) {
		fi__brief_add(b, true, 100, "consistency", FI_SEVERITY_WARNING, "Start again",
			      "counts", NULL, "No workouts in the last %d days: two short sessions this week "
			      "are the way back.", 2 * c->days);
		return FI_OK;
	}
	consistency_advice(b, c);
	trend_advice(b, c);
	weekday_advice(b, c);
	variety_and_rest(b, c);
	return FI_OK;
}
