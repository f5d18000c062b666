/* The briefing from the inside (brief*.c): the container and what its builders share. */
#ifndef FITINTEL_BRIEF_INTERNAL_H
#define FITINTEL_BRIEF_INTERNAL_H

#include "frame_internal.h"
#include "store_internal.h"

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
	double consistency_score;
	int current_streak;
	int volume_direction, pace_direction;   /* fi_trend_direction, 0 when unknown */
} fi__brief_ctx;

/* Add an insight (or, with @recommend, a candidate recommendation of @priority). The text is
 * formatted; @evidence is a JSON object (may be NULL: "{}"). */
void fi__brief_add(fi_brief *b, bool recommend, int priority, const char *kind, int severity,
		   const char *title, const char *method, const fi_buf *evidence, const char *fmt, ...)
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
