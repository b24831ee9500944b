"""The commands that report on one enterprise: `report` and `demo`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .app import _accounts, _jobs, _lang, _rules, app, check_outputs, friendly_errors
from .options import (
    JobsOpt,
    LangOpt,
    NoColorOpt,
    OutputName,
    OwnIbanOpt,
    ReportFormat,
    RulesOpt,
    SheetOpt,
    ShowNamesOpt,
    SourceOpt,
    StandardOpt,
    ThresholdOpt,
    YearOpt,
)

if TYPE_CHECKING:
    from ..analysis.results import Report

SaveOpt = Annotated[OutputName, typer.Option(
    "--save", help="Also write the report to FILE: .html or .pdf a report for the board "
    "(charts, every stream, a glossary), .svg or .png the mix as a chart, .txt or .md the text.",
    metavar="FILE", show_default=False)]

BudgetOpt = Annotated[bool, typer.Option(
    "--budget", help="Report on the budget (a column or sheet such as 'Begroting 2025') "
    "instead of the actuals: does the plan meet the yardstick?")]
AsMarketOpt = Annotated[list[str] | None, typer.Option(
    "--as-market", help="Scenario: count the income whose category, payer or description "
    "holds TEXT as market income, and show the report before and after (repeatable).",
    metavar="TEXT", show_default=False)]
AsPublicOpt = Annotated[list[str] | None, typer.Option(
    "--as-public", help="Scenario: count the income whose category, payer or description "
    "holds TEXT as public income (repeatable).", metavar="TEXT", show_default=False)]
CheckOpt = Annotated[bool, typer.Option(
    "--check", help="Exit with status 1 unless the verdict is 'meets'.")]
ReportFormatOpt = Annotated[ReportFormat, typer.Option(
    "--format", "-f", help="text, json or markdown.")]
AllYearsOpt = Annotated[bool, typer.Option("--all-years", help="Pool all years into one mix.")]


@app.command()
@friendly_errors
def report(
    file: Annotated[list[Path], typer.Argument(
        help="The income file(s) of one enterprise (or a file holding many, with --enterprise).",
        show_default=False)],
    format: ReportFormatOpt = ReportFormat.text,
    enterprise: Annotated[str | None, typer.Option(
        "--enterprise", "-e", help="Which enterprise, when the input holds several; for bank "
        "and bookkeeping files, the account holder's name.", show_default=False)] = None,
    year: YearOpt = None,
    all_years: AllYearsOpt = False,
    standard: StandardOpt = "lsa",
    threshold: ThresholdOpt = None,
    save: SaveOpt = None,
    budget: BudgetOpt = False,
    as_market: AsMarketOpt = None,
    as_public: AsPublicOpt = None,
    check: CheckOpt = False,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
    source: SourceOpt = None,
    own_iban: OwnIbanOpt = None,
    show_names: ShowNamesOpt = False,
    jobs: JobsOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Is the enterprise a social enterprise by the market-income yardstick, and if not, how far
    off is it? The mix, the verdict, the gap in euros, the standards side by side, the main
    payers and the years.

    Examples:

      wijkcalc report data/buurthuis-de-linde.csv

      wijkcalc report netwerk.csv --enterprise "De Kroon" --year 2023 --lang en

      wijkcalc report inkomsten.xlsx --format json --check

      wijkcalc report ing-export-2024.csv --enterprise "Stichting De Linde"

      wijkcalc report inkomsten.csv --as-market "Right to Challenge"
    """
    from ..api import report_files

    _check_save(save)
    inputs, [target] = check_outputs(file, rules, save)
    ruleset = _rules(rules)
    accounts = _accounts(ruleset, own_iban, show_names, holder=enterprise)
    result = report_files(file, enterprise=enterprise, year=year, all_years=all_years,
                          standard=standard, threshold=threshold, rules=ruleset,
                          sheet=sheet, source=source, accounts=accounts, budget=budget,
                          as_market=as_market or (), as_public=as_public or (),
                          jobs=_jobs(jobs))
    _show_report(result, format=format, lang=_lang(lang), save=target, inputs=inputs,
                 no_color=no_color)
    if check and result.verdict != "meets":
        raise typer.Exit(1)


@app.command()
@friendly_errors
def demo(
    format: ReportFormatOpt = ReportFormat.text,
    year: YearOpt = None,
    all_years: AllYearsOpt = False,
    standard: StandardOpt = "lsa",
    threshold: ThresholdOpt = None,
    save: SaveOpt = None,
    as_market: AsMarketOpt = None,
    as_public: AsPublicOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The report on a bundled example (a community centre living on room rent and its bar),
    with report's options: another standard or year, a scenario, --save for the board.

    Examples:

      wijkcalc demo --save report.html

      wijkcalc demo --standard code-nl --all-years

      wijkcalc demo --as-market wijkspreekuur

    Try next:  wijkcalc report YOUR-FILE.csv
    """
    from ..api import report_files
    from ..examples import example

    _check_save(save)
    path = example()
    inputs, [target] = check_outputs([path], None, save)
    result = report_files([path], year=year, all_years=all_years, standard=standard,
                          threshold=threshold, as_market=as_market or (),
                          as_public=as_public or ())
    _show_report(result, format=format, lang=_lang(lang), save=target, inputs=inputs,
                 no_color=no_color)


def _check_save(save: str | None) -> None:
    if save is not None:
        from ..render.export import check_save_target

        check_save_target(Path(save))


def _show_report(result: Report, *, format: ReportFormat, lang: str, save: Path | None,
                 inputs: list[Path], no_color: bool) -> None:
    from ..render import screen
    from ..render.report_view import report_document

    if format is ReportFormat.json:
        from ..render.rows import dumps

        screen.emit(dumps(result.to_dict()), None, inputs)
    elif format is ReportFormat.markdown:
        from ..render.markdown import markdown

        screen.emit(markdown(report_document(result, lang)), None, inputs)
    else:
        from ..render.console import renderables

        screen.show(renderables(report_document(result, lang), screen.screen_width(no_color)),
                    None, inputs, no_color)
    if save is not None:  # with --format json too
        from ..render.export import export_report
        from ..render.files import write_atomic

        write_atomic(save, export_report(result, report_document(result, lang), save, lang),
                     inputs=inputs)
