"""Excel workbooks (.xlsx, .xlsm) -> one sheet's cells by position, read with openpyxl."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from ..errors import N_, InputError, Number
from . import header, sniff
from .base import Grid, check_width

if TYPE_CHECKING:
    from openpyxl import Workbook

Row = tuple[object, ...]


# A workbook's parts unpack to at most this, and a large part to at most MAX_RATIO times its
# packed size: beyond that it is a decompression bomb (Excel's own files stay far below).
MAX_UNPACKED = 1 << 30
MAX_RATIO = 200
RATIO_FROM = 16 << 20
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
CELL_CHARS = 32767  # Excel's limit for one cell; a longer one was not written by Excel
NO_SHEET = N_("has no sheet {sheet!r}; its sheets are: {names}")


def read_sheet(path: Path, sheet: str | None = None) -> Grid:
    """The first non-empty row as header, the rows under it as cells (empty rows skipped);
    lines are the Excel row numbers. ``sheet`` names the sheet (default: the first)."""
    name = str(path)
    return grid_of(_rows(path, sheet, name), name)


def grid_of(numbered: list[tuple[int, Row]], name: str) -> Grid:
    """Numbered rows (each up to its last cell with data) -> the Grid: header and cells."""
    if not numbered:
        raise InputError(N_("the sheet is empty; expected a header row naming at least the "
                            "category and amount columns"), file=name)
    texts = [[_header_text(cell) for cell in row] for _, row in numbered[:header.MAX_ROWS]]
    found = header.find(texts)
    at = found or 0  # none found: the first row, whose error then names what it lacks
    numbered_rows = numbered[at:]
    width = max(len(row) for _, row in numbered_rows)
    header_line, header_cells = numbered_rows[0]
    check_width(width, name, header_line)
    names = [_header_text(cell) for cell in header_cells]
    names += [""] * (width - len(names))
    body = [row + (None,) * (width - len(row)) for _, row in numbered_rows[1:]]
    columns = [np.array(cells, dtype=object) for cells in zip(*body, strict=True)] if body \
        else [np.zeros(0, dtype=object) for _ in names]
    lines = np.array([line for line, _ in numbered_rows[1:]], dtype=np.int64)
    looked_at = () if found is not None or len(numbered) < 2 else tuple(
        (line, sniff.excerpt(header.line_text(text)))
        for (line, _), text in zip(numbered[:header.SHOWN_ROWS], texts, strict=False))
    return Grid(names, header_line, columns, lines,
                above=tuple(header.line_text(text) for text in texts[:at]), looked_at=looked_at)


def _header_text(cell: object) -> str:
    """A header cell as text; a year typed as a number (2024.0 in calamine) reads 2024."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _rows(path: Path, sheet: str | None, name: str) -> list[tuple[int, Row]]:
    """The rows holding data, with their row numbers, each up to its last cell with data
    (a formatted empty cell far out, as Excel leaves them, costs nothing)."""
    # given an open file, openpyxl reads a workbook by its content, whatever the name ends in
    with path.open("rb") as handle:
        _check_unpacked(handle, name)
        book = _open(handle, name)
        try:
            numbered = _sheet_rows(book, sheet, name)
        finally:
            book.close()
        width = max((len(row) for _, row in numbered), default=0)
        if any(len(row) < width or None in row for _, row in numbered) \
                and _has_formulas(handle):
            _refuse_unsaved_formulas(handle, sheet, numbered, width, name)
    return numbered


def _has_formulas(handle: BinaryIO) -> bool:
    """Whether a worksheet of the workbook holds a formula (searched in the packed XML)."""
    try:
        with zipfile.ZipFile(handle) as archive:
            for member in archive.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    with archive.open(member) as part:
                        tail = b""
                        while piece := part.read(1 << 20):
                            if _FORMULA.search(tail + piece):
                                return True
                            tail = piece[-8:]
    finally:
        handle.seek(0)
    return False


def _refuse_unsaved_formulas(handle: BinaryIO, sheet: str | None,
                             numbered: list[tuple[int, Row]], width: int, name: str) -> None:
    """An empty cell that holds a formula was saved by a program that does not compute (a
    script, a converter): say so, rather than that the cell is empty."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    kept = dict(numbered)
    book = openpyxl.load_workbook(handle, read_only=True, data_only=False)
    try:
        worksheet = book[sheet] if sheet else book.worksheets[0]
        for line, row in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            values = kept.get(line)
            if values is None:
                continue
            for position, cell in enumerate(row[:width]):
                empty = position >= len(values) or values[position] is None
                if empty and isinstance(cell, str) and cell.startswith("="):
                    raise InputError(N_("cell {cell} holds a formula without a saved value "
                                        "({formula}); open the file in Excel and save it, or "
                                        "type the value"),
                                     cell=f"{get_column_letter(position + 1)}{line}",
                                     formula=sniff.excerpt(cell), file=name, line=line)
    finally:
        book.close()
        handle.seek(0)


def _check_unpacked(handle: BinaryIO, name: str) -> None:
    """Refuse a decompression bomb from the zip's directory, before anything is unpacked."""
    try:
        members = zipfile.ZipFile(handle).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable(sniff.error_text(error), name) from None
    finally:
        handle.seek(0)
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    bomb = any(member.file_size > RATIO_FROM
               and member.file_size > MAX_RATIO * max(member.compress_size, 1)
               for member in members)
    if unpacked > MAX_UNPACKED or bomb:
        raise InputError(N_("the workbook unpacks to {unpacked} MiB from {packed} MiB, more than a "
                            "workbook of income rows does (a decompression bomb?); export the "
                            "sheet as CSV"), unpacked=Number(unpacked / 2**20, ",.0f"),
                         packed=Number(packed / 2**20, ",.1f"), file=name)


def _open(handle: BinaryIO, name: str) -> Workbook:
    import openpyxl  # only a workbook needs it, and it is slow to import

    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise _unreadable(sniff.error_text(error), name) from None
    except Exception as error:  # openpyxl raises its own types for broken workbooks
        raise _unreadable(type(error).__name__, name) from None


def _sheet_rows(book: Workbook, sheet: str | None, name: str) -> list[tuple[int, Row]]:
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise InputError(NO_SHEET, sheet=sheet, names=", ".join(book.sheetnames), file=name)
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()  # a writer's <dimension> may be missing or too small
        numbered = []
        for line, row in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1):
            end = len(row)
            while end and not _has_value(row[end - 1]):
                end -= 1
            if end:
                numbered.append((line, _within_cell_limit(tuple(row[:end]), line, name)))
        return numbered
    except InputError:
        raise
    except Exception as error:  # a broken part shows only when its rows are read
        raise _unreadable(type(error).__name__, name) from None


def _unreadable(reason: str, name: str) -> InputError:
    return InputError(N_("cannot be read as an Excel .xlsx file ({reason}); open it in Excel and "
                         "save it again, or export it as CSV"), reason=reason, file=name)


def _within_cell_limit(row: Row, line: int, name: str) -> Row:
    for cell in row:
        if isinstance(cell, str) and len(cell) > CELL_CHARS:
            raise InputError(N_("a cell of {size} characters; Excel holds at most {limit} "
                                "characters in a cell"), size=Number(len(cell), ","),
                             limit=CELL_CHARS,
                             file=name, line=line)
    return row


def _has_value(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())
