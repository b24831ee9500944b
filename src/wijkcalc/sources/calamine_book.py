"""OpenDocument (.ods) and old Excel (.xls) workbooks -> one sheet's cells, read with calamine."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

from ..errors import N_, InputError
from . import excel, sniff
from .base import Grid

Row = tuple[object, ...]
KINDS = {"ods": N_("cannot be read as an OpenDocument .ods file ({reason}); open it in a "
                   "spreadsheet and save it as .xlsx, or export it as CSV"),
         "xls": N_("cannot be read as an Excel .xls file ({reason}); open it in a spreadsheet "
                   "and save it as .xlsx, or export it as CSV")}


def sheet_names(path: Path, kind: str) -> list[str]:
    """The names of the workbook's worksheets, in their order."""
    book = _open(path, kind)
    try:
        return [meta.name for meta in book.sheets_metadata
                if getattr(meta.typ, "name", "WorkSheet") == "WorkSheet"]
    finally:
        book.close()


def read_sheet(path: Path, kind: str, sheet: str | None = None) -> Grid:
    """The same Grid as excel.read_sheet gives: the first non-empty row as header, the rows
    under it as cells (empty rows skipped), lines the sheet's row numbers."""
    name = str(path)
    book = _open(path, kind)
    try:
        names = book.sheet_names
        if sheet is not None and sheet not in names:
            raise InputError(excel.NO_SHEET, sheet=sheet, names=", ".join(names), file=name)
        try:
            found = book.get_sheet_by_name(sheet if sheet is not None else names[0])
            cells = found.to_python(skip_empty_area=False)
        except Exception as error:  # calamine raises its own types for broken parts
            raise _unreadable(kind, type(error).__name__, name) from None
    finally:
        book.close()
    return excel.grid_of(_numbered(cells, name), name)


def _numbered(cells: list[list[object]], name: str) -> list[tuple[int, Row]]:
    """The rows holding data with their row numbers; calamine's empty cells ('') as None."""
    numbered = []
    for line, row in enumerate(cells, 1):
        values = tuple(None if _empty(cell) else _value(cell) for cell in row)
        end = len(values)
        while end and values[end - 1] is None:
            end -= 1
        if end:
            numbered.append((line, excel._within_cell_limit(values[:end], line, name)))
    return numbered


def _empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _value(cell: object) -> object:
    # a time of day or a duration is no amount or year: kept as its text
    if isinstance(cell, (datetime.time, datetime.timedelta)):
        return str(cell)
    return cell


def _open(path: Path, kind: str):
    """The calamine workbook; a broken file says what it is not, and what to do."""
    from python_calamine import CalamineWorkbook  # only these workbooks need it

    name = str(path)
    if kind == "ods":
        with path.open("rb") as handle:
            try:
                zipfile.ZipFile(handle).close()
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                raise _unreadable(kind, sniff.error_text(error), name) from None
            handle.seek(0)
            excel._check_unpacked(handle, name)  # an .ods is a zip too: no bomb
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for broken workbooks
        raise _unreadable(kind, _reason(error), name) from None


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[-1][:80] if text else type(error).__name__


def _unreadable(kind: str, reason: str, name: str) -> InputError:
    return InputError(KINDS[kind], reason=reason, file=name)
