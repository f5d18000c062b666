"""Store.summary (fitintel/summary.h): workouts grouped by period, weekday or label, checked
against pandas on the rows read straight from the store file with sqlite3; and
Store.explain_workout, the hypothetical workout of the model page, against stored workouts."""
import math
import sqlite3

import numpy as np
import pandas as pd
import pytest

import fitintel
from fitintel_fixtures import *  # noqa: F401,F403
from fitintel_fixtures import cli

STATS = ("n", "sum", "mean", "median", "std", "min", "max")
METRICS = {"distance": "distance_mi", "duration": "duration_s", "calories": "calories",
           "pace": "avg_pace", "steps": "steps", "heart_rate": "avg_heart_rate",
           "speed": "avg_speed", "max_pace": "max_pace", "max_speed": "max_speed"}


def raw_rows(db):
    """The workouts with their stored labels, from the file itself (not through the library)."""
    with sqlite3.connect(db) as con:
        df = pd.read_sql_query(
            "SELECT w.* FROM workouts w ORDER BY workout_date, id", con)
    df["label"] = df["label"].fillna("unknown")
    df["day"] = pd.to_datetime(df["workout_date"])
    secs = df["duration_s"].where(df["duration_s"] > 0)
    df["cadence"] = df["steps"] / (secs / 60)
    return df


def group_keys(df, by):
    day = df["day"]
    return {"day": day, "week": day - pd.to_timedelta(day.dt.weekday, unit="D"),
            "month": day.dt.to_period("M").dt.start_time,
            "year": day.dt.to_period("Y").dt.start_time,
            "weekday": day.dt.weekday, "label": df["label"],
            "all": pd.Series(0, index=df.index)}[by]


def reference(df, by, metrics):
    keys = group_keys(df, by)
    out = {}
    for key, g in df.groupby(keys, sort=True):
        row = {"workouts": len(g)}
        for label in fitintel.LABELS:
            row["n_" + label] = int((g["label"] == label).sum())
        for m in metrics:
            col = METRICS.get(m, m)
            v = g[col].astype(float)
            v = v[np.isfinite(v)]
            row.update({f"{m}_n": len(v), f"{m}_sum": v.sum(),
                        f"{m}_mean": v.mean() if len(v) else math.nan,
                        f"{m}_median": v.median() if len(v) else math.nan,
                        f"{m}_std": v.std(ddof=1) if len(v) > 1 else math.nan,
                        f"{m}_min": v.min() if len(v) else math.nan,
                        f"{m}_max": v.max() if len(v) else math.nan})
        out[key] = row
    return out


def assert_matches(got, ref, by):
    assert len(got) == len(ref)
    label_order = {name: i for i, name in enumerate(fitintel.LABELS)}
    keys = list(ref)
    if by == "label":
        keys.sort(key=label_order.get)
    for i, key in enumerate(keys):
        row = got.iloc[i]
        if by != "all":
            assert row["key"] == key
        for col, want in ref[key].items():
            have = row[col]
            if isinstance(want, float) and math.isnan(want):
                assert math.isnan(have), (key, col)
            else:
                assert have == pytest.approx(want, rel=1e-9, abs=1e-9), (key, col)


@pytest.mark.parametrize("by", ["day", "week", "month", "year", "weekday", "label", "all"])
def test_groups_equal_pandas(classified, by):
    s, db = classified
    metrics = ["distance", "duration", "calories", "pace", "steps", "cadence", "heart_rate"]
    got = s.summary(by, metrics=metrics)
    assert_matches(got, reference(raw_rows(db), by, metrics), by)
    assert got["workouts"].sum() == s.workout_count


def test_default_metrics_and_types(classified):
    s, _ = classified
    df = s.summary()
    assert df.attrs["grouping"] == "month"
    assert list(df.columns[:2 + len(fitintel.LABELS)]) == ["key", "workouts"] + ["n_" + x for x in fitintel.LABELS]
    assert "n_other" in df.columns
    assert [c for c in df.columns if c.endswith("_median")] == [
        "distance_median", "duration_median", "calories_median", "pace_median", "steps_median"]
    assert str(df["key"].dtype) == "datetime64[ns]" and df["key"].is_monotonic_increasing
    assert str(df["workouts"].dtype) == "int64"
    assert (df[[c for c in df.columns if c.startswith("n_")]].sum(axis=1) == df["workouts"]).all()


def test_filters_and_fill(classified):
    s, db = classified
    df = raw_rows(db)
    runs = df[(df["label"] == "real_run") & (df["workout_date"] >= "2016-01-01")
              & (df["workout_date"] <= "2019-12-31")]
    got = s.summary("week", ["pace"], label="real_run", from_="2016-01-01", to="2019-12-31")
    assert_matches(got, reference(runs, "week", ["pace"]), "week")
    filled = s.summary("week", ["pace"], label="real_run", from_="2016-01-01", to="2019-12-31",
                       fill=True)
    weeks = pd.date_range(got["key"].iloc[0], got["key"].iloc[-1], freq="7D")
    assert list(filled["key"]) == list(weeks)
    empty = filled[~filled["key"].isin(got["key"])]
    assert len(empty) > 0 and (empty["workouts"] == 0).all()
    assert empty["pace_mean"].isna().all() and (empty["pace_sum"] == 0).all()
    assert len(s.summary("weekday", fill=True)) == 7
    assert list(s.summary("label", fill=True)["key"]) == list(fitintel.LABELS)


def test_only_the_metrics_asked_for(classified):
    """metrics=() gives the counts alone (the library computes no metric); the CLI's table, which
    asks for its one metric, shows the figures of a summary of every metric."""
    s, db = classified
    every_metric = ("calories", "distance", "duration", "pace", "max_pace", "speed", "max_speed",
                    "heart_rate", "steps", "cadence")
    counts = s.summary("month", metrics=())
    every = s.summary("month", metrics=every_metric)
    assert list(counts.columns) == ["key", "workouts"] + ["n_" + x for x in fitintel.LABELS]
    pd.testing.assert_frame_equal(counts, every[counts.columns])
    table = cli(db, "summary", "--by", "year", "--metric", "pace").stdout.splitlines()[1:-1]
    years = s.summary("year", metrics=every_metric)
    assert len(table) == len(years) > 1
    for line, (_, row) in zip(table, years.iterrows()):
        cells = line.split()
        assert int(cells[0]) == row["key"].year and int(cells[5]) == row["pace_n"]
        minutes, seconds = cells[8].split(":")     # min:ss
        assert int(minutes) + int(seconds) / 60 == pytest.approx(row["pace_median"], abs=0.5 / 60)


def test_empty_store_and_bad_arguments(store):
    assert len(store.summary("month")) == 0
    assert len(store.summary("month", fill=True)) == 0
    allrow = store.summary("all")
    assert len(allrow) == 1 and allrow["workouts"].iloc[0] == 0
    assert math.isnan(allrow["distance_mean"].iloc[0]) and allrow["distance_sum"].iloc[0] == 0
    with pytest.raises(fitintel.InvalidArgumentError, match="grouping"):
        store.summary("fortnight")
    with pytest.raises(fitintel.InvalidArgumentError):
        store.summary("month", metrics=["elevation"])
    with pytest.raises(fitintel.InvalidArgumentError):
        store.summary("month", from_="not a date")


def test_explain_workout_equals_stored_workouts(classified):
    """A hypothetical workout with a stored workout's numbers and day gets its label, method,
    confidence and centroid distances (corrections aside)."""
    s, db = classified
    df = raw_rows(db)
    rng = np.random.default_rng(3)
    picked = df.iloc[rng.choice(len(df), 40, replace=False)]
    for _, w in picked.iterrows():
        stored = s.explain(int(w["id"])).to_dict()
        steps = None if pd.isna(w["steps"]) else float(w["steps"])
        pace = None if pd.isna(w["avg_pace"]) else float(w["avg_pace"])
        dur = None if pd.isna(w["duration_s"]) else float(w["duration_s"])
        dist = float("nan") if pd.isna(w["distance_mi"]) else float(w["distance_mi"])
        hyp = s.explain_workout(dist, duration=dur, pace=pace, steps=steps,
                                date=w["workout_date"]).to_dict()
        assert hyp["id"] is None and hyp["workout_date"] == w["workout_date"]
        for key in ("label", "method", "confidence", "reason", "centroids", "features"):
            assert hyp.get(key) == stored.get(key), (w["id"], key)
        assert hyp["text"].startswith(f"A workout on {w['workout_date']} is ")


def test_explain_workout_derives_pace_or_duration(classified):
    s, _ = classified
    a = s.explain_workout(3.0, duration=27 * 60, date="2015-03-01").to_dict()
    b = s.explain_workout(3.0, pace=9.0, date="2015-03-01").to_dict()
    assert a["features"]["pace"] == pytest.approx(9.0) and b["features"]["duration_min"] == pytest.approx(27.0)
    assert a["label"] == b["label"] == "real_run"
    walk = s.explain_workout(1.2, pace=21.0, date="2024-03-01")
    assert walk.label == "pup_walk"
    with pytest.raises(fitintel.InvalidArgumentError, match="not a date"):
        s.explain_workout(3.0, pace=9.0, date="someday")
    # without a date it is classified as of today; nothing is stored
    n = s.workout_count
    assert s.explain_workout(3.0, pace=9.0).label == "real_run" and s.workout_count == n


def test_cli_summary_json_equals_the_package(classified):
    """`fitintel summary --json` prints the document Store.summary arranges."""
    s, db = classified
    doc = cli(db, "summary", "--by", "weekday", "--fill", "--label", "walk", "--json")
    df = s.summary("weekday", metrics=["pace", "cadence"], label="walk", fill=True)
    assert doc["grouping"] == "weekday" and len(doc["groups"]) == 7
    for g, (_, row) in zip(doc["groups"], df.iterrows()):
        assert g["key"] == row["key"] and g["workouts"] == row["workouts"]
        assert g["labels"]["pup_walk"] == row["n_pup_walk"] == row["workouts"]
        for m in ("pace", "cadence"):
            for col, key in (("n", "n"), ("median", "median"), ("std", "sd"), ("max", "max")):
                want = g["metrics"][m][key]
                have = row[f"{m}_{col}"]
                assert (want is None and math.isnan(have)) or have == pytest.approx(want, rel=1e-12)
    table = cli(db, "summary", "--by", "year", "--metric", "pace", "--label", "run").stdout
    assert table.splitlines()[0].split()[:3] == ["GROUP", "WORKOUTS", "RUNS"]
    assert table.rstrip().endswith("(pace in min/mi)")
    bad = cli(db, "summary", "--by", "fortnight", check=False)
    assert bad.returncode == 2 and "unknown grouping" in bad.stderr
