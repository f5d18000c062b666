"""Trends (SPEC §8.4): weekly or monthly aggregates per label or raw activity type, the trend of
one metric with its OLS line and confidence band, a forecast with prediction intervals, and records.

Every number comes from ``Store.summary``, ``Store.trend``, ``Store.forecast`` and
``Store.records``; this module picks, converts units for display and draws.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import numpy as np

from . import _format as fmt
from ._figures import band_trace
from ._format import canonical_label
from ._base import (LABEL_COLORS, LABEL_NAMES, LABEL_ORDER, SERIES_COLOR, Card,
                    Section, View)

__all__ = ["trends", "trend_figure", "forecast_figure", "records_table", "PERIODS"]

#: Periods the view aggregates by (the forecast works per week or month).
PERIODS = ("week", "month")

# (summary metric, how the row is titled, divisor turning the library's unit into the shown one)
_AGGREGATES = (("distance", "Mean distance (mi)", 1.0), ("duration", "Mean duration (min)", 60.0),
               ("calories", "Mean calories (kcal)", 1.0))

_RECORD_NAMES = {
    "fastest_run_pace": "Fastest run pace", "longest_run": "Longest run",
    "longest_walk": "Longest walk", "most_workouts_week": "Most workouts in a week",
    "most_workouts_month": "Most workouts in a month",
}


def trends(store: Any, per: str = "week", metric: str = "distance", label: Optional[str] = None,
           type: Optional[str] = None, horizon: int = 8) -> View:
    """The trends page.

    Args:
        store: an open :class:`fitintel.Store`.
        per: ``"week"`` or ``"month"`` — the period of the aggregates, trend and forecast.
        metric: what the trend and forecast follow ("distance", "pace", "duration", "calories",
            "steps", ... or "count" for workouts per period).
        label: only workouts with this label (the aggregates then show that label alone).
        type: only this raw Activity Type (one series instead of one per label).
        horizon: periods to forecast.
    """
    if per not in PERIODS:
        raise ValueError(f"per must be one of {PERIODS}, not {per!r}")
    label = canonical_label(label)
    flt = dict(label=label, type=type)
    trend = store.trend(metric, per=per, **flt)
    forecast = store.forecast(metric, per=per, horizon=int(horizon), **flt)
    records = store.records(type=type)
    agg_fig, agg_data = _aggregates(store, per, label, type)
    what = _selection(label, type)

    sections = (
        Section("aggregates", f"Per {per}: workouts and means ({what})", "figure", figure=agg_fig,
                note=_aggregates_note(agg_data, per)),
        Section("trend", f"Trend of {_metric_title(trend)} per {per} ({what})", "figure",
                figure=trend_figure(trend, color=_series_color(label, type)),
                note=_trend_note(trend)),
        Section("forecast", f"Forecast: {_forecast_title(forecast)} for the next {int(horizon)} "
                f"{per}s ({what})", "figure", figure=forecast_figure(forecast),
                note=_forecast_note(forecast)),
        Section("records", "Personal records" + (f" ({_selection(None, type)})" if type else ""),
                "table", table=records_table(records),
                note=f"Over every label (records are of runs and walks); fastest run pace over "
                     f"runs of at least {records.min_run_distance:g} mi."),
        Section("trend_summary", "What the trend says", "cards", cards=_trend_cards(trend),
                note=trend.mann_kendall_note),
    )
    data = {"per": per, "metric": metric, "label": label, "type": type, "horizon": int(horizon),
            "trend": trend.to_dict(), "forecast": forecast.to_dict(),
            "records": records.to_dict(), "aggregates": agg_data}
    return View("trends", "Trends", sections, data)


# ---- aggregates ----

def _aggregates(store: Any, per: str, label: Optional[str], type: Optional[str]):
    """Workouts and mean distance, duration and calories per period, from
    ``Store.summary(by=per)``: the workouts of each label stacked (their counts from one summary)
    and each label's means (a summary of that label), or one series for the label / activity
    type asked for."""
    import plotly.graph_objects as go

    metrics = tuple(m for m, _, _ in _AGGREGATES)
    traces: List[Any] = []
    data: Dict[str, Any] = {}

    def stacked(key: Any, n: Any, name: str, color: str) -> None:
        # stacked areas, not bars: 14 years of weeks are ~700 bars a label, each an SVG path the
        # browser draws (a page switch took ~0.6 s longer), and too thin to read anyway
        traces.append(go.Scatter(x=key, y=n, name=name, legendgroup=name, mode="lines",
                                 stackgroup="workouts", line=dict(color=color, width=0.5),
                                 fillcolor=color))
        data[name] = {"periods": int(len(key)),
                      "first": str(key.iloc[0].date()) if len(key) else None,
                      "last": str(key.iloc[-1].date()) if len(key) else None}

    def lines(s: Any, name: str, color: str) -> None:
        for row, (m, _, div) in enumerate(_AGGREGATES, start=2):
            traces.append(go.Scatter(x=s["key"], y=s[f"{m}_mean"] / div, name=name,
                                     legendgroup=name, showlegend=False, mode="lines",
                                     line=dict(color=color, width=1.2), connectgaps=False,
                                     yaxis=f"y{row}"))

    if type is not None or label is not None:
        s = store.summary(by=per, metrics=metrics, label=label, type=type, fill=True)
        name = type if type is not None else LABEL_NAMES.get(label, label)
        stacked(s["key"], s["workouts"], name, _series_color(label, type))
        if label != "outlier":
            lines(s, name, _series_color(label, type))
    else:
        counts = store.summary(by=per, metrics=(), fill=True)
        for lab in LABEL_ORDER:
            n = counts[f"n_{lab}"]
            if not (n > 0).any():
                continue
            stacked(counts["key"], n, LABEL_NAMES[lab], LABEL_COLORS[lab])
            if lab != "outlier":   # implausible values by definition: they would only squash
                lines(store.summary(by=per, metrics=metrics, label=lab, fill=True),
                      LABEL_NAMES[lab], LABEL_COLORS[lab])

    # Four panels sharing the date axis: workouts on top, then one per mean (no make_subplots:
    # plotly.subplots imports IPython, a second of start-up for nothing).
    titles = ["workouts"] + [t for _, t, _ in _AGGREGATES]
    axes = {}
    for i, title in enumerate(titles):
        top = 1.0 - i * 0.25
        axes["yaxis" if i == 0 else f"yaxis{i + 1}"] = dict(
            domain=[top - 0.21, top], title=dict(text=title, font=dict(size=11)), anchor="x")
    layout = dict(height=760, margin=dict(t=30, l=60, r=20, b=30),
                  legend=dict(orientation="h", y=1.06), hovermode="x unified",
                  xaxis=dict(anchor="y4"), **axes)
    return go.Figure(data=traces, layout=layout), data


def _aggregates_note(data: Dict[str, Any], per: str) -> str:
    if not data:
        return "No workouts match."
    return (f"Workouts stacked per {per}; the lines are each series' mean per {per} (gaps: "
            f"{per}s without such workouts; outliers are counted but not averaged).")


# ---- trend ----

def trend_figure(trend: Any, color: str = SERIES_COLOR, name: str = "per period") -> Any:
    """The trend's points, its OLS line and the line's confidence band, both as the library
    computes them (:attr:`fitintel.Trend.band`). Usable by any view holding a
    :class:`fitintel.Trend`."""
    import plotly.graph_objects as go

    pts = trend.points
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=pts["date"], y=pts["value"], mode="markers", name=name,
                             marker=dict(color=color, size=5, opacity=0.7)))
    band = trend.band
    if trend.status == "ok" and len(band):
        fig.add_trace(band_trace(band["date"], band["low"], band["high"],
                                 f"{trend.ols['confidence']:.0%} confidence band"))
        fig.add_trace(go.Scatter(x=band["date"], y=band["fitted"], mode="lines", name="OLS trend",
                                 line=dict(color=SERIES_COLOR, width=2.5)))
    fig.update_layout(xaxis_title="date", yaxis_title=_metric_title(trend),
                      margin=dict(t=30, l=50, r=20, b=40), legend=dict(orientation="h", y=-0.2))
    return fig


def _trend_note(trend: Any) -> str:
    if trend.status != "ok":
        return f"No trend: {trend.reason}"
    ols = trend.ols
    return (f"OLS over {trend.n} points, {trend.first_date} to {trend.last_date}; R² "
            f"{ols['r2']:.2f}, p {fmt.p_value(ols['p_value'])}. The band is the line's "
            f"{ols['confidence']:.0%} confidence band (the mean value on each day).")


def _trend_cards(trend: Any) -> Tuple[Card, ...]:
    unit = trend.unit or ""
    if trend.status != "ok":
        return (Card("Direction", "not enough data", help=trend.reason),)
    ols, mk = trend.ols, trend.mann_kendall
    better = "lower" if trend.better == "lower" else "higher"
    cards = [
        Card("Direction", str(trend.direction),
             delta=(None if fmt.missing(trend.improvement_pct_per_month) else
                    f"{trend.improvement_pct_per_month:+.2f}% per month"),
             help=f"{better} is better; judged by OLS at {ols['confidence']:.0%}"),
        Card("Slope per month", f"{ols['slope_per_month']:+.3g} {unit}",
             help=f"{ols['confidence']:.0%} CI {ols['slope_low_per_month']:+.3g} to "
                  f"{ols['slope_high_per_month']:+.3g} {unit} per month"),
        Card("Fit", f"R² {ols['r2']:.2f}", help=f"p {fmt.p_value(ols['p_value'])}, "
                                               f"{trend.n} points"),
    ]
    if mk:
        cards.append(Card("Mann–Kendall", f"p {fmt.p_value(mk['p_value'])}",
                          delta=f"τ {mk['tau']:+.2f}",
                          help=f"{mk['direction']}; Sen's slope {mk['sen_slope_per_month']:+.3g} "
                               f"{unit} per month"))
    return tuple(cards)


# ---- forecast ----

#: Periods of history drawn before a forecast (the forecast itself uses all of it).
HISTORY_SHOWN = {"week": 104, "month": 36}


def forecast_figure(forecast: Any, history: Optional[int] = None) -> Any:
    """The last @history periods (default :data:`HISTORY_SHOWN`), the linear forecast with its
    prediction interval, and Holt's forecast."""
    import plotly.graph_objects as go

    hist, fc = forecast.history, forecast.forecast
    hist = hist.tail(history or HISTORY_SHOWN.get(forecast.per, 104))
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=hist["date"], y=hist["value"], mode="lines", name="history",
                             line=dict(color=SERIES_COLOR, width=1.2)))
    if len(fc):
        level = (forecast.linear or {}).get("confidence", 0.95)
        fig.add_trace(band_trace(fc["date"], fc["low"], fc["high"],
                                 f"{level:.0%} prediction interval"))
        fig.add_trace(go.Scatter(x=fc["date"], y=fc["linear"], mode="lines+markers",
                                 name="linear forecast", line=dict(color="#0072B2", width=2)))
        fig.add_trace(go.Scatter(x=fc["date"], y=fc["holt"], mode="lines+markers",
                                 name="Holt forecast", line=dict(color="#D55E00", dash="dash")))
    fig.update_layout(xaxis_title="date", yaxis_title=_forecast_title(forecast),
                      margin=dict(t=30, l=50, r=20, b=40), legend=dict(orientation="h", y=-0.2))
    return fig


def _forecast_note(forecast: Any) -> str:
    if forecast.status != "ok":
        return f"No forecast: {forecast.reason}"
    lin, holt = forecast.linear or {}, forecast.holt or {}
    shown = min(forecast.periods, HISTORY_SHOWN.get(forecast.per, 104))
    return (f"From {forecast.periods} {forecast.per}s (the last {shown} drawn). Linear trend: RMSE "
            f"{fmt.num(lin.get('rmse'), 2)}; Holt (α {fmt.num(holt.get('alpha'), 2)}, β "
            f"{fmt.num(holt.get('beta'), 2)}): RMSE {fmt.num(holt.get('rmse'), 2)}.")


# ---- records ----

def records_table(records: Any):
    """The records as a table: what, value, when, which workout, and the record it beat."""
    import pandas as pd
    rows = []
    for r in records.records:
        prev = r.previous or {}
        rows.append({
            "record": _RECORD_NAMES.get(r.kind, r.kind.replace("_", " ")),
            "value": r.value if r.found else None,
            "unit": r.unit,
            "date": r.date,
            "period": (f"{r.period_first} – {r.period_last}"
                       if r.found and r.period_first != r.period_last else None),
            "workout_id": r.workout_id,
            "previous": prev.get("value"),
            "previous_date": prev.get("date"),
            "note": r.reason,
        })
    return pd.DataFrame(rows, columns=["record", "value", "unit", "date", "period", "workout_id",
                                       "previous", "previous_date", "note"])


# ---- words ----

def _selection(label: Optional[str], type: Optional[str]) -> str:
    parts = []
    if label is not None:
        parts.append(LABEL_NAMES.get(label, label).lower())
    if type is not None:
        parts.append(f"type “{type}”")
    return ", ".join(parts) if parts else "all workouts"


def _series_color(label: Optional[str], type: Optional[str]) -> str:
    """A label's colour when one label is shown, the neutral series colour otherwise."""
    return LABEL_COLORS.get(label, SERIES_COLOR) if type is None else SERIES_COLOR


def _metric_title(trend: Any) -> str:
    if trend.metric == "count":
        return "workouts"
    return f"{trend.statistic or ''} {trend.metric} ({trend.unit})".strip()


def _forecast_title(forecast: Any) -> str:
    if forecast.statistic == "count":
        return "workouts"
    return f"{forecast.statistic} {forecast.metric} ({forecast.unit})"
