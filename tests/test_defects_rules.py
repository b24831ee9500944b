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


# ---------------------------------------------------------------- item 11

def income_file(tmp_path: Path, rows: list[tuple[str, str, str, str]],
                name: str = "in.csv") -> Path:
    """A `;` file of (enterprise, category, payer, amount) rows in 2024."""
    lines = ["Organisatie;Jaar;Categorie;Betaler;Bedrag"]
    lines += [f"{who};2024;{what};{payer};{amount}" for who, what, payer, amount in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


SPELLINGS = ["De Kroon", "de kroon", "De  Kroon", "DE KROON", "De\u200b Kroon",
             "Cafe\u0301 De Kroon", "Caf\u00e9 De Kroon"]


def test_item11_spellings_of_one_enterprise_are_one_enterprise(tmp_path: Path) -> None:
    from wijkcalc.api import compare
    rows = [("De Kroon", "Verkoop", "klanten", "100")] * 3 + [
        (name, "Verkoop", "klanten", "10") for name in SPELLINGS[1:5]] + [
        ("Cafe\u0301 De Kroon", "Verkoop", "klanten", "10"),
        ("Caf\u00e9 De Kroon", "Verkoop", "klanten", "10"),
        ("Caf\u00e9 De Kroon", "Verkoop", "klanten", "10")]
    result = compare([income_file(tmp_path, rows)])
    names = {row.report.enterprise: row.report.totals.market for row in result.rows}
    # the most common spelling is shown
    assert names == {"De Kroon": 34_000, "Caf\u00e9 De Kroon": 3_000}


def test_item11_enterprise_option_finds_the_folded_name(tmp_path: Path) -> None:
    from wijkcalc.api import report_files
    path = income_file(tmp_path, [("De Kroon", "Verkoop", "klanten", "100"),
                                  ("de kroon", "Subsidie", "Gemeente Vlietstad", "100")])
    report = report_files([path], enterprise="DE  KROON")
    assert report.enterprise == "De Kroon"
    assert report.totals.market == 10_000 and report.totals.public == 10_000


def test_item11_a_zero_width_space_does_not_split_a_payer(tmp_path: Path) -> None:
    from wijkcalc.api import report_files
    path = income_file(tmp_path, [("X", "Subsidie", "Gemeente Vlietstad", "30"),
                                  ("X", "Subsidie", "Gemeente\u200b Vlietstad", "30"),
                                  ("X", "Subsidie", "gemeente vlietstad", "30"),
                                  ("X", "Verkoop", "Bakkerij B.V.", "40")])
    report = report_files([path])
    assert [(p.name, p.cents) for p in report.payers] == [
        ("Gemeente Vlietstad", 9_000), ("Bakkerij B.V.", 4_000)]
    assert "dominant_payer" in [w.code for w in report.warnings]


# ---------------------------------------------------------------- item 12

@pytest.mark.parametrize(("category", "rule"), [
    ("Projectsubsidie", "subsidy"), ("Projectsubsidies", "subsidy"),
    ("Subsidiebaten", "subsidy"), ("Subsidieverlening", "subsidy"),
    ("Sponsorbijdragen", "fund-or-gift"), ("Giften", "fund-or-gift"),
    ("Contributies", "earned"), ("Dienstverlening", "earned"), ("Huurinkomsten", "earned"),
    ("Zaalverhuur", "earned"), ("Kaartverkoop", "earned"),
    ("Bartender diensten", "earned"),
])
def test_item12_words_and_compound_heads_match(tmp_path: Path, category: str, rule: str) -> None:
    [(_, got)] = classes_of(tmp_path, [category])
    assert got == rule


@pytest.mark.parametrize("category", ["Giftshop", "Bartender", "Bartender diensten",
                                      "Subsidieadvies", "Current account"])
def test_item12_a_word_inside_another_word_does_not_match(tmp_path: Path, category: str) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f"Categorie;Betaler;Bedrag\n{category};Adviesbureau Jansen B.V.;10\n",
                    "utf-8")
    [rule] = classify(load([path]))["rule"].astype(str).tolist()
    assert rule not in ("subsidy", "fund-or-gift", "public-contract", "earned-public-payer")
    assert not (category == "Current account" and rule == "earned")


# ---------------------------------------------------------------- item 13

@pytest.mark.parametrize("rule_id", ["manual", "cost", " Manual "])
def test_item13_wijkcalcs_own_rule_ids_are_reserved(tmp_path: Path, rule_id: str) -> None:
    path = rules_file(tmp_path, f'[[rule]]\nid = "{rule_id}"\nclass = "market"\n'
                                f'category = ["verkoop"]\n')
    with pytest.raises(RulesError, match="reserved") as caught:
        load_rules(path)
    assert str(path) in str(caught.value) and rule_id.strip() in str(caught.value)


# ---------------------------------------------------------------- item 16

@pytest.mark.parametrize("nested", ["x = " + "[" * 50_000 + "]" * 50_000,
                                    "x = " + "{a = " * 50_000 + "1" + "}" * 50_000])
def test_item16_a_deeply_nested_rule_file_is_one_clear_error(tmp_path: Path, cli,
                                                             nested: str) -> None:
    path = rules_file(tmp_path, nested + "\n")
    with pytest.raises(RulesError, match="nested") as caught:
        load_rules(path)
    assert str(path) in str(caught.value)
    result = cli("rules", "--rules", path)
    assert result.exit_code == 2
    assert "nested" in result.output and "internal error" not in result.output


# ---------------------------------------------------------------- items 21 and 23

def keys_frame(categories: list[str], payers: list[str] | None = None):
    import pandas as pd
    payers = payers or [""] * len(categories)
    return pd.DataFrame({"category": categories, "payer": payers,
                         "description": [""] * len(categories),
                         "payer_type": [""] * len(categories), "class": [""] * len(categories),
                         "kind": ["income"] * len(categories)})


def seconds(work) -> float:
    import time
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


@pytest.mark.parametrize("cell", ["a" * 10_000_000, "Verkoop koffie en thee " * 450_000,
                                  " ".join(f"w{n}x" for n in range(1_100_000))])
def test_item21_a_10_mb_cell_is_matched_in_time_linear_in_its_text(cell: str) -> None:
    from wijkcalc.rules import classify_keys
    rules = load_rules()
    keys = keys_frame([cell, "Verkoop"])
    classify_keys(keys.iloc[1:], rules)  # the rules' words are worked out once, not timed
    took = seconds(lambda: classify_keys(keys, rules))
    assert took < 4, f"{took:.1f} s for one cell of {len(cell):,} characters"


def test_item23_sixty_thousand_rules_load_quickly(tmp_path: Path) -> None:
    text = "".join(f'[[rule]]\nid = "r{n}"\nclass = "market"\ncategory = ["woord{n}"]\n\n'
                   for n in range(60_000))
    path = rules_file(tmp_path, text)
    took = seconds(lambda: load_rules(path))
    assert took < 8, f"{took:.1f} s to load 60,000 rules"
    with pytest.raises(RulesError, match="used twice: r7"):
        load_rules(rules_file(tmp_path, text + '[[rule]]\nid = "r7"\nclass = "market"\n'
                                              'category = ["x"]\n'))


def test_item23_many_payer_words_against_many_payers(tmp_path: Path) -> None:
    import random
    import string

    from wijkcalc.rules import classify_keys
    chance = random.Random(23)

    def word() -> str:
        return "".join(chance.choice(string.ascii_lowercase) for _ in range(8))

    words = [word() for _ in range(100_000)]
    listed = ", ".join(f'"{w}"' for w in words)
    rules = load_rules(rules_file(tmp_path,
                                  f'[[payer_type]]\ntype = "school"\nwords = [{listed}]\n'))
    payers = [f"{w} Zuid" for w in words[:3]] + [f"{word()} {word()} {n}" for n in range(20_000)]
    keys = keys_frame(["Verkoop"] * len(payers), payers)
    took = seconds(lambda: classify_keys(keys, rules))
    assert took < 15, f"{took:.1f} s for 100,000 payer words against 20,000 payers"
    assert classify_keys(keys.iloc[:3], rules)["payer_type"].tolist() == ["school"] * 3
