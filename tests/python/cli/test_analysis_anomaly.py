"""`fitintel anomalies` end to end (SPEC §3): every method on generated samples and handwritten
exports against independent numpy computations of the workouts read back from the store with SQL
(numpy.percentile for the quartiles, numpy formulas for z and modified z, a plain loop for the
rolling z); label restriction, date filters, the configuration; edge cases: fewer than 10 values,
no spread, MAD = 0, a metric with no values at all; options, help and usage errors.

The helpers at the top are shared with test_analysis_trend.py."""
import json
import os
import shutil
import sqlite3
import subprocess

import numpy as np
import pytest

from conftest import dayno, export_row, iso, ok, write_export

COLUMNS = {"pace": "avg_pace", "distance": "distance_mi", "duration": "duration_s", "calories": "calories",
           "steps": "steps"}
ANOMALY_OPTIONS = ["--metric", "--method", "--label", "--from", "--to", "--type", "--limit", "--json",
                   "--db", "--help"]
EXIT_CODES_HELP = ["0  success", "1  error", "2  usage error", "3  input rejected"]


# ---------------------------------------------------------------- shared helpers

def sample_store(run, tmp_path, rows=3000, seed=42, classify=True):
    """A store holding `fitintel sample` data, classified by a trained model."""
    csv, db = tmp_path / "sample.csv", tmp_path / "sample.db"
    ok(run("sample", "--rows", rows, "--seed", seed, "-o", csv))
    ok(run("--db", db, "ingest", csv))
    if classify:
        ok(run("--db", db, "train"))
    return db


def handmade_store(run, tmp_path, workouts, labels=None, name="hand"):
    """A store of handwritten workouts: dicts with date (ISO) and any of pace, distance, seconds,
    calories, steps (None: empty cell). Ids are 1000, 1001, ... in the given order. The stored
    labels are exactly @labels (label per workout, None for none)."""
    rows = []
    for i, w in enumerate(workouts):
        cells = {"Avg Pace (min/mi)": w.get("pace"), "Distance (mi)": w.get("distance", 3.0),
                 "Workout Time (seconds)": w.get("seconds", 1800), "Calories Burned (kcal)": w.get("calories", 300),
                 "Steps": w.get("steps"), "Max Pace (min/mi)": None, "Avg Speed (mi/h)": None,
                 "Max Speed (mi/h)": None}
        cells = {k: ("" if v is None else repr(float(v))) for k, v in cells.items()}
        rows.append(export_row(1000 + i, w["date"], cells=cells))
    csv, db = tmp_path / f"{name}.csv", tmp_path / f"{name}.db"
    write_export(csv, rows)
    ok(run("--db", db, "ingest", csv))
    con = sqlite3.connect(db)
    con.execute("DELETE FROM classifications")
    for i, label in enumerate(labels or []):
        if label:
            con.execute("INSERT INTO classifications(workout_id, label, method, confidence) VALUES (?, ?, 'user', 1)",
                        (1000 + i, label))
    con.commit()
    con.close()
    return db


def load(db):
    """Every workout in the store's order (date, then id): id, day number, label and the numeric
    columns (NaN for NULL)."""
    con = sqlite3.connect(db)
    rows = con.execute(
        "SELECT id, workout_date, ifnull(label, 'unknown'), avg_pace, distance_mi, duration_s, calories, steps"
        " FROM workouts"
        " ORDER BY workout_date, id").fetchall()
    con.close()
    out = {"id": np.array([r[0] for r in rows], dtype=np.int64),
           "day": np.array([dayno(r[1]) for r in rows], dtype=np.int64),
           "label": np.array([r[2] for r in rows], dtype=object)}
    for k, name in enumerate(["avg_pace", "distance_mi", "duration_s", "calories", "steps"]):
        out[name] = np.array([np.nan if r[3 + k] is None else r[3 + k] for r in rows], dtype=float)
    return out


# ---------------------------------------------------------------- the reference (SPEC §3)

def severity(score, t):
    e = abs(score) / t
    return "severe" if e >= 2 else "moderate" if e >= 1.5 else "mild"


def reference(x, method, k=1.5, t_z=3.0, t_m=3.5, window=30, min_prior=5, t_roll=2.0):
    """One method on values x (finite, in date order): a dict with the flagged mask, every value's
    score, the threshold, the figures the JSON reports, and the values too close to the threshold
    for the last bit of rounding to decide (1e-9 relative); None when there is no spread."""
    x = np.asarray(x, dtype=float)
    close = lambda a, b: np.abs(a - b) <= 1e-9 * np.maximum(1, np.abs(b))
    if method == "iqr":
        q1, q3 = np.percentile(x, [25, 75])
        iqr = q3 - q1
        lo, hi = q1 - k * iqr, q3 + k * iqr
        with np.errstate(divide="ignore", invalid="ignore"):
            score = np.where(x < lo, x - q1, x - q3) / iqr if iqr > 0 else np.sign(x - q1) * np.inf
        return {"flag": (x < lo) | (x > hi), "score": score, "t": k, "unsure": close(x, lo) | close(x, hi),
                "figures": {"q1": q1, "q3": q3, "iqr": iqr, "lower_fence": lo, "upper_fence": hi}}
    if method == "zscore":
        sd = np.std(x, ddof=1)
        if sd == 0:
            return None
        z = (x - x.mean()) / sd
        return {"flag": np.abs(z) > t_z, "score": z, "t": t_z, "unsure": close(np.abs(z), t_z),
                "figures": {"mean": x.mean(), "sd": sd, "lower_fence": x.mean() - t_z * sd,
                            "upper_fence": x.mean() + t_z * sd}}
    if method == "modified_zscore":
        med = np.median(x)
        mad = np.median(np.abs(x - med))
        if mad > 0:
            m = 0.6745 * (x - med) / mad
        else:
            mean_ad = np.mean(np.abs(x - med))
            if mean_ad == 0:
                return None
            m = (x - med) / (1.253314 * mean_ad)
        return {"flag": np.abs(m) > t_m, "score": m, "t": t_m, "unsure": close(np.abs(m), t_m),
                "figures": {"median": med, "mad": mad}}
    # rolling: each value against the `window` values before it, never itself
    z = np.full(len(x), np.nan)
    for i in range(len(x)):
        prior = x[max(0, i - window):i]
        if len(prior) >= min_prior:
            sd = np.std(prior, ddof=1)
            if sd > 0:
                z[i] = (x[i] - prior.mean()) / sd
    az = np.abs(np.nan_to_num(z))
    return {"flag": az > t_roll, "score": z, "t": t_roll, "unsure": close(az, t_roll),
            "figures": {}, "scored": int(np.sum(~np.isnan(z)))}


def anomalies(run, db, *args):
    return json.loads(ok(run("--db", db, "anomalies", "--json", *args)).stdout)


def check_set(s, x, ids, days, **thresholds):
    """One JSON set against the reference on values x (with their ids and days)."""
    want = reference(x, s["method"], **thresholds)
    assert s["n"] == len(x)
    if want is None:
        assert s["status"] == "no_spread" and s["count"] == 0 and s["anomalies"] == [] and s["reason"]
        return
    assert s["status"] == "ok" and s["reason"] is None, s
    unsure = want["unsure"]
    assert unsure.sum() <= 3, "too many values on the threshold to compare"
    got = {a["workout_id"]: a for a in s["anomalies"]}
    sure_ids = {int(i) for i in ids[~unsure]}
    assert {i for i in got if i in sure_ids} == {int(i) for i in ids[want["flag"] & ~unsure]}, \
        f"{s['metric']} {s['method']}"
    assert [a["workout_id"] for a in s["anomalies"]] == [int(i) for i in ids if int(i) in got], "date order"
    assert abs(s["count"] - int(want["flag"].sum())) <= int(unsure.sum())
    assert s["count"] == len(s["anomalies"])
    assert s["percent"] == pytest.approx(100 * s["count"] / len(x), rel=1e-12)
    position = {int(i): k for k, i in enumerate(ids)}
    for wid, a in got.items():
        i = position[wid]
        score = want["score"][i]
        assert a["value"] == x[i] and a["date"] == iso(days[i])
        if np.isfinite(score):
            assert a["score"] == pytest.approx(score, rel=1e-9, abs=1e-12)
            assert a["severity"] == severity(score, want["t"])
        else:
            assert a["score"] is None and a["severity"] == "severe"
        assert a["direction"] == ("high" if score > 0 else "low")
    th = s["thresholds"]
    for key, value in want["figures"].items():
        assert th[key] == pytest.approx(value, rel=1e-12, abs=1e-12), key
    if "scored" in want:
        assert s["scored"] == want["scored"]


# ---------------------------------------------------------------- every method on a sample

@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, fitintel):
    tmp = tmp_path_factory.mktemp("anomaly-sample")
    env = dict(os.environ, HOME=str(tmp), XDG_DATA_HOME=str(tmp / "xdg"))
    env.pop("FITINTEL_DB", None)
    csv, db = tmp / "sample.csv", tmp / "sample.db"
    for args in (["sample", "--rows", "3000", "--seed", "11", "-o", csv], ["--db", db, "ingest", csv],
                 ["--db", db, "train"]):
        p = subprocess.run([fitintel, *map(str, args)], capture_output=True, env=env)
        assert p.returncode == 0, p.stderr
    return db


def test_every_method_on_a_sample_matches_numpy(run, sample_db):
    data = load(sample_db)
    report = anomalies(run, sample_db)
    assert report["workouts"] == len(data["id"])
    assert [(s["metric"], s["method"]) for s in report["sets"]] == [
        (m, k) for m in ("pace", "distance", "duration") for k in ("iqr", "zscore", "modified_zscore", "rolling")]
    for s in report["sets"]:
        col = data[COLUMNS[s["metric"]]]
        keep = np.isfinite(col)
        check_set(s, col[keep], data["id"][keep], data["day"][keep])
        assert s["unit"] == {"pace": "min/mi", "distance": "mi", "duration": "s"}[s["metric"]]
    # the garbage rows of the sample stand out under every method
    flagged = {s["method"]: {a["workout_id"] for a in s["anomalies"]} for s in report["sets"] if s["metric"] == "pace"}
    worst = int(data["id"][np.nanargmax(data["avg_pace"])])
    assert all(worst in ids for ids in flagged.values())


def test_large_sample_same_figures(run, tmp_path):
    """Above 16,384 values the summary is computed without copying (sampled brackets): the same
    quartiles, median and MAD as numpy's."""
    db = sample_store(run, tmp_path, rows=20000, seed=3, classify=False)
    data = load(db)
    report = anomalies(run, db, "--metric", "pace", "--metric", "distance", "--metric", "duration",
                       "--method", "iqr", "--method", "zscore", "--method", "modified_zscore")
    for s in report["sets"]:
        col = data[COLUMNS[s["metric"]]]
        keep = np.isfinite(col)
        assert keep.sum() > 16384
        check_set(s, col[keep], data["id"][keep], data["day"][keep])


def test_within_one_label(run, sample_db):
    """A 9 min/mi walk stands out among walks, not among all workouts."""
    data = load(sample_db)
    for label, name in (("walk", "pup_walk"), ("run", "real_run")):
        report = anomalies(run, sample_db, "--label", label, "--metric", "pace", "--metric", "cadence")
        assert [s["metric"] for s in report["sets"]] == ["pace"] * 4 + ["cadence"] * 4
        sel = data["label"] == name
        assert report["workouts"] == int(sel.sum())
        pace = data["avg_pace"][sel]
        keep = np.isfinite(pace)
        for s in report["sets"][:4]:
            check_set(s, pace[keep], data["id"][sel][keep], data["day"][sel][keep])
        with np.errstate(divide="ignore", invalid="ignore"):
            cadence = np.where(data["duration_s"] > 0, data["steps"] / (data["duration_s"] / 60), np.nan)[sel]
        keep = np.isfinite(cadence)
        for s in report["sets"][4:]:
            check_set(s, cadence[keep], data["id"][sel][keep], data["day"][sel][keep])


def test_dates_and_configuration(run, sample_db, tmp_path):
    db = tmp_path / "copy.db"
    shutil.copy(sample_db, db)
    ok(run("--db", db, "config", "set", "anomaly.iqr_k", "3"))
    ok(run("--db", db, "config", "set", "anomaly.rolling_window", "10"))
    ok(run("--db", db, "config", "set", "anomaly.rolling_zscore", "2.5"))
    data = load(db)
    report = anomalies(run, db, "--from", "2019-01-01", "--to", "Dec. 31, 2020", "--metric", "distance",
                       "--method", "iqr", "--method", "rolling")
    sel = (data["day"] >= dayno("2019-01-01")) & (data["day"] <= dayno("2020-12-31"))
    x, keep = data["distance_mi"][sel], np.isfinite(data["distance_mi"][sel])
    iqr, rolling = report["sets"]
    assert iqr["thresholds"]["k"] == 3 and rolling["thresholds"]["window"] == 10 and rolling["thresholds"]["t"] == 2.5
    check_set(iqr, x[keep], data["id"][sel][keep], data["day"][sel][keep], k=3)
    check_set(rolling, x[keep], data["id"][sel][keep], data["day"][sel][keep], window=10, t_roll=2.5)


def test_human_output(run, sample_db):
    p = ok(run("--db", sample_db, "anomalies", "--metric", "pace", "--method", "iqr", "--limit", "2"))
    assert "workouts examined" in p.stdout
    assert "pace (min/mi), iqr:" in p.stdout and "fences" in p.stdout and "Q1" in p.stdout
    assert "SEVERITY" in p.stdout and "more (--limit, --json)" in p.stdout
    assert p.stderr == ""


# ---------------------------------------------------------------- edge cases

def days_from(start, n, step=1):
    return [iso(dayno(start) + step * i) for i in range(n)]


def test_fewer_than_ten_values(run, tmp_path):
    db = handmade_store(run, tmp_path, [{"date": d, "pace": 9 + i} for i, d in enumerate(days_from("2024-01-01", 9))])
    report = anomalies(run, db)
    for s in report["sets"]:
        assert s["status"] == "insufficient_data" and s["count"] == 0 and s["anomalies"] == []
        assert "only 9" in s["reason"] and "at least 10" in s["reason"]
    p = ok(run("--db", db, "anomalies"))
    assert "nothing flagged: only 9 pace values" in p.stdout


def test_zero_spread_and_mad_fallback(run, tmp_path):
    # distance: all equal; pace: 20 equal values and two others (MAD 0, mean absolute deviation not)
    workouts = [{"date": d, "pace": 10.0, "distance": 2.5} for d in days_from("2024-01-01", 20)]
    workouts += [{"date": "2024-02-01", "pace": 12.0, "distance": 2.5}, {"date": "2024-02-02", "pace": 9.5, "distance": 2.5}]
    db = handmade_store(run, tmp_path, workouts)
    data = load(db)
    report = {(s["metric"], s["method"]): s for s in anomalies(run, db)["sets"]}
    for method in ("zscore", "modified_zscore", "rolling"):
        s = report[("distance", method)]
        assert s["status"] == "no_spread" and s["count"] == 0 and s["reason"]
    iqr = report[("distance", "iqr")]
    assert iqr["status"] == "ok" and iqr["count"] == 0 and iqr["thresholds"]["iqr"] == 0
    m = report[("pace", "modified_zscore")]
    assert m["thresholds"]["mad"] == 0 and m["thresholds"]["fallback"] == "mean_absolute_deviation"
    assert m["thresholds"]["mean_ad"] == pytest.approx(np.mean(np.abs(data["avg_pace"] - 10.0)), rel=1e-12)
    check_set(m, data["avg_pace"], data["id"], data["day"])
    # IQR 0: the fences are the quartiles, the two others are outside with an infinite score
    i = report[("pace", "iqr")]
    assert [a["workout_id"] for a in i["anomalies"]] == [1020, 1021]
    assert [a["score"] for a in i["anomalies"]] == [None, None]
    assert [a["direction"] for a in i["anomalies"]] == ["high", "low"]


def test_metric_without_values(run, tmp_path):
    db = handmade_store(run, tmp_path, [{"date": d, "pace": 9 + i % 3} for i, d in enumerate(days_from("2024-01-01", 30))])
    report = anomalies(run, db, "--metric", "steps", "--metric", "cadence", "--method", "zscore")
    assert [(s["metric"], s["n"], s["status"]) for s in report["sets"]] == [
        ("steps", 0, "insufficient_data"), ("cadence", 0, "insufficient_data")]
    assert "only 0 steps values" in report["sets"][0]["reason"]


def test_rolling_excludes_the_current_workout(run, tmp_path):
    """A spike after a flat stretch is caught even by a window of 2: it is not part of its window."""
    workouts = [{"date": d, "pace": 9.0 + 0.01 * (i % 2)} for i, d in enumerate(days_from("2024-01-01", 15))]
    workouts[12]["pace"] = 14.0
    db = handmade_store(run, tmp_path, workouts)
    ok(run("--db", db, "config", "set", "anomaly.rolling_window", "2"))
    ok(run("--db", db, "config", "set", "anomaly.rolling_min_prior", "2"))
    s = anomalies(run, db, "--metric", "pace", "--method", "rolling")["sets"][0]
    data = load(db)
    check_set(s, data["avg_pace"], data["id"], data["day"], window=2, min_prior=2)
    assert s["anomalies"][0]["workout_id"] == 1012 and s["anomalies"][0]["direction"] == "high"


# ---------------------------------------------------------------- options, help, errors

def test_help(run):
    p = ok(run("anomalies", "--help"))
    assert p.stdout.startswith("usage: fitintel anomalies")
    for option in ANOMALY_OPTIONS:
        assert option in p.stdout, option
    for text in EXIT_CODES_HELP + ["Example", "iqr", "zscore", "modified_zscore", "rolling"]:
        assert text in p.stdout
    assert ok(run("help", "anomalies")).stdout == p.stdout
    assert "anomalies" in ok(run("--help")).stdout


@pytest.mark.parametrize("args,message", [
    (["--metric", "speeed"], "unknown metric 'speeed'"),
    (["--metric", "day"], "unknown metric 'day'"),
    (["--method", "median"], "unknown anomaly method 'median'"),
    (["--label", "swim"], "unknown label 'swim'"),
    (["--from", "2024-02-30"], "--from needs a date such as 2025-10-07, not '2024-02-30'"),
    (["--from", "2025-01-01", "--to", "2024-01-01"], "is after --to"),
    (["--limit", "-1"], "--limit needs a whole number"),
    (["--frob"], "unknown option '--frob'"),
    (["extra"], "unexpected argument 'extra'"),
])
def test_usage_errors(run, tmp_path, args, message):
    p = run("--db", tmp_path / "none.db", "anomalies", *args)
    ok(p, 2)
    assert message in p.stderr and "usage: fitintel anomalies" in p.stderr and p.stdout == ""
    assert not (tmp_path / "none.db").exists()


def test_missing_store(run, tmp_path):
    p = run("--db", tmp_path / "missing.db", "anomalies")
    ok(p, 1)
    assert "fitintel: " in p.stderr and p.stdout == ""
