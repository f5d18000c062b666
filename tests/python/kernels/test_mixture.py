"""The Gaussian-mixture kernels (fitintel/mixture.h) against scikit-learn's GaussianMixture on
generated data: the same start gives the same EM path (weights, means, covariances, lower bound,
iterations), densities and posteriors match score_samples / predict_proba, and BIC matches bic().
Called through ctypes on the built library."""
import ctypes as C

import numpy as np
import pytest
from sklearn.mixture import GaussianMixture

from clib import DBL, FI_EINVALID, FI_OK, I32, LIB, struct

Params = struct("fi_mixture_params")   # laid out by the compiler

for name in ("fi_mixture_weights", "fi_mixture_means", "fi_mixture_covariances"):
    getattr(LIB, name).restype = DBL
LIB.fi_mixture_lower_bound.restype = C.c_double
LIB.fi_mixture_mahalanobis2.restype = C.c_double
LIB.fi_mixture_iterations.restype = C.c_uint


def arr(a, dtype=np.float64):
    a = np.ascontiguousarray(a, dtype=dtype)
    return a, a.ctypes.data_as(DBL if dtype == np.float64 else I32)


def blobs(rng, n, k, d):
    """Clusters of different sizes, spreads and correlations, like walks beside runs."""
    sizes = rng.multinomial(n, rng.dirichlet(np.full(k, 2.0)) * 0.9 + 0.1 / k)
    parts = []
    for c, m in enumerate(sizes):
        a = rng.normal(size=(d, d)) * rng.uniform(0.2, 1.5)
        parts.append(rng.normal(size=(max(m, d + 2), d)) @ a + rng.normal(0, 4, d))
    return np.vstack(parts)


def fitted(m, k, d):
    return (np.ctypeslib.as_array(LIB.fi_mixture_weights(m), (k,)).copy(),
            np.ctypeslib.as_array(LIB.fi_mixture_means(m), (k * d,)).reshape(k, d).copy(),
            np.ctypeslib.as_array(LIB.fi_mixture_covariances(m), (k * d * d,)).reshape(k, d, d).copy())


def start_from_labels(x, labels, k, reg):
    """The first M-step from a hard labelling, as scikit-learn's _initialize computes it."""
    resp = np.eye(k)[labels]
    nk = resp.sum(0) + 10 * np.finfo(float).eps
    means = resp.T @ x / nk[:, None]
    covs = np.array([((resp[:, c] * (x - means[c]).T) @ (x - means[c])) / nk[c] + reg * np.eye(x.shape[1])
                     for c in range(k)])
    return nk / nk.sum(), means, covs


@pytest.mark.parametrize("n,k,d,seed", [(400, 2, 1, 1), (2000, 3, 2, 2), (3000, 4, 3, 3), (1500, 5, 4, 4)])
def test_em_from_labels_follows_sklearn(n, k, d, seed):
    rng = np.random.default_rng(seed)
    x = blobs(rng, n, k, d)
    n = len(x)
    labels = np.argmin(((x[:, None, :] - x[rng.choice(n, k, replace=False)][None]) ** 2).sum(-1), axis=1)
    for c in range(k):   # every label holds rows
        labels[c] = c
    w0, m0, c0 = start_from_labels(x, labels, k, 1e-6)
    ref = GaussianMixture(k, covariance_type="full", weights_init=w0, means_init=m0,
                          precisions_init=np.linalg.inv(c0), tol=1e-3, max_iter=100, reg_covar=1e-6).fit(x)
    xa, xp = arr(x)
    la, lp = arr(labels, np.int32)
    p = Params(version=1, max_iter=100, tol=1e-3, reg_covar=1e-6)
    m = C.c_void_p()
    assert LIB.fi_mixture_fit(xp, C.c_size_t(n), C.c_size_t(d), lp, C.c_size_t(k), C.byref(p), C.byref(m)) == FI_OK
    try:
        w, mu, cov = fitted(m, k, d)
        assert LIB.fi_mixture_iterations(m) == ref.n_iter_
        assert w == pytest.approx(ref.weights_, rel=1e-6, abs=1e-9)
        assert mu.ravel() == pytest.approx(ref.means_.ravel(), rel=1e-6, abs=1e-8)
        assert cov.ravel() == pytest.approx(ref.covariances_.ravel(), rel=1e-6, abs=1e-8)
        assert LIB.fi_mixture_lower_bound(m) == pytest.approx(ref.lower_bound_, rel=1e-9)

        dens = np.empty(n)
        post = np.empty(n * k)
        lab = np.empty(n, dtype=np.int32)
        maha = np.empty(n * k)
        assert LIB.fi_mixture_score(m, xp, C.c_size_t(n), C.c_size_t(d), C.c_size_t(d), dens.ctypes.data_as(DBL),
                                    post.ctypes.data_as(DBL), maha.ctypes.data_as(DBL), lab.ctypes.data_as(I32)) == FI_OK
        assert dens == pytest.approx(ref.score_samples(x), rel=1e-9, abs=1e-9)
        assert post.reshape(n, k) == pytest.approx(ref.predict_proba(x), abs=1e-9)
        diff = x[:, None, :] - ref.means_[None]
        want = np.einsum("nkd,kde,nke->nk", diff, np.linalg.inv(ref.covariances_), diff)
        assert maha.reshape(n, k) == pytest.approx(want, rel=1e-7)
        assert (lab == ref.predict(x)).mean() > 0.999   # exact ties aside
        bic = C.c_double()
        assert LIB.fi_mixture_bic(m, xp, C.c_size_t(n), C.byref(bic)) == FI_OK
        assert bic.value == pytest.approx(ref.bic(x), rel=1e-9)
    finally:
        LIB.fi_mixture_free(m)


def test_marginal_of_the_leading_coordinates():
    """A row scored on its first dims coordinates gets the density of the marginal mixture."""
    rng = np.random.default_rng(7)
    k, d = 3, 3
    w = np.array([0.5, 0.3, 0.2])
    mu = rng.normal(0, 3, (k, d))
    covs = []
    for _ in range(k):
        a = rng.normal(size=(d, d))
        covs.append(a @ a.T + 0.5 * np.eye(d))
    covs = np.array(covs)
    m = C.c_void_p()
    assert LIB.fi_mixture_new(C.c_size_t(k), C.c_size_t(d), arr(w)[1], arr(mu)[1], arr(covs)[1], C.byref(m)) == FI_OK
    try:
        x = rng.normal(0, 3, (50, d))
        dens = np.empty(50)
        assert LIB.fi_mixture_score(m, arr(x)[1], C.c_size_t(50), C.c_size_t(d), C.c_size_t(2),
                                    dens.ctypes.data_as(DBL), None, None, None) == FI_OK
        from scipy.stats import multivariate_normal
        want = np.log(sum(w[c] * multivariate_normal(mu[c, :2], covs[c, :2, :2]).pdf(x[:, :2]) for c in range(k)))
        assert dens == pytest.approx(want, rel=1e-9)
        q = LIB.fi_mixture_mahalanobis2(m, C.c_size_t(1), arr(x[0])[1], C.c_size_t(2))
        diff = x[0, :2] - mu[1, :2]
        assert q == pytest.approx(diff @ np.linalg.solve(covs[1, :2, :2], diff), rel=1e-9)
    finally:
        LIB.fi_mixture_free(m)


def test_refuses_bad_input():
    m = C.c_void_p()
    w = arr([1.0, 1.0])[1]
    mu = arr([0.0, 1.0])[1]
    not_pd = arr([1.0, -1.0])[1]   # a negative variance
    assert LIB.fi_mixture_new(C.c_size_t(2), C.c_size_t(1), w, mu, not_pd, C.byref(m)) == FI_EINVALID
    x = arr([0.0, 1.0, float("nan")])[1]
    labels = arr([0, 1, 1], np.int32)[1]
    assert LIB.fi_mixture_fit(x, C.c_size_t(3), C.c_size_t(1), labels, C.c_size_t(2), None, C.byref(m)) == FI_EINVALID
    x = arr([0.0, 1.0, 2.0])[1]
    empty = arr([0, 0, 0], np.int32)[1]   # component 1 has no rows
    assert LIB.fi_mixture_fit(x, C.c_size_t(3), C.c_size_t(1), empty, C.c_size_t(2), None, C.byref(m)) == FI_EINVALID
