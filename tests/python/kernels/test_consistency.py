"""The consistency score (SPEC §4) against an independent numpy implementation of the formulas, on
hand-made cases (Mon/Wed/Fri for four weeks) and the edge cases, then on random histories."""
import ctypes as C
import datetime as dt

import numpy as np
import pytest

from clib import DBL, LIB, struct
from consistency_reference import EPOCH, reference

I32P = C.POINTER(C.c_int32)

# laid out by the compiler (clib.struct)
Params = struct("fi_consistency_params")
Consistency = struct("fi_consistency")


def day(iso):
    return (dt.date.fromisoformat(iso) - EPOCH).days


def score(days, ref, window=30, target=4.0, calories=None, distance=None, duration=None):
    days = np.ascontiguousarray(days, dtype=np.int32)
    n = len(days)
    keep = [calories, distance, duration]
    keep = [None if v is None else np.ascontiguousarray(v, dtype=np.float64) for v in keep]
    out = Consistency()
    rc = LIB.fi_consistency_score(days.ctypes.data_as(I32P), *[None if v is None else v.ctypes.data_as(DBL) for v in keep],
                                  C.c_size_t(n), C.c_int32(ref), C.byref(Params(version=1, window_days=window, target_per_week=target)), C.byref(out))
    assert rc == 0
    return out


def test_mon_wed_fri_for_four_weeks():
    days = [day(f"2024-01-{d:02d}") for d in (1, 3, 5, 8, 10, 12, 15, 17, 19, 22, 24, 26)]
    out = score(days, day("2024-01-28"), window=28)
    assert out.workouts == 12 and out.active_days == 12
    assert out.per_week == pytest.approx(3.0)
    assert list(out.weekday_counts) == [4, 0, 4, 0, 4, 0, 0]
    assert out.frequency == 100          # 85 + 0.5 · 42.86 %, capped
    # weekday CV = 1.1547 (4,0,4,0,4,0,0); gaps 2,2,3 ×3 + 2,2 → CV 0.19596
    assert out.weekday_cv == pytest.approx(np.std([4, 0, 4, 0, 4, 0, 0]) / (12 / 7), rel=1e-12)
    assert out.weekday_cv == pytest.approx(1.1547005, rel=1e-6)   # by hand
    assert out.interval_cv == pytest.approx(0.1959593, rel=1e-6)
    assert out.timing == pytest.approx(0.4 * (100 - 115.47005) + 0.6 * (100 - 50 * 0.1959593), rel=1e-6)
    assert out.performance == 50         # no metrics given
    assert (out.current_streak, out.longest_streak) == (0, 1)   # nothing on Jan 27 or 28
    assert (out.current_week_streak, out.longest_week_streak) == (4, 4)
    assert out.streak == 2
    assert out.score == pytest.approx(0.4 * 100 + 0.2 * (out.timing + 50 + 2), rel=1e-12)


def test_empty_window_scores_zero():
    out = score([day("2024-01-01")], day("2024-06-01"))
    assert out.empty == 1 and out.score == 0 and out.frequency == 0 and out.workouts == 0


def test_one_workout_today():
    out = score([day("2024-06-01")], day("2024-06-01"), window=7)
    assert out.timing == 50 and out.performance == 50
    assert (out.current_streak, out.longest_streak) == (1, 1)
    assert out.frequency == pytest.approx(min(100, 100 - 15 * 3 + 0.5 * 100 / 7))


def test_streak_alive_until_the_day_is_over():
    days = [day("2024-06-0%d" % d) for d in (3, 4, 5, 6)]
    assert score(days, day("2024-06-07")).current_streak == 4   # nothing yet today: still alive
    assert score(days, day("2024-06-08")).current_streak == 0   # a whole day missed


def test_zero_spread_and_one_weekday():
    mondays = [day("2024-01-01") + 7 * i for i in range(8)]
    same = [5.0] * 8
    out = score(mondays, mondays[-1], window=56, distance=same, duration=same, calories=same)
    assert out.performance == 100          # every value equal: CV 0
    assert out.interval_cv == 0            # always 7 days apart
    assert out.weekday_cv == pytest.approx(np.std([8, 0, 0, 0, 0, 0, 0]) / (8 / 7))
    assert out.timing == pytest.approx(max(0, min(100, 0.4 * (100 - 100 * out.weekday_cv) + 0.6 * 100)))
    assert (out.current_week_streak, out.longest_week_streak) == (8, 8)


@pytest.mark.parametrize("seed", range(25))
def test_random_histories_match_the_formulas(seed):
    g = np.random.default_rng(seed)
    n = int(g.integers(0, 60))
    start = day("2023-01-01")
    days = np.sort(start + g.integers(0, 120, n))
    metrics = [np.where(g.random(n) < 0.2, np.nan, g.gamma(4, 50, n)) for _ in range(3)]
    ref = int(start + g.integers(20, 130))
    window = int(g.choice([7, 30, 90]))
    want = reference(days, ref, window=window, metrics=metrics)
    out = score(days, ref, window=window, calories=metrics[0], distance=metrics[1], duration=metrics[2])
    if want is None:
        assert out.empty == 1
        return
    for key in ("frequency", "timing", "performance", "streak", "score"):
        assert getattr(out, key) == pytest.approx(want[key], rel=1e-9, abs=1e-9), key
    assert (out.current_streak, out.longest_streak) == (want["current_streak"], want["longest_streak"])
    assert list(out.weekday_counts) == want["counts"]


def test_refuses_unsorted_days():
    days = np.array([5, 3], dtype=np.int32)
    rc = LIB.fi_consistency_score(days.ctypes.data_as(I32P), None, None, None, C.c_size_t(2),
                                  C.c_int32(10), None, C.byref(Consistency()))
    assert rc == -5
