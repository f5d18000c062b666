/* The classifier model (classify.h) from the inside: its layout, feature extraction, and the
 * pieces that model.c, model_train.c, model_store.c, classify.c and explain.c share. */
#ifndef FITINTEL_MODEL_INTERNAL_H
#define FITINTEL_MODEL_INTERNAL_H

#include "store/era_table.h"
#include "store/store_internal.h"

#define FI__MAX_FEATURES 4

/* Per-cluster statistics of the training rows, in original units. */
typedef struct fi__cluster_stats {
	double pace_mean, pace_min, pace_max;
	double distance_mean, distance_min, distance_max;   /* mi */
	double duration_mean, duration_min, duration_max;   /* minutes */
} fi__cluster_stats;

/* Why a feature other than pace is in the model or not (SPEC §2.1), from the training rows: runs
 * are those faster than the run bound, walks those slower than the walk bound. */
typedef struct fi__feature_choice {
	int feature;                   /* fi_feature */
	bool used;
	size_t runs, walks;            /* rows behind the numbers (with the feature) */
	double run_median, walk_median;   /* original units: mi, min, steps/min */
	double separation;             /* |mean difference| / pooled SD, transformed; NaN: unmeasured */
	int drift_label;               /* the label whose yearly median moved most, 0 if none measured */
	int drift_from_year, drift_to_year;
	double drift_from, drift_to;   /* that label's yearly medians, original units */
	double drift_share;            /* the move as a share of the run–walk gap */
	char reason[320];              /* in words, with the numbers */
} fi__feature_choice;

#define FI__FEATURE_CANDIDATES 3   /* distance, duration, cadence */

struct fi_model {
	int64_t id;
	char created_at[32];
	int status;
	fi_train_params params;
	int method;                 /* fi_classify_method */
	fi__feature_choice choices[FI__FEATURE_CANDIDATES];
	size_t n_choices;
	fi_mixture *mixture;        /* method mixture: components in the weighted scaled space */
	double bic[3];              /* k = 2, 3, 4 when k was chosen by BIC; NaN otherwise */
	size_t k, d;
	int features[FI__MAX_FEATURES];
	double mean[FI__MAX_FEATURES], scale[FI__MAX_FEATURES], weight[FI__MAX_FEATURES];
	double *centroids_scaled;   /* k × d, weighted scaled space */
	double *centroids;          /* k × d, original units */
	double *spread;             /* k × d, variance of the cluster's rows per coordinate */
	int *labels;                /* k: fi_label of each cluster */
	size_t *sizes;              /* k */
	fi__cluster_stats *stats;   /* k */
	double outlier_cutoff;      /* chi-square quantile for d coordinates; +inf: off. Mixture:
	                               of the Mahalanobis distance to the nearest component, widened to
	                               the same quantile of the training rows */
	double outlier_cutoff_sub;  /* the same for d − 1 (rows without cadence) */
	size_t train_rows;
	char train_from[11], train_to[11];
	double inertia;
	unsigned int iterations;
	double silhouette;
};

/* A new model of k clusters and d features, arrays allocated, everything else zero. */
fi_model *fi__model_alloc(size_t k, size_t d);

/* The raw inputs of one workout. NaN for missing values. */
typedef struct fi__workout_input {
	double pace, distance, duration_s, steps;
	bool not_on_foot;   /* its activity type matches fi_train_params.other_types */
} fi__workout_input;

/* Whether @type (@type_len bytes, may be NULL) contains one of the comma-separated parts of
 * @list, ignoring case. */
bool fi__type_not_on_foot(const char *list, const char *type, size_t type_len);

/* The verdicts of fi__type_not_on_foot() for the last few distinct types seen: an export has a
 * handful of types over thousands of rows, in any order. Zero-initialise; free with
 * fi__type_cache_free(). Without memory it only stops remembering: slower, never wrong. */
#define FI__TYPE_CACHE 16
typedef struct fi__type_cache {
	struct { char *type; size_t len; bool not_on_foot; } slot[FI__TYPE_CACHE];
	size_t next;   /* the slot the next new type replaces */
} fi__type_cache;

bool fi__type_cache_not_on_foot(fi__type_cache *c, const char *list, const char *type, size_t type_len);
void fi__type_cache_free(fi__type_cache *c);

/* @in as a full current-version struct in @out (NULL: the store's configuration; a version 1
 * struct gets the defaults of the later fields); FI_EINVALID for an unknown version. */
int fi__train_params_take(fi_store *store, const fi_train_params *in, fi_train_params *out);

/* Choose the features besides pace from the clean training rows (feature_choice.c). @pace and
 * @days are per row; @values[f] the transformed value of candidate f (NaN where missing). */
void fi__choose_features(const fi_train_params *p, size_t n, const double *pace, const int32_t *days,
			 const double *const values[FI__FEATURE_CANDIDATES], const int features[FI__FEATURE_CANDIDATES],
			 const bool wanted[FI__FEATURE_CANDIDATES], fi__feature_choice out[FI__FEATURE_CANDIDATES]);

/* The choices as a JSON array (stored with the model, shown by fi_model_to_json()). */
void fi__feature_choices_json(fi__buf *b, const fi__feature_choice *c, size_t n);

/* The labels (0 … k − 1) the mixture's EM starts from: k-means inside the pace bands of the
 * sample @x (n × d, pace in coordinate 0 compared with @run_cut and @walk_cut in the same scaled
 * units), up to three components between them. *banded is false, and @labels untouched, when
 * the bands hold too few rows for k components: the caller then starts from k-means over every
 * row. */
int fi__band_start(const double *x, size_t n, size_t d, double run_cut, double walk_cut, size_t k,
		   const fi_kmeans_params *kp, int32_t *labels, bool *banded);

/* Cluster → label with domain sense (model_labels.c): by the run and walk bounds of m->params,
 * a cluster between them that is half of a split run or walk group taking that group's label. */
void fi__model_map_labels(fi_model *m);
/* The label that rule gives cluster @c; @why (may be NULL) gets the reason in words. */
int fi__model_label_rule(const fi_model *m, size_t c, fi__buf *why);
/* A cluster takes the label of a majority of its corrected training rows (at least 3 of them);
 * @rows index @corrected, @cluster is each row's cluster. */
void fi__model_apply_corrections(fi_model *m, const int8_t *corrected, const size_t *rows,
				 const int32_t *cluster, size_t n);

/* Cadence in steps/min, or NaN when steps or duration are missing or the value is not plausible
 * (a counter overflow is not a cadence). */
double fi__cadence(const fi__workout_input *w);

/* Sanity bounds (SPEC §2.2 step 2): false when @w is outside them; @reason gets why. */
bool fi__within_bounds(const fi_train_params *p, const fi__workout_input *w, char *reason, size_t cap);

/* Feature j of @w in original (transformed) units: pace, ln distance, ln minutes, cadence. */
double fi__feature_value(int feature, const fi__workout_input *w);

/* Where a workout lands in a model's space. */
typedef struct fi__placement {
	size_t dims;                       /* d, or d − 1 without cadence */
	double scaled[FI__MAX_FEATURES];   /* weighted scaled coordinates (dims of them) */
	double sqdist[16];                 /* to each centroid (k ≤ 10); mixture: Mahalanobis² */
	double posterior[16];              /* mixture: P(component | x); k-means: NaN */
	int cluster;
	double statistic;                  /* k-means: Σ (x − c)² / spread over the nearest cluster;
	                                      mixture: the smallest Mahalanobis² over the components */
	bool outlier;
	double confidence;
} fi__placement;

/* Place @w (inside the bounds) in model @m. */
void fi__model_place(const fi_model *m, const fi__workout_input *w, fi__placement *out);

/* Persistence (model_store.c). Save inserts @m as the active model, archiving the previous one,
 * and sets m->id; the caller holds the write transaction. */
int fi__model_save(sqlite3 *db, fi_model *m);
int fi__model_load(sqlite3 *db, int64_t id, fi_model **out);

/* Reclassify every workout with the store's configuration and active model (after a change of
 * eras); the caller holds the write transaction. */
int fi__reclassify(fi_store *store);

/* Classify one workout again (after its correction changed); the caller holds the transaction. */
int fi__classify_one(fi_store *store, int64_t id);


/* The parameters as the JSON object stored with a model and shown by fi_model_to_json(). */
void fi__model_params_json(fi__buf *b, const fi_train_params *p);

/* The classification inputs of many workouts (workout_inputs.c), in id order. */
typedef struct fi__inputs {
	size_t n;
	int64_t *ids;
	int32_t *days;
	fi__workout_input *rows;
	int8_t *corrected;   /* fi_label of the user's current correction, 0 if none */
	/* Read from the store's whole frame (fi__inputs_of_store()): the frame, with each workout's
	 * stored classification at row frame_row[i], and whether it was read from the rows (no
	 * cache or snapshot held it). NULL when read from SQLite. */
	fi_frame *frame;
	size_t *frame_row;
	bool frame_from_rows;
} fi__inputs;

/* Load every workout (@import_id = 0) or those of one import, with their corrections; a type
 * matching @other_types (fi_train_params.other_types) marks a workout not on foot. */
int fi__inputs_load(sqlite3 *db, int64_t import_id, const char *other_types, fi__inputs *out);
void fi__inputs_free(fi__inputs *in);
/* Every workout's inputs inside a write transaction: from the store's whole frame while the
 * transaction has not written workouts (a pass can then compare its decisions with the stored
 * ones without reading SQLite), else from SQLite. Same rows, same order either way. */
int fi__inputs_of_store(fi_store *store, const char *other_types, fi__inputs *out);
/* The inputs of workout @id and its current correction (0 if none); FI_ENOTFOUND. */
int fi__input_load_one(sqlite3 *db, int64_t id, const char *other_types, int32_t *day,
		       fi__workout_input *w, int *corrected);

/* Reclassify every workout (classify.c); the caller holds the write transaction. @model may be
 * NULL (no model); @in may be NULL (loaded here) or the inputs of every workout. */
int fi__classify_all(fi_store *store, const fi_train_params *p, const fi_model *model,
		     const fi__inputs *in, fi_classify_summary *summary);


/* One decision of SPEC §2.2. */
typedef struct fi__decision {
	int label, method;
	double confidence;
	int cluster;            /* −1 unless the model decided */
	char reason[128];       /* the rule or bound that fired, in words */
	fi__placement place;    /* valid when the model was consulted (method kmeans) */
} fi__decision;

/* The store's active model, or NULL when there is none or @p disables models (classifier.c). */
int fi__active_model(fi_store *store, const fi_train_params *p, fi_model **out);

/* Decide one workout. @model NULL: no model (or disabled); @corrected: the user's label or 0.
 * The reason is always written for outliers, and for every decision with @words. */
void fi__decide(const fi_train_params *p, const fi_model *model, const fi__era_table *eras,
		const fi__workout_input *w, int32_t day, int corrected, bool words, fi__decision *out);

/* A classification pass (classify.c): decides workouts one by one and stores the labels in their
 * rows. With @load_active it uses the store's active model (if enabled), else @model (may be
 * NULL); @p NULL means the store's configuration. The caller holds the write transaction. */
typedef struct fi__classifier {
	fi_store *store;
	sqlite3 *db;
	fi_train_params p;
	const fi_model *model;
	fi_model *owned;
	fi__era_table eras;
	sqlite3_stmt *update;
	fi_classify_summary sum;
	fi__type_cache types;   /* for callers that place raw rows (the import) */
} fi__classifier;

int fi__classifier_open(fi_store *store, const fi_train_params *p, const fi_model *model,
			bool load_active, fi__classifier *out);
/* Decide workout @id (stored) and write its label columns. */
int fi__classifier_add(fi__classifier *c, int64_t id, int32_t day, const fi__workout_input *w,
		       int corrected);
/* Write decision @d of workout @id (stored) into its row, unless the row holds it already. */
int fi__classifier_write(fi__classifier *c, int64_t id, const fi__decision *d);
/* Count decision @d in @sum (fi__classifier_decide() counts into the classifier's). */
static inline void fi__classify_summary_count(fi_classify_summary *sum, const fi__decision *d)
{
	sum->workouts++;
	sum->by_label[d->label]++;
	sum->by_method[d->method]++;
}

/* Decide a workout about to be written (the import binds the decision into its INSERT). */
void fi__classifier_decide(fi__classifier *c, int32_t day, const fi__workout_input *w, int corrected,
			   fi__decision *d);
/* What a stored decision's row holds besides label, method and confidence: the model's id when a
 * model decided; a reason only for an outlier the user did not mark (the other reasons follow
 * from label, method and cluster, and `explain` says them in words). */
static inline bool fi__decided_by_model(int method)
{
	return method == FI_METHOD_KMEANS || method == FI_METHOD_MIXTURE;
}

static inline bool fi__decision_keeps_reason(int label, int method)
{
	return label == FI_LABEL_OUTLIER && method != FI_METHOD_USER;
}

/* Bind @d as label, method, confidence, model_id, cluster, reason: parameters @first … @first + 5. */
void fi__classifier_bind(const fi__classifier *c, sqlite3_stmt *st, int first, const fi__decision *d);
void fi__classifier_close(fi__classifier *c);
/* Decide every workout of @in and write the labels that changed (relabel.c): in one UPDATE, or,
 * when @in was read from the store's frame, only where the frame's stored classification differs
 * — and the relabelled frame becomes the store's at commit. */
int fi__relabel_all(fi__classifier *c, const fi__inputs *in);
/* How many workouts make it worth one more thread to decide them (0: the default, 100,000); for
 * tests, which compare the decisions of several threads with those of one. Not thread-safe. */
void fi__relabel_rows_per_thread(size_t rows);

/* Parse a JSON array of @n numbers written by fi__buf_json_double. */
bool fi__parse_number_array(const char *s, double *out, size_t n);

#endif
