"""The bad-input catalogue (issue #7 item 5) through `fitintel ingest`: every export of
tests/data/bad/MANIFEST.tsv. A refused one exits 3 with a message that names the file, the line and
the column or field where there is one, the data is exactly as it was and the attempt is logged; an
accepted one is data (formula-looking cells among it), kept verbatim in JSON and neutralised in CSV."""
import hashlib
import json
import re
import subprocess

import pytest

from bad_catalogue import (ACCEPTED, GIGABYTE, REFUSED, TEXT_COLUMNS, export_rows, materialise,
                           read_csv_text, spreadsheet_safe, stream_a_gigabyte)
from conftest import dump_data, export_row, query, write_export


@pytest.fixture
def store(run, tmp_path):
    """A store holding one workout (id 100) from an earlier import."""
    db, base = tmp_path / "store.db", tmp_path / "base.csv"
    write_export(base, [export_row(100)])
    assert run("--db", db, "ingest", base).returncode == 0
    return db


def assert_points_at(text, name, case, line):
    assert name in text, text
    assert case.message in text, text
    if line:
        assert f"{name}:{line}:" in text, text
    if case.field:
        assert case.field in text, text
    if case.column:
        assert re.search(rf"\b(column|field) {case.column}\b", text), text


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_refused_clearly_and_nothing_changes(case, run, store, tmp_path):
    path, line = materialise(case, tmp_path)
    before = dump_data(store)
    p = run("--db", store, "ingest", path)
    assert p.returncode == 3, p.stderr
    assert_points_at(p.stderr, path.name, case, line)
    assert dump_data(store) == before
    assert query(store, "SELECT status FROM imports ORDER BY id DESC LIMIT 1") == [("rejected",)]


def test_a_one_gigabyte_line_streamed_without_a_newline(run, store, tmp_path):
    """The import stops at the field limit instead of reading (or holding) the whole gigabyte."""
    before = dump_data(store)
    fifo = tmp_path / GIGABYTE.file
    writer, written = stream_a_gigabyte(fifo)
    p = run("--db", store, "ingest", fifo, timeout=120)
    writer.join(timeout=60)
    assert p.returncode == 3, p.stderr
    assert_points_at(p.stderr, fifo.name, GIGABYTE, GIGABYTE.line)
    assert written[0] < 64 << 20, f"{written[0]} bytes were read before stopping"
    assert dump_data(store) == before


@pytest.mark.parametrize("case", ACCEPTED, ids=str)
def test_data_is_kept_verbatim_and_written_back_safely(case, run, store, tmp_path):
    path, _ = materialise(case, tmp_path)
    p = run("--db", store, "ingest", path)
    assert p.returncode == 0, p.stderr
    assert case.message in p.stdout, p.stdout
    rows = export_rows(path)
    js = run("--db", store, "export", "workouts", "--format", "json")
    cs = run("--db", store, "export", "workouts", "--format", "csv")
    assert js.returncode == 0 and cs.returncode == 0, js.stderr + cs.stderr
    as_json = {w["id"]: w for w in json.loads(js.stdout)}
    as_csv = {int(w["id"]): w for w in read_csv_text(cs.stdout)}
    assert set(as_json) == set(as_csv) == set(rows) | {100}
    for wid, row in rows.items():
        for column, field in TEXT_COLUMNS.items():
            cell = row.get(column) or ""
            assert as_json[wid][field] == (cell or None), (wid, column)
            assert as_csv[wid][field] == spreadsheet_safe(cell), (wid, column)


def test_formula_cells_get_a_leading_quote_in_csv_only(run, store):
    """The rule of spreadsheet_safe, once with literal text."""
    case = next(c for c in ACCEPTED if c.file == "formula-hyperlink.csv")
    assert run("--db", store, "ingest", materialise(case, None)[0]).returncode == 0
    as_csv = run("--db", store, "export", "workouts", "--format", "csv").stdout
    as_json = json.loads(run("--db", store, "export", "workouts", "--format", "json").stdout)
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in as_csv
    assert [w["notes"] for w in as_json if w["id"] == 1] == ['=HYPERLINK("http://x","y")']


def test_a_pipe_imports_and_is_recognised_later(run, fitintel, tmp_path, home):
    store, export = tmp_path / "store.db", tmp_path / "e.csv"
    write_export(export, [export_row(i) for i in range(1, 51)])
    with open(export, "rb") as f:   # stdin is a pipe here: read once, hashed while parsed
        p = subprocess.run(f"cat | '{fitintel}' --db '{store}' ingest --json /dev/stdin", shell=True,
                           stdin=f, capture_output=True, env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["rows_added"] == 50 and rec["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    again = run("--db", store, "ingest", export)
    assert again.returncode == 0 and "identical to import #1" in again.stdout
