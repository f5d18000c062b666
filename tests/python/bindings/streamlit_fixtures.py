"""Fixtures of the Streamlit app tests (test_python_streamlit.py against the recorder,
test_streamlit_apptest.py under the real Streamlit): a sample store, the app's environment, the
login's hash, and the app under streamlit.testing.v1.AppTest."""
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

import fitintel
from fitintel import auth

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "examples" / "streamlit" / "app.py"
PAGES = ("hub", "choco", "monthly", "trends", "sql", "models", "history")
ERA_DATE = "2018-06-01"
AUTH_KEY = "fitintel_authenticated"
# The app tests hash it cheaply (n=2**10); the real cost is tested with fitintel.auth itself.
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A store of the 3,000-workout sample with the Choco era and a trained model (closed)."""
    d = tmp_path_factory.mktemp("streamlit")
    export = d / "export.csv"
    fitintel.sample(export, rows=3000, seed=7)
    db = d / "base.db"
    with fitintel.open(db) as store:
        store.ingest(export)
        store.eras.add(ERA_DATE, "Choco arrives")
        store.train()
    return db


@pytest.fixture(scope="module")
def password_hash():
    return auth.hash_password(PASSWORD, n=2 ** 10)


@pytest.fixture
def db(base_db, tmp_path):
    """A private copy of the store (pages write to it)."""
    path = tmp_path / "fitintel.db"
    shutil.copy(base_db, path)
    return path


def app_environment(monkeypatch, tmp_path, db):
    """The app's environment in @monkeypatch: store @db, no hash, no auth file, no development
    mode, $HOME inside @tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FITINTEL_DB", str(db))
    monkeypatch.setenv("FITINTEL_AUTH_FILE", str(tmp_path / "no-such-auth.conf"))
    monkeypatch.delenv("FITINTEL_PASSWORD_HASH", raising=False)
    monkeypatch.delenv("FITINTEL_DEV_MODE", raising=False)
    return monkeypatch


@pytest.fixture
def env(monkeypatch, tmp_path, db):
    """A clean environment: the store set, no hash, no auth file, no development mode."""
    return app_environment(monkeypatch, tmp_path, db)


@pytest.fixture
def dev(env):
    env.setenv("FITINTEL_DEV_MODE", "true")
    return env


@pytest.fixture
def store(db):
    with fitintel.open(db) as s:
        yield s


def sql1(db, query, *args):
    with sqlite3.connect(db) as c:
        return c.execute(query, args).fetchall()


def number(text):
    return float(str(text).replace(",", "").split()[0])


def apptest(monkeypatch):
    """AppTest runs the script without `streamlit run`'s bootstrap, which puts the script's
    folder on sys.path: do that here."""
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest
    monkeypatch.syspath_prepend(str(APP.parent))
    for name in ("common", "render"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return AppTest.from_file(str(APP), default_timeout=120)
