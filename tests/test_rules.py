"""Classification (DESIGN §3): payer types, the contract table, rule files, and `wijkcalc rules`."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wijkcalc
import wijkcalc.rules as rules_module
from wijkcalc.api import load
from wijkcalc.errors import RulesError
from wijkcalc.rules import classify, load_rules
from wijkcalc.vocab import CLASSES

DEFAULT = load_rules()


def frame_of(rows: list[dict[str, str]], tmp_dir: Path, name: str = "rows.csv") -> pd.DataFrame:
    """A canonical frame read from a small `;` file holding these rows (through `load`)."""
    columns = ["Categorie", "Betaler", "Omschrijving", "Bedrag", "Klasse", "Aard",
               "Soort betaler"]
    lines = [";".join(columns)]
    for row in rows:
        lines.append(";".join([row.get("category", ""), row.get("payer", ""),
                               row.get("description", ""), row.get("amount", "10,00"),
                               row.get("class", ""), row.get("kind", ""),
                               row.get("payer_type", "")]))
    path = tmp_dir / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return load([path])


def classified_rows(rows: list[dict[str, str]], tmp_dir: Path,
                    rules: rules_module.RuleSet | None = None) -> list[tuple[str, str, str]]:
    out = classify(frame_of(rows, tmp_dir), rules or DEFAULT)
    return list(zip(out["payer_type"].astype(str), out["class"].astype(str),
                    out["rule"].astype(str), strict=True))


# ---------------------------------------------------------------- payer types

@pytest.mark.parametrize(("payer", "payer_type"), [
    ("Gemeente Vlietstad", "government"),
    ("Provincie Noordland", "government"),
    ("Ministerie van BZK", "government"),
    ("Rijksoverheid", "government"),
    ("Waterschap Rivierenland", "government"),
    ("EU", "government"),
    ("Europese Unie (ESF)", "government"),
    ("Municipality of Brakendonk", "government"),
    ("Zorgkantoor Haverland", "care"),
    ("Zorgverzekeraar VGZ", "care"),
    ("Oranje Fonds", "fund"),
    ("Brakendonk Community Foundation", "fund"),
    ("Nationale Postcode Loterij", "fund"),
    ("Woningcorporatie Ons Huis", "housing"),
    ("Bakkerij Jansen B.V.", "business"),
    ("Shell Nederland N.V.", "business"),
    ("particulieren", "resident"),
    ("bewoners Haverdam-Oost", "resident"),
    ("deelnemers", "resident"),
    ("leden coöperatie", "resident"),
    # first match wins: care before government before fund ... before resident
    ("Zorgverzekeraar Zilveren Kruis N.V.", "care"),
    ("Cultuurfonds van de gemeente", "government"),
    ("Stichting Oranje Fonds (bewoners)", "fund"),
    ("Supermarkt De Hoek, klanten", "business"),
    ("Sportclub Olympia", "unknown"),
    ("Euromast", "unknown"),  # "eu" only as a word of its own
    ("", "unknown"),
])
def test_payer_type_from_the_payer_name(tmp_path: Path, payer: str, payer_type: str) -> None:
    [(derived, _, _)] = classified_rows([{"category": "Verkoop", "payer": payer}], tmp_path)
    assert derived == payer_type


def test_given_payer_type_wins_over_the_name(tmp_path: Path) -> None:
    rows = [{"category": "Verhuur", "payer": "Stichting Buurtwerk", "payer_type": "overheid"},
            {"category": "Verhuur", "payer": "Stichting Buurtwerk"}]
    assert classified_rows(rows, tmp_path) == [("government", "gray", "earned-public-payer"),
                                               ("unknown", "market", "earned")]


# ---------------------------------------------------------------- the contract table of §3

PAYERS = {
    "government": "Gemeente Vlietstad",
    "care": "Zorgkantoor Midden",
    "fund": "Oranje Fonds",
    "housing": "Woningcorporatie Ons Huis",
    "business": "Bakkerij Jansen B.V.",
    "resident": "bewoners",
    "unknown": "Sportclub Olympia",
}
EXCLUDED = ["Lening", "Loan", "Sociale hypotheek", "Kapitaalstorting", "Interne overboeking"]
SUBSIDY = ["Subsidie", "Subsidy", "Projectsubsidie", "Exploitatiesubsidie"]
FUND_OR_GIFT = ["Fondsbijdrage", "Fondsen", "Fund contribution", "Grant", "Donatie", "Donation",
                "Gift", "Schenking", "Legaat"]
CONTRACT = ["Aanbesteding", "Tender", "Public contract", "Overheidsopdracht",
            "Right to Challenge"]
EARNED = ["Verkoop", "Sales", "Omzet", "Horeca", "Catering", "Verhuur", "Zaalverhuur", "Huur",
          "Rent", "Deelnemersbijdrage", "Participant fee", "Entree", "Contributie",
          "Lidmaatschap", "Membership", "Diensten", "Services", "Opdracht"]


def _contract_cases() -> list[tuple[str, str, str, str]]:
    cases = []
    for payer_type in PAYERS:
        cases += [(word, payer_type, "excluded", "not-income") for word in EXCLUDED]
        cases += [(word, payer_type, "public", "subsidy") for word in SUBSIDY]
        cases += [(word, payer_type, "public", "fund-or-gift") for word in FUND_OR_GIFT]
        cases += [(word, payer_type, "gray", "public-contract") for word in CONTRACT]
        earned = ("gray", "earned-public-payer") if payer_type in ("government", "care") \
            else ("market", "earned")
        cases += [(word, payer_type, *earned) for word in EARNED]
    return cases


CONTRACT_CASES = _contract_cases()


@pytest.fixture(scope="module")
def contract_result(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple]:
    """All contract cases classified in one frame (also shows keys do not bleed into others)."""
    rows = [{"category": category, "payer": PAYERS[payer_type]}
            for category, payer_type, _, _ in CONTRACT_CASES]
    result = classified_rows(rows, tmp_path_factory.mktemp("contract"))
    return {(c, p): r for (c, p, _, _), r in zip(CONTRACT_CASES, result, strict=True)}


@pytest.mark.parametrize(("category", "payer_type", "cls", "rule"), CONTRACT_CASES)
def test_contract_table(contract_result, category: str, payer_type: str, cls: str,
                        rule: str) -> None:
    assert contract_result[(category, payer_type)] == (payer_type, cls, rule)


@pytest.mark.parametrize(("category", "cls", "rule"), [
    # the income words of an annual account under RJ 640 (small not-for-profits)
    ("Baten als tegenprestatie voor levering van producten en diensten", "market", "earned"),
    ("Subsidiebaten", "public", "subsidy"),
    ("Sponsorbijdragen", "public", "fund-or-gift"),
    ("Giften en baten uit fondsenwerving", "public", "fund-or-gift"),
    ("Financiële baten", "excluded", "financial-income"),
    # the posts of a community centre's books
    ("Huuropbrengsten", "market", "earned"),
    ("Baropbrengsten", "market", "earned"),
    ("Opbrengst activiteiten", "market", "earned"),
    ("Wmo-vergoedingen", "gray", "care-budget"),
    ("Opbrengst winkel", "market", "earned"),
    ("Contributies", "market", "earned"),
    # regressions: loan words must not swallow income words that contain "lening"
    ("Dienstverlening", "market", "earned"),
    ("Subsidieverlening", "public", "subsidy"),
    ("Startlening", "excluded", "not-income"),
    ("Achtergestelde lening", "excluded", "not-income"),
    ("Leningen o/g", "excluded", "not-income"),
    # ... and "grant" must not match inside "migranten"
    ("Taalcursus migranten", "market", "earned"),
])
def test_annual_account_and_community_centre_words(tmp_path: Path, category: str, cls: str,
                                                   rule: str) -> None:
    [(_, got_class, got_rule)] = classified_rows([{"category": category}], tmp_path)
    assert (got_class, got_rule) == (cls, rule)


def test_community_centre_rent_from_the_municipality_is_gray(tmp_path: Path) -> None:
    rows = [{"category": "Huuropbrengsten", "payer": "Gemeente Vlietstad"},
            {"category": "Dienstverlening", "payer": "Gemeente Vlietstad"}]
    assert classified_rows(rows, tmp_path) == [("government", "gray", "earned-public-payer")] * 2


@pytest.mark.parametrize(("row", "expected"), [
    ({"category": "Subsidie gemeente"}, ("government", "public", "subsidy")),
    ({"category": "Opdrachten gemeente"}, ("government", "gray", "earned-public-payer")),
    ({"category": "Diensten", "description": "Schoonmaak voor de gemeente"},
     ("government", "gray", "earned-public-payer")),
    ({"category": "Verkoop", "description": "Maaltijden via het zorgkantoor"},
     ("care", "gray", "earned-public-payer")),
    ({"category": "Diensten"}, ("unknown", "market", "earned")),
    # a payer that is given decides; words in the description are then not searched
    ({"category": "Huur", "payer": "bewoners", "description": "Zaal voor de gemeente"},
     ("resident", "market", "earned")),
])
def test_payer_named_in_category_or_description(tmp_path: Path, row: dict[str, str],
                                                expected: tuple[str, str, str]) -> None:
    assert classified_rows([row], tmp_path) == [expected]


def test_payer_in_category_without_a_payer_column(tmp_path: Path) -> None:
    path = tmp_path / "zonder-betaler.csv"
    path.write_text("Categorie;Bedrag\nSubsidie gemeente;100\nOpdrachten gemeente;200\n", "utf-8")
    out = classify(load([path]))
    assert out["payer_type"].astype(str).tolist() == ["government", "government"]
    assert out["class"].astype(str).tolist() == ["public", "gray"]


def test_empty_category_leaves_it_to_the_description(tmp_path: Path) -> None:
    rows = [{"category": "", "description": "Verkoop koffie", "payer": "bezoekers"},
            {"category": "", "description": "Iets", "payer": "bezoekers"}]
    assert classified_rows(rows, tmp_path) == [("resident", "market", "earned"),
                                               ("resident", "unclassified", "")]


def test_unclassified_rows_are_kept_with_an_empty_rule(data_dir: Path) -> None:
    out = classify(load([data_dir / "unclassified.csv"]))
    assert len(out) == 7
    assert out["class"].astype(str).tolist() == ["market", "market", "public", "excluded",
                                                 "unclassified", "unclassified", "unclassified"]
    assert out["rule"].astype(str).tolist() == ["earned", "earned", "subsidy", "not-income",
                                                "", "", ""]


def test_cost_rows_get_the_cost_state(tmp_path: Path) -> None:
    rows = [{"category": "Subsidie", "kind": "kosten"}, {"category": "Huur", "kind": "uitgaven"},
            {"category": "Huur", "kind": "inkomsten"}]
    assert [r[1:] for r in classified_rows(rows, tmp_path)] == [
        ("cost", "cost"), ("cost", "cost"), ("market", "earned")]


# ---------------------------------------------------------------- the manual class column

def test_manual_class_wins_over_every_rule(data_dir: Path) -> None:
    out = classify(load([data_dir / "manual_class.csv"]))
    assert out["class"].astype(str).tolist() == ["market", "public", "gray", "excluded",
                                                 "market", "market"]
    assert out["rule"].astype(str).tolist() == ["manual"] * 5 + ["earned"]


def test_manual_class_wins_over_user_rules(data_dir: Path, tmp_path: Path) -> None:
    user = load_rules(data_dir / "rules_user.toml")
    rows = [{"category": "Sponsorbijdragen", "class": "publiek"},
            {"category": "Sponsorbijdragen"}]
    assert [r[1:] for r in classified_rows(rows, tmp_path, user)] == [
        ("public", "manual"), ("market", "sponsoring-is-advertising")]


# ---------------------------------------------------------------- rule files

def test_user_rules_go_in_front_and_replace_same_ids(data_dir: Path) -> None:
    path = data_dir / "rules_user.toml"
    ruleset = load_rules(path)
    ids = [rule.id for rule in ruleset.rules]
    default_ids = [rule.id for rule in DEFAULT.rules]
    assert ids[:3] == ["sponsoring-is-advertising", "school-rent", "financial-income"]
    assert ids[3:] == [i for i in default_ids if i != "financial-income"]
    assert ids.count("financial-income") == 1
    replaced = next(rule for rule in ruleset.rules if rule.id == "financial-income")
    assert (replaced.cls, replaced.source) == ("market", str(path))
    assert ruleset.payer_types[0].type == "school"
    assert ruleset.files == (str(path),)


def test_user_rules_change_the_classification(data_dir: Path) -> None:
    frame = load([data_dir / "user_rules_input.csv"])
    default = classify(frame)
    user = classify(frame, load_rules(data_dir / "rules_user.toml"))
    assert list(zip(default["class"].astype(str), default["rule"].astype(str),
                    strict=True)) == [
        ("public", "fund-or-gift"), ("market", "earned"), ("excluded", "financial-income"),
        ("market", "earned"), ("public", "fund-or-gift")]
    assert list(zip(user["class"].astype(str), user["rule"].astype(str), strict=True)) == [
        ("market", "sponsoring-is-advertising"), ("gray", "school-rent"),
        ("market", "financial-income"), ("market", "earned"), ("public", "fund-or-gift")]
    assert user["payer_type"].astype(str).tolist()[1] == "school"
    assert default["payer_type"].astype(str).tolist()[1] == "unknown"


def test_library_entry_points(data_dir: Path) -> None:
    frame = wijkcalc.load([data_dir / "english.csv"])
    out = wijkcalc.classify(frame, wijkcalc.load_rules())
    assert out["class"].astype(str).tolist() == ["market", "market", "gray", "public"]
    # classify fills payer_type and class and adds rule; it does not change the input frame
    assert list(out.columns) == [*frame.columns, "rule"]
    assert "rule" not in frame.columns


@pytest.mark.parametrize(("text", "message"), [
    ('[[rule]]\nid = "bar\nclass = "market"\n', "not valid TOML: "),
    ('[[regel]]\nid = "x"\n', "unknown table(s) regel; a rule file has [[payer_type]], "
                             "[[rule]] and [[payer]] entries and own_accounts"),
    ('[[rule]]\nid = "bar"\nclass = "marketing"\ncategory = ["bar"]\n',
     "[[rule]] 'bar': 'class' is 'marketing'; expected one of market, public, gray, excluded"),
    ('[[rule]]\nid = "bar"\nclass = "market"\ncategory = ["bar"]\nwhen = "always"\n',
     "[[rule]] 'bar': unknown key(s) when; expected"),
    ('[[rule]]\nclass = "market"\ncategory = ["bar"]\n',
     "[[rule]] number 1: 'id' must be a short name"),
    ('[[rule]]\nid = "bar"\nclass = "market"\n',
     "[[rule]] 'bar': give 'category' words, 'description' words or a 'payer_type'"),
    ('[[rule]]\nid = "bar"\nclass = "market"\ncategory = [1, 2]\n',
     "[[rule]] 'bar': 'category' must be a list of words"),
    ('[[rule]]\nid = "a"\nclass = "market"\ncategory = ["bar"]\n'
     '[[rule]]\nid = "a"\nclass = "public"\ncategory = ["fonds"]\n',
     "rule id(s) used twice: a"),
    ('[[rule]]\nid = "school-rent"\nclass = "gray"\npayer_type = ["school"]\n'
     'category = ["huur"]\n',
     "[[rule]] 'school-rent': payer type(s) school not known; known types: business, care, "
     "fund, government, housing, person, provider, resident, unknown"),
    ('[[payer_type]]\ntype = "school"\n', "[[payer_type]] number 1: 'words' needs at least one"),
])
def test_bad_rule_files_are_rules_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "regels.toml"
    path.write_text(text, "utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert caught.value.file == str(path)
    assert caught.value.message.startswith(message), caught.value.message


def test_missing_rule_file(tmp_path: Path) -> None:
    with pytest.raises(RulesError) as caught:
        load_rules(tmp_path / "nope.toml")
    assert str(caught.value) == f"{tmp_path / 'nope.toml'}: rule file not found; check the path"


def test_default_rules_are_explained() -> None:
    ids = [rule.id for rule in DEFAULT.rules]
    assert len(ids) == len(set(ids))
    for rule in DEFAULT.rules:
        assert rule.cls in CLASSES
        assert rule.reason and "\n" not in rule.reason, rule.id
    assert DEFAULT.reason("manual") and DEFAULT.reason("subsidy")


# ---------------------------------------------------------------- per distinct key, at scale

def test_classification_at_scale_equals_the_small_frame_repeated(data_dir: Path,
                                                                 monkeypatch) -> None:
    small = load([data_dir / "many_enterprises.csv", data_dir / "unclassified.csv",
                  data_dir / "manual_class.csv", data_dir / "user_rules_input.csv"])
    repeat = -(-200_000 // len(small))
    big = pd.concat([small] * repeat, ignore_index=True)
    assert len(big) >= 200_000

    seen: list[int] = []
    real = rules_module.classify_keys

    def counting(keys: pd.DataFrame, rules: rules_module.RuleSet) -> pd.DataFrame:
        seen.append(len(keys))
        return real(keys, rules)

    monkeypatch.setattr(rules_module.classifier, "classify_keys", counting)
    monkeypatch.setattr(rules_module.classifier, "_KNOWN", (None, {}))  # not what others left
    expected = classify(small, DEFAULT)
    got = classify(big, DEFAULT)

    assert len(got) == len(big)
    for column in ("payer_type", "class", "rule"):
        assert np.array_equal(got[column].astype(str).to_numpy(),
                              np.tile(expected[column].astype(str).to_numpy(), repeat)), column
    assert np.array_equal(got["amount_cents"].to_numpy(),
                          np.tile(small["amount_cents"].to_numpy(), repeat))
    # the rules ran on the distinct keys, not on 200,000 rows; and only once per key: the
    # big frame's keys were all known from the small one's
    assert len(seen) == 1 and seen[0] <= len(small)
    monkeypatch.setattr(rules_module.classifier, "_KNOWN", (None, {}))  # nothing known
    again = classify(big, DEFAULT)
    assert seen[1] == seen[0]
    for column in ("payer_type", "class", "rule"):
        assert again[column].astype(str).tolist() == got[column].astype(str).tolist()


def test_more_keys_than_are_remembered_are_classified_all_the_same(data_dir: Path,
                                                                    monkeypatch) -> None:
    """A file with a key per line (a bank export with description rules) is not remembered."""
    frame = load([data_dir / "many_enterprises.csv"])
    monkeypatch.setattr(rules_module.classifier, "_KNOWN", (None, {}))
    expected = classify(frame, DEFAULT)["class"].astype(str).tolist()
    monkeypatch.setattr(rules_module.classifier, "_KNOWN", (None, {}))
    monkeypatch.setattr(rules_module.classifier, "MOST_KNOWN", 2)
    assert classify(frame, DEFAULT)["class"].astype(str).tolist() == expected
    assert not rules_module.classifier._KNOWN[1]


def test_a_key_known_from_before_is_classified_as_the_rules_say_now(data_dir: Path) -> None:
    """The keys remembered belong to one rule set: other rules classify them anew."""
    frame = load([data_dir / "many_enterprises.csv"])
    first = classify(frame, DEFAULT)
    public = rules_module.RuleSet(DEFAULT.payer_types,
                                  tuple(replace(rule, cls="public") for rule in DEFAULT.rules))
    by_rule = first["rule"].astype(str).isin({rule.id for rule in DEFAULT.rules}).to_numpy()
    assert by_rule.any() and (first["class"].astype(str)[by_rule] != "public").any()
    second = classify(frame, public)
    assert (second["class"].astype(str)[by_rule] == "public").all()
    assert classify(frame, DEFAULT)["class"].astype(str).tolist() == \
        first["class"].astype(str).tolist()


# ---------------------------------------------------------------- `wijkcalc rules`

def _table_rows(stdout: str, names: set[str]) -> dict[str, list[str]]:
    """Rows of a rich table as {name: cells}, for rows whose second cell is one of names.

    Only the first printed line of each row; cells are split on the box's bars or on runs of
    two or more spaces, so this does not depend on the box style.
    """
    found = {}
    for line in stdout.splitlines():
        cells = [c for c in re.split(r"\s{2,}", line.replace("│", "  ").strip()) if c]
        if len(cells) > 2 and cells[1] in names and cells[0].isdigit():
            found[cells[1]] = cells
    return found


def _rule_rows(stdout: str) -> dict[str, list[str]]:
    ids = {rule.id for rule in DEFAULT.rules} | {"sponsoring-is-advertising", "school-rent"}
    return _table_rows(stdout, ids)


def test_rules_lists_the_rules_in_order(cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    rows = _rule_rows(result.stdout)
    assert list(rows) == [rule.id for rule in DEFAULT.rules]
    assert [cells[0] for cells in rows.values()] == [str(n) for n in range(1, len(rows) + 1)]
    assert rows["subsidy"][2] == "public"
    assert rows["earned-public-payer"][2] == "gray zone"
    payer_types = _table_rows(result.stdout, {p.type for p in DEFAULT.payer_types})
    assert list(payer_types) == ["provider", "care", "government", "fund", "housing", "business",
                                 "resident"]
    assert "gemeente" in payer_types["government"][2]


def test_rules_with_a_file_counts_rows_per_rule_and_shows_unmatched(cli, data_dir) -> None:
    result = cli("rules", data_dir / "unclassified.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    rows = _rule_rows(result.stdout)
    counts = {rule_id: (cells[-2], cells[-1]) for rule_id, cells in rows.items()}
    assert counts["earned"] == ("2", "€1,500.00")
    assert counts["subsidy"] == ("1", "€2,000.00")
    assert counts["not-income"] == ("1", "€5,000.00")
    assert counts["fund-or-gift"] == ("0", "€0.00")
    unmatched = result.stdout.split("Rows no rule matched", 1)[1]
    assert "Diversen" in unmatched and "Overige baten" in unmatched
    assert "Restposten" in unmatched and "€12.35" in unmatched and "€400.00" in unmatched
    assert "Subsidie" not in unmatched and "Baropbrengsten" not in unmatched


def test_rules_with_a_file_where_everything_matched(cli, data_dir) -> None:
    result = cli("rules", data_dir / "english.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Every row matched a rule." in result.stdout
    assert "Rows no rule matched" not in result.stdout


def test_rules_json_without_files(cli) -> None:
    result = cli("rules", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [r["id"] for r in document["rules"]] == [rule.id for rule in DEFAULT.rules]
    assert [p["type"] for p in document["payer_types"]] == [p.type for p in DEFAULT.payer_types]
    subsidy = next(r for r in document["rules"] if r["id"] == "subsidy")
    assert subsidy["class"] == "public" and "subsidie" in subsidy["category"]
    assert subsidy["reason"] == DEFAULT.reason("subsidy")
    assert "matched_rows" not in subsidy and "unmatched" not in document


def test_rules_json_with_a_file(cli, data_dir) -> None:
    result = cli("rules", data_dir / "unclassified.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    matched = {r["id"]: (r["matched_rows"], r["matched_amount"]) for r in document["rules"]}
    assert matched["earned"] == (2, "1500.00")
    assert matched["subsidy"] == (1, "2000.00")
    assert matched["not-income"] == (1, "5000.00")
    assert matched["public-contract"] == (0, "0.00")
    assert sum(rows for rows, _ in matched.values()) == 4
    assert [(r["category"], r["amount"], r["line"]) for r in document["unmatched"]] == [
        ("Diversen", "12.35", 6), ("Overige baten", "400.00", 7), ("Diversen", "7.65", 8)]
    assert {r["class"] for r in document["unmatched"]} == {"unclassified"}


def test_rules_json_shows_user_rules_first_with_their_source(cli, data_dir) -> None:
    path = data_dir / "rules_user.toml"
    result = cli("rules", "--rules", path, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(r["id"], r["source"]) for r in document["rules"][:3]] == [
        ("sponsoring-is-advertising", str(path)), ("school-rent", str(path)),
        ("financial-income", str(path))]
    assert [r["id"] for r in document["rules"]].count("financial-income") == 1
    assert document["payer_types"][0] == {"type": "school", "words": ["basisschool", "school"],
                                          "source": str(path)}


def test_rules_csv_lists_the_unmatched_rows(cli, data_dir) -> None:
    result = cli("rules", data_dir / "unclassified.csv", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split(",")[:7] == ["enterprise", "year", "description", "category", "payer",
                                       "payer_type", "amount"]
    assert [line.split(",")[3] for line in lines[1:]] == ["Diversen", "Overige baten",
                                                          "Diversen"]


def test_rules_csv_without_files_is_a_usage_error(cli, one_line_error) -> None:
    one_line_error(cli("rules", "--format", "csv"), "give income files")


@pytest.mark.parametrize(("name", "fragment"), [
    ("rules_bad_class.toml", "[[rule]] 'bar': 'class' is 'marketing'; expected one of market, "
                             "public, gray, excluded"),
    ("rules_bad_toml.toml", "not valid TOML"),
    ("rules_unknown_payer.toml", "payer type(s) school not known"),
    ("nope.toml", "rule file not found"),
])
def test_rules_command_with_a_bad_rule_file(cli, one_line_error, data_dir, name,
                                            fragment) -> None:
    line = one_line_error(cli("rules", "--rules", data_dir / name), fragment)
    assert line.startswith(f"wijkcalc: error: {data_dir / name}: ")
