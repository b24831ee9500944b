"""The input formats wijkcalc reads (one module each) and the choice of one for a file.

A source module has NAME, DESCRIPTION, SUFFIXES, ``detect(head, name) -> float`` (how sure it
is, from the file's first bytes, that the file is its format) and ``read(path, *, sheet)``
(the file's tables, see base.RawTable). A new format is a new module, listed in _sources().
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import ModuleType

from ..errors import N_, InputError, Joined, Text, UsageError
from . import sniff
from .base import RawTable

__all__ = ["SOURCES", "RawTable", "by_name", "detect", "known", "read", "suffixes"]

SOURCES: tuple[ModuleType, ...]  # see _sources(): made on first use


def __getattr__(name: str) -> object:
    if name == "SOURCES":
        return _sources()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _sources() -> tuple[ModuleType, ...]:
    """The source modules, in the order that wins a tie: the specific formats first, the
    income table (which claims any text, a little) last. Imported on first use, as they
    bring numpy and pandas: `wijkcalc rules` reads sources.columns and no file."""
    found = globals().get("SOURCES")
    if found is None:
        from . import abnamro, asn, bunq, camt053, ing, knab, mt940, rabobank, table, triodos, xaf

        found = globals()["SOURCES"] = (ing, rabobank, bunq, knab, triodos, asn, abnamro,
                                         mt940, camt053, xaf, table)
    return found


def by_name(name: str) -> ModuleType:
    """The source called ``name`` (what --source takes); UsageError naming those there are."""
    for source in _sources():
        if name == source.NAME:
            return source
    raise UsageError(N_("unknown source {name!r}; choose one of: {names}"), name=name,
                     names=", ".join(source.NAME for source in _sources()))


def detect(path: str | Path, head: bytes, source: str | None = None) -> ModuleType:
    """The source that reads this file: ``source`` if named, else the surest from ``head``.

    When no source claims the file, the error says why where that is known (an empty file, an
    old .xls file) and else lists the formats there are.
    """
    if source is not None:
        return by_name(source)
    name = Path(path).name
    candidates = _sources()
    sureness = [module.detect(head, name) for module in candidates]
    if max(sureness) > 0:
        return candidates[sureness.index(max(sureness))]  # a tie goes to the first
    problem = sniff.start_problem(sniff.without_bom(head))
    if problem in (sniff.EMPTY, sniff.OLD_XLS):
        raise InputError(problem, file=str(path))
    raise InputError(N_("{problem}; wijkcalc reads: {known}"), file=str(path),
                     problem=Text(problem or N_("not a format wijkcalc reads")), known=known_text())


def read(path: str | Path, *, sheet: str | None = None, source: str | None = None,
         ) -> Iterator[RawTable]:
    """The tables of one file, read by its source (detected, or ``source``)."""
    path = Path(path)
    if source is not None:
        by_name(source)  # a wrong name is a usage error even before a missing file
    try:
        head = sniff.head(path)
        if sniff.is_utf16(head):
            head = sniff.from_utf16(head, str(path), whole=False)
        chosen = detect(path, head, source)
        for table in chosen.read(path, sheet=sheet):
            yield replace(table, source=chosen.NAME)
    except OSError as error:  # no permission, or gone since it was listed: this file's problem
        reason = error.strerror or type(error).__name__
        raise InputError(N_("cannot be read ({reason}); check that the file is there and that "
                            "you may read it"), reason=reason, file=str(path)) from None


def known() -> str:
    """The formats there are, one after the other: ``table — income table (…)``."""
    return str(known_text())


def known_text() -> Joined:
    """known() for a message: each description said in the reader's language."""
    return Joined(Joined((source.NAME, Text(source.DESCRIPTION)), " — ") for source in _sources())


def suffixes() -> tuple[str, ...]:
    """The names the sources' files usually end in (to pick files out of a folder)."""
    return tuple(dict.fromkeys(suffix for source in _sources() for suffix in source.SUFFIXES))
