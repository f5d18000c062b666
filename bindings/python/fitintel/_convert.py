"""Small conversions shared by the package: names to library codes, filters, day numbers, JSON."""
from __future__ import annotations

import datetime as _dt
import json
from typing import Any, Optional, Union

from . import _core

DateLike = Union[str, _dt.date]

#: Labels in the library's order (``fi_label``): a category's code is the library's value.
LABELS = ("unknown", "real_run", "pup_walk", "mixed", "outlier", "other")
#: How a label was decided (``fi_method``), in the library's order.
METHODS = ("none", "user", "bounds", "kmeans", "era", "rule", "type", "mixture")


def label_code(label: Union[str, int]) -> int:
    """The ``fi_label`` of @label ("real_run", "run", "walk", ..., or the number itself)."""
    if isinstance(label, int) and not isinstance(label, bool):
        if 0 <= label < len(LABELS):
            return label
        label = str(label)
    return _core.fi_label_parse(str(label))


def metric_code(metric: str) -> int:
    """The ``fi_column`` of a metric name ("pace", "distance", "avg_pace", ...)."""
    return _core.fi_metric_parse(metric)


def date_text(value: Optional[DateLike]) -> Optional[str]:
    """A date for the library: ISO text for date objects, other text as written (the library
    accepts any form an export uses and says when it is not a date)."""
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def make_filter(from_: Optional[DateLike] = None, to: Optional[DateLike] = None,
                label: Union[str, int, None] = None, type: Optional[str] = None,
                newest_first: bool = False) -> "_core.fi_workout_filter":
    """A ``fi_workout_filter`` (the strings are copied into memory the filter owns)."""
    f = _core.fi_workout_filter()
    if from_ is not None:
        f.from_ = date_text(from_)
    if to is not None:
        f.to = date_text(to)
    if type is not None:
        f.activity_type = type
    if label is not None:
        f.label = label_code(label)
    f.newest_first = 1 if newest_first else 0
    return f


def iso_day(day: int) -> str:
    """ISO date of a day number (days since 1970-01-01)."""
    return (_dt.date(1970, 1, 1) + _dt.timedelta(days=int(day))).isoformat()


def loads(text: str) -> Any:
    """Parse the library's JSON."""
    return json.loads(text)
