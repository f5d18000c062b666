"""numpy dtypes of the frozen C structs that cross from the library as bytes, built from the
compiler's offsets (``_core.fipy_layouts()``), so a struct's padding is never guessed here."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from . import _core

# Field kinds by struct; sizes and offsets come from C.
_SIGNED = {
    "fi_anomaly": {"workout_id": "i", "day": "i", "value": "f", "score": "f", "direction": "i",
                   "severity": "i"},
    "fi_era_month": {"day": "i", "workouts": "u", "pace_n": "u", "pace_mean": "f", "period": "u"},
    "fi_consistency_month": {"day": "i", "workouts": "u"},
    "fi_forecast_step": {"day": "i", "linear": "f", "low": "f", "high": "f", "holt": "f"},
    "fi_plateau": {"first": "u", "last": "u", "first_day": "i", "last_day": "i",
                   "first_workout_id": "i", "last_workout_id": "i", "length": "u", "level": "f",
                   "mean": "f"},
}


@lru_cache(maxsize=None)
def layout(struct: str) -> tuple[int, dict[str, tuple]]:
    """(sizeof, {member: (offset, size, kind, shape)}) of C struct @struct, from the compiler
    (offsetof, sizeof, _Generic: swig/glue.c). kind is numpy's ``f``, ``i`` or ``u``, or ``s`` for
    a C string; shape is ``()``, or ``(count,)`` for an array member, whose size is the array's."""
    return _core.fipy_layouts()[struct]


@lru_cache(maxsize=None)
def dtype(struct: str) -> np.dtype:
    """The numpy dtype laid out exactly as C struct @struct."""
    itemsize, fields = layout(struct)
    kinds = _SIGNED[struct]
    names = list(kinds)
    return np.dtype({
        "names": names,
        "formats": [f"{kinds[n]}{fields[n][1]}" for n in names],
        "offsets": [fields[n][0] for n in names],
        "itemsize": itemsize,
    })


def records(data: bytes, struct: str) -> np.ndarray:
    """The array of C structs @struct held in @data (read-only, no copy)."""
    return np.frombuffer(data, dtype=dtype(struct))
