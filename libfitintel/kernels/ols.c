/* Ordinary least squares with the figures of scipy.stats.linregress and a slope interval (SPEC §5).
 * Plain two-pass sums rather than gsl_fit_linear: the same figures, several times faster. */
#include <math.h>

#include <gsl/gsl_cdf.h>

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
	/* two passes of plain sums: means, then centred sums of squares and products */
	double mx = 0, my = 0;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	double sxx = 0, syy = 0, sxy = 0;
	for (size_t i = 0; i < n; i++) {
		double dx = x[i] - mx, dy = y[i] - my;
		sxx += dx * dx;
		syy += dy * dy;
		sxy += dx * dy;
	}
	if (!(sxx > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL, "a regression needs x values that differ");
	double df = (double)n - 2;
	double slope = sxy / sxx;
	double sse = syy - slope * sxy;    /* residual sum of squares */
	if (sse < 0)
		sse = 0;
	double s2 = sse / df;
	out->n = n;
	out->slope = slope;
	out->intercept = my - slope * mx;
	out->r = syy > 0 ? sxy / sqrt(sxx * syy) : 0.0;
	if (out->r > 1)
		out->r = 1;
	if (out->r < -1)
		out->r = -1;
	out->r2 = out->r * out->r;
	out->slope_se = sqrt(s2 / sxx);
	out->intercept_se = sqrt(s2 * (1.0 / (double)n + mx * mx / sxx));
	if (out->slope_se > 0)
		out->p_value = 2 * gsl_cdf_tdist_Q(fabs(slope / out->slope_se), df);
	else
		out->p_value = slope != 0 ? 0.0 : 1.0; /* a perfect line, or a flat one */
	double t = gsl_cdf_tdist_Pinv(0.5 + confidence / 2, df);
	out->slope_low = slope - t * out->slope_se;
	out->slope_high = slope + t * out->slope_se;
	return FI_OK;
}
