"""The drop-folder pipeline (SPEC §1.4) end to end: files dropped while `fitintel watch` runs are
imported and filed away, the notify hook gets each record, and killing the watcher at any moment
loses nothing and imports nothing twice."""
import hashlib
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import fitintel_path, query, row, run, write_export


def wait_for(condition, what, timeout=120.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def start_watch(store, inbox, *extra):
    env = dict(os.environ)
    env.pop("FITINTEL_DB", None)
    return subprocess.Popen([fitintel_path(), "--db", str(store), "watch", str(inbox), *map(str, extra)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def stop(proc):
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=30)


def hook_records(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_dropped_files_are_imported_and_filed(tmp_path):
    inbox, store, hook = tmp_path / "inbox", tmp_path / "store.db", tmp_path / "hook.jsonl"
    inbox.mkdir()
    # the hook appends each JSON record as one line
    notify = f"tr -d '\\n' >> '{hook}'; echo >> '{hook}'"
    proc = start_watch(store, inbox, "--notify", notify)
    try:
        time.sleep(0.3)   # let it finish its start-up scan of the empty folder
        # written under a hidden name, then renamed in: the usual atomic drop
        hidden = write_export(inbox / ".good.csv.part", [row(i) for i in range(1, 6)])
        hidden.rename(inbox / "good.csv")
        # written in place, in several writes
        with open(inbox / "slow.csv", "w") as f:
            f.write("Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),"
                    "Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),")
            f.flush()
            time.sleep(0.05)
            f.write("Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link\n" + row(10) + "\n")
        write_export(inbox / "bad.csv", [row(20), row(21, date="Feb. 30, 2025")])
        (inbox / "notes.txt").write_text("not an export")

        wait_for(lambda: len(hook_records(hook)) >= 3, "three notifications")
        processed, failed = inbox / "processed", inbox / "failed"
        wait_for(lambda: (processed / "good.csv").exists() and (processed / "slow.csv").exists()
                 and (failed / "bad.csv").exists(), "files to be filed away")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0, proc.stderr
    reasons = (inbox / "failed" / "bad.csv.reasons.txt").read_text()
    assert ":3" in reasons and "Feb. 30, 2025" in reasons
    assert (inbox / "notes.txt").read_text() == "not an export"
    records = {os.path.basename(r["file"]): r for r in hook_records(hook)}
    assert records["good.csv"]["status"] == "success" and records["good.csv"]["rows_added"] == 5
    assert records["slow.csv"]["rows_added"] == 1
    assert records["bad.csv"]["status"] == "rejected" and records["bad.csv"]["rejects"][0]["line"] == 3
    ids = [r[0] for r in query(store, "SELECT id FROM workouts ORDER BY id")]
    assert ids == [1, 2, 3, 4, 5, 10]


def test_once_handles_what_is_there(tmp_path):
    inbox, store = tmp_path / "inbox", tmp_path / "store.db"
    inbox.mkdir()
    write_export(inbox / "a.csv", [row(1), row(2)])
    write_export(inbox / "b.csv", [row(2), row(3)])
    out = run("--db", store, "watch", inbox, "--once", "--settle", "0", check=0)
    assert "a.csv" in out.stdout and "b.csv" in out.stdout
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == ["a.csv", "b.csv"]
    assert [r[0] for r in query(store, "SELECT id FROM workouts ORDER BY id")] == [1, 2, 3]


def test_kill_during_an_import_then_restart(tmp_path):
    inbox, store = tmp_path / "inbox", tmp_path / "store.db"
    inbox.mkdir()
    big = tmp_path / "big.csv"
    rows = 300_000
    run("sample", "--rows", rows, "--seed", "11", "-o", big, check=0)
    sha = hashlib.sha256(big.read_bytes()).hexdigest()
    proc = start_watch(store, inbox, "--settle", "0")
    try:
        time.sleep(0.3)
        big.rename(inbox / "big.csv")
        # kill it while the import runs: the WAL grows as rows are written
        wait_for(lambda: os.path.exists(f"{store}-wal") and os.path.getsize(f"{store}-wal") > 1 << 20,
                 "the import to be under way")
        proc.kill()
        proc.wait(timeout=30)
    finally:
        stop(proc)
    assert query(store, "PRAGMA integrity_check") == [("ok",)]
    count = query(store, "SELECT count(*) FROM workouts")[0][0]
    assert count in (0, rows), f"{count} rows: a partial import survived the kill"

    run("--db", store, "watch", inbox, "--once", "--settle", "0", check=0)
    assert (inbox / "processed" / "big.csv").exists()
    assert query(store, "PRAGMA integrity_check") == [("ok",)]
    assert query(store, "SELECT count(*) FROM workouts")[0][0] == rows
    done = query(store, "SELECT count(*) FROM imports WHERE sha256 = ? AND status = 'success'", sha)
    assert done[0][0] == 1, "the file was imported twice"


def test_sigterm_mid_import_leaves_the_file(tmp_path):
    inbox, store = tmp_path / "inbox", tmp_path / "store.db"
    inbox.mkdir()
    big = tmp_path / "big.csv"
    run("sample", "--rows", 200_000, "--seed", "12", "-o", big, check=0)
    proc = start_watch(store, inbox, "--settle", "0")
    try:
        time.sleep(0.3)
        big.rename(inbox / "big.csv")
        wait_for(lambda: os.path.exists(f"{store}-wal") and os.path.getsize(f"{store}-wal") > 1 << 20,
                 "the import to be under way")
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    finally:
        stop(proc)
    assert proc.returncode == 0
    count = query(store, "SELECT count(*) FROM workouts")[0][0]
    if count == 0:   # cancelled in time: the file waits in the inbox for the next run
        assert (inbox / "big.csv").exists()
    else:            # it finished before the signal landed
        assert count == 200_000 and (inbox / "processed" / "big.csv").exists()
    assert query(store, "PRAGMA integrity_check") == [("ok",)]
