"""Kernel benchmark (issue #3): libfitintel's array kernels against the numpy / scipy /
scikit-learn calls a Python user would make, in the same run, on the same generated 1M rows.
The kernels are called through ctypes on the release build; figures are medians of 3 runs.

usage: .venv/bin/python bench/kernels.py [--rows 1000000] [--build build-bench]
"""
import argparse
import ctypes as C
import os
import pathlib
import statistics
import sys
import time

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent


def median_time(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    args = ap.parse_args()
    os.environ["FITINTEL_BUILD_ROOT"] = args.build
    sys.path.insert(0, str(ROOT / "tests" / "python" / "kernels"))
    sys.path.insert(0, str(pathlib.Path(args.build) / "bindings" / "python"))   # struct layouts
    from clib import DBL, I32, LIB, arr                   # the library through ctypes
    from test_kernels import KmParams, Ols, Summary       # structs laid out by the compiler
    from scipy import stats
    from sklearn.cluster import KMeans

    n = args.rows
    g = np.random.default_rng(1)
    centers = np.array([[9.3, 1.5, 3.7], [22.0, 0.3, 3.3], [14.5, 1.0, 3.5]])
    x = centers[g.integers(0, 3, n)] + g.normal(0, 0.9, (n, 3))
    x = (x - x.mean(0)) / x.std(0)
    xa, xp = arr(x)
    rows = []

    params = KmParams(version=1, k=3, n_init=10, max_iter=300, tol=1e-4, seed=42, sample_size=100_000)
    km = C.c_void_p()
    def ours_fit():
        LIB.fi_kmeans_free(km)
        assert LIB.fi_kmeans_fit(xp, C.c_size_t(n), C.c_size_t(3), C.byref(params), C.byref(km)) == 0
    def ref_fit():
        KMeans(n_clusters=3, n_init=10, algorithm="lloyd", random_state=0).fit(x)
    rows.append(("k-means training, k=3, n_init=10", median_time(ours_fit), median_time(ref_fit, 1)))

    cents = np.ctypeslib.as_array(LIB.fi_kmeans_centroids(km), shape=(9,)).reshape(3, 3).copy()
    ca, cp = arr(cents)
    labels = np.empty(n, dtype=np.int32)
    sq = np.empty((n, 3))
    def ours_assign():
        LIB.fi_kmeans_assign(cp, C.c_size_t(3), C.c_size_t(3), xp, C.c_size_t(n),
                             labels.ctypes.data_as(I32), sq.ctypes.data_as(DBL))
    model = KMeans(n_clusters=3, init=cents, n_init=1, max_iter=1).fit(x[:1000])
    model.cluster_centers_ = cents
    rows.append(("assign to a fitted model (+ all distances)", median_time(ours_assign),
                 median_time(lambda: model.transform(x).argmin(axis=1))))

    v = np.ascontiguousarray(x[:, 0] * 3 + 12)
    va, vp = arr(v)
    out = np.empty(n)
    summary = Summary()
    def ours_anomalies():
        LIB.fi_stats_summarize(vp, C.c_size_t(n), C.byref(summary))   # quartiles for the IQR
        LIB.fi_stats_zscores(vp, C.c_size_t(n), out.ctypes.data_as(DBL))
        LIB.fi_stats_modified_zscores(vp, C.c_size_t(n), out.ctypes.data_as(DBL), None)
    def ref_anomalies():
        np.percentile(v, [25, 75])
        (v - v.mean()) / v.std(ddof=1)
        med = np.median(v)
        0.6745 * (v - med) / np.median(np.abs(v - med))
    rows.append(("IQR + z + modified z on one metric", median_time(ours_anomalies), median_time(ref_anomalies)))

    t = np.arange(n, dtype=float)
    ta, tp = arr(t)
    res = Ols()
    rows.append(("OLS with slope interval", median_time(lambda: LIB.fi_stats_ols(tp, vp, C.c_size_t(n), C.c_double(0.95), C.byref(res))),
                 median_time(lambda: stats.linregress(t, v))))

    lines = ["| kernel (1M rows) | libfitintel s | reference s | speed-up |", "|---|---:|---:|---:|"]
    for name, ours, ref in rows:
        lines.append(f"| {name} | {ours:.4f} | {ref:.4f} | {ref / ours:.1f}× |")
    text = (f"Kernel benchmark — {n:,} rows, {os.cpu_count()} cores; references: scikit-learn "
            "KMeans (lloyd), numpy percentile/median, scipy linregress.\n\n" + "\n".join(lines) + "\n")
    out_dir = ROOT / "bench" / "out"
    out_dir.mkdir(exist_ok=True)
    (out_dir / "kernels.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
