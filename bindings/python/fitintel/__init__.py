"""libfitintel for Python: import MapMyRun exports, classify workouts, analyse them.

>>> import fitintel
>>> with fitintel.open(":memory:") as store:
...     store.workout_count
0

``fitintel.open()`` gives a :class:`Store`; its methods mirror the C library and return frozen
dataclasses (``to_dict()`` equals the ``fitintel`` command's ``--json``) or pandas DataFrames.
Errors raise :class:`fitintel.Error` subclasses. pandas is imported only by the calls that return
DataFrames.
"""
from . import _core, _version
from .errors import (AlreadyExistsError, BusyError, CancelledError, Error, FileError,
                     InvalidArgumentError, LimitError, NotFoundError, OutOfMemoryError,
                     ParseError, ReadOnlyError, StoreClosedError, StoreError, VersionError)
from .results import (Accuracy, AnomalyReport, AnomalySet, Brief, ClassifySummary, Consistency,
                      Correction, Era, EraChange, EraComparison, Explanation, Forecast,
                      ImportReport, Insight, Model, Progress, Record, Records, Reject, Trend)
from ._convert import LABELS, METHODS
from .sample import sample
from .store import Config, Eras, Store, open

# The package's version (meson.build's project(), written into _version.py by the build); the C
# library it runs on says its own with _core.fi_version_string(). `python -m fitintel --version`
# prints both.
__version__ = _version.version

__all__ = [
    "open", "sample", "Store", "Eras", "Config", "LABELS", "METHODS", "__version__",
    "Error", "ParseError", "NotFoundError", "AlreadyExistsError", "InvalidArgumentError",
    "FileError", "OutOfMemoryError", "StoreError", "BusyError", "VersionError", "ReadOnlyError",
    "LimitError", "CancelledError", "StoreClosedError",
    "ImportReport", "Reject", "Progress", "ClassifySummary", "Model", "Explanation", "Correction",
    "Accuracy", "AnomalyReport", "AnomalySet", "Consistency", "Trend", "Forecast", "Record",
    "Records", "Era", "EraChange", "EraComparison", "Insight", "Brief",
]
