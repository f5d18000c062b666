"""Number and text formatting shared by the views: how a library number reads on a card or in a
table. Formatting only — nothing here computes a figure."""
from __future__ import annotations

import html
import math
from typing import Any

DASH = "—"   # what a missing number reads as


def missing(x: Any) -> bool:
    """True for None, NaN and pandas' NA."""
    if x is None:
        return True
    try:
        return bool(x != x) or (isinstance(x, float) and math.isnan(x))
    except (TypeError, ValueError):   # pd.NA refuses bool()
        return True


def num(x: Any, digits: int = 1, unit: str = "") -> str:
    """@x with @digits decimals and thousands separators, then @unit; a dash when missing."""
    if missing(x):
        return DASH
    text = f"{float(x):,.{digits}f}"
    return f"{text} {unit}".rstrip() if unit else text


def count(x: Any) -> str:
    """A whole number with thousands separators."""
    return DASH if missing(x) else f"{int(x):,}"


def pct(x: Any, digits: int = 1) -> str:
    """A fraction 0..1 as a percentage."""
    return DASH if missing(x) else f"{100.0 * float(x):.{digits}f}%"


def p_value(p: Any) -> str:
    """A p-value as it is usually written (no "0.000")."""
    if missing(p):
        return DASH
    return "< 0.001" if float(p) < 0.001 else f"{float(p):.3f}"


def hours(seconds: Any) -> str:
    """A duration in seconds as hours (totals) — "123.4 h"."""
    return DASH if missing(seconds) else f"{float(seconds) / 3600.0:,.1f} h"


def canonical_label(label: Any) -> Any:
    """The library's name of a label given in any accepted form ("run" → "real_run"); None stays
    None. Raises :class:`fitintel.InvalidArgumentError` for an unknown label."""
    if label is None:
        return None
    from .._convert import LABELS, label_code
    return LABELS[label_code(label)]


def md_text(text: Any) -> str:
    """User or library text for a Markdown section: HTML-escaped, newlines kept as line breaks
    (front ends render Markdown; raw HTML in it must never reach a page)."""
    return html.escape(str(text), quote=True).replace("\n", "  \n")
