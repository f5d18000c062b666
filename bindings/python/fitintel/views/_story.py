"""Helpers of the story views (hub, choco, monthly): changes as card deltas, the briefing as
Markdown, dates next to a period, and the figure shown when there is nothing to draw.
Formatting only — the numbers come from the library."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, Optional

from ._format import md_text, missing


def signed(value: Any, previous: Any, digits: int = 1, unit: str = "",
           suffix: str = "") -> Optional[str]:
    """The change from @previous to @value as "+1.2 unit suffix" (None when either is missing).
    The difference of two library numbers is how a card states a change."""
    if missing(value) or missing(previous):
        return None
    d = float(value) - float(previous)
    text = f"{d:+,.{digits}f}"
    if float(text.replace(",", "")) == 0:
        text = f"±{0:.{digits}f}"
    return " ".join(x for x in (text, unit, suffix) if x)


def day_before(iso: str) -> str:
    """The ISO date before @iso (the end of the previous period of a briefing)."""
    return (_dt.date.fromisoformat(iso) - _dt.timedelta(days=1)).isoformat()


def briefing_markdown(doc: Dict[str, Any]) -> str:
    """A briefing's JSON document (``Brief.to_dict()``) as Markdown, every text HTML-escaped
    (era names reach insights): the insights as bullets with their method, then the
    recommendations, most useful first. Only headings, bullets and bold: the subset every
    front end renders."""
    lines = ["#### Insights", ""]
    for i in doc.get("insights") or ():
        lines.append(f"- **{md_text(i.get('title', ''))}** — {md_text(i.get('text', ''))} "
                     f"({md_text(i.get('method', ''))})")
    recs = doc.get("recommendations") or ()
    if recs:
        lines += ["", "#### Recommendations", ""]
        for r in recs:   # already most useful first
            lines.append(f"- **{md_text(r.get('title', ''))}** — {md_text(r.get('text', ''))}")
    return "\n".join(lines) + "\n"


def empty_figure(title: str, message: str):
    """A Plotly figure with no data and @message in its middle (@message is library or view
    text; escape user text before passing it)."""
    import plotly.graph_objects as go
    fig = go.Figure()
    fig.update_layout(title=title, xaxis_visible=False, yaxis_visible=False,
                      annotations=[dict(text=message, x=0.5, y=0.5, xref="paper", yref="paper",
                                        showarrow=False, font=dict(size=14))])
    return fig
