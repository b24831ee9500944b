"""The command line's options and choices, each declared once and shared by the commands."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


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


# ---------------------------------------------------------------- options, each declared once

FilesArg = Annotated[list[Path], typer.Argument(
    help="Income files (.csv, .tsv, .txt, .xlsx), bank exports (CSV, MT940, CAMT.053) or XAF "
    "auditfiles.", show_default=False)]
OptionalPath = Path | None
RulesOpt = Annotated[OptionalPath, typer.Option(
    "--rules", help="A TOML rule file; its rules go in front of the default ones.",
    show_default=False)]
SheetOpt = Annotated[str | None, typer.Option(
    "--sheet", help="The sheet to read in .xlsx files (default: the first).", show_default=False)]
SourceOpt = Annotated[str | None, typer.Option(
    "--source", help="Read every file as this format instead of detecting it from its content "
    "(table: an income table).", show_default=False)]
YearOpt = Annotated[int | None, typer.Option(
    "--year", help="Only this year.", show_default=False)]
LangOpt = Annotated[Language | None, typer.Option(
    "--lang", help="Language of the output: nl or en (default: WIJKCALC_LANG, else the "
    "system's language).",
    show_default=False, is_eager=True)]  # eager: `--lang nl --help` is read before the help
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="Plain text, no colours.")]
ExcelOpt = Annotated[bool, typer.Option(
    "--excel", help="CSV the way Dutch Excel opens it cleanly: ; separator, decimal comma, "
    "UTF-8 with BOM (implies --format csv).")]
# outputs are taken as text: a Path would drop the separator that says `out/` is a folder
OutputName = str | None
OutputOpt = Annotated[OutputName, typer.Option(
    "--output", "-o", help="Write to this file instead of the screen (never over an input).",
    metavar="FILE", show_default=False)]
StandardOpt = Annotated[str, typer.Option(
    "--standard", help="The yardstick: lsa (≥ 75%, default), code-nl (≥ 50%), semark (> 50%, "
    "gray counts as market), uk-gov (≥ 25%, gray counts as market).")]
ThresholdOpt = Annotated[str | None, typer.Option(
    "--threshold", help="Another market share to reach, such as 0.6 or 60%; keeps the "
    "standard's way of counting the gray zone.", show_default=False)]
SortOpt = Annotated[SortKey, typer.Option("--sort", help="share, name, income or gap.")]
EveryYearOpt = Annotated[int | None, typer.Option(
    "--year", help="This year for every enterprise (default: each one's latest); "
    "enterprises without it are listed as missing.", show_default=False)]
RowPerYearOpt = Annotated[bool, typer.Option(
    "--all-years", help="A row per enterprise and year.")]
ChartOpt = Annotated[OutputName, typer.Option(
    "--chart", help="Also draw the comparison to FILE.png or FILE.svg (a .png needs the "
    "charts extra: .venv/bin/pip install 'wijkcalc[charts]').", metavar="FILE",
    show_default=False)]
FailFastOpt = Annotated[bool, typer.Option(
    "--fail-fast", help="Stop at the first bad file instead of listing it and going on.")]
OwnIbanOpt = Annotated[list[str] | None, typer.Option(
    "--own-iban", help="An account of the enterprise's own (repeat for more): transfers to and "
    "from it are neither income nor cost. Also own_accounts in the rule file.",
    metavar="IBAN", show_default=False)]
ShowNamesOpt = Annotated[bool, typer.Option(
    "--show-names", help="Show private persons on bank statements by name, and IBANs whole "
    "(default: grouped as private persons, IBANs masked).")]
JobsOpt = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="How many processes read a large CSV file (over 32 MB) side by "
    "side, on Linux (default: the number of cores, at most 4); 1: one process.",
    show_default=False)]
PRETTY_JSON_ROWS = 500  # above this, compare's JSON is compact: the same data, much faster
