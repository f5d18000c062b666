"""Pipeline benchmark (issue #3): every stage of `fitintel` — import, train, classify, anomalies,
consistency, trends, brief — against the pandas + scikit-learn + scipy reference
(reference_ingest.py, reference_analysis.py), both run here, in the same session, on the same
generated export. Times are wall seconds of whole commands (process start and store reads
included), ratios are reference / ours.

usage: /usr/bin/python3 bench/pipeline.py [--rows 1000000] [--build build-bench]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
STAGES = [
    ("import", ["ingest", "{export}"]),
    ("train", ["train"]),
    ("classify", ["classify"]),
    ("anomalies", ["anomalies", "--json"]),
    ("consistency", ["consistency", "--json"]),
    ("trends", ["trends", "--json"]),
    ("brief", ["brief", "--json"]),
]


def timed(cmd):
    t = time.perf_counter()
    subprocess.run([str(c) for c in cmd], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    args = ap.parse_args()
    fitintel = pathlib.Path(args.build) / "cli" / "fitintel"
    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        export, db, ref_db = work / "export.csv", work / "ours.db", work / "ref.db"
        subprocess.run([fitintel, "sample", "--rows", str(args.rows), "--seed", "7", "-o", export],
                       check=True, stdout=subprocess.DEVNULL)
        ours = {}
        for name, cmd in STAGES:
            ours[name] = timed([fitintel, "--db", db, *[c.format(export=export) for c in cmd]])
        ref = {"import": timed(["/usr/bin/python3", ROOT / "bench" / "reference_ingest.py", ref_db, export])}
        out = subprocess.run(["/usr/bin/python3", ROOT / "bench" / "reference_analysis.py", ref_db],
                             check=True, capture_output=True, text=True).stdout
        ref.update({k: float(v) for k, v in (line.split() for line in out.splitlines())})
    print(f"\nPipeline, {args.rows:,} workouts (seconds; ratio = reference / libfitintel)")
    print(f"{'stage':<12} {'libfitintel':>11} {'reference':>10} {'ratio':>7}")
    for name, _ in STAGES:
        print(f"{name:<12} {ours[name]:>11.3f} {ref[name]:>10.3f} {ref[name] / ours[name]:>6.1f}×")
    total_ours, total_ref = sum(ours.values()), sum(ref[n] for n, _ in STAGES)
    print(f"{'end to end':<12} {total_ours:>11.3f} {total_ref:>10.3f} {total_ref / total_ours:>6.1f}×")


if __name__ == "__main__":
    sys.exit(main())
