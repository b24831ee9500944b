"""--help reads as prose for people (issue 15): no type tags, whole sentences, brackets kept."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from wijkcalc.cli import app

COMMANDS = sorted(c.name for c in typer.main.get_command(app).commands.values())
TYPE_TAG = re.compile(r"<(?:list\[|bool|int|str|path|float)[^>]*>|\[x[<>]=|\{\w+")


def help_of(args: list[str], width: int) -> str:
    result = CliRunner(env={"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb"}).invoke(
        app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("width", [60, 80, 100, 120])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_no_type_tags(command: str | None, width: int) -> None:
    shown = help_of([command] if command else [], width)
    assert not TYPE_TAG.search(shown), TYPE_TAG.search(shown)


def test_help_keeps_brackets_that_rich_would_eat() -> None:
    assert "pip install 'wijkcalc[charts]'" in re.sub(r"[│\s]+", " ", help_of(["compare"], 120))


def test_a_sentence_is_not_broken_where_the_source_line_ends() -> None:
    # the docstring breaks after "how far"; the help wraps at the screen's edge only
    shown = help_of(["report"], 120)
    assert "if not, how far off is it?" in shown


def test_the_first_hint_works_outside_the_checkout() -> None:
    shown = help_of([], 100)
    assert "wijkcalc demo" in shown and "data/" not in shown


def test_help_names_values_as_people_do() -> None:
    shown = help_of(["compare"], 120)
    assert "table|csv|json|markdown" in shown
    assert re.search(r"--year\s+N\s", shown)
    assert "FILE..." in shown


def test_shell_completion_is_offered() -> None:
    shown = help_of([], 100)
    assert "--install-completion" in shown and "--show-completion" in shown
