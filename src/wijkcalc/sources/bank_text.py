"""Bank cell values, vectorised: cleaned text, exact signed cents, directions, dates, IBANs."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..errors import N_, NC_, InputError, Joined, Text
from . import sniff

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
    A column already clean (the common case) is checked in one pass over its joined text;
    else each distinct cell is cleaned once (a bank export repeats dates, accounts, names)."""
    cells = pd.Series(values, dtype=object).to_numpy(dtype=object)
    if _already_clean(cells):
        return pd.Series(cells, dtype=object)
    return pd.Series(per_distinct(cells, _clean), dtype=object)


# what str.strip() and a run of \s take for white space, besides the plain space
_ASCII_SPACES = ("\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f")
_OTHER_SPACES = ("\x85", "\xa0", "\u1680", *map(chr, range(0x2000, 0x200B)), "\u2028",
                 "\u2029", "\u202f", "\u205f", "\u3000")


def _clean(text: pd.Series) -> np.ndarray:
    text = text.map(str)  # object dtype: pandas' "str" dtype is slower here
    together = "\x1f".join(text.to_numpy(dtype=object))
    if any(space in together for space in _SPACES):
        text = text.str.replace(r"\s+", " ", regex=True)
    return np.strings.strip(text.to_numpy(dtype=object).astype(STRING)).astype(object)


_SPACES = ("  ", "\t", "\r", "\n", "\x0b", "\x0c", "\xa0")


def _already_clean(cells: np.ndarray) -> bool:
    """Whether every cell is a str with no white space but single inner spaces: then
    cleaning changes nothing. C searches of the joined text, no Python per cell: joined by a
    space, the empty cells left out, a space at either end of a cell makes a double one."""
    try:
        whole = " ".join(cells[cells != ""])
    except TypeError:  # a missing or non-text cell
        return False
    if "  " in whole or whole[:1] == " " or whole[-1:] == " ":
        return False
    spaces = _ASCII_SPACES if whole.isascii() else _ASCII_SPACES + _OTHER_SPACES
    return not any(space in whole for space in spaces)


def joined(*parts: pd.Series, between: str = " ") -> pd.Series:
    """Text columns joined row by row, empty parts left out."""
    result = strings(clean_text(parts[0]))
    for part in parts[1:]:
        part = strings(clean_text(part))
        both = (np.strings.str_len(result) > 0) & (np.strings.str_len(part) > 0)
        result = np.strings.add(np.strings.add(result, np.where(both, between, "")), part)
    return _series(result)


def iban(values: pd.Series | np.ndarray) -> pd.Series:
    """Account numbers normalised: upper case, no white space or dots (each distinct one
    once); a Series keeps its index."""
    index = values.index if isinstance(values, pd.Series) else None
    return pd.Series(per_distinct(values, _iban), index=index, dtype=object)


def _iban(values: pd.Series) -> pd.Series:
    return values.map(str).str.upper().str.replace(r"[\s.]", "", regex=True)


def iban_valid(text: str) -> bool:
    """Whether ``text`` is an IBAN whose check digits hold (ISO 13616, mod 97)."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", text):
        return False
    moved = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1

_FORMS = {
    "YYYYMMDD": r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
    "YYYY-MM-DD": r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$",
    "dd-mm-yyyy": r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})$",
}


def iso_dates(values: pd.Series, form: str, *, file: str, lines: np.ndarray,
              what: str = NC_("column", "date")) -> np.ndarray:
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
        raise InputError(N_("{what} is {value!r}; expected a date written {form}"), what=Text(what),
                         value=sniff.excerpt(text.iloc[codes[at]]), form=form, file=file,
                         line=int(lines[at]))
    return iso.to_numpy(dtype=object)[codes]


def cents(values: pd.Series, *, decimal: str = ",", file: str, lines: np.ndarray,
          what: str = NC_("column", "amount")) -> np.ndarray:
    """Exact int64 cents of amounts with the decimal mark ``decimal`` (the other mark groups
    thousands): ``1250,00``, ``+1250,00``, ``-83,86``, ``1.234,56``, ``-200.00`` (with "."),
    ``1250``. ``decimal="auto"`` takes "." for a column whose amounts end in .dd and none in
    ,dd. No floats: the digits are joined as text and read as integers, by numpy's string
    functions (no Python per amount)."""
    cleaned = clean_text(values)
    fast = _two_decimals(cleaned.to_numpy(dtype=object), decimal)
    if fast is not None:
        return fast
    text = strings(cleaned)  # a space inside an amount makes it no amount
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
        shown = repr(sniff.excerpt(found)) if found else Text(N_("empty"))
        example = Text(N_("1250,00 or -83,86") if decimal == "," else N_("1250.00 or -83.86"))
        raise InputError(N_("{what} is {shown}; expected an amount such as {example}"),
                         what=Text(what), shown=shown, example=example, file=file,
                         line=int(lines[at]))
    amount = np.strings.add(plain, np.strings.ljust(part, 2, "0")).astype(np.int64)
    return np.where(negative, -amount, amount).astype(np.int64)


def _two_decimals(cells: np.ndarray, decimal: str) -> np.ndarray | None:
    """The cents of amounts all written with two decimals and no thousands marks (``1250,00``,
    ``-83,86``: what most banks write), checked by one match of the joined text and read by
    numpy's parser; None when some amount has another form (cents() then reads it)."""
    if not len(cells):
        return None
    whole = "\n".join(cells)
    marks = (",", ".") if decimal == "auto" else (decimal,)
    for mark in marks:
        if re.fullmatch(rf"[+-]?\d{{1,13}}{re.escape(mark)}\d\d(?:\n[+-]?\d{{1,13}}"
                        rf"{re.escape(mark)}\d\d)*", whole):
            digits = whole.replace(mark, "").replace("+", "")
            found = np.fromstring(digits, dtype=np.int64, sep="\n")
            return found if len(found) == len(cells) else None
    return None


def signed(amounts: np.ndarray, direction: pd.Series, *, credit: tuple[str, ...],
           debit: tuple[str, ...], file: str, lines: np.ndarray, column: str) -> np.ndarray:
    """Unsigned cents made signed by a direction column: ``credit`` (money in) keeps the
    sign, ``debit`` (money out) makes it negative; InputError for any other value. Each
    distinct direction is looked at once."""
    codes, distinct = pd.factorize(clean_text(direction).to_numpy(dtype=object),
                                   use_na_sentinel=False)
    marks = [str(mark).lower() for mark in distinct]
    money_in = np.array([mark in {value.lower() for value in credit} for mark in marks],
                        dtype=bool)[codes]
    money_out = np.array([mark in {value.lower() for value in debit} for mark in marks],
                         dtype=bool)[codes]
    if not (money_in | money_out).all():
        at = int(np.argmin(money_in | money_out))
        raise InputError(N_("{column} is {value!r}; expected {marks}"), column=column,
                         value=sniff.excerpt(str(distinct[codes[at]])),
                         marks=Joined(credit[:1] + debit[:1], Text(N_(" or "))), file=file,
                         line=int(lines[at]))
    size = np.abs(amounts)
    return np.where(money_out, -size, size).astype(np.int64)


def kinds(amounts: np.ndarray) -> np.ndarray:
    """ "income" for money in, "cost" for money out."""
    return np.array(["cost", "income"], dtype=object)[(np.asarray(amounts) >= 0).astype(np.intp)]

def flags(marked: pd.Series | np.ndarray) -> np.ndarray:
    """ "1" where marked, else "" (an object array)."""
    return np.array(["", "1"], dtype=object)[np.asarray(marked, dtype=bool).astype(np.intp)]


