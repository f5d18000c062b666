/* The briefing: its container, the period it covers, the order of its builders, and its
 * renderings as text, Markdown and JSON. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "brief_internal.h"
#include "store/config_internal.h"

int fi_brief_params_init(fi_brief_params *p, unsigned int version)
{
	if (!p || version != FI_BRIEF_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_brief_params version %u", version);
	*p = (fi_brief_params)FI_BRIEF_PARAMS_INIT;
	return FI_OK;
}

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
	free(b->strings);
	free(b->insights);
	free(b->candidates);
	free(b);
}

/* Keep a copy of @s owned by the briefing. */
static const char *keep(fi_brief *b, const char *s, size_t n)
{
	if (b->failed)
		return "";
	if (b->n_strings == b->cap_strings) {
		size_t cap = b->cap_strings ? 2 * b->cap_strings : 64;
		char **grown = realloc(b->strings, cap * sizeof *grown);
		if (!grown) {
			b->failed = true;
			return "";
		}
		b->strings = grown;
		b->cap_strings = cap;
	}
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
		   const char *title, const char *method, const fi_buf *evidence, const char *fmt, ...)
{
	fi_buf text = FI_BUF_INIT;
	va_list ap, again;
	va_start(ap, fmt);
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0 && fi_buf_reserve(&text, (size_t)n + 1)) {
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
	fi_buf_free(&text);
	if (b->failed)
		return;
	if (recommend) {
		if (b->n_candidates == b->cap_candidates) {
			size_t cap = b->cap_candidates ? 2 * b->cap_candidates : 8;
			fi__candidate *grown = realloc(b->candidates, cap * sizeof *grown);
			if (!grown) {
				b->failed = true;
				return;
			}
			b->candidates = grown;
			b->cap_candidates = cap;
		}
		b->candidates[b->n_candidates++] = (fi__candidate){ item, priority };
		return;
	}
	if (b->n_insights == b->cap_insights) {
		size_t cap = b->cap_insights ? 2 * b->cap_insights : 16;
		fi_insight *grown = realloc(b->insights, cap * sizeof *grown);
		if (!grown) {
			b->failed = true;
			return;
		}
		b->insights = grown;
		b->cap_insights = cap;
	}
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

static int32_t today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	return fi__days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int resolve_period(fi_store *store, const fi_brief_params *p, const fi_frame *f, fi__brief_ctx *c)
{
	int64_t days = p->days;
	int rc;
	if (days == 0 && (rc = fi__config_int(store, "brief.days", &days)))
		return rc;
	if (days < 1 || days > 36600)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the period must be 1 to 36600 days, not %lld", (long long)days);
	c->days = (int)days;
	if (p->ref_date) {
		char iso[11];
		if (fi_date_parse(p->ref_date, strlen(p->ref_date), iso) != FI_OK)
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "the reference date '%s' is not a valid date",
					 p->ref_date);
		fi__iso_to_days(iso, &c->to);
	} else {
		c->to = today();
		size_t n = fi_frame_rows(f);
		if (n && c->day[n - 1] < c->to)
			c->to = c->day[n - 1];   /* older data: brief up to its last workout */
	}
	c->from = c->to - c->days + 1;
	c->prev_from = c->from - c->days;
	c->prev_lo = fi__days_lower_bound(c->day, c->n, c->prev_from);
	c->lo = fi__days_lower_bound(c->day, c->n, c->from);
	c->hi = fi__days_lower_bound(c->day, c->n, c->to + 1);
	return FI_OK;
}

static int compare_candidates(const void *x, const void *y)
{
	const fi__candidate *a = x, *b = y;
	return (a->priority < b->priority) - (a->priority > b->priority);
}

int fi_brief_make(fi_store *store, const fi_brief_params *params, fi_brief **out)
{
	if (!store || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "store or out is NULL");
	*out = NULL;
	fi_brief_params p = FI_BRIEF_PARAMS_INIT;
	if (params)
		p = *params;
	if (p.version != FI_BRIEF_PARAMS_VERSION)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unsupported fi_brief_params version %u", p.version);
	fi_frame *f = NULL;
	int rc = fi_frame_load(store, NULL, &f);
	if (rc)
		return rc;
	fi__brief_ctx c = { 0 };
	c.store = store;
	c.frame = f;
	c.n = fi_frame_rows(f);
	c.day = fi__frame_day_array(f);
	c.label = fi__frame_label_array(f);
	c.pace = fi__frame_values(f, FI_COLUMN_AVG_PACE);
	c.distance = fi__frame_values(f, FI_COLUMN_DISTANCE);
	c.duration = fi__frame_values(f, FI_COLUMN_DURATION);
	c.calories = fi__frame_values(f, FI_COLUMN_CALORIES);
	fi_brief *b = calloc(1, sizeof *b);
	if (!b) {
		fi_frame_free(f);
		return fi__error_oom();
	}
	if ((rc = resolve_period(store, &p, f, &c)) == FI_OK) {
		b->days = c.days;
		fi__days_to_iso(c.from, b->from);
		fi__days_to_iso(c.to, b->to);
		int (*const builders[])(fi_brief *, fi__brief_ctx *) = {
			fi__brief_summary, fi__brief_performance, fi__brief_consistency, fi__brief_trends,
			fi__brief_anomalies, fi__brief_records, fi__brief_era, fi__brief_advice,
		};
		for (size_t i = 0; rc == FI_OK && i < FI__ARRAY_LEN(builders); i++)
			rc = builders[i](b, &c);
	}
	fi_frame_free(f);
	if (c.volume_evidence.failed || c.pace_evidence.failed)
		b->failed = true;
	fi_buf_free(&c.volume_evidence);
	fi_buf_free(&c.pace_evidence);
	if (rc == FI_OK && b->failed)
		rc = fi__error_oom();
	if (rc) {
		fi_brief_free(b);
		return rc;
	}
	/* stable order for equal priorities: the builders' order */
	for (size_t i = 0; i < b->n_candidates; i++)
		b->candidates[i].priority = b->candidates[i].priority * 1000 - (int)i;
	qsort(b->candidates, b->n_candidates, sizeof *b->candidates, compare_candidates);
	*out = b;
	return FI_OK;
}

static void json_item(fi_buf *o, const fi_insight *it)
{
	fi_buf_puts(o, "{\"kind\":");
	fi_buf_json_string(o, it->kind, strlen(it->kind));
	fi_buf_printf(o, ",\"severity\":\"%s\",\"title\":", fi_severity_name(it->severity));
	fi_buf_json_string(o, it->title, strlen(it->title));
	fi_buf_puts(o, ",\"text\":");
	fi_buf_json_string(o, it->text, strlen(it->text));
	fi_buf_puts(o, ",\"method\":");
	fi_buf_json_string(o, it->method, strlen(it->method));
	fi_buf_printf(o, ",\"evidence\":%s}", it->evidence);
}

static void render_json(const fi_brief *b, fi_buf *o)
{
	fi_buf_printf(o, "{\"from\":\"%s\",\"to\":\"%s\",\"days\":%d,\"insights\":[", b->from, b->to, b->days);
	for (size_t i = 0; i < b->n_insights; i++) {
		if (i)
			fi_buf_putc(o, ',');
		json_item(o, &b->insights[i]);
	}
	fi_buf_puts(o, "],\"recommendations\":[");
	for (size_t i = 0; i < fi_brief_recommendation_count(b); i++) {
		if (i)
			fi_buf_putc(o, ',');
		json_item(o, &b->candidates[i].item);
	}
	fi_buf_puts(o, "]}");
}

/* Markdown: escape what would turn user-visible text into markup. */
static void md_text(fi_buf *o, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|", *s))
			fi_buf_putc(o, '\\');
		fi_buf_putc(o, *s);
	}
}

static void render_markdown(const fi_brief *b, fi_buf *o)
{
	fi_buf_printf(o, "# Briefing: %s to %s (%d days)\n\n## Insights\n\n", b->from, b->to, b->days);
	for (size_t i = 0; i < b->n_insights; i++) {
		const fi_insight *it = &b->insights[i];
		fi_buf_puts(o, "- **");
		md_text(o, it->title);
		fi_buf_puts(o, "** — ");
		md_text(o, it->text);
		fi_buf_printf(o, " _(%s)_\n", it->method);
	}
	fi_buf_puts(o, "\n## Recommendations\n\n");
	size_t n = fi_brief_recommendation_count(b);
	for (size_t i = 0; i < n; i++) {
		const fi_insight *it = &b->candidates[i].item;
		fi_buf_printf(o, "%zu. **", i + 1);
		md_text(o, it->title);
		fi_buf_puts(o, "** — ");
		md_text(o, it->text);
		fi_buf_putc(o, '\n');
	}
	if (!n)
		fi_buf_puts(o, "Nothing to change: keep going.\n");
}

static void render_text(const fi_brief *b, fi_buf *o)
{
	fi_buf_printf(o, "Briefing %s to %s (%d days)\n\n", b->from, b->to, b->days);
	for (size_t i = 0; i < b->n_insights; i++) {
		const fi_insight *it = &b->insights[i];
		fi_buf_printf(o, "%s %s\n  %s\n", it->severity == FI_SEVERITY_WARNING ? "!"
				  : it->severity == FI_SEVERITY_POSITIVE ? "+" : "*", it->title, it->text);
	}
	size_t n = fi_brief_recommendation_count(b);
	fi_buf_puts(o, "\nRecommendations\n");
	for (size_t i = 0; i < n; i++)
		fi_buf_printf(o, "%zu. %s\n   %s\n", i + 1, b->candidates[i].item.title, b->candidates[i].item.text);
	if (!n)
		fi_buf_puts(o, "  Nothing to change: keep going.\n");
}

int fi_brief_render(const fi_brief *b, int format, char **out)
{
	if (!b || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "brief or out is NULL");
	fi_buf o = FI_BUF_INIT;
	switch (format) {
	case FI_BRIEF_TEXT: render_text(b, &o); break;
	case FI_BRIEF_MARKDOWN: render_markdown(b, &o); break;
	case FI_BRIEF_JSON: render_json(b, &o); break;
	default:
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown briefing format %d", format);
	}
	if (o.failed) {
		fi_buf_free(&o);
		return fi__error_oom();
	}
	*out = fi_buf_detach(&o);
	return FI_OK;
}
