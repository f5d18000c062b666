"""Plotly pieces that more than one view draws."""
from __future__ import annotations

from typing import Any, Iterable

from ._base import BAND_COLOR


def band_trace(dates: Iterable[Any], low: Iterable[float], high: Iterable[float], name: str,
               color: str = BAND_COLOR) -> Any:
    """The interval from @low to @high over @dates (a confidence band, a prediction interval) as
    one filled polygon: along the top, then back along the bottom. It takes no hover."""
    import plotly.graph_objects as go
    x = list(dates)
    return go.Scatter(x=x + x[::-1], y=list(high) + list(low)[::-1], fill="toself",
                      fillcolor=color, line=dict(width=0), mode="lines", hoverinfo="skip",
                      name=name)
