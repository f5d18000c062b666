"""``python -m fitintel --version``: the package's version and the C library's it runs on.

The package's is meson.build's project version, written in at build time; the library's comes
from the library itself (``fi_version_string()``), so a package run against another build of
libfitintel says so.
"""
from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from . import __version__, _core


def main(argv: Optional[Sequence[str]] = None) -> int:
    """The command line; returns 0 (the versions or the help printed) or exits 2 (usage)."""
    ap = argparse.ArgumentParser(
        prog="python -m fitintel",
        description="libfitintel for Python. The command line is `fitintel` (the C program); "
                    "`python -m fitintel.dashboard` writes the HTML dashboard.")
    ap.add_argument("--version", action="store_true",
                    help="print the package's version and the C library's")
    args = ap.parse_args(argv)
    if args.version:
        print(f"fitintel {__version__} (Python package)")
        print(f"libfitintel {_core.fi_version_string()} (C library)")
        return 0
    ap.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
