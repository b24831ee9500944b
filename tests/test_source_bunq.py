"""The bunq source: Dutch or English header, `,` or `;`, signed amounts, ISO dates."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import wijkcalc
from conftest import BANK, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import bunq, ing, rabobank, sniff, table

INCOME_TABLES = income_tables()
FIXTURES = ["bunq-nl-comma.csv", "bunq-en-semicolon.csv"]
OWN = "NL23BUNQ2025123456"

# by hand from the fixtures: cents, kind, date, payer, counterparty IBAN, description,
# reference, reversal
ROWS = [
    (800000, "income", "2024-01-15", "Gemeente Amsterdam", "NL38BNGH0285012345",
     "Subsidie buurtkamer 2024 beschikking AB-778", "", ""),
    (150000, "income", "2024-01-20", "Stichting Fonds 1818", "NL66INGB0003344556",
     "Donatie project Linde", "", ""),
    (1250, "income", "2024-02-01", "P. Kramer", "NL28ABNA0623456789", "Lidmaatschap 2024", "", ""),
    (26310, "income", "2024-02-03", "SumUp Payments Limited", "NL43DEUT0265012345",
     "SumUp payout 02-02-2024", "", ""),
    (2000, "income", "2024-02-05", "Noëlle Visser", "NL88RABO0356789012", "Workshop keramiek",
     "", ""),
    (-95000, "cost", "2024-03-01", "Ymere", "NL54ABNA0600700800", "Huur maart 2024", "", ""),
    (-8386, "cost", "2024-03-04", "Drukkerij De Ster", "NL64RABO0344556677",
     "Factuur 24-112 flyers", "", ""),
    (-100000, "cost", "2024-03-05", "Stichting Buurtkamer De Linde", "NL67BUNQ2025654321",
     "Naar spaarrekening", "", ""),
    (8386, "income", "2024-03-06", "Drukkerij De Ster", "NL64RABO0344556677",
     "Terugboeking factuur 24-112 flyers", "", "1"),
    (87, "income", "2024-03-31", "bunq", "", "Rente maart 2024", "", ""),
    (300000, "income", "2024-04-02", "Stichting Microkrediet Noord", "NL04INGB0005566778",
     "Lening 2024-07 uitbetaling", "", ""),
]
# 8000 + 1500 + 12.50 + 263.10 + 20 - 950 - 83.86 - 1000 + 83.86 + 0.87 + 3000
TOTAL = 1084647


def rows(path: Path) -> list[tuple[object, ...]]:
    return bank_rows(read_one(bunq, path))


@pytest.mark.parametrize("name", FIXTURES)
def test_detection_picks_bunq(name: str) -> None:
    path = BANK / name
    head = sniff.head(path)
    assert bunq.detect(head, name) == 0.9 > table.detect(head, name)
    assert ing.detect(head, name) == rabobank.detect(head, name) == 0
    assert sources.detect(path, head) is bunq


@pytest.mark.parametrize("path", INCOME_TABLES, ids=lambda path: path.name)
def test_claims_no_income_table(path: Path) -> None:
    assert bunq.detect(sniff.head(path), path.name) == 0


def test_claims_no_income_table_with_bank_like_names(tmp_path: Path) -> None:
    income = tmp_path / "inkomsten.csv"
    income.write_text("Datum;Naam;Omschrijving;Bedrag;Rekening;Categorie\n"
                      "2024-01-01;Buurthuis;Zaalhuur;120,00;NL20INGB0001234567;verhuur\n")
    assert bunq.detect(sniff.head(income), income.name) == 0


@pytest.mark.parametrize("name", sorted(p.name for p in BANK.glob("*")
                                        if p.name.startswith(("ing-", "rabobank-"))))
def test_claims_no_other_bank_export(name: str) -> None:
    assert bunq.detect(sniff.head(BANK / name), name) == 0


@pytest.mark.parametrize("name", FIXTURES)
def test_read_gives_the_hand_computed_rows(name: str) -> None:
    assert rows(BANK / name) == ROWS


def test_a_description_over_two_lines_and_the_other_columns() -> None:
    [raw] = list(bunq.read(BANK / "bunq-en-semicolon.csv"))
    # the fifth transaction's description runs over lines 6 and 7
    assert raw.lines.tolist() == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13]
    assert set(raw.columns["account"]) == {OWN}
    assert raw.columns["amount_cents"].dtype == np.int64
    assert set(raw.columns["category"]) == {""} and "enterprise" not in raw.columns


@pytest.mark.parametrize("name", FIXTURES)
def test_load_with_source_reads_the_canonical_frame(name: str) -> None:
    frame = wijkcalc.load([BANK / name], source="bunq", as_read=True)
    assert int(frame["amount_cents"].sum()) == TOTAL
    assert set(frame["year"]) == {2024}
    assert list(frame["kind"]) == [row[1] for row in ROWS]
    assert list(frame["line"])[4:6] == [6, 8]


def test_amounts_with_a_decimal_point(tmp_path: Path) -> None:
    text = (BANK / "bunq-en-semicolon.csv").read_text(encoding="utf-8")
    point = tmp_path / "point.csv"
    point.write_text(text.replace(",", "."), encoding="utf-8")
    assert [row[0] for row in rows(point)] == [row[0] for row in ROWS]


@pytest.mark.parametrize(("name", "column"), [("bunq-nl-comma.csv", "Tegenrekening"),
                                              ("bunq-en-semicolon.csv", "Amount")])
def test_a_changed_layout_gets_one_clear_line(tmp_path: Path, name: str, column: str) -> None:
    text = (BANK / name).read_text(encoding="utf-8")
    changed = tmp_path / name
    changed.write_text(text.replace(f'"{column}"', '"Iets anders"', 1)
                       .replace(f";{column};", ";Something else;", 1), encoding="utf-8")
    assert bunq.detect(sniff.head(changed), name) == 0.7
    with pytest.raises(InputError) as caught:
        list(bunq.read(changed))
    assert str(caught.value).startswith(
        f"{changed}:1: looks like a bunq export, but the column '{column}' is missing; "
        "columns found: '")


def test_100000_transactions_read_whole(tmp_path: Path) -> None:
    lines = (BANK / "bunq-nl-comma.csv").read_bytes().splitlines(keepends=True)
    big = tmp_path / "big.csv"
    big.write_bytes(lines[0] + b"".join(lines[1:]) * 8334)
    [raw] = list(bunq.read(big))
    assert raw.rows == 11 * 8334
    assert int(raw.columns["amount_cents"].sum()) == TOTAL * 8334
