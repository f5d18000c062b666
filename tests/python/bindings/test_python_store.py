"""fitintel.open, Store life cycle, imports, configuration and fitintel.sample."""
import os

import pytest

import fitintel
from conftest import export_row, write_export
from fitintel_fixtures import *  # noqa: F401,F403
from fitintel_fixtures import cli


def test_open_is_a_context_manager(tmp_path):
    with fitintel.open(tmp_path / "s.db") as s:
        assert not s.closed and s.workout_count == 0 and len(s) == 0
        assert s.path == str(tmp_path / "s.db") and s.schema_version >= 1
        assert "s.db" in repr(s)
    assert s.closed and repr(s) == "<fitintel.Store closed>"
    s.close()   # idempotent


@pytest.mark.parametrize("call", [
    lambda s: s.workout_count, lambda s: s.workouts(), lambda s: s.ingest("x.csv"),
    lambda s: s.train(), lambda s: s.classify(), lambda s: s.explain(1), lambda s: s.brief(),
    lambda s: s.label(1, "run"), lambda s: s.eras.list(), lambda s: s.config["classify.k"],
    lambda s: s.anomalies(), lambda s: s.records(), lambda s: s.imports()])
def test_a_closed_store_raises(tmp_path, call):
    s = fitintel.open(tmp_path / "s.db")
    s.close()
    with pytest.raises(fitintel.StoreClosedError):
        call(s)


def test_default_path_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("FITINTEL_DB", str(tmp_path / "env.db"))
    with fitintel.open() as s:
        assert s.path == str(tmp_path / "env.db")


def test_not_a_store(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not SQLite " * 100)
    with pytest.raises(fitintel.StoreError):
        fitintel.open(bad)


def test_readonly(tmp_path, export):
    db = tmp_path / "s.db"
    fitintel.open(db).close()
    with fitintel.open(db, readonly=True) as s:
        with pytest.raises(fitintel.ReadOnlyError):
            s.ingest(export)


def test_data_version_moves_with_every_commit_and_only_then(tmp_path, export):
    db = tmp_path / "s.db"
    with fitintel.open(db) as s, fitintel.open(db) as other:
        v = s.data_version
        assert v >= 1 and s.data_version == v and len(s) == 0
        s.ingest(export)
        moved = s.data_version
        assert moved > v                               # its own commit
        assert s.data_version == moved                  # reading changes nothing
        other.eras.add("2018-06-01", "Choco arrives")   # another connection's commit
        assert s.data_version > moved


def test_busy_store(tmp_path, export):
    import sqlite3
    db = tmp_path / "s.db"
    fitintel.open(db).close()
    holder = sqlite3.connect(db)
    holder.execute("BEGIN IMMEDIATE")   # another writer holds the store
    try:
        with fitintel.open(db, busy_timeout_ms=50) as s:
            with pytest.raises(fitintel.BusyError):
                s.ingest(export, policy="skip")
    finally:
        holder.rollback()
        holder.close()


def test_ingest_reports_like_the_cli(tmp_path, export):
    db = tmp_path / "s.db"
    with fitintel.open(db) as s:
        r = s.ingest(export, policy="skip")
        assert r.status == "success" and r.rows_added == 3000 == len(r.new_ids) == s.workout_count
        again = s.ingest(export, policy="skip")
        assert again.status == "no_new_rows" and again.rows_added == 0
        records = s.imports()
        assert [x.import_id for x in records] == [again.import_id, r.import_id]
        assert s.import_record(r.import_id) == r
        with pytest.raises(fitintel.NotFoundError):
            s.import_record(999)
    assert [x.to_dict() for x in records] == cli(db, "imports", "--json")
    assert r.to_dict() == cli(db, "imports", "--json")[1]


def test_strict_refusal_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    lines = write_export(path, [export_row(1), export_row(2, Distance_mi_="abc"), export_row(3)])
    with fitintel.open(tmp_path / "s.db") as s:
        with pytest.raises(fitintel.ParseError) as e:
            s.ingest(path)
        assert s.workout_count == 0
        err = e.value
        assert err.line == lines[1] == 3 and err.field == "Distance (mi)" and err.column == 5
        assert err.file.endswith("bad.csv") and "abc" in err.message
        assert s.imports()[0].status == "rejected"
        r = s.ingest(path, policy="skip")
        assert r.rows_added == 2 and r.rows_rejected == 1
        assert (r.rejects[0].line, r.rejects[0].field, r.rejects[0].reason) == \
            (3, "Distance (mi)", "not_a_number")


def test_missing_file(tmp_path):
    with fitintel.open(tmp_path / "s.db") as s:
        with pytest.raises(fitintel.FileError) as e:
            s.ingest(tmp_path / "nope.csv")
        assert "nope.csv" in str(e.value)


def test_bad_policy(store, export):
    with pytest.raises(fitintel.InvalidArgumentError):
        store.ingest(export, policy="lenient")


def test_ingest_bytes(store, export):
    r = store.ingest_bytes(export.read_bytes(), name="mem.csv", policy="skip")
    assert r.rows_added == 3000 and r.file == "mem.csv"


def test_progress_is_called(store, export):
    seen = []
    store.ingest(export, policy="skip", progress=seen.append)
    assert seen and isinstance(seen[-1], fitintel.Progress)
    assert seen[-1].rows_read == 3000 and seen[-1].bytes_done == seen[-1].bytes_total


def test_progress_returning_true_cancels(store, export):
    with pytest.raises(fitintel.CancelledError):
        store.ingest(export, policy="skip", progress=lambda p: True)
    assert store.workout_count == 0
    assert store.imports()[0].status == "failed" if store.imports() else True


def test_progress_exception_propagates(store, export):
    class Stop(Exception):
        pass

    def boom(p):
        raise Stop("enough")
    with pytest.raises(Stop, match="enough"):
        store.ingest(export, policy="skip", progress=boom)
    assert store.workout_count == 0
    assert store.ingest(export, policy="skip").rows_added == 3000   # the store is fine after


def test_config(tmp_path):
    db = tmp_path / "s.db"
    with fitintel.open(db) as s:
        assert s.config["classify.k"] == "5"
        assert s.config["classify.method"] == "mixture"
        s.config["classify.k"] = 4
        assert s.config.get("classify.k") == "4"
        s.config.set("classify.use_model", False)
        assert s.config["classify.use_model"] == "false"
        with pytest.raises(fitintel.InvalidArgumentError):
            s.config["classify.k"] = 99
        with pytest.raises(fitintel.NotFoundError):
            s.config["classify.kk"]
        assert cli(db, "config", "get", "classify.k").stdout.strip() == "4"
        s.config.unset("classify.k")
        assert s.config["classify.k"] == "5"
        everything = s.config.to_dict()
        assert list(everything) == fitintel.Config.keys()
        assert fitintel.Config.describe()["classify.k"]["default"] == "5"


def test_sample_is_deterministic(tmp_path):
    a, b, truth = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "truth.csv"
    fitintel.sample(a, rows=200, seed=7, truth=truth)
    cli(tmp_path / "unused.db", "sample", "--rows", 200, "--seed", 7, "-o", b)
    assert a.read_bytes() == b.read_bytes()
    assert truth.read_text().startswith("workout_id,kind")
    fitintel.sample(a, rows=50, units="km", start="2020-01-01", end="2020-12-31",
                    era="2020-06-01", first_id=5)
    assert "Distance (km)" in a.read_text().splitlines()[0]
    with pytest.raises(fitintel.InvalidArgumentError):
        fitintel.sample(a, rows=0)
    with pytest.raises(fitintel.InvalidArgumentError):
        fitintel.sample(a, units="furlongs")
    with pytest.raises(fitintel.FileError):
        fitintel.sample(tmp_path / "no" / "such" / "dir" / "x.csv", rows=5)
