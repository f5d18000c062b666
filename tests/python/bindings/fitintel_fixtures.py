"""Fixtures of the `fitintel` package tests (test_python_*.py): the package from the build tree,
sample stores, and the `fitintel` command run on the same store for --json comparisons."""
import json
import os
import subprocess

import pytest

import fitintel
from conftest import base_env, find_fitintel

SANITIZED = bool(os.environ.get("FITINTEL_SANITIZE"))


def cli(db, *args, home=None, check=True):
    """Run the `fitintel` command on store @db; its stdout (parsed as JSON when --json)."""
    env = base_env(home or os.path.dirname(os.fspath(db)))
    p = subprocess.run([find_fitintel(), "--db", os.fspath(db), *map(str, args)],
                       capture_output=True, text=True, env=env, timeout=600)
    if check:
        assert p.returncode == 0, p.stderr
    return json.loads(p.stdout) if "--json" in args and p.returncode == 0 else p


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    """A 3,000-row sample export (seed 42) and its truth file."""
    d = tmp_path_factory.mktemp("export")
    path, truth = d / "export.csv", d / "truth.csv"
    fitintel.sample(path, rows=3000, seed=42, truth=truth)
    return path


@pytest.fixture(scope="module")
def classified(tmp_path_factory, export):
    """(store, db path): the sample ingested, a model trained, the Choco era added."""
    db = tmp_path_factory.mktemp("classified") / "store.db"
    store = fitintel.open(db)
    store.ingest(export, policy="skip")
    store.train()
    store.eras.add("2018-06-01", "Choco arrives")
    yield store, db
    store.close()


@pytest.fixture
def store(tmp_path):
    """A new, empty store in tmp_path."""
    with fitintel.open(tmp_path / "store.db") as s:
        yield s
