"""The story views (fitintel.views hub, choco, monthly): every section is there with its kind,
each figure has data points, and the numbers shown equal independent computations with pandas on
the store file read through sqlite3 — not the library's own output copied."""
import datetime as dt
import html
import math
import sqlite3

import numpy as np
import pandas as pd
import pytest

import fitintel
from fitintel import views
from fitintel.views import LABEL_COLORS, LABEL_NAMES
from fitintel.views.hub import SCATTER_HISTORY_CAP
from conftest import iso_date
from fitintel_fixtures import *  # noqa: F401,F403

HUB = {"briefing": "markdown", "summary": "cards", "performance": "cards", "goals": "cards",
       "consistency": "figure", "trend": "figure", "anomalies": "table", "scatter": "figure"}
CHOCO = {"headline": "cards", "monthly_counts": "figure", "monthly_pace": "figure",
         "before_after": "cards", "composition": "figure", "samples": "table",
         "consistency": "markdown"}
MONTHLY = {"month_stats": "table", "calendar": "figure", "weekly_totals": "figure",
           "weekday": "figure", "heatmap": "figure"}
ERA = "2018-06-01"


def raw(db):
    """Every workout with its stored classification, read with sqlite3 (not the library)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        df = pd.read_sql_query(
            "SELECT w.id, w.workout_date, w.activity_type, w.calories, w.distance_mi, w.duration_s,"
            " w.avg_pace, w.steps, w.notes, c.label, c.method, c.confidence FROM workouts w"
            " LEFT JOIN classifications c ON c.workout_id = w.id ORDER BY w.workout_date, w.id",
            con)
    df["date"] = pd.to_datetime(df["workout_date"])
    return df


def between(df, frm, to):
    return df[(df["date"] >= pd.Timestamp(frm)) & (df["date"] <= pd.Timestamp(to))]


def card(view, section, title):
    return next(c for c in view.section(section).cards if c.title == title)


def points(trace):
    """How many data points a trace draws."""
    for attr in ("x", "values", "z"):
        v = getattr(trace, attr, None)
        if v is not None and len(v):
            return len(v)
    return 0


def check_kinds(view, expected):
    assert view.keys() == list(expected)
    for key, kind in expected.items():
        s = view.section(key)
        assert s.kind == kind, key
        if kind == "figure":
            assert sum(points(t) for t in s.figure.data) > 0, f"{view.key}.{key} has no points"
        elif kind == "cards":
            assert s.cards and all(c.value for c in s.cards)
        elif kind == "markdown":
            assert s.markdown.strip()
        elif kind == "table":
            assert isinstance(s.table, pd.DataFrame)


@pytest.fixture(scope="module")
def story(classified):
    """(store, db, raw frame, hub, choco, monthly) on the classified 3,000-workout sample."""
    s, db = classified
    return s, db, raw(db), views.hub(s, days=30), views.choco(s), views.monthly(s)


# ---- the hub ----

def test_hub_sections(story):
    s, db, df, hub, _, _ = story
    check_kinds(hub, HUB)
    assert hub.key == "hub"


def test_hub_period_numbers(story):
    s, db, df, hub, _, _ = story
    p = hub.data["period"]
    last = df["date"].max()
    # no reference date: 30 days ending at the latest workout (the sample data is older)
    assert p["to"] == last.strftime("%Y-%m-%d") and p["days"] == 30
    assert pd.Timestamp(p["to"]) - pd.Timestamp(p["from"]) == pd.Timedelta(days=29)
    now = between(df, p["from"], p["to"])
    prev = between(df, pd.Timestamp(p["from"]) - pd.Timedelta(days=30),
                   pd.Timestamp(p["from"]) - pd.Timedelta(days=1))
    assert hub.data["workouts"] == len(now)
    assert card(hub, "summary", "Workouts").value == f"{len(now):,}"
    assert card(hub, "summary", "Workouts").delta.startswith(f"{len(now) - len(prev):+d} ")
    assert card(hub, "summary", "Distance").value == f"{now['distance_mi'].sum():,.1f} mi"
    assert card(hub, "summary", "Calories").value == f"{now['calories'].sum():,.0f} kcal"
    assert card(hub, "summary", "Duration").value == f"{now['duration_s'].sum() / 3600:,.1f} h"
    counts = now["label"].value_counts()
    for label in ("real_run", "pup_walk", "mixed", "outlier"):
        assert hub.data["labels"].get(label, 0) == counts.get(label, 0)
    runs = now[now["label"] == "real_run"]
    assert card(hub, "performance", "Runs").value == f"{len(runs):,}"
    pace = runs["avg_pace"].mean()
    assert card(hub, "performance", "Runs: mean pace").value == f"{pace:,.2f} min/mi"
    walks = now[now["label"] == "pup_walk"]
    walked = walks["distance_mi"].sum()
    assert card(hub, "performance", "Dog walks: distance").value == f"{walked:,.1f} mi"
    daily = walks["distance_mi"].sum() / 30
    assert card(hub, "goals", "Daily dog-walk distance").value == f"{daily:,.2f} mi/day"
    # rest days between runs: mean gap between consecutive run days, minus the run day itself
    days = runs["date"].drop_duplicates().sort_values()
    if len(days) >= 2:
        rest = (days.diff().dt.days.dropna() - 1).mean()
        assert card(hub, "goals", "Rest days between runs").value == f"{rest:,.1f} days"


def test_hub_consistency_and_trend(story):
    s, db, df, hub, _, _ = story
    p = hub.data["period"]
    c = s.consistency(days=30, at=p["to"])
    bars = hub.section("consistency").figure.data[0]
    assert list(bars.y) == pytest.approx([c.components[k] for k in
                                          ("frequency", "timing", "performance", "streak")]
                                         + [c.score])
    assert hub.data["consistency_score"] == pytest.approx(c.score)
    # the trend's weekly points are the weekly mean pace of runs over the last 365 days
    frm = pd.Timestamp(p["to"]) - pd.Timedelta(days=364)
    runs = between(df, frm, p["to"])
    runs = runs[runs["label"] == "real_run"]
    weekly = runs.groupby(runs["date"].dt.to_period("W-SUN"))["avg_pace"].mean()
    fig = hub.section("trend").figure
    tr = fig.data[0]
    assert len(tr.x) == len(weekly)
    assert list(tr.y) == pytest.approx(list(weekly.to_numpy()))
    # the trend line is the least-squares line of those points, inside its confidence band
    band = next(t for t in fig.data if t.name == "95% confidence band")
    line = next(t for t in fig.data if (t.name or "").startswith("trend ("))
    days = lambda xs: (pd.to_datetime(pd.Series(list(xs))) - pd.Timestamp("1970-01-01")).dt.days  # noqa: E731
    slope, icpt = np.polyfit(days(tr.x).to_numpy(float), np.asarray(tr.y, float), 1)
    assert list(line.y) == pytest.approx(list(slope * days(line.x).to_numpy(float) + icpt), rel=1e-9)
    n = len(line.x)
    high, low = np.asarray(band.y[:n], float), np.asarray(band.y[n:][::-1], float)
    assert (low < np.asarray(line.y)).all() and (np.asarray(line.y) < high).all()


def test_hub_anomalies_within_period(story):
    s, db, df, hub, _, _ = story
    p = hub.data["period"]
    t = hub.section("anomalies").table
    assert list(t.columns)[:3] == ["date", "workout_id", "label"]
    assert ((t["date"] >= p["from"]) & (t["date"] <= p["to"])).all()
    labels = df.set_index("id")["label"]
    for row in t.itertuples():
        assert labels[row.workout_id] == row.label
        flagged = s.anomalies(label=row.label).anomalies
        assert ((flagged["workout_id"] == row.workout_id) & (flagged["metric"] == row.metric)
                & (flagged["method"] == row.method)).any()


def test_hub_scatter(story):
    s, db, df, hub, _, _ = story
    p = hub.data["period"]
    ok = df[(df["avg_pace"] > 0) & (df["distance_mi"] > 0)]
    now = between(ok, p["from"], p["to"])
    fig = hub.section("scatter").figure
    for label, n in now["label"].value_counts().items():
        assert hub.data["scatter_points"][label]["period"] == n
        tr = [t for t in fig.data if t.name == f"{LABEL_NAMES[label]} ({p['from']} to {p['to']})"]
        assert len(tr) == 1 and len(tr[0].x) == n and tr[0].opacity == 1
    history = sum(v["history"] for v in hub.data["scatter_points"].values())
    older = len(ok) - len(now)   # every step-th of them, at most the cap
    step = -(-older // SCATTER_HISTORY_CAP)
    assert step > 1 and history == len(range(0, older, step)) <= SCATTER_HISTORY_CAP
    faded = [t for t in fig.data if t.name.endswith("(history)")]
    assert faded and all(t.opacity == pytest.approx(0.25) for t in faded)
    stars = next(t for t in fig.data if t.name == "centroids")
    assert stars.marker.symbol == "star"
    m = s.model()
    j = m.features.index("log_distance")   # the data chose distance: its centroid is the y
    assert sorted(zip(stars.x, stars.y)) == pytest.approx(
        sorted((c["centroid"][0], c["centroid"][j]) for c in m.clusters))


def test_hub_other_periods(story):
    s, db, df, *_ = story
    for days in (7, 90, 365):
        v = views.hub(s, days=days, at="2019-03-31")
        check_kinds(v, HUB)
        assert v.data["period"] == {"from": (dt.date(2019, 3, 31) - dt.timedelta(days=days - 1))
                                    .isoformat(), "to": "2019-03-31", "days": days}
        assert v.data["workouts"] == len(between(df, v.data["period"]["from"], "2019-03-31"))


# ---- the Choco Effect ----

def test_choco_sections(story):
    check_kinds(story[4], CHOCO)


def test_choco_numbers(story):
    s, db, df, _, choco, _ = story
    before, after = df[df["date"] < ERA], df[df["date"] >= ERA]
    assert choco.data["before"] == len(before) and choco.data["after"] == len(after)
    assert card(choco, "headline", "Workouts before").value == f"{len(before):,}"
    assert card(choco, "headline", "Workouts after").value == f"{len(after):,}"
    # per month over the actual calendar span of each side's data (SPEC §6: 30.44 days a month)
    span_b = (before["date"].max() - before["date"].min()).days + 1
    span_a = (after["date"].max() - after["date"].min()).days + 1
    pm_b, pm_a = len(before) / (span_b / 30.44), len(after) / (span_a / 30.44)
    assert choco.data["per_month_before"] == pytest.approx(pm_b, rel=1e-9)
    assert choco.data["per_month_after"] == pytest.approx(pm_a, rel=1e-9)
    assert card(choco, "headline", "Per month after").value == f"{pm_a:,.1f}"
    assert card(choco, "headline", "Change factor").value == f"{pm_a / pm_b:.1f}×"
    ok = (df["avg_pace"] > 0) & (df["avg_pace"] <= 30)   # the comparison's pace limit
    pace_b = before.loc[ok, "avg_pace"].mean()
    pace_a = after.loc[ok, "avg_pace"].mean()
    assert card(choco, "before_after", "Mean pace before").value == f"{pace_b:,.2f} min/mi"
    assert card(choco, "before_after", "Mean pace after").value == f"{pace_a:,.2f} min/mi"


def test_choco_charts(story):
    s, db, df, _, choco, _ = story
    month = df["date"].dt.to_period("M")
    counts = df.groupby(month).size()
    fig = choco.section("monthly_counts").figure
    drawn = {}
    for t in fig.data:
        for x, y in zip(t.x, t.y):
            drawn[pd.Timestamp(x).to_period("M")] = y
    assert {k: v for k, v in drawn.items() if v} == counts.to_dict()
    colors = [t.marker.color for t in fig.data]
    assert colors == list(views.ERA_COLORS[:len(colors)]) and len(colors) == 2
    # the era line and its name
    assert any(sh.x0 == ERA for sh in fig.layout.shapes)
    assert any(a.text == "Choco arrives" for a in fig.layout.annotations)
    paces = df[(df["avg_pace"] > 0) & (df["avg_pace"] <= 30)].groupby(month)["avg_pace"].mean()
    pf = choco.section("monthly_pace").figure
    got = {pd.Timestamp(x).to_period("M"): y for t in pf.data for x, y in zip(t.x, t.y)}
    assert got.keys() == paces.to_dict().keys()
    assert [got[k] for k in paces.index] == pytest.approx(list(paces))
    pies = choco.section("composition").figure.data
    after = df[df["date"] >= ERA]["label"].value_counts()
    pie = pies[-1]
    names = {v: k for k, v in LABEL_NAMES.items()}
    assert {names[l]: v for l, v in zip(pie.labels, pie.values)} == \
        {k: v for k, v in after.items() if v}
    assert list(pie.marker.colors) == [LABEL_COLORS[names[l]] for l in pie.labels]


def test_choco_samples(story):
    s, db, df, _, choco, _ = story
    t = choco.section("samples").table
    assert (t["date"] >= ERA).all()
    assert t.groupby("label").size().max() <= 10
    stored = df.set_index("id")
    for row in t.itertuples():
        assert stored.loc[row.id, "label"] == row.label
        assert stored.loc[row.id, "method"] == row.method
        assert row.confidence == pytest.approx(stored.loc[row.id, "confidence"], abs=5e-4)
        # the text of each row shown is its own (read for those rows alone)
        assert row.activity_type == stored.loc[row.id, "activity_type"]
        assert row.notes == stored.loc[row.id, "notes"] or (row.notes is None
                                                            and stored.loc[row.id, "notes"] is None)
    assert t["notes"].notna().any(), "the sample's notes reach the table"
    # deterministic: the same rows every time
    assert list(views.choco(s).section("samples").table["id"]) == list(t["id"])


def test_choco_consistency_markdown(story):
    s, db, df, _, choco, _ = story
    md = choco.section("consistency").markdown
    assert "Choco arrives" in md and "**Before:**" in md and "**After:**" in md


# ---- the monthly dashboard ----

def test_monthly_sections(story):
    s, db, df, _, _, monthly = story
    check_kinds(monthly, MONTHLY)
    months = sorted(df["date"].dt.strftime("%Y-%m").unique())
    assert monthly.data["months"] == months
    assert monthly.data["month"] == months[-1]


@pytest.mark.parametrize("month", [None, "2018-06", "2012-02"])
def test_monthly_stats(story, month):
    s, db, df, *_ = story
    v = views.monthly(s, month=month)
    m = v.data["month"]
    rows = df[df["date"].dt.strftime("%Y-%m") == m].copy()
    rows["duration_min"] = rows["duration_s"] / 60
    t = v.section("month_stats").table.set_index("metric")
    for name, col in (("Distance", "distance_mi"), ("Duration", "duration_min"),
                      ("Calories", "calories"), ("Pace", "avg_pace"), ("Steps", "steps")):
        d = rows[col].astype(float).describe()
        assert t.loc[name, "count"] == d["count"]
        for stat, key in (("mean", "mean"), ("median", "50%"), ("std", "std"), ("min", "min"),
                          ("max", "max")):
            assert t.loc[name, stat] == pytest.approx(d[key], abs=0.0051), (name, stat)
        metric = {"duration_min": "duration", "distance_mi": "distance", "avg_pace": "pace"}.get(
            col, col)
        scale = 60 if col == "duration_min" else 1   # the raw stats keep library units (s)
        assert v.data["stats"][f"{metric}_mean"] == pytest.approx(d["mean"] * scale, rel=1e-9)
        assert v.data["stats"][f"{metric}_std"] == pytest.approx(d["std"] * scale, rel=1e-9)
    assert v.data["workouts"] == len(rows)

    cal = v.section("calendar").figure
    assert sum(len(tr.x) for tr in cal.data) == len(rows)
    for tr in cal.data:
        label = next(k for k, n in LABEL_NAMES.items() if n == tr.name)
        assert len(tr.x) == (rows["label"] == label).sum()
        assert tr.marker.color == LABEL_COLORS[label]
    # each marker in its day's cell: column = weekday, row = week of the month
    first = pd.Timestamp(m + "-01")
    for tr in cal.data:
        for x, y, cd in zip(tr.x, tr.y, tr.customdata):
            d = pd.Timestamp(cd[0])
            assert round(x) == d.weekday() and math.floor(y) == (first.weekday() + d.day - 1) // 7

    wd = v.section("weekday").figure
    per_day = np.zeros(7, int)
    for tr in wd.data:
        per_day += np.asarray(tr.y, int)
    assert list(per_day) == [int((rows["date"].dt.weekday == i).sum()) for i in range(7)]

    weeks = v.section("weekly_totals").figure
    mon = first - pd.Timedelta(days=first.weekday())
    end = first + pd.offsets.MonthEnd(0)
    sun = end + pd.Timedelta(days=6 - end.weekday())
    span = between(df, mon, sun)
    bars = [tr for tr in weeks.data if tr.type == "bar"]
    per_week = np.sum([np.asarray(tr.y, int) for tr in bars], axis=0)
    expected = span.groupby(span["date"].dt.to_period("W-SUN")).size()
    assert per_week.sum() == len(span)
    assert [x for x, n in zip(bars[0].x, per_week) if n] == \
        [f"{p.start_time.isocalendar()[0]}-W{p.start_time.isocalendar()[1]:02d}"
         for p in expected.index]
    line = next(tr for tr in weeks.data if tr.type == "scatter")
    assert sum(line.y) == pytest.approx(span["distance_mi"].sum())

    heat = v.section("heatmap").figure.data[0]
    year = first.year
    in_year = df[df["date"].dt.year == year]
    z = np.asarray(heat.z, float)
    assert np.nansum(z) == len(in_year)
    assert np.isfinite(z).sum() == (366 if pd.Timestamp(f"{year}-12-31").dayofyear == 366 else 365)
    busiest = in_year.groupby("date").size()
    day, n = busiest.idxmax(), busiest.max()
    jan1 = pd.Timestamp(f"{year}-01-01")
    col = (day - (jan1 - pd.Timedelta(days=jan1.weekday()))).days // 7
    assert z[day.weekday(), col] == n


def test_monthly_bad_month(story):
    s = story[0]
    for bad in ("2025-13", "June", "2025/06"):
        with pytest.raises(fitintel.InvalidArgumentError):
            views.monthly(s, month=bad)
    v = views.monthly(s, month="1999-01")   # a month without data: empty but drawn
    assert v.data["workouts"] == 0 and "0 workouts" in v.section("month_stats").note


# ---- across views ----

def test_label_colours_identical(story):
    s, db, df, hub, choco, monthly = story
    seen = {}
    names = {v: k for k, v in LABEL_NAMES.items()}

    def note(name, color):
        label = names.get(name.split(" (")[0]) if name else None
        if label and isinstance(color, str):
            seen.setdefault(label, set()).add(color)

    for v in (hub, choco, monthly):
        for fig in v.figures().values():
            for tr in fig.data:
                if tr.type == "pie":
                    for l, c in zip(tr.labels, tr.marker.colors):
                        note(l, c)
                elif tr.type in ("scatter", "bar") and tr.name != "centroids":
                    note(tr.name, tr.marker.color)
    assert {"real_run", "pup_walk", "mixed"} <= seen.keys()
    for label, colors in seen.items():
        assert colors == {LABEL_COLORS[label]}, label


def test_scatter_cap_on_a_large_store(tmp_path):
    path = tmp_path / "big.csv"
    fitintel.sample(path, rows=20000, seed=11)
    with fitintel.open(tmp_path / "big.db") as s:
        s.ingest(path)
        s.eras.add(ERA, "Choco arrives")
        s.train()
        v = views.hub(s, days=90)
        df = raw(tmp_path / "big.db")
    p = v.data["period"]
    ok = df[(df["avg_pace"] > 0) & (df["distance_mi"] > 0)]
    now = between(ok, p["from"], p["to"])
    counts = v.data["scatter_points"]
    assert sum(c["period"] for c in counts.values()) == len(now) > 0
    history = sum(c["history"] for c in counts.values())
    assert 0.8 * SCATTER_HISTORY_CAP <= history <= SCATTER_HISTORY_CAP < len(ok) - len(now)
    fig = v.section("scatter").figure
    drawn = sum(len(t.x) for t in fig.data if t.name != "centroids")
    assert drawn == len(now) + history
    # the period's points are all there, each workout once
    ids = {int(cd[1]) for t in fig.data if t.name.endswith(f"{p['to']})") for cd in t.customdata}
    assert ids == set(now["id"])


def test_user_text_is_escaped(tmp_path, export):
    name = "<b>x</b>"
    with fitintel.open(tmp_path / "esc.db") as s:
        s.ingest(export)
        s.eras.add(ERA, name)
        s.train()
        choco = views.choco(s)
        md = choco.section("consistency").markdown
        assert name not in md and html.escape(name) in md
        fig = choco.section("monthly_counts").figure
        texts = [a.text for a in fig.layout.annotations] + [t.name for t in fig.data]
        assert all(name not in t for t in texts) and html.escape(name) in texts
        # a briefing just after the era mentions it: escaped in the hub's Markdown
        hub = views.hub(s, days=30, at="2018-06-20")
        brief = hub.section("briefing").markdown
        assert any(i["kind"] == "era" and name in i["text"] for i in hub.data["brief"]["insights"])
        assert name not in brief and html.escape(name) in brief


def test_empty_store(tmp_path):
    with fitintel.open(tmp_path / "empty.db") as s:
        hub, choco, monthly = views.hub(s), views.choco(s), views.monthly(s)
    assert hub.keys() == list(HUB) and hub.data["workouts"] == 0
    assert "No workouts" in hub.section("scatter").note
    assert hub.section("trend").note.startswith("No trend")
    assert "train" in hub.section("scatter").note or "No workouts" in hub.section("scatter").note
    assert choco.keys() == ["no_era"] and "era add" in choco.section("no_era").markdown
    assert monthly.keys() == list(MONTHLY) and monthly.data["months"] == []
    assert all("No workouts yet" in sec.note for sec in monthly.sections)


def test_era_without_workouts_before(tmp_path, export):
    """An era before every workout: the change is ∞ in words, no division error."""
    with fitintel.open(tmp_path / "inf.db") as s:
        s.ingest(export)
        s.eras.add("2000-01-01", "Always")
        v = views.choco(s)
    assert v.data["before"] == 0 and v.data["ratio_kind"] == "infinite"
    c = card(v, "headline", "Change factor")
    assert c.value.startswith("∞") and "no workouts before" in c.value + c.help


def test_notes_in_hover_text_are_escaped(tmp_path, export):
    """Workout notes and activity types reach the calendar's hover text escaped (Plotly renders
    markup there); tables keep them as data for the front ends to escape."""
    import csv
    payloads = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>"]
    with open(export, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    rows[0]["Notes"], rows[1]["Notes"] = payloads
    rows[2]["Activity Type"] = "Run <b>hard</b>"
    months = {iso_date(r["Workout Date"])[:7] for r in rows[:3]}
    hostile = tmp_path / "hostile.csv"
    with open(hostile, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    with fitintel.open(tmp_path / "notes.db") as s:
        s.ingest(hostile)
        s.eras.add(ERA, "Choco arrives")
        vs = [views.monthly(s, month=m) for m in sorted(months)]
    hover = [str(cd[-1]) for v in vs for tr in v.section("calendar").figure.data
             for cd in tr.customdata]
    text = " ".join(hover)
    for p in payloads + ["Run <b>hard</b>"]:
        assert p not in text and html.escape(p) in text
    assert "<img" not in text and "<script" not in text
