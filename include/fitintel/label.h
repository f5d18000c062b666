/**
 * @file fitintel/label.h
 * @brief Labels a workout can carry and the methods that decide them (SPEC §2).
 */
#ifndef FITINTEL_LABEL_H
#define FITINTEL_LABEL_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** What a workout was. Numbered by hand; never renumbered. */
typedef enum fi_label {
	FI_LABEL_UNKNOWN = 0,  /**< not classified (yet) */
	FI_LABEL_REAL_RUN = 1, /**< a run: the training the trends should be about */
	FI_LABEL_PUP_WALK = 2, /**< a walk (with the dog), even when it was logged as a run */
	FI_LABEL_MIXED = 3,    /**< part run, part walk: a pace between the two */
	FI_LABEL_OUTLIER = 4,  /**< outside the sanity bounds, or too far from every learned pattern */
	FI_LABEL_OTHER = 5     /**< not on foot (bike, swim, gym, …): in totals, never a run or walk */
} fi_label;

/** Number of fi_label values, FI_LABEL_UNKNOWN included. (6 since 0.2, when `other` came.) */
#define FI_LABEL_COUNT 6

/** How a label was decided, in the decision order of SPEC §2.2. Never renumbered. */
typedef enum fi_method {
	FI_METHOD_NONE = 0,    /**< not classified */
	FI_METHOD_USER = 1,    /**< a user correction */
	FI_METHOD_BOUNDS = 2,  /**< outside the sanity bounds */
	FI_METHOD_KMEANS = 3,  /**< nearest centroid of the active model (or too far from all) */
	FI_METHOD_ERA = 4,     /**< the default label of the era the workout falls in */
	FI_METHOD_RULE = 5,    /**< pace rules */
	FI_METHOD_TYPE = 6,    /**< an activity type that is not on foot: label `other` */
	FI_METHOD_MIXTURE = 7  /**< the most probable component of the active Gaussian-mixture model
	                            (or too improbable under all of them) */
} fi_method;

#define FI_METHOD_COUNT 8

/** Static name ("real_run", "pup_walk", "mixed", "outlier", "other", "unknown"); NULL when out of range. @since 0.1 */
FI_API const char *fi_label_name(int label);

/**
 * Parse a label name (case-insensitive; "run" and "walk" are accepted for real_run and pup_walk).
 * @param[out] out  the fi_label.
 * @return FI_OK; FI_EINVALID naming the accepted values.
 * @since 0.1
 */
FI_API int fi_label_parse(const char *name, int *out);

/** Static name ("user", "bounds", "kmeans", "era", "rule", "type", "mixture", "none"); NULL when out of range. @since 0.1 */
FI_API const char *fi_method_name(int method);

FI_END_DECLS

#endif
