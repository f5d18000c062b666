/* The briefing: the period it covers, the order of its builders, and its
 * renderings as text, Markdown and JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "brief_internal.h"
#include "store/config_internal.h"

FI__DEFINE_PARAMS_INIT(fi_brief_params_init, fi_brief_params,
		       FI_BRIEF_PARAMS_VERSION, FI_BRIEF_PARAMS_INIT)

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
	fi__buf_free(&c.volume_evidence);
	fi__buf_free(&c.pace_evidence);
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

static void json_item(fi__buf *o, const fi_insight *it)
{
	fi__buf_puts(o, "{\"kind\":");
	fi__buf_json_string(o, it->kind, strlen(it->kind));
	fi__buf_printf(o, ",\"severity\":\"%s\",\"title\":", fi_severity_name(it->severity));
	fi__buf_json_string(o, it->title, strlen(it->title));
	fi__buf_puts(o, ",\"text\":");
	fi__buf_json_string(o, it->text, strlen(it->text));
	fi__buf_puts(o, ",\"method\":");
	fi__buf_json_string(o, it->method, strlen(it->method));
	fi__buf_printf(o, ",\"evidence\":%s}", it->evidence);
}

static void render_json(const fi_brief *b, fi__buf *o)
{
	fi__buf_printf(o, "{\"from\":\"%s\",\"to\":\"%s\",\"days\":%d,\"insights\":[", b->from, b->to, b->days);
	for (size_t i = 0; i < b->n_insights; i++) {
		if (i)
			fi__buf_putc(o, ',');
		json_item(o, &b->insights[i]);
	}
	fi__buf_puts(o, "],\"recommendations\":[");
	for (size_t i = 0; i < fi_brief_recommendation_count(b); i++) {
		if (i)
			fi__buf_putc(o, ',');
		json_item(o, &b->candidates[i].item);
	}
	fi__buf_puts(o, "]}");
}

/* Markdown: escape what would turn user-visible text into markup. */
static void md_text(fi__buf *o, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>#|", *s))
			fi__buf_putc(o, '\\');
		fi__buf_putc(o, *s);
	}
}

static void render_markdown(const fi_brief *b, fi__buf *o)
{
	fi__buf_printf(o, "# Briefing: %s to %s (%d days)\n\n## Insights\n\n", b->from, b->to, b->days);
	for (size_t i = 0; i < b->n_insights; i++) {
		const fi_insight *it = &b->insights[i];
		fi__buf_puts(o, "- **");
		md_text(o, it->title);
		fi__buf_puts(o, "** — ");
		md_text(o, it->text);
		fi__buf_printf(o, " _(%s)_\n", it->method);
	}
	fi__buf_puts(o, "\n## Recommendations\n\n");
	size_t n = fi_brief_recommendation_count(b);
	for (size_t i = 0; i < n; i++) {
		const fi_insight *it = &b->candidates[i].item;
		fi__buf_printf(o, "%zu. **", i + 1);
		md_text(o, it->title);
		fi__buf_puts(o, "** — ");
		md_text(o, it->text);
		fi__buf_putc(o, '\n');
	}
	if (!n)
		fi__buf_puts(o, "Nothing to change: keep going.\n");
}

static void render_text(const fi_brief *b, fi__buf *o)
{
	fi__buf_printf(o, "Briefing %s to %s (%d days)\n\n", b->from, b->to, b->days);
	for (size_t i = 0; i < b->n_insights; i++) {
		const fi_insight *it = &b->insights[i];
		fi__buf_printf(o, "%s %s\n  %s\n", it->severity == FI_SEVERITY_WARNING ? "!"
				  : it->severity == FI_SEVERITY_POSITIVE ? "+" : "*", it->title, it->text);
	}
	size_t n = fi_brief_recommendation_count(b);
	fi__buf_puts(o, "\nRecommendations\n");
	for (size_t i = 0; i < n; i++)
		fi__buf_printf(o, "%zu. %s\n   %s\n", i + 1, b->candidates[i].item.title, b->candidates[i].item.text);
	if (!n)
		fi__buf_puts(o, "  Nothing to change: keep going.\n");
}

int fi_brief_render(const fi_brief *b, int format, char **out)
{
	if (!b || !out)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "brief or out is NULL");
	fi__buf o = FI__BUF_INIT;
	switch (format) {
	case FI_BRIEF_TEXT: render_text(b, &o); break;
	case FI_BRIEF_MARKDOWN: render_markdown(b, &o); break;
	case FI_BRIEF_JSON: render_json(b, &o); break;
	default:
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "unknown briefing format %d", format);
	}
	return fi__buf_finish(&o, out);
}
