"""The Dutch views say payer types, counts and numbers in Dutch (issue 15); the keys stay."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wijkcalc.cli import app
from wijkcalc.render.row_table import PAYER_TYPE_MSGIDS, payer_type_name

EXAMPLES = Path(__file__).resolve().parents[1] / "data"
ENGLISH_FIGURE = re.compile(r"\d\.\d+ ?%|\d,\d{3}\.\d|€\d")  # 41.9%, 1,234.5, €12


def run(*args: object, width: int = 200) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "", "LANG": "C.UTF-8",
           "WIJKCALC_LANG": ""}
    result = CliRunner(env=env).invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_payer_type_has_a_dutch_name() -> None:
    dutch = {key: payer_type_name("nl", key) for key in PAYER_TYPE_MSGIDS}
    assert dutch["government"] == "overheid" and dutch["person"] == "particulier"
    assert all(name != key for key, name in dutch.items())
    assert [payer_type_name("en", key) for key in PAYER_TYPE_MSGIDS] == list(PAYER_TYPE_MSGIDS)
    assert payer_type_name("nl", "school") == "school"  # a rule file's own type: as it is


def test_classify_names_payer_types_in_dutch_and_keeps_the_keys_in_json() -> None:
    path = EXAMPLES / "wijkonderneming-oost.xlsx"
    shown = run("classify", path, "--lang", "nl")
    assert re.search(r"\boverheid\b", shown) and not re.search(r"\bgovernment\b", shown)
    rows = json.loads(run("classify", path, "--format", "json", "--lang", "nl"))["rows"]
    assert "government" in {row["payer_type"] for row in rows}


def test_the_bank_lines_explained_name_payer_types_in_dutch() -> None:
    shown = run("classify", EXAMPLES / "bank" / "ing-2025.csv", "--explain", "--lang", "nl")
    assert "betaaldienst" in shown and not re.search(r"(?<![-\w])provider(?![-\w])", shown)


def test_the_rules_listing_names_a_payer_type_with_its_key() -> None:
    shown = run("rules", "--lang", "nl", width=400)
    assert "overheid (government)" in shown and "bewoner (resident)" in shown
    assert "(soort betaler: overheid, zorgfinancier)" in shown
    assert "overheid (government)" not in run("rules", "--lang", "en", width=400)


@pytest.mark.parametrize(("files", "lang", "expected"), [
    (["buurthuis-de-linde.csv"], "nl", "1 onderneming · 1 voldoet · 0 grijs gebied · "
                                       "0 voldoen niet"),
    (["buurthuis-de-linde.csv"], "en", "1 enterprise · 1 meets · 0 gray zone · 0 fall short"),
    (["startup-buurtkeuken.csv"], "nl", "1 onderneming · 0 voldoen · 0 grijs gebied · "
                                        "1 voldoet niet"),
    (["buurthuis-de-linde.csv", "startup-buurtkeuken.csv"], "nl",
     "2 ondernemingen · 1 voldoet · 0 grijs gebied · 1 voldoet niet"),
])
def test_the_compare_summary_counts_with_the_right_verb(files, lang, expected) -> None:
    shown = run("compare", *(EXAMPLES / f for f in files), "--format", "markdown", "--lang", lang)
    assert expected in shown


@pytest.mark.parametrize("args", [
    ["classify", "buurthuis-de-linde.csv"], ["classify", "bank/ing-2025.csv", "--explain"],
    ["report", "wijkonderneming-oost.xlsx"], ["report", "buurthuis-de-linde.csv", "--all-years"],
    ["compare", "."], ["compare", ".", "--format", "markdown"],
    ["report", "buurthuis-de-linde.csv", "--format", "markdown"],
])
def test_dutch_views_write_numbers_the_dutch_way(args: list[str]) -> None:
    command, target, *rest = args
    shown = run(command, EXAMPLES / target, *rest, "--lang", "nl", width=120)
    assert not ENGLISH_FIGURE.search(shown), ENGLISH_FIGURE.search(shown)
    assert re.search(r"\d,\d%", shown)  # a share with its decimal comma


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", [60, 80, 100, 120])
@pytest.mark.parametrize("with_files", [False, True])
def test_the_rules_listing_cuts_no_word(lang: str, width: int, with_files: bool) -> None:
    from wijkcalc.rules import load_rules

    files = [EXAMPLES / "bank" / "ing-2025.csv"] if with_files else []
    shown = run("rules", *files, "--lang", lang, width=width)
    assert max(map(len, shown.splitlines())) <= width
    words = set(re.sub(r"[│┃]", " ", shown).split())
    for rule in load_rules().rules:
        assert rule.id in words, rule.id
        for word in rule.reason_in(lang).split():
            assert word in words, (rule.id, word)
