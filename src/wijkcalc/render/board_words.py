"""The board report's blocks, and its explanations: the standard, the paths, a scenario, words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import charts
from .i18n import N_, say, verdict_name
from .numbers import gap, money, percent, threshold_percent
from .sections import Cell, Column, Paragraph, Table

if TYPE_CHECKING:
    from ..analysis.results import Report

@dataclass(frozen=True)
class Heading:
    text: str
    key: str  # a stable name for the section (an HTML id), the same in every language


@dataclass(frozen=True)
class Figure:
    chart: charts.Chart
    caption: str = ""
    narrow: charts.Chart | None = None  # the same chart laid out for a phone's width


@dataclass(frozen=True)
class Facts:
    """Label and value pairs: the document's particulars."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Board:
    lang: str
    title: str
    subtitle: str
    blocks: tuple[object, ...]


ORIGINS = {
    "lsa": N_("The {t} yardstick comes from LSA, the Dutch national network of active "
              "residents: a social enterprise earns at least {t} of its income in the market."),
    "code-nl": N_("The {t} yardstick comes from the Code Sociale Ondernemingen and Social "
                  "Enterprise NL's self-test: at least {t} of income from the market."),
    "semark": N_("The {t} yardstick comes from the UK Social Enterprise Mark: more than half "
                 "of income from trading, the gray zone counted as trading."),
    "uk-gov": N_("The {t} yardstick comes from the UK government's definition: at most three "
                 "quarters of income from grants and donations."),
}


def standard_paragraph(standard: str, threshold: float, lang: str) -> str:
    t = threshold_percent(threshold, lang)
    origin = ORIGINS.get(standard)
    first = say(lang, origin, t=t) if origin else say(
        lang, "The chosen standard asks for {t} of income from the market.", t=t)
    return first + " " + say(
        lang, "Market income is money paid for what the enterprise sells: room rent, the bar, "
        "a contract won. Public income is subsidy and grants. Some income lies in a gray zone "
        "(a municipal contract without tender, a fund paying for a service): it may count "
        "either way, so the share is a range, from strict (gray zone not counted) to broad "
        "(gray zone counted). The verdict is “meets” when even the strict share reaches {t}, "
        "“gray zone” when only the broad share does, and “falls short” when neither does.", t=t)


def paths_blocks(report: Report, lang: str) -> list[object]:
    """The gap as today, the shift, and whether the gray zone alone would do (Report.paths)."""
    paths = getattr(report, "paths", None)
    if paths is None:
        return []
    t = threshold_percent(report.threshold, lang)
    if not paths.shift:
        lines = [say(lang, "Nothing has to change: the standard is met today.")]
    else:
        lines = [
            say(lang, "Today's gap: {gap} more market income, everything else equal, would "
                "reach {t}.", gap=money(paths.gap, lang), t=t) if paths.gap is not None
            else say(lang, "No extra market income reaches {t} while there is other income.",
                     t=t),
            say(lang, "The shift: {shift} of today's non-market income would have to become "
                "market income (a subsidy replaced by a paid contract, say).",
                shift=money(paths.shift, lang)),
            say(lang, "Counting all gray-zone income as market would be enough.")
            if paths.gray_enough else
            say(lang, "Counting all gray-zone income as market would not be enough."),
        ]
    return [Heading(say(lang, "The paths to the yardstick"), "paths"),
            *(Paragraph(line) for line in lines)]


def scenario_blocks(report: Report, lang: str) -> list[object]:
    """Before and after side by side, always under the word Scenario (Report.scenario)."""
    scenario = getattr(report, "scenario", None)
    if scenario is None:
        return []
    after = scenario.report
    moved = []
    if scenario.as_market:
        moved.append(say(lang, "{texts} counted as market income",
                         texts=", ".join(scenario.as_market)))
    if scenario.as_public:
        moved.append(say(lang, "{texts} counted as public income",
                         texts=", ".join(scenario.as_public)))
    columns = (Column(""), Column(say(lang, "Today"), "right"),
               Column(say(lang, "In the scenario"), "right"))
    rows = (
        (Cell(say(lang, "Strict")), Cell(percent(report.market_share_strict, lang)),
         Cell(percent(after.market_share_strict, lang))),
        (Cell(say(lang, "Broad")), Cell(percent(report.market_share_broad, lang)),
         Cell(percent(after.market_share_broad, lang))),
        (Cell(say(lang, "Verdict")), Cell(verdict_name(lang, report.verdict),
                                          f"verdict-{report.verdict}"),
         Cell(verdict_name(lang, after.verdict), f"verdict-{after.verdict}")),
        (Cell(say(lang, "Gap")), Cell(gap(report.gap_to_threshold, lang) or money(0, lang)),
         Cell(gap(after.gap_to_threshold, lang) or money(0, lang))),
    )
    summary = say(lang, "Scenario — {moved}: {before} → {after}: {verdict}.",
                  moved="; ".join(moved), before=percent(report.market_share_counted, lang),
                  after=percent(after.market_share_counted, lang),
                  verdict=verdict_name(lang, after.verdict))
    return [Heading(say(lang, "Scenario: before and after"), "scenario"), Paragraph(summary),
            Table(columns, rows)]


GLOSSARY = (
    (N_("Market income"), N_("Money paid for what the enterprise sells: rent, the bar, "
                             "services, contracts won.")),
    (N_("Public income"), N_("Subsidies and grants from government and funds.")),
    (N_("Gray zone"), N_("Income that may count either way, such as a municipal contract "
                         "without tender.")),
    (N_("Unclassified"), N_("Income that no rule recognised; it could be either.")),
    (N_("Strict and broad"), N_("The market share without and with the gray zone.")),
    (N_("The four standards"), N_("lsa (≥ 75%), code-nl (≥ 50%), semark (> 50%, gray counts "
                                  "as market) and uk-gov (≥ 25%, gray counts as market).")),
    (N_("Gap"), N_("The extra market income that would reach the threshold, everything else "
                   "equal.")),
    (N_("Herfindahl index (HHI)"), N_("The sum of the squared payer shares: near 0 for many "
                                      "small payers, 1 for a single payer.")),
    (N_("Effective number of funders"), N_("1 ÷ HHI: as many equal payers as would give the "
                                           "same concentration.")),
)


def glossary(lang: str) -> list[object]:
    rows = tuple((Cell(say(lang, term), "bold"), Cell(say(lang, meaning)))
                 for term, meaning in GLOSSARY)
    return [Heading(say(lang, "Glossary"), "glossary"),
            Table((Column(say(lang, "Term")), Column(say(lang, "Meaning"))), rows)]
