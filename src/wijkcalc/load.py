"""Income files (CSV in any common dialect, Excel) -> one canonical DataFrame, amounts in cents."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .columns import (
    CLASS_LOOKUP,
    CLASS_VALUES,
    KIND_LOOKUP,
    KIND_VALUES,
    PAYER_TYPE_LOOKUP,
    PAYER_TYPE_VALUES,
    REQUIRED,
    accepted_names,
    match_columns,
)
from .errors import InputError
from .money import AmountError, parse_amounts

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES
# The canonical frame, in this order; extra input columns follow them.
COLUMNS = ("enterprise", "year", "description", "category", "payer", "payer_type",
           "amount_cents", "class", "kind", "file", "line")
_SEPARATORS = (";", "\t", ",")
_BLOCK = 1 << 23  # bytes scanned at once when counting fields; bounds the scan's memory
MAX_FILE_BYTES = 2 << 30


def load(paths: Iterable[str | Path], *, sheet: str | None = None) -> pd.DataFrame:
    """Read one or more income files into one canonical frame (see COLUMNS)."""
    import pandas as pd

    frames = [load_file(path, sheet=sheet) for path in paths]
    if not frames:
        raise InputError("no input files given")
    if len(frames) == 1:
        return frames[0]
    combined = pd.concat(frames, ignore_index=True)
    for column in ("enterprise", "file"):
        combined[column] = combined[column].astype("category")
    return combined


def load_file(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read one income file; raise InputError naming file, line and value on bad input."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError("file not found; check the path", file=name)
    if path.is_dir():
        raise InputError("is a folder, not a file; name the files inside it", file=name)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size / 2**30:.1f} GiB; the limit is "
                         f"{MAX_FILE_BYTES / 2**30:.0f} GiB, split it by year", file=name)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        cells, lines = _read_excel(path, sheet)
    elif suffix == ".xls":
        raise InputError("old Excel .xls files are not read; save it as .xlsx or CSV", file=name)
    else:
        cells, lines = _read_csv(path)
    return _canonical(cells, lines, path)


# ---------------------------------------------------------------- reading

def _read_csv(path: Path) -> tuple[pd.DataFrame, np.ndarray]:
    """Cells as strings (header in row 0) and each row's line number in the file."""
    import numpy as np
    import pandas as pd

    name = str(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError("file is empty; expected a header row naming at least the category and "
                         "amount columns, then one row per income stream", file=name)
    if raw.startswith(b"PK\x03\x04"):
        raise InputError("this is an Excel (.xlsx) file; give it the .xlsx extension", file=name)
    if b"\x00" in raw[:65536]:
        raise InputError("binary file, not text; expected CSV text or an .xlsx file", file=name)
    encoding = _detect_encoding(raw, name)
    if encoding == "utf-8-sig" and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    first_line = next(line for line in raw.splitlines() if line.strip())
    separator = max(_SEPARATORS, key=lambda s: first_line.count(s.encode()))
    counts, record_lines, blank = _count_fields(raw, separator.encode())
    header_record = int(np.argmax(~blank))
    expected = int(counts[header_record])
    wrong = ~blank & (counts != expected)
    if wrong.any():
        bad = int(np.argmax(wrong))
        hint = ""
        if separator == "," and counts[bad] > expected:
            hint = ("; amounts with a decimal comma must be in quotes (\"12,50\") in a comma "
                    "file, or save the file with ; as separator")
        raise InputError(f"found {counts[bad]} fields, the header has {expected}{hint}",
                         file=name, line=int(record_lines[bad]))
    try:
        cells = pd.read_csv(
            io.BytesIO(raw), sep=separator, header=None, dtype=str, keep_default_na=False,
            skip_blank_lines=False, encoding=encoding, engine="c",
        )
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OverflowError) as error:
        raise InputError(f"cannot be read as CSV ({_first_line(error)}); check for stray "
                         "quotes", file=name) from None
    if len(cells) != len(counts):
        raise InputError("cannot be read as CSV: a quote (\") is not closed; check for stray "
                         "quotes", file=name, line=int(record_lines[min(len(cells),
                                                                        len(counts) - 1)]))
    keep = ~blank
    return cells[keep].reset_index(drop=True), record_lines[keep]


def _detect_encoding(raw: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InputError("cannot be read as text (neither UTF-8 nor Windows-1252); save it as "
                     "'CSV UTF-8' from your spreadsheet", file=name)


def _count_fields(raw: bytes, separator: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per CSV record: its number of fields, the line it starts on, and whether it is blank.

    Quotes are honoured (a separator or newline between quotes is data), so records and line
    numbers are right even with multi-line cells. Scanned in blocks with numpy: no per-row Python.
    """
    import numpy as np

    data = np.frombuffer(raw, dtype=np.uint8)
    newline, quote, sep = ord("\n"), ord('"'), separator[0]
    separators: list[np.ndarray] = []  # per finished record: separators outside quotes
    ends: list[np.ndarray] = []  # per finished record: position of its newline
    next_lines: list[np.ndarray] = []  # per finished record: the line the next record starts on
    open_separators = 0  # separators of the record still open at the end of the last block
    in_quotes = 0
    newlines = 0
    for start in range(0, len(data), _BLOCK):
        block = data[start:start + _BLOCK]
        outside = ((np.cumsum(block == quote, dtype=np.int64) + in_quotes) & 1) == 0
        is_newline = block == newline
        block_ends = np.flatnonzero(is_newline & outside)
        block_seps = np.flatnonzero((block == sep) & outside)
        per_record = np.bincount(np.searchsorted(block_ends, block_seps),
                                 minlength=len(block_ends) + 1)
        per_record[0] += open_separators
        separators.append(per_record[:-1])
        open_separators = int(per_record[-1])
        newline_rank = np.cumsum(is_newline, dtype=np.int64)
        next_lines.append(1 + newlines + newline_rank[block_ends])
        ends.append(block_ends + start)
        newlines += int(newline_rank[-1])
        in_quotes = 0 if outside[-1] else 1
    counts = np.concatenate([*separators, np.zeros(0, dtype=np.int64)])
    record_ends = np.concatenate([*ends, np.zeros(0, dtype=np.int64)])
    starts_on = np.concatenate([[1], *next_lines]).astype(np.int64)
    if len(data) and data[-1] != newline:  # the last record has no newline after it
        counts = np.append(counts, open_separators)
        record_ends = np.append(record_ends, len(data))
    starts_on = starts_on[: len(counts)]
    record_starts = np.concatenate(([0], record_ends[:-1] + 1))
    length = record_ends - record_starts
    only_cr = (length == 1) & (data[np.maximum(record_ends - 1, 0)] == ord("\r"))
    blank = ((length == 0) | only_cr) & (counts == 0)
    return counts + 1, starts_on, blank


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__


def _read_excel(path: Path, sheet: str | None) -> tuple[pd.DataFrame, np.ndarray]:
    import zipfile

    import numpy as np
    import openpyxl
    import pandas as pd

    name = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        raise InputError(f"cannot be read as an Excel .xlsx file ({_first_line(error)}); open "
                         "it in Excel and save it again, or export it as CSV", file=name) from None
    except Exception as error:  # openpyxl raises its own types for broken workbooks
        raise InputError(f"cannot be read as an Excel .xlsx file ({type(error).__name__}); open "
                         "it in Excel and save it again, or export it as CSV", file=name) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            raise InputError(f"has no sheet {sheet!r}; its sheets are: "
                             + ", ".join(book.sheetnames), file=name)
        rows = list(worksheet.iter_rows(min_row=1, values_only=True))
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"cannot be read as an Excel .xlsx file ({type(error).__name__}); open "
                         "it in Excel and save it again, or export it as CSV", file=name) from None
    finally:
        book.close()
    cells = pd.DataFrame(rows, dtype=object)
    if cells.empty:
        raise InputError("the sheet is empty; expected a header row naming at least the "
                         "category and amount columns", file=name)
    lines = np.arange(1, len(cells) + 1, dtype=np.int64)
    filled = cells.map(_has_value).any(axis=1).to_numpy()
    return cells[filled].reset_index(drop=True), lines[filled]


def _has_value(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------- canonical form

def _canonical(cells: pd.DataFrame, lines: np.ndarray, path: Path) -> pd.DataFrame:
    import pandas as pd

    name = str(path)
    if cells.empty:
        raise InputError("file is empty; expected a header row naming at least the category "
                         "and amount columns", file=name)
    header = ["" if cell is None else str(cell).strip() for cell in cells.iloc[0].tolist()]
    found = match_columns(header)
    missing = [column for column in REQUIRED if column not in found]
    if missing:
        shown = ", ".join(repr(h) for h in header if h) or "none"
        wanted = "; ".join(f"for the {m}: {accepted_names(m)}" for m in missing)
        raise InputError(f"no {' or '.join(missing)} column; columns found: {shown}; accepted "
                         f"names {wanted}", file=name, line=int(lines[0]))
    body = cells.iloc[1:].reset_index(drop=True)
    body_lines = lines[1:]
    if body.empty:
        raise InputError("only a header, no income rows", file=name)

    def column(canonical: str) -> pd.Series | None:
        return body[found[canonical]] if canonical in found else None

    def text(canonical: str) -> pd.Series:
        values = column(canonical)
        if values is None:
            return pd.Series("", index=body.index, dtype=str)
        return values.map(_cell_text) if values.dtype == object else values.str.strip()

    try:
        amount_cents = parse_amounts(column("amount"))
    except AmountError as error:
        raise InputError(error.message, file=name, line=int(body_lines[error.position])) from None

    frame = pd.DataFrame({
        "enterprise": _enterprise(column("enterprise"), path, body_lines),
        "year": _year(column("year"), column("date"), name, body_lines),
        "description": text("description"),
        "category": text("category"),
        "payer": text("payer"),
        "payer_type": _labels(text("payer_type"), PAYER_TYPE_LOOKUP, PAYER_TYPE_VALUES,
                              "payer type", name, body_lines),
        "amount_cents": amount_cents,
        "class": _labels(text("class"), CLASS_LOOKUP, CLASS_VALUES, "class", name, body_lines),
        "kind": _labels(text("kind"), KIND_LOOKUP, KIND_VALUES, "kind", name, body_lines,
                        default="income"),
        "file": pd.Categorical([name] * len(body)) if len(body) else pd.Categorical([]),
        "line": body_lines,
    })
    used = set(found.values())
    for position, label in enumerate(header):
        if position not in used and label and label not in frame.columns:
            frame[label] = body[position].to_numpy()
    return frame


def _cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _enterprise(values: pd.Series | None, path: Path, lines: np.ndarray) -> pd.Categorical:
    import numpy as np
    import pandas as pd

    if values is None:
        return pd.Categorical([path.stem] * len(lines))
    names = values.map(_cell_text) if values.dtype == object else values.str.strip()
    empty = (names == "").to_numpy()
    if empty.any():
        raise InputError("the enterprise cell is empty; fill in which enterprise this row "
                         "belongs to", file=str(path), line=int(lines[int(np.argmax(empty))]))
    return pd.Categorical(names)


def _year(years: pd.Series | None, dates: pd.Series | None, name: str,
          lines: np.ndarray) -> pd.Series:
    """The year of each row, from a year column or else a date column; <NA> when neither."""
    import datetime

    import numpy as np
    import pandas as pd

    if years is None and dates is None:
        return pd.array([pd.NA] * len(lines), dtype="Int64")
    source = years if years is not None else dates
    what = "year" if years is not None else "date"
    is_date = source.map(lambda v: isinstance(v, (datetime.date, datetime.datetime))) \
        if source.dtype == object else pd.Series(False, index=source.index)
    text = source.map(_cell_text) if source.dtype == object else source.str.strip()
    if years is not None:
        digits = text.str.extract(r"^(\d{4})(?:\.0+)?$")[0]
    else:
        # a year is four digits standing alone in a date (2024-03-01, 1-3-2024, 01/03/2024)
        # or the first four of a compact date (20240301)
        digits = text.str.extract(r"^(\d{4})\d{4}$|(?<!\d)(\d{4})(?!\d)").bfill(axis=1)[0]
    if is_date.any():
        digits = digits.where(~is_date, source[is_date].map(lambda d: str(d.year)))
    year = pd.to_numeric(digits, errors="coerce").astype("Int64")
    bad = (year.isna() | (year < 1900) | (year > 2200)).to_numpy(dtype=bool)
    if bad.any():
        position = int(np.argmax(bad))
        found = text.iloc[position]
        shown = f"{found!r}" if found else "an empty cell"
        example = "2024" if what == "year" else "2024-03-01 or 1-3-2024"
        raise InputError(f"{what} is {shown}; expected a {what} such as {example}",
                         file=name, line=int(lines[position]))
    return year


def _labels(values: pd.Series, lookup: dict[str, str], table: dict[str, tuple[str, ...]],
            what: str, name: str, lines: np.ndarray, default: str = "") -> pd.Series:
    """Map label cells (any language, any case) to their canonical value; blanks get default."""
    import numpy as np

    from .columns import normalise_label

    distinct = values.unique()
    mapping = {value: (lookup.get(normalise_label(value)) if value else default)
               for value in distinct}
    unknown = [value for value, canonical in mapping.items() if canonical is None]
    if unknown:
        position = int(np.argmax(values.isin(unknown).to_numpy()))
        accepted = ", ".join(name for names in table.values() for name in names[:2])
        raise InputError(f"{what} is {values.iloc[position]!r}; expected one of: {accepted} "
                         "(or leave it empty)", file=name, line=int(lines[position]))
    return values.map(mapping).astype("category")
