"""Shared fixtures for the end-to-end tests of the `fitintel` command.

Every test runs the real binary (from $FITINTEL_EXE, set by meson) in a subprocess with an
isolated environment: no $FITINTEL_DB, and $HOME / $XDG_DATA_HOME inside the test's tmp_path, so
that nothing ever touches a real store.

It sits above kernels/, cli/ and bindings/, so pytest loads it for every Python suite; the package
tests (bindings/) import its export and environment helpers by name, as the command's tests do.
"""
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

LINK = "http://www.mapmyfitness.com/workout/"

# The header of a real MapMyRun export (miles), as tests/c/helpers.h EXPORT_HEADER.
EXPORT_COLUMNS = [
    "Date Submitted", "Workout Date", "Activity Type", "Calories Burned (kcal)", "Distance (mi)",
    "Workout Time (seconds)", "Avg Pace (min/mi)", "Max Pace (min/mi)", "Avg Speed (mi/h)",
    "Max Speed (mi/h)", "Avg Heart Rate", "Steps", "Notes", "Source", "Link",
]

# Export column -> field of `workouts --format csv|json` (miles export: no conversion).
NUMERIC_FIELDS = {
    "Calories Burned (kcal)": "calories", "Distance (mi)": "distance_mi",
    "Workout Time (seconds)": "duration_s", "Avg Pace (min/mi)": "avg_pace",
    "Max Pace (min/mi)": "max_pace", "Avg Speed (mi/h)": "avg_speed",
    "Max Speed (mi/h)": "max_speed", "Avg Heart Rate": "avg_heart_rate", "Steps": "steps",
}
TEXT_FIELDS = {"Activity Type": "activity_type", "Notes": "notes", "Source": "source",
               "Link": "link"}
DATE_FIELDS = {"Workout Date": "workout_date", "Date Submitted": "date_submitted"}
WORKOUT_FIELDS = [
    "id", "workout_date", "date_submitted", "activity_type", "calories", "distance_mi",
    "duration_s", "avg_pace", "max_pace", "avg_speed", "max_speed", "avg_heart_rate", "steps",
    "notes", "source", "link", "import_id",
]
# ...followed by the stored classification of each workout.
CLASSIFICATION_FIELDS = ["label", "method", "confidence"]

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def iso_date(text):
    """The ISO form of an export date: "Oct. 7, 2025", "Sept. 14, 2025", "March 3, 2025",
    "2025-10-07", "31-Jul-2024". Independent of the library's parser."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return text
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{1,2}), (\d{4})", text)
    if m:
        return f"{int(m.group(3)):04d}-{_MONTHS[m.group(1)[:3].lower()]:02d}-{int(m.group(2)):02d}"
    m = re.fullmatch(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", text)
    if m:
        return f"{int(m.group(3)):04d}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    raise ValueError(f"not an export date: {text!r}")


def ok(p, code=0):
    """Assert a finished command's exit code, showing its output when it is wrong; return it."""
    assert p.returncode == code, f"exit {p.returncode}, wanted {code}\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}"
    return p


EPOCH = dt.date(1970, 1, 1)


def dayno(iso):
    """The day number (days since 1970-01-01) of an ISO date."""
    return (dt.date.fromisoformat(iso) - EPOCH).days


def iso(n):
    """The ISO date of day number @n."""
    return (EPOCH + dt.timedelta(days=int(n))).isoformat()


def find_fitintel():
    exe = os.environ.get("FITINTEL_EXE")
    if not exe:
        build = os.environ.get("FITINTEL_BUILD_ROOT")
        if build:
            exe = os.path.join(build, "cli", "fitintel")
        else:
            exe = str(Path(__file__).resolve().parents[2] / "build" / "cli" / "fitintel")
    return exe


@pytest.fixture(scope="session")
def fitintel():
    """Absolute path of the fitintel executable under test."""
    exe = find_fitintel()
    if not os.access(exe, os.X_OK):
        pytest.fail(f"the fitintel executable is missing: {exe} (set FITINTEL_EXE)")
    return os.path.abspath(exe)


def base_env(home):
    """The environment every fitintel subprocess gets: no default store outside @home."""
    env = dict(os.environ)
    env.pop("FITINTEL_DB", None)
    env["HOME"] = str(home)
    env["XDG_DATA_HOME"] = str(Path(home) / "xdg-data")
    env["LC_ALL"] = "C.UTF-8"
    return env


def merge_env(base, extra):
    env = dict(base)
    for k, v in (extra or {}).items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = str(v)
    return env


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def run(fitintel, home):
    """run(*args, input=None, env=None, timeout=300) -> CompletedProcess with text stdout/stderr.

    @env entries are added to the isolated environment; a value of None removes the variable.
    @input may be str or bytes (bytes keeps the output as bytes too). Output is decoded as strict
    UTF-8 with every byte kept (no newline translation: CSV line ends and progress \r stay)."""
    env0 = base_env(home)

    def _run(*args, input=None, env=None, timeout=300, cwd=None):
        as_bytes = isinstance(input, bytes)
        if isinstance(input, str):
            input = input.encode("utf-8")
        p = subprocess.run([fitintel, *map(lambda a: str(a) if isinstance(a, int) else os.fspath(a), args)], input=input, capture_output=True,
                           env=merge_env(env0, env), timeout=timeout, cwd=cwd)
        if not as_bytes:
            # decoded by hand: text=True would turn every \r into \n
            p.stdout = p.stdout.decode("utf-8")
            p.stderr = p.stderr.decode("utf-8")
        return p
    return _run


@pytest.fixture
def popen(fitintel, home):
    """popen(*args, env=None) -> Popen (text mode, stdout/stderr to pipes). Killed at teardown."""
    env0 = base_env(home)
    procs = []

    def _popen(*args, env=None, **kw):
        kw.setdefault("stdout", subprocess.PIPE)
        kw.setdefault("stderr", subprocess.PIPE)
        p = subprocess.Popen([fitintel, *map(os.fspath, args)], env=merge_env(env0, env),
                             text=True, encoding="utf-8", **kw)
        procs.append(p)
        return p
    yield _popen
    for p in procs:
        if p.poll() is None:
            p.kill()
        try:
            p.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            pass


@pytest.fixture
def store(tmp_path):
    """Path of a store that does not exist yet."""
    return tmp_path / "store.db"


@pytest.fixture
def remove_big_files(tmp_path):
    """Stores and big exports under tmp_path are removed after the test (pytest keeps the
    temporary folders of the last three runs)."""
    yield
    for p in list(tmp_path.rglob("*.db*")) + list(tmp_path.rglob("big*.csv")):
        p.unlink()


# ---- exports ----

def export_row(wid, date="Oct. 7, 2025", **cells):
    """A complete, valid export row (dict by column name). Keyword names are the export columns
    with each run of non-alphanumerics replaced by '_' (Distance_mi_=..., Notes=...); or pass a
    dict via cells={'Distance (mi)': ...}."""
    row = {
        "Date Submitted": date, "Workout Date": date, "Activity Type": "Run",
        "Calories Burned (kcal)": "310", "Distance (mi)": "3.1", "Workout Time (seconds)": "1800",
        "Avg Pace (min/mi)": "9.6774", "Max Pace (min/mi)": "8.1", "Avg Speed (mi/h)": "6.2",
        "Max Speed (mi/h)": "7.4", "Avg Heart Rate": "", "Steps": "5000", "Notes": "",
        "Source": "MapMyRun iPhone", "Link": f"{LINK}{wid}",
    }
    extra = cells.pop("cells", {})
    for key, value in cells.items():
        col = next((c for c in EXPORT_COLUMNS if re.sub(r"\W+", "_", c) == key or c == key), None)
        if col is None:
            raise KeyError(key)
        row[col] = value
    row.update(extra)
    return row


def csv_cell(value):
    """RFC 4180 quoting: quote a cell holding a comma, quote, CR or LF; double the quotes."""
    value = "" if value is None else str(value)
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_export(path, rows, columns=EXPORT_COLUMNS, newline="\n", bom=False):
    """Write an export: the header, then each row (a dict by column name, or a raw line string
    written as is). Returns the 1-based physical line number on which each row starts."""
    parts = [("\ufeff" if bom else "") + ",".join(csv_cell(c) for c in columns) + newline]
    lines, line = [], 2
    for row in rows:
        text = row if isinstance(row, str) else ",".join(csv_cell(row.get(c, "")) for c in columns)
        lines.append(line)
        text += newline
        line += text.count("\n")
        parts.append(text)
    # surrogate escapes ("\udce9") become raw bytes: a way to write text that is not UTF-8
    Path(path).write_bytes("".join(parts).encode("utf-8", "surrogateescape"))
    return lines


def expected_workout(row, import_id=None):
    """The stored workout a miles export row becomes, as the JSON output writes it."""
    out = {"id": int(row["Link"].rsplit("/", 1)[1])}
    for col, field in DATE_FIELDS.items():
        out[field] = iso_date(row[col]) if row.get(col) else None
    for col, field in NUMERIC_FIELDS.items():
        out[field] = float(row[col]) if row.get(col, "") != "" else None
    for col, field in TEXT_FIELDS.items():
        out[field] = row[col] if row.get(col, "") != "" else None
    if import_id is not None:
        out["import_id"] = import_id
    return out


# ---- the store ----

def query(db, sql, *params):
    con = sqlite3.connect(os.fspath(db))
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def dump_data(db):
    """Every row of every data table (all but imports, import_rejects and SQLite's own), sorted;
    for before/after comparisons."""
    con = sqlite3.connect(os.fspath(db))
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT IN "
            "('imports','import_rejects') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        con.close()


def workout_ids(db, where="1", *params):
    return sorted(r[0] for r in query(db, f"SELECT id FROM workouts WHERE {where}", *params))


def imports_json(run, db):
    p = run("--db", db, "imports", "--json")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


# ---- polling ----

def wait_for(predicate, timeout=120, interval=0.01, what="condition"):
    """Poll @predicate until it returns a true value; fail after @timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def has_open(pid, path):
    """True when process @pid has @path open (Linux /proc)."""
    target = os.path.realpath(path)
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    return True
            except OSError:
                pass
    except OSError:
        pass
    return False


def wal_size(db):
    try:
        return os.path.getsize(os.fspath(db) + "-wal")
    except OSError:
        return 0


def wait_import_writing(proc, csv_path, db, min_wal=1 << 20, timeout=120):
    """Wait until @proc is in the middle of importing @csv_path: it holds the file open and the
    store's write-ahead log has grown past @min_wal bytes (rows are being written)."""
    def writing():
        if proc.poll() is not None:
            pytest.fail(f"fitintel exited ({proc.returncode}) before the import was caught")
        return has_open(proc.pid, csv_path) and wal_size(db) > min_wal
    wait_for(writing, timeout=timeout, interval=0.005, what=f"the import of {csv_path} to be writing")


# ---- the notification hook ----

class Hook:
    """A notify hook: a shell script that saves the JSON on its stdin (`cat > file`) and its
    FITINTEL_IMPORT_* environment, one pair of files per call, in call order."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.script = self.folder.parent / (self.folder.name + ".sh")
        self.script.write_text(
            "#!/bin/sh\n"
            f"out='{self.folder}'/$(date +%s%N)-$$\n"
            "printf '%s\\n%s\\n' \"$FITINTEL_IMPORT_STATUS\" \"$FITINTEL_IMPORT_FILE\" > \"$out.env\"\n"
            "cat > \"$out.json.tmp\"\n"
            "mv \"$out.json.tmp\" \"$out.json\"\n")
        self.script.chmod(0o755)
        self.command = f"'{self.script}'"

    def calls(self):
        """[(raw stdin text, status env, file env)] in call order."""
        out = []
        for f in sorted(self.folder.glob("*.json")):
            status, file = f.with_suffix(".env").read_text().split("\n")[:2]
            out.append((f.read_text(encoding="utf-8"), status, file))
        return out


@pytest.fixture
def hook(tmp_path):
    return Hook(tmp_path / "hook-calls")
