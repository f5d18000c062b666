"""The monthly dashboard and calendar (SPEC §8.3): one month's statistics, its calendar with every
workout coloured by label, weekly totals, the weekday distribution and a heatmap of the year.

The numbers come from ``store.summary()`` (grouped by month, week, weekday and day) and the month's
workouts; the view only places them on grids."""
from __future__ import annotations

import calendar as _cal
import datetime as _dt
import html
import inspect
import re
from typing import Any, Dict, List, Optional, Tuple

from ._base import LABEL_COLORS, LABEL_NAMES, LABEL_ORDER, SERIES_COLOR, Section, View
from ._story import empty_figure

#: Metrics of the month's statistics table: (summary metric, display name, unit, scale).
#: The scale only changes units (summary durations are seconds, shown in minutes).
STAT_METRICS = (("distance", "Distance", "mi", 1.0), ("duration", "Duration", "min", 1 / 60.0),
                ("calories", "Calories", "kcal", 1.0), ("pace", "Pace", "min/mi", 1.0),
                ("steps", "Steps", "steps", 1.0))
_STATS = ("n", "mean", "median", "std", "min", "max", "sum")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def monthly(store, month: Optional[str] = None) -> View:
    """The dashboard of @month ("YYYY-MM"; default: the latest month with workouts).

    Raises :class:`fitintel.InvalidArgumentError` for a month that is not "YYYY-MM"."""
    months = _months_with_data(store)
    if month is None:
        month = months[-1] if months else None
    if month is None:
        return _empty(months)
    first, last = _month_bounds(month)
    stats = store.summary(by="month", from_=first, to=last)
    sections = [
        _stats_section(month, stats),
        _calendar_section(store, month, first, last),
        _weekly_section(store, first, last),
        _weekday_section(store, month, first, last),
        _heatmap_section(store, first.year),
    ]
    row = stats.iloc[0].to_dict() if len(stats) else {}
    data: Dict[str, Any] = {
        "month": month,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "months": months,
        "workouts": int(row.get("workouts", 0)),
        "stats": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()},
    }
    return View("monthly", "Monthly dashboard", tuple(sections), data)


def _months_with_data(store) -> List[str]:
    """Every month with at least one workout, oldest first ("YYYY-MM"; the month picker's list)."""
    s = store.summary(by="month", metrics=())
    s = s[s["workouts"] > 0]
    return [k.strftime("%Y-%m") for k in s["key"]]


def _month_bounds(month: str) -> Tuple[_dt.date, _dt.date]:
    from ..errors import InvalidArgumentError
    m = _MONTH.fullmatch(str(month).strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise InvalidArgumentError(f"month must be YYYY-MM, not {month!r}")
    y, mo = int(m.group(1)), int(m.group(2))
    return _dt.date(y, mo, 1), _dt.date(y, mo, _cal.monthrange(y, mo)[1])


def _empty(months: List[str]) -> View:
    note = "No workouts yet: import an export to see its months."
    sections = [Section("month_stats", "Month statistics", "table", table=_stats_table({}),
                        note=note)]
    for key, title in (("calendar", "Calendar"), ("weekly_totals", "Weekly totals"),
                       ("weekday", "Workouts per weekday"), ("heatmap", "The year")):
        sections.append(Section(key, title, "figure",
                                figure=empty_figure(title, "No workouts yet."), note=note))
    return View("monthly", "Monthly dashboard", tuple(sections),
                {"month": None, "from": None, "to": None, "months": months, "workouts": 0,
                 "stats": {}})


# ---- sections ----

def _stats_table(row: Dict[str, Any]):
    """One line per metric: count, mean, median, std, min, max, total (display units, two
    decimals; ``View.data["stats"]`` keeps the library's numbers unrounded)."""
    import pandas as pd
    lines = []
    for metric, name, unit, scale in STAT_METRICS:
        line = {"metric": name, "unit": unit}
        for st in _STATS:
            v = row.get(f"{metric}_{st}")
            if st == "n":
                line["count"] = int(v) if v is not None and v == v else 0
            elif st == "sum" and metric == "pace":
                line[st] = None   # a total of paces means nothing
            else:
                line[st] = None if v is None or v != v else round(float(v) * scale, 2)
        lines.append(line)
    return pd.DataFrame(lines, columns=["metric", "unit", "count", "mean", "median", "std", "min",
                                        "max", "sum"])


def _stats_section(month: str, stats) -> Section:
    row = stats.iloc[0].to_dict() if len(stats) else {}
    n = int(row.get("workouts", 0))
    labels = ", ".join(f"{int(row.get('n_' + lab, 0))} {LABEL_NAMES[lab].lower()}"
                       for lab in LABEL_ORDER if row.get("n_" + lab))
    note = (f"{n} workouts in {month}" + (f" ({labels})" if labels else "")
            + "; std is the sample standard deviation. From the library's monthly summary.")
    return Section("month_stats", f"Statistics of {month}", "table", table=_stats_table(row),
                   note=note)


def _calendar_section(store, month: str, first: _dt.date, last: _dt.date) -> Section:
    """The month as a grid (rows: weeks from Monday, columns: weekdays); each workout a marker in
    its day's cell coloured by label, several in a day side by side."""
    import numpy as np
    import plotly.graph_objects as go
    text = "text" in inspect.signature(store.workouts).parameters
    wk = store.workouts(from_=first, to=last, **({"text": True} if text else {}))
    title = f"Calendar of {month}"
    lead = first.weekday()   # cells before the 1st in the first row
    rows = (lead + last.day + 6) // 7
    fig = go.Figure()
    cells, numbers = [], []   # the grid: one cell and its day number per date
    for d in range(1, last.day + 1):
        col, row = (lead + d - 1) % 7, (lead + d - 1) // 7
        cells.append(dict(type="rect", x0=col - 0.5, x1=col + 0.5, y0=row - 0.5, y1=row + 0.5,
                          line=dict(color="#cccccc", width=1), layer="below"))
        numbers.append(dict(x=col - 0.42, y=row - 0.42, text=str(d), showarrow=False,
                            xanchor="left", yanchor="top", font=dict(size=10, color="#666666")))
    # set at once: each add_shape/add_annotation validates the whole list again (~15 ms a call)
    fig.update_layout(shapes=cells, annotations=numbers)
    day = wk["date"].dt.day.to_numpy() if len(wk) else np.empty(0, int)
    # the j-th of m workouts of a day sits at offset (j − (m − 1)/2)·0.25 within the cell
    order = np.zeros(len(wk)), np.ones(len(wk))
    if len(wk):
        _, start, counts = np.unique(day, return_index=True, return_counts=True)
        j = np.arange(len(wk)) - np.repeat(start, counts)
        order = j, np.repeat(counts, counts)
    cell = lead + day - 1
    x = cell % 7 + (order[0] - (order[1] - 1) / 2) * 0.25
    y = cell // 7 + 0.1
    for label in LABEL_ORDER:
        sel = (wk["label"] == label).to_numpy() if len(wk) else np.zeros(0, bool)
        if not sel.any():
            continue
        part = wk[sel]
        extra = ""
        cols = [part["date"].dt.strftime("%Y-%m-%d").to_numpy(object),
                part["distance_mi"].astype(float).round(2).to_numpy(object),
                part["avg_pace"].astype(float).round(2).to_numpy(object),
                (part["duration_s"].astype(float) / 60.0).round(0).to_numpy(object)]
        if text:   # user text: escaped, Plotly renders markup in hover labels
            cols.append(np.array([_hover_text(a, n) for a, n in
                                  zip(part["activity_type"], part["notes"])], dtype=object))
            extra = "%{customdata[4]}"
        fig.add_trace(go.Scatter(
            x=x[sel], y=y[sel], mode="markers", name=LABEL_NAMES[label],
            marker=dict(color=LABEL_COLORS[label], size=13, line=dict(color="white", width=1)),
            customdata=np.stack(cols, axis=1),
            hovertemplate="%{customdata[0]}<br>%{customdata[1]} mi, %{customdata[2]} min/mi, "
                          "%{customdata[3]} min" + extra + "<extra>" + LABEL_NAMES[label]
                          + "</extra>"))
    fig.update_layout(
        title=title, plot_bgcolor="white",
        xaxis=dict(tickmode="array", tickvals=list(range(7)), ticktext=list(_WEEKDAYS),
                   range=[-0.5, 6.5], showgrid=False, zeroline=False, side="top"),
        yaxis=dict(range=[rows - 0.5, -0.5], showticklabels=False, showgrid=False,
                   zeroline=False))
    note = (f"{len(wk)} workouts; each dot is one workout coloured by its label."
            if len(wk) else f"No workouts in {month}.")
    return Section("calendar", "Calendar", "figure", figure=fig, note=note)


def _hover_text(activity: Any, notes: Any) -> str:
    parts = []
    for v in (activity, notes):
        if v is not None and v == v and str(v).strip():
            parts.append(html.escape(str(v)[:120], quote=False))
    return ("<br>" + " · ".join(parts)) if parts else ""


def _weeks_of(first: _dt.date, last: _dt.date) -> Tuple[_dt.date, _dt.date]:
    """Monday of the first week and Sunday of the last week touching the month."""
    return (first - _dt.timedelta(days=first.weekday()),
            last + _dt.timedelta(days=6 - last.weekday()))


def _weekly_section(store, first: _dt.date, last: _dt.date) -> Section:
    import pandas as pd
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
    mon, sun = _weeks_of(first, last)
    s = store.summary(by="week", metrics=("distance",), from_=mon, to=sun)
    weeks = pd.date_range(mon, sun, freq="7D")   # every week of the month, empty ones too
    s = s.set_index("key").reindex(weeks)
    title = "Weekly totals"
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    labels_iso = [f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}" for d in weeks]
    for label in LABEL_ORDER:
        counts = s["n_" + label].fillna(0).astype(int)
        if not counts.any():
            continue
        fig.add_trace(go.Bar(x=labels_iso, y=counts.to_numpy(), name=LABEL_NAMES[label],
                             marker_color=LABEL_COLORS[label],
                             hovertemplate="%{x}: %{y} workouts<extra>" + LABEL_NAMES[label]
                                           + "</extra>"), secondary_y=False)
    fig.add_trace(go.Scatter(x=labels_iso, y=s["distance_sum"].fillna(0).to_numpy(),
                             mode="lines+markers", name="distance (mi)",
                             line=dict(color=SERIES_COLOR),
                             hovertemplate="%{x}: %{y:.1f} mi<extra></extra>"), secondary_y=True)
    fig.update_layout(title=title, barmode="stack")
    fig.update_yaxes(title_text="workouts", secondary_y=False)
    fig.update_yaxes(title_text="distance (mi)", secondary_y=True, rangemode="tozero")
    total = int(s["workouts"].fillna(0).sum())
    return Section("weekly_totals", title, "figure", figure=fig,
                   note=f"ISO weeks {labels_iso[0]} to {labels_iso[-1]} (Monday {mon} to Sunday "
                        f"{sun}, whole weeks, so days of the neighbouring months count): {total} "
                        "workouts; bars stacked by label, the line is the week's distance. From "
                        "the library's weekly summary.")


def _weekday_section(store, month: str, first: _dt.date, last: _dt.date) -> Section:
    import plotly.graph_objects as go
    s = store.summary(by="weekday", metrics=("distance",), from_=first, to=last, fill=True)
    s = s.set_index("key").reindex(range(7))
    title = f"Workouts per weekday, {month}"
    fig = go.Figure()
    for label in LABEL_ORDER:
        counts = s["n_" + label].fillna(0).astype(int)
        if not counts.any():
            continue
        fig.add_trace(go.Bar(x=list(_WEEKDAYS), y=counts.to_numpy(), name=LABEL_NAMES[label],
                             marker_color=LABEL_COLORS[label],
                             hovertemplate="%{x}: %{y} workouts<extra>" + LABEL_NAMES[label]
                                           + "</extra>"))
    if not fig.data:
        fig = empty_figure(title, f"No workouts in {month}.")
    fig.update_layout(title=title, barmode="stack", yaxis_title="workouts")
    return Section("weekday", "Workouts per weekday", "figure", figure=fig,
                   note="Workouts of the month on each weekday, stacked by label (the library's "
                        "weekday summary).")


def _heatmap_section(store, year: int) -> Section:
    """The year as 7 rows (Monday first) × up to 54 week columns of daily workout counts; days
    outside the year are blank."""
    import numpy as np
    import plotly.graph_objects as go
    jan1, dec31 = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    s = store.summary(by="day", metrics=("distance",), from_=jan1, to=dec31, fill=True)
    start = jan1 - _dt.timedelta(days=jan1.weekday())   # Monday of the week holding 1 January
    cols = (dec31 - start).days // 7 + 1
    z = np.full((7, cols), np.nan)
    dist = np.full((7, cols), np.nan)
    dates = np.full((7, cols), "", dtype=object)
    for offset in range((dec31 - jan1).days + 1):   # every day of the year: 0 until a summary says
        d = jan1 + _dt.timedelta(days=offset)
        c, r = (d - start).days // 7, d.weekday()
        z[r, c], dist[r, c], dates[r, c] = 0, 0.0, d.isoformat()
    if len(s):
        keys = s["key"].dt.date.to_numpy()
        idx = np.array([(k - start).days for k in keys])
        z[idx % 7, idx // 7] = s["workouts"].to_numpy()
        dist[idx % 7, idx // 7] = s["distance_sum"].fillna(0).to_numpy()
    title = f"Workouts per day, {year}"
    fig = go.Figure(go.Heatmap(
        z=z, x=list(range(1, cols + 1)), y=list(_WEEKDAYS),
        customdata=np.dstack([dates, np.round(dist, 2)]),
        colorscale=[[0, "#f0f0f0"], [1e-9, "#c6dbef"], [1, LABEL_COLORS["real_run"]]],
        zmin=0, xgap=2, ygap=2, colorbar=dict(title="workouts"), hoverongaps=False,
        hovertemplate="%{customdata[0]}: %{z} workouts, %{customdata[1]} mi<extra></extra>"))
    fig.update_layout(title=title, yaxis=dict(autorange="reversed"),
                      xaxis=dict(title="week of the year", showgrid=False),
                      plot_bgcolor="white")
    total = int(np.nansum(z))
    return Section("heatmap", f"The year {year}", "figure", figure=fig,
                   note=f"{total} workouts in {year}, one cell per day (weeks from Monday); from "
                        "the library's daily summary.")
