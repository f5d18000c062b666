/* Mann–Kendall trend test and Sen's slope (SPEC §5, the robust check of a trend). */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "kernel.h"

#define MAX_POINTS 20000

static double sign(double v)
{
	return (v > 0) - (v < 0);
}

/* Σ t(t−1)(2t+5) over groups of equal values in sorted @s. */
static double tie_term(const double *s, size_t n)
{
	double sum = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j] == s[i])
			j++;
		double t = (double)(j - i);
		sum += t * (t - 1) * (2 * t + 5);
		i = j;
	}
	return sum;
}

int fi_stats_mann_kendall(const double *x, const double *y, size_t n, fi_mann_kendall *out)
{
	if (!out || n < 3)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "Mann-Kendall needs at least 3 points");
	if (n > MAX_POINTS)
		return fi__error(FI_ELIMIT, FI_ERRCAT_KERNEL,
				 "Mann-Kendall on %zu points: at most %d (aggregate per week or month first)",
				 n, MAX_POINTS);
	int rc;
	if ((rc = fi__require_finite(x, n, "x")) || (rc = fi__require_finite(y, n, "y")))
		return rc;
	fi__library_init();
	double *slopes = malloc(n * (n - 1) / 2 * sizeof *slopes);
	double *sy = fi__sorted_copy(y, n);   /* sorted: the ties of y */
	double *sx = fi__copy(x, n);
	if (!slopes || !sy || !sx) {
		FI__FREE_ALL(slopes, sy, sx);
		return fi__error_oom();
	}
	double s = 0;
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = i + 1; j < n; j++) {
			double dx = x[j] - x[i];
			s += sign(dx) * sign(y[j] - y[i]);
			if (dx != 0)
				slopes[m++] = (y[j] - y[i]) / dx;
		}
	}
	if (m == 0) {
		FI__FREE_ALL(slopes, sy, sx);
		return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL, "Mann-Kendall needs x values that differ");
	}
	double nn = (double)n;
	out->s = s;
	out->var_s = (nn * (nn - 1) * (2 * nn + 5) - tie_term(sy, n)) / 18.0;
	out->z = out->var_s > 0 ? (s - sign(s)) / sqrt(out->var_s) : 0.0;
	out->p_value = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
	out->tau = s / (nn * (nn - 1) / 2);
	/* medians by selection: sorting the n(n − 1)/2 slopes was most of a briefing's time */
	out->sen_slope = fi__median_inplace(slopes, m);
	out->sen_intercept = gsl_stats_median_from_sorted_data(sy, 1, n) -
			     out->sen_slope * fi__median_inplace(sx, n);
	FI__FREE_ALL(slopes, sy, sx);
	return FI_OK;
}
