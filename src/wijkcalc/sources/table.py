"""The income-table source: a header row naming the columns, then one row per income stream."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, NC_, InputError, Joined, Text
from ..money import ambiguous_message, decimal_evidence
from ..vocab import STATED, THOUSANDS
from . import delimited, header, sniff, statement, wide, workbook
from .base import Grid, RawTable
from .columns import COLUMNS, REQUIRED, accepted_names, match_columns

NAME = "table"
DESCRIPTION = N_("income table (CSV, TSV, Excel .xlsx/.xls, OpenDocument .ods) with a header row")
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".ods", ".xls")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SHOWN_COLUMNS = 8  # of a header without the columns needed, in its message
ONLY_HEADER = N_("only a header, no income rows")
# the columns a message names, as the reader's language says them
COLUMN_WORDS = {"category": NC_("column", "category"), "amount": NC_("column", "amount"),
                "description": NC_("column", "description")}


def detect(head: bytes, name: str) -> float:
    """Any text might be a table, so a low claim that a specific format outbids; more when the
    header names an amount. A workbook is a table too; so, failing better, is any other zip,
    or anything named as a workbook: reading it then says what is wrong with it."""
    raw = sniff.without_bom(head)
    if workbook.kind(raw, name) in ("ods", "xls"):
        return 0.5
    if raw.startswith(sniff.ZIP):
        return 0.5 if sniff.is_workbook(raw) else 0.05
    problem = sniff.start_problem(raw)
    if problem == sniff.EMPTY:  # blank so far: the reader sees the whole file
        return 0.1
    if problem:
        return 0.01 if name.lower().endswith(EXCEL_SUFFIXES) else 0.0
    return 0.6 if "amount" in match_columns(_header(raw)) else 0.1


def _header(raw: bytes) -> list[str]:
    line = sniff.first_line(raw).decode("utf-8", errors="replace")
    try:
        return next(csv.reader([line], delimiter=sniff.separator(raw)), [])
    except csv.Error:
        return []


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The file's one table, or a workbook's tables (every sheet's, or ``sheet``'s: see
    workbook.tables); a CSV file larger than delimited.STREAM_BYTES as a table per piece (see
    pieces)."""
    path = Path(path)
    head = sniff.head(path)
    what = workbook.kind(head, path.name)
    if what is not None:
        yield from workbook.tables(path, what, sheet, to_raw)
    elif path.stat().st_size > delimited.STREAM_BYTES and not sniff.is_utf16(head):
        yield from pieces(path)
    else:
        yield to_raw(delimited.read_csv(path), path)


def pieces(path: Path, *, piece_bytes: int | None = None) -> Iterator[RawTable]:
    """A large CSV file as consecutive tables of whole records, read piece by piece (memory
    stays near ``piece_bytes``, default delimited.PIECE_BYTES).

    Each piece is given the decimal marks its file's amounts show, so that it reads as the
    whole file would: those seen so far, or, when a piece holds an amount such as 1.234 and
    nothing has shown the mark yet, those of the whole file (read once more, for them only).
    A 1.234 settled by the first mark seen is an error after all when a later amount shows
    the other one, as it is when the whole file is read at once."""
    rows = 0
    seen: frozenset[str] = frozenset()
    whole_known = False
    settled_early: tuple[int, str] | None = None  # the first 1.234 settled by marks so far
    for grid in delimited.read_pieces(path, piece_bytes=piece_bytes):
        table = to_raw(grid, path, piece=True)
        marks, at = evidence(table)
        seen |= marks
        if at is not None and not whole_known:
            if not seen:
                seen, whole_known = _marks_of_file(path, piece_bytes), True
            elif settled_early is None:
                settled_early = (int(table.lines[at]), str(table.columns["amount"][at]))
        if seen:
            table = dataclasses.replace(table, decimal_marks=seen)
        rows += table.rows
        yield table
    if not rows:
        raise InputError(ONLY_HEADER, file=str(path))
    if settled_early is not None and len(seen) > 1:
        line, value = settled_early
        raise InputError(ambiguous_message(value), file=str(path), line=line)


def evidence(table: RawTable) -> tuple[frozenset[str], int | None]:
    """The decimal marks a piece's amounts show (those parsed as read, and those its amount
    texts show), and the row of its first amount that needs them, such as 1.234 (None: no
    such amount)."""
    amounts = table.columns.get("amount")
    if amounts is None or not table.rows:
        return table.decimal_marks, None
    marks, at = decimal_evidence(pd.Series(amounts, dtype=object))
    return table.decimal_marks | marks, at


def _marks_of_file(path: Path, piece_bytes: int | None) -> frozenset[str]:
    marks: frozenset[str] = frozenset()
    for grid in delimited.read_pieces(path, piece_bytes=piece_bytes):
        marks |= evidence(to_raw(grid, path, piece=True))[0]
    return marks


def to_raw(grid: Grid, path: Path, *, piece: bool = False) -> RawTable:
    """The grid's columns under their canonical names, found from the header; the columns the
    header does not name are kept under their own labels."""
    shaped = statement.shape(grid, str(path))
    grid = wide.long(shaped.grid, str(path))
    found = match_columns(grid.header)
    # a description says what the money is for as well as a category does ("Omschrijving;Bedrag")
    missing = [column for column in REQUIRED if column not in found
               and not (column == "category" and "description" in found)]
    if missing:
        # a file that is no income file may be anything: quote a little of it, cleaned
        raise _missing(missing, grid, path)
    if not len(grid.lines) and not piece:
        raise InputError(ONLY_HEADER, file=str(path))
    columns = {canonical: grid.columns[position] for canonical, position in found.items()}
    if found.get("amount") in grid.cents:  # plain decimals, in cents already (delimited.py)
        del columns["amount"]
        columns["amount_cents"] = grid.cents[found["amount"]]
    used = set(found.values())
    for position, label in enumerate(grid.header):
        if position not in used and label and label not in COLUMNS and label not in columns:
            columns[label] = grid.columns[position]
    named = header.organisation(grid.above) if "enterprise" not in columns else None
    if named:  # a title line names the organisation: it is the enterprise, not the file
        columns["enterprise"] = np.full(len(grid.lines), named, dtype=object)
    if shaped.scale != 1:
        columns[STATED] = np.full(len(grid.lines), THOUSANDS, dtype=object)
    return RawTable(str(path), path.stem, grid.header_line, columns, grid.lines, piece=piece,
                    decimal_marks=grid.decimal_marks, scale=shaped.scale, notes=shaped.notes)


def _missing(missing: list[str], grid: Grid, path: Path) -> InputError:
    """The error for a header without the columns needed: what it has, what names it takes."""
    named = [h for h in grid.header if h]
    shown: Joined | Text = Joined((f"'{sniff.excerpt(h)}'" for h in named[:SHOWN_COLUMNS]),
                                  ", ") if named else Text(N_("none"))
    if len(named) > SHOWN_COLUMNS:
        shown = Text(N_("{shown} and {n} more"), shown=shown, n=len(named) - SHOWN_COLUMNS)
    wanted = Joined(Text(N_("for the {column}: {names}"), column=Text(COLUMN_WORDS[m]),
                         names=accepted_names(m)) for m in missing)
    instead = Text(N_(" (or, instead of a category, a description: {names})"),
                   names=accepted_names("description")) if "category" in missing else ""
    words = Joined((Text(COLUMN_WORDS[m]) for m in missing), Text(N_(" or ")))
    return InputError(
        N_("no {missing} column; columns found: {shown}; accepted names {wanted}{instead}"
           "{looked_at}"), missing=words, shown=shown, wanted=wanted, instead=instead,
        looked_at=_looked_at(grid), file=str(path), line=grid.header_line)


def _looked_at(grid: Grid) -> Text | str:
    """The first rows looked at for a header, when there were more than one."""
    if len(grid.looked_at) < 2:
        return ""
    rows = "; ".join(f"{line}: '{text}'" for line, text in grid.looked_at)
    return Text(N_("; no row looked like a header; the first rows are {rows}"), rows=rows)
