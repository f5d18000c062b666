/**
 * @file fitintel/brief.h
 * @brief The personal briefing (SPEC §7): insights and recommendations for a period, each with the
 *        numbers behind it and the method that produced it; rendered as text, Markdown or JSON.
 *
 * Deterministic: the same store, parameters and reference date give the same briefing.
 */
#ifndef FITINTEL_BRIEF_H
#define FITINTEL_BRIEF_H

#include "fitintel/common.h"
#include "fitintel/store.h"

FI_BEGIN_DECLS

/** Parameters. Initialise with FI_BRIEF_PARAMS_INIT or fi_brief_params_init(). */
typedef struct fi_brief_params {
	unsigned int version;   /**< FI_BRIEF_PARAMS_VERSION */
	int days;               /**< period length; 0: the store's brief.days (default 30) */
	const char *ref_date;   /**< last day of the period (any form fi_date_parse() accepts); NULL:
	                             today, or the latest workout's day when the data is older */
} fi_brief_params;

#define FI_BRIEF_PARAMS_VERSION 1
#define FI_BRIEF_PARAMS_INIT { FI_BRIEF_PARAMS_VERSION, 0, NULL }

/** Fill @p p with defaults. @since 0.1 */
FI_API int fi_brief_params_init(fi_brief_params *p, unsigned int version);

/** How an insight reads. Numbered by hand; never renumbered. */
typedef enum fi_severity {
	FI_SEVERITY_INFO = 1,       /**< neutral: what happened */
	FI_SEVERITY_POSITIVE = 2,   /**< good news */
	FI_SEVERITY_WARNING = 3     /**< needs attention */
} fi_severity;

/** Static name ("info", "positive", "warning"); NULL when out of range. @since 0.1 */
FI_API const char *fi_severity_name(int severity);

/** One insight or recommendation. Borrowed from its briefing. */
typedef struct fi_insight {
	const char *kind;       /**< "summary", "performance", "consistency", "trend", "anomaly",
	                             "record", "era"; recommendations: "consistency", "volume", "pace",
	                             "weekday", "variety", "rest" */
	int severity;           /**< fi_severity */
	const char *title;
	const char *text;       /**< one or two sentences with the numbers */
	const char *method;     /**< what produced it ("counts", "OLS + Mann–Kendall", ...) */
	const char *evidence;   /**< a JSON object of the metric values behind it */
} fi_insight;

/** A briefing. Opaque, immutable. */
typedef struct fi_brief fi_brief;

/**
 * Brief the period ending on the reference date.
 * @param params  NULL: defaults.
 * @param[out] out  caller frees with fi_brief_free().
 * @return FI_OK (an empty store gives a briefing that says so); FI_EINVALID for a bad date or
 *         period; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_brief_make(fi_store *store, const fi_brief_params *params, fi_brief **out);

/** Release a briefing. Accepts NULL. @since 0.1 */
FI_API void fi_brief_free(fi_brief *b);

/** First day of the period, ISO. Borrowed. @since 0.1 */
FI_API const char *fi_brief_from(const fi_brief *b);
/** Last day of the period (the reference date), ISO. Borrowed. @since 0.1 */
FI_API const char *fi_brief_to(const fi_brief *b);
/** Length of the period in days. @since 0.1 */
FI_API int fi_brief_days(const fi_brief *b);

/** Number of insights. @since 0.1 */
FI_API size_t fi_brief_insight_count(const fi_brief *b);
/** Insight @p i (NULL when out of range). @since 0.1 */
FI_API const fi_insight *fi_brief_insight_at(const fi_brief *b, size_t i);
/** Number of recommendations: at most 4, most useful first. @since 0.1 */
FI_API size_t fi_brief_recommendation_count(const fi_brief *b);
/** Recommendation @p i (NULL when out of range). @since 0.1 */
FI_API const fi_insight *fi_brief_recommendation_at(const fi_brief *b, size_t i);

/** fi_brief_render() formats */
typedef enum fi_brief_format {
	FI_BRIEF_TEXT = 1,     /**< plain text for a terminal (`fitintel brief`) */
	FI_BRIEF_MARKDOWN = 2, /**< Markdown: headings, a list of insights, numbered recommendations */
	FI_BRIEF_JSON = 3      /**< one JSON object with every insight and its evidence */
} fi_brief_format;

/**
 * Render the briefing.
 * @param[out] out  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID for an unknown format; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_brief_render(const fi_brief *b, int format, char **out);

FI_END_DECLS

#endif
