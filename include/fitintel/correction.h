/**
 * @file fitintel/correction.h
 * @brief User corrections (SPEC §2.5) and the model's accuracy against them (§2.6).
 *
 * A correction sets the label of one workout. It wins over every other method, survives re-import
 * and retraining, and is kept with its history (old label, new label, time, note). Removing a
 * correction is itself recorded, so the history can always be read back.
 */
#ifndef FITINTEL_CORRECTION_H
#define FITINTEL_CORRECTION_H

#include "fitintel/common.h"
#include "fitintel/label.h"
#include "fitintel/store.h"

FI_BEGIN_DECLS

/**
 * Set the label of workout @p id to @p label (not FI_LABEL_UNKNOWN), with an optional @p note,
 * and store it as its classification at once (method user, confidence 1).
 * @return FI_OK; FI_ENOTFOUND for an unknown workout; FI_EINVALID for a bad label;
 *         FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_correction_set(fi_store *store, int64_t id, int label, const char *note);

/**
 * Remove the correction of workout @p id (recorded in the history) and classify it again.
 * @return FI_OK; FI_ENOTFOUND when the workout has no correction; FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_correction_remove(fi_store *store, int64_t id);

/** One entry of the history. Borrowed from its list. */
typedef struct fi_correction {
	int64_t id;              /**< order of the entries */
	int64_t workout_id;
	int old_label;           /**< the label before (fi_label) */
	int new_label;           /**< the label set, or FI_LABEL_UNKNOWN when the correction was removed */
	const char *note;        /**< or NULL */
	const char *created_at;  /**< ISO 8601 UTC */
} fi_correction;

/** The history of corrections, newest first. Opaque. */
typedef struct fi_correction_list fi_correction_list;

/**
 * The history of corrections, newest first: of workout @p workout_id, or of all with 0.
 * @param[out] out  caller frees with fi_correction_list_free().
 * @since 0.1
 */
FI_API int fi_correction_history(fi_store *store, int64_t workout_id, fi_correction_list **out);
/** Number of entries. @since 0.1 */
FI_API size_t fi_correction_list_count(const fi_correction_list *list);
/** Entry @p i, or NULL when out of range. Borrowed; valid until the list is freed. @since 0.1 */
FI_API const fi_correction *fi_correction_list_at(const fi_correction_list *list, size_t i);
/** Release a list. Accepts NULL. @since 0.1 */
FI_API void fi_correction_list_free(fi_correction_list *list);
/** @param[out] json  the list as a JSON array; caller frees with fi_free(). @since 0.1 */
FI_API int fi_correction_list_to_json(const fi_correction_list *list, char **json);

/** Agreement of the classifier (without the corrections) with the corrections. Frozen. */
typedef struct fi_accuracy {
	size_t n;                 /**< workouts with a correction */
	size_t agree;
	double accuracy;          /**< agree / n; NaN when n = 0 */
	size_t confusion[FI_LABEL_COUNT][FI_LABEL_COUNT]; /**< [corrected][predicted] */
	double precision[FI_LABEL_COUNT], recall[FI_LABEL_COUNT]; /**< NaN when undefined */
	int64_t model_id;         /**< the model judged, 0 when eras or rules decided */
} fi_accuracy;

/**
 * Classify every corrected workout as if it had no correction and compare.
 * @return FI_OK (n = 0 when there is no correction: no figure is made up); FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_accuracy_measure(fi_store *store, fi_accuracy *out);

/** @param[out] json  caller frees with fi_free(). @since 0.1 */
FI_API int fi_accuracy_to_json(const fi_accuracy *a, char **json);

FI_END_DECLS

#endif
