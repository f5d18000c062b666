"""The bad-input catalogue: tests/data/bad/MANIFEST.tsv lists every malformed or hostile export,
what must happen to it and where the error must point. The few exports too big to store are made
here (source `generated`). Read by test_bad_input.py (the command) and test_python_bad_input.py
(the package)."""
import csv
import io
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from conftest import EXPORT_COLUMNS, csv_cell, export_row, write_export

BAD = Path(__file__).resolve().parents[1] / "data" / "bad"
READ_BYTES = 1 << 20      # the library's read size (CHUNK_BYTES in libfitintel/ingest_parse.c)
GIGABYTE_CASE = "one-gb-line.csv"


@dataclass(frozen=True)
class Case:
    file: str
    source: str     # file | generated
    outcome: str    # refused | accepted
    line: object    # 0 for none, "@" when the generator computes it
    column: int     # 0 for none
    field: str      # "" for none
    message: str
    about: str

    def __str__(self):
        return self.file


def load():
    with open(BAD / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    cases = []
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        none = lambda v, empty: empty if v == "-" else v   # noqa: E731
        cases.append(Case(r["file"], r["source"], r["outcome"],
                          r["line"] if r["line"] == "@" else int(none(r["line"], 0)),
                          int(none(r["column"], 0)), none(r["field"], ""), r["message"], r["about"]))
    return cases


CASES = load()
REFUSED = [c for c in CASES if c.outcome == "refused" and c.file != GIGABYTE_CASE]
ACCEPTED = [c for c in CASES if c.outcome == "accepted"]
GIGABYTE = next(c for c in CASES if c.file == GIGABYTE_CASE)


# ---- the generated exports ----

def _line(row):
    return ",".join(csv_cell(row.get(c, "")) for c in EXPORT_COLUMNS)


def _columns_100k(path):
    path.write_text(",".join(f"c{i}" for i in range(100_000)) + "\n")


def _huge_field(path):
    write_export(path, [export_row(1), export_row(2, Notes="x" * (2 << 20))])


def _crlf_split_at_read_boundary(path):
    """CRLF rows padded so that one row's CR is the last byte of the library's first read and its
    LF the first byte of the second: that LF must not count as another line. Returns the line of
    the bad row at the end."""
    text = ",".join(EXPORT_COLUMNS) + "\r\n"
    rows = 0
    while len(text) < READ_BYTES - 4000:
        text += _line(export_row(rows + 1, Notes="n" * 900)) + "\r\n"
        rows += 1
    bare = len(_line(export_row(rows + 1)))
    pad = READ_BYTES - 1 - len(text) - bare       # the filler's CR lands on byte READ_BYTES - 1
    text += _line(export_row(rows + 1, Notes="p" * pad)) + "\r\n"
    rows += 1
    assert text[READ_BYTES - 1:READ_BYTES + 1] == "\r\n"
    text += _line(export_row(rows + 1)) + "\r\n" + _line(export_row(rows + 2, Distance_mi_="far")) + "\r\n"
    path.write_bytes(text.encode("ascii"))
    return rows + 3     # header, the rows, the good one, then the bad one


GENERATORS = {
    "header-100k-columns.csv": _columns_100k,
    "huge-field-2mb.csv": _huge_field,
    "crlf-split-at-read-boundary.csv": _crlf_split_at_read_boundary,
}


def materialise(case, folder):
    """(path, line): the stored file, or the generated one written into @folder."""
    if case.source == "file":
        return BAD / case.file, case.line
    path = Path(folder) / case.file
    line = GENERATORS[case.file](path)
    return path, line if case.line == "@" else case.line


def stream_a_gigabyte(fifo):
    """Make the FIFO @fifo and start a thread writing a header and then a row whose Notes cell
    opens a quote and runs for 1 GiB without a newline. Returns (thread, bytes written so far)."""
    os.mkfifo(fifo)
    written = [0]

    def generate():
        chunk = b"x" * (1 << 20)
        try:
            with open(fifo, "wb") as f:
                f.write((",".join(EXPORT_COLUMNS) + '\n"Oct. 7, 2025","Oct. 7, 2025",Run,1,1,1,1,1,1,1,,1,"').encode())
                for _ in range(1024):
                    f.write(chunk)
                    written[0] += len(chunk)
        except BrokenPipeError:
            pass                               # the reader stopped early: what we want

    thread = threading.Thread(target=generate)
    thread.start()
    return thread, written


# ---- what an accepted file holds ----

TEXT_COLUMNS = {"Activity Type": "activity_type", "Notes": "notes", "Source": "source"}
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def export_rows(path):
    """{workout id: row dict} of an export, read with Python's csv module (first row of an id)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = {}
        for row in csv.DictReader(f):
            rows.setdefault(int(row["Link"].rsplit("/", 1)[1]), row)
        return rows


def spreadsheet_safe(text):
    """A text cell as a CSV export must write it: a leading ' before = + - @ tab or CR, so that a
    spreadsheet never runs it as a formula (a plain number stays a number)."""
    if text[:1] and text[0] in "=+-@\t\r" and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def read_csv_text(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))
