"""`fitintel era` end to end (SPEC §6): adding, listing and removing eras with their refusals, and
`era compare --json` against an independent computation in Python — calendar spans, monthly rates,
means with numpy, Welch's t-test with scipy.stats.ttest_ind(equal_var=False), Cohen's d, label
composition, and the monthly story series recounted with plain loops — on handwritten exports and
on generated samples whose labels come straight from the store with SQL."""
import datetime as dt
import json
import math
import re
import sqlite3

import numpy as np
import pytest
from scipy import stats

from conftest import export_row, ok, write_export

DAYS_PER_MONTH = 30.44
LABELS = ["unknown", "real_run", "pup_walk", "mixed", "outlier"]
OPTIONS = ["--label", "--from", "--to", "--type", "--json", "--db", "--help"]


def ingest(run, db, rows, tmp_path, name="export.csv"):
    path = tmp_path / name
    write_export(path, rows)
    ok(run("--db", db, "ingest", path))


def compare_json(run, db, *args):
    return json.loads(ok(run("--db", db, "era", "compare", "--json", *args)).stdout)


def workout(wid, iso, distance, pace):
    """An export row on ISO date @iso with this distance and pace (time consistent with both)."""
    return export_row(wid, iso, Distance_mi_=f"{distance:g}", Avg_Pace_min_mi_=f"{pace:g}",
                      Workout_Time_seconds_=f"{round(distance * pace * 60)}")


def set_labels(db, labels):
    con = sqlite3.connect(db)
    with con:
        con.executemany("INSERT OR REPLACE INTO classifications(workout_id, label, method, confidence)"
                        " VALUES (?, ?, 'user', 1)", labels.items())
    con.close()


def day(iso):
    return dt.date.fromisoformat(iso)


# ---------------------------------------------------------------- the command

def test_help_and_usage(run):
    p = ok(run("era", "--help"))
    assert p.stdout.startswith("usage: fitintel era add DATE NAME")
    for option in OPTIONS:
        assert option in p.stdout, option
    for text in ["0  success", "1  error", "2  usage error", "Example", "compare", "remove ID"]:
        assert text in p.stdout
    assert ok(run("help", "era")).stdout == p.stdout == ok(run("era", "-h")).stdout
    assert re.search(r"^  era +\S", ok(run("--help")).stdout, re.M)
    for args, message in [([], "missing subcommand"), (["frob"], "unknown subcommand 'frob'"),
                          (["--no-such-option"], "unknown option '--no-such-option'"),
                          (["add", "2018-02-30", "x"], "'2018-02-30' is not a date"),
                          (["add", "2018-06-01"], "needs a DATE and a NAME"),
                          (["add", "2018-06-01", "x", "--label", "cat"], "--label"),
                          (["remove", "abc"], "whole number"), (["list", "--from", "2020-01-01"], "go with era compare"),
                          (["add", "2018-06-01", "x", "--json"], "--json goes with")]:
        p = ok(run("era", *args), 2)
        assert p.stdout == "" and message in p.stderr, (args, p.stderr)
        assert "usage: fitintel era" in p.stderr


def test_add_list_remove(run, store):
    p = ok(run("--db", store, "era", "add", "June 1, 2018", "Choco arrives"))
    assert "Added era 1" in p.stdout and "2018-06-01" in p.stdout and "pup_walk" in p.stdout
    ok(run("--db", store, "era", "add", "2022-01-01", "Moved away", "--label", "mixed"))
    ok(run("--db", store, "era", "add", "2015-03-01", "Marathon", "--label", "run"))
    eras = json.loads(ok(run("--db", store, "era", "list", "--json")).stdout)
    assert [(e["date"], e["name"], e["label_before"], e["label_after"]) for e in eras] == [
        ("2015-03-01", "Marathon", "real_run", "real_run"),
        ("2018-06-01", "Choco arrives", "real_run", "pup_walk"),
        ("2022-01-01", "Moved away", "pup_walk", "mixed")]
    table = ok(run("--db", store, "era", "list")).stdout.splitlines()
    assert table[0].split() == ["ID", "DATE", "BEFORE", "AFTER", "NAME"]
    assert table[2].split()[1:] == ["2018-06-01", "real_run", "pup_walk", "Choco", "arrives"]

    p = ok(run("--db", store, "era", "add", "2018-06-01", "Again"), 1)
    assert "already starts on 2018-06-01" in p.stderr and "Choco arrives" in p.stderr
    p = ok(run("--db", store, "era", "add", "2019-01-01", "  "), 1)
    assert "needs a name" in p.stderr
    choco = next(e["id"] for e in eras if e["name"] == "Choco arrives")
    assert "Removed era" in ok(run("--db", store, "era", "remove", str(choco))).stdout
    assert "no era" in ok(run("--db", store, "era", "remove", str(choco)), 1).stderr
    eras = json.loads(ok(run("--db", store, "era", "list", "--json")).stdout)
    assert [(e["date"], e["label_before"]) for e in eras] == [("2015-03-01", "real_run"), ("2022-01-01", "real_run")]
    for e in eras:
        ok(run("--db", store, "era", "remove", str(e["id"])))
    assert ok(run("--db", store, "era", "list", "--json")).stdout.strip() == "[]"
    assert "No era is configured" in ok(run("--db", store, "era", "list")).stdout


def test_compare_without_an_era_says_how_to_add_one(run, store, tmp_path):
    ingest(run, store, [workout(1, "2018-01-01", 3, 9)], tmp_path)
    p = ok(run("--db", store, "era", "compare"), 1)
    assert "no era is configured" in p.stderr and "fitintel era add DATE NAME" in p.stderr
    assert p.stdout == ""


# ---------------------------------------------------------------- handwritten data

def test_no_workouts_before_is_infinity_in_words(run, store, tmp_path):
    ingest(run, store, [workout(1, "2018-06-03", 2.0, 20), workout(2, "2018-07-03", 2.5, 22),
                        workout(3, "2018-07-20", 1.5, 19)], tmp_path)
    ok(run("--db", store, "era", "add", "2018-06-01", "Choco arrives"))
    out = compare_json(run, store)
    ch = out["changes"][0]
    assert ch["ratio"] is None and ch["ratio_kind"] == "infinite"
    assert ch["ratio_text"] == "∞ (no workouts before)"
    assert ch["before"]["workouts"] == 0 and ch["before"]["span_months"] == 0 and ch["before"]["per_month"] == 0
    assert ch["tests"]["pace"]["computed"] is False and "fewer than 2" in ch["tests"]["pace"]["reason"]
    span = (day("2018-07-20") - day("2018-06-03")).days + 1
    assert ch["after"]["span_days"] == span
    assert ch["after"]["per_month"] == pytest.approx(3 / (span / DAYS_PER_MONTH), rel=1e-12)
    assert "∞ (no workouts before)" in ch["summary"]
    human = ok(run("--db", store, "era", "compare")).stdout
    assert "∞ (no workouts before)" in human and "no workouts" in human


def test_spans_are_the_real_spans_of_the_data(run, store, tmp_path):
    rows = [workout(10, "2012-01-01", 5.0, 9.0), workout(11, "2014-03-15", 6.0, 10.0),
            workout(12, "2016-07-04", 3.0, 35.0), workout(13, "2018-05-31", 4.0, 11.0),
            workout(20, "2018-06-01", 2.0, 20.0), workout(21, "2018-06-01", 2.2, 21.0),
            workout(22, "2019-08-30", 1.8, 24.0)]
    ingest(run, store, rows, tmp_path)
    ok(run("--db", store, "era", "add", "2018-06-01", "Choco arrives"))
    ch = compare_json(run, store)["changes"][0]
    before_days = (day("2018-05-31") - day("2012-01-01")).days + 1
    after_days = (day("2019-08-30") - day("2018-06-01")).days + 1
    assert ch["before"]["span_days"] == before_days == 2343
    assert ch["before"]["span_months"] == pytest.approx(before_days / DAYS_PER_MONTH, rel=1e-12)
    assert round(ch["before"]["span_months"]) == 77          # ~77 months, from the data
    assert ch["after"]["span_months"] == pytest.approx(after_days / DAYS_PER_MONTH, rel=1e-12)
    assert (ch["before"]["first_date"], ch["before"]["last_date"]) == ("2012-01-01", "2018-05-31")
    assert (ch["after"]["first_date"], ch["after"]["last_date"]) == ("2018-06-01", "2019-08-30")
    ratio = (3 / (after_days / DAYS_PER_MONTH)) / (4 / (before_days / DAYS_PER_MONTH))
    assert ch["ratio"] == pytest.approx(ratio, rel=1e-12)
    assert ch["ratio_text"] == f"{ratio:.1f}×"
    assert ch["before"]["pace"]["n"] == 3 and ch["before"]["pace"]["mean"] == pytest.approx(10.0)
    t = stats.ttest_ind([20, 21, 24], [9, 10, 11], equal_var=False)
    assert ch["tests"]["pace"]["t"] == pytest.approx(t.statistic, rel=1e-10)
    assert ch["tests"]["pace"]["p_value"] == pytest.approx(t.pvalue, rel=1e-8)
    # a period with one workout spans one day
    ok(run("--db", store, "era", "add", "2019-08-30", "Last day"))
    last = compare_json(run, store)["changes"][1]["after"]
    assert last["workouts"] == 1 and last["span_days"] == 1
    assert last["per_month"] == pytest.approx(DAYS_PER_MONTH)


# ---------------------------------------------------------------- generated data, independent reference

def load(db):
    """(dates, pace, distance, label) of every workout, straight from the store, in date order."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT w.workout_date, w.avg_pace, w.distance_mi, ifnull(c.label, 'unknown')"
                       " FROM workouts w LEFT JOIN classifications c ON c.workout_id = w.id"
                       " ORDER BY w.workout_date, w.id").fetchall()
    con.close()
    dates = [day(r[0]) for r in rows]
    pace = np.array([np.nan if r[1] is None else r[1] for r in rows])
    dist = np.array([np.nan if r[2] is None else r[2] for r in rows])
    return dates, pace, dist, [r[3] for r in rows]


def reference_period(dates, pace, dist, labels, idx):
    n = len(idx)
    out = {"workouts": n}
    if n:
        first, last = dates[idx[0]], dates[idx[-1]]
        span = (last - first).days + 1
        out.update(first_date=first.isoformat(), last_date=last.isoformat(), span_days=span,
                   span_months=span / DAYS_PER_MONTH, per_month=n / (span / DAYS_PER_MONTH))
    else:
        out.update(first_date=None, last_date=None, span_days=0, span_months=0, per_month=0)
    p = pace[idx] if n else np.array([])
    d = dist[idx] if n else np.array([])
    p = p[(p > 0) & (p <= 30)]
    d = d[(d > 0) & (d <= 50)]
    out["pace_values"], out["distance_values"] = p, d
    out["labels"] = {lab: sum(1 for i in idx if labels[i] == lab) for lab in LABELS}
    return out


def cohen_d(a, b):
    pooled = ((len(a) - 1) * np.var(a, ddof=1) + (len(b) - 1) * np.var(b, ddof=1)) / (len(a) + len(b) - 2)
    return (np.mean(a) - np.mean(b)) / math.sqrt(pooled)


def check_test(got, after, before):
    if len(after) < 2 or len(before) < 2:
        assert got["computed"] is False and got["reason"]
        return
    t = stats.ttest_ind(after, before, equal_var=False)
    assert got["computed"] is True and got["reason"] is None
    assert got["t"] == pytest.approx(t.statistic, rel=1e-9)
    assert got["p_value"] == pytest.approx(t.pvalue, rel=1e-6, abs=1e-300)
    assert got["cohen_d"] == pytest.approx(cohen_d(after, before), rel=1e-9)
    assert got["mean_after"] == pytest.approx(np.mean(after), rel=1e-12)
    assert got["mean_before"] == pytest.approx(np.mean(before), rel=1e-12)


def check_period(got, want):
    for key in ("workouts", "first_date", "last_date", "span_days"):
        assert got[key] == want[key], key
    assert got["span_months"] == pytest.approx(want["span_months"], rel=1e-12)
    assert got["per_month"] == pytest.approx(want["per_month"], rel=1e-12)
    for name, values in (("pace", want["pace_values"]), ("distance", want["distance_values"])):
        assert got[name]["n"] == len(values)
        if len(values):
            assert got[name]["mean"] == pytest.approx(np.mean(values), rel=1e-12)
        else:
            assert got[name]["mean"] is None
        if len(values) >= 2:
            assert got[name]["sd"] == pytest.approx(np.std(values, ddof=1), rel=1e-9)
    for lab in LABELS:
        assert got["labels"][lab]["count"] == want["labels"][lab], lab
        pct = 100 * want["labels"][lab] / want["workouts"] if want["workouts"] else 0
        assert got["labels"][lab]["percent"] == pytest.approx(pct, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("seed", [1, 7])
def test_sample_against_numpy_and_scipy(run, store, tmp_path, seed):
    csv = tmp_path / "sample.csv"
    ok(run("sample", "--rows", "2500", "--seed", str(seed), "-o", csv))
    ok(run("--db", store, "ingest", csv, "--policy", "skip"))
    era_dates = ["2018-06-01", "2021-03-15"]
    ok(run("--db", store, "era", "add", era_dates[0], "Choco arrives"))
    ok(run("--db", store, "era", "add", era_dates[1], "New job", "--label", "mixed"))
    dates, pace, dist, labels = load(store)
    out = compare_json(run, store)
    assert out["workouts"] == len(dates)
    bounds = [day(e) for e in era_dates]
    periods = [[i for i, d in enumerate(dates) if (k == 0 or d >= bounds[k - 1]) and (k == 2 or d < bounds[k])]
               for k in range(3)]
    want = [reference_period(dates, pace, dist, labels, idx) for idx in periods]
    assert [c["era"]["date"] for c in out["changes"]] == era_dates
    for k, ch in enumerate(out["changes"]):
        before, after = want[k], want[k + 1]
        check_period(ch["before"], before)
        check_period(ch["after"], after)
        assert ch["ratio_kind"] == "finite"
        assert ch["ratio"] == pytest.approx(after["per_month"] / before["per_month"], rel=1e-12)
        check_test(ch["tests"]["pace"], after["pace_values"], before["pace_values"])
        check_test(ch["tests"]["distance"], after["distance_values"], before["distance_values"])
        assert ch["summary"].startswith(f"After {ch['era']['name']} ({ch['era']['date']}) you logged")
    # the story series: every month from the first to the last workout, zeros included
    months = []
    y, m = dates[0].year, dates[0].month
    while (y, m) <= (dates[-1].year, dates[-1].month):
        idx = [i for i, d in enumerate(dates) if (d.year, d.month) == (y, m)]
        p = pace[idx] if idx else np.array([])
        p = p[(p > 0) & (p <= 30)]
        start = dt.date(y, m, 1)
        months.append({"month": f"{y:04d}-{m:02d}", "workouts": len(idx), "pace_n": len(p),
                       "pace_mean": float(np.mean(p)) if len(p) else None,
                       "period": sum(1 for b in bounds if b <= start)})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    got = out["series"]["months"]
    assert [g["month"] for g in got] == [w["month"] for w in months]
    for g, w in zip(got, months):
        assert (g["workouts"], g["pace_n"], g["period"]) == (w["workouts"], w["pace_n"], w["period"]), w["month"]
        if w["pace_mean"] is None:
            assert g["pace_mean"] is None
        else:
            assert g["pace_mean"] == pytest.approx(w["pace_mean"], rel=1e-12)
    markers = out["series"]["markers"]
    assert [(mk["date"], got[mk["month_index"]]["month"]) for mk in markers] == [
        (e, e[:7]) for e in era_dates]

    # the label filter restricts the comparison to stored labels
    runs = compare_json(run, store, "--label", "run")
    assert runs["workouts"] == labels.count("real_run")
    human = ok(run("--db", store, "era", "compare")).stdout
    assert "Choco arrives" in human and "mean pace (min/mi)" in human and "Story series" in human


def test_labels_set_by_sql_are_what_is_counted(run, store, tmp_path):
    rows = [workout(i, f"2018-0{1 + i % 9}-1{i % 9}", 3, 9 + i) for i in range(1, 10)]
    ingest(run, store, rows, tmp_path)
    ok(run("--db", store, "era", "add", "2018-05-01", "Choco arrives"))   # reclassifies: labels after
    set_labels(store, {1: "outlier", 2: "mixed", 3: "pup_walk"})
    dates, pace, dist, labels = load(store)
    ch = compare_json(run, store)["changes"][0]
    before = [lab for d, lab in zip(dates, labels) if d < day("2018-05-01")]
    after = [lab for d, lab in zip(dates, labels) if d >= day("2018-05-01")]
    for lab in LABELS:
        assert ch["before"]["labels"][lab]["count"] == before.count(lab)
        assert ch["after"]["labels"][lab]["count"] == after.count(lab)
    assert ch["before"]["labels"]["outlier"]["count"] == 1
