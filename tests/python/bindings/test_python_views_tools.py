"""The tool views of fitintel.views — trends, SQL explorer, model management and history
(SPEC §8.4–§8.7): every section present with its kind, figures with data, label colours from
LABEL_COLORS, and the numbers they show equal to independent computations (pandas/numpy on the raw
export, sqlite3 on the store file)."""
import csv
import importlib
import json
import sqlite3

import numpy as np
import pandas as pd
import pytest

import fitintel
from fitintel import views
from fitintel.views import LABEL_COLORS, LABEL_NAMES
from conftest import iso_date

NOTE_HTML = "<img src=x onerror=alert(1)>"
NOTE_SCRIPT = "</script><script>alert(1)</script>"
ERA_DATE = "2018-06-01"


# ---- fixtures ----

def _raw(path):
    """The export as pandas reads it, with ISO dates: the independent side of the comparisons."""
    df = pd.read_csv(path, dtype={"Notes": object, "Activity Type": object},
                     keep_default_na=False, na_values={c: [""] for c in (
                         "Calories Burned (kcal)", "Distance (mi)", "Workout Time (seconds)",
                         "Avg Pace (min/mi)", "Steps")})
    df["id"] = df["Link"].str.rsplit("/", n=1).str[-1].astype("int64")
    df["date"] = pd.to_datetime(df["Workout Date"].map(iso_date))
    return df


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """(store, db path, raw export): 3,000 sample workouts (two with HTML in their notes), the
    Choco era, a trained model."""
    d = tmp_path_factory.mktemp("views_tools")
    src, path = d / "sample.csv", d / "export.csv"
    fitintel.sample(src, rows=3000, seed=7)
    with open(src, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[1][12], rows[2][12] = NOTE_HTML, NOTE_SCRIPT     # the two newest workouts
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    db = d / "store.db"
    store = fitintel.open(db)
    store.ingest(path)
    store.eras.add(ERA_DATE, "Choco arrives")
    store.train()
    yield store, db, _raw(path)
    store.close()


def _labels(db):
    """workout id -> stored label, read with sqlite3."""
    with sqlite3.connect(db) as c:
        return dict(c.execute("SELECT workout_id, label FROM classifications"))


def _with_labels(raw, db):
    out = raw.copy()
    out["label"] = out["id"].map(_labels(db))
    return out


def _kinds(view):
    return {s.key: s.kind for s in view.sections}


def _figure_points(fig):
    """Data points of a figure: x/y values of its traces, or an indicator's value."""
    n = 0
    for tr in fig.data:
        if tr.type == "indicator":
            n += tr.value is not None
        elif getattr(tr, "y", None) is not None:
            n += len(tr.y)
    return n


def _label_of(trace_name):
    return {v: k for k, v in LABEL_NAMES.items()}.get(trace_name)


def _check_label_colours(fig):
    """Every trace named after a label is drawn in that label's colour; returns how many."""
    seen = 0
    for tr in fig.data:
        lab = _label_of(tr.name)
        if lab is None:
            continue
        color = tr.marker.color if tr.type == "bar" else (tr.line.color or tr.marker.color)
        assert color == LABEL_COLORS[lab], (tr.name, color)
        assert getattr(tr, "fillcolor", None) in (None, color), (tr.name, tr.fillcolor)
        seen += 1
    return seen


def _week_start(dates):
    return (dates - pd.to_timedelta(dates.dt.weekday, unit="D")).dt.normalize()


# ---- trends ----

def test_trends_sections(sample):
    store, _, _ = sample
    v = views.trends(store)
    assert v.key == "trends"
    assert _kinds(v) == {"aggregates": "figure", "trend": "figure", "forecast": "figure",
                         "records": "table", "trend_summary": "cards"}
    for key, fig in v.figures().items():
        assert _figure_points(fig) > 0, key
    assert set(v.data) >= {"trend", "forecast", "records"}
    assert v.data["trend"] == store.trend("distance", per="week").to_dict()
    assert v.data["forecast"] == store.forecast("distance", per="week", horizon=8).to_dict()
    assert v.data["records"] == store.records().to_dict()
    # one series per label present, in LABEL_COLORS
    assert _check_label_colours(v.section("aggregates").figure) >= 4 * 3 + 1


def test_trend_line_equals_polyfit(sample):
    store, db, raw = sample
    v = views.trends(store, per="week", metric="distance")
    w = _with_labels(raw, db)
    w = w[(w["label"] != "outlier") & w["Distance (mi)"].notna()]
    weekly = w.groupby(_week_start(w["date"]))["Distance (mi)"].mean()
    days = (weekly.index.values.astype("datetime64[D]").astype(np.int64)).astype(float)
    slope, intercept = np.polyfit(days, weekly.to_numpy(), 1)

    fig = v.section("trend").figure
    points = next(t for t in fig.data if t.name == "per period")
    assert np.allclose(np.asarray(points.y, float), weekly.to_numpy())
    line = next(t for t in fig.data if t.name == "OLS trend")
    line_days = np.array([pd.Timestamp(x).value // 86_400_000_000_000 for x in line.x], float)
    assert np.allclose(line.y, intercept + slope * line_days)
    assert pd.Timestamp(line.x[0]) == weekly.index[0] and pd.Timestamp(line.x[-1]) == weekly.index[-1]
    # the band (the library's, checked against statsmodels elsewhere) holds the line and is
    # narrowest at the points' mean date
    band = next(t for t in fig.data if "confidence band" in (t.name or ""))
    n = len(line.x)
    high, low = np.asarray(band.y[:n], float), np.asarray(band.y[n:][::-1], float)
    assert (low < np.asarray(line.y)).all() and (np.asarray(line.y) < high).all()
    assert np.argmin(high - low) == np.argmin(np.abs(line_days - days.mean()))
    ols = v.data["trend"]["ols"]
    assert ols["slope_per_day"] == pytest.approx(slope, rel=1e-9)
    card = next(c for c in v.section("trend_summary").cards if c.title == "Slope per month")
    assert card.value.startswith(f"{ols['slope_per_month']:+.3g}")
    assert v.section("trend_summary").cards[0].value == v.data["trend"]["direction"]


def test_aggregates_equal_pandas(sample):
    store, db, raw = sample
    v = views.trends(store, per="month")
    w = _with_labels(raw, db)
    fig = v.section("aggregates").figure
    every = pd.date_range(w["date"].min().replace(day=1), w["date"].max(), freq="MS")
    for lab in ("real_run", "pup_walk"):
        sel = w[w["label"] == lab]
        month = sel["date"].dt.to_period("M").dt.to_timestamp()
        counts = sel.groupby(month).size().reindex(every, fill_value=0)
        area = next(t for t in fig.data if t.stackgroup == "workouts" and t.name == LABEL_NAMES[lab])
        assert [pd.Timestamp(x) for x in area.x] == list(every)     # every month, stacked
        assert list(area.y) == counts.tolist()
        full = pd.date_range(month.min(), month.max(), freq="MS")   # the label's own months
        mean_dist = sel.groupby(month)["Distance (mi)"].mean().reindex(full)
        line = next(t for t in fig.data if t.type == "scatter" and t.name == LABEL_NAMES[lab]
                    and t.yaxis == "y2")
        assert np.allclose(np.asarray(line.y, float), mean_dist.to_numpy(), equal_nan=True)
        mean_min = sel.groupby(month)["Workout Time (seconds)"].mean().reindex(full) / 60
        line = next(t for t in fig.data if t.type == "scatter" and t.name == LABEL_NAMES[lab]
                    and t.yaxis == "y3")
        assert np.allclose(np.asarray(line.y, float), mean_min.to_numpy(), equal_nan=True)
    assert sum(sum(t.y) for t in fig.data if t.stackgroup == "workouts") == len(raw)
    assert not [t for t in fig.data if t.stackgroup and t.stackgroup != "workouts"]   # means not stacked
    assert set(v.data["aggregates"]) == {LABEL_NAMES[lab] for lab in set(w["label"])}


def test_aggregates_of_one_type(sample):
    store, _, raw = sample
    v = views.trends(store, per="week", metric="count", type="Walk")
    fig = v.section("aggregates").figure
    stacked = [t for t in fig.data if t.stackgroup == "workouts"]
    assert len(stacked) == 1 and stacked[0].name == "Walk"
    assert sum(stacked[0].y) == (raw["Activity Type"] == "Walk").sum()
    assert v.data["trend"]["metric"] == "count"


def test_forecast_figure(sample):
    store, _, _ = sample
    v = views.trends(store, per="month", metric="pace", label="real_run", horizon=6)
    f = store.forecast("pace", per="month", horizon=6, label="real_run")
    fig = v.section("forecast").figure
    fc = f.forecast
    hist = next(t for t in fig.data if t.name == "history")
    assert np.allclose(hist.y, f.history["value"].tail(len(hist.y)))
    lin = next(t for t in fig.data if t.name == "linear forecast")
    assert np.allclose(lin.y, fc["linear"]) and len(lin.y) == 6
    band = next(t for t in fig.data if "prediction interval" in (t.name or ""))
    assert np.allclose(band.y, list(fc["high"]) + list(fc["low"][::-1]))
    # one label: the trend's points are in that label's colour
    pts = v.section("trend").figure.data[0]
    assert pts.marker.color == LABEL_COLORS["real_run"]


def test_records_equal_pandas(sample):
    store, db, raw = sample
    t = views.trends(store).section("records").table.set_index("record")
    w = _with_labels(raw, db)
    runs = w[w["label"] == "real_run"]
    fastest = runs[runs["Distance (mi)"] >= 1.0]["Avg Pace (min/mi)"].min()
    assert t.loc["Fastest run pace", "value"] == pytest.approx(fastest)
    assert t.loc["Longest run", "value"] == pytest.approx(runs["Distance (mi)"].max())
    walks = w[w["label"] == "pup_walk"]
    assert t.loc["Longest walk", "value"] == pytest.approx(walks["Distance (mi)"].max())
    weeks = raw.groupby(_week_start(raw["date"])).size()
    assert t.loc["Most workouts in a week", "value"] == weeks.max()
    months = raw.groupby(raw["date"].dt.to_period("M")).size()
    assert t.loc["Most workouts in a month", "value"] == months.max()
    best = runs.loc[runs["Distance (mi)"].idxmax()]
    assert t.loc["Longest run", "workout_id"] == best["id"]


# ---- SQL explorer ----

def test_sql_result_equals_sqlite(sample):
    store, db, _ = sample
    q = "SELECT id, workout_date, distance_mi FROM workouts WHERE distance_mi > 5 ORDER BY id"
    v = views.sql_explorer(store, q)
    assert _kinds(v) == {"result": "table", "history": "table", "saved": "table"}
    with sqlite3.connect(db) as c:
        want = c.execute(q).fetchall()
    got = v.section("result").table
    assert [tuple(r) for r in got.itertuples(index=False)] == want
    assert v.data["columns"] == ["id", "workout_date", "distance_mi"]
    assert v.data["rows"] == len(want) and v.data["truncated"] is False and v.data["error"] is None
    assert f"{len(want):,} rows" in v.section("result").note
    assert v.section("history").table["sql"].iloc[0] == q     # kept in the history, newest first

    small = views.sql_explorer(store, q, max_rows=7)
    assert small.data["truncated"] is True and small.data["rows"] == 7
    assert len(small.section("result").table) == 7
    assert "limit of 7 rows" in small.section("result").note


def test_sql_refused_leaves_store_unchanged(sample):
    store, db, _ = sample
    with sqlite3.connect(db) as c:
        before = c.execute("SELECT count(*), total(distance_mi) FROM workouts").fetchone()
    v = views.sql_explorer(store, "DELETE FROM workouts")
    assert "result" not in v.keys() and _kinds(v)["error"] == "markdown"
    assert v.data["error"] and "refused" in v.data["error"]
    assert "refused" in v.section("error").markdown
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*), total(distance_mi) FROM workouts").fetchone() == before
    assert v.section("history").table["error"].iloc[0] == v.data["error"]
    # the library's message may quote the query: it is escaped in the Markdown
    bad = views.sql_explorer(store, 'SELECT x FROM "<b>t</b>"')
    md = bad.section("error").markdown
    assert "<b>" not in md and "&lt;b&gt;t&lt;/b&gt;" in md


def test_sql_time_limit(sample):
    store, _, _ = sample
    endless = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
               "SELECT count(*) FROM c")
    v = views.sql_explorer(store, endless, timeout_s=0.2)
    assert "time limit" in v.data["error"] and "result" not in v.keys()
    assert v.section("error").markdown.startswith("**LimitError:**")


def test_sql_without_query_lists_saved(sample):
    store, _, _ = sample
    store.saved_queries.save("views-tools-runs", "SELECT count(*) FROM classifications "
                             "WHERE label = 'real_run'", "runs", replace=True)
    v = views.sql_explorer(store)
    assert _kinds(v) == {"result": "markdown", "history": "table", "saved": "table"}
    saved = v.section("saved").table
    assert "views-tools-runs" in set(saved["name"])
    assert len(saved) == len(store.saved_queries.list())
    assert v.data["rows"] == 0 and v.data["error"] is None


# ---- model management ----

MODEL_KINDS = {"status": "cards", "silhouette": "figure", "cluster_sizes": "figure",
               "centroids": "table", "features": "table", "patterns": "table", "confidence": "figure",
               "parameters": "table", "models": "table", "corrections": "table",
               "accuracy": "cards"}


def test_models_sections(sample):
    store, db, _ = sample
    v = views.models(store)
    assert _kinds(v) == MODEL_KINDS
    for key, fig in v.figures().items():
        assert _figure_points(fig) > 0, key
    with sqlite3.connect(db) as c:
        mid, k, sil, quality = c.execute(
            "SELECT id, k, silhouette, quality FROM models WHERE status = 'active'").fetchone()
        clusters = c.execute("SELECT cluster, label, size, centroid FROM model_clusters "
                             "WHERE model_id = ? ORDER BY cluster", (mid,)).fetchall()
        n_models = c.execute("SELECT count(*) FROM models").fetchone()[0]
    cards = {c.title: c.value for c in v.section("status").cards}
    assert cards["Active model"] == f"#{mid}" and cards["Clusters (k)"] == str(k)
    assert cards["Silhouette"] == f"{sil:.3f}" and cards["Quality"] == quality
    gauge = v.section("silhouette").figure.data[0]
    assert gauge.value == pytest.approx(sil)
    # the gauge's bands are the library's: the stored quality word is the band holding the
    # silhouette, and the gauge draws exactly those bands
    bands = importlib.import_module("fitintel.views.models").quality_bands(store.model())
    assert [name for lo, hi, name in bands if lo <= sil < hi] == [quality]
    assert [tuple(s.range) for s in gauge.gauge.steps] == [(lo, hi) for lo, hi, _ in bands]
    sizes = v.section("cluster_sizes").figure
    got = {(x, y) for t in sizes.data for x, y in zip(t.x, t.y)}
    assert got == {(f"cluster {c}", size) for c, _, size, _ in clusters}
    assert _check_label_colours(sizes) == len({lab for _, lab, _, _ in clusters})
    cent = v.section("centroids").table
    for (c, lab, size, centroid), row in zip(clusters, cent.itertuples(index=False)):
        assert (row.cluster, row.label, row.size) == (c, lab, size)
        assert np.allclose([row[3], row[4], row[5]], json.loads(centroid)[:3])
    assert len(v.section("models").table) == n_models
    params = v.section("parameters").table
    era_rows = params[params["group"] == "eras"]
    assert era_rows["parameter"].tolist() == [f"{ERA_DATE} Choco arrives"]
    assert params.set_index("parameter").loc["k", "model"] == str(k)
    model = store.model()
    assert cards["Method"] == model.method == params.set_index("parameter").loc["method", "model"]
    chosen = v.section("features").table
    assert chosen["feature"].tolist() == [c["feature"] for c in model.feature_choice]
    assert chosen["reason"].tolist() == [c["reason"] for c in model.feature_choice]
    assert ["pace"] + chosen.loc[chosen["used"], "feature"].tolist() == list(model.features)


def test_patterns_equal_pandas(sample):
    store, db, raw = sample
    table = views.models(store).section("patterns").table.set_index("label")
    w = _with_labels(raw, db)
    for lab, grp in w.groupby("label"):
        row = table.loc[lab]
        assert row["workouts"] == len(grp)
        assert row["pace median (min/mi)"] == pytest.approx(grp["Avg Pace (min/mi)"].median())
        assert row["distance median (mi)"] == pytest.approx(grp["Distance (mi)"].median())
        assert row["duration median (min)"] == pytest.approx(
            grp["Workout Time (seconds)"].median() / 60)


def test_confidence_histogram_equals_numpy(sample):
    store, db, _ = sample
    v = views.models(store)
    fig = v.section("confidence").figure
    assert _check_label_colours(fig) == len(fig.data) > 0
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT label, confidence FROM classifications").fetchall()
    total = 0
    for tr in fig.data:
        lab = _label_of(tr.name)
        conf = np.array([x for l, x in rows if l == lab])
        want, _ = np.histogram(conf, bins=np.linspace(0, 1, 21))
        assert list(tr.y) == want.tolist()
        total += sum(tr.y)
    assert total == len(rows)


def test_hypothetical_matches_stored_workouts(sample):
    store, db, _ = sample
    with sqlite3.connect(db) as c:
        picks = c.execute(
            "SELECT w.id, w.workout_date, w.distance_mi, w.duration_s, w.avg_pace, w.steps, "
            "c.label "
            "FROM workouts w JOIN classifications c ON c.workout_id = w.id "
            "WHERE c.method IN ('kmeans', 'mixture') AND w.steps IS NOT NULL "   # the model decided
            "GROUP BY c.label, w.id % 5 ORDER BY w.id").fetchall()
    labels = set()
    for wid, day, dist, dur, pace, steps, label in picks:
        v = views.models(store, hypothetical=dict(distance=dist, duration=dur, pace=pace,
                                                  steps=steps, date=day))
        sec = v.section("hypothetical")
        assert sec.kind == "cards"
        stored = store.explain(wid)
        cards = {c.title: c for c in sec.cards}
        assert cards["Label"].help == stored.label == label
        assert cards["Label"].value == LABEL_NAMES[label]
        assert cards["Method"].value == stored.method
        assert cards["Confidence"].value == f"{stored.confidence:.2f}"
        assert v.data["hypothetical"]["confidence"] == pytest.approx(stored.confidence)
        labels.add(label)
    assert {"real_run", "pup_walk"} <= labels
    assert "hypothetical" not in views.models(store).keys()
    bad = views.models(store, hypothetical=dict(distance=3, pace=10, date="<b>nope</b>"))
    sec = bad.section("hypothetical")
    assert sec.kind == "markdown" and "<b>" not in sec.markdown and "&lt;b&gt;" in sec.markdown


def test_corrections_and_accuracy(sample, tmp_path):
    store, db, _ = sample
    copy = tmp_path / "corrected.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with fitintel.open(copy) as s:
        v0 = views.models(s)
        assert "No corrections yet" in v0.section("accuracy").note
        assert len(v0.section("corrections").table) == 0
        ids = s.workouts(label="real_run")["id"].head(4).tolist()
        for wid in ids[:3]:
            s.label(wid, "real_run", note="<b>sure</b>")
        s.label(ids[3], "pup_walk")
        v = views.models(s)
        with sqlite3.connect(copy) as c:
            want = c.execute("SELECT id, workout_id, new_label, note FROM corrections "
                             "ORDER BY id DESC").fetchall()
        got = v.section("corrections").table
        assert list(zip(got["id"], got["workout_id"], got["new_label"], got["note"])) == want
        acc = s.accuracy()
        cards = {c.title: c for c in v.section("accuracy").cards}
        # three corrections confirm the model's run label, one contradicts it
        assert acc.corrections == 4 and acc.agree == 3
        assert cards["Accuracy"].value == "75.0%"
        # all four were runs to the classifier: runs precision 3/4, recall 3/3; walks recall 0/1
        assert (cards["Runs"].value, cards["Runs"].delta) == ("precision 75%", "recall 100%")
        assert cards["Dog walks"].delta == "recall 0%"
        assert "Runs" not in {c.title for c in v0.section("accuracy").cards}
        assert "4 corrected workouts" in v.section("accuracy").note


def test_models_without_model(tmp_path):
    path = tmp_path / "export.csv"
    fitintel.sample(path, rows=200, seed=3)
    with fitintel.open(tmp_path / "untrained.db") as s:
        s.ingest(path)
        v = views.models(s)
        assert "status" not in v.keys()
        sec = v.section("no_model")
        assert sec.kind == "markdown" and "fitintel train" in sec.markdown
        assert v.data["model"] is None
        assert _kinds(v)["parameters"] == "table" and _kinds(v)["confidence"] == "figure"


# ---- history ----

def test_history_totals_equal_pandas(sample):
    store, db, raw = sample
    v = views.history(store, from_="2019-01-01", to="2020-12-31", type="Run", limit=50)
    assert _kinds(v) == {"totals": "cards", "workouts": "table"}
    sel = raw[(raw["date"] >= "2019-01-01") & (raw["date"] <= "2020-12-31")
              & (raw["Activity Type"].str.lower() == "run")]
    tot = v.data["totals"]
    assert tot["workouts"] == len(sel) == v.data["rows_total"]
    assert tot["distance_sum"] == pytest.approx(sel["Distance (mi)"].sum())
    assert tot["duration_sum"] == pytest.approx(sel["Workout Time (seconds)"].sum())
    assert tot["calories_sum"] == pytest.approx(sel["Calories Burned (kcal)"].sum())
    cards = {c.title: c.value for c in v.section("totals").cards}
    assert cards["Workouts"] == f"{len(sel):,}"
    assert cards["Distance"] == f"{sel['Distance (mi)'].sum():,.1f} mi"
    assert cards["Duration"] == f"{sel['Workout Time (seconds)'].sum() / 3600:,.1f} h"
    t = v.section("workouts").table
    assert len(t) == 50 == v.data["rows_shown"]
    assert v.section("workouts").note == f"Showing 50 of {len(sel):,} workouts, newest first."
    newest = sel.sort_values(["date", "id"], ascending=False).head(50)
    assert t["id"].tolist() == newest["id"].tolist()
    assert np.allclose(t["duration_min"].astype(float), newest["Workout Time (seconds)"] / 60)
    assert v.data["filter"] == {"from": "2019-01-01", "to": "2020-12-31", "label": None,
                                "type": "Run", "limit": 50}


def test_history_by_label_and_text(sample):
    store, db, raw = sample
    v = views.history(store, label="pup_walk", limit=10_000)
    w = _with_labels(raw, db)
    walks = w[w["label"] == "pup_walk"]
    assert v.data["rows_total"] == len(walks) == v.data["rows_shown"]
    assert "outliers" not in v.section("totals").note
    n_out = int((w["label"] == "outlier").sum())
    assert n_out > 0
    everyone = views.history(store, limit=1)
    assert everyone.data["totals"]["n_outlier"] == n_out
    assert f"{n_out:,} outliers" in everyone.section("totals").note
    assert everyone.data["totals"]["duration_median"] == pytest.approx(
        raw["Workout Time (seconds)"].median())
    alias = views.history(store, label="walk", limit=1)    # any name the library accepts
    assert alias.data["filter"]["label"] == "pup_walk" and alias.data["rows_total"] == len(walks)
    assert v.data["totals"]["distance_sum"] == pytest.approx(walks["Distance (mi)"].sum())
    t = v.section("workouts").table
    assert set(t["label"].astype(str)) == {"pup_walk"}
    assert (pd.to_datetime(t["date"]).diff().dropna() <= pd.Timedelta(0)).all()  # newest first
    # the raw activity type and notes come along as data, unchanged (front ends escape them)
    everything = views.history(store, limit=100).section("workouts").table.set_index("id")
    by_id = raw.set_index("id")
    for note in (NOTE_HTML, NOTE_SCRIPT):
        wid = by_id.index[by_id["Notes"] == note][0]
        assert everything.loc[wid, "notes"] == note
    assert everything["activity_type"].astype(str).tolist() == \
        by_id.loc[everything.index, "Activity Type"].tolist()


# ---- every tool view ----

def test_empty_store(tmp_path):
    with fitintel.open(tmp_path / "empty.db") as s:
        t = views.trends(s)
        assert "No trend" in t.section("trend").note and "No forecast" in t.section("forecast").note
        assert t.section("aggregates").note == "No workouts match."
        h = views.history(s)
        assert h.data["rows_total"] == 0 and h.section("workouts").note.startswith("No workouts")
        assert h.data["totals"]["workouts"] == 0
        m = views.models(s)
        assert "no_model" in m.keys()
        q = views.sql_explorer(s, "SELECT count(*) AS n FROM workouts")
        assert q.section("result").table["n"].tolist() == [0]


def test_registered_in_package():
    for name in ("trends", "sql_explorer", "models", "history"):
        assert name in views.__all__ and callable(getattr(views, name))


def test_figures_send_days_as_dates_and_keep_times():
    """A figure's arrays of dates at midnight reach the browser as "YYYY-MM-DD" (a third of the
    JSON of plotly's nanosecond text); timestamps with a time of day, numbers and text stay as
    they were, and a missing date stays a gap."""
    import plotly.graph_objects as go
    from fitintel.views import Section
    weeks = pd.Series(pd.date_range("2012-01-02", periods=5, freq="W-MON"))
    with_gap = weeks.copy()
    with_gap[2] = pd.NaT
    times = pd.Series(pd.to_datetime(["2012-01-02 06:30", "2012-01-03 00:00"]))
    fig = go.Figure([go.Scatter(x=weeks, y=[1, 2, 3, 4, 5]),
                     go.Scatter(x=with_gap, y=np.arange(5.0)),
                     go.Scatter(x=list(weeks), y=list(weeks)),         # a list of Timestamps
                     go.Scatter(x=times, y=[1, 2]),
                     go.Scatter(x=["a", "b"], y=[0.5, 1.5])])
    Section("f", "F", "figure", figure=fig)
    data = json.loads(fig.to_json())["data"]
    expected = weeks.dt.strftime("%Y-%m-%d").tolist()
    assert data[0]["x"] == expected
    assert data[1]["x"] == expected[:2] + [None] + expected[3:]
    assert data[2]["x"] == expected and data[2]["y"] == expected
    assert [pd.Timestamp(x) for x in data[3]["x"]] == list(times)      # the time of day kept
    assert data[4]["x"] == ["a", "b"]
