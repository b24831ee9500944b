"""From the figures to what is output: Report objects, or JSON rows straight from the arrays.

Either is built only for the periods asked for; money strings are formatted per column.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

import numpy as np

from ..money import cents_to_str_array
from ..vocab import INCOME_CLASSES, VERDICTS, Standard
from .aggregate import Aggregates
from .batch import Period
from .figures import (
    CLASS_COLUMNS,
    COST,
    GRAY,
    MARKET,
    UNCLASSIFIED,
    Figures,
    figures_of,
    verdicts,
)
from .notices import NoticeTable
from .results import (
    ClassTotals,
    CostCoverage,
    Notice,
    Paths,
    Payer,
    Report,
    StandardResult,
    YearResult,
)
from .streams import period_streams
from .years import year_of

N_INCOME = len(INCOME_CLASSES)


def analyse_periods(aggregates: Aggregates, periods: list[Period], standard: Standard,
                    on_error: list | None = None, streams: bool = False) -> list[Report]:
    """The report of every period. A period without income is an error: raised, or, with
    ``on_error``, appended there as (period, error) and left out. ``streams``: list each
    report's non-market streams (one report's board wants them; a batch of many does not)."""
    figures = figures_of(aggregates, periods, standard)
    if figures.failed and on_error is None:
        raise figures.failed[0][1]
    if on_error is not None:
        on_error += figures.failed
    assembly = Assembly(figures)
    return [assembly.report(i, streams) for i in range(len(figures))]


class Assembly:
    """Reports and JSON rows of the figures' periods; the per-enterprise trend built once."""

    def __init__(self, figures: Figures):
        self.figures = figures
        self.lists = _Lists(figures)

    def report(self, i: int, streams: bool = False) -> Report:
        f, lists = self.figures, self.lists
        period = f.periods[i]
        totals = ClassTotals(*f.totals[i].tolist())
        payers = lists.payers(i)
        return Report(
            enterprise=period.enterprise,
            year=None if period.pooled else period.years[-1],
            pooled_years=tuple(y for y in period.years if y is not None) if period.pooled
            else (),
            standard=f.standard.id, threshold=float(f.standard.threshold),
            majority=f.standard.majority,
            totals=totals,
            shares=dict(zip(INCOME_CLASSES, lists.shares[i], strict=True)),
            market_share_strict=lists.strict[i],
            market_share_broad=lists.broad[i],
            market_share_counted=lists.counted[i],
            verdict=VERDICTS[lists.verdict[i]],
            gap_to_threshold=lists.gap(f.chosen, i),
            largest_payer=payers[0] if payers else None,
            hhi=lists.hhi[i], effective_funders=lists.effective[i],
            municipality_share=lists.municipality[i],
            payers=payers,
            payer_coverage=lists.coverage[i],
            standards=tuple(StandardResult(j.standard.id, float(j.standard.threshold),
                                           j.standard.gray_as_market, j.standard.majority,
                                           VERDICTS[int(j.verdict[i])], lists.gap(j, i))
                            for j in f.judged),
            years=self.trend(period.enterprise),
            cost_coverage=_cost_coverage(totals),
            warnings=self.notices(i),
            files=f.aggregates.files.get(period.enterprise, ()),
            paths=Paths(lists.gap(f.chosen, i), None if lists.shift_none[i] else lists.shift[i],
                        lists.gray_enough[i], float(f.standard.threshold),
                        f.standard.majority),
            streams=period_streams(f.aggregates.streams_of(period.enterprise),
                                   period.enterprise, period.years) if streams else (),
        )

    def trend(self, enterprise: str) -> tuple[YearResult, ...]:
        return self._trends.get(enterprise, ())

    @cached_property
    def _trends(self) -> dict[str, tuple[YearResult, ...]]:
        """Every year of each enterprise in the periods: its shares and verdict."""
        by_name, (years, incomes, strict, broad, verdict, shares) = self._trend_columns
        return {name: tuple(YearResult(years[row], incomes[row], strict[row], broad[row],
                                       verdict[row], dict(zip(INCOME_CLASSES, shares[row],
                                                              strict=True)))
                            if verdict[row] is not None else
                            YearResult(years[row], incomes[row], None, None, None)
                            for row in found)
                for name, found in by_name.items()}

    def trend_dicts(self) -> dict[str, list[dict]]:
        """The trends as YearResult.to_dict gives them, made anew per call (the caller may
        change them); the income as money strings formatted per column."""
        by_name, (years, _, strict, broad, verdict, shares) = self._trend_columns
        income = _money(self.figures.rows.totals[:, :N_INCOME].sum(axis=1)).tolist()
        return {name: [{"year": years[row], "income_total": income[row],
                        "market_share_strict": strict[row], "market_share_broad": broad[row],
                        "verdict": verdict[row],
                        "shares": None if verdict[row] is None else
                        dict(zip(INCOME_CLASSES, shares[row], strict=True))}
                       for row in found]
                for name, found in by_name.items()}

    @cached_property
    def _trend_columns(self) -> tuple[dict[str, list[int]], tuple[list, ...]]:
        """The aggregates' rows of each enterprise in the periods, oldest first, and per row
        its year, income, strict and broad shares, verdict and class shares (None for the
        last four without income)."""
        rows = self.figures.rows
        shown = self.figures.aggregates.enterprise_names
        wanted = {period.enterprise for period in self.figures.periods}
        totals = rows.totals
        income = totals[:, :N_INCOME].sum(axis=1)
        positive = income > 0
        safe = np.where(positive, income, 1)
        lower = totals[:, MARKET] + (totals[:, GRAY] if self.figures.standard.gray_as_market
                                     else 0)
        upper = totals[:, MARKET] + totals[:, GRAY] + totals[:, UNCLASSIFIED]
        verdict = verdicts(lower, upper, income, self.figures.standard)

        def where_income(values: np.ndarray) -> list:
            return [value if good else None
                    for value, good in zip(values.tolist(), positive.tolist(), strict=True)]

        columns = ([year_of(year) for year in rows.years.tolist()], income.tolist(),
                   where_income(totals[:, MARKET] / safe), where_income(upper / safe),
                   where_income(np.asarray(VERDICTS, dtype=object)[verdict]),
                   (totals[:, :N_INCOME] / safe[:, None]).tolist())
        found: dict[str, list[tuple[int, int]]] = {}
        for row, (key, year) in enumerate(zip(rows.keys.tolist(), rows.years.tolist(),
                                              strict=True)):
            if (name := shown[key]) in wanted:
                found.setdefault(name, []).append((year, row))
        return {name: [row for _, row in sorted(pairs, key=lambda pair: pair[0])]
                for name, pairs in found.items()}, columns

    def notices(self, i: int) -> tuple[Notice, ...]:
        """What the reader should know of period ``i``, in the order the views say it."""
        start = self._notice_table.start
        return tuple(self._notices[start[i]:start[i + 1]])

    @cached_property
    def _notice_table(self) -> NoticeTable:
        return NoticeTable(self.figures)

    @cached_property
    def _notices(self) -> list[Notice]:
        return self._notice_table.notices()

    def row_dicts(self, order: list[int], percentiles: list[float]) -> Iterator[dict]:
        """The comparison's JSON rows of the periods in ``order`` (as Row.to_dict gives them),
        assembled from precomputed columns, one after the other as they are asked for: no
        Report object is built, and a row written out need not be held."""
        f, lists = self.figures, self.lists
        money, standard = lists.money, f.standard
        threshold = float(standard.threshold)
        trends = self.trend_dicts()
        judged = [(j.standard.id, float(j.standard.threshold), j.standard.gray_as_market,
                   j.standard.majority, j.verdict.tolist(), lists.gap_texts(j))
                  for j in f.judged]
        files = f.aggregates.files
        # flat, period by period, made once: a row takes its slice
        table = self._notice_table
        warnings, notice_start = table.dicts(), table.start.tolist()
        payer_dicts, payer_start = lists.payer_dicts(), lists.payer_lists[4]
        for i in order:
            period = f.periods[i]
            name = period.enterprise
            payers = payer_dicts[payer_start[i]:payer_start[i + 1]]
            gap = lists.gap_text(f.chosen, i)
            yield {
                "enterprise": name,
                "year": None if period.pooled else period.years[-1],
                "pooled_years": [y for y in period.years if y is not None] if period.pooled
                else [],
                "standard": standard.id, "threshold": threshold,
                "totals": dict(zip(CLASS_COLUMNS, money[i], strict=True)),
                "income_total": lists.income_text[i],
                "shares": dict(zip(INCOME_CLASSES, lists.shares[i], strict=True)),
                "market_share_strict": lists.strict[i],
                "market_share_broad": lists.broad[i],
                "market_share_counted": lists.counted[i],
                "verdict": VERDICTS[lists.verdict[i]],
                "gap_to_threshold": gap,
                "largest_payer": payers[0] if payers else None,
                "hhi": lists.hhi[i], "effective_funders": lists.effective[i],
                "municipality_share": lists.municipality[i],
                "payer_coverage": lists.coverage[i],
                "payers": payers,
                "standards": [{"id": id, "threshold": limit, "gray_as_market": gray,
                               "majority": majority, "verdict": VERDICTS[verdict[i]],
                               "gap_to_threshold": gaps[i]}
                              for id, limit, gray, majority, verdict, gaps in judged],
                "years": trends.get(name, []),
                "cost_coverage": lists.cost_coverage(i),
                "warnings": warnings[notice_start[i]:notice_start[i + 1]],
                "files": list(files.get(name, ())),
                "paths": {"gap": gap, "shift": lists.shift_text[i],
                          "gray_enough": lists.gray_enough[i]},
                "percentile": percentiles[i],
            }


class _Lists:
    """The figures' arrays as Python lists and strings, made once, for assembly by index."""

    def __init__(self, f: Figures):
        income = f.income
        totals = f.totals
        self.shares = (totals[:, :N_INCOME] / income[:, None]).tolist()
        self.strict = (totals[:, MARKET] / income).tolist()
        self.broad = ((totals[:, MARKET] + totals[:, GRAY] + totals[:, UNCLASSIFIED])
                      / income).tolist()
        counted = totals[:, MARKET] + (totals[:, GRAY] if f.standard.gray_as_market else 0)
        self.counted = (counted / income).tolist()
        self.verdict = f.chosen.verdict.tolist()
        hhi = f.hhi
        self.hhi = [None if h != h else h for h in hhi.tolist()]  # NaN: no payer
        self.effective = [1 / h if h else None for h in self.hhi]
        self.municipality = (f.municipal / income).tolist()
        self.coverage = f.coverage.tolist()
        self.shift = f.shift.tolist()
        self.shift_none = f.shift_none.tolist()
        self.gray_enough = f.gray_enough.tolist()
        self.figures = f
        self._gap_texts: dict[str, list[str | None]] = {}
        self.totals = totals.tolist()
        self.income = income.tolist()
        self.flips = f.flips.tolist()
        self.dominant = f.dominant.tolist()
        self.settled = f.settled.tolist()
        self.costs = totals[:, COST].tolist()
        self.market_cents = totals[:, MARKET].tolist()
        self.gray_cents = totals[:, GRAY].tolist()

    @cached_property
    def money(self) -> list[list[str]]:
        return _money(self.figures.totals).tolist()

    @cached_property
    def income_text(self) -> list[str]:
        return _money(self.figures.income).tolist()

    @cached_property
    def shift_text(self) -> list[str | None]:
        texts = _money(self.figures.shift).tolist()
        return [None if none else text for text, none in zip(texts, self.shift_none,
                                                              strict=True)]

    @cached_property
    def _gaps(self) -> dict[str, tuple[list, list[bool], list[str]]]:
        return {j.standard.id: (j.gap.tolist(), j.gap_none.tolist(), _money(j.gap).tolist())
                for j in self.figures.judged}

    def gap(self, judged, i: int) -> int | None:
        gaps, none, _ = self._gaps[judged.standard.id]
        return None if none[i] else int(gaps[i])

    def gap_text(self, judged, i: int) -> str | None:
        return self.gap_texts(judged)[i]

    def gap_texts(self, judged) -> list[str | None]:
        """Each period's gap to ``judged``'s threshold as JSON's money string (None: none)."""
        found = self._gap_texts.get(judged.standard.id)
        if found is None:
            _, none, texts = self._gaps[judged.standard.id]
            found = [None if gone else text for text, gone in zip(texts, none, strict=True)]
            self._gap_texts[judged.standard.id] = found
        return found

    @cached_property
    def payer_lists(self) -> tuple[list[str], list[int], list[float], list[str], list[int]]:
        f = self.figures
        return (f.payer_name.tolist(), f.payer_cents.tolist(), f.payer_share.tolist(),
                _money(f.payer_cents).tolist(), f.payer_start.tolist())

    def payers(self, i: int) -> tuple[Payer, ...]:
        start = self.payer_lists[4]
        return tuple(self._payers[start[i]:start[i + 1]])

    @cached_property
    def _payers(self) -> list[Payer]:
        names, cents, shares, _, _ = self.payer_lists
        return [Payer(str(name), amount, share)
                for name, amount, share in zip(names, cents, shares, strict=True)]

    def payer_dicts(self) -> list[dict]:
        """Every payer as Payer.to_dict gives it, flat, period by period (made anew per call:
        the caller may change them)."""
        names, _, shares, texts, _ = self.payer_lists
        return [{"name": str(name), "amount": text, "share": share}
                for name, text, share in zip(names, texts, shares, strict=True)]

    def cost_coverage(self, i: int) -> dict | None:
        costs = abs(self.costs[i])
        if not costs:
            return None
        return CostCoverage(costs, self.market_cents[i] / costs,
                            (self.market_cents[i] + self.gray_cents[i]) / costs).to_dict()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the JSON rows are built: they are some 300,000 new
    dicts and lists without a cycle among them, and the collections their making sets off
    walk every one made before again (at 1M rows: 0.2-0.3 s of the rows' 0.5 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _money(cents: np.ndarray) -> np.ndarray:
    """Cents as JSON's decimal strings, per column (Python ints beyond int64 one by one)."""
    if cents.dtype == object:
        from ..money import cents_to_str

        return np.vectorize(cents_to_str, otypes=[object])(cents)
    return cents_to_str_array(cents.ravel()).reshape(cents.shape) if cents.size else \
        np.zeros(cents.shape, dtype=object)


def _cost_coverage(totals: ClassTotals) -> CostCoverage | None:
    costs = abs(totals.cost)
    if not costs:
        return None
    return CostCoverage(costs, totals.market / costs, (totals.market + totals.gray) / costs)
