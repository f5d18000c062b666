/* Helpers shared by the array kernels. */
#ifndef FITINTEL_KERNEL_H
#define FITINTEL_KERNEL_H

#include "util/internal.h"

/* FI_EINVALID naming @what when any of x[0..n) is NaN or infinite. */
int fi__require_finite(const double *x, size_t n, const char *what);
/* A sorted copy of x (caller frees with free()); NULL and an error recorded on failure. */
double *fi__sorted_copy(const double *x, size_t n);
/* A plain copy of x (caller frees); NULL and an error recorded on failure. */
double *fi__copy(const double *x, size_t n);
/* The @p quantile of a[0..n) by linear interpolation (numpy's default), reordering @a in place
 * with selection: O(n) on average, no full sort. */
double fi__quantile_inplace(double *a, size_t n, double p);

/* The median of a[0..n), n > 0, as GSL's gsl_stats_median_from_sorted_data() gives it for the
 * sorted values (the mean of the two middle ones for even n), by selection: @a is reordered. */
double fi__median_inplace(double *a, size_t n);

/* The k-th smallest of a[0..n), n > k (quickselect, median-of-three pivot); a is reordered so that
 * everything before k is <= a[k] and everything after >= a[k]. */
double fi__select_kth(double *a, size_t n, size_t k);
/* Mean and sample variance (n − 1) of x[0..n), n > 0, in two passes (plain sums: GSL's running
 * means divide at every element and are several times slower); and the standard deviation. */
void fi__mean_variance(const double *x, size_t n, double *mean, double *variance);
void fi__mean_sd(const double *x, size_t n, double *mean, double *sd);
/* Welch's t-test and Cohen's d from each sample's mean, variance (n − 1) and size (na, nb >= 2):
 * fi_stats_welch() without the passes over values whose moments are known (ttest.c). FI_EINVALID
 * when neither sample has any spread. */
int fi__welch_moments(double ma, double va, size_t na, double mb, double vb, size_t nb, fi_ttest *out);
/* Mean and population variance of column @j of the row-major n×d @x, n > 0, by Welford's
 * updates (stable for large n), as scikit-learn's scaler and k-means tolerance use them (scale.c). */
void fi__column_moments(const double *x, size_t n, size_t d, size_t j, double *mean, double *var);

/* Rolling z-scores one value at a time, each against the @window values before it, as
 * fi_stats_rolling_zscores() computes them over an array (it is this loop), in O(window) memory:
 * for values taken from a larger column without copying them out (stats.c). */
typedef struct fi__rolling {
	size_t window, min_prior;
	double *ring;          /* the last cap values; cap = window + 1 */
	size_t cap, first, m;  /* the window is ring[first], ... m values, wrapping around */
	size_t since_recompute; /* values given since the window's sums were last recomputed */
	double last;           /* the newest value */
	double mean, m2;       /* of the window */
	size_t unequal;        /* neighbouring pairs in the window that differ */
} fi__rolling;
/* FI_EINVALID unless window >= min_prior >= 2; FI_ENOMEM. */
int fi__rolling_init(fi__rolling *w, size_t window, size_t min_prior);
/* The z-score of @x against the window before it (NaN: fewer than min_prior values before it, or
 * no spread), then @x joins the window. @x must be finite. */
double fi__rolling_next(fi__rolling *w, double x);
void fi__rolling_free(fi__rolling *w);

#endif
