"""The benchmark table (issue #7): every stage of libfitintel against a pandas + scikit-learn +
scipy (+ Plotly) reference doing the same work the usual Python way, both run here, in the same
session, on the same generated exports of each size.

Stages: import of an export; import of a newer export (the same workouts plus 5% new ones);
train; classify; anomalies; consistency; trends; brief; DataFrame load; HTML dashboard. Each stage
is one process on each side (its wall time and its peak resident memory, from /usr/bin/time):
`fitintel` commands, `Store.workouts()` from Python, and reference_ingest.py,
reference_analysis.py STAGE and reference_dashboard.py. Ratio = reference time / ours.

usage: .venv/bin/python bench/table.py [--rows 10000,100000,1000000] [--build build-bench]
"""
import argparse
import csv
import os
import pathlib
import platform
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PY = sys.executable   # the project's .venv (bench/run)
STAGES = ("import", "newer import", "train", "classify", "anomalies", "consistency", "trends",
          "brief", "DataFrame load", "HTML dashboard")


def measured(cmd, env=None):
    """(wall seconds, peak RSS in MB) of one process."""
    with tempfile.NamedTemporaryFile("r") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %M", "-o", t.name, *map(str, cmd)], check=True,
                       stdout=subprocess.DEVNULL, env=env)
        secs, kb = t.read().split()[-2:]
    return float(secs), int(kb) / 1024


def exports(fitintel, rows, work):
    """An export of @rows workouts, and a newer one holding them plus 5% more (MapMyRun exports
    everything every time): the first @rows records of one generated file of rows × 1.05."""
    newer, older = work / "newer.csv", work / "export.csv"
    subprocess.run([fitintel, "sample", "--rows", str(rows + rows // 20), "--seed", "7", "-o", newer],
                   check=True, stdout=subprocess.DEVNULL)
    with open(newer, newline="", encoding="utf-8") as src, open(older, "w", newline="", encoding="utf-8") as dst:
        reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
        writer.writerow(next(reader))
        for i, record in enumerate(reader):
            if i == rows:
                break
            writer.writerow(record)
    return older, newer


def ours(build, work, older, newer):
    fitintel = build / "cli" / "fitintel"
    db = work / "ours.db"
    env = dict(os.environ, PYTHONPATH=str(build / "bindings" / "python"))
    run = lambda *a: measured([fitintel, "--db", db, *a], env)   # noqa: E731
    out = {"import": run("ingest", older), "newer import": run("ingest", newer)}
    subprocess.run([fitintel, "--db", db, "era", "add", "2018-06-01", "Choco arrives"], check=True,
                   stdout=subprocess.DEVNULL)
    out["train"] = run("train")
    out["classify"] = run("classify")
    for stage in ("anomalies", "consistency", "trends", "brief"):
        out[stage] = run(stage, "--json")
    out["DataFrame load"] = measured([PY, "-c", "import sys, fitintel\n"
                                      "fitintel.open(sys.argv[1], readonly=True).workouts()", db], env)
    out["HTML dashboard"] = run("dashboard", "-o", work / "ours.html")
    out["dashboard size"] = (work / "ours.html").stat().st_size / 2**20
    return out


def reference(work, older, newer):
    db = work / "ref.db"
    bench = ROOT / "bench"
    out = {"import": measured([PY, bench / "reference_ingest.py", db, older]),
           "newer import": measured([PY, bench / "reference_ingest.py", db, newer])}
    for stage, name in (("train", "train"), ("classify", "classify"), ("anomalies", "anomalies"),
                        ("consistency", "consistency"), ("trends", "trends"), ("brief", "brief"),
                        ("dataframe", "DataFrame load")):
        out[name] = measured([PY, bench / "reference_analysis.py", db, stage])
    out["HTML dashboard"] = measured([PY, bench / "reference_dashboard.py", db, work / "ref.html"])
    out["dashboard size"] = (work / "ref.html").stat().st_size / 2**20
    return out


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    return f"{cpu}, {os.cpu_count()} cores, {mem / 2**20:.0f} GiB, {platform.platform()}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="10000,100000,1000000")
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    print(f"\nBenchmark table — {machine()}")
    print("seconds of wall time and peak RSS (MB) per stage, one process each; ratio = reference / libfitintel")
    for rows in (int(r) for r in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as work:
            work = pathlib.Path(work)
            older, newer = exports(build / "cli" / "fitintel", rows, work)
            a, b = ours(build, work, older, newer), reference(work, older, newer)
        print(f"\n{rows:,} workouts (newer export: {rows + rows // 20:,})")
        print(f"| {'stage':<15}| {'libfitintel s':>13} | {'MB':>6} | {'reference s':>11} | {'MB':>6} | {'ratio':>6} |")
        print(f"|{'-' * 16}|{'-' * 15}|{'-' * 8}|{'-' * 13}|{'-' * 8}|{'-' * 8}|")
        for stage in STAGES:
            (ta, ma), (tb, mb) = a[stage], b[stage]
            ratio = f"{tb / ta:.1f}×" if ta > 0 else "–"
            print(f"| {stage:<15}| {ta:>13.2f} | {ma:>6.0f} | {tb:>11.2f} | {mb:>6.0f} | {ratio:>6} |")
        total_a = sum(a[s][0] for s in STAGES)
        total_b = sum(b[s][0] for s in STAGES)
        print(f"| {'end to end':<15}| {total_a:>13.2f} | {'':>6} | {total_b:>11.2f} | {'':>6} | {total_b / total_a:>5.1f}× |")
        print(f"HTML dashboard size: libfitintel {a['dashboard size']:.1f} MB, reference {b['dashboard size']:.1f} MB")


if __name__ == "__main__":
    sys.exit(main())
