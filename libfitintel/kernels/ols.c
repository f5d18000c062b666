/* Ordinary least squares with the figures of scipy.stats.linregress and a slope interval (SPEC §5). */
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>

#include "kernel.h"

int fi_stats_ols(const double *x, const double *y, size_t n, double confidence, fi_ols *out)
{
	if (!out || n < 3 || !(confidence > 0 && confidence < 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "a regression needs at least 3 points and a confidence in (0, 1)");
	int rc;
	if ((rc = fi__require_finite(x, n, "x")) || (rc = fi__require_finite(y, n, "y")))
		return rc;
	fi__library_init();
	double mx = gsl_stats_mean(x, 1, n);
	double sxx = gsl_stats_tss_m(x, 1, n, mx);
	if (!(sxx > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL, "a regression needs x values that differ");
	double c0, c1, cov00, cov01, cov11, sumsq;
	if (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) != 0)
		return fi__error(FI_ERROR, FI_ERRCAT_KERNEL, "the regression failed");
	double my = gsl_stats_mean(y, 1, n);
	double syy = gsl_stats_tss_m(y, 1, n, my);
	double df = (double)n - 2;
	out->n = n;
	out->slope = c1;
	out->intercept = c0;
	out->r = syy > 0 ? gsl_stats_correlation(x, 1, y, 1, n) : 0.0;
	out->r2 = out->r * out->r;
	out->slope_se = sqrt(cov11);
	out->intercept_se = sqrt(cov00);
	if (out->slope_se > 0)
		out->p_value = 2 * gsl_cdf_tdist_Q(fabs(c1 / out->slope_se), df);
	else
		out->p_value = c1 != 0 ? 0.0 : 1.0; /* a perfect line, or a flat one */
	double t = gsl_cdf_tdist_Pinv(0.5 + confidence / 2, df);
	out->slope_low = c1 - t * out->slope_se;
	out->slope_high = c1 + t * out->slope_se;
	return FI_OK;
}
