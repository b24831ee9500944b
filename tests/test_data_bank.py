"""The example foundation in data/bank: its bank export and auditfile give the reconciled figures
of data/bank/README.md, to the cent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wijkcalc
from wijkcalc.api import accounts_of

BANK = Path(__file__).resolve().parents[1] / "data" / "bank"
ING, XAF = BANK / "ing-2025.csv", BANK / "boekhouding-2025.xaf"
RULES = BANK / "regels.toml"
# class -> (cash, booked) in cents, as the reconciliation table of data/bank/README.md shows them
TABLE = {"market": (1_303_005, 1_192_493), "public": (2_900_000, 2_900_000),
         "gray": (1_102_500, 1_050_000), "total income": (5_305_505, 5_142_493),
         "cost": (2_001_252, 1_810_480)}


def _cents(text: str) -> int:
    return int(re.sub(r"[€,.]", "", text))


def _report(path: Path):
    rules = wijkcalc.load_rules(RULES)
    return wijkcalc.report_files([path], rules=rules, accounts=accounts_of(rules))


def test_the_readme_table_says_what_the_test_checks() -> None:
    text = (BANK / "README.md").read_text("utf-8")
    for name, (cash, booked) in TABLE.items():
        label = "gray zone" if name == "gray" else name
        row = re.search(rf"^\| (?:\*\*)?{label}(?:\*\*)? \| (?:\*\*)?(€[\d,.]+)(?:\*\*)? \| "
                        rf"(?:\*\*)?(€[\d,.]+)", text, re.M)
        assert row, name
        assert (_cents(row[1]), _cents(row[2])) == (cash, booked), name


@pytest.mark.parametrize(("path", "column"), [(ING, 0), (XAF, 1)], ids=["ing", "xaf"])
def test_each_file_gives_its_column_of_the_table(path: Path, column: int) -> None:
    report = _report(path)
    totals = report.totals
    assert report.enterprise == "Stichting Buurtkracht Oost"
    assert report.year == 2025
    got = {"market": totals.market, "public": totals.public, "gray": totals.gray,
           "total income": totals.income_total, "cost": totals.cost}
    assert got == {name: figures[column] for name, figures in TABLE.items()}
    assert totals.unclassified == 0  # the default rules classify every income line


def test_the_differences_are_vat_and_the_december_invoice() -> None:
    cash, booked = _report(ING).totals, _report(XAF).totals
    vat_received = 84_000 + 6_300 + 60_212 + 52_500  # crèche, hall hire, bar, municipality
    december = 40_000  # the crèche's December invoice, paid in January 2026
    assert cash.income_total - booked.income_total == vat_received - december
    assert cash.gray - booked.gray == 52_500
    assert cash.cost - booked.cost == 72_381 + 118_391  # VAT on costs, VAT remitted Q1-Q3


def test_the_bank_lines_left_out_are_the_loan_interest_savings_and_a_returned_debit() -> None:
    rules = wijkcalc.load_rules(RULES)
    lines = wijkcalc.classify_files([ING], rules=rules, accounts=accounts_of(rules))
    out = lines[lines["class"].astype(str) == "excluded"]
    signed = sorted(int(cents) for cents in out["amount_cents"])
    # the savings transfer, the returned direct debit and what it returns, interest, the loan
    assert signed == [-500_000, -24_200, 83, 112, 291, 347, 24_200, 1_000_000]
    assert len(lines) == 112


def test_the_cash_and_booked_views_each_say_their_basis() -> None:
    def codes(path: Path) -> set[str]:
        return {notice.code for notice in _report(path).warnings}
    assert "cash_basis" in codes(ING)
    assert "cash_basis" not in codes(XAF) and "booked_basis" in codes(XAF)
