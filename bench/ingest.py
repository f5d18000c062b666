"""Ingest benchmark (issue #2): libfitintel's `fitintel ingest` against the pandas reference
(reference_ingest.py), both run here, in the same session, on the same generated exports.

For 10k, 100k and 1M-row exports it measures: the first import into an empty store, a newer full
export of the same history (every old row plus 1,000 new ones, so different bytes), the same file
again, and peak RSS of each process (GNU time). Prints a Markdown table and writes it to
bench/out/ingest.md.

usage: .venv/bin/python bench/ingest.py [--rows 10000,100000,1000000] [--build build]
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent


def timed(cmd, env=None):
    """Run @cmd under GNU time; return (seconds, peak RSS in MB)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%e %M", *cmd], capture_output=True, text=True,
                         env=env)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(map(str, cmd))}\n{out.stdout}\n{out.stderr}")
    seconds, kb = out.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kb) / 1024


def fresh(path):
    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(path) + suffix).unlink(missing_ok=True)


def bench(rows, fitintel, work):
    export = work / f"export-{rows}.csv"
    newer = work / f"newer-{rows}.csv"
    subprocess.run([fitintel, "sample", "--rows", str(rows), "--seed", "7", "-o", export],
                   check=True, capture_output=True)
    extra = work / "extra.csv"
    subprocess.run([fitintel, "sample", "--rows", "1000", "--seed", "8", "--start", "2026-01-01",
                    "--end", "2026-06-30", "--first-id", "90000000000", "-o", extra],
                   check=True, capture_output=True)
    with open(newer, "wb") as out:   # newest first: the 1,000 new rows, then the old history
        out.write(extra.read_bytes())
        with open(export, "rb") as old:
            old.readline()
            shutil.copyfileobj(old, out)

    store, ref_store = work / "lib.db", work / "ref.db"
    fresh(store)
    fresh(ref_store)
    ingest = [fitintel, "--db", store, "ingest", "--no-progress"]
    reference = [sys.executable, ROOT / "bench" / "reference_ingest.py", ref_store]
    r = {"rows": rows, "mb": export.stat().st_size / 1e6}
    r["lib_s"], r["lib_rss"] = timed([*ingest, export])
    r["lib_newer_s"], r["lib_newer_rss"] = timed([*ingest, newer])
    r["lib_again_s"], _ = timed([*ingest, newer])
    r["ref_s"], r["ref_rss"] = timed([*reference, export])
    r["ref_newer_s"], r["ref_newer_rss"] = timed([*reference, newer])
    return r


def table(results):
    lines = [
        "| rows | file MB | import s | rows/s | newer export s | same file again s | peak RSS MB |"
        " pandas import s | pandas newer s | pandas peak RSS MB | speed-up import | speed-up newer |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rss = max(r["lib_rss"], r["lib_newer_rss"])
        ref_rss = max(r["ref_rss"], r["ref_newer_rss"])
        lines.append(
            f"| {r['rows']:,} | {r['mb']:.1f} | {r['lib_s']:.2f} | {r['rows'] / r['lib_s']:,.0f} |"
            f" {r['lib_newer_s']:.2f} | {r['lib_again_s']:.2f} | {rss:.0f} | {r['ref_s']:.2f} |"
            f" {r['ref_newer_s']:.2f} | {ref_rss:.0f} | {r['ref_s'] / r['lib_s']:.1f}× |"
            f" {r['ref_newer_s'] / r['lib_newer_s']:.1f}× |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="10000,100000,1000000")
    ap.add_argument("--build", default=str(ROOT / "build"))
    args = ap.parse_args()
    fitintel = pathlib.Path(args.build) / "cli" / "fitintel"
    if not fitintel.exists():
        sys.exit(f"{fitintel} not found: build first (meson setup build && ninja -C build)")
    with tempfile.TemporaryDirectory(prefix="fitintel-bench-") as tmp:
        results = [bench(int(n), fitintel, pathlib.Path(tmp)) for n in args.rows.split(",")]
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    text = (f"Ingest benchmark — {os.cpu_count()} cores, {cpu}; build type of {args.build}: "
            "see meson configure.\n\n" + table(results) + "\n")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "ingest.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
