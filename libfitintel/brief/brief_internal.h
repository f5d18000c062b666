/* The briefing from the inside (brief*.c): the container and what its builders share. */
#ifndef FITINTEL_BRIEF_INTERNAL_H
#define FITINTEL_BRIEF_INTERNAL_H

#include "frame/frame_internal.h"
#include "store/store_internal.h"

#define FI__BRIEF_MAX_RECOMMENDATIONS 4

/* A recommendation waiting for its rank: the most useful first. */
typedef struct fi__candidate {
	fi_insight item;
	int priority;   /* higher first */
} fi__candidate;

struct fi_brief {
	char from[11], to[11];
	int days;
	fi_insight *insights;
	size_t n_insights, cap_insights;
	fi__candidate *candidates;
	size_t n_candidates, cap_candidates;
	char **strings;   /* every string the items point to */
	size_t n_strings, cap_strings;
	bool failed;      /* out of memory while building */
};

/* The labels whose workouts are on foot and carry a pace worth reporting (runs, dog walks, mixed
 * run/walks): performance, pace and "runs" statistics read only these. Never outlier, and never a
 * label that is not on foot (other: bikes, swims, gym), which counts in totals only. */
bool fi__brief_paced_label(int label);
/* How a sentence names @n workouts of @label: "run"/"runs", "dog walk"/"dog walks", "mixed
 * run/walk"/"mixed run/walks", "outlier"/"outliers", "unclassified"; any other label its name. */
const char *fi__brief_label_noun(int label, size_t n);
/* "s" unless @n is 1. */
const char *fi__brief_plural(size_t n);
/* The tier of a consistency score (SPEC §7): "excellent" ≥ 80, "good" ≥ 60, "building" ≥ 40, else
 * "needs focus"; and the score as a sentence shows it: rounded down, so that the shown number is
 * always in the tier named beside it. */
const char *fi__brief_tier(double score);
int fi__brief_score_shown(double score);

/* What the builders read: one frame of every workout, and the period as row ranges. */
typedef struct fi__brief_ctx {
	fi_store *store;
	const fi_frame *frame;
	size_t n;
	const int32_t *day;
	const int8_t *label;
	const double *pace, *distance, *duration, *calories;   /* duration in seconds */
	int32_t from, to, prev_from;   /* period [from, to]; previous period [prev_from, from) */
	size_t lo, hi, prev_lo;        /* rows: period [lo, hi), previous [prev_lo, lo) */
	int days;
	/* findings the recommendations build on */
	bool has_consistency;
	fi_consistency consistency;
	double target_per_week;
	int volume_direction, pace_direction;   /* fi_trend_direction, 0 when unknown */
	double volume_slope, pace_slope;        /* per month */
	size_t volume_weeks, pace_runs;
	char pace_since[11], volume_to[11];
	fi__buf volume_evidence, pace_evidence;  /* of the trend insights; freed with the context */
} fi__brief_ctx;

/* Add an insight (or, with @recommend, a candidate recommendation of @priority). The text is
 * formatted; @evidence is a JSON object (may be NULL: "{}"). */
void fi__brief_add(fi_brief *b, bool recommend, int priority, const char *kind, int severity,
		   const char *title, const char *method, const fi__buf *evidence, const char *fmt, ...)
	FI__PRINTF(9, 10);

/* The builders, in the order the briefing reads. */
int fi__brief_summary(fi_brief *b, fi__brief_ctx *c);
int fi__brief_performance(fi_brief *b, fi__brief_ctx *c);
int fi__brief_consistency(fi_brief *b, fi__brief_ctx *c);
int fi__brief_trends(fi_brief *b, fi__brief_ctx *c);
int fi__brief_anomalies(fi_brief *b, fi__brief_ctx *c);
int fi__brief_records(fi_brief *b, fi__brief_ctx *c);
int fi__brief_era(fi_brief *b, fi__brief_ctx *c);
int fi__brief_advice(fi_brief *b, fi__brief_ctx *c);

#endif
