"""Many enterprises side by side: each period's report, its rank among peers, a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import MissingYear, Problem, UsageError
from ..money import cents_to_str
from ..vocab import VERDICTS, Standard
from .aggregate import Aggregates
from .batch import Period, analyse_periods, choose_years
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
    rows: tuple[Row, ...]
    summary: Summary
    errors: tuple[Problem, ...]
    missing: tuple[str, ...]  # enterprises without the asked year
    standard: str
    threshold: float
    majority: bool
    year: int | None
    provenance: Provenance | None = None  # set by api.compare

    def to_dict(self, rows: Iterable[Row] | None = None) -> dict[str, object]:
        """The JSON document; ``rows`` in the order to show (default: as compared)."""
        return {"schema_version": SCHEMA_VERSION, "standard": self.standard,
                "threshold": self.threshold, "year": self.year,
                "enterprises": [row.to_dict() for row in (self.rows if rows is None else rows)],
                "summary": self.summary.to_dict(),
                "missing": list(self.missing),
                "errors": [problem.to_dict() for problem in self.errors],
                "provenance": self.provenance.to_dict() if self.provenance else None}


def empty_comparison(standard: Standard, year: int | None,
                     problems: Iterable[Problem] = ()) -> Comparison:
    return Comparison((), summarise([]), tuple(problems), (), standard.id,
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
    failed: list = []
    reports = analyse_periods(aggregates, periods, standard, on_error=failed)
    errors = list(problems)
    for period, error in failed:
        files = ", ".join(aggregates.files.get(period.enterprise, ())) or period.enterprise
        if fail_fast:  # name the file(s), as the listed problem does
            raise UsageError(error.message, file=files) from None
        errors.append(Problem.of(error, file=files))
    return Comparison(tuple(_with_percentiles(reports)), summarise(reports), tuple(errors),
                      tuple(missing), standard.id, float(standard.threshold), standard.majority,
                      year)


def _with_percentiles(reports: list[Report]) -> list[Row]:
    """Percentile rank on the strict share among the enterprises of the same year."""
    if not reports:
        return []
    shares = pd.Series([r.market_share_strict for r in reports])
    years = pd.Series([-1 if r.year is None else r.year for r in reports])
    ranks = shares.groupby(years).rank(method="max", pct=True) * 100
    return [Row(report, float(rank)) for report, rank in zip(reports, ranks, strict=True)]


def summarise(reports: list[Report]) -> Summary:
    verdicts = {verdict: sum(r.verdict == verdict for r in reports) for verdict in VERDICTS}
    if not reports:
        return Summary(0, verdicts, None, None, 0)

    def quartiles(values: list[float]) -> tuple[float, float, float]:
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        return float(q1), float(median), float(q3)

    return Summary(
        count=len(reports),
        verdicts=verdicts,
        strict_quartiles=quartiles([r.market_share_strict for r in reports]),
        broad_quartiles=quartiles([r.market_share_broad for r in reports]),
        income_total=sum(r.income_total for r in reports),
    )


SORT_KEYS: dict[str, Callable[[Row], object]] = {
    "share": lambda row: (-row.report.market_share_strict, row.report.enterprise.casefold()),
    "name": lambda row: (row.report.enterprise.casefold(), row.report.year or 0),
    "income": lambda row: (-row.report.income_total, row.report.enterprise.casefold()),
    "gap": lambda row: (row.report.gap_to_threshold is None, row.report.gap_to_threshold or 0,
                        row.report.enterprise.casefold()),
}


def sorted_rows(comparison: Comparison, key: str) -> list[Row]:
    if key not in SORT_KEYS:
        raise UsageError(f"unknown sort {key!r}; choose one of: {', '.join(SORT_KEYS)}")
    return sorted(comparison.rows, key=SORT_KEYS[key])
