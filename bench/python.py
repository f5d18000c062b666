"""Python package benchmark (issue #4): Store.workouts() into a DataFrame, and every analysis
called from Python against the same analysis through the `fitintel` command, on one store of
1M generated workouts (trained, with the Choco era).

Python figures are calls on an open store (what a notebook does), returning the package's
result objects (JSON parsed into frozen dataclasses); command figures are whole commands with
--json written to /dev/null (process start and store open included). Each is the best of
--repeat runs. The frame-load line is the C call alone, the floor under Store.workouts().

usage: .venv/bin/python bench/python.py [--rows 1000000] [--build build-bench] [--repeat 3]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

from timing import best

ROOT = pathlib.Path(__file__).resolve().parent.parent

# (name, Python call on a Store, the same through the command)
CALLS = [
    ("anomalies", lambda s: s.anomalies(), ["anomalies", "--json"]),
    ("consistency", lambda s: s.consistency(), ["consistency", "--json"]),
    ("trends", lambda s: s.trend(), ["trends", "--json"]),
    ("trends (week)", lambda s: s.trend(per="week"), ["trends", "--per", "week", "--json"]),
    ("forecast", lambda s: s.forecast(), ["forecast", "--json"]),
    ("records", lambda s: s.records(), ["records", "--json"]),
    ("era compare", lambda s: s.compare_eras(), ["era", "compare", "--json"]),
    ("brief", lambda s: s.brief(), ["brief", "--json"]),
    ("classify", lambda s: s.classify(), ["classify", "--json"]),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--build", default=str(ROOT / "build-bench"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    build = pathlib.Path(args.build).resolve()
    sys.path.insert(0, str(build / "bindings" / "python"))
    import fitintel
    from fitintel import _core
    from fitintel.workouts import frame_arrays, to_dataframe
    exe = build / "cli" / "fitintel"

    with tempfile.TemporaryDirectory() as work:
        work = pathlib.Path(work)
        export, db = work / "export.csv", work / "store.db"
        fitintel.sample(export, rows=args.rows, seed=7)
        with fitintel.open(db) as s:
            t = time.perf_counter()
            s.ingest(export, policy="skip")
            ingest = time.perf_counter() - t
            s.train()
            s.eras.add("2018-06-01", "Choco arrives")

            def frame_only():
                with s._use() as h:
                    _core.fi_frame_free(_core.fi_frame_load(h, None))

            def arrays_only():
                with s._use() as h:
                    frame = _core.fi_frame_load(h, None)
                arrays = frame_arrays(frame)
                _core.fi_frame_free(frame)
                return arrays
            arrays = arrays_only()
            rows = [
                ("fi_frame_load (C)", best(frame_only, args.repeat)),
                ("+ column copies", best(arrays_only, args.repeat)),
                ("DataFrame assembly", best(lambda: to_dataframe(arrays), args.repeat)),
                ("Store.workouts()", best(s.workouts, args.repeat)),
            ]
            # Python and the command take turns, so that a busy machine slows both alike.
            env = dict(os.environ, FITINTEL_DB=str(db))
            py, cli = {}, {}
            for name, call, cmd in CALLS:
                def run(cmd=cmd):
                    subprocess.run([exe, *cmd], check=True, stdout=subprocess.DEVNULL, env=env)
                pairs = [(best(lambda: call(s), 1), best(run, 1)) for _ in range(args.repeat)]
                py[name], cli[name] = min(p for p, _ in pairs), min(c for _, c in pairs)
        for p in work.glob("*"):
            p.unlink()

    print(f"\nPython package, {args.rows:,} workouts (import through Python: {ingest:.2f} s)")
    print(f"{'Store.workouts() -> DataFrame':<32} {'seconds':>8}")
    for name, t in rows:
        print(f"  {name:<30} {t:>8.3f}")
    print(f"\n{'call':<16} {'Python':>8} {'command':>8} {'Python/command':>15}")
    for name, _, _ in CALLS:
        print(f"{name:<16} {py[name]:>8.3f} {cli[name]:>8.3f} {py[name] / cli[name]:>14.2f}×")


if __name__ == "__main__":
    main()
