"""From the figures to what is output: Report objects, or JSON rows straight from the arrays.

Either is built only for the periods asked for; money strings are formatted per column.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from ..money import cents_to_str_array
from ..vocab import INCOME_CLASSES, VERDICTS, Standard
from .aggregate import Aggregates
from .batch import Period
from .figures import (
    CLASS_COLUMNS,
    COST,
    EXCLUDED,
    GRAY,
    MARKET,
    UNCLASSIFIED,
    Figures,
    figures_of,
    verdicts,
)
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
        rows = self.figures.rows
        shown = self.figures.aggregates.enterprise_names
        wanted = {period.enterprise for period in self.figures.periods}
        totals = rows.totals
        income = totals[:, :N_INCOME].sum(axis=1)
        positive = income > 0
        safe = np.where(positive, income, 1)
        shares = (totals[:, :N_INCOME] / safe[:, None]).tolist()
        strict = (totals[:, MARKET] / safe).tolist()
        broad = ((totals[:, MARKET] + totals[:, GRAY] + totals[:, UNCLASSIFIED]) / safe).tolist()
        lower = totals[:, MARKET] + (totals[:, GRAY] if self.figures.standard.gray_as_market
                                     else 0)
        upper = totals[:, MARKET] + totals[:, GRAY] + totals[:, UNCLASSIFIED]
        verdict = verdicts(lower, upper, income, self.figures.standard).tolist()
        found: dict[str, list[tuple[int, YearResult]]] = {}
        years, incomes, positives = rows.years.tolist(), income.tolist(), positive.tolist()
        for row, key in enumerate(rows.keys.tolist()):
            name = shown[key]
            if name not in wanted:
                continue
            year, total = year_of(years[row]), incomes[row]
            result = YearResult(year, total, strict[row], broad[row], VERDICTS[verdict[row]],
                                dict(zip(INCOME_CLASSES, shares[row], strict=True))) \
                if positives[row] else YearResult(year, total, None, None, None)
            found.setdefault(name, []).append((years[row], result))
        return {name: tuple(result for _, result in sorted(years, key=lambda y: y[0]))
                for name, years in found.items()}

    def notices(self, i: int) -> tuple[Notice, ...]:
        """What the reader should know of period ``i``, in the order the views say it."""
        f, lists = self.figures, self.lists
        aggregates, enterprise = f.aggregates, f.periods[i].enterprise
        totals, income = lists.totals[i], lists.income[i]
        found: list[Notice] = []
        if totals[UNCLASSIFIED]:
            found.append(Notice("unclassified", {
                "cents": totals[UNCLASSIFIED], "share": totals[UNCLASSIFIED] / income,
                "could_flip_verdict": lists.flips[i]}))
        for number, cls in enumerate(INCOME_CLASSES):
            if totals[number] < 0:
                found.append(Notice("negative_class_total", {"class": cls,
                                                             "cents": totals[number]}))
        if totals[EXCLUDED]:
            found.append(Notice("excluded", {"cents": totals[EXCLUDED]}))
        if (dominant := lists.dominant[i]) >= 0:
            names, _, shares, _, _ = lists.payer_lists
            found.append(Notice("dominant_payer", {"name": str(names[dominant]),
                                                   "share": shares[dominant]}))
        if enterprise not in aggregates.named_payers:
            found.append(Notice("no_payers"))
        elif lists.coverage[i] < 1:
            found.append(Notice("payers_missing", {"share": 1 - lists.coverage[i]}))
        own_cents, own_lines, reversal_cents, reversal_lines = lists.settled[i]
        if own_lines:
            found.append(Notice("own_transfers", {"cents": own_cents, "lines": own_lines}))
        if reversal_lines:
            found.append(Notice("reversals", {"cents": reversal_cents // 2,
                                              "pairs": reversal_lines // 2}))
        found += _basis_notices(aggregates.bases.get(enterprise, ()))
        if enterprise in aggregates.in_thousands:
            found.append(Notice("thousands"))
        if enterprise in aggregates.uncategorised and enterprise not in aggregates.bases:
            found.append(Notice("by_description", {"share": totals[UNCLASSIFIED] / income}))
        return tuple(found)

    def row_dicts(self, order: list[int], percentiles: list[float]) -> list[dict]:
        """The comparison's JSON rows of the periods in ``order`` (as Row.to_dict gives them),
        assembled from precomputed columns: no Report object is built."""
        f, lists = self.figures, self.lists
        money, standard = lists.money, f.standard
        threshold = float(standard.threshold)
        trends: dict[str, list[dict]] = {}
        judged = [(j.standard.id, float(j.standard.threshold), j.standard.gray_as_market,
                   j.standard.majority, j.verdict.tolist(), lists.gap_texts(j))
                  for j in f.judged]
        files = f.aggregates.files
        rows = []
        for i in order:
            period = f.periods[i]
            name = period.enterprise
            if name not in trends:
                trends[name] = [result.to_dict() for result in self.trend(name)]
            payers = lists.payer_dicts(i)
            gap = lists.gap_text(f.chosen, i)
            rows.append({
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
                "years": trends[name],
                "cost_coverage": lists.cost_coverage(i),
                "warnings": [notice.to_dict() for notice in self.notices(i)],
                "files": list(files.get(name, ())),
                "paths": {"gap": gap, "shift": lists.shift_text[i],
                          "gray_enough": lists.gray_enough[i]},
                "percentile": percentiles[i],
            })
        return rows


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
        names, cents, shares, _, start = self.payer_lists
        return tuple(Payer(str(names[k]), cents[k], shares[k])
                     for k in range(start[i], start[i + 1]))

    def payer_dicts(self, i: int) -> list[dict]:
        names, _, shares, texts, start = self.payer_lists
        return [{"name": str(names[k]), "amount": texts[k], "share": shares[k]}
                for k in range(start[i], start[i + 1])]

    def cost_coverage(self, i: int) -> dict | None:
        costs = abs(self.costs[i])
        if not costs:
            return None
        return CostCoverage(costs, self.market_cents[i] / costs,
                            (self.market_cents[i] + self.gray_cents[i]) / costs).to_dict()


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


def _basis_notices(bases: tuple[str, ...]) -> list[Notice]:
    """How the figures were kept, when they come from a bank or a bookkeeping: a bank's are
    cash (paid when paid, VAT included), an auditfile's booked (when invoiced, VAT apart)."""
    if len(bases) > 1:
        return [Notice("cash_and_booked")]
    if bases == ("cash",):
        return [Notice("cash_basis")]
    if bases == ("booked",):
        return [Notice("booked_basis")]
    return []
