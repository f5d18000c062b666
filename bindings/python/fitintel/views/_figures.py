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


def compact_dates(fig: Any) -> Any:
    """@fig with every x or y array of dates that all fall at midnight as days: plotly writes a
    datetime64[ns] array as "2012-01-02T00:00:00.000000000", three times the JSON of
    "2012-01-02", and that text is most of what the browser parses for a chart of weeks or
    months. Changed in place; returned for chaining."""
    import numpy as np
    for trace in fig.data:
        for axis in ("x", "y"):
            values = getattr(trace, axis, None)
            if values is None or isinstance(values, str) or len(values) == 0:
                continue
            days = _as_days(np, values)
            if days is not None:
                setattr(trace, axis, days)
    return fig


def _as_days(np: Any, values: Any) -> Any:
    """@values as "YYYY-MM-DD" strings (None for NaT) when they are dates at midnight; else None."""
    if isinstance(values, np.ndarray):
        if values.dtype.kind != "M":
            return None
        stamps = values
    else:
        first = next((v for v in values if v is not None), None)
        if not hasattr(first, "to_datetime64"):      # pandas Timestamps only; numbers, text stay
            return None
        try:
            stamps = np.array([np.datetime64("NaT") if v is None else v.to_datetime64()
                               for v in values], dtype="datetime64[ns]")
        except (AttributeError, TypeError, ValueError):
            return None
    days = stamps.astype("datetime64[D]")
    known = ~np.isnat(stamps)
    if not np.array_equal(days[known].astype(stamps.dtype), stamps[known]):
        return None
    # as text: plotly turns a datetime64 array set on a trace back into nanosecond strings
    text = np.datetime_as_string(days).astype(object)
    text[~known] = None
    return text
