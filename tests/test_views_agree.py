"""The views compute nothing: every figure the terminal and Markdown show is the JSON's figure,
written the language's way — for every bundled example, in Dutch and in English."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

import wijkcalc
from wijkcalc.cli import app
from wijkcalc.examples import example_files

ENV = {"COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: object) -> str:
    result = CliRunner(env=ENV).invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def reports() -> list[tuple[Path, str]]:
    """Every enterprise of every bundled example file."""
    found = []
    for path in example_files():
        classified = wijkcalc.classify(wijkcalc.load([path]))
        found += [(path, str(name)) for name in sorted(classified["enterprise"].unique())]
    return found


def euros(text: str, lang: str) -> str:
    """A JSON amount ("1234.56") as the language writes money, worked out independently."""
    value = Decimal(text)
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    grouped = f"{int(whole):,}"
    if lang == "nl":
        return f"€ {sign}{grouped.replace(',', '.')},{cents}"
    return f"{sign}€{grouped}.{cents}"


def share(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value * 100:.{digits}f}%"
    return text.replace(".", ",") if lang == "nl" else text


def plain(value: float, lang: str, digits: int) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def report_figures(document: dict, lang: str) -> list[str]:
    """What a reader of the report must find, from the JSON alone."""
    totals = document["totals"]
    figures = [euros(document["income_total"], lang), share(document["market_share_counted"], lang)]
    for cls in ("market", "public", "gray", "unclassified"):
        if Decimal(totals[cls]) or cls != "unclassified":
            figures += [euros(totals[cls], lang), share(document["shares"][cls], lang)]
    figures += [euros(totals[state], lang) for state in ("excluded", "cost")
                if Decimal(totals[state])]
    figures += [euros(s["gap_to_threshold"], lang) for s in document["standards"]
                if s["gap_to_threshold"] not in (None, "0.00")]
    for payer in document["payers"][:5]:
        figures += [payer["name"], euros(payer["amount"], lang), share(payer["share"], lang)]
    if document["largest_payer"]:
        figures += [plain(document["hhi"], lang, 2), plain(document["effective_funders"], lang, 1),
                    share(document["municipality_share"], lang)]
    if len(document["years"]) > 1:
        for year in document["years"]:
            figures += [str(year["year"]), euros(year["income_total"], lang)]
            if year["market_share_strict"] is not None:
                figures += [share(year["market_share_strict"], lang),
                            share(year["market_share_broad"], lang)]
    if document["cost_coverage"]:
        coverage = document["cost_coverage"]
        figures += [euros(coverage["costs"], lang), share(coverage["market"], lang),
                    share(coverage["earned"], lang)]
    return figures


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("path", "enterprise"), reports(),
                         ids=[f"{p.name}:{e}" for p, e in reports()])
def test_terminal_and_markdown_show_the_json_figures(path, enterprise, lang) -> None:
    options = [path, "--enterprise", enterprise, "--lang", lang]
    document = json.loads(run("report", *options, "--format", "json"))
    text = run("report", *options)
    markdown = run("report", *options, "--format", "markdown")
    for figure in report_figures(document, lang):
        assert figure in text, f"{figure!r} is not in the terminal report"
        assert figure in markdown, f"{figure!r} is not in the Markdown report"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_compare_table_and_markdown_show_the_json_figures(examples_dir, lang) -> None:
    options = [examples_dir, "--lang", lang]
    document = json.loads(run("compare", *options, "--format", "json"))
    table = run("compare", *options)
    markdown = run("compare", *options, "--format", "markdown")
    assert document["enterprises"], "the examples hold enterprises"
    for row in document["enterprises"]:
        figures = [row["enterprise"], euros(row["income_total"], lang),
                   share(row["market_share_strict"], lang), share(row["market_share_broad"], lang)]
        if row["gap_to_threshold"] not in (None, "0.00"):
            figures.append(euros(row["gap_to_threshold"], lang))
        line = next(line for line in table.splitlines() if row["enterprise"] in line)
        md_line = next(line for line in markdown.splitlines() if row["enterprise"] in line)
        for figure in figures:
            assert figure in line, f"{figure!r} is not in the table's row {line!r}"
            assert figure in md_line, f"{figure!r} is not in the Markdown row {md_line!r}"
    summary = document["summary"]
    for quartile in ("q1", "median", "q3"):
        figure = share(summary["market_share_strict"][quartile], lang)
        assert figure in table and figure in markdown, figure
    assert euros(summary["income_total"], lang) in table
    assert euros(summary["income_total"], lang) in markdown
