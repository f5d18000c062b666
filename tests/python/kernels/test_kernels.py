"""The statistics and k-means kernels against independent references on generated data: numpy's
percentile, scipy's linregress / ttest_ind / theilslopes / kendalltau, and scikit-learn's KMeans,
StandardScaler and silhouette_score. The kernels are called through ctypes on the built library."""
import ctypes as C

import numpy as np
import pytest
from scipy import stats
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler

from clib import DBL, FI_EINVALID, I32, LIB, arr, call, struct

REL = 1e-9

# laid out by the compiler (clib.struct)
Summary = struct("fi_stats_summary")
Ols = struct("fi_ols")
TTest = struct("fi_ttest")
MannKendall = struct("fi_mann_kendall")
KmParams = struct("fi_kmeans_params")

LIB.fi_kmeans_inertia.restype = C.c_double
LIB.fi_kmeans_centroids.restype = DBL
LIB.fi_kmeans_confidence.restype = C.c_double
LIB.fi_kmeans_iterations.restype = C.c_uint


def same_p(got, want):
    """p-values agree to 1e-7 relative; far in the tails (p < 1e-15, where GSL's and scipy's t
    distributions both lose digits) to 1e-5 relative."""
    return got == pytest.approx(want, rel=1e-7 if want > 1e-15 else 1e-5, abs=1e-300)


rng = np.random.default_rng(20261126)


@pytest.mark.parametrize("n", [1, 2, 7, 100, 1001])
def test_quantile_matches_numpy(n):
    x = rng.normal(10, 3, n) * rng.choice([1, 1e3], n)
    xa, xp = arr(x)
    for p in (0, 0.01, 0.25, 0.5, 0.731, 0.75, 1):
        out = C.c_double()
        call(LIB.fi_stats_quantile, xp, C.c_size_t(n), C.c_double(p), C.byref(out))
        assert out.value == pytest.approx(np.percentile(x, 100 * p), rel=REL, abs=1e-12)


def test_quantile_refuses_bad_input():
    xa, xp = arr([1.0, np.nan, 3.0])
    out = C.c_double()
    assert LIB.fi_stats_quantile(xp, C.c_size_t(3), C.c_double(0.5), C.byref(out)) == FI_EINVALID
    xa, xp = arr([1.0, 2.0])
    assert LIB.fi_stats_quantile(xp, C.c_size_t(2), C.c_double(1.5), C.byref(out)) == FI_EINVALID
    assert LIB.fi_stats_quantile(xp, C.c_size_t(0), C.c_double(0.5), C.byref(out)) == FI_EINVALID


def test_summary_matches_numpy():
    x = rng.gamma(2.0, 3.0, 999)
    xa, xp = arr(x)
    s = Summary()
    call(LIB.fi_stats_summarize, xp, C.c_size_t(len(x)), C.byref(s))
    med = np.median(x)
    want = dict(mean=x.mean(), sd=x.std(ddof=1), min=x.min(), max=x.max(), q1=np.percentile(x, 25),
                median=med, q3=np.percentile(x, 75), mad=np.median(np.abs(x - med)))
    for k, v in want.items():
        assert getattr(s, k) == pytest.approx(v, rel=REL), k


def test_zscores_match_numpy_and_refuse_no_spread():
    x = rng.normal(5, 2, 500)
    xa, xp = arr(x)
    z = np.empty_like(x)
    call(LIB.fi_stats_zscores, xp, C.c_size_t(len(x)), z.ctypes.data_as(DBL))
    np.testing.assert_allclose(z, (x - x.mean()) / x.std(ddof=1), rtol=REL, atol=1e-12)
    flat, fp = arr(np.full(10, 3.25))
    assert LIB.fi_stats_zscores(fp, C.c_size_t(10), z.ctypes.data_as(DBL)) == FI_EINVALID


def test_modified_zscores_and_the_mad_zero_fallback():
    x = rng.standard_t(3, 400)
    xa, xp = arr(x)
    m = np.empty_like(x)
    used = C.c_int(-1)
    call(LIB.fi_stats_modified_zscores, xp, C.c_size_t(len(x)), m.ctypes.data_as(DBL), C.byref(used))
    med = np.median(x)
    np.testing.assert_allclose(m, 0.6745 * (x - med) / np.median(np.abs(x - med)), rtol=REL)
    assert used.value == 0
    # more than half the values equal: MAD = 0, MeanAD takes over
    y = np.array([4.0] * 7 + [4.5, 9.0, 1.0])
    ya, yp = arr(y)
    m = np.empty_like(y)
    call(LIB.fi_stats_modified_zscores, yp, C.c_size_t(len(y)), m.ctypes.data_as(DBL), C.byref(used))
    mean_ad = np.mean(np.abs(y - np.median(y)))
    np.testing.assert_allclose(m, (y - np.median(y)) / (1.253314 * mean_ad), rtol=REL)
    assert used.value == 1


@pytest.mark.parametrize("n,noise", [(3, 0.5), (30, 2.0), (2000, 15.0), (50, 0.0)])
def test_ols_matches_linregress(n, noise):
    x = np.sort(rng.uniform(0, 5000, n))
    y = 9.4 - 0.0003 * x + rng.normal(0, noise, n)
    (xa, xp), (ya, yp) = arr(x), arr(y)
    o = Ols()
    call(LIB.fi_stats_ols, xp, yp, C.c_size_t(n), C.c_double(0.95), C.byref(o))
    ref = stats.linregress(x, y)
    assert o.slope == pytest.approx(ref.slope, rel=REL)
    assert o.intercept == pytest.approx(ref.intercept, rel=REL)
    assert o.r == pytest.approx(ref.rvalue, rel=REL, abs=1e-12)
    assert o.slope_se == pytest.approx(ref.stderr, rel=1e-7, abs=1e-15)
    assert o.intercept_se == pytest.approx(ref.intercept_stderr, rel=1e-7, abs=1e-12)
    assert same_p(o.p_value, ref.pvalue)
    t = stats.t.ppf(0.975, n - 2)
    assert o.slope_low == pytest.approx(ref.slope - t * ref.stderr, rel=1e-7, abs=1e-12)
    assert o.slope_high == pytest.approx(ref.slope + t * ref.stderr, rel=1e-7, abs=1e-12)


def test_ols_refuses_constant_x():
    (xa, xp), (ya, yp) = arr([2.0, 2.0, 2.0]), arr([1.0, 2.0, 3.0])
    assert LIB.fi_stats_ols(xp, yp, C.c_size_t(3), C.c_double(0.95), C.byref(Ols())) == FI_EINVALID


@pytest.mark.parametrize("na,nb", [(2, 2), (12, 40), (700, 1900)])
def test_welch_matches_scipy(na, nb):
    a, b = rng.normal(9.5, 0.8, na), rng.normal(21.0, 3.1, nb)
    (aa, ap), (ba, bp) = arr(a), arr(b)
    r = TTest()
    call(LIB.fi_stats_welch, ap, C.c_size_t(na), bp, C.c_size_t(nb), C.byref(r))
    ref = stats.ttest_ind(a, b, equal_var=False)
    assert r.t == pytest.approx(ref.statistic, rel=REL)
    assert same_p(r.p_value, ref.pvalue)
    va, vb = a.var(ddof=1), b.var(ddof=1)
    df = (va / na + vb / nb) ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1))
    assert r.df == pytest.approx(df, rel=REL)
    pooled = np.sqrt(((na - 1) * va + (nb - 1) * vb) / (na + nb - 2))
    assert r.cohen_d == pytest.approx((a.mean() - b.mean()) / pooled, rel=REL)


def mann_kendall_reference(x, y):
    n = len(x)
    s = sum(np.sign(x[j] - x[i]) * np.sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n))
    _, counts = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in counts)) / 18
    z = (s - np.sign(s)) / np.sqrt(var)
    return s, var, z, 2 * stats.norm.sf(abs(z))


@pytest.mark.parametrize("n,ties", [(5, False), (6, False), (60, False), (60, True)])   # 10, 15, 1770 slopes
def test_mann_kendall_and_sen(n, ties):
    x = np.arange(n, dtype=float) * 7
    y = 30 - 0.05 * x + rng.normal(0, 1.5, n)
    if ties:
        y = np.round(y)
    (xa, xp), (ya, yp) = arr(x), arr(y)
    r = MannKendall()
    call(LIB.fi_stats_mann_kendall, xp, yp, C.c_size_t(n), C.byref(r))
    s, var, z, p = mann_kendall_reference(x, y)
    assert (r.s, r.var_s) == (pytest.approx(s), pytest.approx(var, rel=REL))
    assert r.z == pytest.approx(z, rel=REL) and r.p_value == pytest.approx(p, rel=1e-7)
    slope, intercept, _, _ = stats.theilslopes(y, x)
    assert r.sen_slope == pytest.approx(slope, rel=REL)
    assert r.sen_intercept == pytest.approx(intercept, rel=REL, abs=1e-12)
    if not ties:
        assert r.tau == pytest.approx(stats.kendalltau(x, y).statistic, rel=REL)


def blobs(n, centers, spread, seed):
    g = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=float)
    labels = g.integers(0, len(centers), n)
    return centers[labels] + g.normal(0, spread, (n, centers.shape[1]))


def fit_from(x, init, tol=1e-4, max_iter=300):
    xa, xp = arr(x)
    ia, ip = arr(init)
    params = KmParams(version=1, k=len(init), n_init=1, max_iter=max_iter, tol=tol, seed=0, sample_size=0)
    km = C.c_void_p()
    call(LIB.fi_kmeans_fit_from, xp, C.c_size_t(len(x)), C.c_size_t(x.shape[1]), ip,
         C.c_size_t(len(init)), C.byref(params), C.byref(km))
    return km


def km_result(km, n, k, d):
    labels = np.empty(n, dtype=np.int32)
    call(LIB.fi_kmeans_labels, km, labels.ctypes.data_as(I32), C.c_size_t(n))
    cents = np.ctypeslib.as_array(LIB.fi_kmeans_centroids(km), shape=(k * d,)).reshape(k, d).copy()
    return labels, cents, LIB.fi_kmeans_inertia(km), LIB.fi_kmeans_iterations(km)


@pytest.mark.parametrize("n,k,d,spread,tol", [(300, 3, 2, 1.0, 1e-4), (5000, 3, 4, 2.5, 1e-4),
                                              (2000, 5, 3, 3.0, 0.0)])
def test_lloyd_matches_sklearn_from_the_same_start(n, k, d, spread, tol):
    x = blobs(n, rng.uniform(-10, 10, (k, d)), spread, seed=n + k)
    init = x[rng.choice(n, k, replace=False)]
    km = fit_from(x, init, tol=tol)
    labels, cents, inertia, iters = km_result(km, n, k, d)
    LIB.fi_kmeans_free(km)
    ref = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", tol=tol, max_iter=300).fit(x)
    assert (labels == ref.labels_).all()
    np.testing.assert_allclose(cents, ref.cluster_centers_, rtol=1e-9, atol=1e-9)
    assert inertia == pytest.approx(ref.inertia_, rel=1e-9)
    assert iters == ref.n_iter_


def fit(x, k=3, n_init=10, seed=42, sample_size=0):
    xa, xp = arr(x)
    params = KmParams(version=1, k=k, n_init=n_init, max_iter=300, tol=1e-4, seed=seed, sample_size=sample_size)
    km = C.c_void_p()
    call(LIB.fi_kmeans_fit, xp, C.c_size_t(len(x)), C.c_size_t(x.shape[1]), C.byref(params), C.byref(km))
    result = km_result(km, len(x), k, x.shape[1])
    LIB.fi_kmeans_free(km)
    return result


def test_kmeanspp_is_reproducible_and_as_good_as_sklearn():
    x = blobs(4000, [[9.3, 1.5, 3.7], [22.0, 0.3, 3.3], [14.5, 1.0, 3.5]], 0.9, seed=5)
    a, b, c = fit(x, seed=7), fit(x, seed=7), fit(x, seed=8)
    assert (a[0] == b[0]).all() and a[1].tobytes() == b[1].tobytes() and a[2] == b[2]
    ref = KMeans(n_clusters=3, n_init=10, random_state=0).fit(x)
    assert a[2] <= ref.inertia_ * (1 + 1e-9)
    assert c[2] == pytest.approx(a[2], rel=1e-9)   # another seed finds the same optimum here


def test_sampled_restarts_find_the_same_optimum():
    x = blobs(150_000, [[9.3, 1.5, 3.7], [22.0, 0.3, 3.3], [14.5, 1.0, 3.5]], 1.3, seed=9)
    full = fit(x, seed=3)
    sampled = fit(x, seed=3, sample_size=20_000)
    again = fit(x, seed=3, sample_size=20_000)
    assert sampled[1].tobytes() == again[1].tobytes()            # still bit-reproducible
    # the same optimum, up to where the tolerance stops Lloyd
    assert sampled[2] == pytest.approx(full[2], rel=1e-6)
    assert (sampled[0] == full[0]).mean() > 0.9999
    ref = KMeans(n_clusters=3, n_init=10, random_state=0).fit(x)
    assert sampled[2] <= ref.inertia_ * (1 + 1e-6)


def test_scaler_matches_standard_scaler():
    x = rng.normal([10, 2, 40], [3, 0.5, 9], (777, 3))
    x[:, 1] = 4.0   # a column without spread gets scale 1
    xa, xp = arr(x)
    mean, scale = np.empty(3), np.empty(3)
    call(LIB.fi_scale_fit, xp, C.c_size_t(777), C.c_size_t(3), mean.ctypes.data_as(DBL), scale.ctypes.data_as(DBL))
    ref = StandardScaler().fit(x)
    np.testing.assert_allclose(mean, ref.mean_, rtol=REL)
    np.testing.assert_allclose(scale, ref.scale_, rtol=REL)
    out = np.empty_like(x)
    call(LIB.fi_scale_apply, xp, C.c_size_t(777), C.c_size_t(3), mean.ctypes.data_as(DBL),
         scale.ctypes.data_as(DBL), out.ctypes.data_as(DBL))
    np.testing.assert_allclose(out, ref.transform(x), rtol=REL, atol=1e-12)


@pytest.mark.parametrize("n,k", [(200, 2), (1500, 3), (600, 5)])
def test_silhouette_matches_sklearn(n, k):
    x = blobs(n, rng.uniform(-6, 6, (k, 3)), 1.7, seed=n)
    labels = KMeans(n_clusters=k, n_init=3, random_state=1).fit_predict(x).astype(np.int32)
    labels[0] = (labels[0] + 1) % k   # make sure nothing depends on a clean clustering
    xa, xp = arr(x)
    out = C.c_double()
    call(LIB.fi_silhouette, xp, C.c_size_t(n), C.c_size_t(3), labels.ctypes.data_as(I32),
         C.c_size_t(k), C.byref(out))
    assert out.value == pytest.approx(silhouette_score(x, labels), rel=1e-9)


def test_assign_and_confidence_per_row():
    centers = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 4.0]])
    x = rng.normal(1, 2, (50, 2))
    (ca, cp), (xa, xp) = arr(centers), arr(x)
    labels = np.empty(50, dtype=np.int32)
    sq = np.empty((50, 3))
    call(LIB.fi_kmeans_assign, cp, C.c_size_t(3), C.c_size_t(2), xp, C.c_size_t(50),
         labels.ctypes.data_as(I32), sq.ctypes.data_as(DBL))
    ref_sq = ((x[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_allclose(sq, ref_sq, rtol=REL)
    assert (labels == ref_sq.argmin(axis=1)).all()
    for row in ref_sq:
        p = np.exp(-row / 2)
        want = (p / p.sum()).max()
        got = LIB.fi_kmeans_confidence(row.ctypes.data_as(DBL), C.c_size_t(3))
        assert got == pytest.approx(want, rel=1e-12)
    far = np.array([1e6, 1e6 + 1, 1e6 + 50])   # exp underflows naively; still well defined
    assert LIB.fi_kmeans_confidence(far.ctypes.data_as(DBL), C.c_size_t(3)) == pytest.approx(
        1 / (1 + np.exp(-0.5) + np.exp(-25)), rel=1e-12)
