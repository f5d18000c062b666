/* A briefing's items: adding an insight or a recommendation (its text kept in the briefing), the
 * words the sentences share, freeing, and the accessors. The parts that write items — period,
 * signals, advice — and the assembly in brief.c all stand on this file. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brief_internal.h"

const char *fi_severity_name(int severity)
{
	static const char *const names[] = { NULL, "info", "positive", "warning" };
	return severity >= 1 && severity <= 3 ? names[severity] : NULL;
}

bool fi__brief_paced_label(int label)
{
	return label == FI_LABEL_REAL_RUN || label == FI_LABEL_PUP_WALK || label == FI_LABEL_MIXED;
}

const char *fi__brief_label_noun(int label, size_t n)
{
	bool one = n == 1;
	switch (label) {
	case FI_LABEL_UNKNOWN: return "unclassified";
	case FI_LABEL_REAL_RUN: return one ? "run" : "runs";
	case FI_LABEL_PUP_WALK: return one ? "dog walk" : "dog walks";
	case FI_LABEL_MIXED: return one ? "mixed run/walk" : "mixed run/walks";
	case FI_LABEL_OUTLIER: return one ? "outlier" : "outliers";
	default: return fi_label_name(label);   /* "other", and labels added later */
	}
}

const char *fi__brief_plural(size_t n)
{
	return n == 1 ? "" : "s";
}

const char *fi__brief_tier(double score)
{
	return score >= 80 ? "excellent" : score >= 60 ? "good" : score >= 40 ? "building" : "needs focus";
}

int fi__brief_score_shown(double score)
{
	return isfinite(score) ? (int)floor(score) : 0;
}

void fi_brief_free(fi_brief *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n_strings; i++)
		free(b->strings[i]);
	FI__FREE_ALL(b->strings, b->insights, b->candidates, b);
}

/* Keep a copy of @s owned by the briefing. */
static const char *keep(fi_brief *b, const char *s, size_t n)
{
	if (b->failed)
		return "";
	char **grown = fi__grow(b->strings, b->n_strings, &b->cap_strings, sizeof *grown, 64);
	if (!grown) {
		b->failed = true;
		return "";
	}
	b->strings = grown;
	char *copy = malloc(n + 1);
	if (!copy) {
		b->failed = true;
		return "";
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	b->strings[b->n_strings++] = copy;
	return copy;
}

void fi__brief_add(fi_brief *b, bool recommend, int priority, const char *kind, int severity,
		   const char *title, const char *method, const fi__buf *evidence, const char *fmt, ...)
{
	fi__buf text = FI__BUF_INIT;
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0 && fi__buf_reserve(&text, (size_t)n + 1)) {
		vsnprintf(text.data, (size_t)n + 1, fmt, again);
		text.len = (size_t)n;
	}
	va_end(again);
	va_end(ap);
	fi_insight item = { kind, severity, keep(b, title, strlen(title)), NULL, method, NULL };
	item.text = keep(b, text.data ? text.data : "", text.len);
	item.evidence = evidence && evidence->len ? keep(b, evidence->data, evidence->len) : "{}";
	if (text.failed || (evidence && evidence->failed))
		b->failed = true;
	fi__buf_free(&text);
	if (b->failed)
		return;
	if (recommend) {
		fi__candidate *grown = fi__grow(b->candidates, b->n_candidates, &b->cap_candidates,
						sizeof *grown, 8);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->candidates = grown;
		b->candidates[b->n_candidates++] = (fi__candidate){ item, priority };
		return;
	}
	fi_insight *grown = fi__grow(b->insights, b->n_insights, &b->cap_insights, sizeof *grown, 16);
	if (!grown) {
		b->failed = true;
		return;
	}
	b->insights = grown;
	b->insights[b->n_insights++] = item;
}

const char *fi_brief_from(const fi_brief *b) { return b ? b->from : NULL; }
const char *fi_brief_to(const fi_brief *b) { return b ? b->to : NULL; }
int fi_brief_days(const fi_brief *b) { return b ? b->days : 0; }
size_t fi_brief_insight_count(const fi_brief *b) { return b ? b->n_insights : 0; }

const fi_insight *fi_brief_insight_at(const fi_brief *b, size_t i)
{
	return b && i < b->n_insights ? &b->insights[i] : NULL;
}

size_t fi_brief_recommendation_count(const fi_brief *b)
{
	if (!b)
		return 0;
	return b->n_candidates < FI__BRIEF_MAX_RECOMMENDATIONS ? b->n_candidates : FI__BRIEF_MAX_RECOMMENDATIONS;
}

const fi_insight *fi_brief_recommendation_at(const fi_brief *b, size_t i)
{
	return i < fi_brief_recommendation_count(b) ? &b->candidates[i].item : NULL;
}
