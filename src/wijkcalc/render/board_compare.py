"""A comparison as a board document: the verdict counts, the distribution, the table."""

from __future__ import annotations

import datetime

from ..analysis.compare import Comparison, Row
from ..vocab import VERDICTS
from .board import PHONE, made_on
from .board_words import Board, Facts, Figure, Heading, glossary, standard_paragraph
from .chart import CHART_ROWS, comparison_chart
from .compare_view import comparison_document, summary_lines, title
from .i18n import say, verdict_name
from .numbers import comparison_sign, threshold_percent
from .sections import Bullets, Cell, Column, Lines, Paragraph, Table


def comparison_board(comparison: Comparison, rows: list[Row], lang: str,
                     today: datetime.date | None = None) -> Board:
    subtitle = say(lang, "Standard: {id} ({comparison} {threshold} market income)",
                   id=comparison.standard, comparison=comparison_sign(comparison.majority),
                   threshold=threshold_percent(comparison.threshold, lang))
    year = str(comparison.year) if comparison.year is not None else say(
        lang, "each enterprise's latest year")
    blocks: list[object] = [Facts((
        (say(lang, "Enterprises"), str(len(rows))),
        (say(lang, "Year"), year),
        (say(lang, "Made on"), made_on(today)),
    ))]
    counts = comparison.summary.verdicts
    blocks += [Heading(say(lang, "The verdicts"), "verdicts"),
               Lines(summary_lines(comparison, lang)),
               Table((Column(say(lang, "Verdict")), Column(say(lang, "Enterprises"), "right")),
                     tuple((Cell(verdict_name(lang, v), f"verdict-{v}"), Cell(str(counts[v])))
                           for v in VERDICTS))]
    if rows:
        listed = len(rows) <= CHART_ROWS  # the table below lists them all
        # above CHART_ROWS the chart says itself that it shows the spread, not each one
        blocks += [Heading(say(lang, "The distribution"), "distribution"),
                   Figure(comparison_chart(comparison, rows, lang=lang, listed=listed),
                          narrow=comparison_chart(comparison, rows, lang=lang, listed=listed,
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
