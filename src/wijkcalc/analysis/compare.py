"""Many enterprises side by side: each period's report, its rank among peers, a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..errors import N_, MissingYear, Problem, UsageError
from ..money import cents_to_str
from ..vocab import VERDICTS, Standard
from .aggregate import Aggregates
from .batch import Period, choose_years
from .figures import MARKET, figures_of
from .reports import Assembly, collector_paused
from .results import SCHEMA_VERSION, Provenance, Report

BATCH_LEAVES_OUT = ("schema_version", "provenance", "streams", "scenario")
NO_YEAR = -1  # the year key of a period without a year column


@dataclass(frozen=True)
class Row:
    """One enterprise (and year) in the comparison: its report and its rank among its peers."""

    report: Report
    percentile: float  # share of peers (same year) whose strict market share is at or below
    older_year: bool = False  # latest-year mode: its latest year is older than the others'

    def to_dict(self) -> dict[str, object]:
        # the document's schema and provenance head the comparison, not each row; the streams
        # are one report's list (a batch of a million rows would carry some 450,000)
        return {**{key: value for key, value in self.report.to_dict().items()
                   if key not in BATCH_LEAVES_OUT}, "percentile": self.percentile,
                "older_year": self.older_year}


@dataclass(frozen=True)
class Summary:
    """The rows compared, counted: ``count`` rows (enterprise-years) of ``enterprises``
    enterprises; the quartiles over all rows (pooled when they span years), and
    ``per_year`` the same for each year alone, oldest first (None: no year column)."""

    count: int
    verdicts: dict[str, int]
    strict_quartiles: tuple[float, float, float] | None  # 25th, median, 75th percentile
    broad_quartiles: tuple[float, float, float] | None
    income_total: int
    enterprises: int = 0
    per_year: tuple[tuple[int | None, Summary], ...] = ()

    def to_dict(self) -> dict[str, object]:
        found = self._figures()
        found["per_year"] = [{"year": year, **summary._figures()}
                             for year, summary in self.per_year]
        return found

    def _figures(self) -> dict[str, object]:
        def quartiles(values: tuple[float, float, float] | None) -> dict[str, float] | None:
            if values is None:
                return None
            return {"q1": values[0], "median": values[1], "q3": values[2]}

        return {"count": self.count, "enterprises": self.enterprises,
                "enterprise_years": self.count, "verdicts": dict(self.verdicts),
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
    # set by api.compare: a function that waits for it while the files are being hashed
    provenance: Provenance | Callable[[], Provenance] | None = None
    assembly: Assembly | None = None  # the figures of every period compared
    percentiles: tuple[float, ...] = ()  # per period: share of its year's peers at or below
    all_years: bool = False
    # latest-year mode: per period, whether its year is older than the latest of all; and
    # per such year, how many enterprises have figures for it (its peers, itself included)
    older: tuple[bool, ...] = ()
    peers: tuple[tuple[int, int], ...] = ()

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        """A report per period, as compared (built when asked for: JSON needs none)."""
        if self.assembly is None:
            return ()
        return tuple(Row(self.assembly.report(i), self.percentiles[i], self.older_year(i))
                     for i in range(len(self.percentiles)))

    def older_year(self, i: int) -> bool:
        return bool(self.older) and self.older[i]

    @property
    def latest_year(self) -> int | None:
        """The latest year among the rows (None without years)."""
        years = [p.years[-1] for p in self.assembly.figures.periods
                 if p.years[-1] is not None] if self.assembly is not None else []
        return max(years) if years else None

    def order(self, key: str) -> list[int]:
        """The periods' positions sorted by ``key`` (see SORT_KEYS), from the figures. An
        enterprise's years stay together, oldest first; the enterprises are sorted by the
        key of their latest year."""
        if key not in SORT_KEYS:
            raise UsageError(N_("unknown sort {key!r}; choose one of: {keys}"), key=key,
                             keys=", ".join(SORT_KEYS))
        if self.assembly is None:
            return []
        figures, lists = self.assembly.figures, self.assembly.lists
        names = [period.enterprise.casefold() for period in figures.periods]
        years = _year_keys(self.assembly)
        income = figures.income.tolist()
        gaps = [lists.gap(figures.chosen, i) for i in range(len(names))]
        keys: dict[str, Callable[[int], object]] = {
            "share": lambda i: (-lists.strict[i], names[i]),
            "name": lambda i: (names[i],),
            "income": lambda i: (-income[i], names[i]),
            "gap": lambda i: (gaps[i] is None, gaps[i] or 0, names[i]),
        }
        latest: dict[str, int] = {}  # enterprise -> the position of its latest year
        for i, period in enumerate(figures.periods):
            if period.enterprise not in latest or years[i] > years[latest[period.enterprise]]:
                latest[period.enterprise] = i
        group = {name: keys[key](i) for name, i in latest.items()}
        return sorted(range(len(names)), key=lambda i: (
            group[figures.periods[i].enterprise], figures.periods[i].enterprise, years[i]))

    def to_dict(self, rows: Iterable[Row] | None = None, *, order: list[int] | None = None,
                streamed: bool = False) -> dict[str, object]:
        """The JSON document; ``rows`` (or the periods' positions in ``order``) in the order
        to show, as compared by default. Without ``rows`` no Report is built. ``streamed``:
        "enterprises" is an iterator that makes each row as it is read, so that a document
        written out in pieces is never held whole, and "provenance" a function that gives it
        (the files are hashed meanwhile: see render.rows.json_pieces)."""
        if rows is not None:
            shown: Iterable[dict] = (row.to_dict() for row in rows)
        elif self.assembly is None:
            shown = ()
        else:
            shown = self._row_dicts(list(range(len(self.percentiles))) if order is None
                                    else order)
        return {"schema_version": SCHEMA_VERSION, "standard": self.standard,
                "threshold": self.threshold, "year": self.year, "all_years": self.all_years,
                "enterprises": shown if streamed else list(shown),
                "summary": self.summary.to_dict(),
                "missing": list(self.missing),
                "errors": [problem.to_dict() for problem in self.errors],
                "provenance": self._provenance if streamed else self._provenance()}

    def _provenance(self) -> dict | None:
        found = self.provenance() if callable(self.provenance) else self.provenance
        return found.to_dict() if found else None

    def _row_dicts(self, positions: list[int]) -> Iterator[dict]:
        assert self.assembly is not None
        with collector_paused():
            rows = self.assembly.row_dicts(positions, list(self.percentiles))
            for row, i in zip(rows, positions, strict=True):
                row["older_year"] = self.older_year(i)
                yield row


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
    latest_mode = year is None and not all_years
    older = _older(assembly) if latest_mode else ()
    peers = _peer_shares(aggregates, standard, assembly, older)
    years = _year_keys(assembly)
    counts = tuple((y, len(others) + years.count(y)) for y, others in sorted(peers.items()))
    return Comparison(_summary(assembly), tuple(errors), tuple(missing), standard.id,
                      float(standard.threshold), standard.majority, year, None, assembly,
                      _percentiles(assembly, peers), all_years, older, counts)


def _year_keys(assembly: Assembly) -> list[int]:
    return [NO_YEAR if p.pooled or p.years[-1] is None else p.years[-1]
            for p in assembly.figures.periods]


def _older(assembly: Assembly) -> tuple[bool, ...]:
    """Per period: its year is older than the latest year of the periods (latest-year mode:
    an enterprise whose books stop earlier)."""
    years = _year_keys(assembly)
    latest = max(years, default=NO_YEAR)
    return tuple(NO_YEAR < y < latest for y in years)


def _peer_shares(aggregates: Aggregates, standard: Standard, assembly: Assembly,
                 older: tuple[bool, ...]) -> dict[int, list[float]]:
    """For each older year shown: the strict shares of that year of every other enterprise
    with figures for it, which a row of that year is ranked among (its peers that year)."""
    if not older:
        return {}
    years = _year_keys(assembly)
    wanted = {y for y, old in zip(years, older, strict=True) if old}
    if not wanted:
        return {}
    shown = {(p.enterprise, y) for p, y in zip(assembly.figures.periods, years, strict=True)}
    extra = [Period(name, (y,)) for name in aggregates.enterprises()
             for y in aggregates.years(name) if y in wanted and (name, y) not in shown]
    found: dict[int, list[float]] = {y: [] for y in wanted}
    if extra:
        figures = figures_of(aggregates, extra, standard)  # one without income is no peer
        strict = (figures.totals[:, MARKET] / figures.income).tolist()
        for period, share in zip(figures.periods, strict, strict=True):
            found[period.years[-1]].append(share)
    return found


def _percentiles(assembly: Assembly, peers: dict[int, list[float]] | None = None
                 ) -> tuple[float, ...]:
    """Percentile rank on the strict share among the enterprises of the same year: the rows
    of that year, and for an older year (``peers``) the other enterprises' figures of it."""
    periods = assembly.figures.periods
    if not periods:
        return ()
    shares = pd.Series(assembly.lists.strict)
    years = pd.Series(_year_keys(assembly))
    ranks = (shares.groupby(years).rank(method="max", pct=True) * 100).tolist()
    for year, others in (peers or {}).items():
        mine = [i for i, y in enumerate(years.tolist()) if y == year]
        pool = np.sort(np.array(others + [assembly.lists.strict[i] for i in mine]))
        for i in mine:
            at_or_below = np.searchsorted(pool, assembly.lists.strict[i], side="right")
            ranks[i] = float(at_or_below / len(pool) * 100)
    return tuple(ranks)


def _counted(assembly: Assembly, positions: np.ndarray) -> Summary:
    """The summary of the periods at ``positions`` (none of them per year)."""
    figures = assembly.figures
    if not len(positions):
        return Summary(0, dict.fromkeys(VERDICTS, 0), None, None, 0)
    codes = np.bincount(figures.chosen.verdict[positions], minlength=len(VERDICTS)).tolist()
    strict, broad = np.array(assembly.lists.strict), np.array(assembly.lists.broad)

    def quartiles(values: np.ndarray) -> tuple[float, float, float]:
        q1, median, q3 = np.percentile(values[positions], [25, 50, 75])
        return float(q1), float(median), float(q3)

    names = {figures.periods[i].enterprise for i in positions.tolist()}
    return Summary(count=len(positions), verdicts=dict(zip(VERDICTS, codes, strict=True)),
                   strict_quartiles=quartiles(strict), broad_quartiles=quartiles(broad),
                   income_total=int(figures.income[positions].sum()), enterprises=len(names))


def _summary(assembly: Assembly | None) -> Summary:
    if assembly is None or not len(assembly.figures):
        return Summary(0, dict.fromkeys(VERDICTS, 0), None, None, 0)
    years = np.array(_year_keys(assembly))
    every = _counted(assembly, np.arange(len(years)))
    per_year = tuple((None if year == NO_YEAR else int(year),
                      _counted(assembly, np.flatnonzero(years == year)))
                     for year in sorted(set(years.tolist())))
    return Summary(every.count, every.verdicts, every.strict_quartiles, every.broad_quartiles,
                   every.income_total, every.enterprises, per_year)


SORT_KEYS = ("share", "name", "income", "gap")  # see Comparison.order


def sorted_rows(comparison: Comparison, key: str) -> list[Row]:
    rows = comparison.rows
    return [rows[i] for i in comparison.order(key)]
