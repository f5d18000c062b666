/* Welch's two-sample t-test and Cohen's d (SPEC §6). */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "kernel.h"

int fi__welch_moments(double ma, double va, size_t na, double mb, double vb, size_t nb, fi_ttest *out)
{
	double qa = va / (double)na, qb = vb / (double)nb;
	if (!(qa + qb > 0))
		return fi__error(FI_EINVALID, FI_ERRCAT_KERNEL, "a t-test needs some spread in the samples");
	fi__library_init();
	out->mean_a = ma;
	out->mean_b = mb;
	out->t = (ma - mb) / sqrt(qa + qb);
	out->df = (qa + qb) * (qa + qb) /
		  (qa * qa / ((double)na - 1) + qb * qb / ((double)nb - 1));
	out->p_value = 2 * gsl_cdf_tdist_Q(fabs(out->t), out->df);
	double pooled = ((double)(na - 1) * va + (double)(nb - 1) * vb) / (double)(na + nb - 2);
	out->cohen_d = (ma - mb) / sqrt(pooled);
	return FI_OK;
}

int fi_stats_welch(const double *a, size_t na, const double *b, size_t nb, fi_ttest *out)
{
	if (!out || na < 2 || nb < 2)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a t-test needs at least 2 values per sample");
	int rc;
	if ((rc = fi__require_finite(a, na, "a")) || (rc = fi__require_finite(b, nb, "b")))
		return rc;
	double ma, mb, va, vb;
	fi__mean_variance(a, na, &ma, &va);
	fi__mean_variance(b, nb, &mb, &vb);
	return fi__welch_moments(ma, va, na, mb, vb, nb, out);
}
