"""A comparison as a Document (table, summary, missing, errors), CSV records, a terminal's table.

The terminal's table is fitted to the screen's width: names cut with "…", the bar narrower.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..analysis.compare import Comparison, Row, Summary
from ..money import cents_to_str
from .i18n import say, say_plural, verdict_name
from .numbers import gap, money, number, percent, threshold_percent
from .sections import Bar, Bullets, Cell, Column, Document, Lines, Table, Title

if TYPE_CHECKING:
    from rich.console import RenderableType

CSV_COLUMNS = ("enterprise", "year", "income_total", "market_share", "public_share", "gray_share",
               "unclassified_share", "market_share_strict", "market_share_broad", "verdict",
               "gap_to_threshold", "largest_payer", "largest_payer_share", "hhi", "percentile",
               "older_year", "files")
OLDER_MARK = "*"  # after the year of a row whose latest year is older than the others'


def title(comparison: Comparison, count: int, lang: str) -> str:
    """"15 enterprises compared", or with a row per year "15 enterprises (33 enterprise-years)
    compared"; ``count`` is the rows shown."""
    enterprises = comparison.summary.enterprises or count
    fields = {"standard": comparison.standard,
              "threshold": threshold_percent(comparison.threshold, lang)}
    if count == enterprises:
        return say_plural(lang, "{n} enterprise compared — standard {standard} ({threshold})",
                          "{n} enterprises compared — standard {standard} ({threshold})",
                          count, **fields)
    return say(lang, "{enterprises} ({years}) compared — standard {standard} ({threshold})",
               enterprises=say_plural(lang, "{n} enterprise", "{n} enterprises", enterprises),
               years=_enterprise_years(lang, count), **fields)


def _enterprise_years(lang: str, n: int) -> str:
    return say_plural(lang, "{n} enterprise-year", "{n} enterprise-years", n)


def comparison_document(comparison: Comparison, rows: list[Row], lang: str) -> Document:
    sections: list[object] = [_table(comparison, rows, lang)]
    notes = older_notes(comparison, lang)
    if notes:
        sections.append(Lines(notes, style="warning"))
    sections += [Lines(block, style="bold") for block in summary_blocks(comparison, lang)]
    if comparison.missing:
        sections.append(Lines((say(lang, "No rows for {year}: {names}", year=comparison.year,
                                   names=", ".join(comparison.missing)),), style="warning"))
    if comparison.errors:
        sections.append(Bullets(say(lang, "Files that could not be read:"),
                                tuple(f"{p.file}: {p.said(lambda msgid: say(lang, msgid))}"
                                      for p in comparison.errors),
                                code=True, terminal=False))
    return Document(Title(title(comparison, len(rows), lang), boxed=False), tuple(sections))


def _table(comparison: Comparison, rows: list[Row], lang: str) -> Table:
    many_years = len({row.report.year for row in rows}) > 1
    columns = (
        Column(say(lang, "Enterprise")),
        Column(say(lang, "Year"), terminal=many_years, wrap=False),
        Column(say(lang, "Income"), "right", wrap=False),
        Column(say(lang, "Strict"), "right", wrap=False),
        Column(say(lang, "Broad"), "right", wrap=False),
        Column(say(lang, "Verdict"), wrap=False),
        Column(say(lang, "Gap"), "right", min_width=110, wrap=False),
        Column(say(lang, "Top payer"), "right", min_width=140, wrap=False),
        Column(say(lang, "HHI"), "right", terminal=False),
        Column(say(lang, "Pctl"), "right", min_width=140, wrap=False),
    )
    cells = []
    for row in rows:
        report = row.report
        largest = report.largest_payer
        year = "" if report.year is None else str(report.year)
        cells.append((
            Cell(report.enterprise),
            Cell(year + OLDER_MARK, "warning") if row.older_year else Cell(year),
            Cell(money(report.income_total, lang)),
            Cell(percent(report.market_share_strict, lang)),
            Cell(percent(report.market_share_broad, lang)),
            Cell(verdict_name(lang, report.verdict), f"verdict-{report.verdict}"),
            Cell(gap(report.gap_to_threshold, lang)),
            Cell(percent(largest.share, lang, 0) if largest else "—"),
            Cell(number(report.hhi, lang)),
            Cell(f"{row.percentile:.0f}"),
        ))
    legend = say(lang, "█ market ▓ gray ░ unclassified ▒ public │ threshold")
    bars = tuple(Bar(row.report.shares, comparison.threshold, legend=legend) for row in rows)
    return Table(columns, tuple(cells), bars=bars, marked_bars=True)


def older_notes(comparison: Comparison, lang: str) -> tuple[str, ...]:
    """Latest-year mode: a line per year older than the latest, naming its enterprises and
    whom their percentile ranks them among (that year's figures of every enterprise)."""
    if not comparison.peers or comparison.assembly is None:
        return ()
    periods = comparison.assembly.figures.periods
    latest = comparison.latest_year
    lines = []
    for year, peers in reversed(comparison.peers):
        names = ", ".join(p.enterprise for i, p in enumerate(periods)
                          if comparison.older_year(i) and p.years[-1] == year)
        lines.append(OLDER_MARK + " " + say_plural(
            lang, "Latest year {year}, older than the others' {latest}: {names}. Its percentile "
            "ranks it against itself alone: no other enterprise has figures for {year}.",
            "Latest year {year}, older than the others' {latest}: {names}. The percentile "
            "ranks among the {n} enterprises with figures for {year}.",
            peers, year=year, latest=latest, names=names))
    return tuple(lines)


def _counts(lang: str, summary: Summary, head: str) -> str:
    counts = summary.verdicts
    return " · ".join((  # each count with its own verb: "1 voldoet", "5 voldoen"
        head,
        say_plural(lang, "{n} meets", "{n} meet", counts["meets"]),
        say_plural(lang, "{n} gray zone", "{n} gray zone", counts["gray-zone"]),
        say_plural(lang, "{n} falls short", "{n} fall short", counts["falls-short"])))


def _shares(lang: str, summary: Summary) -> str:
    q1, median, q3 = summary.strict_quartiles or (0.0, 0.0, 0.0)
    broad = summary.broad_quartiles or (0.0, 0.0, 0.0)
    return say(lang, "Market share strict: median {median}, quartiles {q1}–{q3} · broad: median "
               "{bmedian}", median=percent(median, lang), q1=percent(q1, lang),
               q3=percent(q3, lang), bmedian=percent(broad[1], lang))


def summary_blocks(comparison: Comparison, lang: str) -> tuple[tuple[str, ...], ...]:
    """The summary: for one year its counts, quartiles and income; for rows of several years
    the rows counted, then each year's own summary (latest first; no quartile pools years),
    then the income of all rows."""
    summary = comparison.summary
    if not summary.count:
        return ()
    together = say(lang, "Income together: {income}", income=money(summary.income_total, lang))
    enterprises = say_plural(lang, "{n} enterprise", "{n} enterprises", summary.enterprises)
    if len(summary.per_year) <= 1:
        return ((_counts(lang, summary, enterprises), _shares(lang, summary), together),)
    head = enterprises if summary.count == summary.enterprises else say(
        lang, "{years} of {enterprises}", enterprises=enterprises,
        years=_enterprise_years(lang, summary.count))
    blocks = [(_counts(lang, summary, head),)]
    for year, each in reversed(summary.per_year):
        label = say(lang, "no year") if year is None else str(year)
        blocks.append((f"{label}: " + _counts(lang, each, say_plural(
            lang, "{n} enterprise", "{n} enterprises", each.count)),
            _shares(lang, each),
            say(lang, "Income: {income}", income=money(each.income_total, lang))))
    return (*blocks, (together,))


def summary_lines(comparison: Comparison, lang: str) -> tuple[str, ...]:
    """The summary's lines, its blocks one after another (the first: the rows counted)."""
    return tuple(line for block in summary_blocks(comparison, lang) for line in block)


def for_chart(comparison: Comparison) -> Comparison:
    """The comparison as its chart marks it: with rows of several years no quartiles, which
    would pool the years (each year's own are in the summary)."""
    summary = comparison.summary
    if len(summary.per_year) <= 1:
        return comparison
    return replace(comparison, summary=replace(summary, strict_quartiles=None))


def flat_record(row: Row) -> dict[str, object]:
    """One row of the comparison's CSV: the report's figures, flat."""
    report = row.report
    largest = report.largest_payer
    return {
        "enterprise": report.enterprise,
        "year": report.year,
        "income_total": cents_to_str(report.income_total),
        "market_share": report.shares["market"],
        "public_share": report.shares["public"],
        "gray_share": report.shares["gray"],
        "unclassified_share": report.shares["unclassified"],
        "market_share_strict": report.market_share_strict,
        "market_share_broad": report.market_share_broad,
        "verdict": report.verdict,
        "gap_to_threshold": None if report.gap_to_threshold is None
        else cents_to_str(report.gap_to_threshold),
        "largest_payer": largest.name if largest else None,
        "largest_payer_share": largest.share if largest else None,
        "hhi": report.hhi,
        "percentile": row.percentile,
        "older_year": row.older_year,
        "files": "; ".join(report.files),
    }


def comparison_csv(rows: list[Row], *, excel: bool = False) -> str:
    import pandas as pd

    from .rows import to_csv

    frame = pd.DataFrame([flat_record(row) for row in rows], columns=list(CSV_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return to_csv(frame, money_columns=("income_total", "gap_to_threshold"), excel=excel)


# ------------------------------------------------------------------ the terminal

# the table's columns by how much a narrow screen needs them (the bar comes after all): the
# name, year, strict share and verdict stay; income, broad share, gap... go as room runs out
PRIORITY = (0, 1, 3, 5, 2, 4, 6, 7, 9)
# an enterprise's name: cut with "…" to fit, never wrapped; past NAME_MOST only when the bar
# has BAR_MOST
NAME_LEAST, NAME_MOST = 12, 40
BAR_LEAST, BAR_MOST = 10, 20
SPACE = 2  # between two columns


def comparison_views(comparison: Comparison, rows: list[Row], lang: str,
                     width: int) -> list[RenderableType]:
    """The comparison on a terminal ``width`` columns wide: a line per row (names cut with
    "…", the bar as wide as there is room for, its threshold mark always in it), then the
    legend, notes and summary wrapped at words."""
    from rich.text import Text

    from .console import renderables, shown

    document = comparison_document(comparison, rows, lang)
    table = document.sections[0]
    views: list[RenderableType] = [shown(document.title.text), Text("")]
    if table.rows:
        views += [_fitted(table, width), *_legend(table, width)]
    before = None
    for section in document.sections[1:]:
        if isinstance(section, Lines) and isinstance(before, Lines) and section.style == "bold":
            views.append(Text(""))  # a year's summary apart from the next
        views += renderables(Document(Title("", boxed=False), (section,)), width)
        before = section
    return views


def _widths(table: Table, width: int) -> tuple[list[int], dict[int, int], int]:
    """The columns shown (in table order), each one's width, and the bar's width."""
    from rich.cells import cell_len

    from .safe import terminal

    def natural(n: int) -> int:  # as shown: a control character takes its escape's width
        return max([cell_len(table.columns[n].header)]
                   + [cell_len(terminal(row[n].text)) for row in table.rows])

    wanted = [n for n in PRIORITY if table.columns[n].terminal
              and width >= table.columns[n].min_width]
    sizes = {n: natural(n) for n in wanted}
    name_least = min(NAME_LEAST, sizes[0])
    shown = wanted[:4] if 1 in wanted else wanted[:3]

    def used(columns: list[int], name: int, bar: int) -> int:
        return sum(sizes[n] for n in columns if n) + name + bar + SPACE * len(columns)

    for n in wanted[len(shown):]:  # as many more as leave the name and the bar their least
        if used([*shown, n], name_least, BAR_LEAST) <= width:
            shown.append(n)
    room = width - used(shown, 0, 0)
    bar = max(4, min(BAR_LEAST, room - name_least))
    name = max(1, min(sizes[0], NAME_MOST, room - bar))
    bar = max(bar, min(BAR_MOST, room - name))
    name = max(name, min(sizes[0], room - bar))  # a wide screen: every name whole
    return sorted(shown), {**sizes, 0: name}, bar


def _fitted(table: Table, width: int) -> RenderableType:
    from rich import box
    from rich.table import Table as RichTable

    from .console import marked_bar, styled

    shown, sizes, bar_width = _widths(table, width)
    fitted = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                       padding=(0, SPACE - 1, 0, 0), header_style="bold")  # and a divider
    for n in shown:
        column = table.columns[n]
        fitted.add_column(column.header, justify=column.align,  # type: ignore[arg-type]
                          width=sizes[n], no_wrap=True, overflow="ellipsis")
    fitted.add_column("", width=bar_width, no_wrap=True)
    for row, bar in zip(table.rows, table.bars, strict=True):
        cells = [styled(row[n]) for n in shown]
        cells[0].truncate(sizes[0], overflow="ellipsis")
        fitted.add_row(*cells, marked_bar(bar, bar_width) if bar else "")
    return fitted


def _legend(table: Table, width: int) -> list[RenderableType]:
    """The legend, its items (a mark and its word) kept whole, as many a line as fit."""
    from .console import items_to_width, shown

    legend = next((bar.legend for bar in table.bars if bar and bar.legend), "")
    items = re.split(r" +(?=[█▓░▒│▼])", legend) if legend else []
    lines = items_to_width(items, " ", width)
    return [shown("\n".join(lines), "dim")] if lines else []
