/* Standardising features (SPEC §2.3: mean and population sd of the clean training rows). */
#include <math.h>

#include "kernel.h"

void fi__column_moments(const double *x, size_t n, size_t d, size_t j, double *mean, double *var)
{
	double m = 0, m2 = 0;
	for (size_t i = 0; i < n; i++) {
		double v = x[i * d + j], delta = v - m;
		m += delta / (double)(i + 1);
		m2 += delta * (v - m);
	}
	*mean = m;
	*var = m2 / (double)n;
}

int fi_scale_fit(const double *x, size_t n, size_t d, double *mean, double *scale)
{
	if (!mean || !scale || n == 0 || d == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "scaling needs rows, features and outputs");
	int rc = fi__require_finite(x, n * d, "x");
	if (rc)
		return rc;
	for (size_t j = 0; j < d; j++) {
		double var;
		fi__column_moments(x, n, d, j, &mean[j], &var);
		double sd = sqrt(var);
		scale[j] = sd > 0 ? sd : 1.0;
	}
	return FI_OK;
}

int fi_scale_apply(const double *x, size_t n, size_t d, const double *mean, const double *scale,
		   double *out)
{
	if (!x || !mean || !scale || !out || d == 0)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "scaling needs data, mean, scale and output");
	for (size_t j = 0; j < d; j++)
		if (!(scale[j] > 0) || !isfinite(mean[j]))
			return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "scale[%zu] must be positive", j);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < d; j++)
			out[i * d + j] = (x[i * d + j] - mean[j]) / scale[j];
	return FI_OK;
}
