"""The ABN AMRO TXT (.TAB) source: detection, rows computed by hand, pipeline, changed layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wijkcalc
from conftest import BANK, BANK_FIELDS, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import abnamro, sniff

YEAR = BANK / "abnamro-buurtkamer-2024.TAB"
MAY = BANK / "abnamro-buurtkamer-mei-utf8.TAB"
FIXTURES = sorted(BANK.glob("abnamro-*"))
ROW = (*BANK_FIELDS, "transaction_type")

# by hand from the fixture: amount, kind, booking date, payer, counterparty IBAN, remittance
# text, reference (the TAB export has none), reversal, the bank's type
YEAR_ROWS = [
    (1250000, "income", "2024-01-05", "Gemeente Utrecht", "NL14BNGH0285001234",
     "Subsidie 2024 beschikking 2023-0815", "", "", "SEPA OVERBOEKING"),
    (500000, "income", "2024-01-12", "Oranje Fonds", "NL44RABO0123456789",
     "Bijdrage project Buurtkamer", "", "", "SEPA Overboeking"),
    (1500, "income", "2024-01-15", "J. de Vries", "NL36INGB0007654321",
     "Koffieochtend januari", "", "", "iDEAL"),
    (750, "income", "2024-01-16", "A. Bakker", "NL22SNSB0912345678", "Crèche bijdrage", "", "",
     "SEPA OVERBOEKING"),
    (34218, "income", "2024-01-17", "SumUp Limited", "LT633250001234567890",
     "SumUp payout 2024-01-16", "", "", "SEPA OVERBOEKING"),
    (-125000, "cost", "2024-02-01", "Woonstichting Portaal", "NL61RABO0300123456",
     "Huur februari 2024", "", "", "SEPA Incasso algemeen doorlopend"),
    (-8386, "cost", "2024-02-05", "Coöperatie Groen & Co", "NL12TRIO0198765432",
     "Factuur 2024-031", "", "", "SEPA Overboeking"),
    (-200000, "cost", "2024-02-10", "Stichting Buurtkamer De Linde", "NL51ABNA0987654321",
     "Naar spaarrekening", "", "", "SEPA OVERBOEKING"),
    (125000, "income", "2024-02-12", "Woonstichting Portaal", "NL61RABO0300123456",
     "Huur februari 2024", "", "1", "SEPA Incasso terugboeking"),
    (312, "income", "2024-03-31", "", "",
     "ABN AMRO Bank N.V. CREDITRENTE 01-01-2024 T/M 31-03-2024", "", "", ""),
    (1000000, "income", "2024-04-15", "Qredits Microfinanciering", "NL86INGB0002445588",
     "Lening 2024-88 uitbetaling", "", "", "SEPA OVERBOEKING"),
    (-1240, "cost", "2024-04-20", "", "",
     "BEA, Betaalpas Albert Heijn 1234,PAS123 NR:XX1234, 20.04.24/10:15 UTRECHT", "", "", "BEA"),
]
# 12500 + 5000 + 15 + 7.50 + 342.18 - 1250 - 83.86 - 2000 + 1250 + 3.12 + 10000 - 12.40
YEAR_TOTAL = 2577154
MAY_ROWS = [
    (2500, "income", "2024-05-03", "P. Jansen", "NL74INGB0004445556",
     "Contributie Coöperatie 2024", "", "", "SEPA OVERBOEKING"),
    (-2500, "cost", "2024-05-06", "P. Jansen", "NL74INGB0004445556",
     "Contributie Coöperatie 2024", "", "1", "SEPA Overboeking terugboeking"),
    (-4537, "cost", "2024-05-10", "Energiedirect B.V.", "NL06SNSB0934567890", "Termijn mei", "",
     "", "SEPA Incasso algemeen doorlopend"),
]
MAY_TOTAL = 25_00 - 25_00 - 45_37


def rows_of(path: Path) -> list[tuple]:
    return bank_rows(read_one(abnamro, path), ROW)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_detection_picks_abnamro(path: Path) -> None:
    head = sniff.head(path)
    assert abnamro.detect(head, path.name) == 0.9
    assert sources.detect(path, head) is abnamro


def test_no_plain_income_table_is_claimed() -> None:
    for path in income_tables():
        assert abnamro.detect(sniff.head(path), path.name) == 0, path


def test_the_year_export_reads_as_computed_by_hand() -> None:
    assert rows_of(YEAR) == YEAR_ROWS
    [table] = abnamro.read(YEAR)
    assert set(table.columns["account"]) == {"417164300"}
    assert set(table.columns["account_holder"]) == {""}
    assert set(table.columns["category"]) == {""}
    assert "enterprise" not in table.columns
    assert table.lines.tolist() == list(range(1, 13))


def test_an_iban_account_in_utf8_with_a_returned_payment() -> None:
    assert rows_of(MAY) == MAY_ROWS
    [table] = abnamro.read(MAY)
    assert set(table.columns["account"]) == {"NL91ABNA0417164300"}


@pytest.mark.parametrize(("path", "total"), [(YEAR, YEAR_TOTAL), (MAY, MAY_TOTAL)],
                         ids=["year", "may"])
def test_the_pipeline_reads_it(path: Path, total: int) -> None:
    for frame in (wijkcalc.load([path], source="abnamro", as_read=True),
                  wijkcalc.load([path], as_read=True)):
        assert int(frame["amount_cents"].sum()) == total
        assert set(frame["year"]) == {2024}
        assert set(frame["kind"]) == {"income", "cost"}


def test_a_changed_layout_gets_one_clear_line(tmp_path: Path) -> None:
    lines = YEAR.read_bytes().decode("cp1252").splitlines()
    path = tmp_path / "abnamro-changed.TAB"
    path.write_text("\n".join(line.rsplit("\t", 1)[0] for line in lines), encoding="cp1252")
    assert abnamro.detect(sniff.head(path), path.name) == 0.7
    assert sources.detect(path, sniff.head(path)) is abnamro  # not the income table
    with pytest.raises(InputError) as raised:
        list(abnamro.read(path))
    message = str(raised.value)
    assert "\n" not in message
    assert str(path) in message and "ABN AMRO" in message
    assert "the column 'description' is missing" in message


def test_a_bad_amount_names_its_line(tmp_path: Path) -> None:
    lines = MAY.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    cells[6] = "-25.0.0"
    lines[1] = "\t".join(cells)
    path = tmp_path / "bad.TAB"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("amount is '-25.0.0'")) as raised:
        list(abnamro.read(path))
    assert raised.value.line == 2


def test_a_hundred_thousand_transactions_read_whole(tmp_path: Path) -> None:
    """Every description distinct, as in a real export (no help from repeated texts)."""
    rows = []
    for i in range(100_000):
        day = f"2024{1 + i % 12:02d}{1 + i % 28:02d}"
        rows.append("\t".join([
            "417164300", "EUR", day, "100,00", "115,00", day, f"{i % 3000},{i % 100:02d}",
            f"/TRTP/SEPA OVERBOEKING/IBAN/NL36INGB0007654321/BIC/INGBNL2A/NAME/Bewoner "
            f"{i % 700}/REMI/Bijdrage koffieochtend {i}/EREF/NOTPROVIDED"]))
    path = tmp_path / "big.TAB"
    path.write_text("\n".join(rows), encoding="utf-8")
    [table] = abnamro.read(path)
    assert table.rows == 100_000
    assert table.columns["payer"][701] == "Bewoner 1"
    assert table.columns["description"][99_999] == "Bijdrage koffieochtend 99999"
    expected = sum(i % 3000 * 100 + i % 100 for i in range(100_000))
    assert int(table.columns["amount_cents"].sum()) == expected
