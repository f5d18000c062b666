"""Exceptions of the `fitintel` package.

Every failing C call raises one of these, built from the library's per-thread error record
(``fi_error_last()``): ``message`` is the library's sentence, ``code`` its ``FI_E*`` status.
Bad input (:class:`ParseError`) also says where: ``file``, ``line``, ``column`` and ``field``.
"""
from __future__ import annotations

from typing import Optional

__all__ = [
    "Error", "ParseError", "NotFoundError", "AlreadyExistsError", "InvalidArgumentError",
    "FileError", "OutOfMemoryError", "StoreError", "BusyError", "VersionError", "ReadOnlyError",
    "LimitError", "CancelledError", "StoreClosedError", "from_status",
]

# Status codes of include/fitintel/common.h (never renumbered).
_NAMES = {
    -1: "FI_ERROR", -3: "FI_ENOTFOUND", -4: "FI_EEXISTS", -5: "FI_EINVALID", -10: "FI_EPARSE",
    -11: "FI_EIO", -12: "FI_ENOMEM", -20: "FI_ESTORE", -21: "FI_EBUSY", -22: "FI_EVERSION",
    -23: "FI_EREADONLY", -30: "FI_ELIMIT", -40: "FI_EUSER",
}


class Error(Exception):
    """Base class of every error the library reports.

    Attributes:
        code: the library's status (a negative ``FI_E*`` value).
        code_name: its name, e.g. ``"FI_ENOTFOUND"``.
        category: which part of the library reported it (``fi_error_category``).
        message: the library's complete sentence(s).
    """

    def __init__(self, message: str, code: int = -1, category: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.code_name = _NAMES.get(code, "FI_UNKNOWN")
        self.category = category


class ParseError(Error, ValueError):
    """An export was refused (strict policy with rejected rows, a missing column, not UTF-8).

    Attributes:
        file: the input file.
        line: 1-based line of the first offending row (0 when not about a row).
        column: 1-based field index (0 when the whole row is at fault).
        field: the column's name from the header ("" when not applicable).
    """

    def __init__(self, message: str, code: int = -10, category: int = 0, file: str = "",
                 line: int = 0, column: int = 0, field: str = "") -> None:
        super().__init__(message, code, category)
        self.file = file
        self.line = line
        self.column = column
        self.field = field


class NotFoundError(Error, LookupError):
    """The requested object (workout, model, era, import, configuration key) does not exist."""


class AlreadyExistsError(Error):
    """The object already exists (an era on that date)."""


class InvalidArgumentError(Error, ValueError):
    """An argument is invalid: an unknown label, a date that is not a date, a value out of range."""


class FileError(Error, OSError):
    """Reading or writing a file failed."""


class OutOfMemoryError(Error, MemoryError):
    """The library ran out of memory."""


class StoreError(Error):
    """The store (SQLite) failed, or the file is not a libfitintel store."""


class BusyError(StoreError):
    """Another writer held the store beyond the busy timeout."""


class VersionError(StoreError):
    """The store's schema is newer than this library understands."""


class ReadOnlyError(StoreError):
    """A write was attempted on a store opened read-only."""


class LimitError(Error):
    """A configured limit was hit (e.g. too few clean workouts to train a model)."""


class CancelledError(Error):
    """A callback (the progress callable) cancelled the call by returning a true value."""


class StoreClosedError(Error, ValueError):
    """The store was used after :meth:`fitintel.Store.close`."""

    def __init__(self, message: str = "the store is closed") -> None:
        super().__init__(message, code=-5)


_CLASSES = {
    -3: NotFoundError, -4: AlreadyExistsError, -5: InvalidArgumentError, -11: FileError,
    -12: OutOfMemoryError, -20: StoreError, -21: BusyError, -22: VersionError,
    -23: ReadOnlyError, -30: LimitError, -40: CancelledError,
}


def from_status(code: int, category: int, message: str, file: str, line: int, column: int,
                field: str) -> Error:
    """The exception for status @code with the library's error record (called by ``_core``).

    >>> from_status(-3, 4, "no workout 7", "", 0, 0, "").__class__.__name__
    'NotFoundError'
    """
    if not message:
        message = f"{_NAMES.get(code, 'FI_UNKNOWN')} (the library gave no detail)"
    if code == -10:
        return ParseError(message, code, category, file, line, column, field)
    cls: Optional[type] = _CLASSES.get(code)
    return (cls or Error)(message, code, category)
