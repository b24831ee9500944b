"""The source contract: what a source module provides, and the tables it yields."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import N_, InputError, Text

if TYPE_CHECKING:  # annotations only: `wijkcalc rules` imports sources without numpy
    import numpy as np
    import pandas as pd

MAX_FILE_BYTES = 2 << 30
MAX_COLUMNS = 1024  # a file of a million columns would need gigabytes: refused at its header
HEAD_BYTES = 1 << 16  # what detect() sees of a file: enough for a header or a zip's first names


@dataclass(frozen=True)
class Grid:
    """A table's cells by position, before its header is understood."""

    header: list[str]
    header_line: int
    columns: list[np.ndarray]  # data cells, one array per header cell
    lines: np.ndarray  # each data row's line in the file, as an editor counts
    # the text of the lines above the header (a title, "Bedragen x € 1.000"), one per line
    above: tuple[str, ...] = ()
    # when no row looked like a header: the first rows looked at, as (line, excerpt)
    looked_at: tuple[tuple[int, str], ...] = ()
    # A large CSV file's fast form (delimited.py): a column of repeating text may come as a
    # pandas Categorical, and a column of plain decimals as their bytes (or pyarrow's text,
    # arrow_read.py) with its cents here, by position, with the decimal marks those amounts
    # show. as_cells gives the plain form.
    cents: dict[int, np.ndarray] = field(default_factory=dict)
    decimal_marks: frozenset[str] = frozenset()


def as_cells(grid: Grid) -> Grid:
    """The grid with every column as cells (objects), for the code that reshapes a table: the
    fast form is for a plain table, which goes through as it is."""
    import numpy as np

    if not grid.cents and not any(hasattr(column, "categories") for column in grid.columns):
        return grid
    columns = [np.asarray(column, dtype=object) if hasattr(column, "categories")
               else column.to_numpy(zero_copy_only=False).astype(object)
               if hasattr(column, "to_pylist")  # pyarrow's text (sources/arrow_read.py)
               else column.astype("U").astype(object) if column.dtype.kind == "S" else column
               for column in grid.columns]
    return replace(grid, columns=columns, cents={}, decimal_marks=frozenset())


def appearance_ordered(values: pd.Categorical) -> pd.Categorical:
    """The categorical with its categories in the order they first appear and none unused, as
    pandas.factorize codes text: the C parser sorts them, and the order shows in outputs."""
    import numpy as np
    import pandas as pd

    codes = np.asarray(values.codes)
    if len(codes):  # already so (pyarrow's dictionaries are): every code at most one above
        highest = np.maximum.accumulate(codes)  # the highest before it, and the last the top
        if highest[-1] == len(values.categories) - 1 and codes[0] <= 0 and \
                (np.diff(highest) <= 1).all():
            return values
    order = pd.unique(codes)
    order = order[order >= 0]
    rank = np.full(len(values.categories) + 1, -1, dtype=np.int64)  # the last is code -1's
    rank[order] = np.arange(len(order))
    return pd.Categorical.from_codes(rank[codes], values.categories[order])


@dataclass(frozen=True)
class RawTable:
    """One table of a file: its cells as read, under canonical names, before any meaning.

    ``columns`` holds the canonical columns the file has (see columns.RAW_COLUMNS; the amount
    as ``amount`` cells or as parsed int64 ``amount_cents``), then its extra columns under their
    own labels. ``piece`` marks one piece of a file read piece by piece: the pipeline gives each
    piece its meaning at once, so memory stays bounded whatever the file's size; its
    ``decimal_marks`` are those its file's amounts show, so that it reads as the whole would.
    """

    file: str
    stem: str
    header_line: int
    columns: dict[str, np.ndarray]
    lines: np.ndarray
    piece: bool = False
    decimal_marks: frozenset[str] = frozenset()  # what the piece's whole file says
    source: str = ""  # the NAME of the source that read it (sources.read fills it in)
    scale: int = 1  # euros per unit its amounts are written in: 1000 for "x € 1.000"
    # what the reader is told once the tables are read without error (see statement.Shaped)
    notes: tuple[str | Text, ...] = ()

    @property
    def rows(self) -> int:
        return len(self.lines)


class Source(Protocol):
    """One input format, as one module: sources/__init__.py lists them in SOURCES."""

    NAME: str  # what --source takes
    DESCRIPTION: str  # one line, English, shown when no source claims a file
    SUFFIXES: tuple[str, ...]  # the names its files usually end in: picks them out of a folder

    def detect(self, head: bytes, name: str) -> float:
        """0..1: how sure it is, from the content, that the file is its format."""
        ...

    def read(self, path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
        """The file's tables; InputError naming file and line when it cannot."""
        ...


def check_width(columns: int, name: str, line: int) -> None:
    """InputError when a header has more than MAX_COLUMNS columns."""
    if columns > MAX_COLUMNS:
        raise InputError(N_("the header has {columns} columns; wijkcalc reads at most {limit} (an "
                            "income table has a few dozen): check the separator"),
                         columns=columns, limit=MAX_COLUMNS, file=name, line=line)
