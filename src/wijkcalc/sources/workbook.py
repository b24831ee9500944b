"""A workbook's sheets: which to read, the year a sheet's name gives, summary sheets left out.

Every sheet that holds an income table is read (``--sheet`` picks one). A sheet named after a
year ("2023", "Jaar 2024", "2024 realisatie", "Begroting 2025") gives that year to its rows
without one (a budget sheet marks its rows as budget). A summary sheet beside the others
("Overzicht", "Totaal", "Samenvatting" beside year sheets, or any sheet whose figures equal the
other sheets' sums) is not counted again; sheets without an income table are named in one line.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, InputError, InputWarning
from ..money import AmountError, decimal_evidence, parse_amounts
from . import calamine_book, excel, sniff, wide
from .base import Grid, RawTable
from .columns import normalise_label

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
SUFFIX_KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".ods": "ods", ".xls": "xls"}
SUMMARY_NAMES = frozenset(normalise_label(name) for name in (
    "overzicht", "totaal", "totalen", "samenvatting", "summary", "total", "totals",
    "overview", "alle jaren", "all years", "meerjarenoverzicht"))
# what a sheet without an income table is told by (the readers' and to_raw's messages)
NO_TABLE = ("the sheet is empty", "no ", "only a header")
IN_SHEET = N_("sheet {sheet!r}: {problem}")


def kind(head: bytes, name: str) -> str | None:
    """"xlsx", "ods" or "xls" when the file is a workbook (by content, else by name)."""
    raw = sniff.without_bom(head)
    if sniff.is_workbook(raw):
        return "xlsx"
    if raw.startswith(sniff.ZIP) and ODS_MIME in raw[:256]:
        return "ods"
    if raw.startswith(sniff.OLE2):
        return "xls"
    suffix = Path(name).suffix.lower()
    if suffix == ".ods" and raw.startswith(sniff.ZIP):
        return "ods"
    # a file named as an .xlsx is read as one, to say what is wrong with it (as before); a
    # text file named .xls or .ods is read as the text it is
    return "xlsx" if SUFFIX_KINDS.get(suffix) == "xlsx" else None


def sheet_names(path: Path, what: str) -> list[str]:
    if what != "xlsx":
        return calamine_book.sheet_names(path, what)
    import openpyxl

    with path.open("rb") as handle:
        excel._check_unpacked(handle, str(path))
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # the reading of the first sheet says what is wrong
            return []
        try:
            return [worksheet.title for worksheet in book.worksheets]  # no chart sheets
        finally:
            book.close()


def read_sheet(path: Path, what: str, sheet: str | None) -> Grid:
    if what == "xlsx":
        return excel.read_sheet(path, sheet)
    return calamine_book.read_sheet(path, what, sheet)


def tables(path: Path, what: str, sheet: str | None,
           to_raw: Callable[[Grid, Path], RawTable]) -> list[RawTable]:
    """The workbook's income tables: ``sheet``'s, or every sheet's but a summary's."""
    names = [] if sheet is not None else sheet_names(path, what)
    if len(names) <= 1:
        return [_with_sheet_year(to_raw(_sheet_grid(path, what, sheet), path), sheet)]
    found: list[tuple[str, RawTable]] = []
    skipped: list[tuple[str, InputError]] = []
    for name in names:
        try:
            found.append((name, _with_sheet_year(to_raw(_sheet_grid(path, what, name), path),
                                                 name)))
        except InputError as error:
            if not error.message.startswith(NO_TABLE):
                raise InputError(IN_SHEET, sheet=name, problem=error, file=error.file,
                                 line=error.line) from None
            skipped.append((name, error))
    if not found:
        name, error = skipped[0]
        raise InputError(N_("no sheet holds an income table; sheet {sheet!r}: {problem}"),
                         sheet=name, problem=error, file=error.file, line=error.line)
    if skipped:
        warnings.warn(InputWarning(N_("{file}: sheets without an income table, not read: "
                                      "{sheets}"), file=str(path),
                                   sheets=", ".join(name for name, _ in skipped)), stacklevel=3)
    return _without_summary(found, _checked_cents(found, path), path)


def _sheet_grid(path: Path, what: str, sheet: str | None) -> Grid:
    """The sheet's grid; on a sheet named after a year, "Realisatie" and "Begroting" columns
    are that year's."""
    grid = read_sheet(path, what, sheet)
    named = wide.year_label(sheet) if sheet else None
    return wide.with_year(grid, named[0]) if named else grid


def _with_sheet_year(table: RawTable, sheet: str | None) -> RawTable:
    """The table with its sheet's year on rows without one (and a budget sheet's mark)."""
    named = wide.year_label(sheet) if sheet else None
    if named is None:
        return table
    year, budget = named
    columns = dict(table.columns)
    if "year" in columns:
        cells = pd.Series(columns["year"], dtype=object)
        blank = (cells.isna() | (cells.astype(str).str.strip() == "")).to_numpy()
        columns["year"] = np.where(blank, year, columns["year"]).astype(object)
    elif "date" not in columns:
        columns["year"] = np.full(table.rows, year, dtype=object)
    if budget and wide.PLAN not in columns:
        columns[wide.PLAN] = np.full(table.rows, wide.BUDGET, dtype=object)
    return dataclasses.replace(table, columns=columns)


def _checked_cents(found: list[tuple[str, RawTable]], path: Path
                   ) -> dict[str, np.ndarray | None]:
    """Each sheet's amounts in cents, read as the whole workbook's are (the decimal marks of
    all its sheets together): a bad amount is said with its sheet, file and line."""
    amounts = {name: pd.Series(table.columns["amount"], dtype=object) for name, table in found
               if "amount" in table.columns and table.rows}
    marks = frozenset().union(*(decimal_evidence(cells)[0] for cells in amounts.values()))
    cents: dict[str, np.ndarray | None] = {}
    for name, table in found:
        if name not in amounts:
            cents[name] = None
            continue
        try:
            cents[name] = parse_amounts(amounts[name], marks)
        except AmountError as error:
            raise InputError(IN_SHEET, sheet=name, problem=error, file=str(path),
                             line=int(table.lines[error.position])) from None
    return cents


def _without_summary(found: list[tuple[str, RawTable]], cents: dict[str, np.ndarray | None],
                     path: Path) -> list[RawTable]:
    """The tables but a summary's: a sheet named so beside year sheets, or one whose figures
    equal the other sheets' added up (per year where it has years), said in one InputWarning."""
    sums = {name: _sums(table, cents[name]) for name, table in found}
    year_sheets = {name for name, _ in found if wide.year_label(name)}
    for name, _ in found:
        if name in year_sheets or sums[name] is None:
            continue
        others = [sums[other] for other, _ in found if other != name]
        if any(other is None for other in others):
            continue
        named = normalise_label(name) in SUMMARY_NAMES and bool(year_sheets)
        # by its figures only beside two sheets or more: two sheets of equal sums are no
        # summary of one another
        if named or (len(others) > 1 and _adds_up(sums[name], others)):  # type: ignore[arg-type]
            warnings.warn(InputWarning(
                N_("{file}: sheet {sheet!r} taken as a summary of the other sheets ({others}); "
                   "not counted again (read it alone with --sheet)"), file=str(path), sheet=name,
                others=", ".join(other for other, _ in found if other != name)), stacklevel=4)
            return [table for other, table in found if other != name]
    return [table for _, table in found]


def _adds_up(summary: dict[int | None, int], others: list[dict[int | None, int]]) -> bool:
    """Whether the summary's sums equal the others' added up (each of its years, or in all)."""
    added: dict[int | None, int] = {}
    for sums in others:
        for year, cents in sums.items():
            added[year] = added.get(year, 0) + cents
    if not any(summary.values()):
        return False
    if None in summary:
        return sum(summary.values()) == sum(added.values())
    return all(added.get(year) == cents for year, cents in summary.items())


def _sums(table: RawTable, cents: np.ndarray | None) -> dict[int | None, int] | None:
    """Cents per year of a table (None: it has no amounts)."""
    if cents is None:
        return None
    if "year" not in table.columns:
        return {None: int(cents.sum())}
    years = pd.to_numeric(pd.Series(table.columns["year"], dtype=object), errors="coerce")
    grouped = pd.Series(cents).groupby(years.fillna(-1).astype(np.int64).to_numpy()).sum()
    return {(None if year == -1 else int(year)): int(total)
            for year, total in grouped.items()}
