"""The classify view at the widths people have (issue 15): a table from 100 columns, a few
lines per row below that, no word cut mid-way, nothing cut off in a file."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from wijkcalc.cli import app
from wijkcalc.render.i18n import say
from wijkcalc.rules import load_rules

EXAMPLES = ["data/buurthuis-de-linde.csv", "data/coop-samen-aan-de-slag.csv",
            "data/dorpscooperatie-het-generatiehuis.tsv"]
RULES = load_rules(None)


def run(args: list[str], width: int, lang: str) -> str:
    result = CliRunner(env={"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb"}).invoke(
        app, [*args, "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout


def words_shown(text: str) -> set[str]:
    return set(re.split(r"[\s│·]+", text))


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", [60, 80, 100, 120])
@pytest.mark.parametrize("example", EXAMPLES)
def test_no_word_is_cut_at_any_width(example: str, width: int, lang: str,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(__import__("pathlib").Path(__file__).resolve().parents[1])
    shown = run(["classify", example, "--explain", "--limit", "400"], width, lang)
    rows = json.loads(run(["classify", example, "--format", "json"], width, lang))["rows"]
    tokens = words_shown(shown)
    for row in rows:
        for field in ("description", "category"):
            for word in str(row[field] or "").split():
                assert word in tokens, (field, word, width)
    assert "…" not in shown
    header = say(lang, "Description")
    is_table = bool(re.search(rf"^\s*{say(lang, 'Year')}\s+{header}\b", shown, re.M))
    assert is_table == (width >= 100), width


def test_a_file_gets_every_row_whole(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(__import__("pathlib").Path(__file__).resolve().parents[1])
    target = tmp_path / "rijen.txt"
    run(["classify", EXAMPLES[0], "--explain", "-o", str(target)], 60, "en")
    text = target.read_text(encoding="utf-8")
    assert "Earned from customers in a market exchange: sales, rent, fees or services." in text
    assert "…" not in text
