"""Colour follows the environment's conventions: NO_COLOR, FORCE_COLOR and TERM=dumb (issue 15)."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

# an SGR sequence that sets a colour: 30-37, 38;..., 90-97 (foreground), 40-47, 48;..., 100-107
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7]|4[0-8]|10[0-7])(?:;[0-9;]*)?m")
ANY_SGR = re.compile(r"\x1b\[[0-9;]*m")


def demo(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS")}
    result = subprocess.run([sys.executable, "-m", "wijkcalc", "demo", "--lang", "en"],
                            capture_output=True, text=True, timeout=60,
                            env={**clean, "COLUMNS": "100", **env})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_force_color_colours_a_pipe() -> None:
    assert COLOUR.search(demo(FORCE_COLOR="1", TERM="xterm-256color"))


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"NO_COLOR": "yes"}])
def test_no_color_wins_over_force_color(env: dict[str, str]) -> None:
    shown = demo(FORCE_COLOR="1", TERM="xterm-256color", **env)
    assert not COLOUR.search(shown), repr(COLOUR.search(shown))
    assert "market" in shown


def test_a_dumb_terminal_gets_no_escape_codes() -> None:
    assert not ANY_SGR.search(demo(FORCE_COLOR="1", TERM="dumb"))


def test_a_pipe_gets_no_escape_codes() -> None:
    assert not ANY_SGR.search(demo(TERM="xterm-256color"))
