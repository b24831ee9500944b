"""A column per year (2024, Realisatie 2024, Begroting 2025) as a row per year; budgets kept apart.

A table without an amount column whose header names years (``2023``, ``Rekening 2018``,
``2024 realisatie``, ``Begroting 2025``, ``Budget 2025``, ``Plan 2025``) holds one figure per
year in each row: it is read as one row per (row, year), with the year in a ``year`` column and
``plan`` = "budget" on the rows of a budget column ("" on actuals). A blank cell (or ``-``) in a
year column is no row. The default reports actuals only; ``chosen`` picks one or the other.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from typing import TYPE_CHECKING

import numpy as np

from ..errors import N_, InputWarning, Text
from .base import Grid, as_cells
from .columns import match_columns, strip_accents

if TYPE_CHECKING:
    import pandas as pd

PLAN = "plan"  # the extra column that marks a budget row
BUDGET = "budget"
BUDGET_WORDS = ("begroting", "begroot", "budget", "plan", "raming", "prognose", "forecast")
ACTUAL_WORDS = ("realisatie", "gerealiseerd", "rekening", "jaarrekening", "werkelijk",
                "actual", "actuals", "jaar", "year", "boekjaar", "resultaat")
_WORD = "|".join(BUDGET_WORDS + ACTUAL_WORDS)
# a year alone, or a word before or after it: "Begroting 2025", "2024 realisatie"
_YEAR_COLUMN = re.compile(rf"^(?:({_WORD})\s*)?((?:19|20|21)\d\d)(?:\s*({_WORD}))?$")
_NOTHING = ("", "-", "–", "—")  # a blank cell or a dash: no figure that year
NO_BUDGET = N_("the input holds no budget: --budget reports on a budget column or sheet, such "
               "as 'Begroting 2025', 'Budget 2025' or 'Plan 2025'")


def year_label(text: str) -> tuple[int, bool] | None:
    """(year, is a budget) when ``text`` names a year as a column or sheet does, else None."""
    plain = " ".join(strip_accents(str(text)).lower().replace("_", " ").split())
    plain = re.sub(r"[()\[\]:.,]", " ", plain).strip()
    plain = " ".join(plain.split())
    found = _YEAR_COLUMN.match(plain)
    if found is None:
        return None
    before, year, after = found.groups()
    if before and after:
        return None
    return int(year), (before or after or "") in BUDGET_WORDS


# words that head a column of figures without saying the year: a sheet's name gives it
YEARLESS_WORDS = ("realisatie", "gerealiseerd", "rekening", "jaarrekening", "werkelijk",
                  "actual", "actuals", *BUDGET_WORDS)


def with_year(grid: Grid, year: int) -> Grid:
    """The grid of a sheet named after ``year`` with its year-less figure columns ("Realisatie",
    "Begroting") named with that year, so that they read as the year's actuals or budget."""
    if {"amount", "year"} & set(match_columns(grid.header)):
        return grid
    plain = [" ".join(strip_accents(label).lower().split()) for label in grid.header]
    if not any(label in YEARLESS_WORDS for label in plain):
        return grid
    header = [f"{label} {year}" if text in YEARLESS_WORDS else label
              for label, text in zip(grid.header, plain, strict=True)]
    return dataclasses.replace(grid, header=header)


def year_columns(header: list[str]) -> dict[int, tuple[int, bool]]:
    """Position -> (year, budget) of the header cells that name a year."""
    found = {}
    for position, label in enumerate(header):
        named = year_label(label) if label else None
        if named is not None:
            found[position] = named
    return found


def long(grid: Grid, name: str) -> Grid:
    """The grid with one row per year when it has a column per year (and no amount or year
    column of its own); otherwise the grid as it is."""
    if {"amount", "year"} & set(match_columns(grid.header)):
        return grid
    years = year_columns(grid.header)
    if not years:
        return grid
    grid = as_cells(grid)
    positions = list(years)
    rows, per_row = len(grid.lines), len(positions)
    figures = np.stack([grid.columns[p] for p in positions], axis=1).reshape(-1) if rows \
        else np.zeros(0, dtype=object)
    keep = ~blank(figures)
    others = [p for p in range(len(grid.header)) if p not in years]
    header = [grid.header[p] for p in others] + ["amount", "year", PLAN]
    year_cells = np.array([years[p][0] for p in positions], dtype=object)
    plan_cells = np.array([BUDGET if years[p][1] else "" for p in positions], dtype=object)
    columns = [np.repeat(grid.columns[p], per_row)[keep] for p in others]
    columns += [figures[keep].astype(object), np.tile(year_cells, rows)[keep],
                np.tile(plan_cells, rows)[keep]]
    lines = np.repeat(grid.lines, per_row)[keep]
    return dataclasses.replace(grid, header=header, columns=columns, lines=lines)


def blank(cells: np.ndarray) -> np.ndarray:
    """Per cell: no figure (None, NaN, blank text or a dash); in pandas, not cell by cell."""
    import pandas as pd

    if cells.dtype.kind in "fiu":  # numbers, as the C parser reads a plain amount column
        return np.isnan(cells) if cells.dtype.kind == "f" else np.zeros(len(cells), dtype=bool)
    series = pd.Series(cells, dtype=object)
    try:  # .str gives NaN for a cell that is no text (a number from a workbook): not blank
        dashes = series.str.strip().isin(_NOTHING)
    except AttributeError:  # no text at all: numbers and empty cells only
        return series.isna().to_numpy()
    return (series.isna() | dashes).to_numpy()


def chosen(frame: pd.DataFrame, budget: bool = False) -> pd.DataFrame:
    """The actuals of a canonical frame (default), or with ``budget`` its budget rows only.

    Budget rows left out are said in one InputWarning, so a board knows the plan is there."""
    if PLAN not in frame.columns:
        return frame.iloc[0:0] if budget else frame
    planned = (frame[PLAN].astype(str) == BUDGET).to_numpy()
    if budget:
        return frame[planned]
    if planned.any():
        years = sorted({int(y) for y in frame["year"][planned].dropna()})
        shown = ", ".join(str(y) for y in years) if years else Text(N_("no year"))
        rows = int(planned.sum())
        # Dutch and English both take the singular for 1 only: a msgid for each form
        warnings.warn(InputWarning(
            N_("{n} budget row ({years}) left out: the report is on actuals; report --budget "
               "reports on the plan") if rows == 1 else
            N_("{n} budget rows ({years}) left out: the report is on actuals; report --budget "
               "reports on the plan"), n=rows, years=shown), stacklevel=2)
    return frame[~planned]
