"""The intelligence hub (SPEC §8.1): the landing page — the briefing of a period, its summary,
run/walk performance and goals with changes against the previous period of the same length,
consistency, the run-pace trend, the period's anomalies and the classifier's scatter.

Every number comes from a library call (brief, consistency, trend, forecast, anomalies, model,
workouts); this module only picks, formats and draws them."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List, Optional, Tuple

from ._base import (LABEL_COLORS, LABEL_NAMES, LABEL_ORDER, SERIES_COLOR, Card,
                    Section, View)
from ._figures import band_trace
from ._format import count, missing, num
from ._story import briefing_markdown, day_before, signed

#: At most this many history points in the scatter (the period's points are always all drawn): a
#: faded background shows the clusters' shape with 400 as well as with 5,000, and each thousand
#: SVG markers cost a page switch ~0.2 s of the browser's time (bench/streamlit.py).
SCATTER_HISTORY_CAP = 400
#: The trend chart looks back this many days at least (a 7-day period has too few weeks).
TREND_MIN_DAYS = 365
#: Weeks of run-pace forecast drawn after the trend.
TREND_HORIZON = 8
#: The labels the performance and goal cards speak about.
_RUN, _WALK = "real_run", "pup_walk"


def hub(store, days: int = 30, at: Optional[Any] = None) -> View:
    """The hub for the @days ending @at (default: today, or the latest workout's day when the
    data is older — the briefing's rule). Sections: briefing, summary, performance, goals,
    consistency, trend, anomalies, scatter."""
    brief = store.brief(days, at)
    prev = store.brief(brief.days, day_before(brief.from_))
    frm, to, n_days = brief.from_, brief.to, brief.days
    cons = store.consistency(days=n_days, at=to)
    model = _active_model(store)
    summary = _insight(brief, "summary")

    sections = [
        Section("briefing", f"Briefing: {frm} to {to}", "markdown",
                markdown=briefing_markdown(brief.to_dict()),
                note="The library's briefing (SPEC §7): insights with their method, then "
                     "recommendations, most useful first."),
        _summary_section(brief, prev),
        _performance_section(brief, prev),
        _goals_section(store, brief, prev, model),
        _consistency_section(cons),
        _trend_section(store, to, n_days),
        _anomalies_section(store, frm, to),
    ]
    scatter, scatter_counts = _scatter_section(store, frm, to, model)
    sections.append(scatter)
    data: Dict[str, Any] = {
        "period": {"from": frm, "to": to, "days": n_days},
        "brief": brief.to_dict(),
        "previous_brief": prev.to_dict(),
        "consistency_score": cons.score,
        "consistency_components": dict(cons.components or {}),
        "labels": dict((summary.evidence or {}).get("labels") or {}) if summary else {},
        "workouts": int((summary.evidence or {}).get("workouts") or 0) if summary else 0,
        "scatter_points": scatter_counts,
        "centroids": _centroids(model),
    }
    return View("hub", "Intelligence hub", tuple(sections), data)


# ---- library results, picked ----

def _insight(brief, kind: str, label: Optional[str] = None):
    """The briefing's first insight of @kind (and evidence label @label), or None."""
    for i in brief.insights:
        if i.kind == kind and (label is None or (i.evidence or {}).get("label") == label):
            return i
    return None


def _evidence(brief, kind: str, label: Optional[str] = None) -> Dict[str, Any]:
    i = _insight(brief, kind, label)
    return dict(i.evidence or {}) if i is not None else {}


def _active_model(store):
    """The active model, or None when none was trained."""
    from ..errors import NotFoundError
    try:
        return store.model()
    except NotFoundError:
        return None


def _centroids(model) -> List[Dict[str, Any]]:
    """Each cluster's label and centroid pace (min/mi) and distance (mi), in original units.
    Pace is always the first feature; distance is one only when the data chose it (else the
    cluster's mean distance stands in)."""
    if model is None:
        return []
    features = list(model.features)
    j = features.index("log_distance") if "log_distance" in features else None
    out = []
    for c in model.clusters:
        centroid = c.get("centroid") or []
        stats = c.get("distance_mean_min_max") or [None]
        distance = centroid[j] if j is not None and j < len(centroid) else stats[0]
        if centroid and distance is not None:
            out.append({"cluster": c.get("cluster"), "label": c.get("label"),
                        "pace": centroid[0], "distance": distance, "size": c.get("size")})
    return out


# ---- sections ----

def _summary_section(brief, prev) -> Section:
    cur, old = _evidence(brief, "summary"), _evidence(prev, "summary")
    vs = f"vs the previous {prev.days} days"

    def card(title, key, digits, unit, help_):
        value = cur.get(key)
        text = count(value) if digits is None else num(value, digits, unit)
        return Card(title, text, signed(value, old.get(key), 0 if digits is None else digits,
                                        unit, vs), help_)

    cards = (
        card("Workouts", "workouts", None, "", "Workouts logged in the period."),
        card("Per week", "per_week", 1, "", "Workouts per week over the period."),
        card("Distance", "distance_mi", 1, "mi", "Total distance."),
        card("Duration", "duration_h", 1, "h", "Total workout time."),
        card("Calories", "calories", 0, "kcal", "Total calories burned."),
    )
    return Section("summary", "Period summary", "cards", cards=cards,
                   note=f"From the briefing's period summary; changes against the briefing of "
                        f"{prev.from_} to {prev.to}.")


def _performance_section(brief, prev) -> Section:
    vs = f"vs the previous {prev.days} days"
    cards: List[Card] = []
    for label in (_RUN, _WALK):
        cur, old = _evidence(brief, "performance", label), _evidence(prev, "performance", label)
        name = LABEL_NAMES[label]
        n = cur.get("count", 0)
        cards.append(Card(name, count(n), signed(n, old.get("count", 0), 0, "", vs),
                          f"{name} in the period."))
        cards.append(Card(f"{name}: mean pace", num(cur.get("mean_pace"), 2, "min/mi"),
                          signed(cur.get("mean_pace"), old.get("mean_pace"), 2, "min/mi", vs),
                          f"Range {num(cur.get('pace_min'), 2)}–{num(cur.get('pace_max'), 2)} "
                          f"min/mi; lower is faster."))
        cards.append(Card(f"{name}: distance", num(cur.get("distance_mi", 0), 1, "mi"),
                          signed(cur.get("distance_mi", 0), old.get("distance_mi", 0), 1, "mi", vs),
                          f"Total distance of {name.lower()}."))
    return Section("performance", "Runs and dog walks", "cards", cards=tuple(cards),
                   note="From the briefing's per-label performance insights, this period and the "
                        "previous one.")


def _goals_section(store, brief, prev, model) -> Section:
    run = _evidence(brief, "performance", _RUN)
    target = next((c["pace"] for c in _centroids(model) if c["label"] == _RUN), None)
    pace = run.get("mean_pace")
    pace_card = Card("Run pace vs target", num(pace, 2, "min/mi"),
                     signed(pace, target, 2, "min/mi", f"vs target {num(target, 2)}")
                     if not missing(target) else None,
                     "Target: the typical pace of the active model's run cluster (its centroid); "
                     "below it is faster." if not missing(target) else
                     "No target yet: train a model and its run cluster's pace becomes the target.")

    rest, rest_prev = _run_rest_days(store, brief), _run_rest_days(store, prev)
    rest_card = Card("Rest days between runs", num(rest, 1, "days"),
                     signed(rest, rest_prev, 1, "days", f"vs the previous {prev.days} days"),
                     "Mean days without a run between consecutive run days in the period.")

    walk = _evidence(brief, "performance", _WALK).get("distance_mi", 0)
    walk_prev = _evidence(prev, "performance", _WALK).get("distance_mi", 0)
    # per day of the period: the library's total over the period's length (a unit change).
    daily, daily_prev = walk / brief.days, walk_prev / prev.days
    walk_card = Card("Daily dog-walk distance", num(daily, 2, "mi/day"),
                     signed(daily, daily_prev, 2, "mi/day", f"vs the previous {prev.days} days"),
                     f"{num(walk, 1, 'mi')} of dog walks over {brief.days} days.")
    return Section("goals", "Goals", "cards", cards=(pace_card, rest_card, walk_card),
                   note="Run pace: the briefing's mean run pace against the active model's run "
                        "centroid. Rest days: mean_rest_days of the consistency analysis of the "
                        "period's runs. Walk distance: the briefing's dog-walk distance per day.")


def _run_rest_days(store, brief) -> Optional[float]:
    """Mean rest days between the runs of @brief's period (consistency history of those runs)."""
    c = store.consistency(days=brief.days, at=brief.to, from_=brief.from_, to=brief.to,
                          label=_RUN)
    return (c.history or {}).get("mean_rest_days")


def _consistency_section(cons) -> Section:
    import plotly.graph_objects as go
    parts = dict(cons.components or {})
    names = ["frequency", "timing", "performance", "streak"]
    fig = go.Figure(go.Bar(x=[n.capitalize() for n in names] + ["Score"],
                           y=[parts.get(n, 0) for n in names] + [cons.score],
                           marker_color=[SERIES_COLOR] * 5,   # not a label colour: no label
                           marker_opacity=[0.55] * 4 + [1.0],
                           text=[num(parts.get(n, 0), 0) for n in names] + [num(cons.score, 0)],
                           textposition="outside", name="consistency"))
    fig.update_layout(title=f"Consistency {num(cons.score, 0)}/100", yaxis_range=[0, 110],
                      yaxis_title="score (0–100)", showlegend=False)
    note = ("Score = 0.4·frequency + 0.2·timing + 0.2·performance + 0.2·streak (SPEC §4). "
            + cons.summary if not cons.empty else
            "No workouts in the window: every component is 0.")
    return Section("consistency", "Consistency", "figure", figure=fig, note=note)


def _trend_section(store, to: str, days: int) -> Section:
    import plotly.graph_objects as go
    look = max(days, TREND_MIN_DAYS)
    frm = (_dt.date.fromisoformat(to) - _dt.timedelta(days=look - 1)).isoformat()
    t = store.trend("pace", per="week", label=_RUN, from_=frm, to=to)
    fig = go.Figure()
    title = f"Run pace per week, {frm} to {to}"
    if t.status != "ok":
        fig.update_layout(title=title)
        return Section("trend", "Run-pace trend", "figure", figure=fig,
                       note=f"No trend: {t.reason or t.status}.")
    pts = t.points
    fig.add_trace(go.Scatter(x=pts["date"], y=pts["value"], mode="markers+lines",
                             name="weekly mean pace", line=dict(color=LABEL_COLORS[_RUN], width=1),
                             marker=dict(size=5)))
    ols = t.ols or {}
    band = t.band
    fig.add_trace(band_trace(band["date"], band["low"], band["high"], "95% confidence band"))
    fig.add_trace(go.Scatter(x=band["date"], y=band["fitted"],
                             mode="lines", name=f"trend ({t.direction})",
                             line=dict(color=SERIES_COLOR, width=2)))
    f = store.forecast("pace", per="week", horizon=TREND_HORIZON, label=_RUN, from_=frm, to=to)
    if f.status == "ok":
        fc = f.forecast
        fig.add_trace(band_trace(fc["date"], fc["low"], fc["high"], "95% prediction interval",
                                 color="rgba(51, 51, 51, 0.07)"))
        fig.add_trace(go.Scatter(x=fc["date"], y=fc["linear"], mode="lines", name="forecast",
                                 line=dict(color=SERIES_COLOR, dash="dash")))
    fig.update_layout(title=title, yaxis_title="min/mi (lower is faster)")
    note = (f"OLS on days: {signed(ols.get('slope_per_month'), 0, 3, 'min/mi')} per month "
            f"(95% CI {num(ols.get('slope_low_per_month'), 3)} to "
            f"{num(ols.get('slope_high_per_month'), 3)}), p = {num(ols.get('p_value'), 3)}, "
            f"{t.direction}; the dark band is the line's 95% confidence band, the light one "
            "the forecast's 95% prediction interval.")
    return Section("trend", "Run-pace trend", "figure", figure=fig, note=note)


def _anomalies_section(store, frm: str, to: str) -> Section:
    """Workouts of the period that stand out against all workouts of their label (as the
    briefing judges them): detection over the whole history, rows of the period picked."""
    import pandas as pd
    parts = []
    for label in (_RUN, _WALK):
        df = store.anomalies(label=label).anomalies
        df = df[(df["date"] >= pd.Timestamp(frm)) & (df["date"] <= pd.Timestamp(to))]
        parts.append(df.assign(label=label))
    df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    cols = ["date", "workout_id", "label", "metric", "method", "value", "score", "direction",
            "severity"]
    if len(df):
        df = df.sort_values(["date", "workout_id", "metric", "method"], kind="stable")
        df = df[cols].reset_index(drop=True)
        df["date"] = df["date"].dt.strftime("%Y-%m-%d")
        df["metric"] = df["metric"].astype(str)
        df["method"] = df["method"].astype(str)
        df["direction"] = df["direction"].astype(str)
        df["severity"] = df["severity"].astype(str)
        note = (f"{df['workout_id'].nunique()} workouts of {frm} to {to} flagged against all "
                "workouts of their label (methods and thresholds from the store's configuration).")
    else:
        df = pd.DataFrame(columns=cols)
        note = f"No run or dog walk of {frm} to {to} stands out against its label's history."
    return Section("anomalies", "Anomalies in the period", "table", table=df, note=note)


def _scatter_section(store, frm: str, to: str, model) -> Tuple[Section, Dict[str, Dict[str, int]]]:
    """Pace × distance per label: the period's workouts opaque, a deterministic thinning of the
    history (every k-th in date order, at most SCATTER_HISTORY_CAP) faded, centroids starred."""
    import numpy as np
    import pandas as pd
    import plotly.graph_objects as go
    wk = store.workouts()
    # masks over plain arrays, then only the rows drawn are taken (not a million-row copy each)
    pace = wk["avg_pace"].to_numpy(float, na_value=np.nan)
    dist = wk["distance_mi"].to_numpy(float, na_value=np.nan)
    drawable = (pace > 0) & (dist > 0)   # a log axis shows neither 0 nor NA (NaN > 0 is False)
    day = wk["date"].to_numpy()
    first, last = np.datetime64(pd.Timestamp(frm)), np.datetime64(pd.Timestamp(to))
    now = drawable & (day >= first) & (day <= last)
    history_rows = np.flatnonzero(drawable & ~now)
    step = max(1, -(-len(history_rows) // SCATTER_HISTORY_CAP))   # ceil: every step-th one
    period, hist = wk.iloc[np.flatnonzero(now)], wk.iloc[history_rows[::step]]
    n_drawable, n_history = int(drawable.sum()), len(history_rows)
    fig = go.Figure()
    counts: Dict[str, Dict[str, int]] = {}
    for label in LABEL_ORDER:
        counts[label] = {"period": int((period["label"] == label).sum()),
                         "history": int((hist["label"] == label).sum())}
    # the faded history first, so that no history point hides one of the period's
    for frame, opacity, when in ((hist, 0.25, "history"), (period, 1.0, f"{frm} to {to}")):
        for label in LABEL_ORDER:
            part = frame[frame["label"] == label]
            if not len(part):
                continue
            fig.add_trace(go.Scatter(
                x=part["avg_pace"].to_numpy(float), y=part["distance_mi"].to_numpy(float),
                mode="markers", name=f"{LABEL_NAMES[label]} ({when})", legendgroup=label,
                opacity=opacity, visible="legendonly" if label == "outlier" else True,
                marker=dict(color=LABEL_COLORS[label], size=6 if opacity < 1 else 8),
                customdata=np.stack([part["date"].dt.strftime("%Y-%m-%d").to_numpy(object),
                                     part["id"].to_numpy()], axis=1),
                hovertemplate="%{customdata[0]} (#%{customdata[1]})<br>%{x:.2f} min/mi, "
                              "%{y:.2f} mi<extra>" + LABEL_NAMES[label] + "</extra>"))
    cents = _centroids(model)
    if cents:
        fig.add_trace(go.Scatter(
            x=[c["pace"] for c in cents], y=[c["distance"] for c in cents], mode="markers+text",
            text=[LABEL_NAMES.get(c["label"], c["label"]) for c in cents],
            textposition="top center", name="centroids",
            marker=dict(symbol="star", size=20, color=[LABEL_COLORS.get(c["label"], SERIES_COLOR)
                                                       for c in cents],
                        line=dict(color="black", width=1.5))))
    fig.update_layout(title="Pace × distance by label", xaxis_type="log",
                      xaxis_title="pace (min/mi, log scale)", yaxis_title="distance (mi)")
    shown = len(hist) + len(period)
    if not n_drawable:
        note = "No workouts with a pace and a distance yet."
    else:
        note = (f"{len(period):,} workouts of the period (opaque) and {len(hist):,} of the history "
                f"(faded" + (f", every {step}th of {n_history:,}" if step > 1 else "")
                + f"); {shown:,} points. "
                + "Outliers are listed in the legend, hidden until clicked (their extreme "
                  "values would squash the axes). "
                + ("Stars: the active model's centroids." if cents else
                   "No model yet: train one to see the centroids."))
    return Section("scatter", "Workouts by label", "figure", figure=fig, note=note), counts
