"""The income-mix report as a rich terminal view and as Markdown, in Dutch or English."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..mix import INCOME_CLASSES, Report, Warning
from ..money import format_money
from .labels import class_name
from .report_words import REPORT_WORDS

if TYPE_CHECKING:
    from rich.console import RenderableType

# order on the bar: what surely counts, then what may count, then what does not
BAR_ORDER = ("market", "gray", "unclassified", "public")
BAR_CHARS = {"market": "█", "gray": "▓", "unclassified": "░", "public": "▒"}
BAR_STYLES = {"market": "green", "gray": "yellow", "unclassified": "red", "public": "blue"}
VERDICT_STYLES = {"meets": "bold green", "gray-zone": "bold yellow", "falls-short": "bold red"}
TOP_PAYERS = 5


def say(lang: str, key: str, **values: object) -> str:
    text = REPORT_WORDS[lang][key]
    return text.format(**values) if values else text


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}%"
    return text.replace(".", ",") if lang == "nl" else text


def number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def period(report: Report, lang: str) -> str:
    if report.pooled_years:
        return say(lang, "all_years", years=f"{report.pooled_years[0]}–{report.pooled_years[-1]}")
    return str(report.year) if report.year is not None else say(lang, "no_year")


def threshold_percent(value: float, lang: str) -> str:
    """A threshold as it was set: 75%, 62.5%, 57% (not 62% by rounding, nor 57.0% by float)."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if lang == "nl" else text) + "%"


def threshold_text(report: Report, lang: str) -> str:
    return threshold_percent(report.threshold, lang)


def verdict_sentence(report: Report, lang: str) -> str:
    # the shares the verdict was judged on: a standard that counts gray income as market
    # (semark, uk-gov) surely has market + gray, not the strict share alone
    surely = report.market_share_strict
    key = f"verdict_{report.verdict}"
    if report.standards and _chosen(report).gray_as_market:
        surely = (report.totals.market + report.totals.gray) / report.income_total
        if report.verdict == "gray-zone":  # only unclassified money is still open
            key = "verdict_gray-zone_unclassified"
    return say(lang, key, t=threshold_text(report, lang),
               strict=percent(surely, lang), broad=percent(report.market_share_broad, lang))


def gap_sentence(report: Report, lang: str) -> str | None:
    t = threshold_text(report, lang)
    if report.gap_to_threshold is None:
        return say(lang, "gap_infinite", t=t)
    if report.gap_to_threshold == 0:
        return None
    return say(lang, "gap", gap=format_money(report.gap_to_threshold, lang), t=t)


def warning_text(warning: Warning, lang: str) -> str:
    data = dict(warning.data)
    values: dict[str, object] = {}
    if "cents" in data:
        values["amount"] = format_money(int(data["cents"]), lang)  # type: ignore[arg-type]
    if "share" in data:
        values["share"] = percent(float(data["share"]), lang)  # type: ignore[arg-type]
    if "class" in data:
        values["cls"] = class_name(lang, str(data["class"]))
    if "name" in data:
        values["name"] = data["name"]
    if warning.code == "unclassified":
        values["flip"] = say(lang, "w_flip") if data.get("could_flip_verdict") else ""
    return say(lang, f"w_{warning.code}", **values)


def bar_segments(shares: dict[str, float], width: int) -> list[tuple[str, int]]:
    """Cell counts per class that add up to width exactly (largest remainders)."""
    positive = {cls: max(shares.get(cls, 0.0), 0.0) for cls in BAR_ORDER}
    total = sum(positive.values()) or 1.0
    exact = {cls: positive[cls] / total * width for cls in BAR_ORDER}
    cells = {cls: int(exact[cls]) for cls in BAR_ORDER}
    for cls in sorted(BAR_ORDER, key=lambda c: exact[c] - cells[c], reverse=True):
        if sum(cells.values()) >= width:
            break
        cells[cls] += 1
    return [(cls, cells[cls]) for cls in BAR_ORDER]


def bar_text(shares: dict[str, float], width: int, threshold: float | None = None,
             label: str | None = None):
    """A stacked bar as rich Text; with a threshold, a marker line above it (``label``: how
    the threshold is written, by default as in English)."""
    from rich.text import Text

    bar = Text()
    for cls, cells in bar_segments(shares, width):
        bar.append(BAR_CHARS[cls] * cells, style=BAR_STYLES[cls])
    if threshold is None:
        return bar
    position = min(round(threshold * width), width - 1)
    marker = Text(" " * position + "▼ " + (label or f"{threshold * 100:g}%"))
    return Text("\n").join([marker, bar])


# ---------------------------------------------------------------- terminal

def report_views(report: Report, *, lang: str, width: int = 100) -> list[RenderableType]:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from .terminal import class_text

    comparison = ">" if report.standards and _chosen(report).majority else "≥"
    heading = Text(say(lang, "title", enterprise=report.enterprise, year=period(report, lang)),
                   style="bold")
    standard = Text(say(lang, "standard_line", id=report.standard, comparison=comparison,
                        threshold=threshold_text(report, lang)), style="dim")

    mix = Table(title=say(lang, "mix_title"), title_justify="left", header_style="bold",
                box=None, padding=(0, 2, 0, 0))
    mix.add_column("")
    mix.add_column("", justify="right", no_wrap=True)
    mix.add_column("", justify="right")
    for cls in INCOME_CLASSES:
        cents = getattr(report.totals, cls)
        if cls == "unclassified" and cents == 0:
            continue
        mix.add_row(class_text(cls, lang), format_money(cents, lang),
                    percent(report.share(cls), lang))
    mix.add_row(Text(say(lang, "total"), style="bold"),
                Text(format_money(report.income_total, lang), style="bold"), "")
    for cls in ("excluded", "cost"):
        cents = getattr(report.totals, cls)
        if cents:
            mix.add_row(class_text(cls, lang), format_money(cents, lang), "", style="dim")

    bar_width = max(20, min(60, width - 12))
    shares = {cls: report.share(cls) for cls in INCOME_CLASSES}
    bar = bar_text(shares, bar_width, report.threshold, threshold_text(report, lang))
    legend = Text(say(lang, "bar_legend"), style="dim")

    verdict = Text(verdict_sentence(report, lang), style=VERDICT_STYLES[report.verdict])
    gap = gap_sentence(report, lang)
    verdict_block = Group(verdict, Text(gap)) if gap else verdict

    standards = Table(title=say(lang, "standards_title"), title_justify="left",
                      header_style="bold", box=box.SIMPLE_HEAD)
    for key, justify in (("standard", "left"), ("threshold", "right"), ("gray_zone", "left"),
                         ("verdict", "left"), ("gap_col", "right")):
        standards.add_column(say(lang, key), justify=justify)  # type: ignore[arg-type]
    for result in report.standards:
        sign = ">" if result.majority else "≥"
        gap_cell = "—" if result.gap_to_threshold is None else (
            "" if result.gap_to_threshold == 0 else format_money(result.gap_to_threshold, lang))
        standards.add_row(result.id, f"{sign} {threshold_percent(result.threshold, lang)}",
                          say(lang, "as_market" if result.gray_as_market else "range"),
                          Text(say(lang, result.verdict), style=VERDICT_STYLES[result.verdict]),
                          gap_cell)

    views: list[RenderableType] = [
        Panel(Group(heading, standard), expand=False),
        mix, Text(""), bar, legend, Text(""), Panel(verdict_block, expand=False),
        standards,
    ]

    if report.payers:
        payers = Table(title=say(lang, "payers_title"), title_justify="left",
                       header_style="bold", box=None, padding=(0, 2, 0, 0))
        payers.add_column("")
        payers.add_column("", justify="right", no_wrap=True)
        payers.add_column("", justify="right")
        for payer in report.payers[:TOP_PAYERS]:
            payers.add_row(Text(payer.name), format_money(payer.cents, lang),
                           percent(payer.share, lang))
        views += [payers]
    if report.largest_payer:
        # one figure a line: the sentence would wrap mid-figure at 80 columns
        figures = say(lang, "dependency", share=percent(report.largest_payer.share, lang),
                      hhi=number(report.hhi, lang), n=number(report.effective_funders, lang, 1),
                      city=percent(report.municipality_share, lang)).split(" · ")
        views.append(Text("\n".join(f[0].upper() + f[1:] for f in figures)))

    if len(report.years) > 1:
        years = Table(title=say(lang, "years_title"), title_justify="left", header_style="bold",
                      box=box.SIMPLE_HEAD)
        years.add_column("")
        years.add_column(say(lang, "income"), justify="right", no_wrap=True)
        years.add_column(say(lang, "strict"), justify="right")
        years.add_column(say(lang, "broad"), justify="right")
        years.add_column(say(lang, "verdict"), no_wrap=True)
        years.add_column("", no_wrap=True)
        small = max(10, min(24, width - 80))
        for result in report.years:
            year_shares = None
            if result.market_share_strict is not None and result.income_total > 0:
                year_shares = {"market": result.market_share_strict,
                               "gray": result.market_share_broad - result.market_share_strict,
                               "public": 1 - result.market_share_broad}
            years.add_row(
                "" if result.year is None else str(result.year),
                format_money(result.income_total, lang),
                percent(result.market_share_strict, lang),
                percent(result.market_share_broad, lang),
                Text(say(lang, result.verdict), style=VERDICT_STYLES[result.verdict])
                if result.verdict else "—",
                bar_text(year_shares, small) if year_shares else "",
            )
        views.append(years)

    if report.cost_coverage:
        coverage = report.cost_coverage
        views.append(Text(say(lang, "coverage", market=percent(coverage.market, lang),
                              costs=format_money(coverage.costs, lang),
                              earned=percent(coverage.earned, lang))))
    if report.warnings:
        views.append(Text(say(lang, "warnings_title"), style="bold yellow"))
        bullets = Table.grid(padding=(0, 1))  # a hanging indent for wrapped warnings
        bullets.add_column(no_wrap=True)
        bullets.add_column()
        for warning in report.warnings:
            bullets.add_row("•", Text(warning_text(warning, lang)))
        views.append(bullets)
    return views


def _chosen(report: Report):
    return next(s for s in report.standards if s.id == report.standard)


# ---------------------------------------------------------------- markdown

def report_markdown(report: Report, *, lang: str) -> str:
    sign = ">" if _chosen(report).majority else "≥"
    lines = [
        f"# {say(lang, 'title', enterprise=report.enterprise, year=period(report, lang))}",
        "",
        say(lang, "standard_line", id=report.standard, comparison=sign,
            threshold=threshold_text(report, lang)),
        "",
        f"## {say(lang, 'mix_title')}",
        "",
        "| | | |",
        "|---|---:|---:|",
    ]
    for cls in INCOME_CLASSES:
        cents = getattr(report.totals, cls)
        lines.append(f"| {class_name(lang, cls)} | {format_money(cents, lang)}"
                     f" | {percent(report.share(cls), lang)} |")
    lines.append(f"| **{say(lang, 'total')}** | **{format_money(report.income_total, lang)}** | |")
    for cls in ("excluded", "cost"):
        if getattr(report.totals, cls):
            lines.append(f"| {class_name(lang, cls)} | "
                         f"{format_money(getattr(report.totals, cls), lang)} | |")
    lines += ["", f"**{verdict_sentence(report, lang)}**"]
    gap = gap_sentence(report, lang)
    if gap:
        lines += ["", gap]
    lines += ["", f"## {say(lang, 'standards_title')}", "",
              f"| {say(lang, 'standard')} | {say(lang, 'threshold')} | {say(lang, 'gray_zone')} "
              f"| {say(lang, 'verdict')} | {say(lang, 'gap_col')} |",
              "|---|---:|---|---|---:|"]
    for result in report.standards:
        gap_cell = "—" if result.gap_to_threshold is None else (
            "" if result.gap_to_threshold == 0 else format_money(result.gap_to_threshold, lang))
        lines.append(f"| {result.id} | {'>' if result.majority else '≥'} "
                     f"{threshold_percent(result.threshold, lang)} | "
                     f"{say(lang, 'as_market' if result.gray_as_market else 'range')} | "
                     f"{say(lang, result.verdict)} | {gap_cell} |")
    if report.payers:
        lines += ["", f"## {say(lang, 'payers_title')}", "", "| | | |", "|---|---:|---:|"]
        for payer in report.payers[:TOP_PAYERS]:
            lines.append(f"| {_md_cell(payer.name)} | {format_money(payer.cents, lang)} | "
                         f"{percent(payer.share, lang)} |")
    if report.largest_payer:
        lines += ["", say(lang, "dependency", share=percent(report.largest_payer.share, lang),
                          hhi=number(report.hhi, lang),
                          n=number(report.effective_funders, lang, 1),
                          city=percent(report.municipality_share, lang))]
    if len(report.years) > 1:
        lines += ["", f"## {say(lang, 'years_title')}", "",
                  f"| | {say(lang, 'income')} | {say(lang, 'strict')} | {say(lang, 'broad')} | "
                  f"{say(lang, 'verdict')} |", "|---|---:|---:|---:|---|"]
        for result in report.years:
            lines.append(f"| {'' if result.year is None else result.year} | "
                         f"{format_money(result.income_total, lang)} | "
                         f"{percent(result.market_share_strict, lang)} | "
                         f"{percent(result.market_share_broad, lang)} | "
                         f"{say(lang, result.verdict) if result.verdict else '—'} |")
    if report.cost_coverage:
        coverage = report.cost_coverage
        lines += ["", say(lang, "coverage", market=percent(coverage.market, lang),
                          costs=format_money(coverage.costs, lang),
                          earned=percent(coverage.earned, lang))]
    if report.warnings:
        lines += ["", f"## {say(lang, 'warnings_title')}", ""]
        lines += [f"- {warning_text(w, lang)}" for w in report.warnings]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")
