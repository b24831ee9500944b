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
    cut = sorted(word for word in words_of(rows, lang, explain=True) if word not in tokens)
    assert not cut, (cut[:10], width)
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


BANK_FILES = ["data/bank/ing-2025.csv", "data/bank/boekhouding-2025.xaf"]


def explained_json(path: str, width: int, lang: str) -> list[dict]:
    """The rows as the JSON gives them, with each bank line's account and bank."""
    return json.loads(run(["classify", path, "--format", "json", "--explain"], width,
                          lang))["rows"]


def words_of(rows: list[dict], lang: str, explain: bool) -> set[str]:
    """Every word the view shows whole: each row's description, category, payer (as the
    reader's language names it) and rule, and explained, the rule's reason and a bank
    line's bank."""
    from functools import partial

    from wijkcalc.render.i18n import payer_name

    reasons = RULES.reasons(lang, partial(say, lang))
    words = set()
    for row in rows:
        texts = [row["description"], row["category"], payer_name(row["payer"] or "", lang),
                 row["rule"]]
        if explain:
            texts += [row.get("bank") or "", reasons.get(row["rule"], "")]
        words |= {word for text in texts for word in str(text or "").split()}
    return words


@pytest.mark.parametrize("explain", [True, False])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", [60, 80, 100, 120])
@pytest.mark.parametrize("bank_file", BANK_FILES)
def test_bank_lines_fit_and_keep_their_words(bank_file: str, width: int, lang: str,
                                             explain: bool,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(__import__("pathlib").Path(__file__).resolve().parents[1])
    shown = run(["classify", bank_file, *(["--explain"] if explain else []), "--limit", "400"],
                width, lang)
    rows = explained_json(bank_file, width, lang)
    too_wide = [line for line in shown.splitlines() if len(line) > width]
    assert not too_wide, too_wide[:3]
    tokens = words_shown(shown)
    cut = sorted(word for word in words_of(rows, lang, explain) if word not in tokens)
    assert not cut, (cut[:10], width)
    header = rf"^\s*{say(lang, 'Year')}\s+{say(lang, 'Description')}\b"
    assert bool(re.search(header, shown, re.M)) == (width >= 100), width
    if explain:  # each counterparty's account is shown, in both layouts
        ibans = {row["counterparty_iban"] for row in rows if row.get("counterparty_iban")}
        assert ibans and ibans <= tokens


@pytest.mark.parametrize("bank_file", BANK_FILES)
def test_a_file_gets_every_bank_line_whole(bank_file: str, tmp_path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(__import__("pathlib").Path(__file__).resolve().parents[1])
    target = tmp_path / "rijen.txt"
    run(["classify", bank_file, "--explain", "--limit", "400", "-o", str(target)], 60, "nl")
    text = target.read_text(encoding="utf-8")
    rows = explained_json(bank_file, 60, "nl")
    tokens = words_shown(text)
    assert not sorted(word for word in words_of(rows, "nl", True) if word not in tokens)
    assert re.search(rf"^\s*{say('nl', 'Year')}\s+{say('nl', 'Description')}\b", text, re.M)
