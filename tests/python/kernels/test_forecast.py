"""Rolling z-scores and the forecast kernels against independent references: pandas' rolling
windows, statsmodels' OLS prediction intervals and its Holt model."""
import ctypes as C

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.tsa.holtwinters import Holt

from clib import DBL, LIB, arr, call

rng = np.random.default_rng(7)


@pytest.mark.parametrize("n,window,min_prior", [(10, 30, 5), (200, 30, 5), (120, 7, 3)])
def test_rolling_zscores_exclude_the_current_value(n, window, min_prior):
    x = rng.normal(20, 4, n)
    x[n // 2] = 60                       # a spike the window must not swallow
    xa, xp = arr(x)
    z = np.empty(n)
    call(LIB.fi_stats_rolling_zscores, xp, C.c_size_t(n), C.c_size_t(window), C.c_size_t(min_prior),
         z.ctypes.data_as(DBL))
    prior = pd.Series(x).shift(1).rolling(window, min_periods=min_prior)
    want = ((pd.Series(x) - prior.mean()) / prior.std()).to_numpy()
    np.testing.assert_allclose(z, want, rtol=1e-9, equal_nan=True)
    if n > 2 * min_prior:
        assert z[n // 2] > 2             # detectable because it is not in its own window


def _rolling(x, window, min_prior):
    z = np.empty(len(x))
    xa, xp = arr(x)
    call(LIB.fi_stats_rolling_zscores, xp, C.c_size_t(len(x)), C.c_size_t(window),
         C.c_size_t(min_prior), z.ctypes.data_as(DBL))
    return z


def _pandas_rolling(x, window, min_prior):
    prior = pd.Series(x).shift(1).rolling(window, min_periods=min_prior)
    return ((pd.Series(x) - prior.mean()) / prior.std()).to_numpy()


def test_rolling_zscores_over_a_long_series_do_not_drift():
    # the window slides 200,000 times: its mean and spread are updated, not recomputed, so an
    # error that piled up would show here (values far from 0 make cancellation worse)
    x = 1e5 + rng.normal(0, 3, 200_000)
    x[::997] += 40
    np.testing.assert_allclose(_rolling(x, 30, 5), _pandas_rolling(x, 30, 5), rtol=1e-9, atol=1e-9)


def test_rolling_zscores_of_equal_values_have_no_spread():
    # stretches of one value (estimated steps, a device that reports a constant) between others:
    # a window holding only equal values has no z, exactly, however the window got there
    x = np.concatenate([rng.normal(10, 2, 50), np.full(40, 7.1), rng.normal(10, 2, 50),
                        np.full(12, 3.3), [3.3 + 1e-9], np.full(35, 0.1)])
    z = _rolling(x, 10, 3)
    # numpy on each window (pandas' own rolling std rounds the 1e-9 apart window to no spread)
    prior = [x[max(0, i - 10):i] for i in range(len(x))]
    want = np.array([(x[i] - w.mean()) / w.std(ddof=1) if len(w) >= 3 and np.ptp(w) > 0 else np.nan
                     for i, w in enumerate(prior)])
    window_equal = np.array([len(w) >= 3 and np.ptp(w) == 0 for w in prior])
    assert window_equal.sum() > 40
    assert np.isnan(z[window_equal]).all()
    np.testing.assert_allclose(z, want, rtol=1e-6, equal_nan=True)


def test_rolling_zscores_after_a_far_value_leaves_the_window():
    # garbage paces of 10^6-10^7 min/mi among paces of 10 (real exports have them): when one
    # leaves the window, what remains must be measured as if it had never been there
    x = rng.normal(10, 2, 3000)
    x[rng.choice(3000, 40, replace=False)] = rng.uniform(1e6, 4e7, 40)
    z = _rolling(x, 30, 5)
    prior = [x[max(0, i - 30):i] for i in range(len(x))]
    want = np.array([(x[i] - w.mean()) / w.std(ddof=1) if len(w) >= 5 else np.nan
                     for i, w in enumerate(prior)])
    np.testing.assert_allclose(z, want, rtol=1e-9, equal_nan=True)


def test_rolling_zscores_of_a_spread_at_rounding_level():
    # equal values but one, a last bit apart, after others far apart: the updated sum of squares
    # rounds to nothing while the window does differ; the values themselves are asked again
    x = np.array([-0.7145797210329641, 0.4695680987474934, -1.0338667223549824, 1.0, 1.0, 1.0, 1.0,
                  np.nextafter(1.0, 2.0), 1.0, 1.0, 1.0, 1.0])
    z = _rolling(x, 5, 2)
    for i in range(2, len(x)):
        w = x[max(0, i - 5):i]
        if np.ptp(w) > 0:
            assert z[i] == pytest.approx((x[i] - w.mean()) / w.std(ddof=1), rel=1e-6), i
        else:
            assert np.isnan(z[i]), i


@pytest.mark.parametrize("n,h", [(3, 1), (24, 6), (150, 12)])
def test_linear_forecast_matches_statsmodels(n, h):
    t = np.arange(n, dtype=float)
    y = 40 + 0.8 * t + rng.normal(0, 3, n)
    ya, yp = arr(y)
    value, low, high = np.empty(h), np.empty(h), np.empty(h)
    rmse = C.c_double()
    call(LIB.fi_forecast_linear, yp, C.c_size_t(n), C.c_size_t(h), C.c_double(0.95),
         value.ctypes.data_as(DBL), low.ctypes.data_as(DBL), high.ctypes.data_as(DBL), C.byref(rmse))
    fit = sm.OLS(y, sm.add_constant(t)).fit()
    future = sm.add_constant(np.arange(n, n + h, dtype=float), has_constant="add")
    frame = fit.get_prediction(future).summary_frame(alpha=0.05)
    np.testing.assert_allclose(value, frame["mean"], rtol=1e-9)
    np.testing.assert_allclose(low, frame["obs_ci_lower"], rtol=1e-9)
    np.testing.assert_allclose(high, frame["obs_ci_upper"], rtol=1e-9)
    assert rmse.value == pytest.approx(np.sqrt(np.mean(fit.resid ** 2)), rel=1e-9)
    widths = high - low
    assert (np.diff(widths) > 0).all() or h == 1      # wider the further out


@pytest.mark.parametrize("alpha,beta", [(0.8, 0.2), (0.3, 0.1), (1.0, 1.0)])
def test_holt_matches_statsmodels(alpha, beta):
    y = 100 + np.cumsum(rng.normal(1.5, 4, 60))
    ya, yp = arr(y)
    h = 8
    value, fitted = np.empty(h), np.empty(len(y))
    rmse = C.c_double()
    call(LIB.fi_forecast_holt, yp, C.c_size_t(len(y)), C.c_size_t(h), C.c_double(alpha), C.c_double(beta),
         value.ctypes.data_as(DBL), fitted.ctypes.data_as(DBL), C.byref(rmse))
    model = Holt(y, initialization_method="known", initial_level=y[0], initial_trend=y[1] - y[0])
    ref = model.fit(smoothing_level=alpha, smoothing_trend=beta, optimized=False)
    np.testing.assert_allclose(fitted, ref.fittedvalues, rtol=1e-9)
    np.testing.assert_allclose(value, ref.forecast(h), rtol=1e-9)
    assert rmse.value == pytest.approx(np.sqrt(ref.sse / len(y)), rel=1e-9)


def test_holt_fit_picks_the_grid_minimum():
    y = 50 + np.cumsum(rng.normal(0.5, 2, 40))
    ya, yp = arr(y)
    a, b = C.c_double(), C.c_double()
    call(LIB.fi_forecast_holt_fit, yp, C.c_size_t(len(y)), C.byref(a), C.byref(b))
    grid = np.arange(1, 21) / 20
    def sse(alpha, beta):
        level, trend, total = y[0], y[1] - y[0], 0.0
        for v in y:
            f = level + trend
            total += (v - f) ** 2
            new = alpha * v + (1 - alpha) * f
            trend = beta * (new - level) + (1 - beta) * trend
            level = new
        return total
    scores = np.array([[sse(p, q) for q in grid] for p in grid])
    i, j = np.unravel_index(np.argmin(scores), scores.shape)
    assert (a.value, b.value) == (grid[i], grid[j])
