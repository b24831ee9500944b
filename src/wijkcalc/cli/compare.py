"""The `compare` command: many enterprises side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .app import _accounts, _jobs, _lang, _rules, app, check_outputs, friendly_errors
from .options import (
    PRETTY_JSON_ROWS,
    ChartOpt,
    CompareFormat,
    EveryYearOpt,
    ExcelOpt,
    FailFastOpt,
    JobsOpt,
    LangOpt,
    NoColorOpt,
    OutputName,
    OutputOpt,
    OwnIbanOpt,
    RowPerYearOpt,
    RulesOpt,
    SheetOpt,
    ShowNamesOpt,
    SortKey,
    SortOpt,
    SourceOpt,
    StandardOpt,
    ThresholdOpt,
)

SaveOpt = Annotated[OutputName, typer.Option(
    "--save", help="Also write the comparison to FILE: .html or .pdf a benchmark for the board "
    "(the distribution, the verdict counts, the table), .svg or .png the chart, .txt or .md "
    "the text.", metavar="FILE", show_default=False)]


@app.command()
@friendly_errors
def compare(
    paths: Annotated[list[Path], typer.Argument(
        help="Income files, bank exports, auditfiles, and folders (every such file inside).",
        show_default=False)],
    format: Annotated[CompareFormat, typer.Option(
        "--format", "-f", help="table, csv, json or markdown.")] = CompareFormat.table,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    sort: SortOpt = SortKey.share,
    year: EveryYearOpt = None,
    all_years: RowPerYearOpt = False,
    standard: StandardOpt = "lsa",
    threshold: ThresholdOpt = None,
    chart: ChartOpt = None,
    save: SaveOpt = None,
    fail_fast: FailFastOpt = False,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
    source: SourceOpt = None,
    own_iban: OwnIbanOpt = None,
    show_names: ShowNamesOpt = False,
    jobs: JobsOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Compare many enterprises side by side, the way a network benchmarks its members: each
    row is the report's analysis of one enterprise, sorted by market share, with a summary.

    A file that cannot be read is listed with its reason after the others are compared, and
    the exit status is then 2.

    Examples:

      wijkcalc compare data/

      wijkcalc compare leden/ netwerk.xlsx --year 2024 --format csv -o benchmark.csv

      wijkcalc compare leden/ --all-years --sort name --chart benchmark.png

      wijkcalc compare leden/ --year 2024 --save benchmark.html
    """
    from ..api import compare as run_compare
    from ..pipeline import input_files
    from ..render import screen
    inputs, [target, chart_target, save_target] = _check_targets(paths, rules, output, chart,
                                                                 save)
    language = _lang(lang)
    format = CompareFormat.csv if excel else format
    ruleset = _rules(rules)
    with screen.Progress(len(input_files(paths)), no_color, lang=language) as advance:
        comparison = run_compare(paths, year=year, all_years=all_years, standard=standard,
                                 threshold=threshold, rules=ruleset, sheet=sheet, source=source,
                                 fail_fast=fail_fast, progress=advance,
                                 accounts=_accounts(ruleset, own_iban, show_names),
                                 jobs=_jobs(jobs))
    order = comparison.order(sort.value)
    _show_comparison(comparison, order, format=format, excel=excel, lang=language,
                     output=target, inputs=inputs, no_color=no_color)
    _save(chart_target, save_target, comparison, order, lang=language, inputs=inputs)
    _exit_on_problems(comparison.errors, language)


def _check_targets(paths: list[Path], rules: Path | None, output: str | None,
                   chart: str | None, save: str | None) -> tuple[list[Path], list[Path | None]]:
    """Before all: each output writable and no input; --chart .png or .svg, --save a suffix
    it writes; matplotlib there for a .png."""
    from ..render.chart import check_chart_target
    from ..render.export import check_save_target

    if chart is not None:
        check_chart_target(Path(chart), paths)
    if save is not None:
        check_save_target(Path(save))
    return check_outputs(paths, rules, output, chart, save)


def _save(chart: Path | None, save: Path | None, comparison: Any, order: list[int], *,
          lang: str, inputs: list[Path]) -> None:
    """--chart, then --save (a board document, a chart or the text)."""
    rows = [comparison.rows[i] for i in order] if chart is not None or save is not None else []
    if rows:
        from ..render.compare_view import for_chart

        comparison = for_chart(comparison)  # no quartile pools the years
    if chart is not None and rows:
        from ..render.chart import write_chart

        write_chart(chart, comparison, rows, lang=lang, inputs=inputs)
    if save is not None:
        from ..render.compare_view import comparison_document
        from ..render.export import export_comparison
        from ..render.files import write_atomic

        document = comparison_document(comparison, rows, lang)
        write_atomic(save, export_comparison(comparison, rows, document, save, lang),
                     inputs=inputs)


def _exit_on_problems(problems: Any, lang: str) -> None:
    """Each file that could not be used, one line on stderr (in ``lang``); then exit status 2."""
    from ..render.i18n import say

    for problem in problems:
        message = problem.file + ": " + problem.said(lambda msgid: say(lang, msgid))
        typer.echo(say(lang, "wijkcalc: error: {message}", message=message), err=True)
    if problems:
        raise typer.Exit(2)


def _show_comparison(comparison: Any, order: list[int], *, format: CompareFormat,
                     excel: bool, lang: str, output: Path | None, inputs: list[Path],
                     no_color: bool) -> None:
    from ..render import screen

    if format is CompareFormat.json:  # straight from the figures: no report object is built
        from ..render.rows import json_pieces

        document = comparison.to_dict(order=order, streamed=True)
        screen.emit(json_pieces(document, "enterprises", pretty=len(order) <= PRETTY_JSON_ROWS),
                    output, inputs)
        return
    rows = [comparison.rows[i] for i in order]
    if format is CompareFormat.csv:
        from ..render.compare_view import comparison_csv

        screen.emit(comparison_csv(rows, excel=excel), output, inputs)
        return
    if format is CompareFormat.markdown:
        from ..render.compare_view import comparison_document
        from ..render.markdown import markdown

        screen.emit(markdown(comparison_document(comparison, rows, lang)), output, inputs)
    else:  # fitted to the screen; a file has no edge (every name whole)
        from ..render.compare_view import comparison_views

        width = screen.FILE_WIDTH if output else screen.screen_width(no_color)
        screen.show(comparison_views(comparison, rows, lang, width), output, inputs, no_color)
