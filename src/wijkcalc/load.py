"""Income files (CSV in any common dialect, Excel) -> one canonical DataFrame, amounts in cents."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
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
from .money import AmountError, parse_amounts, plain_cents

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
_SMALL_FILE = 1 << 18  # up to this size the csv module beats pandas' start-up cost
STREAM_BYTES = 1 << 27  # a CSV file larger than this is summed piece by piece (compare, report)
MAX_FILE_BYTES = 2 << 30


@dataclass(frozen=True)
class RawTable:
    """One file's cells as read, before any meaning is given to them."""

    file: str
    stem: str
    header: list[str]
    header_line: int
    columns: list[np.ndarray]  # data cells, one array per column, by position
    lines: np.ndarray  # each data row's line in the file, as an editor counts

    @property
    def rows(self) -> int:
        return len(self.lines)


def load(paths: Iterable[str | Path], *, sheet: str | None = None) -> pd.DataFrame:
    """Read one or more income files into one canonical frame (see COLUMNS)."""
    tables = [read_table(path, sheet=sheet) for path in paths]
    if not tables:
        raise InputError("no input files given")
    return canonical(tables)


def load_file(path: str | Path, *, sheet: str | None = None) -> pd.DataFrame:
    """Read one income file; raise InputError naming file, line and value on bad input."""
    return canonical([read_table(path, sheet=sheet)])


def read_table(path: str | Path, *, sheet: str | None = None) -> RawTable:
    """Read a file's cells (CSV in any of its dialects, or Excel); InputError if it cannot."""
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
        header, header_line, columns, lines = _read_excel(path, sheet)
    elif suffix == ".xls":
        raise InputError("old Excel .xls files are not read; save it as .xlsx or CSV", file=name)
    else:
        header, header_line, columns, lines = _read_csv(path)
    return RawTable(name, path.stem, header, header_line, columns, lines)


# ---------------------------------------------------------------- reading

def _read_csv(path: Path) -> tuple[list[str], int, list[np.ndarray], np.ndarray]:
    """The header and its line, the data cells by column, and each data row's line in the file.

    Small files go through Python's csv module; large ones through pandas' C parser, with the
    fields counted first by a numpy scan. Cells are strings, except that the C parser reads a
    plain-decimal amount column as numbers, which parse_amounts then proves exact to the cent.
    """
    name = str(path)
    raw = path.read_bytes()
    while raw.startswith(b"\xef\xbb\xbf"):  # a BOM, even twice, says UTF-8 and holds no data
        raw = raw[3:]
    _check_text_start(raw, name)
    encoding = _detect_encoding(raw, name)
    separator = _detect_separator(raw)
    if len(raw) <= _SMALL_FILE:
        return _read_small_csv(raw.decode(encoding), separator, name)
    return _read_records(raw, encoding, separator, name, first_line=1, header=None)


def read_csv_pieces(path: str | Path, *, piece_bytes: int = 1 << 24) -> Iterator[RawTable]:
    """A large CSV file as consecutive RawTables of whole records, read piece by piece.

    Memory stays near ``piece_bytes`` whatever the file's size: each piece ends at the last
    record end (a newline outside quotes) in it, and the rest goes on to the next piece.
    """
    import numpy as np

    path = Path(path)
    name = str(path)
    encoding = _detect_encoding_of_file(path, name)
    with path.open("rb") as handle:
        pending = handle.read(piece_bytes)
        while pending.startswith(b"\xef\xbb\xbf"):
            pending = pending[3:]
        _check_text_start(pending, name)
        separator = _detect_separator(pending)
        header: list[str] | None = None
        header_line = 0
        line = 1
        rows = 0
        while True:
            more = handle.read(piece_bytes)
            if more:
                cut = _last_record_end(pending)
                if cut < 0:  # one record longer than a piece: read on
                    pending += more
                    continue
                block, pending = pending[:cut + 1], pending[cut + 1:] + more
            else:
                block, pending = pending, b""
            if block.strip():
                found, found_line, columns, lines = _read_records(
                    block, encoding, separator, name, first_line=line, header=header)
                if header is None:
                    header, header_line = found, found_line
                rows += len(lines)
                if len(lines):
                    yield RawTable(name, path.stem, header, header_line, columns, lines)
            line += len(_line_ends(np.frombuffer(block, dtype=np.uint8), 0, len(block)))
            if not more:
                break
    if not rows:
        raise InputError("only a header, no income rows", file=name)


def _check_text_start(raw: bytes, name: str) -> None:
    if not raw or raw.isspace():
        raise InputError("file is empty; expected a header row naming at least the category and "
                         "amount columns, then one row per income stream", file=name)
    if raw.startswith(b"PK\x03\x04"):
        raise InputError("this is an Excel (.xlsx) file; give it the .xlsx extension", file=name)
    if b"\x00" in raw[:65536]:
        raise InputError("binary file, not text; expected CSV text or an .xlsx file", file=name)


def _detect_separator(raw: bytes) -> str:
    """The separator the header line uses most: ; TAB or ,."""
    first_line = next(line for line in raw[:1 << 20].splitlines() if line.strip())
    return max(_SEPARATORS, key=lambda s: first_line.count(s.encode()))


def _last_record_end(raw: bytes) -> int:
    """Position of the last newline outside quotes, or -1."""
    import numpy as np

    data = np.frombuffer(raw, dtype=np.uint8)
    newlines = _line_ends(data, 0, len(data))
    newlines = newlines[newlines < len(data) - 1] if len(data) and data[-1] == ord("\r") \
        else newlines
    if not len(newlines):
        return -1
    quotes = data == ord('"')
    if quotes.any():
        outside = (np.cumsum(quotes, dtype=np.uint8) & 1) == 0
        newlines = newlines[outside[newlines]]
    return int(newlines[-1]) if len(newlines) else -1


def _read_records(raw: bytes, encoding: str, separator: str, name: str, *, first_line: int,
                  header: list[str] | None,
                  ) -> tuple[list[str], int, list[np.ndarray], np.ndarray]:
    """Whole CSV records (the header among them unless ``header`` is given) to cells."""
    import numpy as np
    import pandas as pd

    counts, record_lines, blank = _count_fields(raw, separator.encode())
    record_lines = record_lines + (first_line - 1)
    if header is None:
        header_record = int(np.argmax(~blank))
        expected = int(counts[header_record])
    else:
        header_record, expected = -1, len(header)
    wrong = ~blank & (counts != expected)
    if wrong.any():
        bad = int(np.argmax(wrong))
        raise InputError(_field_count_message(int(counts[bad]), expected, separator),
                         file=name, line=int(record_lines[bad]))

    def read(**options: object) -> pd.DataFrame:
        try:
            return pd.read_csv(io.BytesIO(raw), sep=separator, header=None, keep_default_na=False,
                               skip_blank_lines=False, encoding=encoding, engine="c",
                               names=range(expected), **options)
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OverflowError) as error:
            raise InputError(f"cannot be read as CSV ({_first_line(error)}); check for stray "
                             "quotes", file=name) from None

    # every cell as text (objects, not pandas' str dtype: they go through per_distinct); the
    # amounts are then parsed exactly by parse_amounts, the same way as in a small file.
    # The whole block is read at once, one frame row per record: pandas' skiprows counts
    # lines differently when they end in a lone \r
    cells = read(dtype=dict.fromkeys(range(expected), object))
    if len(cells) != len(counts):
        raise InputError("cannot be read as CSV: a quote (\") is not closed; check for stray "
                         "quotes", file=name,
                         line=int(record_lines[min(len(cells), len(counts) - 1)]))
    if header is None:
        header = ["" if cell is None or cell != cell else str(cell).strip()
                  for cell in cells.iloc[header_record].tolist()]
    data_start = header_record + 1
    body = cells.iloc[data_start:]
    keep = ~blank[data_start:]
    columns = [body[c].to_numpy()[keep] for c in range(expected)]
    header_line = int(record_lines[header_record]) if header_record >= 0 else 0
    return header, header_line, columns, record_lines[data_start:][keep]


def _read_small_csv(text: str, separator: str, name: str,
                    ) -> tuple[list[str], int, list[np.ndarray], np.ndarray]:
    """The same as _read_csv for a small file, through the csv module (less overhead)."""
    import csv

    import numpy as np

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for row in reader:
            if row:  # a blank line gives no fields at all
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"cannot be read as CSV ({error}); check for stray quotes",
                         file=name, line=reader.line_num) from None
    if not rows:
        raise InputError("file is empty; expected a header row naming at least the category "
                         "and amount columns, then one row per income stream", file=name)
    header = [cell.strip() for cell in rows[0]]
    expected = len(header)
    for row, line in zip(rows, lines, strict=True):
        if len(row) != expected:
            raise InputError(_field_count_message(len(row), expected, separator),
                             file=name, line=line)
    body = rows[1:]
    columns = [np.array(cells, dtype=object) for cells in zip(*body, strict=True)] if body \
        else [np.zeros(0, dtype=object) for _ in header]
    return header, lines[0], columns, np.array(lines[1:], dtype=np.int64)


def _field_count_message(found: int, expected: int, separator: str) -> str:
    hint = ""
    if separator == "," and found > expected:
        hint = ("; amounts with a decimal comma must be in quotes (\"12,50\") in a comma file, "
                "or save the file with ; as separator")
    return f"found {found} fields, the header has {expected}{hint}"


def _detect_encoding_of_file(path: Path, name: str) -> str:
    """UTF-8 (BOM or not) or else cp1252, checked over the whole file in pieces."""
    import codecs

    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while piece := handle.read(1 << 24):
                    decoder.decode(piece)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InputError("cannot be read as text (neither UTF-8 nor Windows-1252); save it as "
                     "'CSV UTF-8' from your spreadsheet", file=name)


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
    quote, sep = ord('"'), separator[0]
    separators: list[np.ndarray] = []  # per finished record: separators outside quotes
    ends: list[np.ndarray] = []  # per finished record: position of its newline
    next_lines: list[np.ndarray] = []  # per finished record: the line the next record starts on
    open_separators = 0  # separators of the record still open at the end of the last block
    in_quotes = 0
    newlines = 0
    for start in range(0, len(data), _BLOCK):
        block = data[start:start + _BLOCK]
        is_quote = block == quote
        newline_at = _line_ends(data, start, len(block))
        sep_at = np.flatnonzero(block == sep)
        if in_quotes or is_quote.any():
            # parity of the quotes so far; uint8 wraps at 256, which keeps the parity
            inside = (np.cumsum(is_quote, dtype=np.uint8) + in_quotes) & 1
            block_ends = newline_at[inside[newline_at] == 0]
            sep_at = sep_at[inside[sep_at] == 0]
            in_quotes = int(inside[-1])
        else:
            block_ends = newline_at
        # separators before each record end, then per record
        before_end = np.searchsorted(sep_at, block_ends)
        per_record = np.diff(np.concatenate(([0], before_end, [len(sep_at)])))
        per_record[0] += open_separators
        separators.append(per_record[:-1])
        open_separators = int(per_record[-1])
        # the next record starts on the line after its newline
        next_lines.append(2 + newlines + np.searchsorted(newline_at, block_ends))
        ends.append(block_ends + start)
        newlines += len(newline_at)
    counts = np.concatenate([*separators, np.zeros(0, dtype=np.int64)])
    record_ends = np.concatenate([*ends, np.zeros(0, dtype=np.int64)])
    starts_on = np.concatenate([[1], *next_lines]).astype(np.int64)
    # the last record is still open when no line end outside quotes closes the data
    if len(data) and (not len(record_ends) or record_ends[-1] != len(data) - 1):
        counts = np.append(counts, open_separators)
        record_ends = np.append(record_ends, len(data))
    starts_on = starts_on[: len(counts)]
    record_starts = np.concatenate(([0], record_ends[:-1] + 1))
    length = record_ends - record_starts
    only_cr = (length == 1) & (data[np.maximum(record_ends - 1, 0)] == ord("\r"))
    blank = ((length == 0) | only_cr) & (counts == 0)
    return counts + 1, starts_on, blank


def _line_ends(data: np.ndarray, start: int, size: int) -> np.ndarray:
    """Positions (in the block at ``start``) where a line ends: a \n, or a \r not followed by
    \n — as pandas' parser, the csv module and an editor all count lines."""
    import numpy as np

    block = data[start:start + size]
    newline_at = np.flatnonzero(block == ord("\n"))
    return_at = np.flatnonzero(block == ord("\r"))
    if not len(return_at):
        return newline_at
    following = start + return_at + 1
    lone = (following >= len(data)) | (data[np.minimum(following, len(data) - 1)] != ord("\n"))
    return np.union1d(newline_at, return_at[lone])


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__


def _read_excel(path: Path, sheet: str | None,
                ) -> tuple[list[str], int, list[np.ndarray], np.ndarray]:
    import zipfile

    import numpy as np
    import openpyxl

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
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()  # a writer's <dimension> may be missing or too small
        rows = list(worksheet.iter_rows(min_row=1, values_only=True))
        width = max((len(row) for row in rows), default=0)
        rows = [tuple(row) + (None,) * (width - len(row)) for row in rows]
    except InputError:
        raise
    except Exception as error:
        raise InputError(f"cannot be read as an Excel .xlsx file ({type(error).__name__}); open "
                         "it in Excel and save it again, or export it as CSV", file=name) from None
    finally:
        book.close()
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
    return header, header_line, columns, lines


def _has_value(cell: object) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


# ---------------------------------------------------------------- canonical form

def canonical(tables: list[RawTable]) -> pd.DataFrame:
    """Give the cells of one or more files their meaning: one frame with the columns of COLUMNS.

    The files are stacked first and every column is then parsed once, so a thousand small files
    cost about what one large file does. An error names the file and line of the first bad cell.
    """
    import numpy as np
    import pandas as pd

    parts = []
    year_source = []  # per file: 1 it has a year column, 2 only a date column, 0 neither
    for table in tables:
        found = match_columns(table.header)
        year_source.append(1 if "year" in found else 2 if "date" in found else 0)
        missing = [column for column in REQUIRED if column not in found]
        if missing:
            shown = ", ".join(repr(h) for h in table.header if h) or "none"
            wanted = "; ".join(f"for the {m}: {accepted_names(m)}" for m in missing)
            raise InputError(f"no {' or '.join(missing)} column; columns found: {shown}; "
                             f"accepted names {wanted}", file=table.file,
                             line=table.header_line)
        if not table.rows:
            raise InputError("only a header, no income rows", file=table.file)
        part = {name: table.columns[position] for name, position in found.items()}
        if "enterprise" not in part:
            part["enterprise"] = np.full(table.rows, table.stem, dtype=object)
        used = set(found.values())
        for position, label in enumerate(table.header):
            if position not in used and label and label not in COLUMNS and label not in part:
                part[label] = table.columns[position]
        parts.append(part)
    sizes = [t.rows for t in tables]
    cells = _stack(parts, sizes)
    files = np.repeat(np.arange(len(tables)), sizes)
    names = np.array([t.file for t in tables], dtype=object)
    lines = np.concatenate([t.lines for t in tables]).astype(np.int64)

    def fail(message: str, position: int) -> InputError:
        return InputError(message, file=str(names[files[position]]), line=int(lines[position]))

    def column(name: str) -> pd.Series | None:
        return cells.get(name)

    def text(name: str) -> pd.Series:
        values = column(name)
        if values is None:
            return pd.Series(pd.Categorical.from_codes(np.zeros(len(lines), dtype=np.int8),
                                                       [""]))
        return pd.Series(per_distinct(values, lambda distinct: distinct.map(_cell_text)))

    amount_cents = _amounts_per_file(cells["amount"], sizes, fail)

    frame = pd.DataFrame({
        "enterprise": _enterprise(cells["enterprise"], fail),
        "year": _year(column("year"), column("date"), np.repeat(year_source, sizes), fail),
        "description": text("description"),
        "category": text("category"),
        "payer": text("payer"),
        "payer_type": _labels(text("payer_type"), PAYER_TYPE_LOOKUP, PAYER_TYPE_VALUES,
                              "payer type", fail),
        "amount_cents": amount_cents,
        "class": _labels(text("class"), CLASS_LOOKUP, CLASS_VALUES, "class", fail),
        "kind": _labels(text("kind"), KIND_LOOKUP, KIND_VALUES, "kind", fail, default="income"),
        "file": pd.Categorical.from_codes(files, names) if len(names) == len(set(names))
        else pd.Categorical(names[files]),
        "line": lines,
    })
    for label, values in cells.items():
        if label not in frame.columns and label not in COLUMNS and label != "date":
            frame[label] = values.to_numpy()
    return frame


def _amounts_per_file(amounts: pd.Series, sizes: list[int],
                      fail: Callable[[str, int], InputError]) -> np.ndarray:
    """Cents of the stacked amount column; each file's own amounts decide its decimal mark.

    A column of plain decimals (the usual case) is parsed in one go; otherwise file by file,
    so a Dutch file's "1.234" is not judged by an English file's "12.50".
    """
    import numpy as np

    if len(sizes) > 1:
        plain = plain_cents(amounts.to_numpy(dtype=object))
        if plain is not None:
            return plain
    cents = np.zeros(len(amounts), dtype=np.int64)
    start = 0
    for size in sizes:
        try:
            cents[start:start + size] = parse_amounts(amounts.iloc[start:start + size])
        except AmountError as error:
            raise fail(error.message, start + error.position) from None
        start += size
    return cents


def _stack(parts: list[dict[str, np.ndarray]], sizes: list[int]) -> dict[str, pd.Series]:
    """The files' columns one under the other; a column a file lacks is empty there."""
    import numpy as np
    import pandas as pd

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
    import pandas as pd

    codes, mapped = _distinct_apply(values, transform)
    # two spellings may map to one value (" Bar" and "Bar"): categories must be unique
    mapped_codes, categories = pd.factorize(mapped, use_na_sentinel=False)
    return pd.Categorical.from_codes(mapped_codes[codes], categories)


def _distinct_apply(values: pd.Series, transform: Callable[[pd.Series], pd.Series]
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code into the distinct values, and the transform of each distinct value."""
    import pandas as pd

    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    return codes, transform(pd.Series(uniques, dtype=object)).to_numpy(dtype=object)


def _cell_text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _enterprise(values: pd.Series, fail: Callable[[str, int], InputError]) -> pd.Categorical:
    import numpy as np

    names = per_distinct(values, lambda distinct: distinct.map(_cell_text))
    empty = np.asarray(names == "")
    if empty.any():
        raise fail("the enterprise cell is empty; fill in which enterprise this row belongs to",
                   int(np.argmax(empty)))
    return names


def _year(years: pd.Series | None, dates: pd.Series | None, source: np.ndarray,
          fail: Callable[[str, int], InputError]) -> pd.Series:
    """The year of each row from its file's year column, or else its date column.

    ``source`` says per row which one its file has: 1 a year, 2 a date, 0 neither (<NA>).
    """
    import numpy as np
    import pandas as pd

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
            shown = f"{found!r}" if found else "an empty cell"
            example = "2024" if what == "year" else "2024-03-01 or 1-3-2024"
            raise fail(f"{what} is {shown}; expected a {what} such as {example}", position)
        year[rows] = found_years
    return pd.array(year, dtype="Int64")


def _years_of(cells: pd.Series, what: str) -> pd.Series:
    """Distinct year or date cells -> the year as a float (NaN where there is none)."""
    import datetime

    import pandas as pd

    is_date = cells.map(lambda v: isinstance(v, (datetime.date, datetime.datetime)))
    text = cells.map(_cell_text).astype(str)
    if what == "year":
        digits = text.str.extract(r"^(\d{4})(?:\.0+)?$")[0]
    else:
        # a year is four digits standing alone in a date (2024-03-01, 1-3-2024, 01/03/2024)
        # or the first four of a compact date (20240301)
        digits = text.str.extract(r"^(\d{4})\d{4}$|(?<!\d)(\d{4})(?!\d)").bfill(axis=1)[0]
    if is_date.any():
        digits = digits.where(~is_date, cells[is_date].map(lambda d: str(d.year)))
    year = pd.to_numeric(digits, errors="coerce").astype("float64")
    return year.where((year >= 1900) & (year <= 2200))


def _labels(values: pd.Series, lookup: dict[str, str], table: dict[str, tuple[str, ...]],
            what: str, fail: Callable[[str, int], InputError], default: str = "") -> pd.Series:
    """Map label cells (any language, any case) to their canonical value; blanks get default."""
    import numpy as np
    import pandas as pd

    from .columns import normalise_label

    distinct = values.unique()
    mapping = {value: (lookup.get(normalise_label(value)) if value else default)
               for value in distinct}
    unknown = [value for value, canonical in mapping.items() if canonical is None]
    if unknown:
        position = int(np.argmax(values.isin(unknown).to_numpy()))
        accepted = ", ".join(name for names in table.values() for name in names[:2])
        raise fail(f"{what} is {values.iloc[position]!r}; expected one of: {accepted} "
                   "(or leave it empty)", position)
    return pd.Series(per_distinct(values, lambda distinct: distinct.map(mapping)),
                     index=values.index)
