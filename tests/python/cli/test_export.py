"""Exports through `fitintel export` and `fitintel import-archive` (SPEC §11): every kind read back
with Python's csv and json modules and compared with the store read by Python's own sqlite3;
formula injection neutralised; the JSON archive imported into an empty store reproduces every row
of every table with its storage type, and a store that is not empty or a broken archive is refused
without a change."""
import csv
import io
import json
import os
import sqlite3
import subprocess

import pytest

from conftest import export_row, ok, write_export


NOTES = {
    90000001: "=cmd|' /C calc'!A0",
    90000002: "-2+3, then @SUM(1)",
    90000003: '@home "quoted"\nnext line',
    90000004: "+1 555 0100",
    90000005: "-12.5",
}


@pytest.fixture(scope="module")
def sample(tmp_path_factory, fitintel):
    d = tmp_path_factory.mktemp("export")
    db, export, extra = d / "s.db", d / "s.csv", d / "extra.csv"
    rows = [export_row(wid, "Jan. 5, 2019", Notes=note) for wid, note in NOTES.items()]
    rows.append(export_row(90000009, "Feb. 30, 2019"))   # rejected: import_rejects gets a row
    write_export(extra, rows)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(d)}
    for args in (["sample", "--rows", "1500", "--seed", "4", "-o", export], ["--db", db, "ingest", export],
                 ["--db", db, "ingest", "--policy", "skip", extra], ["--db", db, "train"],
                 ["--db", db, "era", "add", "2018-06-01", "Choco arrives"],
                 ["--db", db, "label", "90000001", "real_run", "--note", "my, \"long\" run"],
                 ["--db", db, "config", "set", "brief.days", "60"],
                 ["--db", db, "query", "save", "per year", "SELECT count(*) FROM workouts",
                  "--description", "d"],
                 ["--db", db, "sql", "SELECT 1"]):
        p = subprocess.run([fitintel, *map(str, args)], capture_output=True, text=True, env=env)
        assert p.returncode == 0, (args, p.stderr)
    return db


def reference(db, sql, *params):
    con = sqlite3.connect(db)
    try:
        cur = con.execute(sql, params)
        return [c[0] for c in cur.description], cur.fetchall()
    finally:
        con.close()


def read_csv(text):
    assert text.endswith("\r\n")
    table = list(csv.reader(io.StringIO(text, newline="")))
    return table[0], table[1:]


def csv_value(cell, want):
    """The CSV cell as the type of the reference value (None → '')."""
    if want is None:
        return None if cell == "" else cell
    if isinstance(want, bool) or isinstance(want, int):
        return int(cell)
    if isinstance(want, float):
        return float(cell)
    if isinstance(want, str) and want[:1] in ("=", "+", "-", "@") and cell == "'" + want:
        return want   # neutralised (checked on its own below)
    return cell


WORKOUTS = ("SELECT workouts.id, workout_date, date_submitted, activity_type, calories, distance_mi,"
            " duration_s, avg_pace, max_pace, avg_speed, max_speed, avg_heart_rate, steps, notes, source,"
            " link, import_id, c.label, c.method, c.confidence, c.model_id, c.cluster FROM workouts"
            " LEFT JOIN classifications AS c ON c.workout_id = workouts.id")


def test_workouts_csv(run, sample):
    names, rows = reference(sample, WORKOUTS + " ORDER BY workout_date, workouts.id")
    header, table = read_csv(ok(run("--db", sample, "export", "workouts")).stdout)
    assert header == names
    assert len(table) == len(rows) == 1505
    for got, want in zip(table, rows):
        assert tuple(csv_value(c, w) for c, w in zip(got, want)) == want
    notes = {int(r[0]): r[13] for r in table}
    assert notes[90000001] == "'=cmd|' /C calc'!A0"
    assert notes[90000002] == "'-2+3, then @SUM(1)"
    assert notes[90000003] == "'@home \"quoted\"\nnext line"
    assert notes[90000004] == "'+1 555 0100"
    assert notes[90000005] == "-12.5"   # a plain number stays as it is


def test_workouts_json_and_filters(run, sample):
    names, rows = reference(sample, WORKOUTS + " ORDER BY workout_date, workouts.id")
    got = json.loads(ok(run("--db", sample, "export", "workouts", "--format", "json")).stdout)
    assert [tuple(o[n] for n in names) for o in got] == rows
    assert all(list(o) == names for o in got)
    _, want = reference(sample, WORKOUTS + " WHERE workout_date BETWEEN '2019-01-01' AND '2019-06-30'"
                        " AND c.label = 'pup_walk' ORDER BY workout_date DESC, workouts.id DESC")
    got = json.loads(ok(run("--db", sample, "export", "workouts", "--format", "json", "--from", "2019-01-01",
                            "--to", "June 30, 2019", "--label", "pup_walk", "--newest-first")).stdout)
    assert [o["id"] for o in got] == [r[0] for r in want] and len(want) > 5


@pytest.mark.parametrize("kind,sql", [
    ("corrections", "SELECT id, workout_id, old_label, new_label, note, created_at FROM corrections ORDER BY id"),
    ("eras", "SELECT id, start_date, name, label_before, label_after, created_at FROM eras ORDER BY start_date"),
    ("imports", "SELECT id, path, size, sha256, started_at, finished_at, policy, status, rows_read, rows_added,"
                " rows_duplicate, rows_rejected, same_as, message, quality FROM imports ORDER BY id"),
])
def test_tables_csv(run, sample, kind, sql):
    names, rows = reference(sample, sql)
    header, table = read_csv(ok(run("--db", sample, "export", kind)).stdout)
    assert header == names and len(rows) >= 1
    assert [tuple(csv_value(c, w) for c, w in zip(g, w0)) for g, w0 in zip(table, rows)] == rows


def test_tables_json(run, sample):
    names, rows = reference(sample, "SELECT * FROM corrections ORDER BY id")
    got = json.loads(ok(run("--db", sample, "export", "corrections", "--format", "json")).stdout)
    assert [tuple(o[n] for n in names) for o in got] == rows
    assert got[0]["note"] == 'my, "long" run'
    eras = json.loads(ok(run("--db", sample, "export", "eras", "--format", "json")).stdout)
    assert [(e["start_date"], e["name"]) for e in eras] == [("2018-06-01", "Choco arrives")]
    imports = json.loads(ok(run("--db", sample, "export", "imports", "--format", "json")).stdout)
    assert len(imports) == 2
    listed = json.loads(ok(run("--db", sample, "imports", "--json")).stdout)
    assert imports == listed[::-1]   # the same records as `imports --json`, oldest first
    assert imports[1]["rejects"][0]["reason"] == "impossible_date"


def test_models(run, sample):
    names, models = reference(sample, "SELECT * FROM models ORDER BY id")
    got = json.loads(ok(run("--db", sample, "export", "models", "--format", "json")).stdout)
    assert [tuple(m[n] for n in names) for m in got] == models
    fnames, features = reference(sample, "SELECT idx, name, mean, scale, weight FROM model_features"
                                 " WHERE model_id = ? ORDER BY idx", models[0][0])
    assert [tuple(f[n] for n in fnames) for f in got[0]["feature_scaling"]] == features
    cnames, clusters = reference(sample, "SELECT * FROM model_clusters WHERE model_id = ? ORDER BY cluster",
                                 models[0][0])
    assert [tuple(c.get(n, models[0][0]) for n in cnames) for c in got[0]["clusters"]] == clusters
    header, table = read_csv(ok(run("--db", sample, "export", "models")).stdout)
    assert header == names + ["feature_scaling", "clusters"]
    assert json.loads(table[0][-2]) == got[0]["feature_scaling"]
    assert json.loads(table[0][-1]) == got[0]["clusters"]


def test_brief(run, sample):
    want = json.loads(ok(run("--db", sample, "brief", "--json", "--at", "2025-06-30", "--days", "90")).stdout)
    got = json.loads(ok(run("--db", sample, "export", "brief", "--format", "json", "--at", "2025-06-30",
                            "--days", "90")).stdout)
    assert got == want
    header, table = read_csv(ok(run("--db", sample, "export", "brief", "--at", "2025-06-30",
                                    "--days", "90")).stdout)
    assert header == ["section", "kind", "severity", "title", "text", "method", "evidence"]
    items = [("insight", i) for i in want["insights"]] + [("recommendation", r) for r in want["recommendations"]]
    assert len(table) == len(items)
    for row, (section, item) in zip(table, items):
        assert row[0] == section and row[1] == item["kind"] and row[3] == item["title"]
        assert json.loads(row[6]) == item["evidence"]


def test_file_output(run, sample, tmp_path):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "w.csv"
    ok(run("--db", sample, "export", "workouts", "-o", out))
    assert out.read_bytes() == ok(run("--db", sample, "export", "workouts")).stdout.encode()
    assert (out.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["w.csv"]   # no temporary file left
    p = run("--db", sample, "export", "workouts", "-o", tmp_path / "missing" / "w.csv")
    assert p.returncode == 1 and "cannot write" in p.stderr


def test_usage_errors(run, sample):
    for args in (["export"], ["export", "everything"], ["export", "workouts", "--format", "xml"],
                 ["export", "archive", "--format", "csv"], ["export", "eras", "--label", "real_run"],
                 ["export", "workouts", "--days", "3"]):
        p = run("--db", sample, *args)
        assert p.returncode == 2, (args, p.stderr)


# ---- the archive ----

def full_dump(db):
    """Every row of every table, each cell with its storage type, text as bytes; and the schema."""
    con = sqlite3.connect(f"file:{os.fspath(db)}?mode=ro", uri=True)
    con.text_factory = bytes
    try:
        out = {"schema": con.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall(),
               "user_version": con.execute("PRAGMA user_version").fetchone()}
        for (t,) in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall():
            t = t.decode()
            cols = [r[1].decode() for r in con.execute(f'PRAGMA table_info("{t}")')]
            typed = ", ".join(f'typeof("{c}"), "{c}"' for c in cols)
            out[t] = con.execute(f'SELECT {typed} FROM "{t}"').fetchall()
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def awkward(sample, tmp_path_factory):
    """A copy of the sample with cells of every storage type and awkward value, written directly."""
    db = tmp_path_factory.mktemp("awkward") / "a.db"
    src = sqlite3.connect(sample)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.executescript("""
        UPDATE workouts SET notes = 'nul' || char(0) || 'in' || char(1, 31, 127) || ' é ✓ 𝄞 ' || char(8232),
               steps = 9223372036854775807, avg_pace = 0.1 + 0.2, calories = 1e999, max_pace = -1e999
         WHERE id = 90000002;
        UPDATE workouts SET source = CAST(x'ff41fe00' AS TEXT), link = x'0001ff', steps = -9223372036854775808,
               avg_heart_rate = 5e-324, distance_mi = 1.7976931348623157e308, notes = ''
         WHERE id = 90000003;
        INSERT INTO settings(key, value) VALUES ('x.blob', x''), ('x.text', 7);
    """)
    dst.commit()
    dst.close()
    return db


@pytest.mark.parametrize("which", ["sample", "awkward"])
def test_archive_round_trip(run, sample, awkward, tmp_path, which):
    db = sample if which == "sample" else awkward
    archive, copy = tmp_path / "a.json", tmp_path / "copy.db"
    ok(run("--db", db, "export", "archive", "-o", archive))
    doc = json.loads(archive.read_text(encoding="utf-8"))
    assert doc["format"] == "fitintel-archive" and doc["archive_version"] == 1
    tables = {t["name"]: t for t in doc["tables"]}
    assert set(tables) == {"workouts", "imports", "import_rejects", "corrections",
                           "eras", "models", "model_features", "model_clusters", "settings",
                           "saved_queries", "query_history"}   # labels are columns of workouts
    assert all(tables[t]["rows"] for t in tables)   # every table has rows to carry
    p = ok(run("--db", copy, "import-archive", archive, "--json"))
    assert json.loads(p.stdout)["rows"] == sum(len(t["rows"]) for t in doc["tables"])
    before, after = full_dump(db), full_dump(copy)
    assert before.keys() == after.keys()
    # the data generation is a cache key, not data: the copy has one of its own
    assert after.pop("data_generation") != before.pop("data_generation")
    for t in before:
        assert after[t] == before[t], t
    # the copy is a working store
    assert json.loads(ok(run("--db", copy, "sql", "--json", "SELECT count(*) FROM workouts")).stdout)["rows"] \
        == [[1505]]


LABEL_COLUMNS = ["label", "method", "confidence", "model_id", "cluster", "reason"]


def test_archive_of_schema_4_moves_its_labels_into_the_workouts(run, sample, tmp_path):
    """Archives written before schema 5 carry a classifications table, listed before workouts."""
    archive, old, copy = tmp_path / "a.json", tmp_path / "old.json", tmp_path / "copy.db"
    ok(run("--db", sample, "export", "archive", "-o", archive))
    doc = json.loads(archive.read_text(encoding="utf-8"))
    tables = {t["name"]: t for t in doc["tables"]}
    workouts = tables["workouts"]
    at = [workouts["columns"].index(c) for c in LABEL_COLUMNS]
    keep = [i for i in range(len(workouts["columns"])) if i not in at]
    id_at = workouts["columns"].index("id")
    labels = [[row[id_at]] + [row[i] for i in at] for row in workouts["rows"] if row[at[0]] is not None]
    assert labels, "the sample store has labelled workouts"
    workouts["columns"] = [workouts["columns"][i] for i in keep]
    workouts["rows"] = [[row[i] for i in keep] for row in workouts["rows"]]
    doc["schema_version"] = 4
    doc["tables"] = sorted(list(tables.values()) + [
        {"name": "classifications", "columns": ["workout_id"] + LABEL_COLUMNS, "rows": labels}],
        key=lambda t: t["name"])
    old.write_text(json.dumps(doc), encoding="utf-8")
    ok(run("--db", copy, "import-archive", old))
    dump = lambda db: sqlite3.connect(db).execute(
        "SELECT id, label, method, confidence, model_id, cluster, reason FROM workouts ORDER BY id").fetchall()
    assert dump(copy) == dump(sample)


def test_archive_cells_keep_their_types(run, awkward, tmp_path):
    archive = tmp_path / "a.json"
    ok(run("--db", awkward, "export", "archive", "-o", archive))
    doc = json.loads(archive.read_text(encoding="utf-8"))
    w = next(t for t in doc["tables"] if t["name"] == "workouts")
    cols = w["columns"]
    rows = {r[0]: dict(zip(cols, r)) for r in w["rows"]}
    assert rows[90000002]["calories"] == float("inf") and rows[90000002]["max_pace"] == float("-inf")
    assert rows[90000002]["notes"] == "nul\x00in\x01\x1f\x7f é ✓ 𝄞 \u2028"
    assert rows[90000003]["source"] == {"text_hex": "ff41fe00"}
    assert rows[90000003]["link"] == {"blob": "0001ff"}
    assert rows[90000003]["steps"] == -9223372036854775808
    settings = {r[0]: r[1] for r in next(t for t in doc["tables"] if t["name"] == "settings")["rows"]}
    assert settings["x.blob"] == {"blob": ""} and settings["x.text"] == "7"   # TEXT affinity
    # a REAL column's whole number stays a float, an INTEGER column's value an int
    assert isinstance(rows[90000002]["duration_s"], float) and rows[90000002]["duration_s"] == 1800
    assert '"duration_s"' in archive.read_text() and ",1800.0," in archive.read_text()
    assert isinstance(rows[90000002]["import_id"], int)


def test_archive_refuses_a_store_that_is_not_empty(run, sample, tmp_path):
    archive = tmp_path / "a.json"
    ok(run("--db", sample, "export", "archive", "-o", archive))
    before = full_dump(sample)
    p = run("--db", sample, "import-archive", archive)
    assert p.returncode == 1 and "is not empty" in p.stderr
    assert full_dump(sample) == before


def test_broken_archives_change_nothing(run, sample, tmp_path):
    archive = tmp_path / "a.json"
    ok(run("--db", sample, "export", "archive", "-o", archive))
    text = archive.read_bytes()
    empty = tmp_path / "empty.db"
    ok(run("--db", empty, "init"))
    before = full_dump(empty)
    cases = {
        "half.json": text[: len(text) // 2],
        "other.json": b'{"format": "other", "tables": []}',
        "garbage.json": b"\x00\x01 not json",
        "short-row.json": b'{"format":"fitintel-archive","schema_version":1,"tables":[{"name":"settings",'
                          b'"columns":["key","value"],"rows":[["a"]]}]}',
        "unknown.json": b'{"format":"fitintel-archive","schema_version":1,"tables":[{"name":"nope",'
                        b'"columns":["a"],"rows":[]}]}',
        "tail.json": text + b"x",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        p = run("--db", empty, "import-archive", tmp_path / name)
        assert p.returncode == 3, (name, p.stderr)
        assert full_dump(empty) == before, name
    (tmp_path / "newer.json").write_text('{"format":"fitintel-archive","schema_version":999,"tables":[]}')
    p = run("--db", empty, "import-archive", tmp_path / "newer.json")
    assert p.returncode == 1 and "schema version 999" in p.stderr
    assert run("--db", empty, "import-archive", tmp_path / "missing.json").returncode == 1
    assert full_dump(empty) == before
