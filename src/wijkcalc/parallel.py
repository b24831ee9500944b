"""A large income table read, classified and summed by worker processes, a block of it each.

The parent cuts the file into blocks of whole records (as a read piece by piece does), reads
the first, small block itself to find the header, and hands the others to forked workers by
their place in the file; each worker reads its block, steps it and sends back only the step's
result (an aggregate, small). The results are merged in the file's order.

A block whose reading depends on the blocks before it, or that goes wrong, is not settled
here: an error or a warning in any block, an amount such as 1.234 that the file's decimal
marks must settle, or amounts too large to add up, and the whole file is read the ordinary
way instead, which says what it says in order, with its line (pipeline._read). That costs a
second read, but only for files that are in error or unusual.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
MOST_JOBS = 4  # each worker holds a block and its frames: more would cost memory, not time
WORTH_BYTES = 1 << 25  # below this a split saves little (the 60 MB 1M-row file: 0.4 s of 4.8)
FIRST_BYTES = 1 << 20  # the first block, read by the parent for the header, kept small
# 10M rows over 2 jobs (all processes' proportional memory, plain blocks read by pyarrow):
# 8 MiB blocks 6.6-7.3 s at a peak of 288-296 MB, 16 MiB ones 6.6-7.0 s at 362 MB. Most of a
# worker's peak is the parent's pages it comes to write (and so copy), not its block.
BLOCK_BYTES = 1 << 23
MERGED_AT_ONCE = 4  # the results held before they are merged into one (8: 25 MB more, as fast)


def default_jobs() -> int:
    """The processes a large file is split over by default: the cores this process may use,
    capped."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MOST_JOBS))


def splits(path: Path, jobs: int, source: str | None) -> bool:
    """Whether the file is read by ``jobs`` workers: a large income table in CSV, on Linux
    (the workers are forked, which macOS and Windows do not do safely or at all; there one
    process reads it)."""
    from .sources import detect, sniff, table, workbook

    if jobs < 2 or not sys.platform.startswith("linux"):
        return False
    try:
        if path.stat().st_size <= WORTH_BYTES:
            return False
        head = sniff.head(path)
        if sniff.is_utf16(head) or workbook.kind(head, path.name) is not None:
            return False
        return detect(path, head, source) is table
    except Exception:  # whatever is wrong with it, the ordinary read says
        return False


@dataclass(frozen=True)
class _Done:
    """What a worker made of its block: the step's result (None: no data rows, or ``failed``),
    the decimal marks its amounts show, whether it holds an amount that needs them, the
    absolute amounts' total and its rows."""

    result: Any = None
    failed: bool = False
    marks: frozenset[str] = frozenset()
    ambiguous: bool = False
    size: float = 0.0
    rows: int = 0


@dataclass(frozen=True)
class _Work:
    path: Path
    layout: Any  # delimited.Layout, with the header found
    step: Callable[[Any], Any]


_WORK: _Work | None = None  # set before the workers are forked: they inherit it


def fold(path: Path, step: Callable[[Any], T], merge: Callable[[list[T]], T], jobs: int
         ) -> tuple[T | None, float] | None:
    """The file's merged result (None when it has no data rows) and its amounts' absolute
    total, stepped by ``jobs`` workers; None when the file must be read the ordinary way."""
    global _WORK
    from .errors import WijkcalcError
    from .sources import arrow_read, delimited

    try:  # the encoding is checked block by block: not by the parent over the whole file
        layout, blocks = delimited.blocks(path, piece_bytes=FIRST_BYTES, whole_encoding=False)
        with closing(blocks):  # only the first: _spans cuts the rest
            first = next(blocks, None)
    except WijkcalcError:  # said by the ordinary read, with its line
        return None
    if first is None:
        return None
    _WORK = _Work(path, layout, step)
    folded = _Folded(merge)
    try:
        # the first block in this process: it finds the header
        if not folded.add(_step(lambda: first.raw, first.line)):
            return None
        arrow_read.warm()  # imported once, here: the workers share its pages
        context = multiprocessing.get_context("fork")
        gc.freeze()  # the workers' collections then leave the inherited objects' pages unwritten
        with context.Pool(jobs, initializer=_quiet_on_interrupt) as pool:
            waiting: deque[Any] = deque()
            for span in _spans(path, first, layout.separator.encode()):
                waiting.append(pool.apply_async(_step_at, span))
                while len(waiting) > jobs:  # a few blocks ahead: memory stays bounded
                    if not folded.add(waiting.popleft().get()):
                        return None
            if not all(folded.add(result.get()) for result in waiting):
                return None
    finally:
        gc.unfreeze()
        _WORK = None
    return folded.result()


def _spans(path: Path, after: Any, separator: bytes) -> Iterator[tuple[int, int, int]]:
    """The file after the block ``after`` as runs of whole records of about BLOCK_BYTES
    (offset, length, first line), read into one buffer again and again, and cut where
    delimited.blocks cuts (scan.record_end_from)."""
    from .sources import scan

    start = after.offset + len(after.raw)
    line = after.line + scan.line_count(after.raw)
    buffer = bytearray(BLOCK_BYTES)
    with path.open("rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        while True:
            handle.seek(start)
            size = handle.readinto(buffer)
            if not size:
                return
            # a buffer not filled holds the file's end; a full one is cut at its last record
            # end (one search for a byte when it holds no quote)
            cut = size if size < len(buffer) else \
                scan.record_end_from(buffer, 0, 0, separator)[0] + 1
            if not cut:  # one record longer than the buffer (or a stray quote): a larger one,
                # at most the rest of the file and a byte (so its end is seen as the end)
                buffer = bytearray(min(2 * len(buffer), total - start + 1))
                continue
            yield start, cut, line
            line += scan.line_count(buffer, cut)
            start += cut
            if len(buffer) > BLOCK_BYTES:
                buffer = bytearray(BLOCK_BYTES)


class Merged:
    """Results merged in the order they come, a few at a time: holding every piece's result
    would grow with the file, and merging each into the sum so far costs a merge of the
    whole sum per piece."""

    def __init__(self, merge: Callable[[list[T]], T]) -> None:
        self.merge = merge
        self.parts: list[Any] = []

    def add(self, part: Any) -> None:
        self.parts.append(part)
        if len(self.parts) == MERGED_AT_ONCE:
            self.parts = [self.merge(self.parts)]

    def result(self) -> Any:
        """The merged result; None when nothing was added."""
        parts = self.parts
        return None if not parts else parts[0] if len(parts) == 1 else self.merge(parts)


class _Folded:
    """The blocks' results merged in the file's order as they come, and what the blocks
    showed."""

    def __init__(self, merge: Callable[[list[T]], T]) -> None:
        self.merged = Merged(merge)
        self.marks: frozenset[str] = frozenset()
        self.guessed: set[frozenset[str]] = set()  # the marks blocks with a 1.234 were read by
        self.size, self.rows = 0.0, 0

    def add(self, block: _Done) -> bool:
        """False when the block failed: the file is then read the ordinary way."""
        if block.failed:
            return False
        self.marks |= block.marks
        if block.ambiguous:
            self.guessed.add(block.marks)
        self.size += block.size
        self.rows += block.rows
        if block.result is not None:
            self.merged.add(block.result)
        return True

    def result(self) -> tuple[Any, float] | None:
        # a block with a 1.234 read it by its own marks: right only if the file shows no other
        if not self.rows or any(marks != self.marks for marks in self.guessed):
            return None
        return self.merged.result(), self.size


def _quiet_on_interrupt() -> None:
    """A worker ignores Ctrl-C: the parent stops them all and says it once."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _step_at(offset: int, length: int, line: int) -> _Done:
    def read() -> bytes:
        assert _WORK is not None
        with _WORK.path.open("rb") as handle:
            handle.seek(offset)
            return handle.read(length)

    return _step(read, line)


def _step(read: Callable[[], bytes], line: int) -> _Done:
    """A block read, given its meaning and stepped; ``failed`` on an error or a warning. Its
    bytes are let go once its cells are read (``read`` gives them: no caller holds them)."""
    import dataclasses

    from .errors import WijkcalcError
    from .money import checked_total
    from .sources import delimited
    from .sources.cells import canonical
    from .sources.table import evidence, to_raw

    assert _WORK is not None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            block = delimited.Block(read(), 0, line)
            if not delimited.in_encoding(block, _WORK.layout):
                return _Done(failed=True)
            grid = _WORK.layout.grid(block)
            del block
            if not len(grid.lines):
                return _Done()
            table = to_raw(grid, _WORK.path, piece=True)
            marks, at = evidence(table)
            if at is not None and not marks:
                return _Done(failed=True)  # its 1.234 needs the marks of other blocks
            table = dataclasses.replace(table, source="table",
                                        decimal_marks=marks or table.decimal_marks)
            frame = canonical([table])
            size = checked_total(frame["amount_cents"].to_numpy())
            result = _WORK.step(frame)
        except WijkcalcError:
            return _Done(failed=True)
    if caught:  # said in order by the ordinary read
        return _Done(failed=True)
    return _Done(result, False, marks, at is not None, size, table.rows)
