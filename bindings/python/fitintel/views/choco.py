"""The Choco Effect (SPEC §6, §8.2): how life changed at an era — headline numbers, the monthly
story charts with the era marked, before/after cards with Welch's test and Cohen's d, the label
composition, sample classifications with their real confidence, and consistency on each side.

Everything comes from ``store.compare_eras()`` and a few other library calls; the view only
arranges it. Era names are user text: escaped wherever a front end or Plotly renders markup."""
from __future__ import annotations

import html
from typing import Any, Dict, List, Optional

from ._base import (ERA_COLORS, LABEL_COLORS, LABEL_NAMES, LABEL_ORDER, SERIES_COLOR, Card,
                    Section, View)
from ._format import count, md_text, num, p_value
from ._story import empty_figure, signed

#: Sample classifications shown per label (evenly spread over the era, so deterministic).
SAMPLES_PER_LABEL = 10


def choco(store) -> View:
    """The era story of @store around its first era (every era is marked on the charts).
    Without an era: one markdown section saying how to add one."""
    from ..errors import NotFoundError
    try:
        cmp = store.compare_eras()
    except NotFoundError as e:
        return _no_era(str(e))
    if not cmp.changes:
        return _no_era("The store has eras but no comparison could be made.")
    change = cmp.changes[0]
    era = change.era or {}
    names = _period_names(cmp)
    sections = [
        _headline(change),
        _monthly_counts(cmp, names),
        _monthly_pace(cmp, names),
        _before_after(change),
        _composition(change),
        _samples(store, era),
        _consistency(store, cmp),
    ]
    before, after = change.before or {}, change.after or {}
    data: Dict[str, Any] = {
        "comparison": cmp.to_dict(),
        "era": dict(era),
        "before": before.get("workouts", 0),
        "after": after.get("workouts", 0),
        "per_month_before": before.get("per_month"),
        "per_month_after": after.get("per_month"),
        "ratio": change.ratio,
        "ratio_kind": change.ratio_kind,
        "ratio_text": change.ratio_text,
    }
    return View("choco", "The Choco Effect", tuple(sections), data)


def _no_era(message: str) -> View:
    md = ("No era is configured, so there is nothing to compare yet.\n\n"
          "Add the date life changed and its name, for example with the command "
          "**fitintel era add 2018-06-01 \"Choco arrives\"** or in Python with "
          "**store.eras.add(\"2018-06-01\", \"Choco arrives\")**.\n\n"
          f"The library said: {md_text(message)}\n")
    return View("choco", "The Choco Effect",
                (Section("no_era", "No era yet", "markdown", markdown=md,
                         note="The story needs at least one era (SPEC §6)."),),
                {"comparison": None, "era": None, "before": 0, "after": 0})


def _period_names(cmp) -> List[str]:
    """Legend names of the series' periods: before the first era, then each era's name
    (HTML-escaped: Plotly renders markup in legends and annotations)."""
    eras = list(cmp.eras)
    first = eras[0].name if eras else "the era"
    # Plotly shows entities it knows (&lt; &gt; &amp;) but prints &quot; as written: quote=False
    return [f"Before {html.escape(first, quote=False)}"] + [html.escape(e.name, quote=False)
                                                            for e in eras]


def _era_color(period: int) -> str:
    return ERA_COLORS[min(period, len(ERA_COLORS) - 1)]


def _mark_eras(fig, cmp) -> None:
    """A dashed vertical line and the escaped name at each era's date (drawn as a shape and an
    annotation: plotly 5.4's add_vline cannot annotate date axes)."""
    lines, names = list(fig.layout.shapes), list(fig.layout.annotations)
    for m in cmp.markers.itertuples():
        x = m.date.strftime("%Y-%m-%d")
        lines.append(dict(type="line", x0=x, x1=x, y0=0, y1=1, yref="paper",
                          line=dict(color=SERIES_COLOR, dash="dash", width=1.5)))
        names.append(dict(x=x, y=1, yref="paper", yanchor="bottom", showarrow=False,
                          text=html.escape(str(m.name), quote=False), font=dict(color=SERIES_COLOR)))
    # set at once: each add_shape/add_annotation validates the whole list again
    fig.update_layout(shapes=lines, annotations=names)


# ---- sections ----

def _headline(change) -> Section:
    before, after = change.before or {}, change.after or {}

    def span(side: Dict[str, Any]) -> str:
        if not side.get("workouts"):
            return "no workouts"
        return (f"{side.get('first_date')} to {side.get('last_date')}, "
                f"{num(side.get('span_months'), 1)} months")

    ratio_help = {
        "finite": "Workouts per month after the era over those before it.",
        "infinite": "There were no workouts before the era, so any activity after it is an "
                    "infinite change.",
        "undefined": "There were no workouts before the era nor after it: no change to state.",
    }.get(change.ratio_kind, "")
    cards = (
        Card("Workouts before", count(before.get("workouts", 0)), None, span(before)),
        Card("Workouts after", count(after.get("workouts", 0)),
             signed(after.get("workouts", 0), before.get("workouts", 0), 0, "", "vs before"),
             span(after)),
        Card("Per month before", num(before.get("per_month"), 1), None,
             "Workouts per month over the calendar span of the data before the era."),
        Card("Per month after", num(after.get("per_month"), 1),
             signed(after.get("per_month"), before.get("per_month"), 1, "", "vs before"),
             "Workouts per month over the calendar span of the data after the era."),
        Card("Change factor", change.ratio_text or "—", None, ratio_help),
    )
    return Section("headline", "Before and after", "cards", cards=cards, note=change.summary)


def _monthly_counts(cmp, names: List[str]) -> Section:
    import plotly.graph_objects as go
    s = cmp.series
    title = "Workouts per month"
    if not len(s):
        return Section("monthly_counts", title, "figure",
                       figure=empty_figure(title, "No workouts yet."), note="No workouts yet.")
    fig = go.Figure()
    for period in sorted(s["period"].unique()):
        part = s[s["period"] == period]
        fig.add_trace(go.Bar(x=part["month"], y=part["workouts"],
                             name=names[min(period, len(names) - 1)],
                             marker_color=_era_color(int(period)),
                             xperiod="M1", xperiodalignment="middle",   # a bar spans its month
                             hovertemplate="%{x|%b %Y}: %{y} workouts<extra></extra>"))
    _mark_eras(fig, cmp)
    fig.update_layout(title=title, yaxis_title="workouts", bargap=0.1)
    return Section("monthly_counts", title, "figure", figure=fig,
                   note="Monthly workout counts from the era comparison's story series; bars "
                        "coloured by era, the dashed line marks the era's date.")


def _monthly_pace(cmp, names: List[str]) -> Section:
    import plotly.graph_objects as go
    s = cmp.series
    pace_max = (cmp.params or {}).get("pace_max")
    title = "Monthly mean pace"
    s = s[s["pace_n"] > 0] if len(s) else s
    if not len(s):
        return Section("monthly_pace", title, "figure",
                       figure=empty_figure(title, "No paces yet."),
                       note="No workouts with a pace yet.")
    fig = go.Figure()
    for period in sorted(s["period"].unique()):
        part = s[s["period"] == period]
        fig.add_trace(go.Scatter(x=part["month"], y=part["pace_mean"], mode="lines+markers",
                                 name=names[min(period, len(names) - 1)],
                                 line=dict(color=_era_color(int(period))), marker=dict(size=4),
                                 customdata=part["pace_n"],
                                 hovertemplate="%{x|%b %Y}: %{y:.2f} min/mi over %{customdata} "
                                               "workouts<extra></extra>"))
    _mark_eras(fig, cmp)
    fig.update_layout(title=title, yaxis_title="min/mi (lower is faster)")
    return Section("monthly_pace", title, "figure", figure=fig,
                   note=f"Mean pace of each month's workouts with a pace up to {num(pace_max, 0)} "
                        "min/mi (the era comparison's story series).")


def _test_card(title: str, test: Optional[Dict[str, Any]]) -> Card:
    test = test or {}
    if not test.get("computed"):
        return Card(title, "—", None, test.get("reason") or "Not enough values on both sides.")
    return Card(title, f"d = {num(test.get('cohen_d'), 2)}", f"p {_p(test.get('p_value'))}",
                f"Welch's t = {num(test.get('t'), 2)} on {num(test.get('df'), 1)} degrees of "
                f"freedom; Cohen's d is the difference in pooled standard deviations.")


def _p(p: Any) -> str:
    text = p_value(p)
    return text if text.startswith("<") else f"= {text}"


def _before_after(change) -> Section:
    before, after = change.before or {}, change.after or {}
    tests = change.tests or {}
    cards = []
    for key, label, unit, digits in (("pace", "Mean pace", "min/mi", 2),
                                     ("distance", "Mean distance", "mi", 2)):
        b, a = (before.get(key) or {}), (after.get(key) or {})
        cards.append(Card(f"{label} before", num(b.get("mean"), digits, unit), None,
                          f"Over {count(b.get('n', 0))} workouts; sd {num(b.get('sd'), digits)}."))
        cards.append(Card(f"{label} after", num(a.get("mean"), digits, unit),
                          signed(a.get("mean"), b.get("mean"), digits, unit, "vs before"),
                          f"Over {count(a.get('n', 0))} workouts; sd {num(a.get('sd'), digits)}."))
        cards.append(_test_card(f"{label}: effect size", tests.get(key)))
    return Section("before_after", "Pace and distance, before and after", "cards",
                   cards=tuple(cards),
                   note="Means over workouts with a pace up to the comparison's pace limit; "
                        "Welch's t-test and Cohen's d from the library.")


def _composition(change) -> Section:
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
    title = "Label composition"
    parts = [("Before", change.before or {}), ("After", change.after or {})]
    parts = [(name, side) for name, side in parts if side.get("workouts")]
    if not parts:
        return Section("composition", title, "figure",
                       figure=empty_figure(title, "No workouts yet."), note="No workouts yet.")
    fig = make_subplots(rows=1, cols=len(parts), specs=[[{"type": "domain"}] * len(parts)],
                        subplot_titles=[f"{name} the era" for name, _ in parts])
    for col, (name, side) in enumerate(parts, 1):
        labels = side.get("labels") or {}
        shown = [lab for lab in LABEL_ORDER if (labels.get(lab) or {}).get("count")]
        fig.add_trace(go.Pie(labels=[LABEL_NAMES[lab] for lab in shown],
                             values=[labels[lab]["count"] for lab in shown],
                             marker=dict(colors=[LABEL_COLORS[lab] for lab in shown]),
                             sort=False, direction="clockwise", name=name,
                             textposition="inside",
                             hovertemplate="%{label}: %{value} workouts (%{percent})"
                                           "<extra>" + name + "</extra>"),
                      row=1, col=col)
    fig.update_layout(title=title, uniformtext=dict(minsize=10, mode="hide"))
    fig.update_annotations(yshift=12)   # the subplot titles above the pies
    return Section("composition", title, "figure", figure=fig,
                   note="Counts of each label on each side of the era (the era comparison).")


def _samples(store, era: Dict[str, Any]) -> Section:
    """Up to SAMPLES_PER_LABEL classified workouts per label after the era, evenly spread in date
    order (so the same store gives the same rows), with their stored method and confidence."""
    import numpy as np
    import pandas as pd
    date = era.get("date")
    cols = ["id", "date", "activity_type", "notes", "distance_mi", "duration_min", "avg_pace",
            "label", "method", "confidence"]
    after = store.workouts(from_=date)
    parts = []
    for label in LABEL_ORDER:
        if label == "unknown":   # unclassified workouts have no confidence to show
            continue
        df = after[after["label"] == label]
        if not len(df):
            continue
        pick = np.unique(np.linspace(0, len(df) - 1, min(SAMPLES_PER_LABEL, len(df))).round()
                         .astype(int))
        parts.append(df.iloc[pick])
    if not parts:
        return Section("samples", "Sample classifications", "table",
                       table=pd.DataFrame(columns=cols), note="No workouts after the era yet.")
    df = pd.concat(parts, ignore_index=True)
    # the text of the few rows shown, not of every workout since the era (~0.3 s per million)
    ids = ",".join(str(int(i)) for i in df["id"])
    texts = store.sql(f"SELECT id, activity_type, notes FROM workouts WHERE id IN ({ids})",
                      max_rows=len(df), history=False).set_index("id")
    out = pd.DataFrame({
        "id": df["id"].to_numpy(),
        "date": df["date"].dt.strftime("%Y-%m-%d"),
    })
    out["activity_type"] = texts["activity_type"].reindex(out["id"]).astype(object).to_numpy()
    out["notes"] = texts["notes"].reindex(out["id"]).astype(object).to_numpy()
    out["distance_mi"] = df["distance_mi"].astype(float).round(2).to_numpy()
    out["duration_min"] = (df["duration_s"].astype(float) / 60.0).round(1).to_numpy()
    out["avg_pace"] = df["avg_pace"].astype(float).round(2).to_numpy()
    out["label"] = df["label"].astype(str).to_numpy()
    out["method"] = df["method"].astype(str).to_numpy()
    out["confidence"] = df["confidence"].astype(float).round(3).to_numpy()
    return Section("samples", "Sample classifications", "table", table=out[cols],
                   note=f"Up to {SAMPLES_PER_LABEL} workouts per label since {date}, evenly spread "
                        "over the era; label, method and confidence as stored by the classifier.")


def _consistency(store, cmp) -> Section:
    """The consistency analysis of each side's workouts: the score of the last window before the
    side ends (the library's sentence) and the side's history (preferred days, rest gaps)."""
    lines: List[str] = []
    for change in cmp.changes:
        era = change.era or {}
        name = md_text(era.get("name", ""))
        lines.append(f"#### {name} ({md_text(era.get('date', ''))})")
        lines.append("")
        lines.append(md_text(change.summary))
        lines.append("")
        for side_name, side in (("Before", change.before or {}), ("After", change.after or {})):
            if not side.get("workouts"):
                lines.append(f"- **{side_name}:** no workouts.")
                continue
            c = store.consistency(at=side.get("last_date"), from_=side.get("from"),
                                  to=side.get("to"))
            h = c.history or {}
            rest = h.get("longest_rest") or {}
            days = ", ".join(md_text(d) for d in (h.get("preferred_days") or ())) or "none"
            lines.append(
                f"- **{side_name}:** {md_text(c.summary)} Preferred days: {days}; "
                f"{num(h.get('mean_rest_days'), 2)} rest days between active days on average; "
                f"longest rest {count(rest.get('days', 0))} days"
                + (f" ({md_text(rest.get('from'))} to {md_text(rest.get('to'))})."
                   if rest.get("from") else "."))
        lines.append("")
    return Section("consistency", "Consistency before and after", "markdown",
                   markdown="\n".join(lines),
                   note="The consistency analysis (SPEC §4) of each side's workouts, scored over "
                        "the configured window ending on the side's last workout.")
