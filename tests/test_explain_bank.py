"""`classify --explain` and `rules FILE` on bank lines: masked IBANs, the IBAN's bank, the
public-body hint, and the payers no rule matched, largest amount first."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from rich.console import Console

import wijkcalc
from wijkcalc.analysis import counterparties
from wijkcalc.analysis.aggregate import class_totals
from wijkcalc.render import privacy
from wijkcalc.render.rows import row_records, rules_json
from wijkcalc.render.terminal import classify_view, rules_views
from wijkcalc.rules import load_rules

BANK = Path(__file__).parent / "data" / "bank"
ING = BANK / "ing-current-nl.csv"
UNMATCHED = BANK / "bunq-explain-unmatched.csv"  # 6 lines no default rule matches
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "buurthuis-de-linde.csv"
BNG = "NL38BNGH0285012345"     # Bank Nederlandse Gemeenten
NWB = "NL83NWAB0636759874"     # Nederlandse Waterschapsbank
INCOME_TABLE_COLUMNS = ["enterprise", "year", "description", "category", "payer", "payer_type",
                        "amount", "kind", "class", "rule", "reason", "file", "line"]


def quiet_classify(path: Path) -> pd.DataFrame:
    """The classified rows, without the warnings of the reading (a reversal pair)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return wijkcalc.api.classify_files([path])


def rendered(views: list, width: int) -> str:
    console = Console(width=width, no_color=True, record=True, file=io.StringIO(),
                      highlight=False)
    for view in views:
        console.print(view)
    return console.export_text()


# ---------------------------------------------------------------- masking

@pytest.mark.parametrize(("account", "masked"), [
    ("NL20INGB0001234567", "NL20…4567"),
    ("nl20 ingb 0001 2345 67", "NL20…4567"),      # as people write it
    ("DE89370400440532013000", "DE89…3000"),
    ("123456789", "…6789"),                        # an old account number: the last four only
    ("1234", "…"),                                 # too short to hide anything but all of it
    ("", ""),
    (None, ""),
])
def test_mask_one(account: object, masked: str) -> None:
    assert privacy.mask_one(account) == masked


def test_mask_iban_works_per_distinct_value(monkeypatch) -> None:
    calls: list[object] = []
    real = privacy.mask_one
    monkeypatch.setattr(privacy, "mask_one", lambda value: calls.append(value) or real(value))
    ibans = pd.Series([BNG, NWB, None, BNG] * 25_000, dtype=object)
    masked = privacy.mask_iban(ibans)
    assert masked.tolist()[:4] == ["NL38…2345", "NL83…9874", "", "NL38…2345"]
    assert len(masked) == 100_000 and masked.index.equals(ibans.index)
    assert sorted(calls) == sorted([BNG, NWB])  # once each; the missing value costs nothing


def test_mask_iban_shows_whole_numbers_when_names_are_shown() -> None:
    ibans = pd.Series([BNG, None], dtype=object)
    assert privacy.mask_iban(ibans, show_names=True).tolist() == [BNG, ""]


# ---------------------------------------------------------------- the IBAN's bank

@pytest.mark.parametrize(("account", "bank", "hint"), [
    (BNG, "BANK NEDERLANDSE GEMEENTEN", "public-body"),
    (NWB, "NEDERLANDSE WATERSCHAPSBANK", "public-body"),
    ("NL88RABO0123987654", "RABOBANK", ""),
    ("NL00INGB0000000000", "ING", ""),             # a wrong check digit still names its bank
    ("XX12ABCD", "", ""),                          # no country: no bank, and no error
    ("123456789", "", ""),
    ("", "", ""),
    (None, "", ""),
])
def test_bank_of(account: object, bank: str, hint: str) -> None:
    assert privacy.bank_of(account) == (bank, hint)


def test_banks_are_looked_up_once_per_distinct_iban(monkeypatch) -> None:
    calls: list[object] = []
    real = privacy.bank_of
    monkeypatch.setattr(privacy, "bank_of", lambda value: calls.append(value) or real(value))
    ibans = pd.Series([BNG, "NL88RABO0123987654", None] * 10_000, dtype=object)
    found = privacy.banks(ibans)
    assert found.iloc[:3].to_numpy().tolist() == [
        ["BANK NEDERLANDSE GEMEENTEN", "public-body"], ["RABOBANK", ""], ["", ""]]
    assert len(calls) == 2


# ---------------------------------------------------------------- classify --explain: CSV, JSON

def test_explained_csv_has_the_masked_iban_the_bank_and_the_hint(cli) -> None:
    result = cli("classify", ING, "--explain", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[-5:] == ["counterparty_iban", "bank", "bank_hint", "file", "line"]
    city = rows[0]
    assert (city["payer"], city["counterparty_iban"], city["bank"], city["bank_hint"]) == (
        "Gemeente Utrecht", "NL38…2345", "BANK NEDERLANDSE GEMEENTEN", "public-body")
    assert city["class"] == "public" and city["rule"] == "subsidy"
    fund = rows[1]
    assert (fund["counterparty_iban"], fund["bank"], fund["bank_hint"]) == (
        "NL81…5678", "RABOBANK", "")
    interest = next(r for r in rows if r["description"].startswith("Creditrente"))
    assert (interest["counterparty_iban"], interest["bank"]) == ("", "")  # no counter-account
    # no counterparty's IBAN is written whole (the enterprise's own account may be)
    for iban in ("NL38BNGH0285012345", "NL91ABNA0417164300", "NL71INGB0009876543"):
        assert iban not in result.stdout


def test_without_explain_the_csv_has_no_bank_columns(cli) -> None:
    result = cli("classify", ING, "--format", "csv")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert "counterparty_iban" not in header and "bank" not in header


def test_an_income_table_keeps_its_explained_columns(cli) -> None:
    result = cli("classify", EXAMPLE, "--explain", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split(",") == INCOME_TABLE_COLUMNS


def test_the_hint_is_a_hint_never_a_class(cli) -> None:
    """A water board's account at the NWB: the hint is there, the line stays unclassified."""
    result = cli("classify", UNMATCHED, "--explain", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    board = next(r for r in rows if r["payer"].startswith("Hoogheemraadschap"))
    assert (board["counterparty_iban"], board["bank"], board["bank_hint"]) == (
        "NL83…9874", "NEDERLANDSE WATERSCHAPSBANK", "public-body")
    assert board["class"] == "unclassified" and board["payer_type"] == "unknown"
    assert [r["bank_hint"] for r in rows].count("public-body") == 2  # BNG and NWB
    assert NWB not in result.stdout


def test_show_names_writes_the_whole_iban() -> None:
    classified = quiet_classify(UNMATCHED)
    rules = load_rules()
    shown = row_records(classified, rules, explain=True, show_names=True)
    masked = row_records(classified, rules, explain=True)
    assert shown["counterparty_iban"].iloc[0] == BNG
    assert masked["counterparty_iban"].iloc[0] == "NL38…2345"
    assert shown["bank"].tolist() == masked["bank"].tolist()


# ---------------------------------------------------------------- classify --explain: the table

@pytest.mark.parametrize(("lang", "words"), [
    ("en", ["Counterparty", "Rule and reason", "hint: bank of public bodies", "private persons",
            "A subsidy is public money given without a market exchange."]),
    ("nl", ["Tegenpartij", "Regel en reden", "aanwijzing: bank van overheden", "particulieren"]),
])
def test_explained_table_in_both_languages(cli, lang: str, words: list[str]) -> None:
    result = cli("classify", ING, "--explain", "--lang", lang)
    assert result.exit_code == 0, result.output
    for word in [*words, "NL38…2345", "BANK NEDERLANDSE GEMEENTEN", "subsidy"]:
        assert word in result.stdout, (word, result.stdout)
    assert "NL38BNGH0285012345" not in result.stdout and "J. de Vries" not in result.stdout


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_explained_table_fits_the_screen(width: int, lang: str) -> None:
    classified = quiet_classify(ING)
    rules = load_rules()
    text = rendered(classify_view(classified, class_totals(classified), rules, lang=lang,
                                  explain=True, limit=200, width=width), width)
    assert max(map(len, text.splitlines())) <= width
    amounts = ["€12,500.00", "€3,000.00", "€7.50"] if lang == "en" else [
        "€ 12.500,00", "€ 3.000,00", "€ 7,50"]
    for whole in ["NL38…2345", "NL81…5678", *amounts]:  # never cut or wrapped
        assert whole in text, (whole, text)
    for rule in ("subsidy", "earned", "reversal"):
        assert f" {rule} " in text


def test_an_income_table_keeps_its_explained_table(cli) -> None:
    result = cli("classify", EXAMPLE, "--explain")
    assert result.exit_code == 0, result.output
    # the income table's own columns (the rule heads its reason in one column, issue 15)
    header = next(line for line in result.stdout.splitlines() if line.startswith("Year")).split()
    assert header[:4] == ["Year", "Description", "Category", "Payer"]
    assert header[-4:] == ["Class", "Rule", "and", "reason"]
    assert "Counterparty" not in result.stdout


# ---------------------------------------------------------------- rules FILE: unmatched payers

EXPECTED = [  # by hand from the fixture: the two spellings of the Wijkfeest fold together
    {"payer": "Bakkerij Van Dam", "rows": 1, "amount": "1800.00", "ibans": ["NL30…5678"]},
    {"payer": "Hoogheemraadschap De Stichtse Rijnlanden", "rows": 1, "amount": "600.00",
     "ibans": ["NL83…9874"]},
    {"payer": "Vereniging Wijkfeest Oost", "rows": 3, "amount": "450.00",
     "ibans": ["NL88…7654", "NL35…5667"]},
    {"payer": "Kas", "rows": 1, "amount": "12.00", "ibans": []},
]


def test_rules_json_lists_the_unmatched_payers_largest_first(cli) -> None:
    result = cli("rules", UNMATCHED, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["unmatched_payers"] == EXPECTED
    assert sum(float(p["amount"]) for p in EXPECTED) == pytest.approx(2862.00)
    assert len(document["unmatched"]) == 6
    assert NWB not in result.stdout


def test_rules_json_without_files_has_no_payers(cli) -> None:
    document = json.loads(cli("rules", "--format", "json").stdout)
    assert "unmatched_payers" not in document


def test_rules_json_shows_whole_ibans_when_names_are_shown() -> None:
    classified = quiet_classify(UNMATCHED)
    unmatched = classified[classified["class"] == "unclassified"]
    document = json.loads(rules_json(load_rules(), pd.DataFrame(), unmatched, show_names=True))
    assert document["unmatched_payers"][2]["ibans"] == ["NL88RABO0123987654",
                                                        "NL35INGB0004455667"]


@pytest.mark.parametrize(("lang", "title", "rows_title", "more", "amount"), [
    ("en", "Payers no rule matched, largest amount first", "Rows no rule matched", "(+1 more)",
     "€1,800.00"),
    ("nl", "Betalers waarop geen regel past, grootste bedrag eerst",
     "Rijen waarop geen regel past", "(+1 andere)", "€ 1.800,00"),
])
def test_rules_table_lists_the_unmatched_payers(cli, lang: str, title: str, rows_title: str,
                                                more: str, amount: str) -> None:
    result = cli("rules", UNMATCHED, "--lang", lang)
    assert result.exit_code == 0, result.output
    section = result.stdout.split(title, 1)[1].split(rows_title, 1)[0]
    lines = [line for line in section.splitlines() if "…" in line or "Kas" in line]
    assert [line.split()[0] for line in lines] == ["Bakkerij", "Hoogheemraadschap",
                                                   "Vereniging", "Kas"]
    assert amount in lines[0] and "NL30…5678" in lines[0]
    assert "NL88…7654" in lines[2] and more in lines[2] and " 3 " in lines[2]
    assert "NL30ABNA0512345678" not in result.stdout


def test_rules_table_at_80_columns() -> None:
    classified = quiet_classify(UNMATCHED)
    unmatched = classified[classified["class"] == "unclassified"]
    text = rendered(rules_views(load_rules(), lang="nl", usage=None, unmatched=unmatched,
                                width=80), 80)
    assert max(map(len, text.splitlines())) <= 80
    assert "€ 1.800,00" in text and "NL83…9874" in text


def test_unmatched_payers_fold_names_once_per_distinct_payer(monkeypatch) -> None:
    calls: list[str] = []
    real = counterparties.name_key
    monkeypatch.setattr(counterparties, "name_key",
                        lambda name: calls.append(name) or real(name))
    n = 60_000
    payers = np.array(["Bakkerij Van Dam", "bakkerij  van dam", "Kas"], dtype=object)[
        np.arange(n) % 3]
    frame = pd.DataFrame({
        "payer": pd.Categorical(payers),
        "amount_cents": np.full(n, 100, dtype="int64"),
        "counterparty_iban": np.where(np.arange(n) % 3 == 2, "", "NL30ABNA0512345678"),
    })
    found = counterparties.unmatched_payers(frame)
    assert found["payer"].tolist() == ["Bakkerij Van Dam", "Kas"]
    assert found["rows"].tolist() == [40_000, 20_000]
    assert found["amount_cents"].tolist() == [4_000_000, 2_000_000]
    assert found["amount_cents"].dtype == np.int64
    assert found["ibans"].tolist() == [["NL30ABNA0512345678"], []]
    assert len(calls) == 3


def test_unmatched_payers_of_an_income_table() -> None:
    frame = pd.DataFrame({"payer": pd.Categorical(["Gemeente", None, "Gemeente"]),
                          "amount_cents": np.array([500, 7, 250], dtype="int64")})
    found = counterparties.unmatched_payers(frame)
    assert found.to_dict("records") == [
        {"payer": "Gemeente", "rows": 2, "amount_cents": 750, "ibans": []},
        {"payer": "", "rows": 1, "amount_cents": 7, "ibans": []}]
    assert counterparties.unmatched_payers(frame.iloc[:0]).empty
