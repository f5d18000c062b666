"""The GIL is released while the library works: another Python thread keeps running during a
long import, and one Store is used by one thread at a time."""
import threading
import time

import pytest

import fitintel
from fitintel_fixtures import *  # noqa: F401,F403


class Counter(threading.Thread):
    """Increments a counter as fast as the GIL lets it."""

    def __init__(self):
        super().__init__(daemon=True)
        self.count = 0
        self.stop = False

    def run(self):
        while not self.stop:
            self.count += 1


@pytest.fixture(scope="module")
def big_export(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.csv"
    fitintel.sample(path, rows=200_000, seed=3)
    yield path
    path.unlink()


def counted(fn):
    """(counter increments during fn(), its duration, the counter's rate alone per second)."""
    c = Counter()
    c.start()
    time.sleep(0.05)
    a, t0 = c.count, time.perf_counter()
    time.sleep(0.2)
    rate = (c.count - a) / (time.perf_counter() - t0)
    start, t0 = c.count, time.perf_counter()
    fn()
    during, elapsed = c.count - start, time.perf_counter() - t0
    c.stop = True
    c.join()
    return during, elapsed, rate


@pytest.mark.parametrize("progress", [None, lambda p: None])
def test_another_thread_runs_during_an_import(tmp_path, big_export, progress):
    with fitintel.open(tmp_path / "s.db") as s:
        during, elapsed, rate = counted(lambda: s.ingest(big_export, policy="skip",
                                                         progress=progress))
        assert s.workout_count == 200_000
    # Holding the GIL for the whole call would leave the counter still (one switch interval at
    # most); released, it runs for most of the import.
    assert elapsed > 0.2, "the import was too quick to judge"
    assert during > 0.25 * rate * elapsed, (during, elapsed, rate)


def test_other_long_calls_release_the_gil(tmp_path, big_export):
    with fitintel.open(tmp_path / "s.db") as s:
        s.ingest(big_export, policy="skip")
        for call in (s.train, s.classify, s.brief, s.workouts, s.consistency):
            during, elapsed, rate = counted(call)
            if elapsed > 0.1:
                assert during > 0.25 * rate * elapsed, (call.__name__, during, elapsed, rate)


def test_one_store_shared_by_threads(classified):
    store, _ = classified
    errors, results = [], []

    def work(kind):
        try:
            for _ in range(5):
                results.append(len(store.workouts()) if kind else store.brief().days)
        except Exception as e:   # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(i % 2,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and sorted(set(results)) == [30, 3000]


def test_stores_in_threads_run_side_by_side(tmp_path, export):
    def work(i):
        with fitintel.open(tmp_path / f"s{i}.db") as s:
            s.ingest(export, policy="skip")
            s.train()
            out[i] = s.classify().workouts
    out = {}
    threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == {0: 3000, 1: 3000, 2: 3000}
