/* Quantiles, summaries, z-scores and modified z-scores (SPEC §3). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

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

double *fi__sorted_copy(const double *x, size_t n)
{
	double *s = malloc((n ? n : 1) * sizeof *s);
	if (!s) {
		fi__error_oom();
		return NULL;
	}
	if (n)
		memcpy(s, x, n * sizeof *s);
	gsl_sort(s, 1, n);
	return s;
}

int fi_stats_quantile(const double *x, size_t n, double p, double *out)
{
	if (!out || n == 0 || !(p >= 0 && p <= 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "quantile needs values and 0 <= p <= 1");
	int rc = fi__require_finite(x, n, "x");
	if (rc)
		return rc;
	fi__library_init();
	double *s = fi__sorted_copy(x, n);
	if (!s)
		return FI_ENOMEM;
	*out = gsl_stats_quantile_from_sorted_data(s, 1, n, p); /* type 7, as numpy */
	free(s);
	return FI_OK;
}

int fi_stats_summarize(const double *x, size_t n, fi_stats_summary *out)
{
	if (!out || n == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "summarize needs at least one value");
	int rc = fi__require_finite(x, n, "x");
	if (rc)
		return rc;
	fi__library_init();
	double *s = fi__sorted_copy(x, n);
	if (!s)
		return FI_ENOMEM;
	out->n = n;
	out->mean = gsl_stats_mean(s, 1, n);
	out->sd = n > 1 ? gsl_stats_sd_m(s, 1, n, out->mean) : 0.0;
	out->min = s[0];
	out->max = s[n - 1];
	out->q1 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.25);
	out->median = gsl_stats_median_from_sorted_data(s, 1, n);
	out->q3 = gsl_stats_quantile_from_sorted_data(s, 1, n, 0.75);
	for (size_t i = 0; i < n; i++)
		s[i] = fabs(s[i] - out->median);
	gsl_sort(s, 1, n);
	out->mad = gsl_stats_median_from_sorted_data(s, 1, n);
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
	double mean = gsl_stats_mean(x, 1, n);
	double sd = gsl_stats_sd_m(x, 1, n, mean);
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
	fi_stats_summary s;
	int rc = fi_stats_summarize(x, n, &s);
	if (rc)
		return rc;
	double scale, factor;
	if (s.mad > 0) {
		scale = s.mad;
		factor = IGLEWICZ_HOAGLIN;
	} else {
		double mean_ad = 0;
		for (size_t i = 0; i < n; i++)
			mean_ad += fabs(x[i] - s.median);
		mean_ad /= (double)n;
		if (!(mean_ad > 0))
			return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL,
					 "modified z-scores: every value is the same (no spread)");
		scale = MEAN_AD_FACTOR * mean_ad;
		factor = 1.0;
	}
	if (used_fallback)
		*used_fallback = s.mad > 0 ? 0 : 1;
	for (size_t i = 0; i < n; i++)
		m[i] = factor * (x[i] - s.median) / scale;
	return FI_OK;
}

int fi_stats_rolling_zscores(const double *x, size_t n, size_t window, size_t min_prior, double *z)
{
	if (!z || window < 2 || min_prior < 2 || min_prior > window || z == x)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "rolling z-scores need window >= min_prior >= 2 and a separate output");
	int rc = fi__require_finite(x, n, "x");
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		size_t from = i > window ? i - window : 0, m = i - from;
		z[i] = (double)NAN;
		if (m < min_prior)
			continue;
		/* two passes over at most @window values: exact, and windows are small */
		double mean = gsl_stats_mean(x + from, 1, m);
		double sd = gsl_stats_sd_m(x + from, 1, m, mean);
		if (sd > 0)
			z[i] = (x[i] - mean) / sd;
	}
	return FI_OK;
}
