"""The wijkcalc command line: parse options, call the core, render. No pandas at import time."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from . import __version__
from .errors import UsageError, WijkcalcError

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    name="wijkcalc",
    help=(
        "Where does a neighbourhood enterprise's money come from? wijkcalc reads income files "
        "(CSV or Excel), classifies every stream as market, public or gray-zone income, and "
        "checks the mix against the 75% market-income yardstick.\n\n"
        "Start with:  wijkcalc classify data/buurthuis-de-linde.csv"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class TableFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class CompareFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    markdown = "markdown"


class SortKey(StrEnum):
    share = "share"
    name = "name"
    income = "income"
    gap = "gap"


class Language(StrEnum):
    nl = "nl"
    en = "en"


# ---------------------------------------------------------------- shared options

FilesArg = Annotated[list[Path], typer.Argument(
    help="Income files: .csv, .tsv, .txt or .xlsx.", show_default=False)]
RulesOpt = Annotated[Optional_Path := Path | None, typer.Option(
    "--rules", help="A TOML rule file; its rules go in front of the default ones.",
    show_default=False)]
SheetOpt = Annotated[str | None, typer.Option(
    "--sheet", help="The sheet to read in .xlsx files (default: the first).", show_default=False)]
YearOpt = Annotated[int | None, typer.Option(
    "--year", help="Only this year.", show_default=False)]
LangOpt = Annotated[Language | None, typer.Option(
    "--lang", help="Language of the output: nl or en (default: from the locale).",
    show_default=False)]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain text, no colours.")]
ExcelOpt = Annotated[bool, typer.Option(
    "--excel", help="CSV the way Dutch Excel opens it cleanly: ; separator, decimal comma, "
    "UTF-8 with BOM (implies --format csv).")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", help="Write to this file instead of the screen (never over an input).",
    show_default=False)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wijkcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """wijkcalc: classify income streams and check the market-income yardstick."""


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn wijkcalc's own errors into one line on stderr and exit status 2."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except WijkcalcError as error:
            typer.echo(f"wijkcalc: error: {error}", err=True)
            raise typer.Exit(2) from None
        except MemoryError:
            typer.echo("wijkcalc: error: not enough memory for this input; split the file",
                       err=True)
            raise typer.Exit(2) from None
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as error:
            # a bug of ours, not the user's: still one line, and how to report it
            if os.environ.get("WIJKCALC_DEBUG"):
                raise
            from .errors import one_line

            typer.echo(f"wijkcalc: internal error: {type(error).__name__}: "
                       f"{one_line(str(error))[:300]}; please report it (WIJKCALC_DEBUG=1 shows "
                       "where)", err=True)
            raise typer.Exit(70) from None

    return run


def _lang(lang: Language | None) -> str:
    from .render.labels import default_language

    return lang.value if lang else default_language()


def _console(no_color: bool, *, stderr: bool = False, file: Any = None) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, file=file, no_color=no_color, highlight=False,
                   soft_wrap=False)


def _emit(text: str, output: Path | None, inputs: list[Path]) -> None:
    """Machine output: to the file (atomically) or alone on stdout."""
    from .render.files import write_atomic

    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text, inputs=inputs)


def _render_to(views: list[Any], output: Path | None, inputs: list[Path], no_color: bool) -> None:
    if output is None:
        console = _console(no_color)
        for view in views:
            console.print(view)
        return
    import io

    from .render.files import write_atomic

    console = _console(True, file=io.StringIO())
    console.width = 400  # a file has no screen edge: let every table take its natural width
    for view in views:
        console.print(view)
    write_atomic(output, console.file.getvalue(), inputs=inputs)


def _load_classified(files: list[Path], rules: Path | None, sheet: str | None,
                     year: int | None):
    from .load import load
    from .rules import classify, load_rules

    ruleset = load_rules(rules)
    frame = load(files, sheet=sheet)
    if year is not None:
        frame = frame[frame["year"] == year]
        if frame.empty:
            raise UsageError(f"no rows for the year {year}")
    return ruleset, classify(frame, ruleset)


# ---------------------------------------------------------------- commands

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
    from .mix import class_totals, unclassified_rows
    from .money import format_money
    from .render import rows as row_view
    from .render.labels import word

    language = _lang(lang)
    if excel:
        format = TableFormat.csv
    ruleset, classified = _load_classified(files, rules, sheet, year)
    missing = unclassified_rows(classified)
    if missing.rows:
        message = word(language, "unclassified_warning", n=missing.rows,
                       amount=format_money(missing.cents, language),
                       categories=", ".join(missing.categories) or "—")
        if strict:
            raise UsageError(message)
        from rich.markup import escape

        _console(no_color, stderr=True).print(f"[yellow]wijkcalc: warning:[/] {escape(message)}")
    totals = class_totals(classified)
    if format is TableFormat.table:
        from .render.terminal import classify_view

        views = classify_view(classified, totals, ruleset, lang=language, explain=explain,
                              limit=limit, width=400 if output else _console(no_color).width)
        _render_to(views, output, files, no_color)
        return
    records = row_view.row_records(classified, ruleset, explain=explain)
    if format is TableFormat.csv:
        _emit(row_view.to_csv(records, excel=excel), output, files)
        return
    from .money import cents_to_str

    document = {
        "totals": totals.to_dict(),
        "income_total": cents_to_str(totals.income_total),
        "unclassified": missing.to_dict(),
        "rule_files": list(ruleset.files),
    }
    _emit(row_view.document_with_rows(document, records), output, files)


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
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """Show the active rules in the order they are tried; with FILES, how many rows and euros
    each rule matched, and the rows no rule matched.

    Examples:

      wijkcalc rules

      wijkcalc rules --rules mijn-regels.toml inkomsten.csv
    """
    from .rules import load_rules

    language = _lang(lang)
    ruleset = load_rules(rules)
    usage = unmatched = None
    if files:
        _, classified = _load_classified(files, rules, sheet, None)
        usage = classified.groupby("rule", observed=True)["amount_cents"].agg(["count", "sum"])
        unmatched = classified[classified["class"] == "unclassified"]
    if format is TableFormat.json:
        from .money import cents_to_str
        from .render import rows as row_view

        document: dict[str, Any] = {
            "payer_types": [{"type": p.type, "words": [w.strip() for w in p.words],
                             "source": p.source} for p in ruleset.payer_types],
            "rules": [rule.to_dict() for rule in ruleset.rules],
        }
        if usage is not None and unmatched is not None:
            for entry in document["rules"]:
                rows, cents = usage.loc[entry["id"]] if entry["id"] in usage.index else (0, 0)
                entry["matched_rows"] = int(rows)
                entry["matched_amount"] = cents_to_str(int(cents))
            document["unmatched"] = row_view.records(
                row_view.row_records(unmatched, ruleset, explain=False))
        _emit(row_view.dumps(document), None, [])
        return
    if format is TableFormat.csv:
        if unmatched is None:
            raise UsageError("--format csv lists the rows no rule matched: give income files")
        from .render import rows as row_view

        _emit(row_view.to_csv(row_view.row_records(unmatched, ruleset, explain=False)), None,
              [])
        return
    from .render.labels import word
    from .render.terminal import classify_view, rules_view

    console = _console(no_color)
    for view in rules_view(ruleset, lang=language, usage=usage):
        console.print(view)
    if unmatched is not None:
        if unmatched.empty:
            console.print(word(language, "all_matched"))
        else:
            from .mix import class_totals

            console.print(f"[bold]{word(language, 'unmatched_title')}[/]")
            for view in classify_view(unmatched, class_totals(unmatched), ruleset,
                                      lang=language, explain=False, limit=200,
                                      width=console.width)[:-1]:
                console.print(view)


StandardOpt = Annotated[str, typer.Option(
    "--standard", help="The yardstick: lsa (≥ 75%, default), code-nl (≥ 50%), semark (> 50%, "
    "gray counts as market), uk-gov (≥ 25%, gray counts as market).")]
ThresholdOpt = Annotated[str | None, typer.Option(
    "--threshold", help="Another market share to reach, such as 0.6 or 60%; keeps the "
    "standard's way of counting the gray zone.", show_default=False)]


@app.command()
@friendly_errors
def report(
    file: Annotated[list[Path], typer.Argument(
        help="The income file(s) of one enterprise (or a file holding many, with --enterprise).",
        show_default=False)],
    format: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="text, json or markdown.")] = ReportFormat.text,
    enterprise: Annotated[str | None, typer.Option(
        "--enterprise", "-e", help="Which enterprise, when the input holds several.",
        show_default=False)] = None,
    year: YearOpt = None,
    all_years: Annotated[bool, typer.Option(
        "--all-years", help="Pool all years into one mix.")] = False,
    standard: StandardOpt = "lsa",
    threshold: ThresholdOpt = None,
    save: Annotated[Path | None, typer.Option(
        "--save", help="Also write the report to FILE.html, FILE.svg or FILE.txt.",
        show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Exit with status 1 unless the verdict is 'meets'.")] = False,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
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
    """
    result = _analyse(file, enterprise=enterprise, year=year, all_years=all_years,
                      standard=standard, threshold=threshold, rules=rules, sheet=sheet)
    _show_report(result, format=format, lang=_lang(lang), save=save, inputs=file,
                 no_color=no_color)
    if check and result.verdict != "meets":
        raise typer.Exit(1)


@app.command()
@friendly_errors
def demo(
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """The report on a bundled example (a community centre living on room rent and its bar).

    Try next:  wijkcalc report YOUR-FILE.csv
    """
    from .examples import example

    path = example()
    result = _analyse([path], enterprise=None, year=None, all_years=False, standard="lsa",
                      threshold=None, rules=None, sheet=None)
    _show_report(result, format=ReportFormat.text, lang=_lang(lang), save=None, inputs=[path],
                 no_color=no_color)


@app.command()
@friendly_errors
def compare(
    paths: Annotated[list[Path], typer.Argument(
        help="Income files and folders (every .csv, .tsv, .txt and .xlsx inside).",
        show_default=False)],
    format: Annotated[CompareFormat, typer.Option(
        "--format", "-f", help="table, csv, json or markdown.")] = CompareFormat.table,
    output: OutputOpt = None,
    excel: ExcelOpt = False,
    sort: Annotated[SortKey, typer.Option("--sort", help="share, name, income or gap.")]
    = SortKey.share,
    year: Annotated[int | None, typer.Option(
        "--year", help="This year for every enterprise (default: each one's latest); "
        "enterprises without it are listed as missing.", show_default=False)] = None,
    all_years: Annotated[bool, typer.Option(
        "--all-years", help="A row per enterprise and year.")] = False,
    standard: StandardOpt = "lsa",
    threshold: ThresholdOpt = None,
    chart: Annotated[Path | None, typer.Option(
        "--chart", help="Also draw the comparison to FILE.png or FILE.svg (needs "
        "pip install 'wijkcalc[charts]').", show_default=False)] = None,
    fail_fast: Annotated[bool, typer.Option(
        "--fail-fast", help="Stop at the first bad file instead of listing it and going on.")]
    = False,
    rules: RulesOpt = None,
    sheet: SheetOpt = None,
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
    """
    from .compare import compare as run_compare
    from .compare import input_files, sorted_rows
    from .rules import load_rules

    language = _lang(lang)
    if excel:
        format = CompareFormat.csv
    if year is not None and all_years:
        raise UsageError("--year and --all-years exclude each other; choose one")
    if chart is not None:
        _check_chart(chart, paths)
    ruleset = load_rules(rules)
    files = input_files(paths)
    with _progress(len(files), no_color) as advance:
        comparison = run_compare(files, year=year, all_years=all_years, standard=standard,
                                 threshold=threshold, rules=ruleset, sheet=sheet,
                                 fail_fast=fail_fast, progress=advance)
    rows = sorted_rows(comparison, sort.value)
    if format is CompareFormat.json:
        from .render.rows import dumps

        document = comparison.to_dict()
        document["enterprises"] = [row.to_dict() for row in rows]
        _emit(dumps(document, pretty=len(rows) <= PRETTY_JSON_ROWS), output, files)
    elif format is CompareFormat.csv:
        from .render.compare import comparison_csv

        _emit(comparison_csv(rows, excel=excel), output, files)
    elif format is CompareFormat.markdown:
        from .render.compare import comparison_markdown

        _emit(comparison_markdown(comparison, rows, lang=language), output, files)
    else:
        from .render.compare import comparison_views

        width = 400 if output else _console(no_color).width
        _render_to(comparison_views(comparison, rows, lang=language, width=width), output,
                   files, no_color)
    if chart is not None and rows:
        from .render.files import write_atomic
        from .render.compare import draw_chart

        write_atomic(chart, draw_chart(comparison, rows, chart, lang=language), inputs=files)
    for problem in comparison.errors:
        typer.echo(f"wijkcalc: error: {problem.file}: {problem.message}", err=True)
    if comparison.errors:
        raise typer.Exit(2)


PRETTY_JSON_ROWS = 500  # above this, compare's JSON is compact: the same data, much faster


def _check_chart(chart: Path, inputs: list[Path]) -> None:
    from .render.files import check_not_input

    if chart.suffix.lower() not in (".png", ".svg"):
        raise UsageError("--chart draws .png or .svg; name the file so", file=str(chart))
    check_not_input(chart, inputs)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError("--chart needs matplotlib, which is not installed; install it with: "
                         "pip install 'wijkcalc[charts]'") from None


class _progress:
    """A progress bar on stderr for long batches, only when stderr is a terminal."""

    def __init__(self, total: int, no_color: bool):
        self.total = total
        self.bar: Any = None
        if total >= 20 and sys.stderr.isatty():
            from rich.progress import Progress

            self.bar = Progress(console=_console(no_color, stderr=True), transient=True)

    def __enter__(self) -> Callable[[int], None] | None:
        if self.bar is None:
            return None
        self.bar.start()
        task = self.bar.add_task("reading", total=self.total)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _analyse(files: list[Path], *, enterprise: str | None, year: int | None, all_years: bool,
             standard: str, threshold: str | None, rules: Path | None, sheet: str | None):
    from .mix import report_for, standard_named

    standard_named(standard, threshold)  # bad options are reported before any file is read
    if year is not None and all_years:
        raise UsageError("--year and --all-years exclude each other; choose one")
    from .compare import aggregate_files
    from .rules import load_rules

    aggregates, _ = aggregate_files(files, rules=load_rules(rules), sheet=sheet, fail_fast=True)
    return report_for(aggregates, enterprise=enterprise, year=year, all_years=all_years,
                      standard=standard, threshold=threshold)


def _show_report(result: Any, *, format: ReportFormat, lang: str, save: Path | None,
                 inputs: list[Path], no_color: bool) -> None:
    from .render.files import check_not_input, write_atomic

    if save is not None:
        if save.suffix.lower() not in (".html", ".svg", ".txt"):
            raise UsageError("--save writes .html, .svg or .txt; name the file so",
                             file=str(save))
        check_not_input(save, inputs)
    if format is ReportFormat.json:
        from .render.rows import dumps

        _emit(dumps(result.to_dict()), None, inputs)
    elif format is ReportFormat.markdown:
        from .render.report import report_markdown

        _emit(report_markdown(result, lang=lang), None, inputs)
    else:
        from .render.report import report_views

        console = _console(no_color, file=None)
        for view in report_views(result, lang=lang, width=console.width):
            console.print(view)
    if save is not None:
        import io

        from rich.console import Console

        from .render.report import report_views

        recorder = Console(record=True, file=io.StringIO(), width=100, force_terminal=True)
        for view in report_views(result, lang=lang, width=100):
            recorder.print(view)
        suffix = save.suffix.lower()
        if suffix == ".html":
            content = recorder.export_html()
        elif suffix == ".svg":
            content = recorder.export_svg(title=f"wijkcalc — {result.enterprise}")
        else:
            content = recorder.export_text()
        write_atomic(save, content, inputs=inputs)


def main() -> None:
    """Entry point of the console script."""
    app()
