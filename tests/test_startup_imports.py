"""`wijkcalc --help` stays light (issue 14): the command as a user starts it loads no pandas,
numpy, pydantic, markdown-it or pygments, and the help it draws without them is the help drawn
with typer.rich_utils loaded whole. Import lists only; times are measured by bench/startup.py."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "pydantic", "markdown_it", "pygments", "openpyxl", "schwifty")
ENV = {**os.environ, "COLUMNS": "100", "WIJKCALC_LANG": "en", "NO_COLOR": "1"}


def _imported(*args: str) -> set[str]:
    """The top-level packages `python -m wijkcalc ARGS` imports, from -X importtime."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "wijkcalc", *args],
                          capture_output=True, text=True, env=ENV, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    names = re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.M)
    assert names, done.stderr[-2000:]
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("args", [["--help"], ["report", "--help"], ["classify", "--help"],
                                  ["--version"]])
def test_help_loads_nothing_heavy(args) -> None:
    assert not _imported(*args) & set(HEAVY)


def test_rules_loads_no_pandas_nor_pydantic() -> None:
    assert not _imported("rules") & {"pandas", "numpy", "pydantic", "markdown_it"}


HELP_PROBE = """
import sys
if sys.argv[1] == "whole":
    import typer.rich_utils  # rich.markdown and rich.traceback loaded as Typer imports them
from typer.testing import CliRunner
from wijkcalc.cli import app
for args in (["--help"], ["report", "--help"], ["compare", "--help"]):
    print(CliRunner().invoke(app, args, terminal_width=100).output)
"""


def test_the_help_is_the_same_as_with_rich_utils_loaded_whole() -> None:
    drawn = [subprocess.run([sys.executable, "-c", HELP_PROBE, how], capture_output=True,
                            text=True, env=ENV, timeout=60) for how in ("light", "whole")]
    assert all(done.returncode == 0 for done in drawn), [d.stderr for d in drawn]
    assert "Usage:" in drawn[0].stdout
    assert drawn[0].stdout == drawn[1].stdout


STAND_IN_PROBE = """
import sys
from wijkcalc.cli.richhelp import rich_utils
utils = rich_utils()
assert "rich.markdown" not in sys.modules and "rich.traceback" not in sys.modules
markdown = utils.Markdown("**x**")  # the stand-in makes the real thing when called
import rich.markdown, rich.traceback
assert isinstance(markdown, rich.markdown.Markdown), type(markdown)
assert utils.Traceback.from_exception is not None
assert rich.markdown.Markdown is not utils.Markdown  # the real module, not the stand-in
print("ok")
"""


def test_the_stand_ins_give_the_real_classes() -> None:
    done = subprocess.run([sys.executable, "-c", STAND_IN_PROBE], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_command_does_without_pyarrow_even_where_it_is_installed(tmp_path) -> None:
    """pandas imports pyarrow whenever it can, for its text columns; the command reads with
    pandas' own (38 MB lighter, and pyarrow's CSV reader is for large files only): a stand-in
    pyarrow ahead on the path, which leaves a mark when imported, is never imported for a
    small file, and the report is whole."""
    stand_in = tmp_path / "pyarrow"
    stand_in.mkdir()
    mark = tmp_path / "pyarrow-was-imported"
    (stand_in / "__init__.py").write_text(f"open({str(mark)!r}, 'w').close()\n"
                                          "__version__ = '99.0.0'\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "wijkcalc", "report",
                           "data/startup-buurtkeuken.csv", "--format", "json"],
                          capture_output=True, text=True, timeout=60,
                          env={**ENV, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["enterprise"]
    assert not mark.exists()
