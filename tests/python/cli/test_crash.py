"""Crash safety and concurrency of imports (issue #7 items 3 and 4): `fitintel ingest` of a 200k-row
export killed with SIGKILL at 20 moments never leaves a partial or corrupt store and a re-run gives
the right counts; readers in other processes (the command and `import fitintel`) see only whole
imports while one runs and are never refused with "locked"; two imports at once both finish, one
after the other."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import query, wait_for

ROWS = 200_000
BASE_ROWS = 1_000
# one snapshot: the workouts and the import records that account for them, in a single statement
SNAPSHOT_SQL = ("SELECT (SELECT count(*) FROM workouts) AS workouts, (SELECT coalesce(sum(rows_added), 0)"
                " FROM imports WHERE status = 'success') AS recorded")


def sample(fitintel, path, rows, seed, first_id=None):
    extra = ["--first-id", str(first_id)] if first_id else []
    subprocess.run([fitintel, "sample", "--rows", str(rows), "--seed", str(seed), "-o", str(path), *extra],
                   check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def big_export(tmp_path_factory, fitintel):
    return sample(fitintel, tmp_path_factory.mktemp("crash") / "big.csv", ROWS, 21)


def fresh_store(run, path):
    assert run("--db", path, "init").returncode == 0
    return path


# ---- item 3: SIGKILL ----

def test_sigkill_at_twenty_moments(run, popen, tmp_path, big_export):
    # how long a whole import takes here, so that the kills spread over all of it
    t = time.monotonic()
    assert run("--db", fresh_store(run, tmp_path / "timing.db"), "ingest", big_export).returncode == 0
    duration = time.monotonic() - t
    stores = iter(tmp_path / f"store{k}.db" for k in range(21))
    store = fresh_store(run, next(stores))
    outcomes = []
    for k in range(20):
        proc = popen("--db", store, "ingest", big_export)
        # spread over the first three quarters: the timing run may have been slower than this
        # one (a cold cache, a busy machine), and a kill after the commit tests nothing
        time.sleep(duration * 0.75 * (k + 0.5) / 20)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert query(store, "PRAGMA integrity_check") == [("ok",)], f"kill {k}"
        count = query(store, "SELECT count(*) FROM workouts")[0][0]
        records = query(store, "SELECT status, rows_added FROM imports")
        # none or all of the file, and the import log says the same
        assert (count, records) in [(0, []), (ROWS, [("success", ROWS)])], f"kill {k}: {count} rows, {records}"
        p = run("--db", store, "imports", "--json")     # the command opens what the kill left
        assert p.returncode == 0 and len(json.loads(p.stdout)) == len(records), p.stderr
        outcomes.append(count)
        if count:   # the kill came after the commit: the next kill starts from an empty store again
            store = fresh_store(run, next(stores))
    assert outcomes.count(0) >= 10, f"only {outcomes.count(0)} of 20 kills landed inside an import"
    # re-running completes with the right counts, and once more adds nothing
    p = run("--db", store, "ingest", big_export, "--json")
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert (rec["status"], rec["rows_read"], rec["rows_added"], rec["rows_duplicate"], rec["rows_rejected"]) == \
        ("success", ROWS, ROWS, 0, 0)
    assert query(store, "SELECT count(*) FROM workouts")[0][0] == ROWS
    again = json.loads(run("--db", store, "ingest", big_export, "--json").stdout)
    assert again["rows_added"] == 0 and again["status"] == "no_new_rows"
    assert query(store, "PRAGMA integrity_check") == [("ok",)]


# ---- item 4: readers during an import ----

# A second process reading through the Python package until @stop exists: one line per read,
# "workouts recorded count" (the snapshot statement, then Store.workout_count), or "ERR message".
# Every tenth read opens the store anew, as a fresh program would.
PYTHON_READER = r"""
import os, sys, time
import fitintel
path, stop, sql = sys.argv[1:4]
store, reads = None, 0
while True:
    last = os.path.exists(stop)
    try:
        if store is None or reads % 10 == 0:
            if store is not None:
                store.close()
            store = fitintel.open(path, readonly=True)
        row = store.sql(sql, history=False).iloc[0]
        print(int(row["workouts"]), int(row["recorded"]), store.workout_count, flush=True)
    except Exception as e:
        print("ERR", type(e).__name__, e, flush=True)
    reads += 1
    if last:
        break
"""


def python_reader_env():
    env = dict(os.environ)
    build = env.get("FITINTEL_BUILD_ROOT")
    if build and "PYTHONPATH" not in env:
        env["PYTHONPATH"] = os.path.join(build, "bindings", "python")
    return env


def test_readers_see_whole_imports_and_are_never_locked_out(run, popen, tmp_path, big_export, fitintel):
    env = python_reader_env()
    if subprocess.run([sys.executable, "-c", "import fitintel"], env=env, capture_output=True).returncode:
        pytest.skip("the Python package is not built here")
    store = fresh_store(run, tmp_path / "store.db")
    base = sample(fitintel, tmp_path / "base.csv", BASE_ROWS, 3, first_id=900_000_000_000)
    assert run("--db", store, "ingest", base).returncode == 0
    stop, reads = tmp_path / "stop", tmp_path / "reads.txt"
    with open(reads, "w") as out:
        reader = subprocess.Popen([sys.executable, "-c", PYTHON_READER, str(store), str(stop), SNAPSHOT_SQL],
                                  env=env, stdout=out, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: reads.read_text().count("\n") >= 1, what="the Python reader's first read")
        assert reads.read_text().split("\n")[0].split() == [str(BASE_ROWS)] * 3   # before the import
        proc = popen("--db", store, "ingest", big_export)
        cli = []
        while proc.poll() is None:
            p = run("--db", store, "sql", "--no-history", "--format", "csv", SNAPSHOT_SQL)
            assert p.returncode == 0 and "locked" not in p.stderr, p.stderr
            cli.append(tuple(int(v) for v in p.stdout.splitlines()[1].strip().split(",")))
            p = run("--db", store, "workouts", "--format", "json", "--limit", "1")
            assert p.returncode == 0 and "locked" not in p.stderr, p.stderr
        assert proc.returncode == 0, proc.stderr.read()
    finally:
        stop.touch()
        err = reader.communicate(timeout=120)[1]
    assert reader.returncode == 0, err
    out = reads.read_text()
    lines = [line.split() for line in out.splitlines()]
    assert not [line for line in lines if line[0] == "ERR"], out[-2000:]
    python = [tuple(map(int, line)) for line in lines]
    before, after = BASE_ROWS, BASE_ROWS + ROWS
    # whole imports only, the records agree with the rows, and counts never go back
    assert set(cli) <= {(before, before), (after, after)}, set(cli)
    assert set(python) <= {(before,) * 3, (after,) * 3} | {(before, before, after)}, set(python)
    for seen in ([c[0] for c in cli], [p[0] for p in python]):
        assert seen == sorted(seen)
    assert cli and cli[0][0] == before, "the command never read during the import"
    assert python[-1] == (after,) * 3 and len(python) > 2


# ---- item 4: two writers ----

def holds_write_lock(store):
    con = sqlite3.connect(os.fspath(store), timeout=0)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.rollback()
        return False
    except sqlite3.OperationalError as e:
        assert "locked" in str(e)
        return True
    finally:
        con.close()


def test_two_imports_started_together_both_finish(run, popen, tmp_path, fitintel):
    a = sample(fitintel, tmp_path / "a.csv", 60_000, 1)
    b = sample(fitintel, tmp_path / "b.csv", 60_000, 2, first_id=90_000_000_000)
    store = fresh_store(run, tmp_path / "store.db")
    first = popen("--db", store, "ingest", "--json", a)
    # the second starts while the first holds the store: it has to wait its turn, not fail
    wait_for(lambda: holds_write_lock(store) or first.poll() is not None, timeout=60, interval=0.002,
             what="the first import to take the store")
    assert first.poll() is None, "the first import finished before the second could start"
    second = popen("--db", store, "ingest", "--json", b)
    (out_a, err_a), (out_b, err_b) = first.communicate(timeout=300), second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, (err_a, err_b)
    ra, rb = json.loads(out_a), json.loads(out_b)
    assert (ra["rows_added"], rb["rows_added"]) == (60_000, 60_000)
    assert rb["started_at"] < ra["finished_at"] < rb["finished_at"], "the second did not wait for the first"
    assert query(store, "SELECT import_id, count(*) FROM workouts GROUP BY import_id ORDER BY import_id") == \
        [(ra["import_id"], 60_000), (rb["import_id"], 60_000)]
    assert query(store, "SELECT count(*) FROM imports WHERE status = 'success'")[0][0] == 2
    assert query(store, "PRAGMA integrity_check") == [("ok",)]
