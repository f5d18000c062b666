"""Shared fixtures for the command-line tests: the built `fitintel`, exports written on the fly,
and direct looks into a store with Python's own sqlite3."""
import os
import pathlib
import sqlite3
import subprocess

import pytest

HEADER = ("Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),"
          "Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),"
          "Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link")
LINK = "http://www.mapmyfitness.com/workout/"


def fitintel_path() -> str:
    exe = os.environ.get("FITINTEL_EXE")
    if not exe:
        exe = os.path.join(os.environ.get("FITINTEL_BUILD_ROOT", "build"), "cli", "fitintel")
    return exe


def run(*args, input=None, env=None, check=None):
    """Run the command; `check` is the exit code to insist on."""
    full_env = dict(os.environ)
    full_env.pop("FITINTEL_DB", None)
    if env:
        full_env.update(env)
    out = subprocess.run([fitintel_path(), *map(str, args)], input=input, capture_output=True,
                         text=True, env=full_env, timeout=300)
    if check is not None:
        assert out.returncode == check, f"exit {out.returncode}\nstdout:{out.stdout}\nstderr:{out.stderr}"
    return out


def row(workout_id, date="Oct. 7, 2025", distance="3.1", notes="", activity="Run", pace="9.6774"):
    """One export row (CSV text without the newline); notes are quoted for you."""
    quoted = '"' + notes.replace('"', '""') + '"' if notes else ""
    return (f'"{date}","{date}",{activity},310,{distance},1800,{pace},8.1,6.2,7.4,,5000,'
            f'{quoted},MapMyRun iPhone,{LINK}{workout_id}')


def write_export(path: pathlib.Path, rows, header=HEADER) -> pathlib.Path:
    path.write_text(header + "\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def dump(db: pathlib.Path):
    """Every row of every data table (not the imports log)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_schema WHERE type='table' AND name NOT IN"
            " ('imports','import_rejects') AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() for t in tables}
    finally:
        con.close()


def query(db: pathlib.Path, sql: str, *params):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


@pytest.fixture
def store(tmp_path) -> pathlib.Path:
    return tmp_path / "store.db"
