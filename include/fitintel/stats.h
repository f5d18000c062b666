/**
 * @file fitintel/stats.h
 * @brief Statistics kernels: pure functions over arrays (no store, no I/O, reentrant).
 *
 * Inputs are `const double *x, size_t n` and must be finite (NaN or infinity: FI_EINVALID);
 * results go to caller-owned outputs. Functions that need scratch memory allocate it and say so.
 * The result structs below are frozen: new figures come as new functions, never new fields.
 */
#ifndef FITINTEL_STATS_H
#define FITINTEL_STATS_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/**
 * The @p p quantile (0 ≤ p ≤ 1) by linear interpolation between order statistics — numpy's
 * default (`numpy.percentile(x, 100 p)`), R's type 7. Allocates a sorted copy.
 * @return FI_OK; FI_EINVALID for n = 0, p outside [0, 1] or a non-finite value.
 * @since 0.1
 */
FI_API int fi_stats_quantile(const double *x, size_t n, double p, double *out);

/** Summary of a sample. */
typedef struct fi_stats_summary {
	size_t n;
	double mean;
	double sd;        /**< sample standard deviation (n − 1); 0 when n = 1 */
	double min, q1, median, q3, max; /**< quartiles as fi_stats_quantile() */
	double mad;       /**< median absolute deviation from the median (unscaled) */
} fi_stats_summary;

/**
 * Mean, sample sd, quartiles and MAD in one pass over a sorted copy (allocated).
 * @return FI_OK; FI_EINVALID for n = 0 or a non-finite value.
 * @since 0.1
 */
FI_API int fi_stats_summarize(const double *x, size_t n, fi_stats_summary *out);

/**
 * z-scores with the sample standard deviation: z_i = (x_i − mean) / sd.
 * @param[out] z  n values (may alias @p x).
 * @return FI_OK; FI_EINVALID for n < 2, sd = 0 (no spread) or a non-finite value.
 * @since 0.1
 */
FI_API int fi_stats_zscores(const double *x, size_t n, double *z);

/**
 * Modified z-scores (Iglewicz–Hoaglin): M_i = 0.6745 (x_i − median) / MAD. When MAD = 0 the
 * mean absolute deviation from the median is used instead: M_i = (x_i − median) / (1.253314 · MeanAD).
 * @param[out] m  n values (may alias @p x).
 * @param[out] used_fallback  1 when MeanAD replaced MAD, else 0 (may be NULL).
 * @return FI_OK; FI_EINVALID for n = 0, a non-finite value, or no spread at all (MAD = MeanAD = 0).
 * @since 0.1
 */
FI_API int fi_stats_modified_zscores(const double *x, size_t n, double *m, int *used_fallback);

/**
 * Rolling z-scores (SPEC §3): each value against the @p window values before it — never itself —
 * with the sample standard deviation. z[i] is NaN when fewer than @p min_prior values precede it
 * or they have no spread.
 * @param[out] z  n values (must not alias @p x).
 * @return FI_OK; FI_EINVALID for window < 2, min_prior < 2, min_prior > window, non-finite values.
 * @since 0.1
 */
FI_API int fi_stats_rolling_zscores(const double *x, size_t n, size_t window, size_t min_prior,
				    double *z);

/** Ordinary least squares of y on x. */
typedef struct fi_ols {
	size_t n;
	double slope, intercept;
	double r;             /**< Pearson correlation */
	double r2;
	double p_value;       /**< two-sided, H0: slope = 0 (Student t, n − 2 df) */
	double slope_se, intercept_se;
	double slope_low, slope_high; /**< confidence interval of the slope */
} fi_ols;

/**
 * Fit y = intercept + slope·x (scipy.stats.linregress's figures) with a confidence interval of the
 * slope at level @p confidence (e.g. 0.95).
 * @return FI_OK; FI_EINVALID for n < 3, all x equal, confidence outside (0, 1), non-finite values.
 * @since 0.1
 */
FI_API int fi_stats_ols(const double *x, const double *y, size_t n, double confidence, fi_ols *out);

/** Two-sample comparison without assuming equal variances. */
typedef struct fi_ttest {
	double mean_a, mean_b;
	double t;             /**< Welch's t of mean_a − mean_b */
	double df;            /**< Welch–Satterthwaite degrees of freedom */
	double p_value;       /**< two-sided */
	double cohen_d;       /**< (mean_a − mean_b) / pooled sample sd */
} fi_ttest;

/**
 * Welch's t-test (scipy.stats.ttest_ind(a, b, equal_var=False)) and Cohen's d.
 * @return FI_OK; FI_EINVALID for fewer than 2 values in a sample, both variances 0, non-finite values.
 * @since 0.1
 */
FI_API int fi_stats_welch(const double *a, size_t na, const double *b, size_t nb, fi_ttest *out);

/** Mann–Kendall trend test and Sen's slope. */
typedef struct fi_mann_kendall {
	double s;             /**< Kendall's S: Σ_{i<j} sign(x_j − x_i)·sign(y_j − y_i) */
	double var_s;         /**< variance of S under H0, corrected for ties in y */
	double z;             /**< with continuity correction */
	double p_value;       /**< two-sided, normal approximation */
	double tau;           /**< S / (n(n − 1)/2) */
	double sen_slope;     /**< median of (y_j − y_i)/(x_j − x_i) over pairs with x_j ≠ x_i */
	double sen_intercept; /**< median(y) − sen_slope · median(x) */
} fi_mann_kendall;

/**
 * Mann–Kendall test of a monotonic trend of y over x (e.g. days), and Sen's slope (the median of
 * pairwise slopes, scipy.stats.theilslopes). O(n²) time; allocates the pairwise slopes (n²/2
 * doubles), so it refuses n > 20,000 (FI_ELIMIT): aggregate first.
 * @return FI_OK; FI_EINVALID for n < 3, all x equal or non-finite values; FI_ELIMIT; FI_ENOMEM.
 * @since 0.1
 */
FI_API int fi_stats_mann_kendall(const double *x, const double *y, size_t n, fi_mann_kendall *out);

FI_END_DECLS

#endif
