"""The commands that show rows: `classify` (every row with its class) and `rules`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .app import _lang, _rules, app, check_outputs, friendly_errors
from .options import (
    ExcelOpt,
    FilesArg,
    LangOpt,
    NoColorOpt,
    OutputOpt,
    RulesOpt,
    SheetOpt,
    SourceOpt,
    TableFormat,
    YearOpt,
)


@app.command()
@friendly_errors
def classify(
    files: FilesArg,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="table, csv or json.")]
    = TableFormat.table,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    explain: Annotated[bool, typer.Option("--explain", help="Add each rule's reason.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Unclassified rows are an error (exit 2), not a warning.")] = False,
    limit: Annotated[int, typer.Option(
        "--limit", min=1, help="Rows shown in the table view (csv and json have all).")] = 200,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
    source: SourceOpt = None,
    year: YearOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show every income row with its class (market, public, gray, excluded), payer type and
    the rule that decided it, and the totals per class.

    Examples:

      wijkcalc classify data/buurthuis-de-linde.csv

      wijkcalc classify inkomsten.xlsx --sheet 2024 --explain

      wijkcalc classify *.csv --format csv -o classified.csv

      wijkcalc classify inkomsten.csv --excel -o voor-excel.csv
    """
    from ..analysis.aggregate import class_totals, unclassified_rows
    from ..api import classify_files
    from ..render import rows as row_view
    from ..render import screen
    from ..render.terminal import classify_view, unclassified_warning

    inputs, [target] = check_outputs(files, rules, output)
    language = _lang(lang)
    format = TableFormat.csv if excel else format
    ruleset = _rules(rules)
    classified = classify_files(files, rules=ruleset, sheet=sheet, source=source, year=year)
    missing = unclassified_rows(classified)
    if missing.rows:
        message = unclassified_warning(missing, language)
        if strict:
            raise UsageError(message)
        screen.warn(message, no_color)
    totals = class_totals(classified)
    if format is TableFormat.table:
        width = screen.FILE_WIDTH if target else screen.screen_width(no_color)
        views = classify_view(classified, totals, ruleset, lang=language, explain=explain,
                              limit=limit, width=width)
        screen.show(views, target, inputs, no_color)
    elif format is TableFormat.csv:
        records = row_view.row_records(classified, ruleset, explain=explain)
        screen.emit(row_view.to_csv(records, excel=excel), target, inputs)
    else:
        screen.emit(row_view.classify_json(classified, ruleset, totals=totals,
                                           unclassified=missing, explain=explain), target, inputs)


@app.command("rules")
@friendly_errors
def rules_command(
    files: Annotated[list[Path] | None, typer.Argument(
        help="Income files to test the rules on.", show_default=False)] = None,
    format: Annotated[TableFormat, typer.Option(
        "--format", "-f", help="table or json (csv: the rows no rule matched).")]
    = TableFormat.table,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
    source: SourceOpt = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show the active rules in the order they are tried; with FILES, how many rows and euros
    each rule matched, and the rows no rule matched.

    Examples:

      wijkcalc rules

      wijkcalc rules --rules mijn-regels.toml inkomsten.csv
    """
    from ..render import screen

    language = _lang(lang)
    ruleset = _rules(rules)
    usage = unmatched = None
    if files:
        from ..api import classify_files
        from ..rules import rule_usage

        classified = classify_files(files, rules=ruleset, sheet=sheet, source=source)
        usage = rule_usage(classified)
        unmatched = classified[classified["class"] == "unclassified"]
    if format is TableFormat.json:
        from ..render.rows import rules_json

        screen.emit(rules_json(ruleset, usage, unmatched), None, [])
    elif format is TableFormat.csv:
        if unmatched is None:
            raise UsageError("--format csv lists the rows no rule matched: give income files")
        from ..render import rows as row_view

        records = row_view.row_records(unmatched, ruleset, explain=False)
        screen.emit(row_view.to_csv(records), None, [])
    else:
        from ..render.terminal import rules_views

        views = rules_views(ruleset, lang=language, usage=usage, unmatched=unmatched,
                            width=screen.screen_width(no_color))
        screen.show(views, None, [], no_color)
