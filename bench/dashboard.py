"""HTML dashboard benchmark (issue #5): the time `fitintel dashboard` takes and the size of the file
it writes, for the 14-year sample (3,000 workouts; target ≤ 2 s) and for 100k workouts (≤ 10 s and
≤ 25 MB), each store trained and with the Choco era.

"command" is the whole `fitintel dashboard -o FILE` (process start, Python and its imports, store
open, every view, writing); "in process" is Store.dashboard() on an open store in a warm process
(what a notebook or the Streamlit app pays). Each is the best of --repeat runs. The time per view
says where the rest goes. plotly.js (inlined once) is a fixed part of the size.

usage: .venv/bin/python bench/dashboard.py [--rows 3000,100000] [--build build-bench] [--repeat 3]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

from timing import best

ROOT = pathlib.Path(__file__).resolve().parent.parent
TIME_TARGET = {3000: 2.0, 100_000: 10.0}     # seconds, the command
SIZE_TARGET = 25 * 1024 * 1024               # bytes, for 100k


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", default="3000,100000")
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    sys.path.insert(0, str(build / "bindings" / "python"))
    import fitintel
    from fitintel import dashboard, views
    exe = build / "cli" / "fitintel"
    env = dict(os.environ)
    env.pop("FITINTEL_DB", None)

    print("HTML dashboard (fitintel dashboard), best of", args.repeat)
    print(f"{'workouts':>9} {'command s':>10} {'target':>7} {'ratio':>6} {'in process s':>13} "
          f"{'size MB':>8} {'plotly.js MB':>13} {'size ratio':>10}")
    failed = False
    for rows in [int(r) for r in args.rows.split(",")]:
        with tempfile.TemporaryDirectory() as work:
            work = pathlib.Path(work)
            export, db, out = work / "export.csv", work / "store.db", work / "dashboard.html"
            fitintel.sample(export, rows=rows, seed=7)
            with fitintel.open(db) as s:
                s.ingest(export, policy="skip")
                s.eras.add("2018-06-01", "Choco arrives")
                s.train()
            cmd = [str(exe), "--db", str(db), "dashboard", "-o", str(out)]
            command = best(lambda: subprocess.run(cmd, check=True, env=env), args.repeat)
            size = out.stat().st_size
            with fitintel.open(db, readonly=True) as s:
                s.dashboard(work / "warm.html")       # imports and plotly.js read once
                in_process = best(lambda: s.dashboard(work / "warm.html"), args.repeat)
                per_view = []
                for key, _, fn in views.VIEWS:
                    call = dashboard._view_calls(30, None).get(key, lambda st, f: f(st))
                    per_view.append((key, best(lambda: call(s, fn), 1)))
            js = len(dashboard._plotly_js().encode("utf-8"))
        target = TIME_TARGET.get(rows)
        ratio = f"{command / target:.2f}" if target else "-"
        size_ratio = f"{size / SIZE_TARGET:.2f}" if rows >= 100_000 else "-"
        print(f"{rows:>9,} {command:>10.2f} {target or 0:>7.1f} {ratio:>6} {in_process:>13.2f} "
              f"{size / 1e6:>8.1f} {js / 1e6:>13.1f} {size_ratio:>10}")
        print("          views: " + ", ".join(f"{k} {t:.2f} s" for k, t in per_view))
        if target and command > target or rows >= 100_000 and size > SIZE_TARGET:
            failed = True
    print("targets: 3,000 workouts ≤ 2 s; 100k ≤ 10 s and ≤ 25 MB (ratio ≤ 1 meets them)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
