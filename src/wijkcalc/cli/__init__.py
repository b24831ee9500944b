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
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # the last buffered output meets a closed pipe here, not at exit
    except BrokenPipeError:
        closed_pipe()
