"""The workouts of a store as a pandas DataFrame, copied column by column from a frame."""
from __future__ import annotations

import numpy as np

from . import _convert, _core
from ._convert import LABELS, METHODS

# Frame columns (fi_column) in DataFrame order; cadence is derived, confidence comes last.
_NUMERIC = (
    (_core.FI_COLUMN_CALORIES, "calories"), (_core.FI_COLUMN_DISTANCE, "distance_mi"),
    (_core.FI_COLUMN_DURATION, "duration_s"), (_core.FI_COLUMN_AVG_PACE, "avg_pace"),
    (_core.FI_COLUMN_MAX_PACE, "max_pace"), (_core.FI_COLUMN_AVG_SPEED, "avg_speed"),
    (_core.FI_COLUMN_MAX_SPEED, "max_speed"), (_core.FI_COLUMN_HEART_RATE, "avg_heart_rate"),
    (_core.FI_COLUMN_STEPS, "steps"), (_core.FI_COLUMN_CADENCE, "cadence"),
)

#: Columns of :meth:`fitintel.Store.workouts`, in order.
COLUMNS = ("id", "date") + tuple(name for _, name in _NUMERIC) + ("label", "method", "confidence")


def _nullable(values: np.ndarray):
    """A nullable Float64 array over @values (NaN is missing); no copy of the values."""
    import pandas as pd
    return pd.arrays.FloatingArray(values, np.isnan(values))


#: Text columns (fi_text_column) added by ``workouts(text=True)``, after ``date``.
TEXT_COLUMNS = ((_core.FI_TEXT_ACTIVITY_TYPE, "activity_type"), (_core.FI_TEXT_NOTES, "notes"))


def frame_texts(frame) -> dict:
    """The text columns of a frame loaded with fi_frame_load_text: lists of str or None, each
    from one JSON document (no Python call per row)."""
    return {name: _convert.loads(_core.fi_frame_text_to_json(frame, column))
            for column, name in TEXT_COLUMNS}


def frame_arrays(frame) -> dict:
    """Every column of @frame as a numpy array, each filled by one C call (GIL released)."""
    n = _core.fi_frame_rows(frame)
    ids = np.empty(n, dtype=np.int64)
    days = np.empty(n, dtype=np.int32)
    labels = np.empty(n, dtype=np.int32)
    methods = np.empty(n, dtype=np.int32)
    _core.fi_frame_ids(frame, ids)
    _core.fi_frame_days(frame, days)
    _core.fi_frame_labels(frame, labels)
    _core.fi_frame_methods(frame, methods)
    out = {"id": ids, "day": days, "label": labels, "method": methods}
    for column, name in _NUMERIC + ((_core.FI_COLUMN_CONFIDENCE, "confidence"),):
        values = np.empty(n, dtype=np.float64)
        _core.fi_frame_column(frame, column, values)
        out[name] = values
    return out


def to_dataframe(arrays: dict):
    """The DataFrame of :meth:`fitintel.Store.workouts` from :func:`frame_arrays`."""
    import pandas as pd
    data = {
        "id": arrays["id"],
        "date": arrays["day"].astype("datetime64[D]").astype("datetime64[ns]"),
    }
    if "activity_type" in arrays:
        # few distinct types: a categorical; notes are mostly unique: plain objects
        data["activity_type"] = pd.Categorical(arrays["activity_type"])
        data["notes"] = pd.array(arrays["notes"], dtype=object)
    for _, name in _NUMERIC:
        data[name] = _nullable(arrays[name])
    data["label"] = pd.Categorical.from_codes(arrays["label"], categories=list(LABELS))
    data["method"] = pd.Categorical.from_codes(arrays["method"], categories=list(METHODS))
    data["confidence"] = _nullable(arrays["confidence"])
    # The dict is already in COLUMNS order; passing columns= too would make pandas 1.5 go
    # through an object array of the whole frame.
    return pd.DataFrame(data, copy=False)
