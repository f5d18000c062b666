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

void fi__mean_variance(const double *x, size_t n, double *mean, double *variance)
{
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	double m = sum / (double)n, ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - m) * (x[i] - m);
	*mean = m;
	*variance = n > 1 ? ss / (double)(n - 1) : 0.0;
}

void fi__mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	double variance;
	fi__mean_variance(x, n, mean, &variance);
	*sd = sqrt(variance);
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

/* The window's values live in a ring of window + 1 (a value enters before the oldest leaves):
 * ring[first] is the oldest, and the positions after it wrap around (no %: a division per value
 * would cost more than the update). Its mean and sum of squared deviations are kept by Welford's
 * updates as one value enters and one leaves, and recomputed from the values every @c window
 * steps so that rounding cannot pile up; and how many neighbouring pairs among them differ, so
 * that a window of equal values has no spread exactly (the updates might leave a residue of
 * 1e-16 and a huge z). */
static size_t ring_next(const fi__rolling *w, size_t pos)
{
	return pos + 1 == w->cap ? 0 : pos + 1;
}

static void rolling_recompute(fi__rolling *w)
{
	double sum = 0, m2 = 0;
	size_t pos = w->first;
	for (size_t k = 0; k < w->m; k++, pos = ring_next(w, pos))
		sum += w->ring[pos];
	double mean = w->m ? sum / (double)w->m : 0;
	pos = w->first;
	for (size_t k = 0; k < w->m; k++, pos = ring_next(w, pos))
		m2 += (w->ring[pos] - mean) * (w->ring[pos] - mean);
	w->mean = mean;
	w->m2 = m2;
}

static void rolling_add(fi__rolling *w, double x)
{
	size_t pos = w->first + w->m < w->cap ? w->first + w->m : w->first + w->m - w->cap;
	w->ring[pos] = x;
	w->m++;
	double d = x - w->mean;
	w->mean += d / (double)w->m;
	w->m2 += d * (x - w->mean);
	w->unequal += w->m > 1 && x != w->last;
	w->last = x;
}

/* Removing subtracts: a value far from the others (a garbage pace of 10⁷ among paces of 10) leaves
 * a sum of squares that is mostly rounding. Then the values are asked instead. */
#define CANCELLATION_GUARD 1e4

static void rolling_remove(fi__rolling *w)
{
	double x = w->ring[w->first];
	w->first = ring_next(w, w->first);
	w->m--;
	w->unequal -= w->m > 0 && x != w->ring[w->first];
	double d = x - w->mean;
	w->mean -= d / (double)w->m;
	w->m2 -= d * (x - w->mean);
	if (!(d * d <= CANCELLATION_GUARD * w->m2))
		rolling_recompute(w);
}

int fi__rolling_init(fi__rolling *w, size_t window, size_t min_prior)
{
	*w = (fi__rolling){ .window = window, .min_prior = min_prior, .cap = window + 1 };
	if (window < 2 || min_prior < 2 || min_prior > window || window == SIZE_MAX)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "rolling z-scores need window >= min_prior >= 2 (window %zu, min_prior %zu)",
				 window, min_prior);
	w->ring = malloc(w->cap * sizeof *w->ring);
	return w->ring ? FI_OK : fi__error_oom();
}

double fi__rolling_next(fi__rolling *w, double x)
{
	double z = (double)NAN;
	if (w->m >= w->min_prior && w->unequal) {
		double sd = sqrt(w->m2 / (double)(w->m - 1));
		if (sd > 0)
			z = (x - w->mean) / sd;
	}
	rolling_add(w, x);
	if (w->m > w->window)
		rolling_remove(w);
	if (++w->since_recompute == w->window) {   /* every window-th value; no % per value */
		w->since_recompute = 0;
		rolling_recompute(w);
	}
	return z;
}

void fi__rolling_free(fi__rolling *w)
{
	free(w->ring);
	w->ring = NULL;
}

int fi_stats_rolling_zscores(const double *x, size_t n, size_t window, size_t min_prior, double *z)
{
	if (!z || z == x)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "rolling z-scores need a separate output");
	fi__rolling w;
	int rc = fi__rolling_init(&w, window, min_prior);   /* checks window and min_prior */
	if (rc == FI_OK && (rc = fi__require_finite(x, n, "x")))
		fi__rolling_free(&w);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		z[i] = fi__rolling_next(&w, x[i]);
	fi__rolling_free(&w);
	return FI_OK;
}
