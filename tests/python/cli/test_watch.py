"""The drop-folder pipeline (SPEC §1.4) end to end: `fitintel watch DIR` imports each *.csv that
has finished being written, files it in DIR/processed/ or DIR/failed/ (with NAME.reasons.txt),
runs the notify hook with the import record, leaves everything else alone, and survives being
killed at any moment: the store stays intact and no file is ever imported twice."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from conftest import (dump_data, export_row, query, wait_for, wait_import_writing, workout_ids,
                      write_export)

BIG_ROWS = 300_000


# ---------------------------------------------------------------- helpers

def inotify_ready(proc):
    """True once the watcher has its inotify watch (it scans DIR right after)."""
    try:
        fds = os.listdir(f"/proc/{proc.pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{proc.pid}/fd/{fd}") == "anon_inode:inotify":
                return True
        except OSError:
            pass
    return False


def start_watch(popen, store, inbox, *extra):
    proc = popen("--db", store, "watch", inbox, *extra)

    def ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"watch exited {proc.returncode} at start-up:\n{out}\n{err}")
        return inotify_ready(proc)
    wait_for(ready, timeout=60, what="the watcher to start")
    return proc


def stop(proc, sig=signal.SIGTERM, timeout=60):
    """Send @sig and wait; returns (exit code, stdout, stderr)."""
    if proc.poll() is None:
        proc.send_signal(sig)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def drop_atomically(src_bytes, inbox, name):
    """The usual way to drop a file: write it under a hidden name in DIR, then rename it."""
    tmp = inbox / f".{name}.part"
    with open(tmp, "wb") as f:
        for i in range(0, len(src_bytes), 1 << 16):   # several writes
            f.write(src_bytes[i:i + (1 << 16)])
            f.flush()
    os.rename(tmp, inbox / name)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def hook_records(hook):
    """The hook's calls as (parsed JSON, status env, file env); each stdin must be one JSON
    document (plus the newline)."""
    out = []
    for raw, status, file in hook.calls():
        assert raw.endswith("\n") and raw.count("\n") == 1, f"not one JSON document: {raw!r}"
        out.append((json.loads(raw), status, file))
    return out


def snapshot(path):
    st = os.stat(path)
    return path.read_bytes(), st.st_mtime_ns, st.st_ino


@pytest.fixture
def inbox(tmp_path):
    d = tmp_path / "inbox"
    d.mkdir()
    return d


@pytest.fixture(scope="module")
def big_export(tmp_path_factory, fitintel):
    path = tmp_path_factory.mktemp("big") / "big.csv"
    subprocess.run([fitintel, "sample", "--rows", str(BIG_ROWS), "--seed", "5", "-o", str(path)],
                   check=True, capture_output=True, timeout=300)
    yield path
    path.unlink()


# ---------------------------------------------------------------- the pipeline

GOOD = [export_row(i, "Jan. 5, 2024", Notes=f"run {i}, \"quoted\"") for i in range(1, 6)]
SLOW = [export_row(i, "Feb. 5, 2024", Notes="line one\nline two") for i in range(10, 40)]
BAD = [export_row(50, "March 1, 2024"), export_row(51, "March 2, 2024", Notes="two\nlines"),
       export_row(52, "Feb. 30, 2025", Date_Submitted="March 3, 2025")]


def test_dropped_files_are_imported_filed_and_notified(popen, tmp_path, inbox, store, hook):
    processed, failed = inbox / "processed", inbox / "failed"
    other = inbox / "notes.txt"
    other.write_text("not an export, leave me alone\n")
    other_before = snapshot(other)
    proc = start_watch(popen, store, inbox, "--notify", hook.command, "--settle", "500")
    try:
        assert processed.is_dir() and failed.is_dir()

        # 1. written under a hidden name in several writes, then renamed in
        write_export(tmp_path / "good.src", GOOD)
        drop_atomically((tmp_path / "good.src").read_bytes(), inbox, "good.csv")

        # 2. written in place: opened, appended to and closed several times, cut mid-row, with
        #    pauses well under the settle time; it must be imported once, whole
        write_export(tmp_path / "slow.src", SLOW)
        data = (tmp_path / "slow.src").read_bytes()
        cuts = [0, 100, len(data) // 3 + 7, 2 * len(data) // 3 + 3, len(data)]
        for a, b in zip(cuts, cuts[1:]):
            with open(inbox / "slow.csv", "ab") as f:
                f.write(data[a:b])
            time.sleep(0.03)

        # 3. a file the strict policy refuses; the bad row starts on line 5
        lines = write_export(tmp_path / "bad.src", BAD)
        assert lines == [2, 3, 5]
        drop_atomically((tmp_path / "bad.src").read_bytes(), inbox, "bad.csv")

        wait_for(lambda: len(hook.calls()) >= 3, what="three notifications")
        wait_for(lambda: (processed / "good.csv").exists() and (processed / "slow.csv").exists()
                 and (failed / "bad.csv").exists() and (failed / "bad.csv.reasons.txt").exists(),
                 what="the files to be filed away")
    finally:
        code, out, err = stop(proc)
    assert code == 0, err

    # filed away, byte for byte; nothing left in the drop folder but the other file
    assert (processed / "good.csv").read_bytes() == (tmp_path / "good.src").read_bytes()
    assert (processed / "slow.csv").read_bytes() == (tmp_path / "slow.src").read_bytes()
    assert (failed / "bad.csv").read_bytes() == (tmp_path / "bad.src").read_bytes()
    assert sorted(p.name for p in inbox.iterdir()) == ["failed", "notes.txt", "processed"]
    assert sorted(p.name for p in processed.iterdir()) == ["good.csv", "slow.csv"]
    assert sorted(p.name for p in failed.iterdir()) == ["bad.csv", "bad.csv.reasons.txt"]
    assert snapshot(other) == other_before, "a non-csv file must stay untouched"

    reasons = (failed / "bad.csv.reasons.txt").read_text()
    assert "bad.csv:5: Workout Date: " in reasons and "Feb. 30, 2025" in reasons

    # the hook: one JSON document per file, in the order handled
    records = hook_records(hook)
    assert len(records) == 3, records
    by_name = {os.path.basename(r["file"]): (r, status, file) for r, status, file in records}
    assert set(by_name) == {"good.csv", "slow.csv", "bad.csv"}
    for name, ids, status, folder in (("good.csv", [1, 2, 3, 4, 5], "success", processed),
                                      ("slow.csv", list(range(10, 40)), "success", processed),
                                      ("bad.csv", [], "rejected", failed)):
        rec, env_status, env_file = by_name[name]
        assert rec["status"] == env_status == status, name
        assert env_file == str(folder / name), "FITINTEL_IMPORT_FILE is where the file is now"
        assert rec["new_ids"] == ids and rec["rows_added"] == len(ids), name
        assert rec["sha256"] == sha256(folder / name), name
    bad = by_name["bad.csv"][0]
    assert [(j["line"], j["field"]) for j in bad["rejects"]] == [(5, "Workout Date")]

    # the store: exactly the good rows, and one record per file
    assert workout_ids(store) == [1, 2, 3, 4, 5] + list(range(10, 40))
    notes = dict(query(store, "SELECT id, notes FROM workouts WHERE id IN (1, 10)"))
    assert notes == {1: 'run 1, "quoted"', 10: "line one\nline two"}
    log = query(store, "SELECT path, status FROM imports ORDER BY id")
    assert sorted((os.path.basename(p), s) for p, s in log) == \
        [("bad.csv", "rejected"), ("good.csv", "success"), ("slow.csv", "success")]

    # one line per file on stdout
    lines = out.splitlines()
    assert "imported good.csv: 5 added, 0 duplicates → processed/" in lines
    assert "imported slow.csv: 30 added, 0 duplicates → processed/" in lines
    assert any(line.startswith("rejected bad.csv: 1 row rejected") and line.endswith("→ failed/")
               for line in lines), out
    assert len(lines) == 3, out


def test_once_handles_what_is_already_there(run, inbox, store, hook):
    write_export(inbox / "a.csv", GOOD)
    write_export(inbox / "b.csv", BAD)
    write_export(inbox / "c.csv", [export_row(5), export_row(6)])   # 5 is a duplicate of a.csv
    write_export(inbox / ".hidden.csv", [export_row(99)])
    (inbox / "export.csv.txt").write_text("not a csv name")
    keep = {n: snapshot(inbox / n) for n in (".hidden.csv", "export.csv.txt")}

    p = run("--db", store, "watch", inbox, "--once", "--settle", "0", "--notify", hook.command)
    assert p.returncode == 0, p.stderr
    assert sorted(p.name for p in (inbox / "processed").iterdir()) == ["a.csv", "c.csv"]
    assert sorted(p.name for p in (inbox / "failed").iterdir()) == ["b.csv", "b.csv.reasons.txt"]
    assert {n: snapshot(inbox / n) for n in keep} == keep, "hidden and non-csv files stay"
    assert workout_ids(store) == [1, 2, 3, 4, 5, 6]
    records = hook_records(hook)
    assert [(os.path.basename(r["file"]), r["status"], r["rows_added"], r["rows_duplicate"])
            for r, _, _ in records] == \
        [("a.csv", "success", 5, 0), ("b.csv", "rejected", 0, 0), ("c.csv", "success", 1, 1)]
    assert p.stdout.splitlines()[0] == "imported a.csv: 5 added, 0 duplicates → processed/"

    # the same bytes dropped again under the same name: nothing new, filed under another name
    shutil.copy(inbox / "processed" / "a.csv", inbox / "a.csv")
    before = dump_data(store)
    p = run("--db", store, "watch", inbox, "--once", "--settle", "0", "--notify", hook.command)
    assert p.returncode == 0, p.stderr
    assert not (inbox / "a.csv").exists()
    rec, status, file = hook_records(hook)[-1]
    assert rec["status"] == status == "no_new_rows" and rec["rows_added"] == 0
    assert file == str(inbox / "processed" / f"a.{rec['import_id']}.csv")
    assert os.path.exists(file)
    assert (inbox / "processed" / "a.csv").exists(), "the first a.csv is never replaced"
    assert dump_data(store) == before
    assert query(store, "SELECT count(*) FROM imports WHERE sha256 = ? AND status = 'success'",
                 sha256(file)) == [(1,)]
    assert "nothing new" in p.stdout


def test_skip_policy_files_the_bad_file_as_processed(run, inbox, store):
    write_export(inbox / "b.csv", BAD)
    p = run("--db", store, "watch", inbox, "--once", "--settle", "0", "--policy", "skip")
    assert p.returncode == 0, p.stderr
    assert (inbox / "processed" / "b.csv").exists() and not any((inbox / "failed").iterdir())
    assert workout_ids(store) == [50, 51]
    assert "1 rejected" in p.stdout


def test_once_on_a_missing_folder_is_an_error(run, tmp_path, store):
    p = run("--db", store, "watch", tmp_path / "nowhere", "--once")
    assert p.returncode == 1 and str(tmp_path / "nowhere") in p.stderr


def test_sigterm_stops_an_idle_watcher_cleanly(popen, inbox, store):
    proc = start_watch(popen, store, inbox)
    t0 = time.monotonic()
    code, out, err = stop(proc, signal.SIGTERM, timeout=30)
    assert code == 0, err
    assert time.monotonic() - t0 < 10
    assert query(store, "PRAGMA integrity_check") == [("ok",)]


# ---------------------------------------------------------------- kills and restarts

def drop_big(big_export, inbox):
    """Copy the big export into the drop folder atomically (hidden name, then rename)."""
    tmp = inbox / ".big.csv.part"
    shutil.copyfile(big_export, tmp)
    os.rename(tmp, inbox / "big.csv")
    return inbox / "big.csv"


def test_kill_during_an_import_then_restart(popen, run, inbox, store, hook, big_export,
                                            remove_big_files):
    digest = sha256(big_export)
    proc = start_watch(popen, store, inbox, "--notify", hook.command)
    try:
        dropped = drop_big(big_export, inbox)
        wait_import_writing(proc, dropped, store)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert dropped.exists(), "killed mid-import: the file must still be in the drop folder"
    assert hook.calls() == []

    assert query(store, "PRAGMA integrity_check") == [("ok",)]
    count = query(store, "SELECT count(*) FROM workouts")[0][0]
    assert count in (0, BIG_ROWS), f"{count} workouts: part of an import survived the kill"

    # restart: the file still in DIR is handled, exactly once
    p = run("--db", store, "watch", inbox, "--once", "--notify", hook.command)
    assert p.returncode == 0, p.stderr
    assert not dropped.exists() and (inbox / "processed" / "big.csv").exists()
    assert sha256(inbox / "processed" / "big.csv") == digest
    assert query(store, "PRAGMA integrity_check") == [("ok",)]
    assert query(store, "SELECT count(*), count(DISTINCT import_id) FROM workouts") == [(BIG_ROWS, 1)]
    assert query(store, "SELECT count(*) FROM imports WHERE sha256 = ? AND status = 'success'",
                 digest) == [(1,)], "the file was imported twice"
    (rec, status, file), = hook_records(hook)
    assert rec["sha256"] == digest
    assert (rec["status"], rec["rows_added"]) in (("success", BIG_ROWS), ("no_new_rows", 0))

    # and once more: nothing to do, nothing changes
    p = run("--db", store, "watch", inbox, "--once")
    assert p.returncode == 0 and p.stdout == ""
    assert query(store, "SELECT count(*) FROM workouts") == [(BIG_ROWS,)]


def test_sigterm_during_an_import_leaves_the_file_for_the_next_start(popen, run, inbox, store,
                                                                    big_export, remove_big_files):
    proc = start_watch(popen, store, inbox)
    dropped = drop_big(big_export, inbox)
    wait_import_writing(proc, dropped, store)
    code, out, err = stop(proc, signal.SIGTERM, timeout=120)
    assert code == 0, err
    assert "stopped while importing big.csv; it stays in" in err
    assert dropped.exists() and not (inbox / "processed" / "big.csv").exists()
    assert query(store, "PRAGMA integrity_check") == [("ok",)]
    assert query(store, "SELECT count(*) FROM workouts") == [(0,)]
    assert query(store, "SELECT status FROM imports") in ([], [("failed",)])

    p = run("--db", store, "watch", inbox, "--once")
    assert p.returncode == 0, p.stderr
    assert (inbox / "processed" / "big.csv").exists()
    assert query(store, "SELECT count(*) FROM workouts") == [(BIG_ROWS,)]
    assert query(store, "SELECT count(*) FROM imports WHERE status = 'success'") == [(1,)]
