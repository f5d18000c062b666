"""History (SPEC §8.7): the workouts of a date range, raw activity type and label, newest first,
with the totals of the whole selection (``Store.summary(by="all")``) and the rows for export."""
from __future__ import annotations

from typing import Any, Dict, Optional

from . import _format as fmt
from ._base import LABEL_NAMES, Card, Section, View

__all__ = ["history", "HISTORY_COLUMNS"]

#: Columns of the workouts table, in display order (``duration_min`` is ``duration_s`` / 60).
HISTORY_COLUMNS = ("date", "activity_type", "distance_mi", "duration_min", "avg_pace", "calories",
                   "steps", "label", "method", "confidence", "notes", "id")


def history(store: Any, from_: Any = None, to: Any = None, label: Optional[str] = None,
            type: Optional[str] = None, limit: int = 500) -> View:
    """The history page.

    Args:
        store: an open :class:`fitintel.Store`.
        from_, to: first and last day, inclusive (None: open-ended).
        label: only workouts with this label; type: only this raw Activity Type.
        limit: at most this many rows in the table (the newest); the totals cover them all.
    """
    import pandas as pd

    label = fmt.canonical_label(label)
    flt = dict(from_=from_, to=to, label=label, type=type)
    totals_df = store.summary(by="all", metrics=("distance", "duration", "calories", "pace"),
                              **flt)
    totals = _totals(totals_df)
    # the numbers of the selection say how many and where the newest `limit` begin; only those
    # are read again with their text (the text of a million rows takes ~0.5 s to convert)
    w = store.workouts(**flt)
    total, keep = int(len(w)), max(int(limit), 0)
    if total and keep:
        since = w["date"].iloc[max(total - keep, 0)].date()
        w = store.workouts(text=True, **dict(flt, from_=since))
    else:
        w = store.workouts(text=True, **flt).head(0)
    shown = w.iloc[::-1].head(keep)    # newest first (the frame is in date order)
    table = pd.DataFrame({
        "date": shown["date"].dt.date, "activity_type": shown["activity_type"],
        "distance_mi": shown["distance_mi"], "duration_min": shown["duration_s"] / 60.0,
        "avg_pace": shown["avg_pace"], "calories": shown["calories"], "steps": shown["steps"],
        "label": shown["label"], "method": shown["method"], "confidence": shown["confidence"],
        "notes": shown["notes"], "id": shown["id"],
    }, columns=list(HISTORY_COLUMNS)).reset_index(drop=True)

    what = _filter_words(from_, to, label, type)
    outliers = totals.get("n_outlier") or 0
    cards = (
        Card("Workouts", fmt.count(totals["workouts"]),
             help=what + (f", {outliers:,} outliers among them" if outliers else "")),
        Card("Distance", fmt.num(totals["distance_sum"], 1, "mi"),
             help=f"median {fmt.num(totals['distance_median'], 2, 'mi')}"),
        Card("Duration", fmt.hours(totals["duration_sum"]),
             help=f"median {fmt.num(_minutes(totals['duration_median']), 0, 'min')}"),
        Card("Calories", fmt.num(totals["calories_sum"], 0, "kcal"),
             help=f"median {fmt.num(totals['calories_median'], 0, 'kcal')}"),
    )
    totals_note = "Totals of every selected workout; the medians are typical of one."
    if outliers:
        totals_note += (f" {outliers:,} outliers (values outside the sanity bounds) count in the "
                        "totals: choose a label to leave them out.")
    note = (f"Showing {len(table):,} of {total:,} workouts, newest first."
            if total else "No workouts match this filter.")
    sections = (
        Section("totals", "Totals", "cards", cards=cards, note=totals_note),
        Section("workouts", "Workouts", "table", table=table, note=note),
    )
    data: Dict[str, Any] = {
        "filter": {"from": _text(from_), "to": _text(to), "label": label, "type": type,
                   "limit": int(limit)},
        "totals": totals, "rows_shown": int(len(table)), "rows_total": total,
    }
    return View("history", "History", sections, data)


def _totals(s: Any) -> Dict[str, Any]:
    """The one group of a ``by="all"`` summary as plain numbers (None where undefined)."""
    row = s.iloc[0].to_dict() if len(s) else {"workouts": 0}
    out = {k: (None if fmt.missing(v) else (int(v) if k == "workouts" or k.startswith("n_")
                                             or k.endswith("_n") else float(v)))
           for k, v in row.items() if k != "key"}
    for stat in ("sum", "mean", "median"):
        for m in ("distance", "duration", "calories", "pace"):
            out.setdefault(f"{m}_{stat}", None)
    return out


def _minutes(seconds: Optional[float]) -> Optional[float]:
    return None if seconds is None else seconds / 60.0


def _text(value: Any) -> Optional[str]:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _filter_words(from_: Any, to: Any, label: Optional[str], type: Optional[str]) -> str:
    parts = []
    if from_ is not None or to is not None:
        parts.append(f"{_text(from_) or 'start'} to {_text(to) or 'latest'}")
    if label is not None:
        parts.append(LABEL_NAMES.get(label, label).lower())
    if type is not None:
        parts.append(f"type “{type}”")
    return ", ".join(parts) if parts else "all workouts"
