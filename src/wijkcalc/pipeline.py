"""Paths -> the canonical frame (or what a batch makes of it) and the files that could not be used.

Folders are expanded, each file's format detected (sources/), large files read piece by piece,
and a bad file in a batch is caught in one place, the Trap.
"""

from __future__ import annotations

import hashlib
import stat
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pandas as pd

from . import parallel, sources
from .errors import N_, InputError, InputWarning, Problem, Text, UsageError
from .money import SUM_LIMIT, AmountError, checked_total
from .sources.base import RawTable
from .sources.cells import canonical
from .transactions import Accounts, settle

T = TypeVar("T")


def input_files(paths: Iterable[str | Path], trap: Trap | None = None) -> list[Path]:
    """Files as given, and every income file inside a given folder (sorted, not recursive).

    A link in a folder to a file outside it is not read (a folder of member files must not
    reach, say, /etc/passwd): it is the trap's problem, or left out without one."""
    wanted = sources.suffixes()
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
            continue
        try:
            inside = sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in wanted
                            and not p.name.startswith((".", "~$")))  # hidden, Office locks
        except OSError as error:
            raise UsageError(N_("the folder cannot be read ({reason}); check that you may read "
                                "it"), reason=error.strerror, file=str(path)) from None
        if not inside:
            listed = Text(N_("{items} or {last}"), items=", ".join(wanted[:-1]),
                          last=wanted[-1]) if len(wanted) > 1 else wanted[0]
            raise UsageError(N_("the folder holds no {listed} files"), listed=listed,
                             file=str(path))
        for file in inside:
            if _leads_out(file, path):
                if trap is not None:
                    trap.add(InputError(N_("is a link to a file outside the folder; not read"),
                                        file=str(file)))
                continue
            found.append(file)
    return found


def _leads_out(file: Path, folder: Path) -> bool:
    if not file.is_symlink():
        return False
    return not file.resolve().is_relative_to(folder.resolve())


def distinct_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files, each content once: a file given twice, or a copy with the same bytes
    (``netwerk.tsv`` and ``netwerk (1).tsv``), is read once, with an InputWarning naming both.

    Only files of equal size are compared, by hash; what cannot be looked at goes on as it
    is, for reading it to say what is wrong."""
    files = [Path(path) for path in paths]
    sizes: dict[int, list[int]] = {}
    for number, path in enumerate(files):
        try:
            status = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode):
            sizes.setdefault(status.st_size, []).append(number)
    twice: set[int] = set()
    for numbers in (numbers for numbers in sizes.values() if len(numbers) > 1):
        first_of: dict[bytes, int] = {}
        for number in numbers:
            digest = _digest(files[number])
            if digest is None:
                continue
            first = first_of.setdefault(digest, number)
            if first != number:
                twice.add(number)
                warnings.warn(InputWarning(N_("{file}: the same content as {first}; counted "
                                              "once"), file=str(files[number]),
                                           first=str(files[first])), stacklevel=3)
    return [path for number, path in enumerate(files) if number not in twice]


def _digest(path: Path) -> bytes | None:
    digest = hashlib.blake2b(digest_size=20)
    try:
        with path.open("rb") as handle:
            while piece := handle.read(1 << 22):
                digest.update(piece)
    except OSError:
        return None
    return digest.digest()


class Trap:
    """The one per-file error trap of a batch: a bad file becomes a Problem, or stops all with
    fail_fast."""

    def __init__(self, *, fail_fast: bool = False) -> None:
        self.fail_fast = fail_fast
        self.problems: list[Problem] = []

    @contextmanager
    def guard(self, file: str | Path) -> Iterator[None]:
        """``with trap.guard(name): ...``: an InputError in the block is this file's problem
        (the rest of the block is skipped), or goes on up with fail_fast."""
        try:
            yield
        except InputError as error:
            if self.fail_fast:
                raise
            self.problems.append(Problem.of(error, str(file)))

    def add(self, error: InputError) -> None:
        """The error as the problem of the file it names; raised again with fail_fast."""
        if self.fail_fast:
            raise error
        self.problems.append(Problem.of(error))

    def failed(self, file: str | Path) -> bool:
        return any(problem.file == str(file) for problem in self.problems)


def load(paths: Iterable[str | Path], *, sheet: str | None = None,
         source: str | None = None, accounts: Accounts | None = None,
         as_read: bool = False) -> pd.DataFrame:
    """Read one or more files into one canonical frame (see sources.cells.COLUMNS), bank and
    bookkeeping lines as income streams (``as_read``: as the files hold them, signed, nothing
    settled); the first bad file raises InputError naming file, line and value."""
    if source is not None:
        sources.by_name(source)
    tables = [table for path in distinct_files(paths)
              for table in sources.read(path, sheet=sheet, source=source)]
    if not tables:
        raise InputError(N_("no input files given"))
    return canonical(tables) if as_read else _settled(canonical(tables), accounts)


def _settled(frame: pd.DataFrame, accounts: Accounts | None) -> pd.DataFrame:
    settled = settle(frame, accounts)
    for note in settled.notes:
        warnings.warn(InputWarning(note), stacklevel=3)
    return settled.frame


def fold(paths: Iterable[Path], step: Callable[[pd.DataFrame], T],
         merge: Callable[[list[T]], T], *, sheet: str | None = None, source: str | None = None,
         trap: Trap, progress: Callable[[int], None] | None = None,
         accounts: Accounts | None = None, jobs: int = 1) -> T | None:
    """Every file read, ``step`` applied to canonical frames, the results merged; None when
    nothing could be read.

    Ordinary files are read one by one and given their meaning together, in one pass (when
    that pass meets a bad cell, its file is set aside and the pass runs again without it). A
    file read piece by piece has each piece stepped and merged at once, so memory stays
    bounded; a bad one counts for nothing, not for its first pieces (only income tables are
    read so: bank lines are settled together, see transactions.settle); with ``jobs`` above
    one, a large one is split over that many processes (see parallel). ``progress(n)`` is
    called after the n-th file.
    """
    if source is not None:
        sources.by_name(source)
    counted = _Counted(step)
    tables: list[RawTable] = []
    folded: list[T] = []
    for number, path in enumerate(distinct_files(paths), 1):
        with trap.guard(path):
            ordinary, summed = _read(path, counted, merge, sheet=sheet, source=source,
                                     jobs=jobs)
            tables += ordinary
            folded += [summed] if summed is not None else []
        if progress:
            progress(number)
    together = _together(tables, trap)
    if together is not None:
        together = _settled(together, accounts)
    parts = ([counted(together)] if together is not None else []) + folded
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else merge(parts)


class _Counted:
    """``step``, after proving that the amounts of all frames stepped so far add up without
    wrapping (each frame proves its own; a file read piece by piece, or many, may not)."""

    def __init__(self, step: Callable[[pd.DataFrame], T]) -> None:
        self.step = step
        self.total = 0.0

    def __call__(self, frame: pd.DataFrame) -> T:
        try:
            self.total = checked_total(frame["amount_cents"].to_numpy(), self.total)
        except AmountError as error:
            raise InputError(error.text, file=str(frame["file"].iloc[error.position]),
                             line=int(frame["line"].iloc[error.position])) from None
        return self.step(frame)


def _read(path: Path, step: _Counted, merge: Callable[[list[T]], T], *,
          sheet: str | None, source: str | None, jobs: int) -> tuple[list[RawTable], T | None]:
    """A file's ordinary tables, and what its pieces (if it is read so) make together."""
    if parallel.splits(path, jobs, source):
        done = parallel.fold(path, step.step, merge, jobs)
        if done is not None and step.total + done[1] < SUM_LIMIT:
            step.total += done[1]
            return [], done[0]
    ordinary: list[RawTable] = []
    pieces = parallel.Merged(merge)
    for table in sources.read(path, sheet=sheet, source=source):
        if not table.piece:
            ordinary.append(table)
            continue
        pieces.add(step(canonical([table])))
    return ordinary, pieces.result()


def _together(tables: list[RawTable], trap: Trap) -> pd.DataFrame | None:
    """The tables' canonical frame, without the files that have a bad cell."""
    while tables:
        try:
            return canonical(tables)
        except InputError as error:
            if error.file is None:
                raise
            trap.add(error)
            tables = [table for table in tables if table.file != error.file]
    return None
