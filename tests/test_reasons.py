"""Rule reasons in both languages (issue 15): reason and reason_nl, in rule files and on screen."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wijkcalc.cli import app
from wijkcalc.errors import RulesError
from wijkcalc.rules import load_rules
from wijkcalc.rules.rulefile import BUILTIN_REASONS

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "data"
DEFAULT = load_rules()


def run(*args: object, width: int = 240) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "", "LANG": "C.UTF-8",
           "WIJKCALC_LANG": ""}
    result = CliRunner(env=env).invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_default_rule_says_why_in_dutch_and_in_english() -> None:
    for rule in DEFAULT.rules:
        assert rule.reason and rule.reason_nl, rule.id
        assert rule.reason_nl != rule.reason and "\n" not in rule.reason_nl, rule.id
        assert rule.reason_in("nl") == rule.reason_nl and rule.reason_in("en") == rule.reason


@pytest.mark.parametrize(("keys", "english", "dutch"), [
    ('reason = "Sold at the market."', "Sold at the market.", "Sold at the market."),
    ('reason_nl = "Verkocht op de markt."', "Verkocht op de markt.", "Verkocht op de markt."),
    ('reason = "Sold at the market."\nreason_nl = "Verkocht op de markt."', "Sold at the market.",
     "Verkocht op de markt."),
    ("", "", ""),
])
def test_a_users_rule_may_say_why_in_one_language_or_both(tmp_path, keys, english,
                                                          dutch) -> None:
    path = tmp_path / "regels.toml"
    path.write_text(f'[[rule]]\nid = "markt"\nclass = "market"\ncategory = ["markt"]\n{keys}\n',
                    encoding="utf-8")
    rules = load_rules(path)
    assert rules.reason("markt") == english and rules.reason("markt", "nl") == dutch
    listed = {entry["id"]: entry for entry in json.loads(run("rules", "--rules", path,
                                                             "--format", "json"))["rules"]}
    assert (listed["markt"]["reason"], listed["markt"]["reason_nl"]) == (english, dutch)


def test_reason_nl_must_be_text(tmp_path) -> None:
    path = tmp_path / "regels.toml"
    path.write_text('[[rule]]\nid = "x"\nclass = "market"\ncategory = ["x"]\nreason_nl = 3\n',
                    encoding="utf-8")
    with pytest.raises(RulesError, match="reason_nl"):
        load_rules(path)


def test_the_reasons_wijkcalc_gives_itself_are_said_by_the_views() -> None:
    from functools import partial

    from wijkcalc.render.i18n import say

    dutch = DEFAULT.reasons("nl", partial(say, "nl"))
    for rule_id, english in BUILTIN_REASONS.items():
        assert DEFAULT.reason(rule_id) == english
        assert dutch[rule_id] and dutch[rule_id] != english, rule_id
    assert dutch["manual"] == "Met de hand ingedeeld in de kolom klasse van de invoer."


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_classify_explains_in_the_readers_language(width: int) -> None:
    shown = flat(run("classify", DATA / "manual_class.csv", "--explain", "--lang", "nl",
                     width=width))
    assert "Met de hand ingedeeld in de kolom klasse van de invoer." in shown
    assert flat(DEFAULT.rules[-1].reason) not in shown and "Classified by hand" not in shown
    english = flat(run("classify", DATA / "manual_class.csv", "--explain", "--lang", "en",
                       width=width))
    assert "Classified by hand in the input's class column." in english


def test_the_rules_listing_gives_the_dutch_reasons() -> None:
    shown = run("rules", "--lang", "nl", width=1000)  # one line per rule
    for rule in DEFAULT.rules:
        assert flat(rule.reason_nl) in shown, rule.id
        assert rule.id in shown  # an id is a name: the same in both languages
    assert "Earned from customers" not in shown


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width", [100, 110, 120, 121, 140])
def test_no_amount_is_cut_in_the_explained_table(lang: str, width: int) -> None:
    """A column that does not wrap keeps its width (at 120 columns the Dutch table once cut
    "€ 19.874,35" to "€ 19.874,3")."""
    shown = run("classify", EXAMPLES / "buurthuis-de-linde.csv", "--explain", "--lang", lang,
                width=width)
    money = r"€ ?-?[\d.,]+\d"
    amounts = {m for m in re.findall(money, run("classify", EXAMPLES / "buurthuis-de-linde.csv",
                                                "--explain", "--lang", lang, width=400))}
    assert amounts and amounts <= set(re.findall(money, shown))
