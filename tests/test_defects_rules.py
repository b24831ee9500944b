"""Regression tests for issue 10's rule and name defects (items 8, 11, 12, 13, 16, 21, 23)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijkcalc.api import load
from wijkcalc.errors import RulesError
from wijkcalc.rules import classify, load_rules


def rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, "utf-8")
    return path


def classes_of(tmp_path: Path, categories: list[str], rules=None) -> list[tuple[str, str]]:
    lines = ["Categorie;Bedrag"] + [f"{category};10,00" for category in categories]
    path = tmp_path / "rows.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    out = classify(load([path]), rules or load_rules())
    return list(zip(out["class"].astype(str), out["rule"].astype(str), strict=True))


# ---------------------------------------------------------------- item 8

def test_item8_a_word_of_another_script_matches_only_itself(tmp_path: Path) -> None:
    user = load_rules(rules_file(tmp_path, '[[rule]]\nid = "grant-ru"\nclass = "excluded"\n'
                                           'category = ["Грант"]\n'))
    assert classes_of(tmp_path, ["Verkoop", "Грант"], user) == [
        ("market", "earned"), ("excluded", "grant-ru")]


@pytest.mark.parametrize("word", ["€", "-", "  ...  "])
def test_item8_a_word_that_normalises_to_nothing_is_refused(tmp_path: Path, word: str) -> None:
    path = rules_file(tmp_path, f'[[rule]]\nid = "euro"\nclass = "excluded"\n'
                                f'category = ["{word}"]\n')
    with pytest.raises(RulesError, match="'euro'") as caught:
        load_rules(path)
    assert str(path) in str(caught.value)
