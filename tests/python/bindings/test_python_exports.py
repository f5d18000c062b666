"""Store.export, Store.import_archive and Store.sql."""
import io
import sqlite3

import pandas as pd
import pytest

import fitintel
from fitintel_fixtures import *  # noqa: F401,F403


def test_export_workouts_csv_matches_the_dataframe(classified):
    s, _ = classified
    csv = pd.read_csv(io.StringIO(s.export("workouts", "csv", from_="2020-01-01")))
    df = s.workouts(from_="2020-01-01")
    assert csv["id"].tolist() == df["id"].tolist()
    assert (csv["label"].fillna("unknown") == df["label"].astype(str)).all()


def test_export_to_a_file_and_kinds(classified, tmp_path):
    s, _ = classified
    assert s.export("eras", "json", path=tmp_path / "eras.json") is None
    assert "Choco arrives" in (tmp_path / "eras.json").read_text()
    assert '"insights"' in s.export("brief", "json", days=30, at="2025-12-31")
    for kind in ("corrections", "models", "imports"):
        assert s.export(kind, "json").startswith("[")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.export("everything")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.export("workouts", "xlsx")


def test_archive_round_trip(classified, tmp_path):
    s, db = classified
    s.export("archive", "json", path=tmp_path / "a.json")
    with fitintel.open(tmp_path / "copy.db") as copy:
        rows = copy.import_archive(tmp_path / "a.json")
        assert rows > 3000 and copy.workout_count == 3000
        assert copy.workouts().equals(s.workouts())
        with pytest.raises(fitintel.InvalidArgumentError):
            copy.import_archive(tmp_path / "a.json")   # not empty any more
    (tmp_path / "bad.json").write_text("{}")
    with fitintel.open(tmp_path / "empty.db") as empty:
        with pytest.raises(fitintel.ParseError):
            empty.import_archive(tmp_path / "bad.json")


def test_sql(classified):
    s, db = classified
    df = s.sql("SELECT id, distance_mi FROM workouts ORDER BY id LIMIT 5", history=False)
    con = sqlite3.connect(db)
    want = con.execute("SELECT id, distance_mi FROM workouts ORDER BY id LIMIT 5").fetchall()
    con.close()
    assert list(df.itertuples(index=False, name=None)) == want
    assert df.attrs["truncated"] is False and df.attrs["types"]["id"] == "integer"
    assert len(s.sql("SELECT id FROM workouts", max_rows=10)) == 10
    with pytest.raises(fitintel.InvalidArgumentError):
        s.sql("DELETE FROM workouts")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.sql("SELECT 1; SELECT 2")


def test_saved_queries_and_history(classified, tmp_path):
    s, db = classified
    saved = s.saved_queries
    saved.save("runs", "SELECT count(*) AS n FROM classifications WHERE label = 'real_run'",
               description="how many runs")
    assert "runs" in saved and len(saved) >= 1
    entry = next(q for q in saved if q["name"] == "runs")
    assert entry["description"] == "how many runs"
    con = sqlite3.connect(db)
    want = con.execute("SELECT count(*) FROM classifications WHERE label = 'real_run'").fetchone()[0]
    con.close()
    assert saved.run("runs")["n"].tolist() == [want]
    assert [q["name"] for q in saved.list(search="HOW MANY")] == ["runs"]
    with pytest.raises(fitintel.AlreadyExistsError):
        saved.save("runs", "SELECT 1")
    saved.save("runs", "SELECT 2 AS n", replace=True)
    assert saved.run("runs")["n"].tolist() == [2]
    with pytest.raises(fitintel.InvalidArgumentError):
        saved.save("bad", "DROP TABLE workouts")
    s.sql("SELECT 41 + 1 AS answer")
    history = s.query_history(search="41 + 1")
    assert history and history[0]["sql"] == "SELECT 41 + 1 AS answer"
    saved.delete("runs")
    assert "runs" not in saved
    with pytest.raises(fitintel.NotFoundError):
        saved.run("runs")
