"""Raw tables of one or more files -> the typed canonical frame: cents, years, labels, names."""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..errors import N_, NC_, InputError, InputWarning, Text
from ..money import AmountError, checked_total, parse_amounts, plain_cents
from .base import RawTable, appearance_ordered
from .columns import (
    CLASS_LOOKUP,
    CLASS_VALUES,
    COLUMNS,
    KIND_LOOKUP,
    KIND_VALUES,
    PAYER_TYPE_LOOKUP,
    PAYER_TYPE_VALUES,
    normalise_label,
)

__all__ = ["COLUMNS", "canonical", "per_distinct"]

Fail = Callable[..., InputError]  # (message, position, **fields)


def canonical(tables: list[RawTable]) -> pd.DataFrame:
    """Give the cells of one or more files their meaning: one frame with the columns of COLUMNS.

    The files are stacked first and every column is then parsed once, so a thousand small files
    cost about what one large file does. An error names the file and line of the first bad cell.
    """
    sizes = [table.rows for table in tables]
    cells = _stack([_with_enterprise(table) for table in tables], sizes)
    files = np.repeat(np.arange(len(tables)), sizes)
    names = np.array([t.file for t in tables], dtype=object)
    lines = np.concatenate([t.lines for t in tables]).astype(np.int64)
    # per file: 1 it has a year column, 2 only a date column, 0 neither
    year_source = [1 if "year" in t.columns else 2 if "date" in t.columns else 0 for t in tables]

    def fail(message: str | Text, position: int, **fields: object) -> InputError:
        return InputError(message, file=str(names[files[position]]), line=int(lines[position]),
                          **fields)

    def text(name: str) -> pd.Series:
        values = cells.get(name)
        if values is None:
            return _same_everywhere("", len(lines))
        return pd.Series(per_distinct(values, lambda distinct: distinct.map(_cell_text)))

    def labels(name: str, lookup: dict[str, str], table: dict[str, tuple[str, ...]],
               what: str, default: str = "") -> pd.Series:
        if name not in cells:  # no such column: every row has the default
            return _same_everywhere(default, len(lines))
        return _labels(text(name), lookup, table, what, fail, default)

    amount_cents = _amounts(tables, cells, fail)  # the amounts are checked first
    try:
        checked_total(amount_cents)
    except AmountError as error:
        raise fail(error.text, error.position) from None
    frame = pd.DataFrame({
        "enterprise": _enterprise(cells["enterprise"], fail),
        "year": _year(cells.get("year"), cells.get("date"), np.repeat(year_source, sizes), fail),
        "description": text("description"),
        "category": text("category"),
        "payer": text("payer"),
        "payer_type": labels("payer_type", PAYER_TYPE_LOOKUP, PAYER_TYPE_VALUES,
                             NC_("column", "payer type")),
        "amount_cents": amount_cents,
        "class": labels("class", CLASS_LOOKUP, CLASS_VALUES, NC_("column", "class")),
        "kind": labels("kind", KIND_LOOKUP, KIND_VALUES, NC_("column", "kind"),
                       default="income"),
        "file": _file_column(names, files),
        "line": lines,
        "source": _per_table([table.source or "table" for table in tables], files),
    })
    # an income table's date only gives the year (a bank line's also orders its returns and
    # tells overlapping exports apart); every other column goes along as it was read
    for note in (note for table in tables for note in table.notes):  # read well: now say it
        warnings.warn(InputWarning(note), stacklevel=3)  # note: a str or a Text
    keep_date = any("account" in t.columns for t in tables)
    for label, values in cells.items():
        if label not in frame.columns and label not in COLUMNS and (label != "date" or keep_date):
            frame[label] = pd.Series(values.to_numpy(), dtype=values.dtype)
    return frame


def _same_everywhere(value: str, rows: int) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(np.zeros(rows, dtype=np.int8), [value]))


def _with_enterprise(table: RawTable) -> dict[str, np.ndarray]:
    if "enterprise" in table.columns:
        return table.columns
    return {**table.columns, "enterprise": np.full(table.rows, table.stem, dtype=object)}


def _per_table(values: list[str], files: np.ndarray) -> pd.Categorical:
    """A value per table, spread over its rows as a categorical."""
    codes, distinct = pd.factorize(np.array(values, dtype=object))
    return pd.Categorical.from_codes(codes[files], distinct)


def _file_column(names: np.ndarray, files: np.ndarray) -> pd.Categorical:
    """Each row's file; categories in the files' order, or sorted when a file comes twice
    (its pieces, or the same file given twice)."""
    if len(names) == len(set(names)):
        return pd.Categorical.from_codes(files, names)
    categories = sorted(set(names))
    code = {name: number for number, name in enumerate(categories)}
    codes = np.array([code[name] for name in names], dtype=np.int64)  # per table, not row
    return pd.Categorical.from_codes(codes[files], categories)


def _amounts(tables: list[RawTable], cells: dict[str, pd.Series], fail: Fail) -> np.ndarray:
    """Cents of the stacked amounts; each file's own amounts decide its decimal mark.

    A column of plain decimals (the usual case) is parsed in one go; otherwise file by file,
    so a Dutch file's "1.234" is not judged by an English file's "12.50". The consecutive
    tables of one file (its pieces, its sheets) count as that one file. A source that parsed
    its amounts itself gives ``amount_cents``, taken as it is.
    """
    runs = _file_runs(tables)
    if len(runs) > 1 and "amount_cents" not in cells:
        plain = plain_cents(cells["amount"].to_numpy(dtype=object))
        if plain is not None:
            return _scaled(plain, tables)
    cents = np.zeros(sum(table.rows for table in tables), dtype=np.int64)
    for start, stop, parsed, marks in runs:
        if parsed:
            cents[start:stop] = cells["amount_cents"].iloc[start:stop].to_numpy(dtype=np.int64)
            continue
        try:
            cents[start:stop] = parse_amounts(cells["amount"].iloc[start:stop], marks)
        except AmountError as error:
            raise fail(error.text, start + error.position) from None
    return _scaled(cents, tables)


def _scaled(cents: np.ndarray, tables: list[RawTable]) -> np.ndarray:
    """The cents of tables whose amounts are stated in thousands, times a thousand."""
    if all(table.scale == 1 for table in tables):
        return cents
    return cents * np.repeat([table.scale for table in tables], [t.rows for t in tables])


def _file_runs(tables: list[RawTable]) -> list[tuple[int, int, bool, frozenset[str]]]:
    """(first row, row after the last, amounts already in cents, the decimal marks the file
    shows elsewhere) of each run of tables of one file, one after the other."""
    runs: list[tuple[int, int, bool, frozenset[str]]] = []
    keys: list[tuple[str, bool]] = []
    start = 0
    for table in tables:
        key = (table.file, "amount_cents" in table.columns)
        if keys and keys[-1] == key:
            first, _, parsed, marks = runs[-1]
            runs[-1] = (first, start + table.rows, parsed, marks | table.decimal_marks)
        else:
            runs.append((start, start + table.rows, key[1], table.decimal_marks))
            keys.append(key)
        start += table.rows
    return runs


def _stack(parts: list[dict[str, np.ndarray]], sizes: list[int]) -> dict[str, pd.Series]:
    """The files' columns one under the other; a column a file lacks is empty there."""
    if len(parts) == 1:
        return {name: pd.Series(values, dtype=values.dtype) for name, values in parts[0].items()}
    names = list(dict.fromkeys(name for part in parts for name in part))
    stacked = {}
    for name in names:
        pieces = [part[name] if name in part else np.full(size, "", dtype=object)
                  for part, size in zip(parts, sizes, strict=True)]
        if not all(piece.dtype == pieces[0].dtype for piece in pieces):
            pieces = [piece.astype(object) for piece in pieces]
        joined = np.concatenate(pieces)
        stacked[name] = pd.Series(joined, dtype=joined.dtype)  # objects stay objects
    return stacked


def per_distinct(values: pd.Series, transform: Callable[[pd.Series], pd.Series]
                 ) -> pd.Categorical:
    """Apply a per-value transform to the distinct values only; a categorical of the results.

    Income files repeat the same categories, payers and labels on many rows, so this turns
    per-row string work into per-distinct-value work, and the categorical keeps it small.
    """
    codes, mapped = _distinct_apply(values, transform)
    # two spellings may map to one value (" Bar" and "Bar"): categories must be unique
    mapped_codes, categories = pd.factorize(mapped, use_na_sentinel=False)
    return pd.Categorical.from_codes(mapped_codes[codes], categories)


def _distinct_apply(values: pd.Series, transform: Callable[[pd.Series], pd.Series]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code into the distinct values, and the transform of each distinct value."""
    if isinstance(values.dtype, pd.CategoricalDtype):  # a large CSV file's repeating text
        ordered = appearance_ordered(values.array)
        if len(ordered.codes) == 0 or ordered.codes.min() >= 0:
            distinct = pd.Series(np.asarray(ordered.categories, dtype=object), dtype=object)
            return np.asarray(ordered.codes), transform(distinct).to_numpy(dtype=object)
    cells = values.to_numpy(dtype=object)
    # with the sentinel pandas skips a pass of isna over every cell (a third of the time); a
    # column read from text has no missing cell, and then the codes are the same
    codes, uniques = pd.factorize(cells)
    if len(codes) and codes.min() < 0:  # None or NaN cells (a workbook's): coded as values
        codes, uniques = pd.factorize(cells, use_na_sentinel=False)
    return codes, transform(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)


def _cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _enterprise(values: pd.Series, fail: Fail) -> pd.Categorical:
    names = per_distinct(values, lambda distinct: distinct.map(_cell_text))
    empty = np.asarray(names == "")
    if empty.any():
        raise fail(N_("the enterprise cell is empty; fill in which enterprise this row belongs "
                      "to"), int(np.argmax(empty)))
    return names


def _year(years: pd.Series | None, dates: pd.Series | None, source: np.ndarray,
          fail: Fail) -> pd.Series:
    """The year of each row from its file's year column, or else its date column.

    ``source`` says per row which one its file has: 1 a year, 2 a date, 0 neither (<NA>).
    """
    year = np.full(len(source), np.nan)
    for what, cells, kind in (("year", years, 1), ("date", dates, 2)):
        rows = source == kind
        if cells is None or not rows.any():
            continue
        picked = cells[rows]
        codes, distinct = _distinct_apply(picked, lambda values, w=what: _years_of(values, w))
        found_years = distinct.astype(np.float64)[codes]
        if np.isnan(found_years).any():
            at = int(np.argmax(np.isnan(found_years)))
            position = int(np.flatnonzero(rows)[at])
            found = _cell_text(picked.iloc[at])
            raise fail(N_("year is {found}; expected a year such as 2024") if what == "year"
                       else N_("date is {found}; expected a date such as 2024-03-01 or 1-3-2024"),
                       position, found=repr(found) if found else Text(N_("an empty cell")))
        year[rows] = found_years
    return pd.array(year, dtype="Int64")


def _years_of(cells: pd.Series, what: str) -> pd.Series:
    """Distinct year or date cells -> the year as a float (NaN where there is none)."""
    is_date = cells.map(lambda v: isinstance(v, (datetime.date, datetime.datetime)))
    text = cells.map(_cell_text).astype(str)
    if what == "year":
        digits = text.str.extract(r"^(\d{4})(?:\.0+)?$")[0]
    else:
        # a year is four digits standing alone in a date (2024-03-01, 1-3-2024, 01/03/2024)
        # or the first four of a compact date (20240301)
        found = text.str.extract(r"^(\d{4})\d{4}$|(?<!\d)(\d{4})(?!\d)")
        digits = found[0].fillna(found[1])  # not bfill(axis=1): that goes value by value
    if is_date.any():
        digits = digits.where(~is_date, cells[is_date].map(lambda d: str(d.year)))
    year = pd.to_numeric(digits, errors="coerce").astype("float64")
    return year.where((year >= 1900) & (year <= 2200))


def _labels(values: pd.Series, lookup: dict[str, str], table: dict[str, tuple[str, ...]],
            what: str, fail: Fail, default: str = "") -> pd.Series:
    """Map label cells (any language, any case) to their canonical value; blanks get default."""
    distinct = values.unique()
    mapping = {value: (lookup.get(normalise_label(value)) if value else default)
               for value in distinct}
    unknown = [value for value, canonical in mapping.items() if canonical is None]
    if unknown:
        position = int(np.argmax(values.isin(unknown).to_numpy()))
        accepted = ", ".join(name for names in table.values() for name in names[:2])
        raise fail(N_("{what} is {value!r}; expected one of: {accepted} (or leave it empty)"),
                   position, what=Text(what), value=values.iloc[position], accepted=accepted)
    return pd.Series(per_distinct(values, lambda distinct: distinct.map(mapping)),
                     index=values.index)
