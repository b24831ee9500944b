"""The public functions: files -> classified rows -> one report, or a comparison of many.

Every command goes this way: pipeline (read) -> rules (classify) -> analysis (aggregate and
judge). The CLI and Python users call these; nothing here knows of a terminal.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import pandas as pd

from . import pipeline
from .analysis.aggregate import Aggregates, aggregate, merge_aggregates
from .analysis.batch import (
    Period,
    as_budget,
    choose_enterprise,
    choose_name,
    choose_years,
)
from .analysis.compare import Comparison, compare_aggregates, empty_comparison
from .analysis.reports import analyse_periods
from .analysis.results import Report, Scenario
from .analysis.scenario import needles, provenance_soon, reclassified, unmatched
from .errors import N_, InputError
from .rules import RuleSet, classify, iban_key, load_rules
from .sources import wide
from .transactions import Accounts
from .version import __version__
from .vocab import standard_named

__all__ = ["analyse", "classify", "classify_files", "compare", "load", "report_files"]

Paths = Iterable[str | Path]
NO_ROWS = N_("no income rows to report on")


def load(paths: Paths, *, sheet: str | None = None, source: str | None = None,
         accounts: Accounts | None = None, as_read: bool = False,
         budget: bool = False) -> pd.DataFrame:
    """Read one or more income files into one canonical frame, amounts in int64 cents; bank
    lines as income streams, or (``as_read``) signed as the bank wrote them. Actuals only, or
    (``budget``) the budget rows only (see sources.wide)."""
    return wide.chosen(pipeline.load(paths, sheet=sheet, source=source, accounts=accounts,
                                     as_read=as_read), budget)


def accounts_of(rules: RuleSet, *, own_ibans: Iterable[str] = (), holder: str | None = None,
                show_names: bool = False) -> Accounts:
    """What is known of the enterprise's own accounts: the rule file's own_accounts, the IBANs
    given (--own-iban), the holder's name (--enterprise) and whether names are shown."""
    own = dict(rules.own_accounts)
    for iban in map(iban_key, own_ibans):
        own.setdefault(iban, "")
    return Accounts(own=own, holder=holder, show_names=show_names)


def classify_files(paths: Paths, *, rules: RuleSet | None = None, sheet: str | None = None,
                   source: str | None = None, year: int | None = None,
                   enterprise: str | None = None, accounts: Accounts | None = None,
                   budget: bool = False) -> pd.DataFrame:
    """Read and classify files; with ``enterprise`` or ``year``, only that one's rows."""
    ruleset = rules or load_rules()
    accounts = accounts or accounts_of(ruleset)
    classified = classify(load(paths, sheet=sheet, source=source, accounts=accounts,
                               budget=budget), ruleset)
    if enterprise is not None:
        chosen = choose_name(sorted(set(classified["enterprise"].astype(str))), enterprise)
        classified = classified[classified["enterprise"].astype(str) == chosen]
    if year is not None:
        years = sorted(int(y) for y in classified["year"].dropna().unique())
        choose_years(years, year=year)  # says which years there are when it is not
        classified = classified[classified["year"] == year]
    return classified


def analyse(classified: pd.DataFrame, *, enterprise: str | None = None, year: int | None = None,
            all_years: bool = False, standard: str = "lsa",
            threshold: str | float | None = None) -> Report:
    """The income-mix report of one enterprise: latest year, ``year``, or all years pooled."""
    return report_of(aggregate(classified), enterprise=enterprise, year=year,
                     all_years=all_years, standard=standard, threshold=threshold)


def report_of(aggregates: Aggregates, *, enterprise: str | None = None, year: int | None = None,
              all_years: bool = False, standard: str = "lsa",
              threshold: str | float | None = None) -> Report:
    """One enterprise's report from the aggregates: the batch analysis on a batch of one."""
    chosen_standard = standard_named(standard, threshold)
    name = choose_enterprise(aggregates, enterprise)
    years = aggregates.years(name)
    if not years:
        raise InputError(NO_ROWS)
    [chosen] = choose_years(years, year=year, all_years=all_years, pooled=True,
                            enterprise=name)
    [report] = analyse_periods(aggregates, [Period(name, chosen, pooled=all_years)],
                               chosen_standard, streams=True)
    return report


def aggregate_files(paths: Paths, *, rules: RuleSet | None = None, sheet: str | None = None,
                    source: str | None = None, trap: pipeline.Trap | None = None,
                    progress: Callable[[int], None] | None = None,
                    accounts: Accounts | None = None, budget: bool = False,
                    streams: bool = True, jobs: int = 1) -> Aggregates | None:
    """Files -> the sums the analysis needs (of actuals, or of the ``budget``; ``streams``:
    with the non-market streams, which one report lists); large files are summed piece by
    piece, split over ``jobs`` processes."""
    ruleset = rules or load_rules()
    trap = trap or pipeline.Trap(fail_fast=True)
    return pipeline.fold(pipeline.input_files(paths, trap),
                         lambda frame: aggregate(classify(wide.chosen(frame, budget), ruleset),
                                                 streams),
                         merge_aggregates,
                         sheet=sheet, source=source, trap=trap, progress=progress,
                         accounts=accounts or accounts_of(ruleset), jobs=jobs)


def report_files(paths: Paths, *, enterprise: str | None = None, year: int | None = None,
                 all_years: bool = False, standard: str = "lsa",
                 threshold: str | float | None = None, rules: RuleSet | None = None,
                 sheet: str | None = None, source: str | None = None,
                 accounts: Accounts | None = None, budget: bool = False,
                 as_market: Iterable[str] = (), as_public: Iterable[str] = (),
                 jobs: int = 1) -> Report:
    """The report of one enterprise in the files (on its ``budget`` instead of its actuals);
    the first bad file stops it. With ``as_market`` / ``as_public`` texts, it carries the
    scenario: the same report with the income rows whose category, payer or description holds
    one of them counted as market (or public) income."""
    standard_named(standard, threshold)  # bad options are reported before any file is read
    choose_years([], year=year, all_years=all_years)
    market, public = tuple(as_market), tuple(as_public)
    wanted = needles(market, "--as-market"), needles(public, "--as-public")
    paths = list(paths)
    ruleset = rules or load_rules()
    if market or public:
        aggregates, scenario, counts = _with_scenario(
            paths, wanted, rules=ruleset, sheet=sheet, source=source, accounts=accounts,
            budget=budget, jobs=jobs)
    else:
        aggregates = aggregate_files(paths, rules=ruleset, sheet=sheet, source=source,
                                     accounts=accounts, budget=budget, jobs=jobs)
    if budget and (aggregates is None or not aggregates.enterprises()):
        raise InputError(wide.NO_BUDGET)
    if aggregates is None:
        raise InputError(NO_ROWS)
    hashed = provenance_soon(pipeline.input_files(paths), ruleset.files, __version__)
    chosen = {"enterprise": enterprise, "year": year, "all_years": all_years,
              "standard": standard, "threshold": threshold}
    found = report_of(aggregates, **chosen)
    if market or public:
        unmatched(counts, market, public)
        found = replace(found, scenario=Scenario(market, public, _budget(
            report_of(scenario, **{**chosen, "enterprise": found.enterprise}), budget)))
    return _budget(replace(found, provenance=hashed()), budget)


def _budget(report: Report, budget: bool) -> Report:
    return as_budget(report) if budget else report


def _with_scenario(paths: list, wanted: tuple[tuple[str, ...], tuple[str, ...]], *,
                   rules: RuleSet, sheet: str | None, source: str | None,
                   accounts: Accounts | None, budget: bool, jobs: int):
    """The aggregates as they are and with the scenario's rows reclassified, in one pass, and
    how many income rows each text matched."""

    def step(frame: pd.DataFrame):
        classified = classify(wide.chosen(frame, budget), rules)
        changed, counts = reclassified(classified, *wanted)
        return aggregate(classified), aggregate(changed), counts

    def merge(parts: list):
        return (merge_aggregates([part[0] for part in parts]),
                merge_aggregates([part[1] for part in parts]), sum(part[2] for part in parts))

    folded = pipeline.fold(pipeline.input_files(paths, pipeline.Trap(fail_fast=True)), step,
                           merge, sheet=sheet, source=source,
                           trap=pipeline.Trap(fail_fast=True),
                           accounts=accounts or accounts_of(rules), jobs=jobs)
    return folded if folded is not None else (None, None, None)


def compare(paths: Paths, *, year: int | None = None, all_years: bool = False,
            standard: str = "lsa", threshold: str | float | None = None,
            rules: RuleSet | None = None, sheet: str | None = None, source: str | None = None,
            fail_fast: bool = False, progress: Callable[[int], None] | None = None,
            accounts: Accounts | None = None, jobs: int = 1) -> Comparison:
    """Files and folders -> the comparison of every enterprise in them. A bad file is listed
    in ``errors`` and the rest are compared (``fail_fast``: it stops all); a large file is
    split over ``jobs`` processes."""
    chosen = standard_named(standard, threshold)  # bad options fail before any file is read
    choose_years([], year=year, all_years=all_years)
    paths = list(paths)
    trap = pipeline.Trap(fail_fast=fail_fast)
    aggregates = aggregate_files(paths, rules=rules, sheet=sheet, source=source, trap=trap,
                                 progress=progress, accounts=accounts, streams=False,
                                 jobs=jobs)
    # the files are hashed while they are compared (all reading and forking is done)
    hashed = provenance_soon(pipeline.input_files(paths), (rules or load_rules()).files,
                             __version__)
    if aggregates is None:
        found = empty_comparison(chosen, year, trap.problems)
    else:
        found = compare_aggregates(aggregates, chosen, year=year, all_years=all_years,
                                   problems=trap.problems, fail_fast=fail_fast)
    return replace(found, provenance=hashed)  # waited for when the JSON's end is written
