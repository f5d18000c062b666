"""The old name of :mod:`fitintel.dashboard`, the single-file HTML dashboard: kept so that scripts
running ``python3 -m fitintel.report`` or importing ``write_report`` from here go on working."""
from __future__ import annotations

import sys
from typing import Optional, Sequence

from .dashboard import main as _main
from .dashboard import render_dashboard as render_report      # noqa: F401
from .dashboard import write_dashboard as write_report        # noqa: F401


def main(argv: Optional[Sequence[str]] = None, prog: str = "fitintel report") -> int:
    """:func:`fitintel.dashboard.main`, naming the command ``report`` in its messages."""
    return _main(argv, prog)


if __name__ == "__main__":
    sys.exit(main())
