"""`fitintel trends`, `forecast` and `records` end to end (SPEC §5), against independent
computations on the workouts read back from the store with SQL: scipy.stats.linregress for the
OLS line, a direct Mann–Kendall S with scipy.stats.theilslopes for Sen's slope, plain loops for
weekly/monthly series, plateaus, Holt's method and the records, numpy and scipy.stats.t for the
linear prediction intervals. Edge cases: fewer than 3 points, pace direction (lower is better),
empty weeks, months without a pace, no classification; options, help and usage errors."""
import calendar
import datetime as dt
import json
import math
import sqlite3

import numpy as np
import pytest
from scipy import stats

from conftest import dayno, iso, ok
from test_analysis_anomaly import (EXIT_CODES_HELP, days_from, handmade_store, load,
                                   sample_db)  # noqa: F401 (the fixture)

DAYS_PER_MONTH = 30.44
COLUMNS = {"pace": "avg_pace", "distance": "distance_mi", "duration": "duration_s", "calories": "calories"}


# ---------------------------------------------------------------- references

def week_start(day):
    return int(day) - (EPOCH_WEEKDAY + int(day)) % 7


EPOCH_WEEKDAY = dt.date(1970, 1, 1).weekday()   # 3: a Thursday


def month_start(day):
    d = dt.date(1970, 1, 1) + dt.timedelta(days=int(day))
    return dayno(d.replace(day=1).isoformat())


def next_month(start):
    d = dt.date(1970, 1, 1) + dt.timedelta(days=int(start))
    return dayno((d.replace(year=d.year + 1, month=1) if d.month == 12 else d.replace(month=d.month + 1)).isoformat())


def series(days, values, per, statistic):
    """Points per period from the first to the last contributing workout's period: (starts, values,
    counts). Counts and sums give empty periods 0; means leave them out."""
    keep = np.ones(len(days), bool) if statistic == "count" else np.isfinite(values)
    days, values = np.asarray(days)[keep], np.asarray(values)[keep]
    if len(days) == 0:
        return [], [], []
    start = week_start if per == "week" else month_start
    step = (lambda s: s + 7) if per == "week" else next_month
    periods, p = [], start(days[0])
    while p <= start(days[-1]):
        periods.append(p)
        p = step(p)
    index = {p: k for k, p in enumerate(periods)}
    sums, counts = [0.0] * len(periods), [0] * len(periods)
    for d, v in zip(days, values):
        k = index[start(d)]
        sums[k] += 1.0 if statistic == "count" else v
        counts[k] += 1
    if statistic == "mean":
        out = [(p, s / c, c) for p, s, c in zip(periods, sums, counts) if c]
    else:
        out = list(zip(periods, sums, counts))
    return [o[0] for o in out], [o[1] for o in out], [o[2] for o in out]


def mann_kendall(x, y):
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    iu = np.triu_indices(n, 1)
    s = float(np.sum(np.sign(x[None, :] - x[:, None])[iu] * np.sign(y[None, :] - y[:, None])[iu]))
    _, t = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - np.sum(t * (t - 1) * (2 * t + 5))) / 18.0
    z = (s - np.sign(s)) / math.sqrt(var) if var > 0 else 0.0
    return {"s": s, "z": z, "p_value": 2 * stats.norm.sf(abs(z)), "tau": s / (n * (n - 1) / 2)}


def direction(significant, slope, lower_better):
    if not significant or slope == 0:
        return "stable"
    return "improving" if (slope > 0) != lower_better else "declining"


def plateaus(y, w=7, tol=0.05, min_len=14):
    """The definition of trend.h: greedy runs of trailing means within tol of the run's first."""
    out, s = [], w - 1
    mean = lambda i: sum(y[i - w + 1:i + 1]) / w
    while s < len(y):
        a, e = mean(s), s
        while e + 1 < len(y) and abs(mean(e + 1) - a) < tol * abs(a):
            e += 1
        if e - s + 1 >= min_len:
            out.append((s, e))
        s = e + 1
    return out


def check_trend(t, x, y, lower_better, confidence=0.95, mk=True):
    """A trend's JSON against scipy on the points (x days, y values)."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    assert t["status"] == "ok" and t["n"] == len(x) and t["reason"] is None
    assert t["first_date"] == iso(x[0]) and t["last_date"] == iso(x[-1])
    fit = stats.linregress(x, y)
    ols = t["ols"]
    half = stats.t.ppf(0.5 + confidence / 2, len(x) - 2) * fit.stderr
    assert ols["slope_per_day"] == pytest.approx(fit.slope, rel=1e-8, abs=1e-14)
    assert ols["slope_per_month"] == pytest.approx(fit.slope * DAYS_PER_MONTH, rel=1e-8, abs=1e-12)
    assert ols["intercept"] == pytest.approx(fit.intercept, rel=1e-8, abs=1e-9)
    assert ols["r2"] == pytest.approx(fit.rvalue ** 2, rel=1e-7, abs=1e-12)
    assert ols["p_value"] == pytest.approx(fit.pvalue, rel=1e-6, abs=1e-12)
    assert ols["slope_low_per_day"] == pytest.approx(fit.slope - half, rel=1e-8, abs=1e-14)
    assert ols["slope_high_per_day"] == pytest.approx(fit.slope + half, rel=1e-8, abs=1e-14)
    first = fit.intercept + fit.slope * x[0]
    assert ols["fitted_first"] == pytest.approx(first, rel=1e-9)
    assert ols["fitted_last"] == pytest.approx(fit.intercept + fit.slope * x[-1], rel=1e-9)
    significant = fit.slope - half > 0 or fit.slope + half < 0
    assert t["direction"] == direction(significant, fit.slope, lower_better)
    assert t["better"] == ("lower" if lower_better else "higher")
    change = 100 * fit.slope * DAYS_PER_MONTH / first if first > 0 else None
    if change is None:
        assert t["change_pct_per_month"] is None
    else:
        assert t["change_pct_per_month"] == pytest.approx(change, rel=1e-7, abs=1e-12)
        assert t["improvement_pct_per_month"] == pytest.approx(-change if lower_better else change, rel=1e-7, abs=1e-12)
    if mk:
        want = mann_kendall(x, y)
        got = t["mann_kendall"]
        assert got["s"] == want["s"]
        assert got["z"] == pytest.approx(want["z"], rel=1e-9, abs=1e-12)
        assert got["p_value"] == pytest.approx(want["p_value"], rel=1e-6, abs=1e-14)
        assert got["tau"] == pytest.approx(want["tau"], rel=1e-12)
        sen = stats.theilslopes(y, x)
        assert got["sen_slope_per_day"] == pytest.approx(sen[0], rel=1e-9, abs=1e-15)
        assert got["sen_intercept"] == pytest.approx(sen[1], rel=1e-9, abs=1e-9)
        assert got["direction"] == direction(want["p_value"] < 1 - confidence, want["s"], lower_better)
    runs = plateaus(list(y))
    assert [(p["first"], p["last"]) for p in t["plateaus"]["runs"]] == runs
    for p in t["plateaus"]["runs"]:
        assert p["first_date"] == iso(x[p["first"]]) and p["length"] == p["last"] - p["first"] + 1
        assert p["mean"] == pytest.approx(np.mean(y[p["first"]:p["last"] + 1]), rel=1e-12)


def trends(run, db, *args):
    return json.loads(ok(run("--db", db, "trends", "--json", *args)).stdout)


# ---------------------------------------------------------------- trends

def test_pace_of_runs_per_workout(run, sample_db):
    data = load(sample_db)
    t = trends(run, sample_db, "--metric", "pace", "--label", "run")
    sel = (data["label"] == "real_run") & np.isfinite(data["avg_pace"])
    assert t["metric"] == "pace" and t["per"] == "workout" and t["unit"] == "min/mi" and "points" not in t
    check_trend(t, data["day"][sel], data["avg_pace"][sel], lower_better=True)
    ids = data["id"][sel]
    for p in t["plateaus"]["runs"]:
        assert p["first_workout_id"] == ids[p["first"]] and p["last_workout_id"] == ids[p["last"]]


@pytest.mark.parametrize("metric,per,stat", [("count", "week", "count"), ("count", "month", "count"),
                                             ("distance", "week", "sum"), ("pace", "month", "mean"),
                                             ("duration", "month", "mean")])
def test_periods(run, sample_db, metric, per, stat):
    data = load(sample_db)
    args = ["--metric", metric, "--per", per] + ([] if stat == "count" else ["--stat", stat])
    t = trends(run, sample_db, *args)
    keep = data["label"] != "outlier"      # outliers are left out by default
    values = np.ones(len(data["id"])) if stat == "count" else data[COLUMNS[metric]]
    starts, want, counts = series(data["day"][keep], values[keep], per, stat)
    assert t["per"] == per and t["statistic"] == stat
    assert [p["date"] for p in t["points"]] == [iso(s) for s in starts]
    assert [p["count"] for p in t["points"]] == counts
    np.testing.assert_allclose([p["value"] for p in t["points"]], want, rtol=1e-12)
    check_trend(t, starts, want, lower_better=metric == "pace")
    if stat != "mean":   # counts and sums keep every period, empty ones included
        step = (lambda d: d + 7) if per == "week" else next_month
        assert all(step(a) == b for a, b in zip(starts, starts[1:]))
        assert t["points"][0]["date"] == iso(week_start(data["day"][keep][0]) if per == "week"
                                             else month_start(data["day"][keep][0]))


def test_include_outliers(run, sample_db):
    data = load(sample_db)
    t = trends(run, sample_db, "--metric", "count", "--per", "month", "--include-outliers")
    starts, want, _ = series(data["day"], np.ones(len(data["id"])), "month", "count")
    np.testing.assert_array_equal([p["value"] for p in t["points"]], want)


@pytest.mark.parametrize("slope,metric,want", [(-0.004, "pace", "improving"), (0.004, "pace", "declining"),
                                               (0.0, "pace", "stable"), (0.003, "distance", "improving"),
                                               (-0.003, "distance", "declining")])
def test_direction(run, tmp_path, slope, metric, want):
    rng = np.random.default_rng(5)
    days = days_from("2023-01-01", 300, step=2)
    base = 9.0 if metric == "pace" else 4.0
    values = [base + slope * 2 * i + rng.normal(0, 0.05) for i in range(300)]
    db = handmade_store(run, tmp_path, [{"date": d, metric: v} for d, v in zip(days, values)])
    t = trends(run, db, "--metric", metric)
    assert t["direction"] == want
    check_trend(t, [dayno(d) for d in days], values, lower_better=metric == "pace")
    if want != "stable":
        assert (t["improvement_pct_per_month"] > 0) == (want == "improving")
    p = ok(run("--db", db, "trends", "--metric", metric))
    assert f"direction     {want}" in p.stdout


def test_fewer_than_three_points(run, tmp_path):
    db = handmade_store(run, tmp_path, [{"date": "2024-01-01", "pace": 9}, {"date": "2024-01-02", "pace": 10}])
    t = trends(run, db)
    assert t["status"] == "insufficient_data" and t["n"] == 2 and "at least 3" in t["reason"]
    assert t["direction"] is None and t["ols"]["slope_per_day"] is None and t["mann_kendall"] is None
    assert "Insufficient data" in ok(run("--db", db, "trends")).stdout
    t = trends(run, db, "--metric", "count", "--per", "month")
    assert t["status"] == "insufficient_data" and t["n"] == 1
    # all on one day
    db = handmade_store(run, tmp_path, [{"date": "2024-01-01", "pace": 9 + i} for i in range(5)], name="oneday")
    t = trends(run, db)
    assert t["status"] == "insufficient_data" and "one day" in t["reason"]


def test_mann_kendall_skipped_for_many_points(run, tmp_path):
    rng = np.random.default_rng(9)
    days = days_from("2010-01-01", 4100)
    db = handmade_store(run, tmp_path, [{"date": d, "pace": 9 + rng.normal(0, 0.3)} for d in days])
    t = trends(run, db)
    assert t["mann_kendall"] is None and "4100 points, at most 4000" in t["mann_kendall_note"]
    assert t["status"] == "ok"
    weekly = trends(run, db, "--per", "week")
    assert weekly["mann_kendall"] is not None and weekly["mann_kendall_note"] is None


# ---------------------------------------------------------------- forecasts

def linear_forecast(y, h, confidence=0.95):
    y = np.asarray(y, float)
    n = len(y)
    t = np.arange(n, dtype=float)
    slope, intercept = np.polyfit(t, y, 1)
    resid = y - (intercept + slope * t)
    s = math.sqrt(np.sum(resid ** 2) / (n - 2))
    tcrit = stats.t.ppf(0.5 + confidence / 2, n - 2)
    at = np.arange(n, n + h, dtype=float)
    half = tcrit * s * np.sqrt(1 + 1 / n + (at - t.mean()) ** 2 / np.sum((t - t.mean()) ** 2))
    value = intercept + slope * at
    return value, value - half, value + half, math.sqrt(np.mean(resid ** 2))


def holt(y, alpha, beta):
    level, trend, sse = y[0], y[1] - y[0], 0.0
    for v in y:
        f = level + trend
        sse += (v - f) * (v - f)
        nxt = alpha * v + (1 - alpha) * f
        trend = beta * (nxt - level) + (1 - beta) * trend
        level = nxt
    return sse, level, trend


def holt_fit(y):
    best = (math.inf, None, None)
    for i in range(1, 21):
        for j in range(1, 21):
            sse = holt(y, i / 20.0, j / 20.0)[0]
            if sse < best[0]:
                best = (sse, i / 20.0, j / 20.0)
    return best[1], best[2]


def forecast(run, db, *args):
    return json.loads(ok(run("--db", db, "forecast", "--json", *args)).stdout)


@pytest.mark.parametrize("series_name,per,label", [("count", "week", None), ("distance", "month", None),
                                                   ("pace", "month", "run"), ("pace", "week", "run")])
def test_forecast(run, sample_db, series_name, per, label):
    data = load(sample_db)
    args = ["--series", series_name, "--per", per, "--horizon", "6"] + (["--label", label] if label else [])
    f = forecast(run, sample_db, *args)
    keep = data["label"] != "outlier"
    if label:
        keep &= data["label"] == "real_run"
    stat = {"count": "count", "distance": "sum", "pace": "mean"}[series_name]
    values = np.ones(len(data["id"])) if stat == "count" else data[COLUMNS[series_name]]
    starts, y, counts = series(data["day"][keep], values[keep], per, stat)
    assert f["statistic"] == stat and f["per"] == per and f["status"] == "ok" and f["periods"] == len(y)
    assert [h["date"] for h in f["history"]] == [iso(s) for s in starts]
    assert [h["count"] for h in f["history"]] == counts
    np.testing.assert_allclose([h["value"] for h in f["history"]], y, rtol=1e-12)
    value, low, high, rmse = linear_forecast(y, 6)
    steps = f["forecast"]
    np.testing.assert_allclose([s["linear"] for s in steps], value, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose([s["low"] for s in steps], low, rtol=1e-8, atol=1e-9)
    np.testing.assert_allclose([s["high"] for s in steps], high, rtol=1e-8, atol=1e-9)
    widths = np.array([s["high"] - s["low"] for s in steps])
    assert np.all(np.diff(widths) > 0), "intervals widen away from the data"
    assert f["linear"]["rmse"] == pytest.approx(rmse, rel=1e-9)
    alpha, beta = holt_fit(list(y))
    sse, level, trend = holt(list(y), alpha, beta)
    assert (f["holt"]["alpha"], f["holt"]["beta"]) == (alpha, beta)
    assert f["holt"]["rmse"] == pytest.approx(math.sqrt(sse / len(y)), rel=1e-9)
    np.testing.assert_allclose([s["holt"] for s in steps], [level + (j + 1) * trend for j in range(6)], rtol=1e-9)
    nxt = starts[-1]
    for s in steps:   # the calendar periods after the last one
        nxt = nxt + 7 if per == "week" else next_month(nxt)
        assert s["date"] == iso(nxt)


def test_forecast_human_and_insufficient(run, sample_db, tmp_path):
    p = ok(run("--db", sample_db, "forecast", "--horizon", "3"))
    assert "Weekly workout count" in p.stdout and "HOLT" in p.stdout and "In-sample RMSE" in p.stdout
    assert p.stdout.count("\n  20") >= 3
    db = handmade_store(run, tmp_path, [{"date": d, "pace": 9} for d in ("2024-01-01", "2024-01-09")])
    f = forecast(run, db)
    assert f["status"] == "insufficient_data" and f["periods"] == 2 and f["forecast"] == []
    assert f["linear"] is None and f["holt"] is None and "at least 3" in f["reason"]
    assert "Insufficient data" in ok(run("--db", db, "forecast")).stdout
    # an empty week in between counts 0
    db = handmade_store(run, tmp_path, [{"date": d, "pace": 9} for d in ("2024-01-01", "2024-01-02", "2024-01-22")],
                        name="gap")
    f = forecast(run, db)
    assert [(h["date"], h["value"]) for h in f["history"]] == [
        ("2024-01-01", 2), ("2024-01-08", 0), ("2024-01-15", 0), ("2024-01-22", 1)]
    assert f["status"] == "ok" and len(f["forecast"]) == 4 and f["forecast"][0]["date"] == "2024-01-29"


# ---------------------------------------------------------------- records

def best(rows, key, lower):
    """(index of the record, index of the record it beat or None) over rows in order: strict
    improvements only, so ties keep the earlier."""
    record = previous = None
    for i in rows:
        if record is None or (key[i] < key[record] if lower else key[i] > key[record]):
            previous, record = record, i
    return record, previous


def reference_records(data, min_distance=1.0):
    label, pace, dist = data["label"], data["avg_pace"], data["distance_mi"]
    n = len(label)
    out = {}
    runs = [i for i in range(n) if label[i] == "real_run"]
    out["fastest_run_pace"] = best([i for i in runs if dist[i] >= min_distance and np.isfinite(pace[i]) and pace[i] > 0],
                                   pace, True)
    out["longest_run"] = best([i for i in runs if np.isfinite(dist[i]) and dist[i] > 0], dist, False)
    out["longest_walk"] = best([i for i in range(n) if label[i] == "pup_walk" and np.isfinite(dist[i]) and dist[i] > 0],
                               dist, False)
    for kind, start in (("most_workouts_week", week_start), ("most_workouts_month", month_start)):
        periods = {}
        for i in range(n):
            if label[i] != "outlier":
                periods.setdefault(start(data["day"][i]), []).append(i)
        keys = sorted(periods)
        counts = {k: len(periods[k]) for k in keys}
        rec, prev = best(keys, counts, False)
        out[kind] = (rec, prev, periods, counts)
    return out


def check_records(got, data, min_distance=1.0):
    want = reference_records(data, min_distance)
    assert got["min_run_distance"] == min_distance
    recs = {r["kind"]: r for r in got["records"]}
    assert list(recs) == ["fastest_run_pace", "longest_run", "longest_walk", "most_workouts_week", "most_workouts_month"]
    for kind in ("fastest_run_pace", "longest_run", "longest_walk"):
        r, (i, prev) = recs[kind], want[kind]
        if i is None:
            assert not r["found"] and r["reason"] and r["value"] is None and r["workout_id"] is None
            continue
        assert r["found"] and r["reason"] is None
        key = data["avg_pace"] if kind == "fastest_run_pace" else data["distance_mi"]
        assert (r["workout_id"], r["value"], r["date"]) == (data["id"][i], key[i], iso(data["day"][i]))
        assert r["period_first"] == r["period_last"] == r["date"]
        if prev is None:
            assert r["previous"] is None
        else:
            assert r["previous"] == {"value": key[prev], "workout_id": data["id"][prev], "date": iso(data["day"][prev])}
    for kind in ("most_workouts_week", "most_workouts_month"):
        r = recs[kind]
        start, prev, periods, counts = want[kind]
        last = periods[start][-1]
        assert r["value"] == counts[start] and r["period_first"] == iso(start)
        assert r["workout_id"] == data["id"][last] and r["date"] == iso(data["day"][last])
        end = start + 6 if kind.endswith("week") else next_month(start) - 1
        assert r["period_last"] == iso(end)
        assert r["previous"]["value"] == counts[prev]
        assert r["previous"]["workout_id"] == data["id"][periods[prev][-1]]


def test_records_of_a_sample(run, sample_db):
    data = load(sample_db)
    got = json.loads(ok(run("--db", sample_db, "records", "--json")).stdout)
    check_records(got, data)
    assert any(label == "outlier" for label in data["label"]), "the sample has outliers to leave out"
    got = json.loads(ok(run("--db", sample_db, "records", "--json", "--min-distance", "5")).stdout)
    check_records(got, data, 5.0)
    p = ok(run("--db", sample_db, "records"))
    assert "fastest run pace" in p.stdout and "/mi" in p.stdout and "beat" in p.stdout


def test_records_in_a_date_range(run, sample_db):
    data = load(sample_db)
    got = json.loads(ok(run("--db", sample_db, "records", "--json", "--from", "2016-01-01", "--to", "2016-12-31")).stdout)
    sel = (data["day"] >= dayno("2016-01-01")) & (data["day"] <= dayno("2016-12-31"))
    check_records(got, {k: v[sel] for k, v in data.items()})
    assert not [r for r in got["records"] if r["kind"] == "longest_walk"][0]["found"], "no dog yet in 2016"


def test_records_without_classification(run, tmp_path):
    db = handmade_store(run, tmp_path, [{"date": d, "pace": 9, "distance": 3} for d in days_from("2024-01-01", 10)])
    got = json.loads(ok(run("--db", db, "records", "--json")).stdout)
    recs = {r["kind"]: r for r in got["records"]}
    for kind in ("fastest_run_pace", "longest_run", "longest_walk"):
        assert not recs[kind]["found"] and "classif" in recs[kind]["reason"] and recs[kind]["value"] is None
    assert recs["most_workouts_week"]["value"] == 7 and recs["most_workouts_week"]["period_first"] == "2024-01-01"
    assert recs["most_workouts_month"]["value"] == 10
    assert "no workout is classified yet" in ok(run("--db", db, "records")).stdout


def test_outliers_never_set_records(run, tmp_path):
    db = handmade_store(run, tmp_path, [{"date": "2024-01-01", "pace": 3, "distance": 40},
                                        {"date": "2024-01-02", "pace": 9, "distance": 3},
                                        {"date": "2024-01-03", "pace": 20, "distance": 2}],
                        labels=["outlier", "real_run", "pup_walk"])
    recs = {r["kind"]: r for r in json.loads(ok(run("--db", db, "records", "--json")).stdout)["records"]}
    assert recs["fastest_run_pace"]["workout_id"] == 1001 and recs["longest_run"]["value"] == 3
    assert recs["most_workouts_week"]["value"] == 2


# ---------------------------------------------------------------- options, help, errors

@pytest.mark.parametrize("command,options", [
    ("trends", ["--metric", "--per", "--stat", "--label", "--from", "--to", "--type", "--include-outliers",
                "--json", "--db", "--help"]),
    ("forecast", ["--series", "--per", "--horizon", "--label", "--from", "--to", "--type", "--include-outliers",
                  "--json", "--db", "--help"]),
    ("records", ["--min-distance", "--from", "--to", "--type", "--json", "--db", "--help"]),
])
def test_help(run, command, options):
    p = ok(run(command, "--help"))
    assert p.stdout.startswith(f"usage: fitintel {command}")
    for option in options:
        assert option in p.stdout, option
    for text in EXIT_CODES_HELP + ["Example"]:
        assert text in p.stdout
    assert ok(run("help", command)).stdout == p.stdout
    assert command in ok(run("--help")).stdout


@pytest.mark.parametrize("args,message", [
    (["trends", "--metric", "speed2"], "unknown metric 'speed2'"),
    (["trends", "--per", "year"], "--per must be workout, week or month"),
    (["trends", "--stat", "median"], "--stat must be mean or sum"),
    (["trends", "--metric", "count", "--per", "workout"], "--metric count needs --per week or month"),
    (["trends", "--label", "bike"], "unknown label 'bike'"),
    (["forecast", "--series", "speeed"], "--series must be count or a metric"),
    (["forecast", "--per", "workout"], "--per must be week or month"),
    (["forecast", "--horizon", "0"], "--horizon needs a whole number from 1 to 1000"),
    (["forecast", "--to", "yesterday"], "--to needs a date such as 2025-10-07, not 'yesterday'"),
    (["records", "--min-distance", "-2"], "--min-distance needs miles from 0 to 1000000, not '-2'"),
    (["records", "--label", "run"], "unknown option '--label'"),
    (["records", "--from", "2025-01-01", "--to", "2024-01-01"], "is after --to"),
])
def test_usage_errors(run, tmp_path, args, message):
    p = run("--db", tmp_path / "none.db", *args)
    ok(p, 2)
    assert message in p.stderr and f"usage: fitintel {args[0]}" in p.stderr and p.stdout == ""
    assert not (tmp_path / "none.db").exists()
