"""One enterprise's report as a Document: every sentence and figure the views show."""

from __future__ import annotations

from ..analysis.results import Notice, Report
from ..vocab import INCOME_CLASSES
from .i18n import class_name, payer_name, say, say_plural, verdict_name
from .numbers import comparison_sign, gap, money, number, percent, threshold_percent
from .sections import Bar, Bullets, Cell, Column, Document, Lines, Paragraph, Table, Title, Verdict

TOP_PAYERS = 5
TOP_STREAMS = 5  # per class, in the terminal and Markdown views (the board report lists all)
# a name, an amount and a share, without a header line
FIGURES = (Column(), Column(align="right", wrap=False), Column(align="right"))


def report_document(report: Report, lang: str) -> Document:
    return Document(_title(report, lang), (
        _mix(report, lang),
        Bar(report.shares, report.threshold, threshold_percent(report.threshold, lang),
            say(lang, "█ market  ▓ gray zone  ░ unclassified  ▒ public   ▼ threshold")),
        Verdict(verdict_sentence(report, lang), report.verdict, gap_sentence(report, lang)),
        *_paths(report, lang),
        _standards(report, lang),
        *_streams(report, lang),
        *_dependency(report, lang),
        *_years(report, lang),
        *_coverage(report, lang),
        *_warnings(report, lang),
    ))


def period(report: Report, lang: str) -> str:
    if report.pooled_years:
        years = f"{report.pooled_years[0]}–{report.pooled_years[-1]}"
        return say(lang, "all years ({years})", years=years)
    return str(report.year) if report.year is not None else say(lang, "all rows")


def _title(report: Report, lang: str) -> Title:
    return Title(
        say(lang, "Income mix — {enterprise}, {year}", enterprise=report.enterprise,
            year=period(report, lang)),
        say(lang, "Standard: {id} ({comparison} {threshold} market income)", id=report.standard,
            comparison=comparison_sign(report.majority),
            threshold=threshold_percent(report.threshold, lang)))


def verdict_sentence(report: Report, lang: str) -> str:
    t = threshold_percent(report.threshold, lang)
    strict = percent(report.market_share_counted, lang)
    broad = percent(report.market_share_broad, lang)
    if report.verdict == "meets":
        return say(lang, "MEETS the {t} yardstick: {strict} of income is market income.",
                   t=t, strict=strict)
    if report.verdict == "falls-short":
        return say(lang, "FALLS SHORT of the {t} yardstick: even with the gray zone counted as "
                   "market, market income is {broad}.", t=t, broad=broad)
    if report.gray_as_market:  # under this standard only unclassified money is still open
        return say(lang, "UNDECIDED: {strict} is market income for sure, {broad} if the "
                   "unclassified income is market too; {t} is reached only if it is.",
                   t=t, strict=strict, broad=broad)
    return say(lang, "GRAY ZONE: {strict} is market income for sure, {broad} if the gray zone "
               "counts as market; {t} is reached only if it does.", t=t, strict=strict,
               broad=broad)


def gap_sentence(report: Report, lang: str) -> str:
    t = threshold_percent(report.threshold, lang)
    if report.gap_to_threshold is None:
        return say(lang, "No extra market income reaches {t} while there is other income.", t=t)
    if report.gap_to_threshold == 0:
        return ""
    return say(lang, "{gap} more market income would reach {t}.",
               gap=money(report.gap_to_threshold, lang), t=t)


def _paths(report: Report, lang: str) -> list[object]:
    """The ways to the yardstick in words: the gap, the shift, the gray zone, the scenario."""
    paths = report.paths
    if paths is None:
        return []
    t = threshold_percent(report.threshold, lang)
    items = []
    if paths.shift == 0:
        items.append(say(lang, "The {t} yardstick is met today: no change is needed.", t=t))
    else:
        if paths.gap:
            items.append(say(lang, "{gap} more market income, everything else equal, would "
                             "reach {t}.", gap=money(paths.gap, lang), t=t))
        if paths.shift is None:
            items.append(say(lang, "No shift of today's income reaches {t}.", t=t))
        else:
            items.append(say(lang, "Or {shift} of today's non-market income would have to "
                             "become market income.", shift=money(paths.shift, lang)))
            items.append(_gray_sentence(report, lang))
    if report.scenario is not None:
        items.append(scenario_sentence(report, lang))
    return [Bullets(say(lang, "Paths to the yardstick"), tuple(items), style="")]


def _gray_sentence(report: Report, lang: str) -> str:
    gray = money(report.totals.gray, lang)
    if report.gray_as_market:
        return say(lang, "This standard already counts the gray zone ({gray}) as market.",
                   gray=gray)
    if report.paths is not None and report.paths.gray_enough:
        return say(lang, "Counting all gray-zone income ({gray}) as market would be enough.",
                   gray=gray)
    return say(lang, "Counting all gray-zone income ({gray}) as market would not be enough.",
               gray=gray)


def scenario_sentence(report: Report, lang: str) -> str:
    """"Scenario — if … were market income: 68.2% → 76.9%: meets" for the chosen standard."""
    scenario = report.scenario
    assert scenario is not None
    parts = []
    if scenario.as_market:
        parts.append(say(lang, "{texts} were market income", texts=_quoted(scenario.as_market)))
    if scenario.as_public:
        parts.append(say(lang, "{texts} were public income", texts=_quoted(scenario.as_public)))
    after = scenario.report
    return say(lang, "Scenario — if {what}: {before} → {after}: {verdict}",
               what=say(lang, " and ").join(parts),
               before=percent(report.market_share_counted, lang),
               after=percent(after.market_share_counted, lang),
               verdict=verdict_name(lang, after.verdict))


def _quoted(texts: tuple[str, ...]) -> str:
    return ", ".join(f"“{text}”" for text in texts)


def _streams(report: Report, lang: str) -> list[object]:
    """The largest public, gray and unclassified streams, with payer and rule."""
    if not report.streams:
        return []
    shown: dict[str, int] = {}
    rows = []
    for stream in report.streams:  # largest first within each class
        shown[stream.cls] = shown.get(stream.cls, 0) + 1
        if shown[stream.cls] > TOP_STREAMS:
            continue
        rows.append((Cell(class_name(lang, stream.cls), stream.cls), Cell(stream.label),
                     Cell(payer_name(stream.payer, lang) if stream.payer else "—"),
                     Cell(money(stream.cents, lang)), Cell(stream.rule)))
    columns = (Column(say(lang, "Class")), Column(say(lang, "Stream")),
               Column(say(lang, "Payer")), Column(say(lang, "Amount"), "right", wrap=False),
               Column(say(lang, "Rule"), min_width=100))
    return [Table(columns, tuple(rows), title=say(lang, "Largest non-market streams"))]


def _mix(report: Report, lang: str) -> Table:
    rows, styles = [], []
    for cls in INCOME_CLASSES:
        cents = getattr(report.totals, cls)
        if cls == "unclassified" and cents == 0:
            continue
        rows.append((Cell(class_name(lang, cls), cls), Cell(money(cents, lang)),
                     Cell(percent(report.shares[cls], lang))))
        styles.append("")
    rows.append((Cell(say(lang, "Total income"), "bold"),
                 Cell(money(report.income_total, lang), "bold"), Cell("")))
    styles.append("")
    for cls in ("excluded", "cost"):
        cents = getattr(report.totals, cls)
        if cents:
            rows.append((Cell(class_name(lang, cls), cls), Cell(money(cents, lang)), Cell("")))
            styles.append("dim")
    return Table(FIGURES, tuple(rows),
                 title=say(lang, "Where the money comes from"), headers=False,
                 row_styles=tuple(styles))


def _standards(report: Report, lang: str) -> Table:
    columns = (Column(say(lang, "Standard")), Column(say(lang, "Threshold"), "right"),
               Column(say(lang, "Gray zone")), Column(say(lang, "Verdict")),
               Column(say(lang, "Gap"), "right"))
    rows = tuple((
        Cell(result.id),
        Cell(f"{comparison_sign(result.majority)} {threshold_percent(result.threshold, lang)}"),
        Cell(say(lang, "counts as market") if result.gray_as_market else say(lang, "a range")),
        Cell(verdict_name(lang, result.verdict), f"verdict-{result.verdict}"),
        Cell(gap(result.gap_to_threshold, lang)),
    ) for result in report.standards)
    return Table(columns, rows, title=say(lang, "The standards side by side"))


def _dependency(report: Report, lang: str) -> list[object]:
    found: list[object] = []
    if report.payers:
        rows = tuple((Cell(payer_name(payer.name, lang)), Cell(money(payer.cents, lang)),
                      Cell(percent(payer.share, lang))) for payer in report.payers[:TOP_PAYERS])
        found.append(Table(FIGURES, rows,
                           title=say(lang, "Main payers"), headers=False))
    if report.largest_payer:
        found.append(Lines((
            say(lang, "Largest payer {share}", share=percent(report.largest_payer.share, lang)),
            say(lang, "Herfindahl index {hhi}", hhi=number(report.hhi, lang)),
            say(lang, "Effective number of funders {n}",
                n=number(report.effective_funders, lang, 1)),
            say(lang, "Municipality (all instruments) {city}",
                city=percent(report.municipality_share, lang)),
        )))
    return found


def _years(report: Report, lang: str) -> list[object]:
    if len(report.years) < 2:
        return []
    columns = (Column(), Column(say(lang, "Income"), "right", wrap=False),
               Column(say(lang, "Strict"), "right"), Column(say(lang, "Broad"), "right"),
               Column(say(lang, "Verdict"), wrap=False))
    rows = tuple((
        Cell("" if result.year is None else str(result.year)),
        Cell(money(result.income_total, lang)),
        Cell(percent(result.market_share_strict, lang)),
        Cell(percent(result.market_share_broad, lang)),
        Cell(verdict_name(lang, result.verdict), f"verdict-{result.verdict}")
        if result.verdict else Cell("—"),
    ) for result in report.years)
    bars = tuple(Bar(result.shares) if result.shares else None for result in report.years)
    return [Table(columns, rows, title=say(lang, "Year by year (market share strict and broad)"),
                  bars=bars)]


def _coverage(report: Report, lang: str) -> list[object]:
    coverage = report.cost_coverage
    if not coverage:
        return []
    return [Paragraph(say(lang, "Cost coverage: market income covers {market} of the costs "
                          "({costs}); earned income (market + gray) {earned}.",
                          market=percent(coverage.market, lang),
                          costs=money(coverage.costs, lang),
                          earned=percent(coverage.earned, lang)))]


def _warnings(report: Report, lang: str) -> list[object]:
    if not report.warnings:
        return []
    return [Bullets(say(lang, "Warnings"),
                    tuple(notice_text(notice, lang) for notice in report.warnings))]


def notice_text(notice: Notice, lang: str) -> str:
    """A notice as a sentence in ``lang``."""
    data = notice.data
    amount = money(int(data["cents"]), lang) if "cents" in data else ""  # type: ignore[arg-type]
    share = percent(float(data["share"]), lang) if "share" in data else ""  # type: ignore[arg-type]
    if notice.code == "unclassified":
        flip = say(lang, " It could change the verdict.") if data.get("could_flip_verdict") \
            else ""
        return say(lang, "{amount} ({share}) matches no rule and is unclassified.{flip} "
                   "Run: wijkcalc rules FILE", amount=amount, share=share, flip=flip)
    if notice.code == "negative_class_total":
        return say(lang, "The {cls} total is negative ({amount}); check the signs.",
                   cls=class_name(lang, str(data["class"])), amount=amount)
    if notice.code == "excluded":
        return say(lang, "{amount} is not income (loans, capital, transfers) and is left out.",
                   amount=amount)
    if notice.code == "dominant_payer":
        return say(lang, "{name} brings {share} of all income: more than half from one payer "
                   "makes the enterprise vulnerable.", name=payer_name(str(data["name"]), lang),
                   share=share)
    if notice.code == "no_payers":
        return say(lang, "The input names no payers, so dependency cannot be measured.")
    if notice.code == "own_transfers":
        return say_plural(lang, "{lines} transfer between the enterprise's own accounts "
                          "({amount}) is neither income nor cost.",
                          "{lines} transfers between the enterprise's own accounts ({amount}) "
                          "are neither income nor cost.", int(data["lines"]),
                          lines=data["lines"], amount=amount)
    if notice.code == "reversals":
        return say_plural(lang, "{pairs} returned payment cancels the payment it returns "
                          "({amount}): the pair adds nothing.",
                          "{pairs} returned payments cancel the payments they return "
                          "({amount}): the pairs add nothing.", int(data["pairs"]),
                          pairs=data["pairs"], amount=amount)
    if notice.code == "cash_basis":
        return say(lang, "The figures come from bank lines: on a cash basis (money counted when "
                   "it was paid), VAT included.")
    if notice.code == "booked_basis":
        return say(lang, "The figures come from the bookkeeping: as booked (income counted when "
                   "invoiced), VAT not included.")
    if notice.code == "cash_and_booked":
        return say(lang, "Bank lines (cash, VAT included) and bookkeeping (booked, without VAT) "
                   "are counted together: the same money may be counted twice. Report on "
                   "one of them.")
    if notice.code == "by_description":
        return say(lang, "The input has no category column: each row was classified by its "
                   "description; {share} of income matched no rule.", share=share)
    if notice.code == "thousands":
        return say(lang, "The statement gives its amounts in thousands of euros: they are "
                   "counted as such, so the figures are exact only to the thousand.")
    if notice.code == "budget":
        if data.get("year") is None:
            return say(lang, "This report is on the budget: a plan, not what happened.")
        return say(lang, "This report is on the budget for {year}: a plan, not what happened.",
                   year=data["year"])
    if notice.code == "payers_missing":
        return say(lang, "{share} of income has no payer; dependency covers the rest.",
                   share=share)
    return notice.code
