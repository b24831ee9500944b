"""A block of a large CSV file read by pyarrow's CSV reader, when the block is plain enough.

A compiled reader of the block's bytes: it splits the records and fields, keeps the repeating
text as dictionary codes and the amounts as text, in one pass (pandas' C parser, with the numpy
scans of sources/scan.py before it, takes four times as long). Only a plain block is read so:
its header known (not the file's first block), no quote, NUL or blank line, ASCII or UTF-8,
the same number of fields in every record, and every amount a plain decimal (``-12.5``; or
each with a comma, ``-12,5`` or ``1.234,50``). Any other block, or anything pyarrow refuses,
is read the general way (delimited._read_records), which says what is wrong with it, with its
line: this reader only ever says None.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from .base import Grid
from .columns import REPEATED, match_columns

# a plain decimal as money.plain_bytes_cents takes it: a sign, 1-13 digits, 1-2 decimals; or
# the same with a decimal comma (12,50), which no reading takes for thousands, and points
# between its thousands when it has cents (1.234,50; 1.234 alone is the file's to settle)
PLAIN = {".": r"^[-+]?[0-9]{1,13}(\.[0-9]{1,2})?$",
         ",": r"^[-+]?([0-9]{1,13}(,[0-9]{1,2})?|[0-9]{1,3}(\.[0-9]{3})+,[0-9]{1,2})$"}
UTF8 = ("utf-8", "utf-8-sig", "utf8", "ascii")


def grid(raw: bytes, encoding: str, separator: str, header: list[str], first_line: int
         ) -> Grid | None:
    """The block's cells in the fast form (see Grid); None when it is not plain enough."""
    if not raw or b'"' in raw or b"\x00" in raw:
        return None
    if encoding.lower() not in UTF8 and not raw.isascii():
        return None
    named = match_columns(header)
    amount = named.get("amount", -1)
    if amount < 0:
        return None
    repeated = {position for column, position in named.items() if column in REPEATED}
    pa, csv, compute = _arrow()
    # malloc's pool, not pyarrow's own: that one keeps what a block freed, in every worker
    # (10M rows over two: 365 MB at the peak against 293)
    pool = pa.system_memory_pool()
    text = pa.string()
    types = {str(position): pa.dictionary(pa.int32(), text) if position in repeated else text
             for position in range(len(header))}
    try:
        table = csv.read_csv(
            pa.py_buffer(raw),
            read_options=csv.ReadOptions(column_names=list(types), use_threads=False,
                                         block_size=len(raw) + 1),
            # a blank line would be a row of empty cells, whose empty amount sends the block
            # the general way (which skips it and counts its line)
            parse_options=csv.ParseOptions(delimiter=separator, quote_char=False,
                                           ignore_empty_lines=False),
            convert_options=csv.ConvertOptions(column_types=types, null_values=[],
                                               strings_can_be_null=False), memory_pool=pool)
    except pa.ArrowInvalid:  # a record of other width, bytes that are no UTF-8
        return None
    amounts = table.column(str(amount)).combine_chunks(memory_pool=pool)
    cents, marks = _plain_cents(amounts, (pa, compute, pool))
    if cents is None:
        return None  # amounts written otherwise (1.234, € 12,50, an empty cell)
    columns = [amounts if position == amount else
               _categorical(table.column(str(position)), pool) if position in repeated else
               table.column(str(position)).to_numpy().astype(object)
               for position in range(len(header))]
    lines = np.arange(first_line, first_line + table.num_rows, dtype=np.int64)
    return Grid(header, 0, columns, lines, cents={amount: cents}, decimal_marks=marks)


def _plain_cents(amounts, arrow) -> tuple[np.ndarray | None, frozenset[str]]:
    """The cents of amounts that are all plain decimals with a point, or all with a comma,
    and the decimal mark they show (none: whole euros); None when they are not."""
    pa, compute, pool = arrow
    mark = next((mark for mark, pattern in PLAIN.items() if compute.all(
        compute.match_substring_regex(amounts, pattern, memory_pool=pool),
        memory_pool=pool).as_py()), None)
    if mark is None:
        return None, frozenset()
    written = _text_bytes(amounts)
    if mark.encode() not in written:  # whole euros only (the point's pattern)
        return _cents(compute.cast(amounts, pa.decimal128(15, 2), memory_pool=pool)), frozenset()
    pointed = amounts
    if mark == ",":
        if b"." in written:  # thousands points
            pointed = compute.replace_substring(pointed, ".", "", memory_pool=pool)
        pointed = compute.replace_substring(pointed, ",", ".", memory_pool=pool)
    try:
        decimals = compute.cast(pointed, pa.decimal128(15, 2), memory_pool=pool)
    except pa.ArrowInvalid:  # more than 13 digits of euros: the general way says so
        return None, frozenset()
    return _cents(decimals), frozenset(mark)


def _cents(decimals) -> np.ndarray:
    """Plain decimals' cents, exactly: read as decimals of two places, whose stored integer is
    the cents (the low half of each 128-bit integer: 15 digits fit in 64 bits)."""
    stored = np.frombuffer(decimals.buffers()[1], dtype=np.int64)
    return stored[2 * decimals.offset::2][:len(decimals)].copy()


def _text_bytes(texts) -> bytes:
    """The bytes of a text array's values, one after the other: a search for one byte in
    them (memchr) is cheaper than a compute function over every value."""
    _, offsets, data = texts.buffers()
    if data is None:  # no text at all
        return b""
    at = np.frombuffer(offsets, dtype=np.int32)
    return data[int(at[texts.offset]):int(at[texts.offset + len(texts)])].to_pybytes()


def _categorical(column, pool) -> pd.Categorical:
    """A dictionary column as a categorical: its categories in the order they first appear,
    as the general way gives them (see base.appearance_ordered)."""
    values = column.combine_chunks(memory_pool=pool)
    return pd.Categorical.from_codes(values.indices.to_numpy(),
                                     pd.Index(values.dictionary.to_pylist(), dtype=str))


def _arrow():
    """pyarrow and its CSV reader and compute functions. The command line keeps pyarrow from
    pandas (see cli.main), whose text columns stay its own; this reader is pyarrow's only use."""
    if "pyarrow" in sys.modules and sys.modules["pyarrow"] is None:
        del sys.modules["pyarrow"]
    import pyarrow
    import pyarrow.compute
    import pyarrow.csv

    return pyarrow, pyarrow.csv, pyarrow.compute


def warm() -> None:
    """Import pyarrow now: before workers are forked, so that they share its pages."""
    _arrow()
