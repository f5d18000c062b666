"""What every view returns: plain data plus Plotly figures, laid out as titled sections.

A view computes nothing itself: its numbers come from the library (through :class:`fitintel.Store`)
and it only arranges them. Front ends (the Streamlit app, the HTML dashboard, a notebook) walk the
sections of a :class:`View` in order and draw each one by its ``kind``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

#: One colour per label, the same in every chart of every view (colour-blind-safe Okabe–Ito).
LABEL_COLORS: Dict[str, str] = {
    "real_run": "#0072B2",   # blue
    "pup_walk": "#E69F00",   # orange
    "mixed": "#009E73",      # green
    "outlier": "#CC79A7",    # purple
    "other": "#882255",      # wine (Tol): bikes, swims, gym — apart from the era colours
    "unknown": "#999999",    # grey
}
#: Labels in the order charts and legends list them.
LABEL_ORDER: Tuple[str, ...] = ("real_run", "pup_walk", "mixed", "other", "outlier", "unknown")
#: Words for labels in titles and cards.
LABEL_NAMES: Dict[str, str] = {
    "real_run": "Runs", "pup_walk": "Dog walks", "mixed": "Mixed", "outlier": "Outliers", "other": "Other sports",
    "unknown": "Unclassified",
}
#: Colours of eras in order (before the first era, then each era).
ERA_COLORS: Tuple[str, ...] = ("#56B4E9", "#D55E00", "#F0E442", "#000000")
#: Neutral colours for series that are not labels (trend lines, bands, forecasts).
SERIES_COLOR = "#333333"
BAND_COLOR = "rgba(51, 51, 51, 0.15)"

SECTION_KINDS = ("cards", "figure", "table", "markdown")


@dataclass(frozen=True)
class Card:
    """One headline number: what, its value as text, an optional change and a hint."""
    title: str
    value: str
    delta: Optional[str] = None
    help: Optional[str] = None


@dataclass(frozen=True)
class Section:
    """A titled part of a view. Exactly one of cards/figure/table/markdown is set, per ``kind``."""
    key: str                 # stable id within the view ("scatter", "monthly_counts")
    title: str
    kind: str                # one of SECTION_KINDS
    cards: Tuple[Card, ...] = ()
    figure: Any = None       # plotly.graph_objects.Figure
    table: Any = None        # pandas.DataFrame, already in display order and units
    markdown: Optional[str] = None
    note: Optional[str] = None   # one line under the section (method, caveat, empty-data reason)

    def __post_init__(self) -> None:
        if self.kind not in SECTION_KINDS:
            raise ValueError(f"section {self.key!r}: unknown kind {self.kind!r}")
        if self.figure is not None:
            from ._figures import compact_dates
            compact_dates(self.figure)


@dataclass(frozen=True)
class View:
    """One page: its sections in display order and the plain numbers behind them (``data``)."""
    key: str
    title: str
    sections: Tuple[Section, ...]
    data: Dict[str, Any] = field(default_factory=dict)

    def section(self, key: str) -> Section:
        """The section called @key; KeyError when the view has none."""
        for s in self.sections:
            if s.key == key:
                return s
        raise KeyError(f"view {self.key!r} has no section {key!r}")

    def keys(self) -> List[str]:
        """The keys of the sections, in display order."""
        return [s.key for s in self.sections]

    def figures(self) -> Dict[str, Any]:
        """The Plotly figures of the view by section key (the sections of kind "figure")."""
        return {s.key: s.figure for s in self.sections if s.kind == "figure"}
