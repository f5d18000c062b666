/**
 * @file fitintel/classify.h
 * @brief Classification of workouts (SPEC §2): training versioned models (k-means, refined into a
 *        Gaussian mixture by default), classifying the store in the decision order
 *        user → type → bounds → model → era → rules, and explaining a label.
 *
 * Features (SPEC §2.1): pace (min/mi), log distance (mi), log duration (min) and, where steps are
 * present, cadence (steps/min). Each is standardised with the mean and population standard
 * deviation of the clean training rows and multiplied by its weight; distances, centroids and the
 * outlier statistic live in that weighted, scaled space. Workouts without cadence are assigned in
 * the subspace of the other features (the same centroids without their cadence coordinate).
 */
#ifndef FITINTEL_CLASSIFY_H
#define FITINTEL_CLASSIFY_H

#include "fitintel/common.h"
#include "fitintel/label.h"
#include "fitintel/store.h"
#include "fitintel/workout.h"

FI_BEGIN_DECLS

/** Model features. Numbered by hand; never renumbered. */
typedef enum fi_feature {
	FI_FEATURE_PACE = 1,          /**< ln(min/mi): walks, run/walks and runs then spread alike */
	FI_FEATURE_LOG_DISTANCE = 2,  /**< ln(miles) */
	FI_FEATURE_LOG_DURATION = 3,  /**< ln(minutes) */
	FI_FEATURE_CADENCE = 4        /**< steps per minute */
} fi_feature;

/** Static name of a feature ("pace", "log_distance", ...), NULL if unknown. @since 0.1 */
FI_API const char *fi_feature_name(int feature);

/** fi_train_params.use_cadence */
typedef enum fi_cadence_use {
	FI_CADENCE_AUTO = 0,   /**< chosen from the data, as distance and duration are (see
	                            fi_train_params.min_separation), when at least half of the clean
	                            training rows have steps */
	FI_CADENCE_ALWAYS = 1, /**< whenever any clean training row has steps, whatever the data say */
	FI_CADENCE_NEVER = 2   /**< never: the model uses pace, distance and duration only */
} fi_cadence_use;

/** fi_train_params.method: how a model draws its clusters. Never renumbered. */
typedef enum fi_classify_method {
	FI_CLASSIFY_KMEANS = 1,  /**< k-means: nearest centroid, boundaries half-way between centres */
	FI_CLASSIFY_MIXTURE = 2  /**< a Gaussian mixture (EM, a full covariance per cluster) refined
	                              from the k-means result: boundaries where the data put them,
	                              and a true posterior as the confidence */
} fi_classify_method;

/** Static name ("kmeans", "mixture"), NULL if unknown. @since 0.2 */
FI_API const char *fi_classify_method_name(int method);

/** The default of fi_train_params.other_types (and of the configuration key classify.other_types). */
#define FI_OTHER_TYPES_DEFAULT                                                                     \
	"bike,cycl,swim,video,weight,machine,yoga,pilates,elliptical,rowing,strength,crossfit,"     \
	"ski,skat,sport,paddl,kayak,golf"

/**
 * Parameters of training and classification. NULL wherever a call takes them means the store's
 * configuration (fitintel/config.h: classify.*, bounds.*, rules.*), which defaults to the values
 * of FI_TRAIN_PARAMS_INIT. Initialise with FI_TRAIN_PARAMS_INIT or fi_train_params_init().
 * Version 1 structs (0.1, without the fields after silhouette_sample) are still accepted: the
 * missing fields take their defaults.
 */
typedef struct fi_train_params {
	unsigned int version;      /**< FI_TRAIN_PARAMS_VERSION */
	size_t k;                  /**< clusters, 2–10; 0: auto, 2–4 chosen by the mixture's BIC;
	                                default 5 (measured: see README, the realism matrix) */
	unsigned int n_init;       /**< k-means++ restarts; default 10 */
	unsigned int max_iter;     /**< default 300 */
	double tol;                /**< default 1e-4 */
	uint64_t seed;             /**< default 42 */
	int use_cadence;           /**< an fi_cadence_use; default FI_CADENCE_AUTO */
	double weight_pace, weight_distance, weight_duration, weight_cadence; /**< 1, 0.3, 0.3, 1;
	                                a weight of 0 leaves the feature out */
	double outlier_quantile;   /**< share of clean training rows the outlier cut keeps (chi-square
	                                quantile of the distance to the nearest cluster, widened to the
	                                same quantile of the training rows); 1 turns it off;
	                                default 0.9999 */
	size_t min_samples;        /**< fewest clean workouts to train; default 5 */
	int use_corrections;       /**< a cluster takes the label of a majority of its corrected workouts
	                                (at least 3 of them); default 1 */
	double pace_max;           /**< sanity bounds: min/mi (default 60), */
	double distance_max;       /**< mi (default 50), */
	double duration_max_h;     /**< hours (default 24) */
	double rule_run_pace;      /**< rules: faster than this is a run (default 12), */
	double rule_walk_pace;     /**< slower than this a walk (default 20) */
	int use_model;             /**< classify with the active model; 0: eras, then rules; default 1 */
	size_t silhouette_sample;  /**< silhouette on a seeded sample of at most this many rows (it is
	                                O(n²)); 0: all rows; default 5000 */
	/* version 2 (0.2) */
	int method;                /**< an fi_classify_method; default FI_CLASSIFY_MIXTURE */
	double run_bound;          /**< a cluster centred faster than this (min/mi) is always
	                                real_run, never mixed or pup_walk; default 12 */
	double walk_bound;         /**< one centred slower than this is always pup_walk; `mixed` only
	                                between the two; default 18 */
	double min_separation;     /**< distance, duration or cadence joins pace only when the runs
	                                (pace < run_bound) and walks (pace > walk_bound) of the training
	                                rows differ in it by at least this many pooled standard
	                                deviations; default 1.5 */
	double max_drift;          /**< ... and when neither group's yearly median of it moves by more
	                                than this share of the run–walk gap (a device change must not
	                                split a label); default 0.5 */
	size_t fit_sample;         /**< k-means restarts and EM run on a seeded sample of at most this
	                                many rows, then one pass assigns every row; default 50000 */
	char other_types[256];     /**< activity types that are not on foot (label `other`, method
	                                `type`): comma-separated, case-insensitive parts of the type
	                                text; default FI_OTHER_TYPES_DEFAULT; "" turns it off */
} fi_train_params;

#define FI_TRAIN_PARAMS_VERSION 2
#define FI_TRAIN_PARAMS_INIT                                                                       \
	{ FI_TRAIN_PARAMS_VERSION, 5, 10, 300, 1e-4, 42, FI_CADENCE_AUTO, 1.0, 0.3, 0.3, 1.0,       \
	  0.9999, 5, 1, 60.0, 50.0, 24.0, 12.0, 20.0, 1, 5000, FI_CLASSIFY_MIXTURE, 12.0, 18.0, 1.5,  \
	  0.5, 50000, FI_OTHER_TYPES_DEFAULT }

/** Fill @p p with the built-in defaults for a struct of @p version (1 or 2: an older caller's
 *  struct is filled to its own size). @return FI_OK; FI_EINVALID for an unknown version.
 *  @since 0.1 */
FI_API int fi_train_params_init(fi_train_params *p, unsigned int version);

/** Read the store's configuration into @p p (defaults for unset keys). @since 0.1 */
FI_API int fi_train_params_load(fi_store *store, fi_train_params *p);

/** A trained model as stored. Opaque, immutable. */
typedef struct fi_model fi_model;

/** What fi_model_status() returns. */
typedef enum fi_model_state {
	FI_MODEL_ACTIVE = 1,   /**< the model that classifies the store (one at a time) */
	FI_MODEL_ARCHIVED = 2  /**< an earlier model, kept; fi_model_activate() brings it back */
} fi_model_state;

/**
 * Train a model on the clean workouts of @p store (inside the sanity bounds, with pace, distance
 * and duration), store it as the active model (archiving the previous one) and reclassify every
 * workout with it, all in one transaction.
 * @param params  NULL: the store's configuration.
 * @param[out] out  the new model, or NULL if not wanted; caller frees with fi_model_free().
 * @return FI_OK; FI_ELIMIT with fewer than max(min_samples, k) clean workouts (the message says how
 *         many there are); FI_EINVALID for bad parameters; FI_EREADONLY; FI_EBUSY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_model_train(fi_store *store, const fi_train_params *params, fi_model **out);

/**
 * Load model @p id, or the active model with @p id = 0.
 * @return FI_OK; FI_ENOTFOUND (no such model, or no active model); FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_model_get(fi_store *store, int64_t id, fi_model **out);

/**
 * Make archived model @p id the active one and reclassify the store with it.
 * @return FI_OK; FI_ENOTFOUND; FI_EREADONLY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_model_activate(fi_store *store, int64_t id);

/**
 * The ids of every model, newest first.
 * @param[out] ids    caller frees with fi_free(); NULL when there is none.
 * @param[out] count
 * @since 0.1
 */
FI_API int fi_model_list(fi_store *store, int64_t **ids, size_t *count);

/** Release a model. Accepts NULL. @since 0.1 */
FI_API void fi_model_free(fi_model *model);

/** The model's id in the store (models are numbered from 1). @since 0.1 */
FI_API int64_t fi_model_id(const fi_model *m);
/** Creation time, ISO 8601 UTC. Borrowed. @since 0.1 */
FI_API const char *fi_model_created_at(const fi_model *m);
/** FI_MODEL_ACTIVE or FI_MODEL_ARCHIVED (an fi_model_state), as when the model was loaded. @since 0.1 */
FI_API int fi_model_status(const fi_model *m);
/** Number of clusters k. @since 0.1 */
FI_API size_t fi_model_k(const fi_model *m);
/** Number of features d; fi_model_feature(m, j) is the fi_feature of coordinate j. @since 0.1 */
FI_API size_t fi_model_dims(const fi_model *m);
/** The fi_feature of coordinate @p j (pace is always coordinate 0); 0 when @p j ≥ d. @since 0.1 */
FI_API int fi_model_feature(const fi_model *m, size_t j);
/**
 * Why each candidate besides pace (distance, duration, cadence) is in the model or not: the number
 * of candidates the model records (0 for models trained before 0.2), and for candidate @p i its
 * fi_feature, whether it is used, and the reason in words with its numbers ("cadence out: steps
 * per minute of walks 150 vs runs 165 …"). The reason is borrowed; NULL when @p i is out of range.
 * @since 0.2
 */
FI_API size_t fi_model_feature_choices(const fi_model *m);
/**
 * Candidate @p i of fi_model_feature_choices(): the reason in words (borrowed; NULL when @p i is
 * out of range).
 * @param[out] feature  its fi_feature (may be NULL).
 * @param[out] used     1 when the model uses it, else 0 (may be NULL).
 * @since 0.2
 */
FI_API const char *fi_model_feature_choice(const fi_model *m, size_t i, int *feature, int *used);
/** Scaler and weight of coordinate j: scaled = weight · (value − mean) / scale. */
FI_API int fi_model_scaler(const fi_model *m, size_t j, double *mean, double *scale, double *weight);
/** Centroid of cluster c in the weighted scaled space (d values). Borrowed. */
FI_API const double *fi_model_centroid_scaled(const fi_model *m, size_t c);
/** Centroid of cluster c in original units: pace min/mi, distance mi, duration min, cadence
 *  steps/min (log features are transformed back). Borrowed; d values. */
FI_API const double *fi_model_centroid(const fi_model *m, size_t c);
/** The label cluster c stands for. */
FI_API int fi_model_cluster_label(const fi_model *m, size_t c);
/**
 * Cluster @p c in words: what it holds and why it has its label (its centre against the run and
 * walk bounds, or, between them, where it lies from the runs to the walks in the other features).
 * Written to @p buf, NUL-terminated and cut to @p cap bytes (@p buf may be NULL when @p cap is 0).
 * @return the length of the whole text, as snprintf(); 0 when @p c is out of range.
 * @since 0.2
 */
FI_API size_t fi_model_cluster_meaning(const fi_model *m, size_t c, char *buf, size_t cap);
/** Training rows in cluster c. */
FI_API size_t fi_model_cluster_size(const fi_model *m, size_t c);
/** Number of clean workouts the model was trained on. @since 0.1 */
FI_API size_t fi_model_train_rows(const fi_model *m);
/** First date of the training rows, ISO. Borrowed. @since 0.1 */
FI_API const char *fi_model_train_from(const fi_model *m);
/** Last date of the training rows, ISO. Borrowed. @since 0.1 */
FI_API const char *fi_model_train_to(const fi_model *m);
/** Sum of the squared distances of the training rows to their cluster's centre, in the weighted
 *  scaled space (for a mixture: to its components' means). @since 0.1 */
FI_API double fi_model_inertia(const fi_model *m);
/** Iterations of the winning fit: Lloyd iterations for k-means, EM iterations for a mixture.
 *  @since 0.1 */
FI_API unsigned int fi_model_iterations(const fi_model *m);
/** Mean silhouette of the training rows grouped by label (clusters of one label are one group;
 *  since 0.2), on a seeded sample; NaN when it could not be computed (one label only). */
FI_API double fi_model_silhouette(const fi_model *m);
/** "excellent" (≥ 0.7), "good" (≥ 0.5), "acceptable" (≥ 0.3) or "needs improvement". Static. */
FI_API const char *fi_model_quality(const fi_model *m);
/** The parameters it was trained with. */
FI_API const fi_train_params *fi_model_params(const fi_model *m);

/**
 * The model as JSON: parameters, scaler, centroids (both spaces), label map, cluster sizes,
 * per-label statistics (count; mean, min, max of pace, distance and duration), quality, the
 * quality bands ({from, quality}: the silhouette from which each word applies, best first) and
 * a sentence per cluster saying what it means.
 * @param[out] json  caller frees with fi_free().
 * @since 0.1
 */
FI_API int fi_model_to_json(const fi_model *m, char **json);

/** Counts of one classification pass. */
typedef struct fi_classify_summary {
	size_t workouts;                      /**< classified */
	size_t by_label[FI_LABEL_COUNT];      /**< indexed by fi_label */
	size_t by_method[FI_METHOD_COUNT];    /**< indexed by fi_method */
	int64_t model_id;                     /**< the model used, 0 if none */
} fi_classify_summary;

/**
 * Classify every workout of @p store (SPEC §2.2) with the active model (if any and enabled), the
 * eras and the rules, honouring corrections, and store the labels.
 * @param params  NULL: the store's configuration (bounds, rules, use_model).
 * @param[out] summary  may be NULL.
 * @return FI_OK; FI_EREADONLY; FI_EBUSY; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_classify_store(fi_store *store, const fi_train_params *params,
			     fi_classify_summary *summary);

/** Why one workout has its label (SPEC §2.4). Opaque. */
typedef struct fi_explanation fi_explanation;

/**
 * Explain workout @p id as it would be classified now.
 * @return FI_OK; FI_ENOTFOUND for an unknown workout; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_explain(fi_store *store, int64_t id, fi_explanation **out);

/**
 * Explain a workout that is not stored — "what would this be?" — as a classification of the store
 * would decide it now (bounds, active model, eras, rules; no correction applies). Read from @p w:
 * workout_date (NULL: today), distance_mi, duration_s, avg_pace (NaN: derived from distance and
 * duration; a missing duration is derived from pace and distance) and steps (NaN when unknown).
 * The explanation's id is 0 (null in JSON).
 * @return FI_OK; FI_EINVALID for a date that is not one; FI_ESTORE.
 * @since 0.1
 */
FI_API int fi_explain_workout(fi_store *store, const fi_workout *w, fi_explanation **out);

/** Release an explanation. Accepts NULL. @since 0.1 */
FI_API void fi_explanation_free(fi_explanation *e);
/** The label the workout has, or would have (an fi_label). @since 0.1 */
FI_API int fi_explanation_label(const fi_explanation *e);
/** The method that decided it (an fi_method). @since 0.1 */
FI_API int fi_explanation_method(const fi_explanation *e);
/** Confidence in the label, in [0, 1]: the posterior for a mixture, 1 for a correction.
 *  @since 0.1 */
FI_API double fi_explanation_confidence(const fi_explanation *e);
/** The plain-language paragraph. Borrowed. */
FI_API const char *fi_explanation_text(const fi_explanation *e);
/**
 * Everything as JSON: raw and scaled features, distance to every centroid, chosen cluster, label,
 * method, confidence, the rule or bound that fired, and the paragraph.
 * @param[out] json  caller frees with fi_free().
 * @since 0.1
 */
FI_API int fi_explanation_to_json(const fi_explanation *e, char **json);

FI_END_DECLS

#endif
