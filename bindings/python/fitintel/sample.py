"""A realistic synthetic MapMyRun export, for demos, tests and benchmarks."""
from __future__ import annotations

import os
from typing import Optional, Union

from . import _core
from ._convert import DateLike, date_text
from .errors import InvalidArgumentError

PathLike = Union[str, "os.PathLike[str]"]


def sample(path: PathLike, rows: int = 3000, seed: int = 42, truth: Optional[PathLike] = None,
           *, start: Optional[DateLike] = None, end: Optional[DateLike] = None,
           era: Optional[DateLike] = None, first_id: Optional[int] = None,
           units: str = "mi", profile: Optional[str] = None) -> None:
    """Write a sample export of @rows workouts to @path (``fitintel sample``).

    The same options and seed give the same bytes. With @truth, also write a CSV
    ``workout_id,kind`` with the intended label of every row. @profile adds the mess of real
    exports, names combined with commas: ``"estimated-steps,device-change"``, ``"real-like"``
    (``fitintel sample --help`` lists them); an unknown name raises InvalidArgumentError.

    >>> import fitintel, tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> fitintel.sample(os.path.join(d, "export.csv"), rows=10)
    """
    o = _core.fi_sample_params()
    o.rows = int(rows)
    o.seed = int(seed)
    if start is not None:
        o.start_date = date_text(start)
    if end is not None:
        o.end_date = date_text(end)
    if era is not None:
        o.era_date = date_text(era)
    if first_id is not None:
        o.first_id = int(first_id)
    if units not in ("mi", "km"):
        raise InvalidArgumentError(f"units must be 'mi' or 'km', not {units!r}")
    o.units = _core.FI_UNITS_KM if units == "km" else _core.FI_UNITS_MILES
    if profile is not None:
        o.profiles = _core.fi_sample_profiles_parse(profile)
    _core.fi_sample_write(os.fspath(path), None if truth is None else os.fspath(truth), o)
