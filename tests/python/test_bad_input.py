"""A catalogue of malformed and hostile exports (issue #7 item 5, the part the foundation owns):
each is refused with a clear message that names the file and — where there is one — the line and
the field, and the store's data is exactly as it was. Files are generated here, not stored."""
import re

import pytest

from conftest import EXPORT_COLUMNS, LINK, dump_data, export_row, write_export

HEADER = ",".join(EXPORT_COLUMNS)
GOOD = export_row(1)


def row_with(**cells):
    return export_row(2, cells=cells)


# name -> (file content — text, bytes, or one bad row written after a good one, so on line 3 —,
#          text the message must contain, line it must name or None)
def catalogue():
    good_line = ",".join(f'"{v}"' if "," in v else v for v in GOOD.values())
    cases = {
        "truncated-quote": (f'{HEADER}\n{good_line}\n"Oct. 7, 2025","Oct. 7, 2025",Run,1,1,1,1,1,1,1,,1,"never closed', "never closed", 3),
        "only-a-bom": ("\ufeff", "empty", None),
        "binary-junk": (bytes(range(256)) * 20, "", None),
        "utf16": ("\ufeffWorkout Date,Link\n".encode("utf-16-le").join([b"\xff\xfe", b""]), "UTF-16", None),
        "header-with-nul": ("Workout\x00 Date,Link,Distance (mi)\n", "missing required column", 1),
        "no-link-column": ("Workout Date,Distance (mi)\n\"Oct. 7, 2025\",3\n", "'Link'", 1),
        "duplicate-header": ("Workout Date,Link,Distance (mi),Distance (mi)\n", "duplicate column", 1),
        "too-many-columns": (",".join(f"c{i}" for i in range(100_000)) + "\n", "100,000 columns", 1),
        "date-out-of-range": (row_with(**{"Workout Date": "Jan. 1, 1850"}), "Workout Date", 3),
        "date-garbage": (row_with(**{"Workout Date": "yesterday"}), "is not a date", 3),
        "feb-30": (row_with(**{"Workout Date": "Feb. 30, 2024"}), "not a date in the calendar", 3),
        "id-30-digits": (row_with(Link=LINK + "1" * 30), "no workout id", 3),
        "id-missing": (row_with(Link="http://www.mapmyfitness.com/routes/55"), "no workout id", 3),
        "negative-distance": (row_with(**{"Distance (mi)": "-3"}), "negative", 3),
        "nan-calories": (row_with(**{"Calories Burned (kcal)": "NaN"}), "finite", 3),
        "inf-pace": (row_with(**{"Avg Pace (min/mi)": "inf"}), "finite", 3),
        "hex-number": (row_with(Steps="0x1F"), "not a number", 3),
        "comma-thousands": (row_with(**{"Calories Burned (kcal)": "1,234"}), "not a number", 3),
        "short-row": (f"{HEADER}\n\"Oct. 7, 2025\",\"Oct. 7, 2025\",Run\n", "fields", 2),
        "long-row": (f"{HEADER}\n{good_line},extra\n", "fields", 2),
        "latin1-note": (row_with(Notes="Caf\udce9"), "UTF-8", 3),
        "huge-field": (row_with(Notes="x" * (2 << 20)), "longer than", 3),
    }
    for column in ("Calories Burned (kcal)", "Distance (mi)", "Workout Time (seconds)", "Avg Pace (min/mi)",
                   "Max Pace (min/mi)", "Avg Speed (mi/h)", "Max Speed (mi/h)", "Avg Heart Rate", "Steps"):
        cases[f"text-in-{column}"] = (row_with(**{column: "fast"}), column, 3)
    return cases


CASES = catalogue()


def materialise(tmp_path, name, content):
    path = tmp_path / (re.sub(r"[^A-Za-z0-9]+", "-", name) + ".csv")
    if isinstance(content, dict):
        write_export(path, [GOOD, content])
        return path
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogateescape"))
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_refused_clearly_and_nothing_changes(name, run, tmp_path):
    store = tmp_path / "store.db"
    base = tmp_path / "base.csv"
    write_export(base, [export_row(100)])
    assert run("--db", store, "ingest", base).returncode == 0
    before = dump_data(store)
    content, must_say, line = CASES[name]
    path = materialise(tmp_path, name, content)
    p = run("--db", store, "ingest", path)
    assert p.returncode == 3, p.stderr
    assert path.name in p.stderr
    assert must_say in p.stderr, p.stderr
    if line is not None:
        assert f"{path.name}:{line}" in p.stderr, p.stderr
    assert dump_data(store) == before


def test_a_pipe_imports_and_is_recognised_later(run, fitintel, tmp_path, home):
    import subprocess
    store, export = tmp_path / "store.db", tmp_path / "e.csv"
    write_export(export, [export_row(i) for i in range(1, 51)])
    with open(export, "rb") as f:   # stdin is a pipe here: read once, hashed while parsed
        p = subprocess.run(f"cat | '{fitintel}' --db '{store}' ingest --json /dev/stdin", shell=True,
                           stdin=f, capture_output=True, env={"HOME": str(home), "PATH": "/usr/bin:/bin"})
    assert p.returncode == 0, p.stderr
    import hashlib, json
    rec = json.loads(p.stdout)
    assert rec["rows_added"] == 50 and rec["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    again = run("--db", store, "ingest", export)
    assert again.returncode == 0 and "identical to import #1" in again.stdout


def test_a_one_gigabyte_line_streamed_without_a_newline(run, tmp_path):
    """A FIFO fed by a generator: the import stops at the field limit instead of reading (or
    holding) the whole gigabyte, names the line and the field, and writes nothing."""
    import os
    import threading
    store, fifo = tmp_path / "store.db", tmp_path / "huge.csv"
    base = tmp_path / "base.csv"
    write_export(base, [export_row(100)])
    assert run("--db", store, "ingest", base).returncode == 0
    before = dump_data(store)
    os.mkfifo(fifo)
    written = [0]

    def generate():
        chunk = b"x" * (1 << 20)
        try:
            with open(fifo, "wb") as f:
                f.write((",".join(EXPORT_COLUMNS) + '\n"Oct. 7, 2025","Oct. 7, 2025",Run,1,1,1,1,1,1,1,,1,"').encode())
                for _ in range(1024):          # 1 GiB, never a newline, never a closing quote
                    f.write(chunk)
                    written[0] += len(chunk)
        except BrokenPipeError:
            pass                               # the reader stopped early: what we want

    writer = threading.Thread(target=generate)
    writer.start()
    p = run("--db", store, "ingest", fifo, timeout=120)
    writer.join(timeout=60)
    assert p.returncode == 3, p.stderr
    assert "huge.csv:2" in p.stderr and "Notes" in p.stderr and "longer than" in p.stderr
    assert written[0] < 64 << 20, f"{written[0]} bytes were read before stopping"
    assert dump_data(store) == before
