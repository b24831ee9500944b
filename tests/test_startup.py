"""Start-up stays light: --help and `rules` never import pandas (measured in bench/, not here)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
from typer.testing import CliRunner
from wijkcalc.cli import app
after_import = {m for m in ("pandas", "numpy", "openpyxl") if m in sys.modules}
runner = CliRunner()
for args in (["--help"], ["rules"], ["classify", "--help"], ["report", "--help"]):
    assert runner.invoke(app, args).exit_code == 0, args
after_commands = {m for m in ("pandas", "numpy", "openpyxl") if m in sys.modules}
print(sorted(after_import), sorted(after_commands))
"""


def test_help_and_rules_import_no_pandas() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"
