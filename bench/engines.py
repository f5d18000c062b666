#!/usr/bin/env python3
"""libfitintel against the engines a data person picks today, DuckDB and polars (issue 14), on the
questions asked of a labelled store: the monthly summary by label, per-label counts and mean pace
before/after an era, and the modified z-score of pace within each label.

Data: one real-like export of N workouts, imported, an era added (2018-06-01), trained. libfitintel
answers from its store, the frame snapshot warm (its one build is timed apart). DuckDB reads its own
database file and polars a Parquet file, both made once from `fitintel export workouts` (timed
apart). Each engine computes what libfitintel's answer holds: the summary has, per month, the
workouts per label and count/sum/mean/median/sd/min/max of every metric. Nothing is downloaded.

Two figures per question: a whole process (the interpreter's start and imports count, as the CLI's
start counts; best of 3), and in-process with the data loaded and warm (median of 5). The flagged
counts of the modified z-score and the per-era counts are compared across engines: a mismatch is
printed, and the exit status is 1.

    python3 bench/engines.py --build build-bench [--rows 1000000]
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ERA = "2018-06-01"
LABELS = ("real_run", "pup_walk", "mixed")
# libfitintel's summary metrics and the export column each is computed from
METRICS = {
    "calories": "calories", "distance": "distance_mi", "duration": "duration_s", "pace": "avg_pace",
    "max_pace": "max_pace", "speed": "avg_speed", "max_speed": "max_speed",
    "heart_rate": "avg_heart_rate", "steps": "steps",
    "cadence": "CASE WHEN duration_s > 0 THEN steps / (duration_s / 60.0) END",   # as fi_frame_column()
}
ALL_LABELS = ("unknown", "real_run", "pup_walk", "mixed", "outlier", "other")


def duckdb_summary_sql():
    per_label = ", ".join(f"count(*) FILTER (WHERE label IS NOT DISTINCT FROM {'NULL' if l == 'unknown' else repr(l)}) AS n_{l}"
                          for l in ALL_LABELS)
    stats = ", ".join(f"count({e}) AS {m}_n, sum({e}) AS {m}_sum, avg({e}) AS {m}_mean, median({e}) AS {m}_median,"
                      f" stddev_samp({e}) AS {m}_sd, min({e}) AS {m}_min, max({e}) AS {m}_max"
                      for m, e in METRICS.items())
    return (f"SELECT date_trunc('month', workout_date) AS month, count(*) AS workouts, {per_label}, {stats}"
            " FROM w GROUP BY month ORDER BY month")


DUCKDB = {
    "summary": duckdb_summary_sql(),
    "era": f"SELECT label, workout_date >= DATE '{ERA}' AS after, count(*) AS n, avg(avg_pace) AS pace"
           " FROM w GROUP BY ALL ORDER BY ALL",
    "modz": """WITH s AS (SELECT label, median(avg_pace) AS med FROM w WHERE avg_pace IS NOT NULL GROUP BY label),
                    d AS (SELECT w.label, w.avg_pace, s.med FROM w JOIN s USING (label) WHERE w.avg_pace IS NOT NULL),
                    m AS (SELECT label, median(abs(avg_pace - med)) AS mad FROM d GROUP BY label)
               SELECT d.label, count(*) FILTER (WHERE abs(0.6745 * (avg_pace - med) / mad) > 3.5) AS flagged
               FROM d JOIN m USING (label) WHERE d.label IN ('real_run', 'pup_walk', 'mixed')
               GROUP BY d.label ORDER BY d.label""",
}

POLARS = {
    "summary": """
def q(df):
    metrics = %r
    exprs = [pl.len().alias("workouts")]
    exprs += [(pl.col("label").is_null() if l == "unknown" else pl.col("label") == l).sum().alias("n_" + l) for l in %r]
    for m, col in metrics.items():
        e = (pl.when(pl.col("duration_s") > 0).then(pl.col("steps") / (pl.col("duration_s") / 60.0))
             if m == "cadence" else pl.col(col))
        exprs += [e.count().alias(m + "_n"), e.sum().alias(m + "_sum"), e.mean().alias(m + "_mean"),
                  e.median().alias(m + "_median"), e.std().alias(m + "_sd"), e.min().alias(m + "_min"),
                  e.max().alias(m + "_max")]
    return df.group_by(pl.col("workout_date").dt.truncate("1mo").alias("month")).agg(exprs).sort("month")
""" % ({m: (c if m != "cadence" else "steps") for m, c in METRICS.items()}, ALL_LABELS),
    "era": f"""
def q(df):
    return (df.group_by("label", (pl.col("workout_date") >= pl.date({', '.join(str(int(x)) for x in ERA.split('-'))})).alias("after"))
              .agg(pl.len().alias("n"), pl.col("avg_pace").mean().alias("pace")).sort("label", "after"))
""",
    "modz": """
def q(df):
    d = df.filter(pl.col("avg_pace").is_not_null() & pl.col("label").is_in(["real_run", "pup_walk", "mixed"]))
    d = d.with_columns(med=pl.col("avg_pace").median().over("label"))
    d = d.with_columns(mad=(pl.col("avg_pace") - pl.col("med")).abs().median().over("label"))
    return (d.group_by("label").agg(((0.6745 * (pl.col("avg_pace") - pl.col("med")) / pl.col("mad")).abs() > 3.5)
             .sum().alias("flagged")).sort("label"))
""",
}


def run(cmd, **kw):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if p.returncode:
        raise RuntimeError(f"{' '.join(map(str, cmd))}: {p.stderr.strip()[-2000:]}")
    return p.stdout


def timed(cmd, repeat=3):
    best = float("inf")
    out = ""
    for _ in range(repeat):
        t = time.perf_counter()
        out = run(cmd)
        best = min(best, time.perf_counter() - t)
    return best, out


def fitintel_cli(exe, db, question):
    """The whole-process answer: one command, or one per label."""
    if question == "summary":
        return [[exe, "--db", db, "summary", "--by", "month", "--json"]]
    if question == "era":
        return [[exe, "--db", db, "era", "compare", "--json"]]
    return [[exe, "--db", db, "anomalies", "--metric", "pace", "--method", "modified_zscore", "--label", label,
             "--limit", "0", "--json"] for label in LABELS]


def whole_process_fitintel(exe, db, question):
    total, outs = 0.0, []
    for cmd in fitintel_cli(exe, db, question):
        t, out = timed(cmd)
        total += t
        outs.append(out)
    return total, outs


def python_program(engine, path, question, in_process):
    """A Python program that loads the data and answers @question (printing JSON); with
    @in_process it prints the median seconds of 5 warm answers instead."""
    if engine == "duckdb":
        setup = f"import duckdb\ncon = duckdb.connect({str(path)!r}, read_only=True)\n"
        answer = f"con.sql({DUCKDB[question]!r}).fetchall()"
    elif engine == "polars":
        setup = f"import polars as pl\ndf = pl.read_parquet({str(path)!r})\n" + POLARS[question]
        answer = "q(df).rows()"
    else:
        setup = ("import fitintel\ns = fitintel.Store(%r, readonly=True)\n" % str(path))
        answer = {"summary": "s.summary(by='month', metrics=%r)" % list(METRICS),
                  "era": "s.compare_eras()",
                  "modz": "[s.anomalies(['pace'], ['modified_zscore'], label=l) for l in %r]" % (LABELS,)}[question]
    if not in_process:
        return setup + f"r = {answer}\n"
    return (setup + "import time, statistics\nr = " + answer + "\nts = []\n"
            "for _ in range(5):\n    t = time.perf_counter()\n    r = " + answer +
            "\n    ts.append(time.perf_counter() - t)\nprint(statistics.median(ts))\n")


def modz_counts_fitintel(outs):
    counts = {}
    for label, out in zip(LABELS, outs):
        doc = json.loads(out)
        found = [r for r in doc["sets"] if r["metric"] == "pace" and r["method"] == "modified_zscore"]
        counts[label] = found[0]["count"] if found else None
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build-bench")
    ap.add_argument("--rows", type=int, default=1000000)
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    exe = build / "cli" / "fitintel"
    env_path = str(build / "bindings" / "python")
    os.environ["PYTHONPATH"] = env_path + os.pathsep + os.environ.get("PYTHONPATH", "")
    py = sys.executable
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        csv, db = tmp / "x.csv", tmp / "x.db"
        run([exe, "sample", "--profile", "real-like", "--rows", args.rows, "--seed", 5, "-o", csv])
        run([exe, "--db", db, "ingest", csv])
        run([exe, "--db", db, "era", "add", ERA, "Choco arrives"])
        run([exe, "--db", db, "train"])
        # libfitintel's one snapshot build: the first analysis after the last write, minus a warm one
        cold, _ = timed([exe, "--db", db, "records"], repeat=1)
        warm, _ = timed([exe, "--db", db, "records"])
        snapshot_build = max(cold - warm, 0.0)
        # DuckDB's and polars' copies, made once from the store's export
        t = time.perf_counter()
        run([exe, "--db", db, "export", "workouts", "-o", tmp / "w.csv"])
        export_s = time.perf_counter() - t
        t = time.perf_counter()
        run([py, "-c", "import duckdb\ncon = duckdb.connect(%r)\ncon.sql(\"CREATE TABLE w AS SELECT * FROM"
             " read_csv(%r, types={'workout_date': 'DATE', 'label': 'VARCHAR'})\")" % (str(tmp / "w.duckdb"), str(tmp / "w.csv"))])
        duck_load = time.perf_counter() - t
        t = time.perf_counter()
        run([py, "-c", "import polars as pl\npl.read_csv(%r, try_parse_dates=True, infer_schema_length=100000,"
             " schema_overrides={'label': pl.Utf8, 'notes': pl.Utf8}).write_parquet(%r)" % (str(tmp / "w.csv"), str(tmp / "w.parquet"))])
        polars_load = time.perf_counter() - t

        sources = {"fitintel": db, "duckdb": tmp / "w.duckdb", "polars": tmp / "w.parquet"}
        results = {}
        for q in ("summary", "era", "modz"):
            cli_s, outs = whole_process_fitintel(exe, db, q)
            row = {"fitintel (CLI)": cli_s}
            for engine in ("fitintel", "duckdb", "polars"):
                if engine != "fitintel":
                    row[engine], _ = timed([py, "-c", python_program(engine, sources[engine], q, False)])
                row[engine + " warm"] = float(run([py, "-c", python_program(engine, sources[engine], q, True)]).strip())
            results[q] = row
            if q == "modz":   # the same rows flagged by every engine
                ours = modz_counts_fitintel(outs)
                duck = dict(json.loads(run([py, "-c", "import duckdb, json\ncon = duckdb.connect(%r, read_only=True)\n"
                                                     "print(json.dumps(con.sql(%r).fetchall()))" % (str(sources['duckdb']), DUCKDB['modz'])])))
                if any(ours[l] != duck.get(l) for l in LABELS):
                    print(f"MISMATCH modified z-score flagged: libfitintel {ours}, DuckDB {duck}")
                    failed = True

    names = {"summary": "monthly summary by label (every metric's 7 statistics)",
             "era": f"per-label count and mean pace before/after {ERA}",
             "modz": "modified z-score of pace within each label (3 labels)"}
    print(f"libfitintel against DuckDB and polars on {args.rows:,} real-like workouts; machine: {os.cpu_count()} cores")
    print(f"one-off copies: libfitintel's snapshot build after train {snapshot_build:.2f} s (train leaves"
          f" it current when it read the rows itself); `fitintel export workouts`"
          f" {export_s:.2f} s, then DuckDB's table {duck_load:.2f} s, polars' Parquet {polars_load:.2f} s")
    print("| question | fitintel CLI s | DuckDB process s | polars process s | fitintel in-process s |"
          " DuckDB in-process s | polars in-process s | CLI vs best process | in-process vs best |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for q, r in results.items():
        best_proc = min(r["duckdb"], r["polars"])
        best_warm = min(r["duckdb warm"], r["polars warm"])
        print(f"| {names[q]} | {r['fitintel (CLI)']:.3f} | {r['duckdb']:.3f} | {r['polars']:.3f} |"
              f" {r['fitintel warm']:.3f} | {r['duckdb warm']:.3f} | {r['polars warm']:.3f} |"
              f" {best_proc / r['fitintel (CLI)']:.2f}× | {best_warm / r['fitintel warm']:.2f}× |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
