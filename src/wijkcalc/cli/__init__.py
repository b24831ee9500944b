"""The wijkcalc command line: options and commands only; the work is in api, the looks in render.

Nothing heavy is imported at the top: `wijkcalc --help` and `wijkcalc rules` load no pandas.
"""

from __future__ import annotations

import sys

from . import compare, explain, report, rows  # noqa: F401  (each registers its commands on the app)
from .app import app, closed_pipe

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the console script."""
    # pandas imports pyarrow whenever it is installed, for its text columns. wijkcalc uses
    # only its CSV reader, for large files (sources/arrow_read.py, which imports it then),
    # and pyarrow costs 38 MB and 0.07 s at every start (0.24 s from a cold disk): the command
    # reads with pandas' own text columns, as where pyarrow is not installed
    sys.modules.setdefault("pyarrow", None)  # type: ignore[arg-type]
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # the last buffered output meets a closed pipe here, not at exit
    except BrokenPipeError:
        closed_pipe()
