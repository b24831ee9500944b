"""The vectorised numpy scans of CSV bytes: records, fields and line ends, quotes honoured."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUOTE, NEWLINE, RETURN = ord('"'), ord("\n"), ord("\r")
BLOCK = 1 << 23  # bytes scanned at once when counting fields; bounds the scan's memory


@dataclass(frozen=True)
class Records:
    """A block's CSV records: per record its number of fields, the line it starts on, whether
    it is blank, and where it ends (its line end, or the block's end); and the positions of
    the separators outside quotes, which lie between the fields."""

    counts: np.ndarray
    lines: np.ndarray
    blank: np.ndarray
    ends: np.ndarray
    separators: np.ndarray


def count_fields(raw: bytes, separator: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per CSV record: its number of fields, the line it starts on, and whether it is blank."""
    found = records(raw, separator)
    return found.counts, found.lines, found.blank


# long on purpose: one vectorised scan
def records(raw: bytes, separator: bytes) -> Records:
    """The block's records (see Records).

    Quotes are honoured (a separator or newline between quotes is data), so records and line
    numbers are right even with multi-line cells. Scanned in blocks with numpy: no per-row Python.
    """
    data = np.frombuffer(raw, dtype=np.uint8)
    quote, sep = ord('"'), separator[0]
    separators: list[np.ndarray] = []  # per finished record: separators outside quotes
    positions: list[np.ndarray] = []  # the separators outside quotes, block by block
    ends: list[np.ndarray] = []  # per finished record: position of its newline
    next_lines: list[np.ndarray] = []  # per finished record: the line the next record starts on
    open_separators = 0  # separators of the record still open at the end of the last block
    in_quotes = 0
    newlines = 0
    # a search for one byte (memchr) is much cheaper than a pass of numpy over the block
    quoted, returns = b'"' in raw, b"\r" in raw
    toggles = quote_toggles(data, sep) if quoted else None
    for start in range(0, len(data), BLOCK):
        block = data[start:start + BLOCK]
        newline_at = line_ends(data, start, len(block), returns)
        sep_at = np.flatnonzero(block == sep)
        is_quote = (block == quote if toggles is None else toggles[start:start + BLOCK]) \
            if quoted else None
        if is_quote is not None and (in_quotes or is_quote.any()):
            # parity of the quotes so far; uint8 wraps at 256, which keeps the parity
            inside = (np.cumsum(is_quote, dtype=np.uint8) + in_quotes) & 1
            block_ends = newline_at[inside[newline_at] == 0]
            sep_at = sep_at[inside[sep_at] == 0]
            in_quotes = int(inside[-1])
        else:
            block_ends = newline_at
        positions.append(sep_at + start)
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
    return Records(counts + 1, starts_on, blank, record_ends,
                   np.concatenate([*positions, np.zeros(0, dtype=np.int64)]))


def line_ends(data: np.ndarray, start: int, size: int, returns: bool = True) -> np.ndarray:
    """Positions (in the block at ``start``) where a line ends: a \n, or a \r not followed by
    \n — as pandas' parser, the csv module and an editor all count lines (``returns``: False
    when the caller knows the data holds no \r)."""
    block = data[start:start + size]
    newline_at = np.flatnonzero(block == ord("\n"))
    if not returns:
        return newline_at
    return_at = np.flatnonzero(block == ord("\r"))
    if not len(return_at):
        return newline_at
    following = start + return_at + 1
    lone = (following >= len(data)) | (data[np.minimum(following, len(data) - 1)] != ord("\n"))
    return np.union1d(newline_at, return_at[lone])


def line_count(raw: bytes | bytearray, size: int | None = None) -> int:
    """The line ends (as line_ends finds them) in the first ``size`` bytes (default: all),
    counted a mebibyte at a time into one reused array: a new array per block of 8 MiB cost
    its page faults (7 ms a block against 1), and bytes.count is four times slower."""
    size = len(raw) if size is None else size
    if not size:
        return 0
    data = np.frombuffer(raw, dtype=np.uint8, count=size)
    if raw.find(b"\r", 0, size) >= 0:
        return len(line_ends(data, 0, size))
    found = np.empty(min(size, 1 << 20), dtype=bool)
    count = 0
    for start in range(0, size, len(found)):
        piece = data[start:start + len(found)]
        count += int(np.count_nonzero(np.equal(piece, NEWLINE, out=found[:len(piece)])))
    return count


def record_end_from(raw: bytes | bytearray, start: int, in_quotes: int, separator: bytes
                    ) -> tuple[int, int, int]:
    """The last record end (a newline outside quotes) in ``raw[start:]``, given the quote
    parity at ``start``; -1 when there is none. Also where the next search may start and the
    parity there, so that a buffer that grows is searched once, not again and again."""
    data = np.frombuffer(raw, dtype=np.uint8)
    # a \r or a quote at the very end may be the first half of a \r\n or a "": searched
    # again once more comes
    end_open = len(data) > start and data[-1] in (ord("\r"), ord('"'))
    resume = len(data) - 1 if end_open else len(data)
    if not in_quotes and raw.find(b'"', start) < 0:  # no quotes: the last line end is it
        newline, lone_return = raw.rfind(b"\n", start, resume), raw.rfind(b"\r", start, resume)
        return max(newline, lone_return), resume, 0  # a \r after the last \n ends a line
    newlines = line_ends(data, start, resume - start) + start
    toggles = quote_toggles(data[:resume], separator[0], start, in_quotes)
    quotes = (data[start:resume] == ord('"')) if toggles is None else toggles[start:resume]
    parity = in_quotes
    if quotes.any() or in_quotes:
        inside = (np.cumsum(quotes, dtype=np.uint8) + in_quotes) & 1
        newlines = newlines[inside[newlines - start] == 0]
        parity = int(inside[-1]) if len(inside) else in_quotes
    return (int(newlines[-1]) if len(newlines) else -1), resume, parity


def quote_toggles(data: np.ndarray, sep: int, start: int = 0, in_quotes: int = 0
                  ) -> np.ndarray | None:
    """Which quotes from ``start`` on open or close a quoted field: None when all of them do
    (the usual case, checked in blocks with numpy), else a mask over ``data``.

    As the csv module and pandas read it, a quote opens a quoted field only at the field's
    start; elsewhere (12" groot) it is a character of the cell. Only a file that has such a
    quote is walked quote by quote."""
    parity = in_quotes
    for first in range(start, len(data), BLOCK):
        at = np.flatnonzero(data[first:first + BLOCK] == QUOTE) + first
        if not len(at):
            continue
        before, after = _around(data, at)
        opening = ((parity + np.arange(len(at))) & 1) == 0
        fits = np.where(opening, _field_start(before, sep) | (before == QUOTE),
                        _field_end(after, sep) | (after == QUOTE))
        if not fits.all():
            return _walk_quotes(data, sep, start, in_quotes)
        parity ^= len(at) & 1
    return None


def _around(data: np.ndarray, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The bytes before and after each position; a line end beyond either end of the data."""
    last = len(data) - 1
    before = np.where(at > 0, data[np.maximum(at - 1, 0)], NEWLINE)
    after = np.where(at < last, data[np.minimum(at + 1, last)], NEWLINE)
    return before, after


def _field_start(before: np.ndarray, sep: int) -> np.ndarray:
    return (before == sep) | (before == NEWLINE) | (before == RETURN)


def _field_end(after: np.ndarray, sep: int) -> np.ndarray:
    return (after == sep) | (after == NEWLINE) | (after == RETURN)


def _walk_quotes(data: np.ndarray, sep: int, start: int, in_quotes: int) -> np.ndarray:
    """The quotes that open or close a field, one by one (a "" inside quotes toggles twice)."""
    at = np.flatnonzero(data[start:] == QUOTE) + start
    before, _ = _around(data, at)
    starts = _field_start(before, sep).tolist()
    positions = at.tolist()
    toggles = np.zeros(len(data), dtype=bool)
    inside, number = bool(in_quotes), 0
    while number < len(positions):
        position = positions[number]
        if not inside:
            inside = starts[number]  # else a quote inside an unquoted cell: a character
            toggles[position] = inside
        elif number + 1 < len(positions) and positions[number + 1] == position + 1:
            toggles[position] = toggles[position + 1] = True  # "" inside quotes
            number += 1
        else:
            toggles[position], inside = True, False
        number += 1
    return toggles


def field_bytes(raw: bytes, found: Records, rows: np.ndarray, field: int, fields: int,
                widest: int) -> np.ndarray | None:
    """One field of the given records of a block without quotes, each holding ``fields``
    fields: its bytes as a fixed-width bytes array (NUL-padded); None when one is wider than
    ``widest``. Without quotes a record is a line, and its fields lie between separators."""
    data = np.frombuffer(raw, dtype=np.uint8)
    ends = found.ends[rows]
    starts = np.concatenate(([0], found.ends[:-1] + 1))[rows]
    separators = found.separators
    before = np.searchsorted(separators, starts)
    start = starts if field == 0 else separators[before + field - 1] + 1
    if field < fields - 1:
        end = separators[before + field]
    else:  # the last field ends at the line end, a \r before a \n aside
        end = ends - ((ends > start) & (data[np.maximum(ends - 1, 0)] == ord("\r")))
    length = end - start
    width = int(length.max()) if len(length) else 0
    if width > widest:
        return None
    cells = np.zeros((len(start), max(width, 1)), dtype=np.uint8)
    for column in range(width):
        byte = data[np.minimum(start + column, len(data) - 1)]
        cells[:, column] = np.where(column < length, byte, 0)
    return cells.view(f"S{max(width, 1)}").reshape(len(start))
