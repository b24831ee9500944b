"""The wijkcalc command line: options and commands only; the work is in api, the looks in render.

Nothing heavy is imported at the top: `wijkcalc --help` and `wijkcalc rules` load no pandas.
"""

from __future__ import annotations

from . import compare, report, rows  # noqa: F401  (each registers its commands on the app)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the console script."""
    app()
