"""2,000 cycles of open / ingest / classify / brief / close do not grow the process: every handle
the package receives is freed once. Skipped under AddressSanitizer, which keeps freed memory."""
import gc
import os

import pytest

import fitintel
from conftest import export_row, write_export
from fitintel_fixtures import SANITIZED

pytestmark = pytest.mark.skipif(SANITIZED, reason="RSS means nothing under the sanitizer")
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


@pytest.fixture(scope="module")
def small_export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("small")
    path, bad = folder / "small.csv", folder / "bad.csv"
    fitintel.sample(path, rows=40, seed=1)
    write_export(bad, [export_row(1), export_row(2, Distance_mi_="abc")])
    return path, bad


def cycle(path, bad):
    with fitintel.open(":memory:") as s:
        s.ingest(path, policy="skip", progress=lambda p: None)
        s.classify()
        s.brief()
        s.workouts()
        try:
            s.ingest(bad)   # a strict refusal: its import report is freed with the error
        except fitintel.ParseError:
            pass
    try:
        with fitintel.open(":memory:") as s:
            s.explain(1)
    except fitintel.NotFoundError:
        pass


def test_no_growth_over_2000_cycles(small_export):
    for _ in range(500):   # warm up: pandas, numpy and SQLite caches, the allocator's arenas
        cycle(*small_export)
    gc.collect()
    before = rss()
    for _ in range(2000):
        cycle(*small_export)
    gc.collect()
    grown = rss() - before
    assert grown < 3 * 1024 * 1024, f"RSS grew by {grown / 1e6:.1f} MB over 2,000 cycles"
