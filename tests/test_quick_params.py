"""The commands' parameters read without pydantic (cli/params.py) give what Typer's own coercion
gives: the same value, or the same error word for word, for every parameter of every command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from wijkcalc.cli import app
from wijkcalc.cli.params import QuickParam

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "buurthuis-de-linde.csv"
TEXTS = ["x", "", "12", "-3", "0", "007", "+5", " 5", "1_000", "1.5", "9" * 20, "abc", "é",
         "table", "json", "TABLE", "nl", "en", "NL", "share", "name", str(EXAMPLE),
         str(EXAMPLE.parent), "/geen/bestand.csv", "-", "~/x.csv"]


def _parameters():
    root = typer.main.get_command(app)
    commands = [("", root), *root.commands.items()]
    for name, command in commands:
        ctx = Context(command, info_name=name or "wijkcalc")
        for param in command.get_params(ctx):
            yield pytest.param(command, param, id=f"{name or 'root'}-{param.name}")


def _outcome(runtime, value, param, ctx):
    try:
        found = runtime.coerce(value, param=param, ctx=ctx)
    except Exception as error:  # the same kind and words are what counts
        return ("error", type(error).__name__, str(error))
    return ("value", type(found).__name__, repr(found))


@pytest.mark.parametrize(("command", "param"), list(_parameters()))
def test_quick_coercion_is_typers(command, param) -> None:
    ctx = Context(command, info_name=command.name)
    descriptor = param.type_descriptor
    quick = QuickParam(parameter_info=descriptor.parameter_info,
                       annotation=descriptor.annotation)
    typers = build_runtime_param(descriptor)
    values = [None, param.default, True, False, 0, 200, *TEXTS, tuple(TEXTS[:3]),
              (str(EXAMPLE), "b.csv"), ("json",), ()]
    for value in values:
        assert _outcome(quick, value, param, ctx) == _outcome(typers, value, param, ctx), value


def test_commands_run_without_pydantic() -> None:
    """The point of it: `rules`, `classify` and `report` load no pydantic (it is Typer's only
    use of it), so they start about 0.15 s sooner."""
    probe = ("import sys\n"
             "from typer.testing import CliRunner\n"
             "from wijkcalc.cli import app\n"
             "runner = CliRunner()\n"
             f"for args in (['rules'], ['--version'], ['classify', {str(EXAMPLE)!r}, '--limit', "
             f"'3', '--format', 'json'], ['report', {str(EXAMPLE)!r}, '--lang', 'nl']):\n"
             "    assert runner.invoke(app, args).exit_code == 0, args\n"
             "print('pydantic' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
