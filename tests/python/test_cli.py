"""The `fitintel` command end to end: help and usage, where the store lives, ingest with its JSON
record and exit codes, the import log, and workouts read back in every format."""
import csv
import hashlib
import io
import json
import math

import pytest

from conftest import HEADER, LINK, dump, query, row, run, write_export

COMMANDS = {
    "init": [],
    "ingest": ["--policy", "--json", "--notify", "--progress"],
    "imports": ["--json"],
    "workouts": ["--from", "--to", "--type", "--format"],
    "sample": ["--rows", "--seed", "--truth"],
    "watch": ["--notify", "--once", "--policy"],
}


def test_version():
    out = run("--version", check=0)
    assert out.stdout.startswith("fitintel ") and out.stdout.split()[1][0].isdigit()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(command):
    out = run(command, "--help", check=0)
    assert out.stdout.startswith(f"usage: fitintel {command}")
    uses_store = command != "sample"
    for option in COMMANDS[command] + (["--db"] if uses_store else []):
        assert option in out.stdout, f"{command} --help does not mention {option}"
    assert "3  input rejected" in out.stdout


def test_usage_errors_exit_2():
    assert run("frobnicate").returncode == 2
    out = run("ingest", "--no-such-option", "x.csv")
    assert out.returncode == 2 and "usage: fitintel ingest" in out.stderr
    assert run("ingest").returncode == 2            # no file
    assert run("sample", "--rows", "ten", "-o", "x").returncode == 2


def test_store_location(tmp_path):
    explicit = tmp_path / "a" / "explicit.db"
    explicit.parent.mkdir()
    assert str(explicit) in run("--db", explicit, "init", check=0).stdout
    assert explicit.exists()
    env_db = tmp_path / "env.db"
    run("init", env={"FITINTEL_DB": str(env_db)}, check=0)
    assert env_db.exists()
    xdg = tmp_path / "xdg"
    run("init", env={"XDG_DATA_HOME": str(xdg)}, check=0)
    assert (xdg / "fitintel" / "fitintel.db").exists()


def test_ingest_json_matches_store_and_log(tmp_path, store):
    export = write_export(tmp_path / "e.csv", [row(i, distance=f"{i % 7 + 1}.5") for i in range(100, 130)])
    out = run("--db", store, "ingest", export, "--json", check=0)
    rec = json.loads(out.stdout)
    assert rec["status"] == "success" and rec["rows_added"] == 30 and rec["rows_read"] == 30
    assert rec["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    assert rec["size"] == export.stat().st_size
    ids = [r[0] for r in query(store, "SELECT id FROM workouts WHERE import_id = ? ORDER BY id", rec["import_id"])]
    assert rec["new_ids"] == ids == list(range(100, 130))
    logged = json.loads(run("--db", store, "imports", "--json", check=0).stdout)
    assert logged[0] == rec

    again = json.loads(run("--db", store, "ingest", export, "--json", check=0).stdout)
    assert again["status"] == "no_new_rows" and again["rows_added"] == 0
    assert again["same_as"] == rec["import_id"]


def test_strict_refusal_exit_3_and_store_unchanged(tmp_path, store):
    run("--db", store, "ingest", write_export(tmp_path / "base.csv", [row(1)]), check=0)
    before = dump(store)
    bad = write_export(tmp_path / "bad.csv", [row(2), row(3, distance="three"), row(4)])
    out = run("--db", store, "ingest", bad)
    assert out.returncode == 3
    assert "bad.csv:3" in out.stderr and "Distance (mi)" in out.stderr
    assert dump(store) == before
    log = json.loads(run("--db", store, "imports", "--json", check=0).stdout)
    assert log[0]["status"] == "rejected" and log[0]["rejects"][0]["line"] == 3

    out = run("--db", store, "ingest", bad, "--policy", "skip", check=0)
    assert "2 added" in out.stdout
    assert "bad.csv:3" in out.stderr
    assert [r[0] for r in query(store, "SELECT id FROM workouts ORDER BY id")] == [1, 2, 4]


def test_missing_file_and_missing_columns(tmp_path, store):
    assert run("--db", store, "ingest", tmp_path / "nope.csv").returncode == 1
    export = tmp_path / "cols.csv"
    export.write_text("Workout Date,Distance (mi),Notes\n\"Oct. 7, 2025\",3,x\n")
    out = run("--db", store, "ingest", export)
    assert out.returncode == 3
    assert "'Link'" in out.stderr and "'Workout Date', 'Distance (mi)', 'Notes'" in out.stderr


def test_notify_hook_gets_the_json(tmp_path, store):
    got = tmp_path / "hook.json"
    export = write_export(tmp_path / "e.csv", [row(7), row(8)])
    out = run("--db", store, "ingest", export, "--json", "--notify", f"cat > '{got}'", check=0)
    assert json.loads(got.read_text()) == json.loads(out.stdout)


NOTES = [
    'Tempo, then "easy"\nsecond line',
    "Café ☕ 🐕 — naïve",
    "<img src=x onerror=alert(1)> </script><script>alert(1)</script>",
    '=HYPERLINK("http://evil.example","click")',
]


def test_workouts_round_trip_every_format(tmp_path, store):
    rows = [row(500 + i, date=f"Jan. {i + 1}, 2024", distance=f"{i}.25", notes=n, pace=f"{9 + i}.125")
            for i, n in enumerate(NOTES)]
    rows.append(f'"Feb. 1, 2024","Feb. 1, 2024",Walk,,1.5,,,,,,,,,,{LINK}600')
    run("--db", store, "ingest", write_export(tmp_path / "e.csv", rows), check=0)

    data = json.loads(run("--db", store, "workouts", "--format", "json", check=0).stdout)
    assert [w["id"] for w in data] == [500, 501, 502, 503, 600]
    for i, note in enumerate(NOTES):
        w = data[i]
        assert w["notes"] == note                      # verbatim, formula text included
        assert w["distance_mi"] == float(f"{i}.25") and w["avg_pace"] == float(f"{9 + i}.125")
        assert w["workout_date"] == f"2024-01-{i + 1:02d}"
    walk = data[-1]
    assert walk["calories"] is None and walk["steps"] is None and walk["notes"] is None
    assert walk["distance_mi"] == 1.5 and walk["activity_type"] == "Walk"

    text = run("--db", store, "workouts", "--format", "csv", check=0).stdout
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 5
    for i, note in enumerate(NOTES):
        got = table[i]["notes"]
        if note.startswith("="):
            assert got == "'" + note                   # neutralised for spreadsheets
        else:
            assert got == note
        assert float(table[i]["distance_mi"]) == float(f"{i}.25")
    assert table[-1]["calories"] == "" and table[-1]["steps"] == ""

    table_out = run("--db", store, "workouts", check=0).stdout
    assert "2024-01-01" in table_out and "600" in table_out


def test_workouts_filters(tmp_path, store):
    rows = [row(1, "Jan. 5, 2024", activity="Run"), row(2, "Feb. 5, 2024", activity="Walk"),
            row(3, "March 5, 2024", activity="Walk")]
    run("--db", store, "ingest", write_export(tmp_path / "e.csv", rows), check=0)
    def ids(*args):
        return [w["id"] for w in json.loads(run("--db", store, "workouts", "--format", "json", *args, check=0).stdout)]
    assert ids("--from", "Feb. 1, 2024") == [2, 3]
    assert ids("--to", "2024-02-05") == [1, 2]
    assert ids("--type", "walk") == [2, 3]
    assert ids("--from", "2024-02-01", "--to", "2024-02-28", "--type", "Walk") == [2]
    bad = run("--db", store, "workouts", "--from", "someday")
    assert bad.returncode in (1, 2) and "someday" in bad.stderr


def test_sample_is_reproducible_and_imports_clean(tmp_path, store):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    truth = tmp_path / "truth.csv"
    run("sample", "--rows", "500", "--seed", "3", "-o", a, "--truth", truth, check=0)
    run("sample", "--rows", "500", "--seed", "3", "-o", b, check=0)
    run("sample", "--rows", "500", "--seed", "4", "-o", c, check=0)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    export_ids = [int(r["Link"].rsplit("/", 1)[1]) for r in csv.DictReader(a.open(encoding="utf-8"))]
    truth_rows = list(csv.DictReader(truth.open()))
    assert len(export_ids) == 500 == len(truth_rows)
    assert [int(t["workout_id"]) for t in truth_rows] == export_ids
    assert {t["kind"] for t in truth_rows} <= {"real_run", "pup_walk", "mixed", "outlier"}
    rec = json.loads(run("--db", store, "ingest", a, "--json", check=0).stdout)
    assert rec["rows_added"] == 500 and rec["rows_rejected"] == 0


def test_metric_sample_is_converted(tmp_path, store):
    km = tmp_path / "km.csv"
    run("sample", "--rows", "200", "--seed", "5", "--units", "km", "-o", km, check=0)
    first = next(csv.DictReader(km.open(encoding="utf-8")))
    assert "Distance (km)" in first and "Distance (mi)" not in first
    run("--db", store, "ingest", km, check=0)
    by_id = {int(r["Link"].rsplit("/", 1)[1]): r for r in csv.DictReader(km.open(encoding="utf-8"))}
    for wid, miles, pace in query(store, "SELECT id, distance_mi, avg_pace FROM workouts"):
        src = by_id[wid]
        if src["Distance (km)"]:
            assert math.isclose(miles, float(src["Distance (km)"]) / 1.609344, rel_tol=1e-12)
        if src["Avg Pace (min/km)"]:
            assert math.isclose(pace, float(src["Avg Pace (min/km)"]) * 1.609344, rel_tol=1e-12)
