/**
 * @file fitintel/era.h
 * @brief Eras (SPEC §6, "The Choco Effect"): dated life events that change behaviour, and the
 *        before/after comparison of the workouts around each of them.
 *
 * An era starts on its date and lasts until the next era starts. Each era has a default label for
 * the workouts in it (used by classification when there is no model, SPEC §2.2); the label before
 * an era is the label after the previous one, and before the first era it is the store's
 * "before" label (real_run unless the store says otherwise).
 *
 * The comparison splits the workouts into periods: before the first era, between eras, after the
 * last. For each era it compares the period before it with the period it starts:
 * - span: from the period's first to its last workout, both included (a single workout spans one
 *   day; no workouts span 0); months = days / 30.44 (the average month, as trends use).
 * - workouts per month = workouts / months (0 when there are none); ratio = after / before.
 *   When there were no workouts before, the ratio is infinite (FI_ERA_RATIO_INFINITE) and stated in
 *   words, never divided.
 * - mean pace over the workouts with 0 < pace ≤ @c pace_max (default 30 min/mi); mean distance over
 *   those with 0 < distance ≤ @c distance_max (default 50 mi, the sanity bound of §2.2).
 * - label composition from the stored labels (counts and % of the period's workouts).
 * - Welch's t-test and Cohen's d of pace and of distance, sample a = after, b = before (a positive
 *   t or d means larger after); not computed with fewer than 2 values on a side or no spread.
 * The story series has every calendar month from the first to the last workout (zeros included):
 * its workout count and mean pace (same pace rule; NaN for a month without one).
 */
#ifndef FITINTEL_ERA_H
#define FITINTEL_ERA_H

#include "fitintel/common.h"
#include "fitintel/label.h"
#include "fitintel/stats.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/* ---- configuring eras ---- */

/**
 * Add an era starting on @p date, and reclassify the store in the same transaction (workouts
 * decided by era defaults follow the new eras at once).
 * @param date   any form fi_date_parse() accepts ("2018-06-01", "June 1, 2018").
 * @param name   non-empty UTF-8 text ("Choco arrives"), at most 200 bytes.
 * @param label_after  the default fi_label from this date on; FI_LABEL_UNKNOWN means pup_walk.
 * @param[out] id  the new era's id (may be NULL).
 * @return FI_OK; FI_EINVALID for a bad date, an empty or invalid name, an unknown label;
 *         FI_EEXISTS when an era already starts on that date; FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_era_add(fi_store *store, const char *date, const char *name, int label_after,
		      int64_t *id);

/**
 * Remove era @p id (the era after it then inherits the label before it) and reclassify.
 * @return FI_OK; FI_ENOTFOUND for an unknown id; FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_era_remove(fi_store *store, int64_t id);

/** One era. Borrowed from its list. */
typedef struct fi_era {
	int64_t id;
	char date[11];           /**< start date, "YYYY-MM-DD" */
	const char *name;
	int label_before;        /**< fi_label of the workouts just before it */
	int label_after;         /**< fi_label from its date until the next era */
	const char *created_at;  /**< ISO 8601 UTC */
} fi_era;

/** The eras of a store, oldest date first. Opaque. */
typedef struct fi_eras fi_eras;

/**
 * Load the eras of @p store.
 * @param[out] out  caller frees with fi_eras_free().
 * @return FI_OK (an empty list when none is configured); FI_EINVALID; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_era_list(fi_store *store, fi_eras **out);

/** Number of eras. @since 0.1 */
FI_API size_t fi_eras_count(const fi_eras *eras);

/** Era @p i (date order), or NULL when out of range. Borrowed. @since 0.1 */
FI_API const fi_era *fi_eras_at(const fi_eras *eras, size_t i);

/** Release a list. Accepts NULL. @since 0.1 */
FI_API void fi_eras_free(fi_eras *eras);

/**
 * The list as a JSON array of {"id", "date", "name", "label_before", "label_after", "created_at"}.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_eras_to_json(const fi_eras *eras, char **json);

/* ---- comparing eras ---- */

/** Parameters of fi_era_compare(). Initialise with FI_ERA_COMPARE_PARAMS_INIT or
 *  fi_era_compare_params_init(). */
typedef struct fi_era_compare_params {
	unsigned int version;     /**< FI_ERA_COMPARE_PARAMS_VERSION */
	double pace_max;          /**< paces above are left out of pace figures, default 30 min/mi */
	double distance_max;      /**< distances above are left out of distance figures, default 50 mi */
} fi_era_compare_params;

#define FI_ERA_COMPARE_PARAMS_VERSION 1
#define FI_ERA_COMPARE_PARAMS_INIT { FI_ERA_COMPARE_PARAMS_VERSION, 30.0, 50.0 }

/** Fill @p p with the built-in defaults. @return FI_OK; FI_EINVALID for NULL or an unknown
 *  version. @since 0.1 */
FI_API int fi_era_compare_params_init(fi_era_compare_params *p, unsigned int version);

/** How the after/before ratio of workouts per month came out. */
typedef enum fi_era_ratio {
	FI_ERA_RATIO_FINITE = 0,    /**< workouts before (the ratio is 0 when there are none after) */
	FI_ERA_RATIO_INFINITE = 1,  /**< no workouts before, some after: "∞ (no workouts before)" */
	FI_ERA_RATIO_UNDEFINED = 2  /**< no workouts on either side: NaN */
} fi_era_ratio;

/** The figures of one period. Frozen. */
typedef struct fi_era_period {
	int32_t start_day;        /**< first day of the period (INT32_MIN before the first era) */
	int32_t end_day;          /**< last day (INT32_MAX after the last era) */
	size_t workouts;
	int32_t first_day, last_day; /**< of its first and last workout; 0 when it has none */
	double span_days;         /**< last_day − first_day + 1; 0 without workouts */
	double span_months;       /**< span_days / 30.44 */
	double per_month;         /**< workouts / span_months; 0 without workouts */
	size_t pace_n;            /**< workouts with 0 < pace ≤ pace_max */
	double pace_mean, pace_sd; /**< min/mi; NaN without values (sd: fewer than 2) */
	size_t distance_n;        /**< workouts with 0 < distance ≤ distance_max */
	double distance_mean, distance_sd; /**< miles */
	size_t label_count[FI_LABEL_COUNT];   /**< by fi_label, FI_LABEL_UNKNOWN included */
	double label_percent[FI_LABEL_COUNT]; /**< 100 · count / workouts (0 without workouts) */
} fi_era_period;

/** A before/after test: computed = 1 with the figures, or 0 and a reason in fi_era_change. */
typedef struct fi_era_test {
	int computed;
	fi_ttest t;               /**< a = after, b = before; NaN figures when not computed */
} fi_era_test;

/** The comparison around one era. Frozen; strings borrowed from the comparison. */
typedef struct fi_era_change {
	fi_era era;               /**< the era whose start separates the two periods */
	fi_era_period before, after;
	int ratio_kind;           /**< fi_era_ratio */
	double ratio;             /**< after.per_month / before.per_month; +inf when infinite */
	const char *ratio_text;   /**< "3.4×", "∞ (no workouts before)", "0× (no workouts after)",
	                               "undefined (no workouts before or after)" */
	fi_era_test pace, distance;
	const char *pace_reason;      /**< why the pace test was not computed ("" when it was) */
	const char *distance_reason;
	const char *summary;      /**< one plain-language sentence with the numbers */
} fi_era_change;

/** One month of the story series. Frozen. */
typedef struct fi_era_month {
	int32_t day;              /**< first day of the month */
	size_t workouts;
	size_t pace_n;            /**< workouts with 0 < pace ≤ pace_max */
	double pace_mean;         /**< NaN when pace_n = 0 */
	size_t period;            /**< the period its first day falls in: 0 before the first era,
	                               i from era i − 1 (0-based) on */
} fi_era_month;

/** The result of fi_era_compare(). Opaque. */
typedef struct fi_era_comparison fi_era_comparison;

/**
 * Compare the workouts matching @p filter (NULL: all) around each configured era.
 * @param params  NULL: pace_max 30 and the store's bounds.distance_max.
 * @param[out] out  caller frees with fi_era_comparison_free().
 * @return FI_OK (also with no workouts); FI_ENOTFOUND when no era is configured (the message
 *         says how to add one); FI_EINVALID for NULL store/out, a bad filter or version, a
 *         non-positive maximum; FI_ESTORE; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_era_compare(fi_store *store, const fi_workout_filter *filter,
			  const fi_era_compare_params *params, fi_era_comparison **out);

/** Release a comparison. Accepts NULL. @since 0.1 */
FI_API void fi_era_comparison_free(fi_era_comparison *c);

/** Number of workouts compared. @since 0.1 */
FI_API size_t fi_era_comparison_workouts(const fi_era_comparison *c);

/** Number of changes: one per era, in date order. @since 0.1 */
FI_API size_t fi_era_comparison_count(const fi_era_comparison *c);

/** Change @p i, or NULL when out of range. Borrowed. @since 0.1 */
FI_API const fi_era_change *fi_era_comparison_at(const fi_era_comparison *c, size_t i);

/**
 * The story series, one entry per calendar month from the first to the last workout.
 * @param[out] count  number of months (0 without workouts).
 * @return a borrowed array, or NULL when empty.
 * @since 0.1
 */
FI_API const fi_era_month *fi_era_comparison_months(const fi_era_comparison *c, size_t *count);

/**
 * The comparison as JSON: {"workouts", "params", "eras": [...], "changes": [{"era", "before",
 * "after", "ratio", "ratio_kind", "ratio_text", "tests": {"pace", "distance"}, "summary"}],
 * "series": {"months": [{"month", "workouts", "pace_mean", "pace_n", "period"}], "markers":
 * [{"date", "name", "month_index"}]}}; non-finite numbers are null.
 * @param[out] json  caller frees with fi_free().
 * @return FI_OK; FI_EINVALID; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_era_comparison_to_json(const fi_era_comparison *c, char **json);

/** Static name of an fi_era_ratio ("finite", "infinite", "undefined"); NULL out of range. @since 0.1 */
FI_API const char *fi_era_ratio_name(int kind);

FI_END_DECLS

#endif
