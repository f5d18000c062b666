"""Store.workouts(): dtypes, and values equal to `fitintel workouts --format json`."""
import numpy as np
import pandas as pd
import pytest

import fitintel
from fitintel_fixtures import *  # noqa: F401,F403
from fitintel_fixtures import cli

NUMERIC = ["calories", "distance_mi", "duration_s", "avg_pace", "max_pace", "avg_speed",
           "max_speed", "avg_heart_rate", "steps"]


def test_dtypes(classified):
    store, _ = classified
    df = store.workouts()
    assert list(df.columns) == ["id", "date"] + NUMERIC + ["cadence", "label", "method",
                                                           "confidence"]
    assert df["id"].dtype == np.int64
    assert df["date"].dtype == "datetime64[ns]"
    for c in NUMERIC + ["cadence", "confidence"]:
        assert df[c].dtype == "Float64", c
    assert list(df["label"].cat.categories) == list(fitintel.LABELS)
    assert list(df["label"].cat.categories) == ["unknown", "real_run", "pup_walk", "mixed",
                                                "outlier", "other"]
    assert list(df["method"].cat.categories) == list(fitintel.METHODS)
    assert list(df["method"].cat.categories) == ["none", "user", "bounds", "kmeans", "era", "rule",
                                                 "type", "mixture"]
    assert df["calories"].isna().any()   # the sample leaves cells empty: <NA>, not NaN


def same(a, b):
    return (a is None and b is None) or (a is not None and b is not None and
                                         abs(a - b) <= 1e-9 * max(1.0, abs(b)))


def compare(df, rows):
    assert len(df) == len(rows)
    assert df["id"].tolist() == [r["id"] for r in rows]
    assert df["date"].dt.strftime("%Y-%m-%d").tolist() == [r["workout_date"] for r in rows]
    for c in NUMERIC + ["confidence"]:
        got = [None if v is pd.NA else float(v) for v in df[c].tolist()]
        want = [r[c] for r in rows]
        assert all(same(g, w) for g, w in zip(got, want)), c
    labels = [None if v == "unknown" else v for v in df["label"].astype(str)]
    methods = [None if v == "none" else v for v in df["method"].astype(str)]
    assert labels == [r["label"] for r in rows]
    assert methods == [r["method"] for r in rows]


def test_values_equal_the_cli(classified):
    store, db = classified
    import json
    compare(store.workouts(), json.loads(cli(db, "workouts", "--format", "json").stdout))


@pytest.mark.parametrize("kw,args", [
    ({"from_": "2020-01-01", "to": "Dec. 31, 2020"}, ["--from", "2020-01-01", "--to", "2020-12-31"]),
    ({"label": "walk"}, ["--label", "pup_walk"]),
    ({"type": "run"}, ["--type", "Run"]),
])
def test_filters_equal_the_cli(classified, kw, args):
    import json
    store, db = classified
    compare(store.workouts(**kw), json.loads(cli(db, "workouts", "--format", "json", *args).stdout))


def test_date_objects_and_cadence(classified):
    import datetime as dt
    store, _ = classified
    df = store.workouts(from_=dt.date(2025, 1, 1))
    assert (df["date"] >= "2025-01-01").all() and len(df) > 0
    with_steps = df[df["steps"].notna() & (df["duration_s"] > 0)]
    expected = with_steps["steps"] / (with_steps["duration_s"] / 60)
    assert np.allclose(with_steps["cadence"].astype(float), expected.astype(float))


def test_bad_filters_raise(classified):
    store, _ = classified
    with pytest.raises(fitintel.InvalidArgumentError):
        store.workouts(from_="the first of never")
    with pytest.raises(fitintel.InvalidArgumentError):
        store.workouts(label="jog")


def test_empty_store(store):
    df = store.workouts()
    assert len(df) == 0 and df["date"].dtype == "datetime64[ns]" and df["distance_mi"].dtype == "Float64"


def test_unclassified_workouts_are_unknown(store, export):
    store.config["classify.use_model"] = "false"
    store.ingest(export, policy="skip")
    df = store.workouts()
    # ingest classifies with eras and rules when there is no model; whatever the method, a
    # label of 0 shows as "unknown" and its method as "none"
    assert set(df.loc[df["label"] == "unknown", "method"].astype(str)) <= {"none"}


def test_text_columns_equal_the_file(classified):
    """workouts(text=True): activity type and notes verbatim, row for row, read independently
    with sqlite3 — including quotes and newlines of the sample's notes; the numbers unchanged."""
    import sqlite3
    s, db = classified
    df = s.workouts(text=True, from_="2015-01-01", to="2020-12-31")
    plain = s.workouts(from_="2015-01-01", to="2020-12-31")
    assert list(df.columns[:4]) == ["id", "date", "activity_type", "notes"]
    pd.testing.assert_frame_equal(df.drop(columns=["activity_type", "notes"]), plain)
    assert str(df["activity_type"].dtype) == "category"
    with sqlite3.connect(db) as con:
        ref = {i: (t, n) for i, t, n in con.execute(
            "SELECT id, activity_type, notes FROM workouts"
            " WHERE workout_date BETWEEN '2015-01-01' AND '2020-12-31'")}
    assert len(ref) == len(df)
    got = {int(i): (None if pd.isna(t) else t, n)
           for i, t, n in zip(df["id"], df["activity_type"].astype(object), df["notes"])}
    assert got == ref
    assert any(n and ("\n" in n or '"' in n) for _, n in ref.values())   # the hard cases are there


def test_text_of_hostile_notes(store, tmp_path):
    header = ("Date Submitted,Workout Date,Activity Type,Calories Burned (kcal),Distance (mi),"
              "Workout Time (seconds),Avg Pace (min/mi),Max Pace (min/mi),Avg Speed (mi/h),"
              "Max Speed (mi/h),Avg Heart Rate,Steps,Notes,Source,Link\n")
    notes = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>', 'ünïcødé "q"']
    rows = "".join(
        f'"2024-01-0{i + 1}","2024-01-0{i + 1}",Run,300,3,1620,9,8,6.6,7,,,"{n.replace(chr(34), chr(34) * 2)}",'
        f"App,http://www.mapmyfitness.com/workout/{100 + i}\n" for i, n in enumerate(notes))
    path = tmp_path / "hostile.csv"
    path.write_text(header + rows, encoding="utf-8")
    store.ingest(path)
    df = store.workouts(text=True)
    assert list(df["notes"]) == notes and list(df["activity_type"]) == ["Run"] * 3
    assert store.workouts(text=True, from_="2030-01-01").empty
