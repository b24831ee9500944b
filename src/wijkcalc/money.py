"""Money: amount strings as people write them -> exact integer cents, and cents -> text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import N_, InputError, Number, Text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

# Plain "1234", "-12.5", "+3406.04": the common case, converted through float64, which is exact
# here because the pattern allows at most two decimals and 13 integer digits (< 2**53 cents).
_PLAIN = r"[+-]?\d{1,13}(?:\.\d{1,2})?"
# Everything else, after currency signs and spaces are gone: a sign, a head of digits and
# separators, then the last separator and the digits after it.
_SPLIT = r"^(?P<sign>[+-]?)(?P<head>\d[\d.,']*?)(?:(?P<sep>[.,'])(?P<tail>\d+))?$"
_GROUPED = r"\d{1,3}(?:[.,']\d{3})*"
# What people write around the number: a sign, a currency (€ or EUR) in front or behind,
# spaces between them. A space inside the number is only ever a thousands separator.
_CURRENCY = r"(?:€|eur\b)"
_AROUND = (rf"(?is)^\s*(?P<before>[+-]?)\s*(?P<front>{_CURRENCY}\s*)?(?P<after>[+-]?)\s*"
           rf"(?P<number>.*?)\s*(?P<back>(?<=\d)\s*(?:€|eur))?\s*$")
_ONE_DECIMAL_MARK = r"^[+-]?\d+([.,])\d{1,2}$"
_MIXED_MARKS = r"^[+-]?\d{1,3}([.,'])\d{3}(?:\1\d{3})*([.,])\d+$"
_THOUSANDS_ONLY = r"^[+-]?\d{1,3}([.,])\d{3}(?:\1\d{3})+$"
_AMBIGUOUS = r"[+-]?[1-9]\d{0,2}[.,]\d{3}"
_SPACE_GROUPED = r"\d{1,3}(?:\s\d{3})+(?:[.,]\d{1,2})?"
_MAX_INT_DIGITS = 13
PLAIN_WIDTH = 17  # the widest plain decimal: a sign, 13 digits, a point and two decimals
# the longest text an amount can be, spaces stripped: 13 digits, their marks, two decimals,
# a sign and a currency with spaces around them take about 30
LONGEST_AMOUNT = 64
NOT_AN_AMOUNT = "?"  # stands in for a text too long to be an amount: it fails every pattern
# int64 cents wrap at 2**63; a float64 total of absolute cents below half that proves the
# exact total is below it, whatever the float's rounding
SUM_LIMIT = 2**62

EXPECTED = Text(N_("a number such as 1234,56 or € 1.234,56 or -12.50"))
EMPTY = N_("amount is empty; expected {expected}")
NOT_A_NUMBER = N_("amount {value} is not a number; expected {expected}")
TOO_LARGE = N_("amount {value} is too large; expected at most {digits} digits of euros")


class AmountError(InputError):
    """An amount that is not a number, or not an exact number of cents; ``position`` is its row."""

    def __init__(self, message: str | Text, position: int, **fields: object):
        super().__init__(message, **fields)
        self.position = position


def parse_amounts(values: pd.Series, decimal_marks: frozenset[str] = frozenset()) -> np.ndarray:
    """Parse a column of amounts to int64 cents, exactly; AmountError for the first bad one.

    Accepts numbers (Excel cells) and strings such as ``1234.56``, ``1.234,56``, ``€ 1.234,56``,
    ``-12,50``, ``+3406,04``, ``1,234.56``, ``1234``. A single ``.`` or ``,`` followed by three
    digits (``1.234``) is ambiguous on its own; the other amounts of the column decide which mark
    is the decimal one, and if they do not, it is an error rather than a guess.
    """
    import numpy as np
    import pandas as pd

    values = values.reset_index(drop=True)
    cents = np.zeros(len(values), dtype=np.int64)
    if len(values) == 0:
        return cents
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return _numbers_to_cents(values)
    plain = plain_cents(values.to_numpy(dtype=object))
    if plain is not None:
        return plain
    is_text = values.map(type).isin((str,)) if values.dtype == object else None
    if is_text is not None and not is_text.all():
        numeric_mask = ~is_text
        cents[numeric_mask.to_numpy()] = _numbers_to_cents(values[numeric_mask])
        text = values[is_text].astype(str)
    else:
        text = values.astype(str)
    if len(text):
        cents[text.index.to_numpy()] = _strings_to_cents(text, decimal_marks)
    return cents


def _numbers_to_cents(numbers: pd.Series) -> np.ndarray:
    """Numeric cells (Excel) to cents; exact when the float is the nearest double to whole cents."""
    import numpy as np

    # an empty Excel cell comes as None (or NaN): say it is empty, not "None is not a number"
    empty = numbers.isna()
    if empty.any():
        raise AmountError(EMPTY, int(empty.idxmax()), expected=EXPECTED)
    if numbers.dtype == object:
        bad = numbers.map(lambda v: isinstance(v, bool) or not isinstance(v, (int, float)))
        if bad.any():
            position = int(bad.idxmax())
            raise AmountError(NOT_A_NUMBER, position, value=shown(numbers[position]),
                              expected=EXPECTED)
        # Excel cells: a spreadsheet holds 15 significant digits, so a formula's float noise
        # (=0.1+0.2 is 0.30000000000000004) is read as the 0.3 that Excel itself shows
        numbers = numbers.map(lambda v: float(f"{v:.15g}") if isinstance(v, float) else v)
        # a whole number beyond 13 digits of euros is too large (and beyond a double it would
        # not even convert: a cell of hundreds of digits is read as a Python int)
        huge = numbers.map(lambda v: isinstance(v, int) and abs(v) >= 10**_MAX_INT_DIGITS)
        if huge.any():
            position = int(huge.idxmax())
            raise AmountError(TOO_LARGE, position, value=str(numbers[position]),
                              digits=_MAX_INT_DIGITS)
    floats = numbers.astype("float64").to_numpy()
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = np.round(floats * 100)
        exact = np.isfinite(floats) & (np.abs(floats) < 10.0**_MAX_INT_DIGITS)
        exact &= scaled / 100 == floats
    if not exact.all():
        position = int(numbers.index[np.argmin(exact)])
        value = numbers[position]
        raise AmountError(N_("amount {value} is not a whole number of cents (more than two "
                             "decimals) or is too large; round it to cents in the spreadsheet"),
                          position, value=shown(value))
    return scaled.astype(np.int64)


def plain_cents(strings: np.ndarray) -> np.ndarray | None:
    """Cents of a column whose every value is a plain decimal (``1234``, ``-12.5``, ``+3.04``),
    checked byte by byte with numpy; None when any value is written otherwise.

    The common case of machine-written files, done without Python per value: the check proves
    at most two decimals and 13 digits of euros, so the float64 conversion after it is exact.
    """
    import pandas as pd

    if pd.api.types.infer_dtype(strings, skipna=False) != "string":
        return None  # numbers from Excel, or a mix: the general way
    try:
        raw = strings.astype("S")
    except (UnicodeEncodeError, ValueError):
        return None  # not ASCII: € signs, non-breaking spaces … go the general way
    return plain_bytes_cents(raw)


def plain_bytes_cents(raw: np.ndarray, mark: str = ".") -> np.ndarray | None:
    """plain_cents of amounts given as a fixed-width bytes array (NUL-padded), as a large CSV
    file's amount column is taken straight from its bytes (sources/delimited.py); with
    ``mark`` ",", of plain decimals written with a decimal comma (``-12,5``), which no
    reading takes for thousands (``1,234`` has three decimals: not plain)."""
    import numpy as np

    width = raw.dtype.itemsize
    if width == 0 or width > PLAIN_WIDTH:
        return None
    cells = raw.view(np.uint8).reshape(len(raw), width)
    digit = (cells >= ord("0")) & (cells <= ord("9"))
    dot = cells == ord(mark)
    pad = cells == 0
    sign = np.zeros_like(digit)
    sign[:, 0] = (cells[:, 0] == ord("-")) | (cells[:, 0] == ord("+"))
    if not np.all(digit | dot | pad | sign):
        return None
    if np.any(np.diff(pad.view(np.int8), axis=1) < 0):
        return None  # a NUL inside a value
    length = width - pad.sum(axis=1)
    signs = sign[:, 0].astype(np.int64)
    dots = dot.sum(axis=1)
    dot_at = np.where(dots == 1, dot.argmax(axis=1), length)
    decimals = np.where(dots == 1, length - dot_at - 1, 0)
    whole = dot_at - signs
    ok = (dots <= 1) & (whole >= 1) & (whole <= _MAX_INT_DIGITS) & (decimals <= 2)
    ok &= (dots == 0) | (decimals >= 1)
    if not ok.all():
        return None
    # the cents from the digits, column by column in integers (numpy's parse of bytes to
    # float was most of the time), then scaled by the decimals not written
    cents = np.zeros(len(cells), dtype=np.int64)
    for column in range(width):
        cents = np.where(digit[:, column], cents * 10 + (cells[:, column] - ord("0")), cents)
    cents *= np.array([100, 10, 1], dtype=np.int64)[decimals]
    return np.where(cells[:, 0] == ord("-"), -cents, cents)


def _strings_to_cents(text: pd.Series, decimal_marks: frozenset[str]) -> np.ndarray:
    import numpy as np

    cents = np.zeros(len(text), dtype=np.int64)
    # a plain decimal is its own cleaned form: only the others go through the cleaning, whose
    # patterns cost ten times the match (700,000 amounts with one typo: 5 s of 10)
    plain = text.str.fullmatch(_PLAIN).to_numpy(dtype=bool, na_value=False).copy()
    cleaned = text.copy()
    if not plain.all():
        other = ~plain
        cleaned[other] = _without_currency_and_spaces(text[other])
        plain[other] = cleaned[other].str.fullmatch(_PLAIN).to_numpy(dtype=bool, na_value=False)
    if plain.any():
        cents[plain] = np.round(cleaned[plain].astype("float64").to_numpy() * 100).astype(np.int64)
    if not plain.all():
        rest = ~plain
        # A plain amount with decimals ("12.5") tells that the column's decimal mark is a point.
        marks = set(decimal_marks)
        if cleaned[plain].str.contains(".", regex=False).any():
            marks.add(".")
        cents[rest] = _formatted_to_cents(cleaned[rest], text[rest], frozenset(marks))
    return cents


def _without_currency_and_spaces(text: pd.Series) -> pd.Series:
    """The amounts without a currency at either end and without thousands spaces; a space or
    currency anywhere else is left in, so that the amount is refused (``12 50`` is not 1250)."""
    # _AROUND backtracks in cubic time on a long run of spaces (4,000 took two minutes), and
    # no amount is longer than LONGEST_AMOUNT once stripped: a longer text is never matched,
    # so it stays as it was and fails to parse, with its own line and text in the error
    stripped = text.str.strip()
    short = stripped.str.len() <= LONGEST_AMOUNT
    parts = stripped.where(short, "").str.extract(_AROUND)
    number = parts["number"].fillna("")
    spaced = number.str.contains(r"\s", regex=True)
    grouped = number.str.fullmatch(_SPACE_GROUPED).astype(bool)
    number = number.where(~(spaced & grouped), number.str.replace(r"\s", "", regex=True))
    signs = parts["before"].fillna("") + parts["after"].fillna("")
    cleaned = signs + number
    # no match (two signs, or two currencies, say): the text as it was, which then fails to parse
    once = parts["front"].isna() | parts["back"].isna()
    matched = parts["number"].notna() & (signs.str.len() <= 1) & once & short
    return cleaned.where(matched, text.where(short, NOT_AN_AMOUNT))


# long on purpose: one vectorised pass that decides every mark's role for the whole column
def _formatted_to_cents(cleaned: pd.Series, original: pd.Series,
                        known_marks: frozenset[str]) -> np.ndarray:
    """Amounts with thousands marks or a decimal comma; decides each mark's role, vectorised."""
    import numpy as np
    import pandas as pd

    parts = cleaned.str.extract(_SPLIT)
    matched = parts["head"].notna()
    head = parts["head"].fillna("")
    sep = parts["sep"].fillna("")
    tail = parts["tail"].fillna("")
    head_marks = head.str.replace(r"\d", "", regex=True)
    mark = head_marks.str[0].fillna("")
    uniform = head_marks.str.fullmatch(r"(?:(.)\1*)?").astype(bool)  # one kind of mark, or none
    grouped = head.str.fullmatch(_GROUPED).astype(bool)
    n_tail = tail.str.len()
    head_digits = head.str.replace(r"\D", "", regex=True)

    has_marks = head_marks != ""
    # The last mark repeats the head's: every mark groups thousands ("1.234.567").
    all_thousands = matched & has_marks & uniform & (mark == sep) & grouped & (n_tail == 3)
    # The last mark differs from the head's: it is the decimal mark ("1.234,56").
    mixed = matched & has_marks & uniform & (mark != sep) & (sep != "'") & grouped
    # One mark only ("1234,5", "1,234").
    single = matched & ~has_marks & (sep != "")
    single_decimal = single & (sep != "'") & n_tail.between(1, 2)
    apostrophe = single & (sep == "'") & (n_tail == 3) & (head.str.len() <= 3)
    three = single & (sep != "'") & (n_tail == 3)
    could_group = three & (head.str.len() <= 3) & ~head.str.startswith("0")
    integer = matched & (sep == "") & ~has_marks

    # What the column itself says about its decimal mark.
    other = {".": ",", ",": "."}
    decimal_marks = set(sep[mixed | single_decimal].unique())
    decimal_marks |= {other[m] for m in mark[all_thousands].unique() if m in other}
    decimal_marks |= known_marks
    column_mark = decimal_marks.pop() if len(decimal_marks) == 1 else None
    three_as_thousands = could_group & (column_mark is not None) & (sep != column_mark)

    decimal = (mixed & n_tail.between(1, 2)) | single_decimal
    thousands = all_thousands | apostrophe | three_as_thousands
    ok = (decimal | thousands | integer) & (head_digits.str.len() + np.where(thousands, 3, 0)
                                             <= _MAX_INT_DIGITS)
    if not ok.all():
        position = int(np.argmin(ok.to_numpy()))
        value = original.iloc[position]
        raise AmountError(
            _explain_bad_amount(
                value,
                stripped=cleaned.iloc[position],
                too_many_decimals=bool(
                    (mixed | single).iloc[position] and n_tail.iloc[position] > 2
                    and not could_group.iloc[position]
                ) or bool(three.iloc[position] and column_mark == sep.iloc[position]),
                ambiguous=bool(could_group.iloc[position]),
                too_large=bool(matched.iloc[position]),
            ),
            int(cleaned.index[position]),
        )

    whole = head_digits.where(~thousands, head_digits + tail)
    fraction = tail.where(decimal, "").str.ljust(2, "0")
    digits = (whole + fraction).to_numpy(dtype=object)
    cents = pd.Series(digits).astype("int64").to_numpy()
    negative = (parts["sign"] == "-").to_numpy()
    return np.where(negative, -cents, cents)


def decimal_evidence(values: pd.Series) -> tuple[frozenset[str], int | None]:
    """The decimal marks a column's amounts show, as parse_amounts reads them (``12,50`` and
    ``1.234,56`` a comma, ``12.5`` a point, ``1.234.567`` a comma; ``1.234`` none), and the
    position of the first amount such as ``1.234`` that only the mark can settle, or None."""
    import numpy as np

    strings = values.to_numpy(dtype=object)
    plain = plain_cents(strings) if len(strings) else None
    if plain is not None:  # no 1.234 among plain decimals: they have at most two
        has_point = bool((strings.astype("S").view(np.uint8) == ord(".")).any())
        return frozenset({"."} if has_point else set()), None
    text = values[values.map(type).isin((str,))]
    cleaned = _without_currency_and_spaces(text)
    found = set(cleaned.str.extract(_ONE_DECIMAL_MARK)[0].dropna().unique())
    mixed = cleaned.str.extract(_MIXED_MARKS).dropna()
    found |= set(mixed[1][mixed[0] != mixed[1]].unique())
    thousands = cleaned.str.extract(_THOUSANDS_ONLY)[0].dropna().unique()
    found |= {{".": ",", ",": "."}[mark] for mark in thousands}
    ambiguous = cleaned.str.fullmatch(_AMBIGUOUS).to_numpy(dtype=bool)
    first = int(text.index[np.argmax(ambiguous)]) if ambiguous.any() else None
    return frozenset(found), first


def ambiguous_message(value: str) -> Text:
    return _explain_bad_amount(value, stripped=value, too_many_decimals=False, ambiguous=True,
                               too_large=False)


def _explain_bad_amount(value: str, *, stripped: str, too_many_decimals: bool, ambiguous: bool,
                        too_large: bool) -> Text:
    if not str(value).strip():
        return Text(EMPTY, expected=EXPECTED)
    if too_many_decimals:
        return Text(N_("amount {value!r} has more than two decimals; expected whole cents, such "
                       "as 12,35"), value=value)
    if ambiguous:
        return Text(N_("amount {value!r} is ambiguous: the mark before the last three digits can "
                       "be a thousands mark or a decimal mark, and no other amount in the column "
                       "tells which; write it with its cents, such as 1.234,00 or 1,234.00"),
                    value=value)
    if too_large and len(stripped.replace(".", "").replace(",", "")) > _MAX_INT_DIGITS:
        return Text(TOO_LARGE, value=repr(value), digits=_MAX_INT_DIGITS)
    if re.search(r"\d\s+\d", str(value)):
        return Text(N_("amount {value!r} is not a number: a space in an amount only separates "
                       "thousands, as in 1 234,56; expected {expected}"), value=value,
                    expected=EXPECTED)
    return Text(NOT_A_NUMBER, value=repr(value), expected=EXPECTED)


def checked_total(cents: np.ndarray, so_far: float = 0.0) -> float:
    """The absolute amounts' total (a float) added to ``so_far``; AmountError at the first row
    that takes it to SUM_LIMIT or beyond.

    Every sum the analysis makes (per enterprise, year, class, payer) is of some of these
    amounts, so a total of absolute values below 2**63 proves none of them wraps in int64.
    """
    import numpy as np

    sizes = np.abs(np.asarray(cents).astype(np.float64))  # float first: abs(int64 min) wraps
    total = so_far + float(sizes.sum())
    if total < SUM_LIMIT:
        return total
    position = int(np.argmax(so_far + np.cumsum(sizes) >= SUM_LIMIT))
    raise AmountError(N_("amounts too large to add up: with this one the amounts total more than "
                         "{limit} euros (in absolute value), the most wijkcalc adds exactly; "
                         "check the amount column for a wrong unit or repeated rows"),
                      position, limit=Number(cents_to_str(SUM_LIMIT)))


def shown(value: object) -> str:
    """A cell's value for a message, as it was written: ``1e+308``, ``12``, ``'abc'`` (not as
    numpy writes its scalars: ``np.float64(1e+308)``)."""
    import numpy as np

    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return repr(value)


def cents_to_str(cents: int) -> str:
    """Cents as a plain decimal string with two decimals, the JSON and CSV form: ``-1234.56``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{part:02d}"


def cents_to_str_array(cents: np.ndarray) -> np.ndarray:
    """Vectorised cents_to_str (numpy string ufuncs, no Python per value): ``-1234.56``."""
    import numpy as np

    cents = np.asarray(cents, dtype=np.int64)
    size = np.abs(cents)
    whole = (size // 100).astype("U20")
    part = np.strings.zfill((size % 100).astype("U2"), 2)
    sign = np.where(cents < 0, "-", "")
    return np.strings.add(np.strings.add(sign, whole), np.strings.add(".", part)).astype(object)
