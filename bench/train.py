#!/usr/bin/env python3
"""Training time (issue 12): `fitintel train` on a real-like export of N workouts, with the mixture
(default) and with k-means, against the same job done by scikit-learn in the same run — read the
clean rows back from the store, scale, KMeans(n_init=10) on a 50,000-row sample, GaussianMixture
(full covariances) from its labels, predict every row. Figures are ratios to that reference.

    python3 bench/train.py --build build-bench [--rows 1000000]
"""
import argparse
import os
import pathlib
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time

import numpy as np


def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: {p.stderr.strip()}")
    return time.perf_counter() - t


def reference(db, seed=42, sample=50000, k=5):
    """The same job with numpy and scikit-learn; returns seconds."""
    from sklearn.cluster import KMeans
    from sklearn.mixture import GaussianMixture
    t = time.perf_counter()
    con = sqlite3.connect(db)
    rows = np.array(con.execute(
        "SELECT avg_pace, distance_mi FROM workouts WHERE avg_pace > 0 AND avg_pace <= 60 AND distance_mi > 0"
        " AND distance_mi <= 50 AND duration_s > 0 AND duration_s <= 86400").fetchall(), dtype=float)
    con.close()
    x = np.log(rows)
    x = (x - x.mean(0)) / x.std(0)
    rng = np.random.default_rng(seed)
    s = x[rng.choice(len(x), min(sample, len(x)), replace=False)]
    km = KMeans(k, n_init=10, random_state=seed).fit(s)
    gm = GaussianMixture(k, covariance_type="full", means_init=km.cluster_centers_, random_state=seed).fit(s)
    gm.predict(x)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--rows", type=int, default=1000000)
    args = ap.parse_args()
    exe = pathlib.Path(args.build) / "cli" / "fitintel"
    with tempfile.TemporaryDirectory() as tmp:
        csv, db = pathlib.Path(tmp) / "x.csv", pathlib.Path(tmp) / "x.db"
        timed([exe, "sample", "--profile", "real-like", "--rows", args.rows, "--seed", 5, "-o", csv])
        timed([exe, "--db", db, "ingest", csv])
        timed([exe, "--db", db, "era", "add", "2018-06-01", "Choco arrives"])
        times = {}
        for method in ("mixture", "kmeans"):
            timed([exe, "--db", db, "config", "set", "classify.method", method])
            times[method] = min(timed([exe, "--db", db, "train"]) for _ in range(2))
        ref = min(reference(db) for _ in range(2))
    print(f"Training on {args.rows:,} real-like workouts (train = features, fit, one pass over every row,"
          f" every label rewritten), best of 2; machine: {os.cpu_count()} cores")
    print("| what | seconds | vs reference |")
    print("|---|---:|---:|")
    print(f"| reference: numpy + scikit-learn (read, scale, KMeans on 50k, GaussianMixture, predict all) | {ref:.2f} | 1.00× |")
    for method, t in times.items():
        print(f"| `fitintel train`, {method} | {t:.2f} | {t / ref:.2f}× |")
    print(f"peak RSS of this script's children: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
