"""The commands that show rows: `classify` (every row with its class) and `rules`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..errors import N_, UsageError
from .app import _accounts, _lang, _rules, app, check_outputs, friendly_errors
from .options import (
    ExcelOpt,
    FilesArg,
    LangOpt,
    NoColorOpt,
    OutputOpt,
    OwnIbanOpt,
    RulesOpt,
    SheetOpt,
    ShowNamesOpt,
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
        "--limit", min=1, help="Rows shown on screen, at least 1 (csv and json have all).")] = 200,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
    source: SourceOpt = None,
    enterprise: Annotated[str | None, typer.Option(
        "--enterprise", "-e", help="Only this enterprise's rows (a unique part of its name "
        "will do); for bank and bookkeeping files, the account holder's name.",
        show_default=False)] = None,
    year: YearOpt = None,
    own_iban: OwnIbanOpt = None,
    show_names: ShowNamesOpt = False,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show every income row with its class (market, public, gray, excluded), payer type and
    the rule that decided it, and the totals per class.

    Examples:

      wijkcalc classify data/buurthuis-de-linde.csv

      wijkcalc classify inkomsten.xlsx --sheet 2024 --explain

      wijkcalc classify netwerk.csv --enterprise "De Kroon" --year 2024

      wijkcalc classify ing-export.csv --explain --own-iban NL36INGB0007654321

      wijkcalc classify *.csv --format csv -o classified.csv

      wijkcalc classify inkomsten.csv --excel -o voor-excel.csv
    """
    from ..analysis.aggregate import unclassified_rows
    from ..api import classify_files
    from ..render import screen
    from ..render.terminal import unclassified_warning

    inputs, [target] = check_outputs(files, rules, output)
    language, ruleset = _lang(lang), _rules(rules)
    classified = classify_files(files, rules=ruleset, sheet=sheet, source=source, year=year,
                                enterprise=enterprise,
                                accounts=_accounts(ruleset, own_iban, show_names, enterprise))
    missing = unclassified_rows(classified)
    if missing.rows:
        message = unclassified_warning(missing, language)
        if strict:
            raise UsageError(message)
        screen.warn(message, no_color, lang=language)
    _show_rows(classified, ruleset, TableFormat.csv if excel else format, excel=excel,
               explain=explain, limit=limit, lang=language, target=target, inputs=inputs,
               show_names=show_names, no_color=no_color)


def _show_rows(classified, ruleset, format: TableFormat, *, excel: bool, explain: bool,
               limit: int, lang: str, target, inputs, show_names: bool, no_color: bool) -> None:
    """The classified rows as a table, CSV or JSON, to the screen or the target file."""
    from ..analysis.aggregate import class_totals, unclassified_rows
    from ..render import rows as row_view
    from ..render import screen
    from ..render.terminal import classify_view

    totals = class_totals(classified)
    if format is TableFormat.table:
        width = screen.FILE_WIDTH if target else screen.screen_width(no_color)
        views = classify_view(classified, totals, ruleset, lang=lang, explain=explain,
                              limit=limit, width=width, show_names=show_names)
        screen.show(views, target, inputs, no_color)
    elif format is TableFormat.csv:
        records = row_view.row_records(classified, ruleset, explain=explain,
                                       show_names=show_names, lang=lang)
        screen.emit(row_view.csv_pieces(records, excel=excel), target, inputs)
    else:
        screen.emit(row_view.classify_json(classified, ruleset, totals=totals,
                                           unclassified=unclassified_rows(classified),
                                           explain=explain, show_names=show_names),
                    target, inputs)


@app.command("rules")
@friendly_errors
def rules_command(
    files: Annotated[list[Path] | None, typer.Argument(
        help="Income files, bank exports or auditfiles to test the rules on.",
        show_default=False)] = None,
    format: Annotated[TableFormat, typer.Option(
        "--format", "-f", help="table or json (csv: the rows no rule matched).")]
    = TableFormat.table,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
    source: SourceOpt = None,
    own_iban: OwnIbanOpt = None,
    show_names: ShowNamesOpt = False,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show the active rules in the order they are tried; with FILES, how many rows and euros
    each rule matched, and the rows no rule matched.

    Examples:

      wijkcalc rules

      wijkcalc rules --rules mijn-regels.toml inkomsten.csv

    With a bank export, the payers no rule knows, largest amount first:

      wijkcalc rules ing-export-2024.csv
    """
    from ..render import screen

    language = _lang(lang)
    ruleset = _rules(rules)
    usage = unmatched = None
    if files:
        from ..api import classify_files
        from ..rules import rule_usage

        classified = classify_files(files, rules=ruleset, sheet=sheet, source=source,
                                    accounts=_accounts(ruleset, own_iban, show_names))
        usage = rule_usage(classified)
        unmatched = classified[classified["class"] == "unclassified"]
    if format is TableFormat.json:
        from ..render.rows import rules_json

        screen.emit(rules_json(ruleset, usage, unmatched, show_names=show_names), None, [])
    elif format is TableFormat.csv:
        if unmatched is None:
            raise UsageError(N_("--format csv lists the rows no rule matched: give income "
                                "files"))
        from ..render import rows as row_view

        records = row_view.row_records(unmatched, ruleset, explain=False,
                                       show_names=show_names)
        screen.emit(row_view.to_csv(records), None, [])
    else:
        from ..render.terminal import rules_views

        views = rules_views(ruleset, lang=language, usage=usage, unmatched=unmatched,
                            width=screen.screen_width(no_color), show_names=show_names)
        screen.show(views, None, [], no_color)
