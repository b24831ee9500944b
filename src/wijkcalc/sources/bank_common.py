"""Shared reading of bank CSV exports: layouts, records, exact signed cents, IBANs, dates, texts."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from . import scan, sniff
from .base import RawTable
from .columns import normalise_label

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
SEPARATORS = (";", ",", "\t")
SHOWN = 12  # header cells quoted in a message


@dataclass(frozen=True)
class Layout:
    """A bank's header: its columns (key -> the names it goes by), those read() needs, and
    how many a header names when it is this layout (``exact``) or one changed (``least``)."""

    bank: str
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
        shown = ", ".join(f"'{sniff.excerpt(cell)}'" for cell in header[:SHOWN] if cell)
        if len(header) > SHOWN:
            shown += f" and {len(header) - SHOWN} more"
        names = self.columns[absent[0]]
        raise InputError(f"looks like {self.bank} export, but the column "
                         f"'{names[min(self._language(header), len(names) - 1)]}' is missing; "
                         f"columns found: {shown}",
                         file=str(path), line=line)


@dataclass(frozen=True)
class Records:
    """A bank file's header, its data cells by position (strings) and each record's line."""

    header: list[str]
    header_line: int
    cells: pd.DataFrame
    lines: np.ndarray

    def column(self, position: int | None) -> pd.Series:
        """The cells of one column as stripped strings ("" where the column is absent)."""
        if position is None:
            return pd.Series(np.full(len(self.lines), "", dtype=object), dtype=object)
        return clean_text(self.cells[position])


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding of a bank file's bytes: UTF-8, else cp1252, else Latin-1."""
    raw = sniff.without_bom(raw)
    for encoding in ENCODINGS[:-1]:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return raw.decode(ENCODINGS[-1]), ENCODINGS[-1]  # Latin-1 decodes any bytes


def header_cells(head: bytes, skip: int = 0, separators: tuple[str, ...] = SEPARATORS,
                 ) -> tuple[list[str], str]:
    """The cells of the first line that is not blank (or the one ``skip`` lines after it) of a
    file's head, split by the separator that gives most cells, and that separator."""
    raw = sniff.without_bom(head)
    if sniff.start_problem(raw):
        return [], ""
    text = decode(raw[:raw.rfind(b"\n") + 1] or raw)[0]  # whole lines: no character cut
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= skip:
        return [], ""
    split = [([cell.strip() for cell in next(csv.reader([lines[skip]], delimiter=separator))],
              separator) for separator in separators]
    return max(split, key=lambda found: len(found[0]))  # a tie: the first separator


def read_records(path: Path, separator: str, *, header: bool = True, skip: int = 0) -> Records:
    """A bank CSV file's records (the header first unless ``header`` is False; ``skip``
    records before it), read by pandas' C parser with every cell a string."""
    name = str(path)
    raw = sniff.without_bom(path.read_bytes())
    sniff.check_text_start(raw, name)
    encoding = decode(raw)[1]
    counts, record_lines, blank = scan.count_fields(raw, separator.encode())
    width = int(counts.max()) if len(counts) else 0
    try:
        cells = pd.read_csv(io.BytesIO(raw), sep=separator, header=None, keep_default_na=False,
                            skip_blank_lines=False, encoding=encoding, engine="c",
                            names=range(width), dtype=dict.fromkeys(range(width), object))
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OverflowError) as error:
        raise InputError(f"cannot be read as CSV ({sniff.error_text(error)}); check for stray "
                         "quotes", file=name) from None
    if len(cells) != len(counts):
        raise InputError("cannot be read as CSV: a quote (\") is not closed", file=name)
    keep = np.flatnonzero(~blank)
    start = min(skip, len(keep))
    head_line = 1
    names: list[str] = []
    if header and start < len(keep):
        row = cells.iloc[keep[start]].tolist()
        names = ["" if cell is None or cell != cell else str(cell).strip() for cell in row]
        head_line = int(record_lines[keep[start]])
        start += 1
    body = keep[start:]
    data = cells.iloc[body].reset_index(drop=True).fillna("")
    return Records(names, head_line, data, record_lines[body].astype(np.int64))


STRING = np.dtypes.StringDType()


def strings(values: pd.Series | np.ndarray) -> np.ndarray:
    """Cells as a numpy StringDType array ("" for missing ones): np.strings works on it in C."""
    return pd.Series(values, dtype=object).fillna("").to_numpy(dtype=object).astype(STRING)


def utf8(values: pd.Series | np.ndarray, *, lower: bool = False) -> np.ndarray:
    """Cells as a numpy bytes (S) array of their UTF-8, made by joining them into one text
    and splitting its bytes (C loops only); numpy finds and slices such bytes fastest."""
    cells = pd.Series(values, dtype=object).fillna("").to_numpy(dtype=object)
    joined_text = "\x00".join(cells)
    if joined_text.count("\x00") != len(cells) - 1:  # a NUL in a cell: drop it
        joined_text = "\x00".join(cell.replace("\x00", "") for cell in cells)
    if lower:
        joined_text = joined_text.lower()
    return np.array(joined_text.encode("utf-8").split(b"\x00") if len(cells) else [],
                    dtype=np.bytes_)


def from_utf8(values: np.ndarray) -> np.ndarray:
    """The text of an S array of UTF-8 (see utf8) as an object array of str."""
    if not len(values):
        return np.zeros(0, dtype=object)
    return np.array(b"\x00".join(values.tolist()).decode("utf-8").split("\x00"), dtype=object)


def _series(values: np.ndarray) -> pd.Series:
    return pd.Series(values.astype(object), dtype=object)


def per_distinct(values: pd.Series | np.ndarray,
                 transform: Callable[[pd.Series], np.ndarray | pd.Series]) -> np.ndarray:
    """``transform`` of each distinct cell once, spread back over the rows (object array)."""
    cells = values.to_numpy(dtype=object) if isinstance(values, pd.Series) \
        else np.asarray(values, dtype=object)
    codes, distinct = pd.factorize(cells, use_na_sentinel=False)
    done = transform(pd.Series(distinct, dtype=object).fillna(""))  # missing: only here
    return np.asarray(done, dtype=object)[codes]


def clean_text(values: pd.Series | np.ndarray) -> pd.Series:
    """Cells as strings, stripped, a run of white space made one space; "" for missing ones.
    Each distinct cell is cleaned once (a bank export repeats dates, accounts, names)."""
    return pd.Series(per_distinct(values, _clean), dtype=object)


def _clean(text: pd.Series) -> np.ndarray:
    text = text.map(str)  # object dtype: pandas' "str" dtype is slower here
    together = "\x1f".join(text.to_numpy(dtype=object))
    if any(space in together for space in _SPACES):
        text = text.str.replace(r"\s+", " ", regex=True)
    return np.strings.strip(text.to_numpy(dtype=object).astype(STRING)).astype(object)


_SPACES = ("  ", "\t", "\r", "\n", "\x0b", "\x0c", "\xa0")


def joined(*parts: pd.Series, between: str = " ") -> pd.Series:
    """Text columns joined row by row, empty parts left out."""
    result = strings(clean_text(parts[0]))
    for part in parts[1:]:
        part = strings(clean_text(part))
        both = (np.strings.str_len(result) > 0) & (np.strings.str_len(part) > 0)
        result = np.strings.add(np.strings.add(result, np.where(both, between, "")), part)
    return _series(result)


def iban(values: pd.Series | np.ndarray) -> pd.Series:
    """Account numbers normalised: upper case, no spaces or dots (each distinct one once)."""
    return pd.Series(per_distinct(values, _iban), dtype=object)


def _iban(values: pd.Series) -> pd.Series:
    text = np.strings.upper(strings(values))
    for mark in (" ", ".", "\t"):
        text = np.strings.replace(text, mark, "")
    return _series(text)


_FORMS = {
    "YYYYMMDD": r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
    "YYYY-MM-DD": r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$",
    "dd-mm-yyyy": r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})$",
}


def iso_dates(values: pd.Series, form: str, *, file: str, lines: np.ndarray,
              what: str = "date") -> np.ndarray:
    """Dates written as ``form`` (YYYYMMDD, YYYY-MM-DD or dd-mm-yyyy) -> "YYYY-MM-DD"
    strings; InputError at the first cell that is no such date. Each distinct date once."""
    codes, distinct = pd.factorize(clean_text(values).to_numpy(dtype=object),
                                   use_na_sentinel=False)
    text = pd.Series(distinct, dtype=object)
    parts = text.str.extract(_FORMS[form])
    iso = (parts["y"].fillna("") + "-" + parts["m"].fillna("").str.zfill(2) + "-"
           + parts["d"].fillna("").str.zfill(2))
    valid = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").notna().to_numpy()[codes]
    if not valid.all():
        at = int(np.argmin(valid))
        raise InputError(f"{what} is {sniff.excerpt(text.iloc[codes[at]])!r}; expected a date "
                         f"written {form}", file=file, line=int(lines[at]))
    return iso.to_numpy(dtype=object)[codes]


def cents(values: pd.Series, *, decimal: str = ",", file: str, lines: np.ndarray,
          what: str = "amount") -> np.ndarray:
    """Exact int64 cents of amounts with the decimal mark ``decimal`` (the other mark groups
    thousands): ``1250,00``, ``+1250,00``, ``-83,86``, ``1.234,56``, ``-200.00`` (with "."),
    ``1250``. ``decimal="auto"`` takes "." for a column whose amounts end in .dd and none in
    ,dd. No floats: the digits are joined as text and read as integers, by numpy's string
    functions (no Python per amount)."""
    text = strings(clean_text(values))  # a space inside an amount makes it no amount
    size = np.strings.str_len(text)
    if decimal == "auto":
        def ends(mark: str) -> bool:
            return bool(((np.strings.rfind(text, mark) >= size - 3)
                         & (np.strings.rfind(text, mark) >= 0)).any())
        decimal = "." if ends(".") and not ends(",") else ","
    group = "." if decimal == "," else ","
    negative = np.strings.startswith(text, "-")
    body = np.where(negative | np.strings.startswith(text, "+"),
                    np.strings.slice(text, 1, None), text)
    mark = np.strings.rfind(body, decimal)
    whole = np.where(mark >= 0, np.strings.slice(body, 0, np.maximum(mark, 0)), body)
    part = np.where(mark >= 0, np.strings.slice(body, mark + 1, None), "")
    grouped = np.strings.find(whole, group) >= 0
    plain = np.strings.replace(whole, group, "")
    good = np.strings.isdigit(plain) & (np.strings.str_len(plain) <= 13) \
        & ((mark < 0) | (np.strings.isdigit(part) & (np.strings.str_len(part) <= 2)))
    if grouped.any():  # thousands marks only every three digits: "1.234", not "1.23"
        pattern = rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+"
        good[grouped] &= pd.Series(whole[grouped].astype(object)).str.fullmatch(pattern) \
            .to_numpy(dtype=bool)
    if not good.all():
        at = int(np.argmin(good))
        found = str(text[at])
        shown = f"{sniff.excerpt(found)!r}" if found else "empty"
        example = "1250,00 or -83,86" if decimal == "," else "1250.00 or -83.86"
        raise InputError(f"{what} is {shown}; expected an amount such as {example}",
                         file=file, line=int(lines[at]))
    amount = np.strings.add(plain, np.strings.ljust(part, 2, "0")).astype(np.int64)
    return np.where(negative, -amount, amount).astype(np.int64)


def signed(amounts: np.ndarray, direction: pd.Series, *, credit: tuple[str, ...],
           debit: tuple[str, ...], file: str, lines: np.ndarray, column: str) -> np.ndarray:
    """Unsigned cents made signed by a direction column: ``credit`` (money in) keeps the
    sign, ``debit`` (money out) makes it negative; InputError for any other value."""
    written = clean_text(direction)
    marks = np.strings.lower(strings(written))
    money_in = np.isin(marks, np.array([value.lower() for value in credit], dtype=STRING))
    money_out = np.isin(marks, np.array([value.lower() for value in debit], dtype=STRING))
    if not (money_in | money_out).all():
        at = int(np.argmin(money_in | money_out))
        raise InputError(f"{column} is {sniff.excerpt(written.iloc[at])!r}; expected "
                         f"{' or '.join(credit[:1] + debit[:1])}", file=file,
                         line=int(lines[at]))
    size = np.abs(amounts)
    return np.where(money_out, -size, size).astype(np.int64)


def kinds(amounts: np.ndarray) -> np.ndarray:
    """ "income" for money in, "cost" for money out."""
    return np.where(amounts < 0, "cost", "income").astype(object)


# labels a bank writes inside a description, in Dutch and English, by field
_LABELS = {
    "name": ("Naam", "Name"),
    "description": ("Omschrijving", "Description"),
    "iban": ("IBAN",),
    "reference": ("Kenmerk", "Reference"),
}
_OTHER_LABELS = ("Machtiging ID", "Mandate ID", "Incassant ID", "Creditor ID", "Valutadatum",
                 "Value date", "Datum/Tijd", "Date/time", "Pasvolgnr", "Card sequence no.",
                 "Transactie", "Transaction", "Term", "BIC")
_ALL_LABELS = tuple(label for labels in (*_LABELS.values(), _OTHER_LABELS) for label in labels)
_FAR = np.iinfo(np.int64).max


def labelled_fields(text: pd.Series) -> pd.DataFrame:
    """The ``Naam: … Omschrijving: … IBAN: … Kenmerk: …`` fields of description texts (also
    Name/Description/Reference): columns name, description, iban, reference, "" where absent.
    A field runs to the next label (any of _ALL_LABELS) after it; found with np.strings."""
    cleaned = pd.Series(text, dtype=object).fillna("").to_numpy(dtype=object)
    whole = " " + " \x1f ".join(cleaned)  # which labels the column holds at all
    if any(space in whole for space in _SPACES):
        cleaned = clean_text(cleaned).to_numpy(dtype=object)
        whole = " " + " \x1f ".join(cleaned)
    # UTF-8 bytes: numpy finds and slices them fastest, and a label (ASCII) never splits a
    # character; only the labels the column holds are looked for
    spaced = np.strings.add(b" ", np.strings.strip(utf8(cleaned)))
    size = np.strings.str_len(spaced).astype(np.int64)
    present = [label for label in _ALL_LABELS if f" {label}:" in whole]
    at = np.stack([np.strings.find(spaced, f" {label}:".encode()).astype(np.int64)
                   for label in present]) if present else np.zeros((0, len(spaced)), np.int64)
    at = np.where(at >= 0, at, _FAR)
    fields = {field: pd.Series(np.full(len(spaced), "", dtype=object), dtype=object)
              for field in _LABELS}
    for field, labels in _LABELS.items():
        rows = [present.index(label) for label in labels if label in present]
        if not rows:
            continue
        first = at[rows].min(axis=0)
        found = first < _FAR
        which = np.array(rows)[at[rows].argmin(axis=0)]
        start = first + np.array([len(label) + 2 for label in present])[which]
        end = np.minimum(np.where(at > first, at, _FAR).min(axis=0), size)
        value = np.strings.slice(spaced, np.where(found, start, 0), np.where(found, end, 0))
        fields[field] = pd.Series(from_utf8(np.strings.strip(value)), dtype=object)
    fields["iban"] = iban(fields["iban"])
    return pd.DataFrame(fields)


REVERSAL_PARTS = ("terugboeking", "storno", "stornering", "teruggeboekt", "reversal")


def reversal_from_text(*texts: pd.Series) -> np.ndarray:
    """ "1" where any of the texts names a reversal (terugboeking, storno), else ""."""
    marked = np.zeros(len(texts[0]), dtype=bool)
    for text in texts:
        marked |= per_distinct(text, _reversal).astype(bool)
    return np.where(marked, "1", "").astype(object)


def _reversal(distinct: pd.Series) -> np.ndarray:
    lower = utf8(distinct, lower=True)
    whole = b"\x00".join(lower.tolist()) if len(lower) else b""
    marked = np.zeros(len(lower), dtype=bool)
    for part in REVERSAL_PARTS:
        if part.encode() in whole:
            marked |= np.strings.find(lower, part.encode()) >= 0
    return marked


def table(path: Path, records: Records, columns: dict[str, object]) -> RawTable:
    """The RawTable of a bank file: every column an object array, ``amount_cents`` int64."""
    arrays = {name: (np.asarray(values, dtype=np.int64) if name == "amount_cents"
                     else np.asarray(values, dtype=object))
              for name, values in columns.items()}
    return RawTable(str(path), path.stem, records.header_line, arrays, records.lines)
