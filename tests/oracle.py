"""The oracle: each report computed on its own, the obvious way, from the aggregates' dict
views: one Python loop per period, Python ints and floats. The batch analysis
(wijkcalc.analysis.figures) must give the same figures to the last bit.

The summation order is fixed and documented there: the Herfindahl index is the sum over the
period's payers, largest first (ties by name), of share × share, added left to right.
"""

from __future__ import annotations

from fractions import Fraction

from wijkcalc.analysis.aggregate import Aggregates
from wijkcalc.analysis.batch import Period
from wijkcalc.analysis.paths import paths_to
from wijkcalc.analysis.results import (
    ClassTotals,
    CostCoverage,
    Notice,
    Payer,
    Report,
    YearResult,
)
from wijkcalc.analysis.standards import gap_to_threshold, judged, standards_with, verdict
from wijkcalc.errors import UsageError
from wijkcalc.vocab import DOMINANT_PAYER_SHARE, INCOME_CLASSES, Standard


def oracle_report(aggregates: Aggregates, period: Period, standard: Standard) -> Report:
    """One period's report (UsageError when it has no income)."""
    return _report(aggregates, period, standard, _trend(aggregates, period.enterprise, standard))


def _trend(aggregates: Aggregates, enterprise: str, standard: Standard
           ) -> tuple[YearResult, ...]:
    """Every year's shares and verdict (the same for each report of the enterprise)."""
    results = []
    for year in aggregates.years(enterprise):
        totals = aggregates.classes[(enterprise, year)]
        income = totals.income_total
        if income <= 0:
            results.append(YearResult(year, income, None, None, None))
            continue
        results.append(YearResult(year, income, totals.market / income,
                                  (totals.market + totals.gray + totals.unclassified) / income,
                                  verdict(totals, standard), totals.shares()))
    return tuple(results)


def _report(aggregates: Aggregates, period: Period, standard: Standard,
            trend: tuple[YearResult, ...]) -> Report:
    enterprise, chosen = period.enterprise, period.years
    totals = sum((aggregates.classes[(enterprise, y)] for y in chosen), ClassTotals())
    income = totals.income_total
    if income <= 0:
        label = ", ".join(str(y) for y in chosen if y is not None)
        what = "no income" if income == 0 else "a negative income total"
        raise UsageError(f"{enterprise} has {what} in {label or 'the input'}: nothing to measure; "
                         "check the amounts and the kind column (income or cost)")
    payers = _payers(aggregates, period, income)
    hhi = sum(p.share * p.share for p in payers) if payers else None
    counted = totals.market + (totals.gray if standard.gray_as_market else 0)
    payer_coverage = sum(p.cents for p in payers) / income
    return Report(
        enterprise=enterprise,
        year=None if period.pooled else chosen[-1],
        pooled_years=tuple(y for y in chosen if y is not None) if period.pooled else (),
        standard=standard.id,
        threshold=float(standard.threshold),
        majority=standard.majority,
        totals=totals,
        shares=totals.shares(),
        market_share_strict=totals.market / income,
        market_share_broad=(totals.market + totals.gray + totals.unclassified) / income,
        market_share_counted=counted / income,
        verdict=verdict(totals, standard),
        gap_to_threshold=gap_to_threshold(totals, standard),
        largest_payer=payers[0] if payers else None,
        hhi=hhi,
        effective_funders=1 / hhi if hhi else None,
        municipality_share=sum(aggregates.municipal.get((enterprise, y), 0)
                               for y in chosen) / income,
        payers=tuple(payers),
        payer_coverage=payer_coverage,
        standards=tuple(judged(totals, s) for s in standards_with(standard)),
        years=trend,
        cost_coverage=_cost_coverage(totals),
        warnings=_notices(totals, standard, payers, payer_coverage,
                          enterprise in aggregates.named_payers,
                          aggregates.collective_payers.get(enterprise, set()))
        + _settled_notices(aggregates, period)
        + _basis_notices(aggregates.bases.get(enterprise, ()))
        + ((Notice("thousands"),) if enterprise in aggregates.in_thousands else ())
        + _description_notices(aggregates, enterprise, totals),
        files=aggregates.files.get(enterprise, ()),
        paths=paths_to(totals, standard),
            )


def _payers(aggregates: Aggregates, period: Period, income: int) -> list[Payer]:
    """The period's payers with positive income, largest first."""
    cents_by_name: dict[str, int] = {}
    for year in period.years:
        for name, cents in aggregates.payers.get((period.enterprise, year), {}).items():
            cents_by_name[name] = cents_by_name.get(name, 0) + cents
    return sorted((Payer(name, cents, cents / income) for name, cents in cents_by_name.items()
                   if cents > 0), key=lambda p: (-p.cents, p.name))


def _cost_coverage(totals: ClassTotals) -> CostCoverage | None:
    costs = abs(totals.cost)
    if not costs:
        return None
    return CostCoverage(costs, totals.market / costs, (totals.market + totals.gray) / costs)


def _settled_notices(aggregates: Aggregates, period: Period) -> tuple[Notice, ...]:
    """What was left out of bank lines before any rule: own-account transfers, and returned
    payments with the payments they return (a pair adds nothing)."""
    found = {}
    for year in period.years:
        for key, value in aggregates.settled.get((period.enterprise, year), {}).items():
            found[key] = found.get(key, 0) + value
    notices = []
    if found.get("own-account_lines"):
        notices.append(Notice("own_transfers", {"cents": found["own-account_cents"],
                                                "lines": found["own-account_lines"]}))
    if found.get("reversal_lines"):
        notices.append(Notice("reversals", {"cents": found["reversal_cents"] // 2,
                                            "pairs": found["reversal_lines"] // 2}))
    return tuple(notices)


def _description_notices(aggregates: Aggregates, enterprise: str, totals: ClassTotals
                         ) -> tuple[Notice, ...]:
    """A list of descriptions and amounts (no category) is classified by its descriptions:
    say so, with the share that matched no rule (a bank's or bookkeeping's lines always are)."""
    if enterprise not in aggregates.uncategorised or enterprise in aggregates.bases \
            or not totals.income_total:
        return ()
    return (Notice("by_description",
                   {"share": totals.unclassified / totals.income_total}),)


def _basis_notices(bases: tuple[str, ...]) -> tuple[Notice, ...]:
    """How the figures were kept, when they come from a bank or a bookkeeping: a bank's are
    cash (paid when paid, VAT included), an auditfile's booked (when invoiced, VAT apart)."""
    if len(bases) > 1:
        return (Notice("cash_and_booked"),)
    if bases == ("cash",):
        return (Notice("cash_basis"),)
    if bases == ("booked",):
        return (Notice("booked_basis"),)
    return ()


def _notices(totals: ClassTotals, standard: Standard, payers: list[Payer],
             payer_coverage: float, has_payers: bool, collective: set[str]
             ) -> tuple[Notice, ...]:
    found: list[Notice] = []
    if totals.unclassified:
        # would the verdict change if the unclassified money were market income?
        as_market = ClassTotals(**{**totals.__dict__, "unclassified": 0,
                                   "market": totals.market + totals.unclassified})
        as_other = ClassTotals(**{**totals.__dict__, "unclassified": 0,
                                  "public": totals.public + totals.unclassified})
        flips = verdict(as_market, standard) != verdict(as_other, standard)
        found.append(Notice("unclassified", {
            "cents": totals.unclassified, "share": totals.unclassified / totals.income_total,
            "could_flip_verdict": flips}))
    for cls in INCOME_CLASSES:
        if getattr(totals, cls) < 0:
            found.append(Notice("negative_class_total", {"class": cls,
                                                         "cents": getattr(totals, cls)}))
    if totals.excluded:
        found.append(Notice("excluded", {"cents": totals.excluded}))
    largest = next((p for p in payers if p.name not in collective), None)
    if largest and Fraction(largest.cents, totals.income_total) > DOMINANT_PAYER_SHARE:
        found.append(Notice("dominant_payer", {"name": largest.name, "share": largest.share}))
    if not has_payers:
        found.append(Notice("no_payers"))
    elif payer_coverage < 1:
        found.append(Notice("payers_missing", {"share": 1 - payer_coverage}))
    return tuple(found)
