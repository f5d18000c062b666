/**
 * @file fitintel/forecast.h
 * @brief Forecast kernels for periodic series (weekly or monthly counts, distances, paces), SPEC §5.
 *
 * A series is y[0..n) at equally spaced periods t = 0..n−1; forecasts are for t = n..n+h−1.
 * Pure functions over arrays; outputs are caller-owned.
 */
#ifndef FITINTEL_FORECAST_H
#define FITINTEL_FORECAST_H

#include "fitintel/common.h"

FI_BEGIN_DECLS

/**
 * Linear trend forecast with prediction intervals: OLS of y on t, then for each step
 * ŷ ± t_{(1+c)/2, n−2} · s · sqrt(1 + 1/n + (t − t̄)²/Sₜₜ), which widens away from the data.
 * @param[out] value, low, high  h values each.
 * @param[out] rmse  in-sample root mean squared error of the fit (may be NULL).
 * @return FI_OK; FI_EINVALID for n < 3, h = 0, confidence outside (0, 1), non-finite values.
 * @since 0.1
 */
FI_API int fi_forecast_linear(const double *y, size_t n, size_t h, double confidence, double *value,
			      double *low, double *high, double *rmse);

/**
 * Holt's linear exponential smoothing with level weight @p alpha and trend weight @p beta (both
 * in (0, 1]); the state before y[0] is level y[0], trend y[1] − y[0].
 * @param[out] value  h forecasts.
 * @param[out] fitted  n one-step-ahead in-sample forecasts (may be NULL).
 * @param[out] rmse  in-sample one-step root mean squared error (may be NULL).
 * @return FI_OK; FI_EINVALID for n < 2, h = 0, weights outside (0, 1], non-finite values.
 * @since 0.1
 */
FI_API int fi_forecast_holt(const double *y, size_t n, size_t h, double alpha, double beta,
			    double *value, double *fitted, double *rmse);

/**
 * Choose Holt's weights: the (alpha, beta) on the grid 0.05, 0.10, …, 1.00 with the lowest
 * in-sample one-step squared error (ties: the smaller alpha, then beta). Deterministic.
 * @return FI_OK; FI_EINVALID as fi_forecast_holt().
 * @since 0.1
 */
FI_API int fi_forecast_holt_fit(const double *y, size_t n, double *alpha, double *beta);

FI_END_DECLS

#endif
