/**
 * @file fitintel/kmeans.h
 * @brief k-means kernels: feature scaling, seeded k-means++ with restarts, Lloyd iterations,
 *        assignment to a fitted model, per-workout confidence, silhouette.
 *
 * Data are row-major matrices: n rows of d features (`x[i * d + j]`), all finite. The same data,
 * parameters and seed give bit-identical results. Pure functions: no store, no I/O, reentrant.
 */
#ifndef FITINTEL_KMEANS_H
#define FITINTEL_KMEANS_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/**
 * Fit a standard scaler: @p mean[j] and @p scale[j] = population standard deviation of column j
 * (a column without spread gets scale 1, as scikit-learn's StandardScaler does).
 * @param[out] mean, scale  d values each.
 * @return FI_OK; FI_EINVALID for n = 0, d = 0 or non-finite values.
 * @since 0.1
 */
FI_API int fi_scale_fit(const double *x, size_t n, size_t d, double *mean, double *scale);

/** out[i*d+j] = (x[i*d+j] − mean[j]) / scale[j]; @p out may alias @p x. @since 0.1 */
FI_API int fi_scale_apply(const double *x, size_t n, size_t d, const double *mean,
			  const double *scale, double *out);

/** Parameters of a k-means fit. Initialise with FI_KMEANS_PARAMS_INIT or fi_kmeans_params_init(). */
typedef struct fi_kmeans_params {
	unsigned int version;  /**< FI_KMEANS_PARAMS_VERSION */
	size_t k;              /**< clusters; default 3 */
	unsigned int n_init;   /**< k-means++ restarts, the lowest inertia wins; default 10 */
	unsigned int max_iter; /**< Lloyd iterations per run; default 300 */
	double tol;            /**< stop when Σ‖Δcentroid‖² ≤ tol × mean feature variance; default 1e-4 */
	uint64_t seed;         /**< RNG seed of the k-means++ seeding and the sample; default 42 */
	size_t sample_size;    /**< with more rows than this, the n_init restarts compete on a
	                            seeded random sample of this many rows and the winner is refined
	                            with Lloyd on all rows; 0: always restart on all rows; default 100000 */
} fi_kmeans_params;

#define FI_KMEANS_PARAMS_VERSION 1
#define FI_KMEANS_PARAMS_INIT { FI_KMEANS_PARAMS_VERSION, 3, 10, 300, 1e-4, 42, 100000 }

/** Fill @p p with defaults. @since 0.1 */
FI_API int fi_kmeans_params_init(fi_kmeans_params *p, unsigned int version);

/** A fitted clustering. Opaque. */
typedef struct fi_kmeans fi_kmeans;

/**
 * Cluster @p x with k-means++ seeding and Lloyd iterations, @p params->n_init times, keeping the
 * lowest inertia; then Lloyd on all rows from the winner (a no-op unless the restarts ran on a
 * sample, see fi_kmeans_params.sample_size).
 * @param params  NULL for defaults.
 * @param[out] out  caller frees with fi_kmeans_free().
 * @return FI_OK; FI_EINVALID for n < k, k = 0, d = 0, non-finite values or bad parameters;
 *         FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_kmeans_fit(const double *x, size_t n, size_t d, const fi_kmeans_params *params,
			 fi_kmeans **out);

/**
 * Lloyd iterations from given initial centroids (k × d, row-major); params->k and n_init are
 * ignored. With the same start this follows scikit-learn's `KMeans(init=..., n_init=1,
 * algorithm="lloyd")` step for step.
 * @since 0.1
 */
FI_API int fi_kmeans_fit_from(const double *x, size_t n, size_t d, const double *init, size_t k,
			      const fi_kmeans_params *params, fi_kmeans **out);

/** Release a clustering. Accepts NULL. @since 0.1 */
FI_API void fi_kmeans_free(fi_kmeans *km);
/** Number of clusters k. @since 0.1 */
FI_API size_t fi_kmeans_k(const fi_kmeans *km);
/** Number of features d. @since 0.1 */
FI_API size_t fi_kmeans_dims(const fi_kmeans *km);
/** Number of rows the model was fitted on. */
FI_API size_t fi_kmeans_rows(const fi_kmeans *km);
/** Centroids, k × d row-major. Borrowed; valid until fi_kmeans_free(). */
FI_API const double *fi_kmeans_centroids(const fi_kmeans *km);
/** Sum of squared distances of the rows to their centroid. */
FI_API double fi_kmeans_inertia(const fi_kmeans *km);
/** Lloyd iterations of the winning run. */
FI_API unsigned int fi_kmeans_iterations(const fi_kmeans *km);
/** Copy the cluster of every fitted row into @p labels (@p n must equal fi_kmeans_rows()). */
FI_API int fi_kmeans_labels(const fi_kmeans *km, int32_t *labels, size_t n);

/**
 * Assign rows to the nearest of @p k centroids (ties: the lowest index).
 * @param[out] labels  n values.
 * @param[out] sqdist  n × k squared distances, or NULL.
 * @return FI_OK; FI_EINVALID.
 * @since 0.1
 */
FI_API int fi_kmeans_assign(const double *centroids, size_t k, size_t d, const double *x, size_t n,
			    int32_t *labels, double *sqdist);

/**
 * Confidence of a row's assignment from its squared distances to all k centroids: the largest
 * p_j with p_j ∝ exp(−d_j²/2). Depends on that row alone, never on the rest of a batch.
 * @return a value in [1/k, 1]; NaN for k = 0 or a non-finite distance.
 * @since 0.1
 */
FI_API double fi_kmeans_confidence(const double *sqdist, size_t k);

/**
 * Mean silhouette coefficient of a labelling (scikit-learn's silhouette_score, Euclidean).
 * O(n²·d) time, O(k) memory. A row alone in its cluster scores 0.
 * @return FI_OK; FI_EINVALID for fewer than 2 clusters used, n < 2, labels outside [0, k).
 * @since 0.1
 */
FI_API int fi_silhouette(const double *x, size_t n, size_t d, const int32_t *labels, size_t k,
			 double *out);

FI_END_DECLS

#endif
