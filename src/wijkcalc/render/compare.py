"""Views of a comparison: rich table with bars, flat CSV, Markdown, and a matplotlib chart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..compare import Comparison, Row
from ..money import cents_to_str, format_money
from .report import (
    BAR_CHARS,
    BAR_STYLES,
    VERDICT_STYLES,
    bar_segments,
    percent,
    say,
    threshold_percent,
)

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import RenderableType

COMPARE_WORDS = {
    "en": {"title": "{n} enterprises compared — standard {standard} ({threshold})",
           "enterprise": "Enterprise", "year": "Year", "income": "Income",
           "strict": "Strict", "broad": "Broad", "verdict": "Verdict", "gap": "Gap",
           "largest": "Top payer", "hhi": "HHI", "pct": "Pctl",
           "summary": ("{n} enterprises · {meets} meet · {gray} gray zone · {short} fall short\n"
                       "Market share strict: median {median}, quartiles {q1}–{q3} · broad: "
                       "median {bmedian}\nIncome together: {income}"),
           "missing": "No rows for {year}: {names}", "errors": "Files that could not be read:",
           "bar": "█ market ▓ gray ░ unclassified ▒ public │ threshold"},
    "nl": {"title": "{n} ondernemingen vergeleken — norm {standard} ({threshold})",
           "enterprise": "Onderneming", "year": "Jaar", "income": "Inkomsten",
           "strict": "Strikt", "broad": "Ruim", "verdict": "Oordeel", "gap": "Tekort",
           "largest": "Grootste", "hhi": "HHI", "pct": "Pctl",
           "summary": ("{n} ondernemingen · {meets} voldoen · {gray} grijs gebied · {short} "
                       "voldoen niet\nMarktaandeel strikt: mediaan {median}, kwartielen "
                       "{q1}–{q3} · ruim: mediaan {bmedian}\nInkomsten samen: {income}"),
           "missing": "Geen rijen voor {year}: {names}",
           "errors": "Bestanden die niet te lezen waren:",
           "bar": "█ markt ▓ grijs ░ niet ingedeeld ▒ publiek │ norm"},
}

CSV_COLUMNS = ("enterprise", "year", "income_total", "market_share", "public_share", "gray_share",
               "unclassified_share", "market_share_strict", "market_share_broad", "verdict",
               "gap_to_threshold", "largest_payer", "largest_payer_share", "hhi", "percentile",
               "files")


def _word(lang: str, key: str, **values: object) -> str:
    text = COMPARE_WORDS[lang][key]
    return text.format(**values) if values else text


def flat_record(row: Row) -> dict[str, object]:
    report = row.report
    largest = report.largest_payer
    return {
        "enterprise": report.enterprise,
        "year": report.year,
        "income_total": cents_to_str(report.income_total),
        "market_share": report.share("market"),
        "public_share": report.share("public"),
        "gray_share": report.share("gray"),
        "unclassified_share": report.share("unclassified"),
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


def _summary_line(comparison: Comparison, lang: str) -> str:
    summary = comparison.summary
    if not summary.count or not summary.strict_quartiles or not summary.broad_quartiles:
        return ""
    q1, median, q3 = summary.strict_quartiles
    return _word(lang, "summary", n=summary.count, meets=summary.verdicts["meets"],
                 gray=summary.verdicts["gray-zone"], short=summary.verdicts["falls-short"],
                 median=percent(median, lang), q1=percent(q1, lang), q3=percent(q3, lang),
                 bmedian=percent(summary.broad_quartiles[1], lang),
                 income=format_money(summary.income_total, lang))


def _threshold(comparison: Comparison, lang: str) -> str:
    return threshold_percent(comparison.threshold, lang)


def comparison_views(comparison: Comparison, rows: list[Row], *, lang: str,
                     width: int = 120) -> list[RenderableType]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=_word(lang, "title", n=len(rows), standard=comparison.standard,
                              threshold=_threshold(comparison, lang)),
                  title_justify="left", header_style="bold", box=box.SIMPLE_HEAD)
    many_years = len({row.report.year for row in rows}) > 1
    with_gap, with_payer = width >= 110, width >= 140
    table.add_column(_word(lang, "enterprise"), min_width=16)
    if many_years:
        table.add_column(_word(lang, "year"), no_wrap=True)
    table.add_column(_word(lang, "income"), justify="right", no_wrap=True)
    table.add_column(_word(lang, "strict"), justify="right", no_wrap=True)
    table.add_column(_word(lang, "broad"), justify="right", no_wrap=True)
    table.add_column(_word(lang, "verdict"), no_wrap=True)
    if with_gap:
        table.add_column(_word(lang, "gap"), justify="right", no_wrap=True)
    if with_payer:
        table.add_column(_word(lang, "largest"), justify="right", no_wrap=True)
        table.add_column(_word(lang, "pct"), justify="right", no_wrap=True)
    bar_width = 20 if with_gap else 12
    table.add_column("", no_wrap=True, min_width=bar_width)
    for row in rows:
        report = row.report
        cells: list[object] = [Text(report.enterprise)]
        if many_years:
            cells.append("" if report.year is None else str(report.year))
        cells += [format_money(report.income_total, lang),
                  percent(report.market_share_strict, lang),
                  percent(report.market_share_broad, lang),
                  Text(say(lang, report.verdict), style=VERDICT_STYLES[report.verdict])]
        if with_gap:
            gap = report.gap_to_threshold
            cells.append("—" if gap is None else ("" if gap == 0 else format_money(gap, lang)))
        if with_payer:
            cells += [percent(report.largest_payer.share, lang, 0) if report.largest_payer
                      else "—", f"{row.percentile:.0f}"]
        cells.append(_marked_bar(report, bar_width, comparison.threshold))
        table.add_row(*cells)
    views: list[RenderableType] = [table, Text(_word(lang, "bar"), style="dim")]
    summary = _summary_line(comparison, lang)
    if summary:
        views.append(Text(summary, style="bold"))
    if comparison.missing:
        views.append(Text(_word(lang, "missing", year=comparison.year,
                                names=", ".join(comparison.missing)), style="yellow"))
    return views


def _marked_bar(report, width: int, threshold: float):
    """The row's stacked bar with the threshold drawn into it as a thin line."""
    from rich.text import Text

    shares = {cls: report.share(cls) for cls in ("market", "public", "gray", "unclassified")}
    cells = [(BAR_CHARS[cls], BAR_STYLES[cls]) for cls, count in bar_segments(shares, width)
             for _ in range(count)]
    position = min(round(threshold * width), width - 1)
    cells[position] = ("│", "bold")
    bar = Text()
    for char, style in cells:
        bar.append(char, style=style)
    return bar


def comparison_markdown(comparison: Comparison, rows: list[Row], *, lang: str) -> str:
    title = _word(lang, "title", n=len(rows), standard=comparison.standard,
                  threshold=_threshold(comparison, lang))
    lines = [f"# {title}", "",
             f"| {_word(lang, 'enterprise')} | {_word(lang, 'year')} | {_word(lang, 'income')} | "
             f"{_word(lang, 'strict')} | {_word(lang, 'broad')} | {_word(lang, 'verdict')} | "
             f"{_word(lang, 'gap')} | {_word(lang, 'largest')} | HHI | {_word(lang, 'pct')} |",
             "|---|---|---:|---:|---:|---|---:|---:|---:|---:|"]
    for row in rows:
        report = row.report
        gap = report.gap_to_threshold
        lines.append(
            f"| {report.enterprise.replace('|', '/')} | "
            f"{'' if report.year is None else report.year} | "
            f"{format_money(report.income_total, lang)} | "
            f"{percent(report.market_share_strict, lang)} | "
            f"{percent(report.market_share_broad, lang)} | {say(lang, report.verdict)} | "
            f"{'—' if gap is None else format_money(gap, lang)} | "
            f"{percent(report.largest_payer.share, lang) if report.largest_payer else '—'} | "
            f"{'—' if report.hhi is None else f'{report.hhi:.2f}'} | {row.percentile:.0f} |")
    summary = _summary_line(comparison, lang)
    if summary:
        lines += ["", summary.replace("\n", "  \n")]
    if comparison.missing:
        lines += ["", _word(lang, "missing", year=comparison.year,
                            names=", ".join(comparison.missing))]
    if comparison.errors:
        lines += ["", _word(lang, "errors"), ""]
        lines += [f"- `{p.file}`: {p.message}" for p in comparison.errors]
    return "\n".join(lines) + "\n"


def draw_chart(comparison: Comparison, rows: list[Row], target: Path, *, lang: str) -> bytes:
    """A horizontal stacked bar per enterprise with the threshold line, as PNG or SVG bytes."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .labels import class_name

    colours = {"market": "#2e7d32", "gray": "#f9a825", "unclassified": "#c62828",
               "public": "#1565c0"}
    labels = [f"{r.report.enterprise}" + (f" {r.report.year}" if comparison.year is None
                                          and r.report.year is not None else "") for r in rows]
    figure, axes = plt.subplots(figsize=(9, max(2.5, 0.32 * len(rows) + 1.2)))
    left = [0.0] * len(rows)
    for cls in ("market", "gray", "unclassified", "public"):
        values = [max(r.report.share(cls), 0.0) * 100 for r in rows]
        axes.barh(labels, values, left=left, color=colours[cls], label=class_name(lang, cls))
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.axvline(comparison.threshold * 100, color="black", linestyle="--", linewidth=1)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    axes.set_title(_word(lang, "title", n=len(rows), standard=comparison.standard,
                         threshold=_threshold(comparison, lang)))
    axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=target.suffix.lower().lstrip("."))
    plt.close(figure)
    return buffer.getvalue()
