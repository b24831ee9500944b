"""`demo` takes report's options (issue 15): --save, --format, --year, --standard, a scenario,
--lang, declared once (report's own declarations, not a copy), and gives what report gives for
the bundled example."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner, Result

from wijkcalc.cli import app
from wijkcalc.examples import example

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", "LANG": "en_US.UTF-8", "LC_ALL": "",
       "WIJKCALC_LANG": ""}
SHARED = ("format", "year", "all_years", "standard", "threshold", "save", "as_market",
          "as_public", "lang", "no_color")


def run(*args: object) -> Result:
    return CliRunner(env=ENV).invoke(app, [str(a) for a in args])


def _params(name: str) -> dict[str, typer.core.click.Parameter]:
    command = typer.main.get_command(app).commands[name]
    return {param.name: param for param in command.params}


def test_demo_declares_reports_options_as_report_does() -> None:
    demo, report = _params("demo"), _params("report")
    assert set(SHARED) <= set(demo)
    for name in SHARED:
        assert demo[name].opts == report[name].opts, name
        assert demo[name].help == report[name].help, name
        assert demo[name].default == report[name].default, name
    assert not {"file", "enterprise", "rules", "budget", "sheet"} & set(demo)


def test_demo_save_report_html_works(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("demo", "--save", "report.html", "--lang", "nl")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>" in page
    assert "Waar het geld vandaan komt" in result.stdout  # the screen shows the report too


@pytest.mark.parametrize("suffix", [".md", ".txt", ".svg"])
def test_demo_saves_what_report_saves(tmp_path, suffix: str) -> None:
    shown, reported = tmp_path / f"demo{suffix}", tmp_path / f"report{suffix}"
    assert run("demo", "--save", shown, "--lang", "en").exit_code == 0
    assert run("report", example(), "--save", reported, "--lang", "en").exit_code == 0
    assert shown.read_bytes() == reported.read_bytes()


@pytest.mark.parametrize("options", [
    [], ["--year", "2023"], ["--all-years"], ["--standard", "code-nl"], ["--threshold", "60%"],
    ["--as-market", "wijkspreekuur"], ["--as-public", "Horeca", "--year", "2022"],
])
def test_demo_is_report_on_the_example(options: list[str]) -> None:
    demo = run("demo", "--format", "json", *options)
    report = run("report", example(), "--format", "json", *options)
    assert demo.exit_code == 0 and report.exit_code == 0, (demo.output, report.output)
    assert json.loads(demo.stdout) == json.loads(report.stdout)


def test_demo_markdown_and_a_bad_option_as_report() -> None:
    markdown = run("demo", "-f", "markdown", "--lang", "en")
    assert markdown.exit_code == 0 and markdown.stdout.startswith("#")
    wrong = run("demo", "--save", "demo.doc", "--lang", "nl")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith("wijkcalc: fout: demo.doc: --save schrijft .html")
    missing = run("demo", "--year", "1999")
    assert missing.exit_code == 2 and missing.stderr.startswith("wijkcalc: error: ")
