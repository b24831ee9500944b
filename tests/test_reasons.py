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


# --- a rule file's errors in Dutch (the English stays as it was) ------------------------------

BAD_RULE_FILES = {
    '[[rule]]\nid = "x"\nclass = "markt"\ncategory = ["x"]\n':
        "[[rule]] 'x': 'class' is 'markt'; expected one of market, public, gray, excluded",
    '[[payer_type]]\ntype = "x"\nwords = ["a"]\nfoo = 1\n':
        "[[payer_type]] number 1: unknown key(s) foo; expected type and words",
    '[[rule]]\nclass = "market"\ncategory = ["x"]\n':
        "[[rule]] number 1: 'id' must be a short name such as \"bar-sales\"",
    '[[rule]]\nid = "manual"\nclass = "market"\ncategory = ["x"]\n':
        "[[rule]] 'manual': the id 'manual' is reserved",
    '[[rule]]\nid = "x"\nclass = "market"\ncategory = ["!!"]\n':
        "[[rule]] 'x': the word '!!' has no letter or digit",
    '[[rule]]\nid = "x"\nclass = "market"\npayer_type = ["school"]\n':
        "[[rule]] 'x': payer type(s) school not known; known types: ",
    '[[payer]]\nname = "Gemeente"\nclass = "market"\niban = "NL1"\n':
        "[[payer]] number 1: give an iban or a name (one of them)",
    '[[payer]]\nname = "Gemeente"\ntype = "school"\n':
        "[[payer]] 'gemeente': payer type 'school' not known",
    'own_accounts = 3\n': "own_accounts must be a list of IBANs",
    '[[rule]]\nid = "x"\nclass = "market"\n': "[[rule]] 'x': give 'category' words",
    '[tables]\n': "unknown table(s) tables; a rule file has",
    'x = \n': "not valid TOML: ",
    '[[rule]]\nid = "x"\nclass = "market"\ncategory = ["x"]\nreason_nl = 3\n':
        "[[rule]] 'x': 'reason_nl' must be text",
}
ENGLISH_IN_DUTCH = re.compile(r"\b(?:expected|must|unknown|number|give|not known|known types|"
                              r"reserved|words|one of them)\b")


@pytest.mark.parametrize(("content", "english"), list(BAD_RULE_FILES.items()))
def test_a_rule_files_error_is_said_in_dutch_too(tmp_path, content: str, english: str) -> None:
    from functools import partial

    from wijkcalc.render.i18n import say

    path = tmp_path / "regels.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert english in str(caught.value)  # the English, as it was
    dutch = caught.value.said(partial(say, "nl"))
    assert dutch.startswith(f"{path}: ") and dutch != str(caught.value)
    # what the Dutch keeps in English are the rule file's own keys and values (the known types)
    message = dutch[len(f"{path}: "):].split("bekende soorten:")[0]
    assert not ENGLISH_IN_DUTCH.search(message.replace("'words'", "").replace(" words", "")), \
        dutch


def test_the_cli_says_a_rule_files_error_in_dutch(tmp_path) -> None:
    path = tmp_path / "regels.toml"
    path.write_text('[[rule]]\nid = "x"\nclass = "markt"\ncategory = ["x"]\n', encoding="utf-8")
    env = {"COLUMNS": "200", "NO_COLOR": "1", "LC_ALL": "", "LANG": "C.UTF-8", "WIJKCALC_LANG": ""}
    result = CliRunner(env=env).invoke(app, ["rules", "--rules", str(path), "--lang", "nl"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"wijkcalc: fout: {path}: [[rule]] 'x': 'class' is 'markt'; "
                                     "verwacht een van market, public, gray, excluded")
