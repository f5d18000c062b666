"""`fitintel consistency` end to end (SPEC §4): the window's score, every trajectory point and the
trend, the weekday distribution, preferred days, monthly counts and rest gaps, against an
independent Python/numpy implementation of the formulas (scipy for the regression and Sen's
slope), on handwritten exports and generated samples read back from the store with SQL. Edge cases:
no workouts, an empty window, one workout, a reference day without a workout."""
import datetime as dt
import json
import math
import re
import sqlite3

import numpy as np
import pytest
from scipy import stats

from conftest import EPOCH, dayno, export_row, iso, ok, write_export
from consistency_reference import reference as spec4

DAYS_PER_MONTH = 30.44
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
OPTIONS = ["--days", "--at", "--step", "--from", "--to", "--type", "--label", "--json", "--db", "--help"]


def consistency(run, db, *args):
    return json.loads(ok(run("--db", db, "consistency", "--json", *args)).stdout)


def load(db):
    """Day numbers and calories, distance, duration of every workout, from the store, in order."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT workout_date, calories, distance_mi, duration_s FROM workouts"
                       " ORDER BY workout_date, id").fetchall()
    con.close()
    days = np.array([dayno(r[0]) for r in rows], dtype=np.int64)
    cols = [np.array([np.nan if r[k] is None else r[k] for r in rows], dtype=float) for k in (1, 2, 3)]
    return days, cols


# ---------------------------------------------------------------- the reference (SPEC §4)

def weekday(d):
    return (EPOCH + dt.timedelta(days=int(d))).weekday()


def week_streak(days, ref, window):
    """Consecutive Monday–Sunday weeks with a workout in the window, ending with the reference
    day's week or the week before it."""
    inside = sorted(set(int(d) for d in days if ref - window < d <= ref))
    weeks = sorted(set((a - weekday(a)) // 7 for a in inside))
    end = (ref - weekday(ref)) // 7
    if not weeks or weeks[-1] not in (end, end - 1):
        return 0
    current = 1
    while current < len(weeks) and weeks[-current - 1] == weeks[-current] - 1:
        current += 1
    return current


def reference(days, metrics, ref, window=30, target=4.0):
    """The shared numpy reference of SPEC §4 (consistency_reference.py), plus the week streak and
    the workout count; an empty window scores 0 throughout."""
    want = spec4(days, ref, window=window, target=target, metrics=metrics)
    count = int(np.sum((days > ref - window) & (days <= ref)))
    if want is None:
        return {"score": 0, "frequency": 0, "timing": 0, "performance": 0, "streak": 0, "empty": True,
                "current": 0, "longest": 0, "current_weeks": 0, "workouts": 0}
    return {**want, "empty": False, "current": want["current_streak"], "longest": want["longest_streak"],
            "current_weeks": week_streak(days, ref, window), "workouts": count}


def check_score(out, want):
    assert out["empty"] == want["empty"]
    assert out["score"] == pytest.approx(want["score"], rel=1e-9, abs=1e-9)
    for key in ("frequency", "timing", "performance", "streak"):
        assert out["components"][key] == pytest.approx(want[key], rel=1e-9, abs=1e-9), key
    assert out["inputs"]["workouts"] == want["workouts"]
    assert out["streaks"]["current_days"] == want["current"]
    assert out["streaks"]["longest_days"] == want["longest"]
    assert out["streaks"]["current_weeks"] == want["current_weeks"]


def mann_kendall_p(x, y):
    """Two-sided p of the Mann–Kendall S with the tie correction and continuity correction."""
    n = len(y)
    s = sum(np.sign(x[j] - x[i]) * np.sign(y[j] - y[i]) for i in range(n) for j in range(i + 1, n))
    _, t = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - np.sum(t * (t - 1) * (2 * t + 5))) / 18
    z = (s - np.sign(s)) / math.sqrt(var) if var > 0 else 0
    return s, 2 * stats.norm.sf(abs(z))


# ---------------------------------------------------------------- the command

def test_help_and_usage(run, store):
    p = ok(run("consistency", "--help"))
    assert p.stdout.startswith("usage: fitintel consistency")
    for option in OPTIONS:
        assert option in p.stdout, option
    for text in ["0  success", "1  error", "2  usage error", "Example"]:
        assert text in p.stdout
    assert ok(run("help", "consistency")).stdout == p.stdout == ok(run("consistency", "-h")).stdout
    assert re.search(r"^  consistency +\S", ok(run("--help")).stdout, re.M)
    for args, message in [(["--days", "0"], "--days"), (["--step", "x"], "--step"),
                          (["--at", "2024-02-30"], "--at needs a date such as 2025-10-07, not '2024-02-30'"), (["extra"], "unexpected argument"),
                          (["--no-such-option"], "unknown option '--no-such-option'"),
                          (["--label", "cat"], "--label"),
                          (["--from", "2024-02-01", "--to", "2024-01-01"], "is after")]:
        p = ok(run("--db", store, "consistency", *args), 2)
        assert p.stdout == "" and message in p.stderr, (args, p.stderr)


def test_no_workouts(run, store, tmp_path):
    ok(run("--db", store, "init"))
    out = consistency(run, store)
    assert out["ref_date"] is None and out["empty"] is True and out["score"] == 0
    assert out["trajectory"]["points"] == [] and out["trajectory"]["trend"]["direction"] == "insufficient_data"
    assert out["history"]["workouts"] == 0 and out["history"]["months"] == []
    assert "No workouts to score." in ok(run("--db", store, "consistency")).stdout


def ingest_days(run, db, tmp_path, dates, name="export.csv"):
    rows = [export_row(1000 + i, d, Distance_mi_=f"{2 + (i % 5) * 0.7:g}",
                       Workout_Time_seconds_=str(1500 + 97 * (i % 11)),
                       Calories_Burned_kcal_=str(200 + 13 * (i % 7)))
            for i, d in enumerate(dates)]
    write_export(tmp_path / name, rows)
    ok(run("--db", db, "ingest", tmp_path / name))


def test_empty_window(run, store, tmp_path):
    ingest_days(run, store, tmp_path, ["2024-01-05", "2024-01-06", "2024-01-09"])
    out = consistency(run, store, "--at", "2025-01-01")
    assert out["ref_date"] == "2025-01-01" and out["empty"] is True and out["score"] == 0
    assert out["inputs"]["workouts"] == 0
    assert out["window"] == {"days": 30, "from": "2024-12-03", "to": "2025-01-01"}
    points = out["trajectory"]["points"]
    assert points[-1]["date"] == "2025-01-01" and points[-1]["score"] == 0
    assert "No workouts in the 30 days to 2025-01-01" in out["summary"]
    human = ok(run("--db", store, "consistency", "--at", "2025-01-01")).stdout
    assert "no workouts in the window" in human


def test_one_workout(run, store, tmp_path):
    ingest_days(run, store, tmp_path, ["2024-03-10"])
    days, metrics = load(store)
    out = consistency(run, store)
    assert out["ref_date"] == "2024-03-10"
    check_score(out, reference(days, metrics, dayno("2024-03-10")))
    assert out["components"]["timing"] == 50 and out["components"]["performance"] == 50
    assert out["trajectory"]["points"] == [{"date": "2024-03-10", "score": out["score"]}]
    assert out["history"]["preferred_days"] == ["Sunday"]
    assert out["history"]["longest_rest"] == {"days": 0, "from": None, "to": None}
    assert out["history"]["mean_rest_days"] is None


def test_reference_day_without_a_workout_keeps_the_streak(run, store, tmp_path):
    ingest_days(run, store, tmp_path, ["2024-06-01", "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06"])
    days, metrics = load(store)
    out = consistency(run, store, "--at", "2024-06-07", "--days", "7")
    assert out["streaks"]["current_days"] == 4              # June 3-6: alive until June 7 is over
    check_score(out, reference(days, metrics, dayno("2024-06-07"), window=7))
    out = consistency(run, store, "--at", "June 8, 2024", "--days", "7")
    assert out["ref_date"] == "2024-06-08" and out["streaks"]["current_days"] == 0
    check_score(out, reference(days, metrics, dayno("2024-06-08"), window=7))
    human = ok(run("--db", store, "consistency", "--at", "2024-06-07")).stdout
    assert "current 4 days" in human


# ---------------------------------------------------------------- generated data

@pytest.mark.parametrize("seed,window,step", [(3, 30, 15), (11, 45, 20)])
def test_sample_against_the_reference(run, store, tmp_path, seed, window, step):
    csv = tmp_path / "sample.csv"
    ok(run("sample", "--rows", "1500", "--seed", str(seed), "--start", "2016-01-01", "--end", "2021-06-30",
           "--era", "2018-06-01", "-o", csv))
    ok(run("--db", store, "ingest", csv, "--policy", "skip"))
    days, metrics = load(store)
    args = [] if window == 30 else ["--days", str(window)]
    args += [] if step == 15 else ["--step", str(step)]
    out = consistency(run, store, *args)
    ref = int(days[-1])
    assert out["ref_date"] == iso(ref)
    check_score(out, reference(days, metrics, ref, window=window))

    # trajectory: points every step days aligned on the reference day, first workout .. last
    k0 = -((ref - int(days[0])) // step)
    want_days = [ref + k * step for k in range(k0, 1)]
    points = out["trajectory"]["points"]
    assert [p["date"] for p in points] == [iso(d) for d in want_days]
    for p, d in zip(points, want_days):
        assert p["score"] == pytest.approx(reference(days, metrics, d, window=window)["score"], rel=1e-9, abs=1e-9), p
    x = np.array(want_days, dtype=float) - want_days[0]
    y = np.array([p["score"] for p in points])
    lr = stats.linregress(x, y)
    trend = out["trajectory"]["trend"]
    assert trend["n"] == len(points) and trend["status"] == 0
    assert trend["slope_per_month"] == pytest.approx(lr.slope * DAYS_PER_MONTH, rel=1e-9, abs=1e-12)
    assert trend["p_value"] == pytest.approx(lr.pvalue, rel=1e-6)
    assert trend["r2"] == pytest.approx(lr.rvalue ** 2, rel=1e-9, abs=1e-12)
    assert trend["intercept"] == pytest.approx(lr.intercept, rel=1e-9)
    sen = stats.theilslopes(y, x)
    assert trend["mann_kendall"]["sen_slope_per_month"] == pytest.approx(sen.slope * DAYS_PER_MONTH, rel=1e-9, abs=1e-12)
    s, p_mk = mann_kendall_p(x, y)
    assert trend["mann_kendall"]["s"] == s
    assert trend["mann_kendall"]["p_value"] == pytest.approx(p_mk, rel=1e-9, abs=1e-300)
    sig = lr.pvalue < 0.05 and p_mk < 0.05 and np.sign(lr.slope) == np.sign(s)
    assert trend["direction"] == (("improving" if lr.slope > 0 else "declining") if sig else "stable")

    # the whole history
    h = out["history"]
    counts = [0] * 7
    for d in days:
        counts[weekday(d)] += 1
    assert [w["count"] for w in h["weekdays"]] == counts
    assert [w["day"] for w in h["weekdays"]] == WEEKDAYS
    for w, c in zip(h["weekdays"], counts):
        assert w["percent"] == pytest.approx(100 * c / len(days), rel=1e-12)
    order = sorted(range(7), key=lambda k: (-counts[k], k))
    assert h["preferred_days"] == [WEEKDAYS[k] for k in order[:3]]
    active = sorted(set(int(d) for d in days))
    assert h["active_days"] == len(active)
    gaps = [b - a - 1 for a, b in zip(active, active[1:])]
    longest = max(gaps)
    at = gaps.index(longest)
    assert h["longest_rest"] == {"days": longest, "from": iso(active[at] + 1), "to": iso(active[at + 1] - 1)}
    assert h["mean_rest_days"] == pytest.approx(np.mean(gaps), rel=1e-12)
    months = {}
    for d in days:
        key = iso(d)[:7]
        months[key] = months.get(key, 0) + 1
    first, last = iso(days[0])[:7], iso(days[-1])[:7]
    y0, m0, y1, m1 = int(first[:4]), int(first[5:]), int(last[:4]), int(last[5:])
    want_months = []
    while (y0, m0) <= (y1, m1):
        key = f"{y0:04d}-{m0:02d}"
        want_months.append({"month": key, "workouts": months.get(key, 0)})
        y0, m0 = (y0 + 1, 1) if m0 == 12 else (y0, m0 + 1)
    assert h["months"] == want_months
    assert (h["first_date"], h["last_date"]) == (iso(days[0]), iso(days[-1]))

    # a reference date inside the history: the score there, the trajectory still covers it all
    mid = int(days[len(days) // 2]) + 1
    out = consistency(run, store, "--at", iso(mid), *args)
    check_score(out, reference(days, metrics, mid, window=window))
    assert iso(mid) in [p["date"] for p in out["trajectory"]["points"]]
    assert out["trajectory"]["points"][-1]["date"] <= iso(days[-1])

    human = ok(run("--db", store, "consistency", *args)).stdout
    assert f"over the {window} days to {iso(ref)}" in human and "preferred days:" in human


def test_filters_narrow_the_history(run, store, tmp_path):
    dates = [f"2024-0{m}-{d:02d}" for m in (1, 2, 3) for d in (2, 9, 16, 23)]
    ingest_days(run, store, tmp_path, dates)
    out = consistency(run, store, "--from", "2024-02-01", "--to", "2024-02-29")
    assert out["history"]["workouts"] == 4 and out["ref_date"] == "2024-02-23"
    assert [m["month"] for m in out["history"]["months"]] == ["2024-02"]
    out = consistency(run, store, "--type", "Swim")
    assert out["history"]["workouts"] == 0 and out["ref_date"] is None
