"""A comparison as a board document: the verdict counts, the distribution, the table."""

from __future__ import annotations

import datetime

from ..analysis.compare import Comparison, Row
from ..vocab import VERDICTS
from .board import PHONE, made_on
from .board_words import Board, Facts, Figure, Heading, glossary, standard_paragraph
from .chart import CHART_ROWS, comparison_chart
from .compare_view import comparison_document, for_chart, summary_blocks, title
from .i18n import say, verdict_name
from .numbers import comparison_sign, money, percent, threshold_percent
from .sections import Bullets, Cell, Column, Lines, Paragraph, Table


def comparison_board(comparison: Comparison, rows: list[Row], lang: str,
                     today: datetime.date | None = None) -> Board:
    subtitle = say(lang, "Standard: {id} ({comparison} {threshold} market income)",
                   id=comparison.standard, comparison=comparison_sign(comparison.majority),
                   threshold=threshold_percent(comparison.threshold, lang))
    summary = comparison.summary
    years = [year for year, _ in summary.per_year if year is not None]
    if comparison.year is not None:
        year = str(comparison.year)
    elif comparison.all_years and len(years) > 1:
        year = say(lang, "{first}–{last}, a row per enterprise and year",
                   first=years[0], last=years[-1])
    else:
        year = say(lang, "each enterprise's latest year")
    facts = [(say(lang, "Enterprises"), str(summary.enterprises or len(rows)))]
    if summary.count != summary.enterprises:
        facts.append((say(lang, "Enterprise-years"), str(summary.count)))
    blocks: list[object] = [Facts((
        *facts,
        (say(lang, "Year"), year),
        (say(lang, "Made on"), made_on(today)),
    ))]
    blocks += [Heading(say(lang, "The verdicts"), "verdicts"), *_verdicts(comparison, lang)]
    if rows:
        listed = len(rows) <= CHART_ROWS  # the table below lists them all
        charted = for_chart(comparison)
        # above CHART_ROWS the chart says itself that it shows the spread, not each one
        blocks += [Heading(say(lang, "The distribution"), "distribution"),
                   Figure(comparison_chart(charted, rows, lang=lang, listed=listed),
                          narrow=comparison_chart(charted, rows, lang=lang, listed=listed,
                                                  width=PHONE))]
    blocks += [Heading(say(lang, "The standard"), "standard"),
               Paragraph(standard_paragraph(comparison.standard, comparison.threshold, lang))]
    document = comparison_document(comparison, rows, lang)
    table = document.sections[0]
    blocks += [Heading(say(lang, "Every enterprise"), "enterprises"), table]
    blocks += [section for section in document.sections[1:]
               if isinstance(section, Bullets)
               or (isinstance(section, Lines) and section.style == "warning")]
    blocks += glossary(lang)
    return Board(lang, title(comparison, len(rows), lang), subtitle, tuple(blocks))


def _verdicts(comparison: Comparison, lang: str) -> list[object]:
    """The verdicts counted: for one year its summary and a column of enterprises; for rows
    of several years the rows counted and a table with a line per year (latest first), no
    year pooled with another (the broad shares: in the table of every enterprise)."""
    summary = comparison.summary
    blocks = summary_blocks(comparison, lang)
    if len(summary.per_year) <= 1:
        return [*(Lines(block) for block in blocks),
                Table((Column(say(lang, "Verdict")), Column(say(lang, "Enterprises"), "right")),
                      tuple((Cell(verdict_name(lang, v), f"verdict-{v}"),
                             Cell(str(summary.verdicts[v]))) for v in VERDICTS))]
    columns = (Column(say(lang, "Year")), Column(say(lang, "Enterprises"), "right"),
               *(Column(verdict_name(lang, v), "right") for v in VERDICTS),
               Column(say(lang, "Strict: median (quartiles)"), "right"),
               Column(say(lang, "Income"), "right"))
    rows = []
    for year, each in reversed(summary.per_year):
        q1, median, q3 = each.strict_quartiles or (0.0, 0.0, 0.0)
        rows.append((Cell(say(lang, "no year") if year is None else str(year)),
                     Cell(str(each.count)), *(Cell(str(each.verdicts[v])) for v in VERDICTS),
                     Cell(f"{percent(median, lang)} ({percent(q1, lang)}–{percent(q3, lang)})"),
                     Cell(money(each.income_total, lang))))
    return [Lines(blocks[0]), Table(columns, tuple(rows)), Lines(blocks[-1])]
