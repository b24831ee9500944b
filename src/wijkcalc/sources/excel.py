"""Excel workbooks (.xlsx, .xlsm) -> one sheet's cells by position, read with openpyxl."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from ..errors import InputError
from . import sniff
from .base import Grid

if TYPE_CHECKING:
    from openpyxl import Workbook

Row = tuple[object, ...]


def read_sheet(path: Path, sheet: str | None = None) -> Grid:
    """The first non-empty row as header, the rows under it as cells (empty rows skipped);
    lines are the Excel row numbers. ``sheet`` names the sheet (default: the first)."""
    name = str(path)
    rows = _rows(path, sheet, name)
    numbered = [(line, row) for line, row in enumerate(rows, 1)
                if any(_has_value(cell) for cell in row)]
    if not numbered:
        raise InputError("the sheet is empty; expected a header row naming at least the "
                         "category and amount columns", file=name)
    header_line, header_cells = numbered[0]
    header = ["" if cell is None else str(cell).strip() for cell in header_cells]
    body = [row for _, row in numbered[1:]]
    columns = [np.array(cells, dtype=object) for cells in zip(*body, strict=True)] if body \
        else [np.zeros(0, dtype=object) for _ in header]
    lines = np.array([line for line, _ in numbered[1:]], dtype=np.int64)
    return Grid(header, header_line, columns, lines)


def _rows(path: Path, sheet: str | None, name: str) -> list[Row]:
    """Every row of the sheet, all as wide as the widest."""
    # given an open file, openpyxl reads a workbook by its content, whatever the name ends in
    with path.open("rb") as handle:
        book = _open(handle, name)
        try:
            rows = _sheet_rows(book, sheet, name)
        finally:
            book.close()
    width = max((len(row) for row in rows), default=0)
    return [tuple(row) + (None,) * (width - len(row)) for row in rows]


def _open(handle: BinaryIO, name: str) -> Workbook:
    import openpyxl  # only a workbook needs it, and it is slow to import

    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _unreadable(sniff.error_text(error), name) from None
    except Exception as error:  # openpyxl raises its own types for broken workbooks
        raise _unreadable(type(error).__name__, name) from None


def _sheet_rows(book: Workbook, sheet: str | None, name: str) -> list[Row]:
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise InputError(f"has no sheet {sheet!r}; its sheets are: "
                             + ", ".join(book.sheetnames), file=name)
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()  # a writer's <dimension> may be missing or too small
        return list(worksheet.iter_rows(min_row=1, values_only=True))
    except InputError:
        raise
    except Exception as error:  # a broken part shows only when its rows are read
        raise _unreadable(type(error).__name__, name) from None


def _unreadable(reason: str, name: str) -> InputError:
    return InputError(f"cannot be read as an Excel .xlsx file ({reason}); open it in Excel and "
                      "save it again, or export it as CSV", file=name)


def _has_value(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())
