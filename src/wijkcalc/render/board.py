"""The board report as blocks (headings, sentences, tables, charts): one content, HTML and PDF."""

from __future__ import annotations

import datetime
import hashlib
from pathlib import Path

from ..analysis.results import Report
from ..vocab import BAR_ORDER, INCOME_CLASSES
from . import charts
from .board_words import (
    Board,
    Facts,
    Figure,
    Heading,
    glossary,
    paths_blocks,
    scenario_blocks,
    standard_paragraph,
)
from .i18n import class_name, payer_name, say, say_plural, verdict_name
from .numbers import comparison_sign, gap, money, number, percent, threshold_percent
from .report_view import gap_sentence, notice_text, period, verdict_sentence
from .sections import Bullets, Cell, Column, Paragraph, Table, Verdict

CHART_PAYERS = 8
STREAMS_SHOWN = 40  # per class; the rest as one line
PHONE = 360  # a phone's width in CSS pixels, less the page's margins


def made_on(today: datetime.date | None = None) -> str:
    return (today or datetime.date.today()).isoformat()  # 2026-12-03 reads in both languages


def checksums(report: Report) -> list[tuple[str, str]]:
    """(file, first 12 hex digits of its sha256): the provenance's, else read now."""
    provenance = getattr(report, "provenance", None)
    if provenance is not None:
        return [(path, digest[:12]) for path, digest in provenance.files]
    found = []
    for name in report.files:
        try:
            digest = hashlib.sha256(Path(name).read_bytes()).hexdigest()[:12]
        except OSError:
            digest = "—"
        found.append((name, digest))
    return found


def report_board(report: Report, lang: str, today: datetime.date | None = None) -> Board:
    t = threshold_percent(report.threshold, lang)
    subtitle = say(lang, "Standard: {id} ({comparison} {threshold} market income)",
                   id=report.standard, comparison=comparison_sign(report.majority), threshold=t)
    blocks: list[object] = [_particulars(report, lang, today)]
    blocks += _verdict(report, lang)
    blocks += [Heading(say(lang, "The standard"), "standard"),
               Paragraph(standard_paragraph(report.standard, report.threshold, lang))]
    blocks += paths_blocks(report, lang)
    blocks += scenario_blocks(report, lang)
    blocks += _trend(report, lang)
    blocks += [Heading(say(lang, "The standards side by side"), "standards"),
               _standards(report, lang)]
    blocks += _streams(report, lang)
    blocks += _dependency(report, lang)
    blocks += _coverage(report, lang)
    if report.warnings:
        blocks += [Heading(say(lang, "Warnings"), "warnings"),
                   Bullets("", tuple(notice_text(n, lang) for n in report.warnings))]
    blocks += glossary(lang)
    title = say(lang, "Income mix — {enterprise}, {year}", enterprise=report.enterprise,
                year=period(report, lang))
    return Board(lang, title, subtitle, tuple(blocks))


def _particulars(report: Report, lang: str, today: datetime.date | None) -> Facts:
    files = "; ".join(f"{Path(name).name} (sha256 {digest})"
                      for name, digest in checksums(report)) or "—"
    return Facts((
        (say(lang, "Organisation"), report.enterprise),
        (say(lang, "Year"), period(report, lang)),
        (say(lang, "Made on"), made_on(today)),
        (say(lang, "Source files"), files),
    ))


def mix_words(report: Report, lang: str) -> charts.Words:
    sign, t = comparison_sign(report.majority), threshold_percent(report.threshold, lang)
    return charts.Words(
        title=say(lang, "Income mix — {enterprise}, {year}", enterprise=report.enterprise,
                  year=period(report, lang)),
        classes={cls: f"{class_name(lang, cls)} {percent(report.shares[cls], lang)}"
                 for cls in INCOME_CLASSES},
        threshold=say(lang, "yardstick {t}", t=sign + " " + t),
        extra=(say(lang, "Verdict") + ": " + verdict_name(lang, report.verdict),))


def mix_chart(report: Report, lang: str, width: float = charts.WIDTH) -> charts.Chart:
    return charts.mix_chart(report.shares, report.threshold, mix_words(report, lang), width)


def figure(build, report: Report, lang: str) -> Figure:
    """The chart for a page, and again for a phone."""
    return Figure(build(report, lang), narrow=build(report, lang, PHONE))


def _verdict(report: Report, lang: str) -> list[object]:
    rows = []
    for cls in BAR_ORDER:
        cents = getattr(report.totals, cls)
        if cls == "unclassified" and cents == 0:
            continue
        rows.append((Cell(class_name(lang, cls), cls), Cell(money(cents, lang)),
                     Cell(percent(report.shares[cls], lang))))
    rows.append((Cell(say(lang, "Total income"), "bold"),
                 Cell(money(report.income_total, lang), "bold"), Cell("")))
    columns = (Column(say(lang, "Class")), Column(say(lang, "Amount"), "right"),
               Column(say(lang, "Share"), "right"))
    return [Heading(say(lang, "The verdict"), "verdict"),
            Verdict(verdict_sentence(report, lang), report.verdict, gap_sentence(report, lang)),
            figure(mix_chart, report, lang),
            Table(columns, tuple(rows), title=say(lang, "Where the money comes from"))]


def trend_chart(report: Report, lang: str, width: float = charts.WIDTH) -> charts.Chart:
    strict, broad = say(lang, "strict"), say(lang, "broad")
    points = [("" if y.year is None else str(y.year), y.market_share_strict,
               y.market_share_broad) for y in report.years]
    words = charts.Words(
        title=say(lang, "Market share per year (strict and broad)"), classes={},
        threshold=threshold_percent(report.threshold, lang),
        extra=(strict, broad, "0%", "25%", "50%", "75%", "100%"))
    return charts.trend_chart(points, report.threshold, words, width)


def _trend(report: Report, lang: str) -> list[object]:
    if len(report.years) < 2:
        return []
    columns = (Column(say(lang, "Year")), Column(say(lang, "Income"), "right"),
               Column(say(lang, "Strict"), "right"), Column(say(lang, "Broad"), "right"),
               Column(say(lang, "Verdict")))
    rows = tuple((
        Cell("" if y.year is None else str(y.year)), Cell(money(y.income_total, lang)),
        Cell(percent(y.market_share_strict, lang)), Cell(percent(y.market_share_broad, lang)),
        Cell(verdict_name(lang, y.verdict) if y.verdict else "—",
             f"verdict-{y.verdict}" if y.verdict else ""),
    ) for y in report.years)
    return [Heading(say(lang, "The years"), "years"), figure(trend_chart, report, lang),
            Table(columns, rows)]


def _standards(report: Report, lang: str) -> Table:
    columns = (Column(say(lang, "Standard")), Column(say(lang, "Threshold"), "right"),
               Column(say(lang, "Gray zone")), Column(say(lang, "Verdict")),
               Column(say(lang, "Gap"), "right"))
    rows = tuple((
        Cell(result.id),
        Cell(f"{comparison_sign(result.majority)} {threshold_percent(result.threshold, lang)}"),
        Cell(say(lang, "counts as market") if result.gray_as_market else say(lang, "a range")),
        Cell(verdict_name(lang, result.verdict), f"verdict-{result.verdict}"),
        Cell(gap(result.gap_to_threshold, lang) or money(0, lang)),
    ) for result in report.standards)
    return Table(columns, rows)


def _streams(report: Report, lang: str) -> list[object]:
    streams = getattr(report, "streams", ())
    if not streams:
        return []
    columns = (Column(say(lang, "Stream")), Column(say(lang, "Payer")),
               Column(say(lang, "Amount"), "right"), Column(say(lang, "Rule")))
    blocks: list[object] = [
        Heading(say(lang, "Every stream by class"), "streams"),
        Paragraph(say(lang, "The income that is not surely market income, stream by stream, "
                      "with the rule that decided its class: the list to discuss."))]
    for cls in ("public", "gray", "unclassified"):
        found = [s for s in streams if s.cls == cls]  # largest first
        rows = [(Cell(s.label), Cell(payer_name(s.payer, lang)), Cell(money(s.cents, lang)),
                 Cell(s.rule)) for s in found[:STREAMS_SHOWN]]
        rest = found[STREAMS_SHOWN:]
        if rest:  # a bank export may hold thousands: the rest in one line, with its sum
            rows.append((Cell(say_plural(lang, "and {n} smaller stream", "and {n} smaller "
                                         "streams", len(rest))), Cell(""),
                         Cell(money(sum(s.cents for s in rest), lang)), Cell("")))
        if rows:
            blocks.append(Table(columns, tuple(rows), title=class_name(lang, cls)))
    return blocks


def payers_chart(report: Report, lang: str, width: float = charts.WIDTH) -> charts.Chart:
    rows = [(payer_name(p.name, lang), p.share,
             f"{money(p.cents, lang)} ({percent(p.share, lang)})")
            for p in report.payers[:CHART_PAYERS]]
    return charts.payers_chart(rows, charts.Words(say(lang, "The largest payers"), {}), width)


def _dependency(report: Report, lang: str) -> list[object]:
    blocks: list[object] = [Heading(say(lang, "Dependency"), "dependency")]
    if report.payers:
        blocks.append(figure(payers_chart, report, lang))
    blocks.append(Paragraph(say(
        lang, "Municipality (all instruments) {city}: what the municipality pays, as subsidy, "
        "contract or rent, as a share of all income.",
        city=percent(report.municipality_share, lang))))
    if report.hhi is not None:
        blocks.append(Paragraph(say(
            lang, "Herfindahl index {hhi}: the sum of the squared payer shares, from near 0 "
            "(many small payers) to 1 (a single payer).", hhi=number(report.hhi, lang))))
        blocks.append(Paragraph(say(
            lang, "Effective number of funders {n}: the income is as concentrated as if it "
            "came from {n} equal payers.", n=number(report.effective_funders, lang, 1))))
    else:
        blocks.append(Paragraph(say(lang, "The input names no payers, so dependency cannot "
                                    "be measured.")))
    return blocks


def _coverage(report: Report, lang: str) -> list[object]:
    coverage = report.cost_coverage
    if not coverage:
        return []
    return [Heading(say(lang, "Cost coverage"), "coverage"),
            Paragraph(say(lang, "Cost coverage: market income covers {market} of the costs "
                          "({costs}); earned income (market + gray) {earned}.",
                          market=percent(coverage.market, lang),
                          costs=money(coverage.costs, lang),
                          earned=percent(coverage.earned, lang)))]
