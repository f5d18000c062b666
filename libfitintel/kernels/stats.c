/* Quantiles, summaries, z-scores and modified z-scores (SPEC §3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "kernel.h"

int fi__require_finite(const double *x, size_t n, const char *what)
{
	if (!x && n)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s is NULL", what);
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "%s[%zu] is not a finite number", what, i);
	return FI_OK;
}

double *fi__copy(const double *x, size_t n)
{
	double *c = malloc((n ? n : 1) * sizeof *c);
	if (!c) {
		fi__error_oom();
		return NULL;
	}
	if (n)
		memcpy(c, x, n * sizeof *c);
	return c;
}

double *fi__sorted_copy(const double *x, size_t n)
{
	double *s = fi__copy(x, n);
	if (s)
		gsl_sort(s, 1, n);
	return s;
}

static void swap(double *a, size_t i, size_t j)
{
	double t = a[i];
	a[i] = a[j];
	a[j] = t;
}

/* Hoare-style quickselect with a median-of-three pivot: afterwards a[k] holds the k-th smallest,
 * everything before it is <= a[k] and everything after >= a[k]. */
double fi__select_kth(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2;
		if (a[mid] < a[lo]) swap(a, mid, lo);
		if (a[hi] < a[lo]) swap(a, hi, lo);
		if (a[hi] < a[mid]) swap(a, hi, mid);
		double pivot = a[mid];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot) i++;
			while (a[j] > pivot) j--;
			if (i <= j) {
				swap(a, i, j);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;   /* a[j+1 .. i-1] all equal the pivot, and k is among them */
	}
	return a[k];
}

double fi__quantile_inplace(double *a, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)h;
	double v = fi__select_kth(a, n, lo);
	double frac = h - (double)lo;
	if (frac == 0 || lo + 1 >= n)
		return v;
	double next = a[lo + 1];   /* the smallest value after a[lo] */
	for (size_t i = lo + 2; i < n; i++)
		if (a[i] < next)
			next = a[i];
	return v + frac * (next - v);
}

double fi__median_inplace(double *a, size_t n)
{
	size_t lhs = (n - 1) / 2, rhs = n / 2;
	double v = fi__select_kth(a, n, lhs);
	if (lhs == rhs)
		return v;
	double next = a[rhs];   /* the smallest value after a[lhs] */
	for (size_t i = rhs + 1; i < n; i++)
		if (a[i] < next)
			next = a[i];
	return (v + next) / 2.0;
}

void fi__mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	double m = sum / (double)n, ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*sd = n > 1 ? sqrt(ss / (double)(n - 1)) : 0.0;
}

/* The values @x checked finite and copied into *@s (caller frees), for selections to reorder. */
static int finite_copy(const double *x, size_t n, double **s)
{
	int rc = fi__require_finite(x, n, "x");
	if (rc)
		return rc;
	*s = fi__copy(x, n);
	return *s ? FI_OK : FI_ENOMEM;
}

/* The median of x[0..n) and the median of the absolute deviations from it, with @s, a copy of
 * x, as scratch (reordered, then overwritten). */
static void median_mad(const double *x, double *s, size_t n, double *median, double *mad)
{
	*median = fi__quantile_inplace(s, n, 0.5);
	for (size_t i = 0; i < n; i++)
		s[i] = fabs(x[i] - *median);
	*mad = fi__quantile_inplace(s, n, 0.5);
}

int fi_stats_quantile(const double *x, size_t n, double p, double *out)
{
	if (!out || n == 0 || !(p >= 0 && p <= 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "quantile needs values and 0 <= p <= 1");
	double *s;
	int rc = finite_copy(x, n, &s);
	if (rc)
		return rc;
	*out = fi__quantile_inplace(s, n, p); /* type 7, as numpy */
	free(s);
	return FI_OK;
}

int fi_stats_summarize(const double *x, size_t n, fi_stats_summary *out)
{
	if (!out || n == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "summarize needs at least one value");
	double *s;
	int rc = finite_copy(x, n, &s);
	if (rc)
		return rc;
	out->n = n;
	fi__mean_sd(x, n, &out->mean, &out->sd);
	out->min = out->max = x[0];
	for (size_t i = 1; i < n; i++) {
		if (x[i] < out->min)
			out->min = x[i];
		if (x[i] > out->max)
			out->max = x[i];
	}
	out->q1 = fi__quantile_inplace(s, n, 0.25);
	out->q3 = fi__quantile_inplace(s, n, 0.75);
	median_mad(x, s, n, &out->median, &out->mad);
	free(s);
	return FI_OK;
}

int fi_stats_zscores(const double *x, size_t n, double *z)
{
	if (!z || n < 2)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "z-scores need at least 2 values");
	int rc = fi__require_finite(x, n, "x");
	if (rc)
		return rc;
	double mean, sd;
	fi__mean_sd(x, n, &mean, &sd);
	if (!(sd > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL, "z-scores: the values have no spread (sd = 0)");
	for (size_t i = 0; i < n; i++)
		z[i] = (x[i] - mean) / sd;
	return FI_OK;
}

#define IGLEWICZ_HOAGLIN 0.6745
#define MEAN_AD_FACTOR 1.253314 /* sqrt(pi/2): MeanAD of a normal distribution is sd/1.253314 */

int fi_stats_modified_zscores(const double *x, size_t n, double *m, int *used_fallback)
{
	if (!m || n == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "modified z-scores need values");
	double *s, median, mad;
	int rc = finite_copy(x, n, &s);
	if (rc)
		return rc;
	median_mad(x, s, n, &median, &mad);   /* two selections, no sort */
	free(s);
	double scale, factor;
	if (mad > 0) {
		scale = mad;
		factor = IGLEWICZ_HOAGLIN;
	} else {
		double mean_ad = 0;
		for (size_t i = 0; i < n; i++)
			mean_ad += fabs(x[i] - median);
		mean_ad /= (double)n;
		if (!(mean_ad > 0))
			return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL,
					 "modified z-scores: every value is the same (no spread)");
		scale = MEAN_AD_FACTOR * mean_ad;
		factor = 1.0;
	}
	if (used_fallback)
		*used_fallback = mad > 0 ? 0 : 1;
	for (size_t i = 0; i < n; i++)
		m[i] = factor * (x[i] - median) / scale;
	return FI_OK;
}

/* The values before x[i] as the window slides: their mean and sum of squared deviations, kept by
 * Welford's updates as one value enters and one leaves, and recomputed from the values every
 * @c window steps so that rounding cannot pile up; and how many neighbouring pairs among them
 * differ, so that a window of equal values has no spread exactly (the updates might leave a
 * residue of 1e-16 and a huge z). */
typedef struct sliding {
	size_t from, m;     /* the window is x[from, from + m) */
	double mean, m2;
	size_t unequal;
} sliding;

static void sliding_recompute(sliding *w, const double *x)
{
	double sum = 0, m2 = 0;
	for (size_t j = w->from; j < w->from + w->m; j++)
		sum += x[j];
	double mean = w->m ? sum / (double)w->m : 0;
	for (size_t j = w->from; j < w->from + w->m; j++)
		m2 += (x[j] - mean) * (x[j] - mean);
	w->mean = mean;
	w->m2 = m2;
}

static void sliding_add(sliding *w, const double *x)
{
	size_t j = w->from + w->m++;
	double d = x[j] - w->mean;
	w->mean += d / (double)w->m;
	w->m2 += d * (x[j] - w->mean);
	w->unequal += w->m > 1 && x[j] != x[j - 1];
}

/* Removing subtracts: a value far from the others (a garbage pace of 10⁷ among paces of 10) leaves
 * a sum of squares that is mostly rounding. Then the values are asked instead. */
#define CANCELLATION_GUARD 1e4

static void sliding_remove(sliding *w, const double *x)
{
	size_t j = w->from++;
	w->m--;
	w->unequal -= w->m > 0 && x[j] != x[j + 1];
	double d = x[j] - w->mean;
	w->mean -= d / (double)w->m;
	w->m2 -= d * (x[j] - w->mean);
	if (!(d * d <= CANCELLATION_GUARD * w->m2))
		sliding_recompute(w, x);
}

int fi_stats_rolling_zscores(const double *x, size_t n, size_t window, size_t min_prior, double *z)
{
	if (!z || window < 2 || min_prior < 2 || min_prior > window || z == x)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "rolling z-scores need window >= min_prior >= 2 and a separate output");
	int rc = fi__require_finite(x, n, "x");
	if (rc)
		return rc;
	sliding w = { 0, 0, 0, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		z[i] = (double)NAN;
		if (w.m >= min_prior && w.unequal) {
			double sd = sqrt(w.m2 / (double)(w.m - 1));
			if (sd > 0)
				z[i] = (x[i] - w.mean) / sd;
		}
		sliding_add(&w, x);
		if (w.m > window)
			sliding_remove(&w, x);
		if ((i + 1) % window == 0)
			sliding_recompute(&w, x);
	}
	return FI_OK;
}
