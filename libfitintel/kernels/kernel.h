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
/* Mean and sample standard deviation in two passes (plain sums: GSL's running means divide at
 * every element and are several times slower). */
void fi__mean_sd(const double *x, size_t n, double *mean, double *sd);
/* Mean and population variance of column @j of the row-major n×d @x, n > 0, by Welford's
 * updates (stable for large n), as scikit-learn's scaler and k-means tolerance use them (scale.c). */
void fi__column_moments(const double *x, size_t n, size_t d, size_t j, double *mean, double *var);

#endif
