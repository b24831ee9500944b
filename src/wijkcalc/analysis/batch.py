"""The analysis of a batch: which years each report covers, and the report of every period.

One enterprise's report is a batch of one: ``report`` and ``compare`` both go through
``choose_periods`` and ``analyse_periods``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..errors import MissingYear, UsageError
from ..vocab import DOMINANT_PAYER_SHARE, INCOME_CLASSES, Standard, fits, loose_key
from .aggregate import Aggregates, name_key
from .paths import paths_to
from .results import ClassTotals, CostCoverage, Notice, Payer, Report, YearResult
from .standards import gap_to_threshold, judged, standards_with, verdict
from .streams import period_streams


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
        raise UsageError("--year and --all-years exclude each other; choose one")
    if not available:
        return []
    if all_years:
        return [tuple(available)] if pooled else [(y,) for y in available]
    if year is None:
        return [(available[-1],)]
    if year not in available:
        shown = ", ".join(str(y) for y in available if y is not None) or "none (no year column)"
        who = f"{enterprise} has" if enterprise else "the input has"
        raise MissingYear(f"{who} no rows for {year}; its years: {shown}")
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
            raise UsageError(f"the input holds {len(names)} enterprises; choose one with "
                             f"--enterprise: {', '.join(names)}")
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
        raise UsageError(f"--enterprise {enterprise!r} fits {len(found)} enterprises: "
                         f"{', '.join(found)}; give more of the name")
    raise UsageError(f"no enterprise {enterprise!r} in the input; it holds: {', '.join(names)}")


def analyse_periods(aggregates: Aggregates, periods: list[Period], standard: Standard,
                    on_error: list | None = None, streams: bool = False) -> list[Report]:
    """The report of every period. A period without income is an error: raised, or, with
    ``on_error``, appended there as (period, error) and left out. ``streams``: list each
    report's non-market streams (one report's board wants them; a batch of many does not)."""
    trends: dict[str, tuple[YearResult, ...]] = {}
    reports = []
    for period in periods:
        if period.enterprise not in trends:
            trends[period.enterprise] = _trend(aggregates, period.enterprise, standard)
        try:
            reports.append(_report(aggregates, period, standard, trends[period.enterprise],
                                   streams))
        except UsageError as error:
            if on_error is None:
                raise
            on_error.append((period, error))
    return reports


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
            trend: tuple[YearResult, ...], streams: bool = False) -> Report:
    enterprise, chosen = period.enterprise, period.years
    totals = sum((aggregates.classes[(enterprise, y)] for y in chosen), ClassTotals())
    income = totals.income_total
    if income <= 0:
        label = ", ".join(str(y) for y in chosen if y is not None)
        what = "no income" if income == 0 else "a negative income total"
        raise UsageError(f"{enterprise} has {what} in {label or 'the input'}: nothing to measure; "
                         "check the amounts and the kind column (income or cost)")
    payers = _payers(aggregates, period, income)
    hhi = sum(p.share ** 2 for p in payers) if payers else None
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
        streams=period_streams(aggregates.streams_of(enterprise), enterprise,
                                       chosen) if streams else (),
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


def as_budget(report: Report) -> Report:
    """The report marked as one on a budget: a plan, not what happened."""
    from dataclasses import replace

    return replace(report, warnings=(Notice("budget", {"year": report.year}), *report.warnings))
