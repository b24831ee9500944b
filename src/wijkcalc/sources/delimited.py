"""CSV and TSV text in any common dialect -> cells by position: whole, or piece by piece."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from .. import money
from ..errors import N_, InputError, Text
from . import arrow_read, scan, sniff
from . import header as headers
from .base import Grid, appearance_ordered, check_width
from .columns import REPEATED, match_columns

SMALL_FILE = 1 << 18  # up to this size the csv module beats pandas' start-up cost
STREAM_BYTES = 1 << 27  # a file larger than this is read piece by piece (read at call time)
PIECE_BYTES = 1 << 24
ARROW_REFUSALS = 3  # blocks of a file refused by pyarrow's reader before it is tried no more
NO_HEADER = N_("no header row among the first {rows} rows (one naming the category or a "
               "description, and the amount); the first rows are {shown}")
# a row looked at for a header, in a message: its line and (an excerpt of) its text
LOOKED_AT_ROW = "{line}: '{text}'"
CSV_ERROR = N_("cannot be read as CSV ({reason}); check for stray quotes")


def read_csv(path: Path) -> Grid:
    """The header and its line, the data cells by column, and each data row's line in the file.

    Small files go through Python's csv module; large ones through pandas' C parser, with the
    fields counted first by a numpy scan. Cells are strings, except that the C parser reads a
    plain-decimal amount column as numbers, which parse_amounts then proves exact to the cent.
    """
    name = str(path)
    raw = path.read_bytes()
    if sniff.is_utf16(raw):  # read whole, whatever its size: rare, and never split mid-char
        raw = sniff.from_utf16(raw, name)
    raw = sniff.without_bom(raw)
    sniff.check_text_start(raw, name)
    encoding = sniff.encoding(raw, name)
    separator = sniff.separator(raw)
    if len(raw) <= SMALL_FILE:
        return _read_small(raw.decode(encoding), separator, name)
    return _read_records(raw, encoding, separator, name, first_line=1, header=None)


@dataclass(frozen=True)
class Block:
    """A run of whole records of a large CSV file: its bytes, where they start in the file,
    and the line they start on."""

    raw: bytes
    offset: int
    line: int


@dataclass
class Layout:
    """What every block of a file is read with: its encoding and separator, and once the
    first block is read, its header (with its line and the title lines above it)."""

    name: str
    encoding: str
    separator: str
    header: list[str] | None = None
    header_line: int = 0
    above: tuple[str, ...] = ()
    refused: int = 0  # blocks pyarrow's reader left to the general way (arrow_read)

    def grid(self, block: Block) -> Grid:
        """The block's cells (and, for the first block, the file's header found in it)."""
        grid = None
        # a file whose blocks are not plain (amounts as 1.234,50, say) is not tried for ever
        if self.header is not None and self.refused < ARROW_REFUSALS:
            grid = arrow_read.grid(block.raw, self.encoding, self.separator, self.header,
                                   block.line)
            self.refused += grid is None
        if grid is None:
            grid = _read_records(block.raw, self.encoding, self.separator, self.name,
                                 first_line=block.line, header=self.header)
        if self.header is None:
            self.header, self.header_line, self.above = grid.header, grid.header_line, grid.above
        return dataclasses.replace(grid, header=self.header, header_line=self.header_line,
                                   above=self.above, looked_at=())


def in_encoding(block: Block, layout: Layout) -> bool:
    """Whether the block reads in the encoding its layout took from the file's first block:
    ASCII reads the same in any, and otherwise the block must decode as the first did."""
    if block.raw.isascii():
        return True
    try:
        return sniff.encoding(block.raw, layout.name) == layout.encoding
    except InputError:  # UTF-8 and other bytes mixed: the whole file's reading says so
        return False


def read_pieces(path: Path, *, piece_bytes: int | None = None) -> Iterator[Grid]:
    """A large CSV file as consecutive grids of whole records (those with data rows only).

    Memory stays near ``piece_bytes`` whatever the file's size (see blocks)."""
    layout, found = blocks(path, piece_bytes=piece_bytes)
    for block in found:
        grid = layout.grid(block)
        if len(grid.lines):
            yield grid


def blocks(path: Path, *, piece_bytes: int | None = None, first_bytes: int | None = None,
           whole_encoding: bool = True) -> tuple[Layout, Iterator[Block]]:
    """How the file's blocks are read, and its blocks: each ends at the last record end (a
    newline outside quotes) in the ``piece_bytes`` read, and the rest goes on to the next
    block. The first block is cut after ``first_bytes`` (default: ``piece_bytes``). The
    encoding is the whole file's, or without ``whole_encoding`` the first block's (whoever
    reads the others then checks that theirs agrees: see in_encoding)."""
    piece_bytes = piece_bytes or PIECE_BYTES
    name = str(path)
    encoding = sniff.encoding_of_file(path, name) if whole_encoding else ""
    handle = path.open("rb")
    try:
        pending, line = _after_blank_lines(handle, first_bytes or piece_bytes)
        sniff.check_text_start(pending, name)
        encoding = encoding or sniff.encoding(pending, name)
        layout = Layout(name, encoding, sniff.separator(pending))
    except BaseException:
        handle.close()
        raise
    return layout, _cut(handle, pending, line, piece_bytes, layout.separator.encode())


def _cut(handle: BinaryIO, pending: bytes | bytearray, line: int, piece_bytes: int,
         separator: bytes) -> Iterator[Block]:
    with handle:
        searched, in_quotes = 0, 0  # how much of pending holds no record end; quotes there
        while True:
            more = handle.read(piece_bytes)
            if more:
                cut, searched, in_quotes = scan.record_end_from(pending, searched, in_quotes,
                                                               separator)
                if cut < 0:  # one record longer than a piece (or a stray quote): read on
                    if not isinstance(pending, bytearray):
                        pending = bytearray(pending)
                    pending += more  # in place: a long record is copied once, not per piece
                    continue
                block, pending = bytes(pending[:cut + 1]), pending[cut + 1:] + more
                searched, in_quotes = 0, 0
            else:
                block, pending = bytes(pending), b""
            if block and not block.isspace():  # isspace stops at the first other byte
                yield Block(block, handle.tell() - len(pending) - len(block), line)
            line += scan.line_count(block)
            if not more:
                break


def _after_blank_lines(handle: BinaryIO, piece_bytes: int) -> tuple[bytes, int]:
    """The file's first piece that is not all blank lines (BOM removed), and the line it
    starts on: blank lines before the header are skipped, however many."""
    pending = sniff.without_bom(handle.read(piece_bytes))
    line = 1
    while sniff.is_blank(pending) and (more := handle.read(piece_bytes)):
        # the blank lines up to the last \n go; what follows it may end with the next piece
        cut = pending.rfind(b"\n") + 1
        line += scan.line_count(pending, cut)
        pending = pending[cut:] + more
    return pending, line


def _read_records(raw: bytes, encoding: str, separator: str, name: str, *, first_line: int,
                  header: list[str] | None) -> Grid:
    """Whole CSV records (the header among them unless ``header`` is given) to cells."""
    found = scan.records(raw, separator.encode())
    counts, blank = found.counts, found.blank
    record_lines = found.lines + (first_line - 1)
    above: tuple[str, ...] = ()
    looked_at: tuple[tuple[int, str], ...] = ()
    if header is None:
        header_record = _header_record(raw, record_lines - (first_line - 1))
        titles, above, looked_at = _titles(raw, encoding, separator)
        if titles:  # the header is under title lines: the line it starts on says its record
            header_record = int(np.searchsorted(record_lines - (first_line - 1),
                                                titles + 1, side="right")) - 1
        blank[:header_record] = True  # blank lines and titles, before the header
        expected = int(counts[header_record])
        check_width(expected, name, int(record_lines[header_record]))
    else:
        header_record, expected = -1, len(header)
    wrong = ~blank & (counts != expected)
    if wrong.any():
        bad = int(np.argmax(wrong))
        raise InputError(_field_count_message(int(counts[bad]), expected, separator),
                         file=name, line=int(record_lines[bad]))
    data_start = header_record + 1
    keep = ~blank[data_start:]
    fast = _fast_form(raw, encoding, separator, header, int(record_lines[header_record]) -
                      (first_line - 1) if header is None else 0, found,
                      data_start + np.flatnonzero(keep))
    try:
        cells = _parse(raw, encoding, separator, expected, name, fast)
    except InputError:
        if not fast.repeated and fast.cents is None:  # the plain form already
            raise
        # the C parser refuses some column choices (after a mebibyte of blank lines, say):
        # the plain form reads the block, or says what is wrong with it
        fast = _Fast()
        cells = _parse(raw, encoding, separator, expected, name, fast)
    if len(cells) != len(counts):
        raise InputError(N_("cannot be read as CSV: a quote (\") is not closed; check for "
                            "stray quotes"), file=name,
                         line=int(record_lines[min(len(cells), len(counts) - 1)]))
    if header is None:
        header = fast.names or ["" if cell is None or cell != cell else str(cell).strip()
                                for cell in cells.iloc[header_record].tolist()]
    body = cells.iloc[data_start:]
    columns = [fast.text if position == fast.amount else
               appearance_ordered(body[position].array[keep]) if position in fast.repeated
               else body[position].to_numpy()[keep] for position in range(expected)]
    header_line = int(record_lines[header_record]) if header_record >= 0 else 0
    cents = {fast.amount: fast.cents} if fast.cents is not None else {}
    return Grid(header, header_line, columns, record_lines[data_start:][keep], above=above,
                looked_at=looked_at, cents=cents, decimal_marks=fast.marks)


@dataclass(frozen=True)
class _Fast:
    """How a block without quotes is read fast: the header's names (when read here), the
    columns of repeating text (read as categoricals), and a column of plain decimals taken
    from the bytes, with its cents and the decimal marks they show (see Grid)."""

    names: list[str] | None = None
    repeated: frozenset[int] = frozenset()
    amount: int = -1
    text: np.ndarray | None = None
    cents: np.ndarray | None = None
    marks: frozenset[str] = frozenset()


def _fast_form(raw: bytes, encoding: str, separator: str, header: list[str] | None,
               header_at: int, found: scan.Records, rows: np.ndarray) -> _Fast:
    """The fast form of a block when it has no quotes (then a record is a line, and its
    fields lie between separators); the plain form otherwise. ``header_at`` is the header's
    line in the block, when the block holds it."""
    if b'"' in raw:
        return _Fast()
    names = header if header is not None else _header_cells(raw, encoding, separator, header_at)
    if names is None or not len(rows) or len(names) != found.counts[rows[0]]:
        return _Fast()
    named = match_columns(names)
    repeated = frozenset(position for column, position in named.items() if column in REPEATED)
    amount = named.get("amount", -1)
    fast = _Fast(names if header is None else None, repeated - {amount})
    if amount < 0:
        return fast
    text = scan.field_bytes(raw, found, rows, amount, len(names), money.PLAIN_WIDTH)
    mark = "."
    cents = None if text is None else money.plain_bytes_cents(text)
    if cents is None and text is not None and separator != ",":  # 12,50, the Dutch way
        mark = ","
        cents = money.plain_bytes_cents(text, mark)
    if cents is None:  # amounts written otherwise: the C parser reads them as text
        return fast
    marks = frozenset(mark) if (text.view(np.uint8) == ord(mark)).any() else frozenset()
    return dataclasses.replace(fast, amount=amount, text=text, cents=cents, marks=marks)


def _header_cells(raw: bytes, encoding: str, separator: str, line: int) -> list[str] | None:
    """The cells of the header on ``line`` of a block without quotes (None beyond its head)."""
    head = np.frombuffer(raw, dtype=np.uint8, count=min(len(raw), sniff.HEAD_BYTES))
    ends = scan.line_ends(head, 0, len(head))
    if line < 1 or len(ends) < line:
        return None
    start = 0 if line == 1 else int(ends[line - 2]) + 1
    text = raw[start:int(ends[line - 1])].decode(encoding, errors="replace")
    return [cell.strip() for cell in text.split(separator)]


def _titles(raw: bytes, encoding: str, separator: str
            ) -> tuple[int, tuple[str, ...], tuple[tuple[int, str], ...]]:
    """The lines above the header in a file's first rows (0 when it starts with its header),
    their texts, and the first rows when none of them is a header."""
    head = raw[:sniff.HEAD_BYTES].decode(encoding, errors="replace")
    try:
        small = _read_small(head, separator, "", check=False)
    except InputError:  # a quote open at the cut, say: reading the whole says what is wrong
        return 0, (), ()
    return small.header_line - 1, small.above, small.looked_at


def _header_record(raw: bytes, record_lines: np.ndarray) -> int:
    """The record holding the first byte that is not white space (the header)."""
    start = sniff.blank_prefix(raw)
    line = 1 + len(scan.line_ends(np.frombuffer(raw, dtype=np.uint8, count=start), 0, start))
    return max(int(np.searchsorted(record_lines, line, side="right")) - 1, 0)


def _parse(raw: bytes, encoding: str, separator: str, width: int, name: str, fast: _Fast
           ) -> pd.DataFrame:
    # every cell as text (objects, not pandas' str dtype: they go through per_distinct), or,
    # in the fast form, repeating text as categoricals (a code per cell, not an object) and
    # the plain amounts not at all; other amounts are then parsed exactly by parse_amounts,
    # the same way as in a small file. The whole block is read at once, one frame row per
    # record: pandas' skiprows counts lines differently when they end in a lone \r
    kinds = {position: "category" if position in fast.repeated else object
             for position in range(width) if position != fast.amount}
    try:
        cells = _read_columns(raw, encoding, separator, width, kinds)
        # the C parser makes numbers of categories that all read as one ("0815" -> 815, in a
        # block without its header): such columns are read again as the text they are
        numeric = {position: object for position in fast.repeated
                   if cells[position].cat.categories.dtype.kind in "biufc"}
        if numeric:
            texts = _read_columns(raw, encoding, separator, width, numeric)
            for position in numeric:
                cells[position] = texts[position].astype(str).astype("category")
        return cells
    except (pd.errors.ParserError, ValueError, UnicodeDecodeError, OverflowError) as error:
        raise InputError(CSV_ERROR, reason=sniff.error_text(error), file=name) from None


def _read_columns(raw: bytes, encoding: str, separator: str, width: int,
                  kinds: dict[int, object]) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(raw), sep=separator, header=None, keep_default_na=False,
                       skip_blank_lines=False, encoding=encoding, engine="c",
                       names=range(width), dtype=kinds,
                       usecols=list(kinds) if len(kinds) < width else None)


def _read_small(text: str, separator: str, name: str, *, check: bool = True) -> Grid:
    """The same as _read_records for a small file, through the csv module (less overhead)."""
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
        raise InputError(CSV_ERROR, reason=str(error), file=name,
                         line=reader.line_num) from None
    # rows of white space only, before the header, are blank lines too
    first = next((n for n, row in enumerate(rows) if "".join(row).strip()), len(rows))
    rows, lines = rows[first:], lines[first:]
    if not rows:
        raise InputError(sniff.EMPTY, file=name)
    # title lines and notes above the header are no rows (within the first rows looked at)
    texts = [[cell.strip() for cell in row] for row in rows[:headers.MAX_ROWS]]
    found = headers.find(texts)
    at = found or 0
    above = tuple(headers.line_text(text) for text in texts[:at])
    looked_at = () if found is not None or len(rows) < 2 else tuple(
        (line, sniff.excerpt(headers.line_text(text)))
        for line, text in zip(lines[:headers.SHOWN_ROWS], texts, strict=False))
    if found is None and check and any(len(row) != len(rows[0]) for row in rows[1:]):
        # rows of different widths and none a header: say what was looked at, not the widths
        raise InputError(NO_HEADER, rows=min(len(rows), headers.MAX_ROWS), shown="; ".join(
            LOOKED_AT_ROW.format(line=line, text=text) for line, text in looked_at),
            file=name, line=lines[0])
    rows, lines = rows[at:], lines[at:]
    names = [cell.strip() for cell in rows[0]]
    expected = len(names)
    check_width(expected, name, lines[0])
    for row, line in zip(rows, lines, strict=True):
        if len(row) != expected and check:
            raise InputError(_field_count_message(len(row), expected, separator),
                             file=name, line=line)
    body = rows[1:] if check else []
    columns = [np.array(cells, dtype=object) for cells in zip(*body, strict=True)] if body \
        else [np.zeros(0, dtype=object) for _ in names]
    return Grid(names, lines[0], columns, np.array(lines[1:], dtype=np.int64), above=above,
                looked_at=looked_at)


def _field_count_message(found: int, expected: int, separator: str) -> Text:
    if separator == "," and found > expected:
        return Text(N_("found {found} fields, the header has {expected}; amounts with a decimal "
                       "comma must be in quotes (\"12,50\") in a comma file, or save the file "
                       "with ; as separator"), found=found, expected=expected)
    return Text(N_("found {found} fields, the header has {expected}"), found=found,
                expected=expected)
