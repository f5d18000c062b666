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
                                                "outlier"]
    assert list(df["method"].cat.categories) == list(fitintel.METHODS)
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
