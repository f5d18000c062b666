#!/usr/bin/env python3
"""The realism matrix (issue 12): for each generator profile, generate an export with its truth
file, import it, add the era, train with the store's defaults, and score the labels against the
truth. Rows: profiles; columns: run-vs-walk accuracy, mixed recall, clean rows labelled outlier,
non-foot rows labelled other. Used by tests/python/cli/test_realism.py and printed by bench/run.

    python3 bench/realism.py --build build [--seeds 7,8] [--rows 3000] [--profiles clean,km]
"""
import argparse
import csv
import os
import pathlib
import sqlite3
import subprocess
import sys
import tempfile

PROFILES = ["clean", "no-steps", "estimated-steps", "device-change", "brisk-walks", "slow-runs",
            "km", "short", "no-dog", "multi-sport", "real-like"]
ERA = "2018-06-01"
# Targets of issue 12 for every profile.
TARGETS = {"run_walk_accuracy": 0.97, "mixed_recall": 0.70, "clean_outlier_rate": 0.01, "other_recall": 1.0}


def run(exe, *args):
    p = subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"fitintel {' '.join(map(str, args))} failed: {p.stderr.strip()}")
    return p.stdout


def score(labels, truth):
    """Figures of one store from {id: predicted} and {id: true kind}."""
    rw = [(truth[i], labels[i]) for i in truth if truth[i] in ("real_run", "pup_walk")]
    mixed = [labels[i] for i in truth if truth[i] == "mixed"]
    clean = [labels[i] for i in truth if truth[i] in ("real_run", "pup_walk", "mixed")]
    other = [labels[i] for i in truth if truth[i] == "other"]
    ratio = lambda hits, n: hits / n if n else None
    return {
        "rows": len(truth),
        "run_walk_accuracy": ratio(sum(t == p for t, p in rw), len(rw)),
        "mixed_recall": ratio(sum(p == "mixed" for p in mixed), len(mixed)),
        "clean_outlier_rate": ratio(sum(p == "outlier" for p in clean), len(clean)),
        "other_recall": ratio(sum(p == "other" for p in other), len(other)),
        "mixed_rows": len(mixed),
        "other_rows": len(other),
    }


def misses(fig):
    """The targets a figure set misses, in words (empty when it meets them all)."""
    out = []
    if fig["run_walk_accuracy"] is not None and fig["run_walk_accuracy"] < TARGETS["run_walk_accuracy"]:
        out.append(f"run-vs-walk accuracy {fig['run_walk_accuracy']:.3f} < 0.97")
    if fig["mixed_recall"] is not None and fig["mixed_rows"] >= 10 and fig["mixed_recall"] < TARGETS["mixed_recall"]:
        out.append(f"mixed recall {fig['mixed_recall']:.3f} < 0.70")
    if fig["clean_outlier_rate"] is not None and fig["clean_outlier_rate"] > TARGETS["clean_outlier_rate"]:
        out.append(f"clean rows outlier {fig['clean_outlier_rate']:.4f} > 0.01")
    if fig["other_recall"] is not None and fig["other_recall"] < TARGETS["other_recall"]:
        out.append(f"other recall {fig['other_recall']:.3f} < 1")
    return out


def evaluate(exe, profile, seed, rows, workdir, era=True, extra_sample=(), config=()):
    """Generate, import, (era), train; return (figures, store path)."""
    d = pathlib.Path(workdir)
    csv_path, truth_path, db = d / f"{profile}-{seed}.csv", d / f"{profile}-{seed}.truth.csv", d / f"{profile}-{seed}.db"
    for p in (csv_path, truth_path, db):
        if p.exists():
            p.unlink()
    run(exe, "sample", "--profile", profile, "--rows", rows, "--seed", seed, "-o", csv_path, "--truth", truth_path,
        *extra_sample)
    run(exe, "--db", db, "ingest", csv_path)
    for key, value in config:
        run(exe, "--db", db, "config", "set", key, value)
    if era and profile != "no-dog":
        run(exe, "--db", db, "era", "add", ERA, "Choco arrives")
    run(exe, "--db", db, "train")
    with open(truth_path, newline="") as f:
        truth = {int(r["workout_id"]): r["kind"] for r in csv.DictReader(f)}
    con = sqlite3.connect(db)
    labels = dict(con.execute("SELECT workout_id, label FROM classifications"))
    con.close()
    return score(labels, truth), db


def fmt(v, pct=True):
    return "—" if v is None else (f"{100 * v:.1f}%" if pct else str(v))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--seeds", default="101,202")
    ap.add_argument("--rows", type=int, default=3000)
    ap.add_argument("--profiles", default=",".join(PROFILES))
    args = ap.parse_args()
    exe = pathlib.Path(args.build) / "cli" / "fitintel"
    seeds = [int(s) for s in args.seeds.split(",")]
    print(f"Realism matrix: {args.rows} rows per export (short: 60), seeds {args.seeds}, era {ERA}, defaults")
    print("| profile | run-vs-walk | mixed → mixed | clean → outlier | non-foot → other | misses |")
    print("|---|---:|---:|---:|---:|---|")
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for profile in args.profiles.split(","):
            for seed in seeds:
                fig, _ = evaluate(exe, profile, seed, args.rows, tmp)
                miss = misses(fig)
                bad += bool(miss)
                print(f"| {profile} (seed {seed}) | {fmt(fig['run_walk_accuracy'])} | {fmt(fig['mixed_recall'])} "
                      f"| {fmt(fig['clean_outlier_rate'])} | {fmt(fig['other_recall'])} | {'; '.join(miss) or 'none'} |")
                sys.stdout.flush()
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
