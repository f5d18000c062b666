"""The SQL explorer through `fitintel sql`, `fitintel query` and `fitintel history` (SPEC §8.5, §9):
every kind of write is refused and leaves the store byte for byte as it was; runaway queries stop
at the time or row limit; every storage type round-trips through CSV and JSON (read back with
Python's csv and json modules and compared with Python's own sqlite3 on the same statement);
saved queries and the history live in the store."""
import csv
import io
import json
import os
import sqlite3
import subprocess
import time

import pytest

from conftest import ok


@pytest.fixture(scope="module")
def sample(tmp_path_factory, fitintel):
    d = tmp_path_factory.mktemp("sql")
    db, export = d / "s.db", d / "s.csv"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(d)}
    for args in (["sample", "--rows", "800", "--seed", "9", "-o", export], ["--db", db, "ingest", export],
                 ["--db", db, "train"], ["--db", db, "era", "add", "2018-06-01", "Choco arrives"]):
        p = subprocess.run([fitintel, *map(str, args)], capture_output=True, text=True, env=env)
        assert p.returncode == 0, p.stderr
    return db


def full_dump(db):
    """Everything a statement could change: schema, header pragmas, and every row of every table
    with each cell's storage type."""
    con = sqlite3.connect(f"file:{os.fspath(db)}?mode=ro", uri=True)
    try:
        out = {"pragmas": [con.execute(f"PRAGMA {p}").fetchone() for p in
                           ("user_version", "application_id", "journal_mode", "page_size")],
               "schema": con.execute("SELECT type, name, sql FROM sqlite_schema ORDER BY name").fetchall()}
        for (t,) in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table'").fetchall():
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            typed = ", ".join(f'typeof("{c}"), "{c}"' for c in cols)
            out[t] = con.execute(f'SELECT {typed} FROM "{t}"').fetchall()
        return out
    finally:
        con.close()


REFUSED = [
    ("INSERT INTO settings(key, value) VALUES ('a', 'b')", "INSERT into settings"),
    ("UPDATE workouts SET notes = 'x'", "UPDATE of workouts"),
    ("DELETE FROM workouts", "DELETE from workouts"),
    ("DROP TABLE workouts", "DROP"),
    ("CREATE TABLE t(x)", "CREATE"),
    ("ATTACH DATABASE '/tmp/x' AS x", "ATTACH"),
    ("PRAGMA journal_mode=DELETE", "PRAGMA journal_mode = DELETE sets a value"),
    ("PRAGMA user_version=9", "PRAGMA user_version = 9 sets a value"),
    ("VACUUM", "would change the store"),
    ("SELECT load_extension('x')", "load_extension() touches files"),
    ("SELECT writefile('x', 'y')", "writefile"),
    ("SELECT 1; DROP TABLE workouts", "only one statement may run"),
    ("WITH x AS (SELECT 1) DELETE FROM workouts", "DELETE from workouts"),
    ("/* SELECT 1 */ DELETE FROM workouts", "DELETE from workouts"),
    ("SELECT 1 -- harmless\n; DELETE FROM workouts", "only one statement may run"),
    ("SELECT 1 /* ; */; /* more */ UPDATE workouts SET notes = ''", "only one statement may run"),
]


@pytest.mark.parametrize("sql,why", REFUSED, ids=[r[0][:40] for r in REFUSED])
def test_refused_and_unchanged(run, sample, tmp_path, sql, why):
    before = full_dump(sample)
    x_existed = os.path.exists("/tmp/x")
    p = run("--db", sample, "sql", "--no-history", sql)
    assert p.returncode == 1, p.stdout
    assert why in p.stderr, p.stderr
    assert p.stdout == ""
    assert full_dump(sample) == before
    assert os.path.exists("/tmp/x") == x_existed


def test_vacuum_into_writes_no_file(run, sample, tmp_path):
    target = tmp_path / "copy.db"
    p = run("--db", sample, "sql", f"VACUUM INTO '{target}'")
    assert p.returncode == 1 and "refused" in p.stderr
    assert not target.exists()


def test_refusals_are_in_the_history(run, sample):
    ok(run("--db", sample, "history", "--clear"))
    run("--db", sample, "sql", "DROP TABLE workouts")
    h = json.loads(ok(run("--db", sample, "history", "--json")).stdout)
    assert len(h) == 1
    assert h[0]["sql"] == "DROP TABLE workouts" and h[0]["rows"] is None
    assert h[0]["status"] == -5 and "DROP" in h[0]["error"]


def test_read_only_pragmas_run(run, sample):
    cols = json.loads(ok(run("--db", sample, "sql", "--json", "PRAGMA table_info(workouts)")).stdout)
    names = [r[1] for r in cols["rows"]]
    con = sqlite3.connect(sample)
    assert names == [r[1] for r in con.execute("PRAGMA table_info(workouts)")]
    con.close()


def test_endless_recursion_stops_at_the_time_limit(run, sample):
    t0 = time.monotonic()
    p = run("--db", sample, "sql", "--timeout", "0.5",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    elapsed = time.monotonic() - t0
    assert p.returncode == 1
    assert "time limit of 0.5 s" in p.stderr
    assert elapsed < 5


def test_default_time_limit_is_five_seconds(run, sample):
    t0 = time.monotonic()
    p = run("--db", sample, "sql",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    elapsed = time.monotonic() - t0
    assert p.returncode == 1 and "time limit of 5 s" in p.stderr
    assert 4.5 < elapsed < 15


CROSS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000) "
         "SELECT a.x AS a, b.x AS b FROM c AS a, c AS b")


def test_cross_join_of_10_12_rows_stops_at_the_row_limit(run, sample):
    t0 = time.monotonic()
    p = ok(run("--db", sample, "sql", "--json", CROSS))
    assert time.monotonic() - t0 < 10
    r = json.loads(p.stdout)
    assert r["row_count"] == 10000 and len(r["rows"]) == 10000 and r["truncated"] is True
    assert r["rows"][:3] == [[1, 1], [1, 2], [1, 3]]
    assert "row limit" in p.stderr
    p = ok(run("--db", sample, "sql", "--format", "csv", "--limit", "25", CROSS))
    assert len(list(csv.reader(io.StringIO(p.stdout, newline="")))) == 26
    p = ok(run("--db", sample, "sql", "--limit", "7", CROSS))
    assert "(7 rows, stopped at the row limit;" in p.stdout


def test_counting_10_12_rows_stops_at_the_time_limit(run, sample):
    p = run("--db", sample, "sql", "--timeout", "0.5", CROSS.replace("a.x AS a, b.x AS b", "count(*)"))
    assert p.returncode == 1 and "time limit" in p.stderr


EVERY_TYPE = ("SELECT 42 AS i, -9223372036854775808 AS imin, 9223372036854775807 AS imax, 2.5 AS r,"
              " 0.1 + 0.2 AS r2, 3.0 AS whole, 1e308 AS big, 5e-324 AS tiny, -0.5 AS neg,"
              " 'plain' AS t, 'quote \" comma , semicolon ; newline\n crlf\r\n tab\t end' AS t2,"
              " 'é ✓ 𝄞 ' || char(1, 2, 31, 127) AS t3, '' AS empty, NULL AS n, x'00ff10' AS b,"
              " x'' AS b0, '  spaced  ' AS t4, 0.0001 AS r3, 1e-5 AS r4, 123456789.125 AS r5,"
              " 999999999.5 AS r6, -100.0 AS r7, 0.000123456789 AS r8, 1234.5678901234567 AS r9,"
              " 1e15 AS r10, 4.25711 AS r11")


def reference(db, sql):
    con = sqlite3.connect(db)
    try:
        cur = con.execute(sql)
        return [d[0] for d in cur.description], cur.fetchall()
    finally:
        con.close()


def from_json(cell):
    return bytes.fromhex(cell["blob"]) if isinstance(cell, dict) else cell


def test_every_type_round_trips_through_json(run, sample):
    names, rows = reference(sample, EVERY_TYPE)
    r = json.loads(ok(run("--db", sample, "sql", "--json", EVERY_TYPE)).stdout)
    assert [c["name"] for c in r["columns"]] == names
    got = [tuple(from_json(c) for c in row) for row in r["rows"]]
    assert got == rows
    for g, w in zip(got[0], rows[0]):
        assert type(g) is type(w), (g, w)   # 3.0 stays a float, integers stay integers
    types = {c["name"]: c["type"] for c in r["columns"]}
    assert types["i"] == "integer" and types["whole"] == "real" and types["t"] == "text"
    assert types["n"] == "null" and types["b"] == "blob"


def test_every_type_round_trips_through_csv(run, sample):
    names, rows = reference(sample, EVERY_TYPE)
    p = ok(run("--db", sample, "sql", "--format", "csv", EVERY_TYPE))
    assert p.stdout.endswith("\r\n")
    table = list(csv.reader(io.StringIO(p.stdout, newline="")))
    assert table[0] == names
    assert len(table) == 2
    for cell, want in zip(table[1], rows[0]):
        if want is None:
            assert cell == ""
        elif isinstance(want, bytes):
            assert cell == "X'" + want.hex().upper() + "'"
        elif isinstance(want, int):
            assert int(cell) == want
        elif isinstance(want, float):
            assert float(cell) == want and ("." in cell or "e" in cell)
        else:
            assert cell == want


def test_workouts_round_trip_exactly(run, sample):
    sql = "SELECT * FROM workouts ORDER BY id"
    names, rows = reference(sample, sql)
    r = json.loads(ok(run("--db", sample, "sql", "--json", "--limit", "100000", sql)).stdout)
    assert r["truncated"] is False
    assert [tuple(row) for row in r["rows"]] == rows
    table = list(csv.reader(io.StringIO(ok(run("--db", sample, "sql", "--format", "csv", "--limit",
                                               "100000", sql)).stdout, newline="")))
    assert table[0] == names and len(table) == len(rows) + 1
    for got, want in zip(table[1:], rows):
        for cell, w in zip(got, want):
            if w is None:
                assert cell == ""
            elif isinstance(w, (int, float)):
                assert type(w)(cell) == w
            else:
                assert cell == w or (cell == "'" + w and w[:1] in "=+-@")


def test_formula_injection_is_neutralised(run, sample):
    sql = ("SELECT '=HYPERLINK(\"http://x\")' AS a, '+cmd' AS b, '-1+2' AS c, '@SUM(A1)' AS d,"
           " '-3.5' AS e, -7 AS f, 'ok' AS g")
    table = list(csv.reader(io.StringIO(ok(run("--db", sample, "sql", "--format", "csv", sql)).stdout,
                                        newline="")))
    assert table[1] == ["'=HYPERLINK(\"http://x\")", "'+cmd", "'-1+2", "'@SUM(A1)", "-3.5", "-7", "ok"]


def test_output_file_and_stdin(run, sample, tmp_path):
    out = tmp_path / "r.json"
    ok(run("--db", sample, "sql", "-o", out, "--format", "json", "-",
           input="SELECT count(*) AS n FROM workouts"))
    assert json.loads(out.read_text())["rows"] == [[800]]
    out = tmp_path / "r.csv"
    ok(run("--db", sample, "sql", "-o", out, "SELECT 1 AS one"))
    assert out.read_bytes() == b"one\r\n1\r\n"


def test_table_output(run, sample):
    p = ok(run("--db", sample, "sql", "SELECT label, count(*) AS n FROM classifications GROUP BY 1 ORDER BY 1"))
    lines = p.stdout.splitlines()
    assert lines[0].split() == ["label", "n"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[-1].startswith("(") and "rows" in lines[-1]


def test_usage_errors(run, sample):
    assert run("--db", sample, "sql").returncode == 2
    assert run("--db", sample, "sql", "--limit", "0", "SELECT 1").returncode == 2
    assert run("--db", sample, "sql", "--timeout", "-1", "SELECT 1").returncode == 2
    assert run("--db", sample, "sql", "--format", "xml", "SELECT 1").returncode == 2
    assert run("--db", sample, "sql", "SELECT 1", "SELECT 2").returncode == 2
    assert run("--db", sample, "sql", "--saved", "x", "SELECT 1").returncode == 2


def test_saved_queries_survive_and_run(run, sample):
    sql = "SELECT substr(workout_date, 1, 4) AS year, count(*) AS n FROM workouts GROUP BY 1 ORDER BY 1"
    ok(run("--db", sample, "query", "save", "per year", sql, "--description", "Workouts per year"))
    p = run("--db", sample, "query", "save", "per year", "SELECT 1")
    assert p.returncode == 1 and "already saved" in p.stderr
    ok(run("--db", sample, "query", "save", "longest", "SELECT max(distance_mi) FROM workouts"))
    p = run("--db", sample, "query", "save", "wipe", "DELETE FROM workouts")
    assert p.returncode == 1 and "DELETE from workouts" in p.stderr
    # each command is a new process: the queries live in the store
    listed = json.loads(ok(run("--db", sample, "query", "list", "--json")).stdout)
    assert [q["name"] for q in listed] == ["longest", "per year"]
    assert listed[1]["sql"] == sql and listed[1]["description"] == "Workouts per year"
    assert [q["name"] for q in json.loads(ok(run("--db", sample, "query", "list", "--search", "YEAR",
                                                 "--json")).stdout)] == ["per year"]
    assert [q["name"] for q in json.loads(ok(run("--db", sample, "query", "list", "--search",
                                                 "distance_mi", "--json")).stdout)] == ["longest"]
    r = json.loads(ok(run("--db", sample, "sql", "--saved", "per year", "--json")).stdout)
    _, rows = reference(sample, sql)
    assert [tuple(x) for x in r["rows"]] == rows
    assert "Workouts per year" in ok(run("--db", sample, "query", "list")).stdout
    assert sql in ok(run("--db", sample, "query", "show", "per year")).stdout
    ok(run("--db", sample, "query", "save", "longest", "SELECT max(duration_s) FROM workouts", "--replace"))
    assert json.loads(ok(run("--db", sample, "query", "show", "longest", "--json")).stdout)[0]["sql"] \
        == "SELECT max(duration_s) FROM workouts"
    ok(run("--db", sample, "query", "delete", "longest"))
    p = run("--db", sample, "query", "delete", "longest")
    assert p.returncode == 1 and "no saved query" in p.stderr
    p = run("--db", sample, "sql", "--saved", "longest")
    assert p.returncode == 1 and "no saved query" in p.stderr
    assert [r[0] for r in reference(sample, "SELECT name FROM saved_queries")[1]] == ["per year"]


def test_history(run, sample):
    ok(run("--db", sample, "history", "--clear"))
    ok(run("--db", sample, "sql", "SELECT count(*) FROM workouts"))
    run("--db", sample, "sql", "UPDATE workouts SET notes = ''")
    ok(run("--db", sample, "sql", "--no-history", "SELECT 'secret'"))
    ok(run("--db", sample, "sql", "--limit", "3", "SELECT id FROM workouts"))
    h = json.loads(ok(run("--db", sample, "history", "--json")).stdout)
    assert [e["sql"] for e in h] == ["SELECT id FROM workouts", "UPDATE workouts SET notes = ''",
                                     "SELECT count(*) FROM workouts"]
    assert h[0]["rows"] == 3 and h[0]["truncated"] is True and h[0]["error"] is None
    assert h[1]["rows"] is None and "UPDATE of workouts" in h[1]["error"]
    assert h[2]["rows"] == 1 and h[2]["duration_ms"] > 0
    assert [e["sql"] for e in json.loads(ok(run("--db", sample, "history", "--search", "update",
                                                "--json")).stdout)] == ["UPDATE workouts SET notes = ''"]
    assert len(json.loads(ok(run("--db", sample, "history", "--limit", "1", "--json")).stdout)) == 1
    assert "UPDATE of workouts" in ok(run("--db", sample, "history")).stdout
    ok(run("--db", sample, "history", "--delete", h[1]["id"]))
    assert len(json.loads(ok(run("--db", sample, "history", "--json")).stdout)) == 2
    ok(run("--db", sample, "history", "--clear"))
    assert json.loads(ok(run("--db", sample, "history", "--json")).stdout) == []
