"""Shared reading of bank files: CSV layouts, records, headerless rows, decoding, the contract."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, InputError, Joined, Text
from . import scan, sniff
from .bank_text import clean_text
from .base import RawTable
from .columns import normalise_label

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
SEPARATORS = (";", ",", "\t")
SHOWN = 12  # header cells quoted in a message
CONTRACT = ("amount_cents", "kind", "date", "payer", "counterparty_iban", "description",
            "reference", "account", "account_holder", "reversal", "transaction_type",
            "category")

NO_TRANSACTIONS = N_("no transactions in the file")
QUOTED = "'{text}'"  # a name in quotes: no words of its own


def named(names: Iterable[str], *, quoted: bool = False) -> Joined:
    """Names marked N_ or NC_ (a bank's columns), each in the reader's language, with commas."""
    return Joined((Text(QUOTED, text=Text(name)) if quoted else Text(name) for name in names),
                  ", ")


@dataclass(frozen=True)
class Layout:
    """A bank's header: its columns (key -> the names it goes by), those read() needs, and
    how many a header names when it is this layout (``exact``) or one changed (``least``)."""

    bank: str  # marked N_ ("an ING"): a message says "looks like {bank} export"
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    exact: int
    least: int

    def match(self, header: list[str]) -> dict[str, int]:
        """key -> position of the header cell that names it."""
        wanted = {normalise_label(name): key for key, names in self.columns.items()
                  for name in names}
        found: dict[str, int] = {}
        for position, cell in enumerate(header):
            key = wanted.get(normalise_label(cell))
            if key and key not in found:
                found[key] = position
        return found

    def sureness(self, header: list[str]) -> float:
        """0.9 for this bank's header, 0.7 for one changed a little, else 0."""
        found = self.match(header)
        if len(found) >= self.exact and all(key in found for key in self.required):
            return 0.9
        return 0.7 if len(found) >= self.least else 0.0

    def _language(self, header: list[str]) -> int:
        """Which of the names (0 the first, often Dutch; 1 the second, often English) the
        header's cells mostly use: a missing column is named in the header's language."""
        spelled = [normalise_label(names[1]) for names in self.columns.values() if len(names) > 1]
        second = sum(normalise_label(cell) in spelled for cell in header)
        first = sum(normalise_label(names[0]) in {normalise_label(cell) for cell in header}
                    for names in self.columns.values() if len(names) > 1)
        return int(second > first)

    def missing(self, header: list[str], path: Path, line: int) -> None:
        """One clear InputError when a column read() needs is not in the header."""
        found = self.match(header)
        absent = [key for key in self.required if key not in found]
        if not absent:
            return
        shown: Joined | Text = Joined(
            (f"'{sniff.excerpt(cell)}'" for cell in header[:SHOWN] if cell), ", ")
        if len(header) > SHOWN:
            shown = Text(N_("{shown} and {n} more"), shown=shown, n=len(header) - SHOWN)
        names = self.columns[absent[0]]
        raise InputError(N_("looks like {bank} export, but the column '{column}' is missing; "
                            "columns found: {shown}"), bank=Text(self.bank),
                         column=names[min(self._language(header), len(names) - 1)], shown=shown,
                         file=str(path), line=line)


@dataclass(frozen=True)
class Records:
    """A bank file's header, its data cells by position (strings) and each record's line."""

    header: list[str]
    header_line: int
    cells: pd.DataFrame
    lines: np.ndarray
    clean: bool = False  # the file's bytes show that no cell needs cleaning (clean_bytes)

    def column(self, position: int | None) -> pd.Series:
        """The cells of one column as stripped strings ("" where the column is absent)."""
        if position is None:
            return pd.Series(np.full(len(self.lines), "", dtype=object), dtype=object)
        if self.clean:
            return pd.Series(self.cells[position].to_numpy(dtype=object), dtype=object)
        return clean_text(self.cells[position])


# UTF-8 of white space other than the plain space and the line end, by its first byte
# (\xe2\x80 also starts quotes and dashes: a file with those is checked cell by cell)
_WIDE_SPACES = {0xc2: (b"\xc2\x85", b"\xc2\xa0"), 0xe1: (b"\xe1\x9a\x80",),
                0xe2: (b"\xe2\x80", b"\xe2\x81\x9f"), 0xe3: (b"\xe3\x80\x80",)}


def clean_bytes(raw: bytes, separator: str) -> bool:
    """Whether the UTF-8 of a file read one record a line shows that clean_text would change
    none of its cells: no white space but single spaces, and none at a cell's start or end
    (next to a separator or a line end, or to a quote next to them). numpy passes over the
    bytes, no Python per cell; a separator inside a quoted cell only makes it say no."""
    data = np.frombuffer(raw, dtype=np.uint8)
    if ((data < 0x20) & (data != 0x0a)).any():
        return False
    for lead, spaces in _WIDE_SPACES.items():
        if bytes([lead]) in raw and any(space in raw for space in spaces):
            return False
    space = data == 0x20
    if (space[:-1] & space[1:]).any():
        return False
    line_end = np.full(1, 0x0a, dtype=np.uint8)
    padded = np.concatenate((line_end, data, line_end))
    edges = np.flatnonzero((padded == ord(separator)) | (padded == 0x0a))
    for step in (1, -1):
        near = np.take(padded, edges + step, mode="clip")
        beyond = np.take(padded, edges + 2 * step, mode="clip")
        if ((near == 0x20) | ((near == 0x22) & (beyond == 0x20))).any():
            return False
    return True


def decode(raw: bytes, fallback: str | None = None) -> tuple[str, str]:
    """Text and encoding of a bank file's bytes: UTF-8 (with or without BOM), else
    ``fallback`` (a bank's own 8-bit encoding) or cp1252, else Latin-1 (decodes any bytes)."""
    raw = sniff.without_bom(raw)
    for encoding in (ENCODINGS[0], fallback or ENCODINGS[1]):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode(ENCODINGS[-1]), ENCODINGS[-1]


def header_cells(head: bytes, skip: int = 0, separators: tuple[str, ...] = SEPARATORS,
                 ) -> tuple[list[str], str]:
    """The cells of the first line that is not blank (or the one ``skip`` lines after it) of a
    file's head, split by the separator that gives most cells, and that separator."""
    raw = sniff.without_bom(head)
    if sniff.start_problem(raw):
        return [], ""
    text = decode(raw[:raw.rfind(b"\n") + 1] or raw)[0]  # whole lines: no character cut
    lines = list(itertools.islice((line for line in text.splitlines() if line.strip()),
                                  skip + 1))  # each detector asks: not every line of the head
    if len(lines) <= skip:
        return [], ""
    split = [([cell.strip() for cell in next(csv.reader([lines[skip]], delimiter=separator))],
              separator) for separator in separators]
    return max(split, key=lambda found: len(found[0]))  # a tie: the first separator


def read_records(path: Path, separator: str, *, header: bool = True, skip: int = 0,
                 wanted: Callable[[list[str]], Iterable[int]] | None = None) -> Records:
    """A bank CSV file's records (the header first unless ``header`` is False; ``skip``
    records before it), read by pandas' C parser with every cell a string. ``wanted(header)``
    may name the positions of the columns a reader uses: only those are parsed."""
    name = str(path)
    raw = sniff.without_bom(path.read_bytes())
    sniff.check_text_start(raw, name)
    names: list[str] | None = None
    if wanted is not None and header and not skip:
        names = header_cells(raw[:1 << 16], separators=(separator,))[0] or None
    # UTF-8 tried first: the parser refuses bytes that are not, and the scan below decides
    cells, record_lines, blank = _one_line_records(
        raw, separator, "utf-8", sorted(set(wanted(names))) if names and wanted else None)
    clean = cells is not None and clean_bytes(raw, separator)
    if cells is None:  # cells over several lines, a lone \r, rows longer than the first
        names = None
        encoding = decode(raw)[1]
        counts, record_lines, blank = scan.count_fields(raw, separator.encode())
        cells = _parsed(raw, name, separator, encoding, int(counts.max()) if len(counts) else 0)
        if len(cells) != len(counts):
            raise InputError(N_("cannot be read as CSV: a quote (\") is not closed"), file=name)
    keep = np.flatnonzero(~blank)
    start = min(skip, len(keep))
    head_line = 1
    if header and start < len(keep):
        row = cells.iloc[keep[start]]
        found = ["" if cell is None or cell != cell else str(cell).strip() for cell in row]
        if names is not None and [names[at] for at in cells.columns] != found:
            return read_records(path, separator, header=header, skip=skip)  # read it all
        names = names if names is not None else found
        head_line = int(record_lines[keep[start]])
        start += 1
    body = keep[start:]
    if len(body) and body[-1] - body[0] == len(body) - 1:  # no blank line among them: a view
        data = cells.iloc[body[0]:body[-1] + 1].reset_index(drop=True)
    else:
        data = cells.iloc[body].reset_index(drop=True)
    return Records(names or [], head_line, data, record_lines[body].astype(np.int64),
                   clean=clean)


def _parsed(raw: bytes, name: str, separator: str, encoding: str, width: int | None,
            columns: list[int] | None = None) -> pd.DataFrame:
    """Every cell a string ("" for a missing one); ``width`` None: the first record's."""
    try:
        return pd.read_csv(io.BytesIO(raw), sep=separator, header=None, na_filter=False,
                           skip_blank_lines=False, encoding=encoding, engine="c",
                           names=None if width is None else range(width), dtype=object,
                           usecols=columns)
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OverflowError) as error:
        raise InputError(N_("cannot be read as CSV ({reason}); check for stray quotes"),
                         reason=sniff.error_text(error), file=name) from None


def _one_line_records(raw: bytes, separator: str, encoding: str, columns: list[int] | None
                      ) -> tuple[pd.DataFrame | None, np.ndarray, np.ndarray]:
    """The common case, without scanning the quotes: every record on a line of its own (as
    many records as lines) and none longer than the first. Else None, and the caller scans."""
    if b"\r" in raw or not raw or raw.isspace():
        return None, np.zeros(0, np.int64), np.zeros(0, bool)
    try:
        cells = _parsed(raw, "", separator, encoding, None, columns)
    except InputError:  # a longer row, an open quote: the scan says what it is
        return None, np.zeros(0, np.int64), np.zeros(0, bool)
    ends = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == ord("\n"))
    if not raw.endswith(b"\n"):
        ends = np.append(ends, len(raw))
    if len(ends) != len(cells):
        return None, np.zeros(0, np.int64), np.zeros(0, bool)
    starts = np.concatenate(([0], ends[:-1] + 1))
    if columns is None:
        cells.columns = range(cells.shape[1])
    return cells, np.arange(1, len(ends) + 1, dtype=np.int64), ends == starts


def read_rows(path: Path, text: str, *, separator: str, quotechar: str | None = '"'
              ) -> tuple[pd.DataFrame, np.ndarray]:
    """A headerless file's rows as strings (blank lines left out), and each row's line; a
    row shorter than the first has "" in the columns it lacks."""
    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=object,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            quotechar=quotechar or '"', engine="c", index_col=False,
                            quoting=csv.QUOTE_MINIMAL if quotechar else csv.QUOTE_NONE)
    except pd.errors.ParserError as error:
        raise InputError(N_("cannot be read: {reason}"),
                         reason=str(error).strip().splitlines()[-1], file=str(path)) from None
    except pd.errors.EmptyDataError:
        raise InputError(NO_TRANSACTIONS, file=str(path)) from None
    frame = frame.fillna("")
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    filled = (frame != "").any(axis=1).to_numpy()
    if not filled.any():
        raise InputError(NO_TRANSACTIONS, file=str(path))
    return frame[filled].reset_index(drop=True), lines[filled]

def contract_columns(values: dict[str, object], rows: int) -> dict[str, np.ndarray]:
    """The contract's columns in their order: each an object array (``amount_cents`` int64),
    a single string given for a column repeated on every row."""
    columns: dict[str, np.ndarray] = {}
    for name in CONTRACT:
        value = values.get(name, "")
        if name == "amount_cents":
            columns[name] = np.asarray(value, dtype=np.int64)
        elif isinstance(value, str):
            columns[name] = np.full(rows, value, dtype=object)
        else:
            array = np.asarray(value, dtype=object)
            columns[name] = np.where(pd.isna(array), "", array).astype(object)
    return columns

def table(path: Path, records: Records, columns: dict[str, object]) -> RawTable:
    """The RawTable of a bank file: every column an object array, ``amount_cents`` int64."""
    arrays = {name: (np.asarray(values, dtype=np.int64) if name == "amount_cents"
                     else np.asarray(values, dtype=object))
              for name, values in columns.items()}
    return RawTable(str(path), path.stem, records.header_line, arrays, records.lines)
