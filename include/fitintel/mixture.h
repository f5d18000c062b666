/**
 * @file fitintel/mixture.h
 * @brief Gaussian mixture kernels: EM with a full covariance per component, started from a
 *        hard labelling (a k-means result) or from given parameters; densities, posteriors and
 *        BIC of rows under a fitted mixture.
 *
 * k-means draws every boundary half-way between two centroids; a mixture lets each cluster have
 * its own spread and shape, so a wide cluster keeps its tails and the posterior of a row is a
 * true probability. The EM steps follow scikit-learn's GaussianMixture(covariance_type="full")
 * step for step: started from the same parameters, both reach the same result. Data are
 * row-major matrices (n rows of d features, all finite). Pure functions, reentrant.
 */
#ifndef FITINTEL_MIXTURE_H
#define FITINTEL_MIXTURE_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/** Parameters of EM. Initialise with FI_MIXTURE_PARAMS_INIT or fi_mixture_params_init(). */
typedef struct fi_mixture_params {
	unsigned int version;   /**< FI_MIXTURE_PARAMS_VERSION */
	unsigned int max_iter;  /**< EM iterations; default 100 */
	double tol;             /**< stop when the mean log-likelihood changes by less; default 1e-3 */
	double reg_covar;       /**< added to every covariance diagonal (keeps it invertible); 1e-6 */
} fi_mixture_params;

#define FI_MIXTURE_PARAMS_VERSION 1
#define FI_MIXTURE_PARAMS_INIT { FI_MIXTURE_PARAMS_VERSION, 100, 1e-3, 1e-6 }

/** Fill @p p with defaults. @since 0.2 */
FI_API int fi_mixture_params_init(fi_mixture_params *p, unsigned int version);

/** A Gaussian mixture. Opaque. */
typedef struct fi_mixture fi_mixture;

/**
 * A mixture from its parameters (a stored model, or a start for EM).
 * @param weights      k values, positive (normalised to sum 1).
 * @param means        k × d.
 * @param covariances  k × d × d, each symmetric positive definite.
 * @param[out] out     caller frees with fi_mixture_free().
 * @return FI_OK; FI_EINVALID for k or d = 0, non-finite values, a weight ≤ 0 or a covariance that
 *         is not positive definite (the message names the component); FI_ENOMEM.
 * @since 0.2
 */
FI_API int fi_mixture_new(size_t k, size_t d, const double *weights, const double *means,
			  const double *covariances, fi_mixture **out);

/**
 * EM started from a hard labelling: the first M-step takes weights, means and covariances from
 * the rows of each label (scikit-learn's start from k-means responsibilities).
 * @param labels  n values in [0, k); every label must hold at least one row.
 * @param params  NULL for defaults.
 * @return FI_OK; FI_EINVALID for n < k, bad labels or non-finite data; FI_ENOMEM.
 * @since 0.2
 */
FI_API int fi_mixture_fit(const double *x, size_t n, size_t d, const int32_t *labels, size_t k,
			  const fi_mixture_params *params, fi_mixture **out);

/**
 * EM started from the parameters of @p start (an E-step first), as scikit-learn's
 * `GaussianMixture(weights_init=…, means_init=…, precisions_init=…)`.
 * @since 0.2
 */
FI_API int fi_mixture_fit_from(const double *x, size_t n, size_t d, const fi_mixture *start,
			       const fi_mixture_params *params, fi_mixture **out);

/** Release a mixture. Accepts NULL. @since 0.2 */
FI_API void fi_mixture_free(fi_mixture *m);
/** Number of components k. @since 0.2 */
FI_API size_t fi_mixture_k(const fi_mixture *m);
/** Number of features d. @since 0.2 */
FI_API size_t fi_mixture_dims(const fi_mixture *m);
/** Weights of the components (k values, summing to 1). Borrowed; valid until fi_mixture_free(). */
FI_API const double *fi_mixture_weights(const fi_mixture *m);
/** Means of the components (k × d, row-major). Borrowed; valid until fi_mixture_free(). */
FI_API const double *fi_mixture_means(const fi_mixture *m);
/** Covariances of the components (k × d × d). Borrowed; valid until fi_mixture_free(). */
FI_API const double *fi_mixture_covariances(const fi_mixture *m);
/** EM iterations run (0 for a mixture made by fi_mixture_new()). */
FI_API unsigned int fi_mixture_iterations(const fi_mixture *m);
/** 1 when EM reached the tolerance within max_iter, else 0. */
FI_API int fi_mixture_converged(const fi_mixture *m);
/** Mean log-likelihood per row at the last E-step of the fit (scikit-learn's lower_bound_). */
FI_API double fi_mixture_lower_bound(const fi_mixture *m);

/**
 * Score rows under the mixture, using only their first @p dims coordinates (1 ≤ dims ≤ d; the
 * marginal of the leading coordinates, so a row missing its last feature can still be placed).
 * Rows are read with stride @p stride (≥ dims) doubles.
 * @param[out] log_density  n values: ln p(x), or NULL.
 * @param[out] posterior    n × k responsibilities, or NULL.
 * @param[out] mahalanobis2 n × k squared Mahalanobis distances to each component, or NULL.
 * @param[out] labels       n most probable components (ties: the lowest index), or NULL.
 * @return FI_OK; FI_EINVALID.
 * @since 0.2
 */
FI_API int fi_mixture_score(const fi_mixture *m, const double *x, size_t n, size_t stride,
			    size_t dims, double *log_density, double *posterior, double *mahalanobis2,
			    int32_t *labels);

/**
 * Squared Mahalanobis distance of one row (its first @p dims coordinates) to component @p c.
 * @return the distance; NaN for a bad component or dims.
 * @since 0.2
 */
FI_API double fi_mixture_mahalanobis2(const fi_mixture *m, size_t c, const double *row, size_t dims);

/**
 * Bayesian information criterion of the mixture on @p x (scikit-learn's bic():
 * −2 · Σ ln p(xᵢ) + parameters · ln n, with k·d means, k·d(d+1)/2 covariances, k − 1 weights).
 * @since 0.2
 */
FI_API int fi_mixture_bic(const fi_mixture *m, const double *x, size_t n, double *out);

FI_END_DECLS

#endif
