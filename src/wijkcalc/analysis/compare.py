"""Many enterprises side by side: each period's report, its rank among peers, a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import N_, MissingYear, Problem, UsageError
from ..money import cents_to_str
from ..vocab import VERDICTS, Standard
from .aggregate import Aggregates
from .batch import Period, choose_years
from .figures import figures_of
from .reports import Assembly
from .results import SCHEMA_VERSION, Provenance, Report

BATCH_LEAVES_OUT = ("schema_version", "provenance", "streams", "scenario")


@dataclass(frozen=True)
class Row:
    """One enterprise (and year) in the comparison: its report and its rank among its peers."""

    report: Report
    percentile: float  # share of peers (same year) whose strict market share is at or below

    def to_dict(self) -> dict[str, object]:
        # the document's schema and provenance head the comparison, not each row; the streams
        # are one report's list (a batch of a million rows would carry some 450,000)
        return {**{key: value for key, value in self.report.to_dict().items()
                   if key not in BATCH_LEAVES_OUT}, "percentile": self.percentile}


@dataclass(frozen=True)
class Summary:
    count: int
    verdicts: dict[str, int]
    strict_quartiles: tuple[float, float, float] | None  # 25th, median, 75th percentile
    broad_quartiles: tuple[float, float, float] | None
    income_total: int

    def to_dict(self) -> dict[str, object]:
        def quartiles(values: tuple[float, float, float] | None) -> dict[str, float] | None:
            if values is None:
                return None
            return {"q1": values[0], "median": values[1], "q3": values[2]}

        return {"count": self.count, "verdicts": dict(self.verdicts),
                "market_share_strict": quartiles(self.strict_quartiles),
                "market_share_broad": quartiles(self.broad_quartiles),
                "income_total": cents_to_str(self.income_total)}


@dataclass(frozen=True)
class Comparison:
    summary: Summary
    errors: tuple[Problem, ...]
    missing: tuple[str, ...]  # enterprises without the asked year
    standard: str
    threshold: float
    majority: bool
    year: int | None
    provenance: Provenance | None = None  # set by api.compare
    assembly: Assembly | None = None  # the figures of every period compared
    percentiles: tuple[float, ...] = ()  # per period: share of its year's peers at or below

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """A report per period, as compared (built when asked for: JSON needs none)."""
        if self.assembly is None:
            return ()
        return tuple(Row(self.assembly.report(i), self.percentiles[i])
                     for i in range(len(self.percentiles)))

    def order(self, key: str) -> list[int]:
        """The periods' positions sorted by ``key`` (see SORT_KEYS), from the figures."""
        if key not in SORT_KEYS:
            raise UsageError(N_("unknown sort {key!r}; choose one of: {keys}"), key=key,
                             keys=", ".join(SORT_KEYS))
        if self.assembly is None:
            return []
        figures, lists = self.assembly.figures, self.assembly.lists
        names = [period.enterprise.casefold() for period in figures.periods]
        years = [0 if period.pooled else period.years[-1] or 0 for period in figures.periods]
        income = figures.income.tolist()
        gaps = [lists.gap(figures.chosen, i) for i in range(len(names))]
        keys: dict[str, Callable[[int], object]] = {
            "share": lambda i: (-lists.strict[i], names[i]),
            "name": lambda i: (names[i], years[i]),
            "income": lambda i: (-income[i], names[i]),
            "gap": lambda i: (gaps[i] is None, gaps[i] or 0, names[i]),
        }
        return sorted(range(len(names)), key=keys[key])

    def to_dict(self, rows: Iterable[Row] | None = None, *, order: list[int] | None = None
                ) -> dict[str, object]:
        """The JSON document; ``rows`` (or the periods' positions in ``order``) in the order
        to show, as compared by default. Without ``rows`` no Report is built."""
        if rows is not None:
            shown = [row.to_dict() for row in rows]
        elif self.assembly is None:
            shown = []
        else:
            shown = self.assembly.row_dicts(
                list(range(len(self.percentiles))) if order is None else order,
                list(self.percentiles))
        return {"schema_version": SCHEMA_VERSION, "standard": self.standard,
                "threshold": self.threshold, "year": self.year,
                "enterprises": shown,
                "summary": self.summary.to_dict(),
                "missing": list(self.missing),
                "errors": [problem.to_dict() for problem in self.errors],
                "provenance": self.provenance.to_dict() if self.provenance else None}


def empty_comparison(standard: Standard, year: int | None,
                     problems: Iterable[Problem] = ()) -> Comparison:
    return Comparison(_summary(None), tuple(problems), (), standard.id,
                      float(standard.threshold), standard.majority, year)


def compare_aggregates(aggregates: Aggregates, standard: Standard, *, year: int | None = None,
                       all_years: bool = False, problems: Iterable[Problem] = (),
                       fail_fast: bool = False) -> Comparison:
    """A report per enterprise (and year) from the aggregates, ranked among its peers."""
    periods: list[Period] = []
    missing: list[str] = []
    for enterprise in aggregates.enterprises():
        try:
            chosen = choose_years(aggregates.years(enterprise), year=year, all_years=all_years,
                                  pooled=False, enterprise=enterprise)
        except MissingYear:
            missing.append(enterprise)
            continue
        periods += [Period(enterprise, years) for years in chosen]
    figures = figures_of(aggregates, periods, standard)
    errors = list(problems)
    for period, error in figures.failed:
        files = ", ".join(aggregates.files.get(period.enterprise, ())) or period.enterprise
        if fail_fast:  # name the file(s), as the listed problem does
            raise UsageError(error.text, file=files) from None
        errors.append(Problem.of(error, file=files))
    assembly = Assembly(figures)
    return Comparison(_summary(assembly), tuple(errors), tuple(missing), standard.id,
                      float(standard.threshold), standard.majority, year, None, assembly,
                      _percentiles(assembly))


def _percentiles(assembly: Assembly) -> tuple[float, ...]:
    """Percentile rank on the strict share among the enterprises of the same year."""
    periods = assembly.figures.periods
    if not periods:
        return ()
    shares = pd.Series(assembly.lists.strict)
    years = pd.Series([-1 if p.pooled or p.years[-1] is None else p.years[-1] for p in periods])
    return tuple((shares.groupby(years).rank(method="max", pct=True) * 100).tolist())


def _summary(assembly: Assembly | None) -> Summary:
    n = len(assembly.figures) if assembly is not None else 0
    codes = np.bincount(assembly.figures.chosen.verdict, minlength=len(VERDICTS)).tolist() \
        if n else [0] * len(VERDICTS)
    verdicts = dict(zip(VERDICTS, codes, strict=True))
    if not n:
        return Summary(0, verdicts, None, None, 0)

    def quartiles(values: list[float]) -> tuple[float, float, float]:
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        return float(q1), float(median), float(q3)

    return Summary(count=n, verdicts=verdicts,
                   strict_quartiles=quartiles(assembly.lists.strict),
                   broad_quartiles=quartiles(assembly.lists.broad),
                   income_total=int(assembly.figures.income.sum()))


SORT_KEYS = ("share", "name", "income", "gap")  # see Comparison.order


def sorted_rows(comparison: Comparison, key: str) -> list[Row]:
    rows = comparison.rows
    return [rows[i] for i in comparison.order(key)]
