/* Forecasts of periodic series: a linear trend with prediction intervals, and Holt's method. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "kernel.h"

int fi_forecast_linear(const double *y, size_t n, size_t h, double confidence, double *value,
		       double *low, double *high, double *rmse)
{
	if (n < 3 || h == 0 || !value || !low || !high || !(confidence > 0 && confidence < 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "a linear forecast needs 3+ points, 1+ steps and a confidence in (0, 1)");
	int rc = fi__require_finite(y, n, "y");
	if (rc)
		return rc;
	fi__library_init();
	double nn = (double)n, tbar = (nn - 1) / 2, ybar = 0, stt = 0, sty = 0;
	for (size_t i = 0; i < n; i++)
		ybar += y[i];
	ybar /= nn;
	for (size_t i = 0; i < n; i++) {
		double dt = (double)i - tbar;
		stt += dt * dt;
		sty += dt * (y[i] - ybar);
	}
	double slope = sty / stt, intercept = ybar - slope * tbar, sse = 0;
	for (size_t i = 0; i < n; i++) {
		double e = y[i] - (intercept + slope * (double)i);
		sse += e * e;
	}
	double s = sqrt(sse / (nn - 2));
	double t = gsl_cdf_tdist_Pinv(0.5 + confidence / 2, nn - 2);
	for (size_t j = 0; j < h; j++) {
		double at = nn + (double)j;
		double half = t * s * sqrt(1 + 1 / nn + (at - tbar) * (at - tbar) / stt);
		value[j] = intercept + slope * at;
		low[j] = value[j] - half;
		high[j] = value[j] + half;
	}
	if (rmse)
		*rmse = sqrt(sse / nn);
	return FI_OK;
}

/* Run the recursions; returns the one-step SSE and leaves the final state in *level, *trend. */
static double holt_run(const double *y, size_t n, double alpha, double beta, double *fitted,
		       double *level, double *trend)
{
	double l = y[0], b = y[1] - y[0], sse = 0;
	for (size_t t = 0; t < n; t++) {
		double forecast = l + b;
		if (fitted)
			fitted[t] = forecast;
		sse += (y[t] - forecast) * (y[t] - forecast);
		double next = alpha * y[t] + (1 - alpha) * forecast;
		b = beta * (next - l) + (1 - beta) * b;
		l = next;
	}
	*level = l;
	*trend = b;
	return sse;
}

static int check_holt(const double *y, size_t n, double alpha, double beta)
{
	if (n < 2 || !(alpha > 0 && alpha <= 1) || !(beta > 0 && beta <= 1))
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG,
				 "Holt's method needs 2+ points and weights in (0, 1]");
	return fi__require_finite(y, n, "y");
}

int fi_forecast_holt(const double *y, size_t n, size_t h, double alpha, double beta, double *value,
		     double *fitted, double *rmse)
{
	int rc = check_holt(y, n, alpha, beta);
	if (rc)
		return rc;
	if (h == 0 || !value)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "a forecast needs 1+ steps and an output");
	double l, b;
	double sse = holt_run(y, n, alpha, beta, fitted, &l, &b);
	for (size_t j = 0; j < h; j++)
		value[j] = l + (double)(j + 1) * b;
	if (rmse)
		*rmse = sqrt(sse / (double)n);
	return FI_OK;
}

int fi_forecast_holt_fit(const double *y, size_t n, double *alpha, double *beta)
{
	int rc = check_holt(y, n, 0.5, 0.5);
	if (rc)
		return rc;
	if (!alpha || !beta)
		return fi__error(FI_EINVALID, FI_ERRCAT_ARG, "alpha and beta outputs are required");
	double best = HUGE_VAL;
	for (int i = 1; i <= 20; i++) {
		for (int j = 1; j <= 20; j++) {
			double l, b, a = i / 20.0, c = j / 20.0;
			double sse = holt_run(y, n, a, c, NULL, &l, &b);
			if (sse < best) {
				best = sse;
				*alpha = a;
				*beta = c;
			}
		}
	}
	return FI_OK;
}
