"""The periods of a batch: which enterprise and years each report covers.

One enterprise's report is a batch of one: ``report`` and ``compare`` both choose their periods
here and have every period's figures computed at once (analysis.figures, analysis.reports).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import N_, MissingYear, Text, UsageError
from ..vocab import fits, loose_key
from .aggregate import Aggregates, name_key
from .results import Notice, Report


@dataclass(frozen=True)
class Period:
    """What one report covers: an enterprise and its years (several when pooled)."""

    enterprise: str
    years: tuple[int | None, ...]
    pooled: bool = False


def choose_years(available: list[int | None], *, year: int | None = None,
                 all_years: bool = False, pooled: bool = True,
                 enterprise: str | None = None) -> list[tuple[int | None, ...]]:
    """The one place years are chosen: the latest by default, the year asked for, or all of
    them (pooled into one period, or each its own). MissingYear when the year is not there."""
    if year is not None and all_years:
        raise UsageError(N_("--year and --all-years exclude each other; choose one"))
    if not available:
        return []
    if all_years:
        return [tuple(available)] if pooled else [(y,) for y in available]
    if year is None:
        return [(available[-1],)]
    if year not in available:
        years = [str(y) for y in available if y is not None]
        shown = ", ".join(years) if years else Text(N_("none (no year column)"))
        if enterprise:
            raise MissingYear(N_("{enterprise} has no rows for {year}; its years: {years}"),
                              enterprise=enterprise, year=year, years=shown)
        raise MissingYear(N_("the input has no rows for {year}; its years: {years}"),
                          year=year, years=shown)
    return [(year,)]


def choose_enterprise(aggregates: Aggregates, enterprise: str | None) -> str:
    """The enterprise a report is about: the only one, or the one asked for by name — written
    any way as to case, accents, spaces and punctuation, or a part of the name that only one
    enterprise's name holds ("De Kroon" for "Buurtbedrijf De Kroon")."""
    return choose_name(aggregates.enterprises(), enterprise)


def choose_name(names: list[str], enterprise: str | None) -> str:
    """The one of ``names`` that ``enterprise`` asks for (see choose_enterprise)."""
    if enterprise is None:
        if len(names) > 1:
            raise UsageError(N_("the input holds {n} enterprises; choose one with "
                                "--enterprise: {names}"), n=len(names), names=", ".join(names))
        return names[0] if names else ""
    if enterprise in names:
        return enterprise
    # the names are grouped on their keys, so a key stands for one enterprise only
    folded = {name_key(name): name for name in names}
    if name_key(enterprise) in folded:
        return folded[name_key(enterprise)]
    wanted = loose_key(enterprise)
    same = [name for name in names if loose_key(name) == wanted]
    found = same or [name for name in names if fits(enterprise, name)]
    if len(found) == 1:
        return found[0]
    if found:
        raise UsageError(N_("--enterprise {name!r} fits {n} enterprises: {names}; give more "
                            "of the name"), name=enterprise, n=len(found), names=", ".join(found))
    raise UsageError(N_("no enterprise {name!r} in the input; it holds: {names}"),
                     name=enterprise, names=", ".join(names))


def as_budget(report: Report) -> Report:
    """The report marked as one on a budget: a plan, not what happened."""
    from dataclasses import replace

    return replace(report, warnings=(Notice("budget", {"year": report.year}), *report.warnings))
