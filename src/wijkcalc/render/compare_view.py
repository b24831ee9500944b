"""A comparison as a Document (table, summary, missing, errors) and as flat CSV records."""

from __future__ import annotations

from ..analysis.compare import Comparison, Row
from ..money import cents_to_str
from .i18n import say, say_plural, verdict_name
from .numbers import gap, money, number, percent, threshold_percent
from .sections import Bar, Bullets, Cell, Column, Document, Lines, Table, Title

CSV_COLUMNS = ("enterprise", "year", "income_total", "market_share", "public_share", "gray_share",
               "unclassified_share", "market_share_strict", "market_share_broad", "verdict",
               "gap_to_threshold", "largest_payer", "largest_payer_share", "hhi", "percentile",
               "files")


def title(comparison: Comparison, count: int, lang: str) -> str:
    return say(lang, "{n} enterprises compared — standard {standard} ({threshold})", n=count,
               standard=comparison.standard,
               threshold=threshold_percent(comparison.threshold, lang))


def comparison_document(comparison: Comparison, rows: list[Row], lang: str) -> Document:
    sections: list[object] = [_table(comparison, rows, lang)]
    summary = summary_lines(comparison, lang)
    if summary:
        sections.append(Lines(summary, style="bold"))
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
        cells.append((
            Cell(report.enterprise),
            Cell("" if report.year is None else str(report.year)),
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


def summary_lines(comparison: Comparison, lang: str) -> tuple[str, ...]:
    summary = comparison.summary
    if not summary.count or not summary.strict_quartiles or not summary.broad_quartiles:
        return ()
    q1, median, q3 = summary.strict_quartiles
    counts = summary.verdicts
    return (
        " · ".join((  # each count with its own verb: "1 voldoet", "5 voldoen"
            say_plural(lang, "{n} enterprise", "{n} enterprises", summary.count),
            say_plural(lang, "{n} meets", "{n} meet", counts["meets"]),
            say_plural(lang, "{n} gray zone", "{n} gray zone", counts["gray-zone"]),
            say_plural(lang, "{n} falls short", "{n} fall short", counts["falls-short"]))),
        say(lang, "Market share strict: median {median}, quartiles {q1}–{q3} · broad: median "
            "{bmedian}", median=percent(median, lang), q1=percent(q1, lang),
            q3=percent(q3, lang), bmedian=percent(summary.broad_quartiles[1], lang)),
        say(lang, "Income together: {income}", income=money(summary.income_total, lang)),
    )


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
        "files": "; ".join(report.files),
    }


def comparison_csv(rows: list[Row], *, excel: bool = False) -> str:
    import pandas as pd

    from .rows import to_csv

    frame = pd.DataFrame([flat_record(row) for row in rows], columns=list(CSV_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return to_csv(frame, money_columns=("income_total", "gap_to_threshold"), excel=excel)
