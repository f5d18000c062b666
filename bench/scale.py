"""Issue 14's targets, command by command, at 1M and 5M workouts: each command a whole process on
a store the benchmark builds from a generated export, its wall time and the peak of its anonymous
and file-backed memory (bench/timing.py), the analyses best of 3 with the snapshot warm;
`Store.workouts()` timed inside its Python process (its first call, in a new process each time:
the snapshot is current), best of 3.

The targets are the issue's, set for 1M workouts; at 5M the issue asks every analysis to stay
≤ 0.5 s, the import ≤ 64 MB, and an analysis's memory to follow the columns it reads.

usage: .venv/bin/python bench/scale.py [--rows 1000000,5000000] [--build build-bench]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

from timing import peak_memory

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY = sys.executable
ANALYSES = (("anomalies", ("anomalies",)), ("consistency", ("consistency",)), ("trends", ("trends",)),
            ("records", ("records",)), ("summary by month", ("summary", "--by", "month")),
            ("brief", ("brief",)))
# (seconds, MB) at 1M; None: no target
TARGETS_1M = {"import": (1.5, 64), "train": (0.5, None), "classify": (0.25, None), "brief": (0.25, None),
              "dashboard": (4.0, None), "Store.workouts()": (0.15, None)}


# the first call in a new process (later calls would find the Store's frame kept), pandas imported
# before (the call would import it)
WORKOUTS_TIMED = """import pathlib, sys, time, fitintel, pandas
store = fitintel.open(sys.argv[1], readonly=True)
t = time.perf_counter()
store.workouts()
pathlib.Path(sys.argv[2]).write_text(str(time.perf_counter() - t))
"""


def best_of_three(measure):
    """The fastest of three (seconds, anon MB, file MB) that @measure returns."""
    return min((measure() for _ in range(3)), key=lambda m: m[0])


def target(stage, rows):
    """(seconds, MB) the issue asks of @stage at @rows workouts; None where it asks nothing."""
    if rows <= 1_000_000:
        return TARGETS_1M.get(stage, (0.1, None))   # every analysis ≤ 0.1 s
    if stage == "import":
        return None, 64
    return (0.5, None) if stage in dict(ANALYSES) else (None, None)


def stages(build, rows, work):
    fitintel = build / "cli" / "fitintel"
    export, db = work / "export.csv", work / "store.db"
    subprocess.run([fitintel, "sample", "--rows", str(rows), "--seed", "7", "-o", export], check=True,
                   stdout=subprocess.DEVNULL)
    env = dict(os.environ, PYTHONPATH=str(build / "bindings" / "python"))
    run = lambda *a: peak_memory([fitintel, "--db", db, *a], env)   # noqa: E731
    best = lambda *a: best_of_three(lambda: run(*a))   # noqa: E731
    out = {"import": run("ingest", export)}
    export.unlink()
    subprocess.run([fitintel, "--db", db, "era", "add", "2018-06-01", "Choco arrives"], check=True,
                   stdout=subprocess.DEVNULL)
    out["train"] = run("train")
    out["classify"] = best("classify")
    for name, args in ANALYSES:
        out[name] = best(*args)
    out["dashboard"] = run("dashboard", "-o", work / "dashboard.html")
    # the call itself (Python's start and imports apart); memory: its process's peak
    def workouts_call():
        _, anon, filed = peak_memory([PY, "-c", WORKOUTS_TIMED, db, work / "seconds"], env)
        return float((work / "seconds").read_text()), anon, filed
    out["Store.workouts()"] = best_of_three(workouts_call)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="1000000,5000000")
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    print("\nIssue 14's targets, each command a whole process (analyses best of 3; "
          "memory: peak anonymous / file-backed MB)")
    for rows in (int(r) for r in args.rows.split(",")):
        with tempfile.TemporaryDirectory(prefix="fitintel-scale-") as work:
            results = stages(build, rows, pathlib.Path(work))
        print(f"\n{rows:,} workouts")
        print(f"| {'command':<18}| {'s':>6} | {'anon MB':>7} | {'file MB':>7} | {'target':>14} | {'met':>4} |")
        print(f"|{'-' * 19}|{'-' * 8}|{'-' * 9}|{'-' * 9}|{'-' * 16}|{'-' * 6}|")
        for stage, (secs, anon, filed) in results.items():
            limit_s, limit_mb = target(stage, rows)
            wanted = " ".join(w for w in (f"≤ {limit_s:g} s" if limit_s else "",
                                          f"≤ {limit_mb} MB" if limit_mb else "") if w) or "–"
            met = (limit_s is None or secs <= limit_s) and (limit_mb is None or anon + filed <= limit_mb)
            mark = "–" if wanted == "–" else "yes" if met else "no"
            print(f"| {stage:<18}| {secs:>6.2f} | {anon:>7.0f} | {filed:>7.0f} | {wanted:>14} | {mark:>4} |")


if __name__ == "__main__":
    sys.exit(main())
