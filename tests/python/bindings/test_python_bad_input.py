"""The bad-input catalogue (tests/data/bad/MANIFEST.tsv) through the Python package: Store.ingest
(a file) and Store.ingest_bytes (memory) raise ParseError whose file, line, column and field are
the manifest's, and leave the data as it was; accepted files report the rows they added."""
import re

import pytest

import fitintel
from bad_catalogue import ACCEPTED, GIGABYTE, REFUSED, materialise, stream_a_gigabyte
from conftest import dump_data, export_row, write_export


@pytest.fixture
def store(tmp_path):
    base = tmp_path / "base.csv"
    write_export(base, [export_row(100)])
    with fitintel.open(tmp_path / "store.db") as s:
        s.ingest(base)
        yield s


def assert_error_is(err, name, case, line):
    assert (err.file, err.line, err.column, err.field) == (name, line, case.column, case.field)
    assert case.message in err.message and err.code_name == "FI_EPARSE"


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_refused_with_where_and_nothing_changes(case, store, tmp_path):
    path, line = materialise(case, tmp_path)
    before = dump_data(store.path)
    with pytest.raises(fitintel.ParseError) as e:
        store.ingest(path)
    assert_error_is(e.value, str(path), case, line)
    with pytest.raises(fitintel.ParseError) as e:
        store.ingest_bytes(path.read_bytes(), name=case.file)
    assert_error_is(e.value, case.file, case, line)
    assert store.workout_count == 1 and dump_data(store.path) == before
    assert [r.status for r in store.imports()[:2]] == ["rejected", "rejected"]


def test_a_one_gigabyte_line_streamed_without_a_newline(store, tmp_path):
    before = dump_data(store.path)
    fifo = tmp_path / GIGABYTE.file
    writer, written = stream_a_gigabyte(fifo)
    with pytest.raises(fitintel.ParseError) as e:
        store.ingest(fifo)
    writer.join(timeout=60)
    assert_error_is(e.value, str(fifo), GIGABYTE, GIGABYTE.line)
    assert written[0] < 64 << 20 and dump_data(store.path) == before


@pytest.mark.parametrize("case", ACCEPTED, ids=str)
def test_accepted_files_add_their_rows(case, store, tmp_path):
    path, _ = materialise(case, tmp_path)
    added = int(re.search(r"(\d+) added", case.message).group(1))
    report = store.ingest(path)
    assert report.rows_added == added and report.rows_rejected == 0
    assert store.workout_count == 1 + added
