"""The README cannot drift: its example commands run and print what it shows, and every command
and option is documented there and in --help."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from wijkcalc.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# the width and language the README's examples are shown at
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8",
       "TERM": "dumb"}
BLOCK = re.compile(r"```text\n\$ (wijkcalc [^\n]*)\n(.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    return BLOCK.findall(README.read_text("utf-8"))


def run(command: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)  # the examples name data/ relative to the checkout
    return CliRunner(env=ENV).invoke(app, shlex.split(command)[1:])


def tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines()).strip("\n")


def test_the_readme_has_examples() -> None:
    commands = [command.split()[1] for command, _ in examples()]
    for name in ("demo", "report", "compare", "classify"):
        assert name in commands


@pytest.mark.parametrize(("command", "shown"), examples(), ids=[c for c, _ in examples()])
def test_each_readme_example_prints_what_the_readme_shows(command, shown, monkeypatch) -> None:
    result = run(command, monkeypatch)
    assert result.exit_code == 0, result.stderr
    if os.environ.get("WIJKCALC_UPDATE_README"):
        text = README.read_text("utf-8")
        old = f"```text\n$ {command}\n{shown}```"
        README.write_text(text.replace(old, f"```text\n$ {command}\n{tidy(result.stdout)}\n```"),
                          "utf-8")
        return
    assert tidy(result.stdout) == tidy(shown)


def _commands() -> dict[str, object]:
    return {c.name: c for c in typer.main.get_command(app).commands.values()}


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_command_and_option_has_help_and_is_in_the_readme(name) -> None:
    readme = README.read_text("utf-8")
    command = _commands()[name]
    assert command.help and command.help.strip(), f"{name} has no help text"
    assert f"wijkcalc {name}" in readme, f"the README does not show `wijkcalc {name}`"
    for parameter in command.params:
        if parameter.param_type_name != "option" or parameter.name == "help":
            continue
        assert parameter.help, f"{name} {parameter.opts[0]} has no help text"
        assert any(f"`{opt}" in readme or f" {opt}" in readme for opt in parameter.opts), \
            f"{name} {parameter.opts[0]} is not in the README"


def test_help_of_each_command_shows_examples() -> None:
    runner = CliRunner(env=ENV)
    for name in _commands():
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.stdout or name == "demo", name
