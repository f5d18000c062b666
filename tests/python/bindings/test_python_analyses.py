"""Anomalies, consistency, trends, forecasts, records, eras and the briefing: each result's
to_dict() equals the CLI's --json on the same store; DataFrames agree with it."""
import numpy as np
import pandas as pd
import pytest

import fitintel
from fitintel_fixtures import *  # noqa: F401,F403
from fitintel_fixtures import cli


def test_anomalies(classified):
    s, db = classified
    a = s.anomalies()
    assert a.to_dict() == cli(db, "anomalies", "--json")
    assert len(a.sets) == 12 and a.workouts == 3000
    df = a.anomalies
    assert len(df) == sum(x.count for x in a.sets)
    flat = [(i, x["workout_id"], x["date"], x["value"], x["direction"], x["severity"])
            for i, st in enumerate(a.to_dict()["sets"]) for x in st["anomalies"]]
    got = list(zip(df["set"], df["workout_id"], df["date"].dt.strftime("%Y-%m-%d"), df["value"],
                   df["direction"].astype(str), df["severity"].astype(str)))
    assert got == flat
    one = s.anomalies(metrics=["pace"], methods="iqr", label="walk")
    assert one.to_dict() == cli(db, "anomalies", "--metric", "pace", "--method", "iqr",
                                "--label", "walk", "--json")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.anomalies(metrics=["elevation"])
    with pytest.raises(fitintel.InvalidArgumentError):
        s.anomalies(methods=["dbscan"])


def test_consistency(classified):
    s, db = classified
    c = s.consistency()
    assert c.to_dict() == cli(db, "consistency", "--json")
    assert 0 <= c.score <= 100 and not c.empty
    traj = c.trajectory
    assert traj["date"].dtype == "datetime64[ns]" and len(traj) == len(c.to_dict()["trajectory"]["points"])
    assert c.months["workouts"].sum() == 3000 and c.trend["n"] == len(traj)
    c2 = s.consistency(days=60, at="2020-06-30", step=30, label="run")
    assert c2.to_dict() == cli(db, "consistency", "--days", 60, "--at", "2020-06-30", "--step", 30,
                               "--label", "run", "--json")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.consistency(at="not a date")


@pytest.mark.parametrize("kw,args", [
    ({}, []),
    ({"metric": "distance", "per": "month", "stat": "sum"}, ["--metric", "distance", "--per", "month", "--stat", "sum"]),
    ({"metric": "count"}, ["--metric", "count"]),
    ({"metric": "pace", "label": "run", "include_outliers": True}, ["--label", "run", "--include-outliers"]),
])
def test_trend(classified, kw, args):
    s, db = classified
    t = s.trend(**kw)
    assert t.to_dict() == cli(db, "trends", *args, "--json")
    pts = t.points
    assert len(pts) == t.n
    if t.per != "workout":
        want = t.to_dict()["points"]
        assert pts["date"].dt.strftime("%Y-%m-%d").tolist() == [p["date"] for p in want]
        assert np.allclose(pts["value"], [p["value"] for p in want])


@pytest.mark.parametrize("kw", [{"metric": "pace", "label": "real_run", "per": "week"},
                                {"metric": "distance", "per": "workout"},
                                {"metric": "count", "per": "month"}])
def test_trend_band_equals_statsmodels(classified, kw):
    """The confidence band of the fitted line equals statsmodels' mean confidence interval of
    an OLS fit of the same points, at the band's days; narrowest at the mean day."""
    import statsmodels.api as sm
    s, _ = classified
    t = s.trend(**kw)
    pts, band = t.points, t.band
    x = (pts["date"] - pd.Timestamp("1970-01-01")).dt.days.to_numpy(float)
    fit = sm.OLS(pts["value"].to_numpy(float), sm.add_constant(x)).fit()
    bx = (band["date"] - pd.Timestamp("1970-01-01")).dt.days.to_numpy(float)
    pred = fit.get_prediction(sm.add_constant(bx, has_constant="add")).summary_frame(alpha=0.05)
    assert len(band) == 64 and band["date"].iloc[0] == pts["date"].iloc[0]
    assert band["date"].iloc[-1] == pts["date"].iloc[-1]
    assert np.allclose(band["fitted"], pred["mean"], rtol=1e-9)
    assert np.allclose(band["low"], pred["mean_ci_lower"], rtol=1e-9)
    assert np.allclose(band["high"], pred["mean_ci_upper"], rtol=1e-9)
    width = band["high"] - band["low"]
    centre = np.argmin(np.abs(bx - x.mean()))
    assert width.iloc[centre] == pytest.approx(width.min(), rel=1e-6)


def test_trend_band_without_a_line(store):
    t = store.trend("pace")
    assert t.status == "insufficient_data" and t.band.empty


def test_trend_errors(classified):
    s, _ = classified
    with pytest.raises(fitintel.InvalidArgumentError):
        s.trend(metric="count", per="workout")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.trend(stat="median")


@pytest.mark.parametrize("kw,args", [
    ({}, []), ({"series": "distance", "per": "month", "horizon": 6},
               ["--series", "distance", "--per", "month", "--horizon", 6]),
    ({"series": "pace", "label": "walk"}, ["--series", "pace", "--label", "walk"]),
])
def test_forecast(classified, kw, args):
    s, db = classified
    f = s.forecast(**kw)
    assert f.to_dict() == cli(db, "forecast", *args, "--json")
    assert len(f.forecast) == f.horizon and len(f.history) == f.periods
    assert f.forecast["date"].dtype == "datetime64[ns]"


def test_forecast_errors(classified):
    s, _ = classified
    with pytest.raises(fitintel.InvalidArgumentError):
        s.forecast(per="day")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.forecast(horizon=0)


def test_records(classified):
    s, db = classified
    r = s.records()
    assert r.to_dict() == cli(db, "records", "--json")
    assert r["longest_run"].found and r["longest_run"].unit == "mi"
    with pytest.raises(KeyError):
        r["slowest_walk"]
    assert s.records(min_distance=3, from_="2015-01-01").to_dict() == \
        cli(db, "records", "--min-distance", 3, "--from", "2015-01-01", "--json")


def test_eras(tmp_path, export):
    db = tmp_path / "s.db"
    with fitintel.open(db) as s:
        s.ingest(export, policy="skip")
        with pytest.raises(fitintel.NotFoundError):
            s.compare_eras()
        era = s.eras.add("June 1, 2018", "Choco arrives")
        assert (era.date, era.name, era.label_before, era.label_after) == \
            ("2018-06-01", "Choco arrives", "real_run", "pup_walk")
        with pytest.raises(fitintel.AlreadyExistsError):
            s.eras.add("2018-06-01", "again")
        with pytest.raises(fitintel.InvalidArgumentError):
            s.eras.add("2018-13-01", "never")
        second = s.eras.add("2022-01-01", "Moved", label="mixed")
        assert [e.id for e in s.eras] == [era.id, second.id] and len(s.eras) == 2
        assert [e.to_dict() for e in s.eras.list()] == cli(db, "era", "list", "--json")
        c = s.compare_eras()
        assert c.to_dict() == cli(db, "era", "compare", "--json")
        assert len(c.changes) == 2 and c.changes[0].ratio_kind == "finite"
        series = c.series
        assert series["workouts"].sum() == 3000 and series["month"].dtype == "datetime64[ns]"
        assert list(c.markers["name"]) == ["Choco arrives", "Moved"]
        s.eras.remove(second.id)
        with pytest.raises(fitintel.NotFoundError):
            s.eras.remove(second.id)
        assert [e.id for e in s.eras] == [era.id]


def test_brief(classified):
    s, db = classified
    b = s.brief(days=30, at="2025-12-31")
    assert b.to_dict() == cli(db, "brief", "--days", 30, "--at", "2025-12-31", "--json")
    assert b.to_text() == cli(db, "brief", "--days", 30, "--at", "2025-12-31").stdout
    assert b.to_markdown() == cli(db, "brief", "--days", 30, "--at", "2025-12-31",
                                  "--format", "md").stdout
    assert b.from_ == "2025-12-02" and b.to == "2025-12-31" and b.days == 30
    assert b.insights and all(isinstance(i, fitintel.Insight) for i in b.insights)
    assert len(b.recommendations) <= 4 and b._repr_markdown_() == b.to_markdown()
    assert s.brief().to_dict() == cli(db, "brief", "--json")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.brief(at="yesterday-ish")
    with pytest.raises(fitintel.InvalidArgumentError):
        s.brief(days=0)


def test_brief_of_an_empty_store(store):
    b = store.brief()
    assert b.insights and "workout" in b.to_text().lower()
