"""The Triodos Bank source: detection, rows computed by hand, pipeline, changed layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wijkcalc
from conftest import BANK, BANK_FIELDS, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import sniff, triodos

YEAR = BANK / "triodos-buurtkamer-2024.csv"  # ISO-8859-15, with balance, CRLF
MAY = BANK / "triodos-buurtkamer-mei-utf8.csv"  # UTF-8, without the balance column
FIXTURES = sorted(BANK.glob("triodos-*"))
ROW = (*BANK_FIELDS, "transaction_type")
OWN = "NL63TRIO0212345678"

# by hand from the fixture: Debet is money out; 1.234,56 has a thousands point
YEAR_ROWS = [
    (1250000, "income", "2024-01-02", "Gemeente Utrecht", "NL14BNGH0285001234",
     "Subsidie 2024 beschikking 2023-0815", "", "", "OV"),
    (500000, "income", "2024-01-09", "Oranje Fonds", "NL44RABO0123456789",
     "Bijdrage project Buurtkamer", "", "", "OV"),
    (1500, "income", "2024-01-10", "J. de Vries", "NL36INGB0007654321",
     "Koffieochtend januari", "", "", "ID"),
    (750, "income", "2024-01-11", "A. Bakker", "NL22SNSB0912345678", "Crèche bijdrage", "", "",
     "OV"),
    (34218, "income", "2024-01-12", "SumUp Limited", "LT633250001234567890",
     "SumUp payout 2024-01-11", "", "", "OV"),
    (-125000, "cost", "2024-02-01", "Woonstichting Portaal", "NL61RABO0300123456",
     "Huur februari 2024", "", "", "IC"),
    (-8386, "cost", "2024-02-05", "Coöperatie Groen & Co", "NL12TRIO0198765432",
     "Factuur 2024-031 € 83,86", "", "", "OV"),
    (-200000, "cost", "2024-02-10", "Stichting Buurtkamer De Linde", "NL51ABNA0987654321",
     "Naar spaarrekening", "", "", "OV"),
    (125000, "income", "2024-02-12", "Woonstichting Portaal", "NL61RABO0300123456",
     "Terugboeking incasso Huur februari 2024", "", "1", "IC"),
    (312, "income", "2024-03-31", "", "", "Creditrente 1e kwartaal 2024", "", "", "RN"),
    (1000000, "income", "2024-04-15", "Qredits Microfinanciering", "NL86INGB0002445588",
     "Lening 2024-88 uitbetaling", "", "", "OV"),
    (-1240, "cost", "2024-04-20", "Albert Heijn 1234", "",
     "Betaalautomaat 20-04-2024 10:15 Utrecht", "", "", "BA"),
]
# 12500 + 5000 + 15 + 7.50 + 342.18 - 1250 - 83.86 - 2000 + 1250 + 3.12 + 10000 - 12.40
YEAR_TOTAL = 2577154
MAY_ROWS = [
    (2500, "income", "2024-05-03", "P. Jansen", "NL74INGB0004445556",
     "Contributie Coöperatie 2024", "", "", "ID"),
    (-4537, "cost", "2024-05-10", "Energiedirect B.V.", "NL06SNSB0934567890",
     "Termijn mei ED-55", "", "", "IC"),
]
MAY_TOTAL = 25_00 - 45_37


def rows_of(path: Path) -> list[tuple]:
    return bank_rows(read_one(triodos, path), ROW)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_detection_picks_triodos(path: Path) -> None:
    head = sniff.head(path)
    assert triodos.detect(head, path.name) == 0.9
    assert sources.detect(path, head) is triodos


def test_no_plain_income_table_is_claimed() -> None:
    for path in income_tables():
        assert triodos.detect(sniff.head(path), path.name) == 0, path


def test_the_iso_8859_15_export_reads_as_computed_by_hand() -> None:
    assert b"\xa4" in YEAR.read_bytes()  # the euro sign where ISO-8859-15 has it
    assert rows_of(YEAR) == YEAR_ROWS
    [table] = triodos.read(YEAR)
    assert set(table.columns["account"]) == {OWN}
    assert set(table.columns["account_holder"]) == {""} == set(table.columns["category"])
    assert table.lines.tolist() == list(range(1, 13))


def test_the_utf8_export_without_balance() -> None:
    assert rows_of(MAY) == MAY_ROWS


@pytest.mark.parametrize(("path", "total"), [(YEAR, YEAR_TOTAL), (MAY, MAY_TOTAL)],
                         ids=["year", "may"])
def test_the_pipeline_reads_it(path: Path, total: int) -> None:
    for frame in (wijkcalc.load([path], source="triodos", as_read=True),
                  wijkcalc.load([path], as_read=True)):
        assert int(frame["amount_cents"].sum()) == total
        assert set(frame["year"]) == {2024}


def test_a_changed_layout_gets_one_clear_line(tmp_path: Path) -> None:
    text = MAY.read_text(encoding="utf-8")
    path = tmp_path / "triodos-changed.csv"  # the description column left out
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in text.splitlines()),
                    encoding="utf-8")
    assert triodos.detect(sniff.head(path), path.name) == 0.7
    assert sources.detect(path, sniff.head(path)) is triodos  # not the income table
    with pytest.raises(InputError) as raised:
        list(triodos.read(path))
    message = str(raised.value)
    assert str(path) in message and "Triodos" in message
    assert "the column 'description' is missing" in message


def test_debet_credit_moved_is_named(tmp_path: Path) -> None:
    line = ('"03-05-2024","NL63TRIO0212345678","Credit","25,00","P. Jansen",'
            '"NL74INGB0004445556","ID","Contributie"\n')
    path = tmp_path / "moved.csv"
    path.write_text(line, encoding="utf-8")
    assert triodos.detect(sniff.head(path), path.name) == 0.7
    with pytest.raises(InputError, match=re.escape("the column 'debit/credit' is missing")):
        list(triodos.read(path))


def test_a_bad_direction_names_its_line(tmp_path: Path) -> None:
    text = MAY.read_text(encoding="utf-8").replace('"Debet"', '"Af"')
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="expected Debet or Credit") as raised:
        list(triodos.read(path))
    assert raised.value.line == 2


def test_a_hundred_thousand_transactions_read_whole(tmp_path: Path) -> None:
    rows = [f'"{1 + i % 28:02d}-{1 + i % 12:02d}-2024","{OWN}","{i % 3000},{i % 100:02d}",'
            f'"{"Credit" if i % 3 else "Debet"}","Bewoner {i % 700}","NL36INGB0007654321",'
            f'"OV","Bijdrage {i}"' for i in range(100_000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    [table] = triodos.read(path)
    expected = sum((i % 3000 * 100 + i % 100) * (1 if i % 3 else -1) for i in range(100_000))
    assert int(table.columns["amount_cents"].sum()) == expected
