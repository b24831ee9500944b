"""The MT940 source: detection, rows by hand (wrapped :86:, RC/RD reversals), pipeline, layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wijkcalc
from conftest import BANK, BANK_FIELDS, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import mt940, sniff

ING = BANK / "mt940-ing-2024.sta"  # ING's preamble, Windows-1252, CRLF, :25: with EUR after it
RABO = BANK / "mt940-rabo-utf8.940"  # ':940:' first, /CNTP/ counterparties, two accounts, UTF-8
FIXTURES = sorted(BANK.glob("mt940-*"))
ROW = (*BANK_FIELDS, "transaction_type")

# by hand from the fixture: C in, D out, RD (a debit reversed) in; the booking date is the
# :61:'s entry date; the reference is the bank's, after //; the :86: lines joined as they are
ING_ROWS = [
    (1250000, "income", "2024-01-05", "Gemeente Utrecht", "NL14BNGH0285001234",
     "Subsidie 2024 beschikking 2023-0815", "PREF240105A01", "", "SEPA OVERBOEKING"),
    (500000, "income", "2024-01-12", "Oranje Fonds", "NL44RABO0123456789",
     "Bijdrage project Buurtkamer De Linde, tweede helft toegezegd", "PREF240112A02", "",
     "SEPA OVERBOEKING"),
    (1500, "income", "2024-01-15", "J. de Vries", "NL36INGB0007654321",
     "Koffieochtend januari", "PREF240115A03", "", "iDEAL"),
    (750, "income", "2024-01-16", "A. Bakker", "NL22SNSB0912345678", "Crèche bijdrage",
     "PREF240116A04", "", "SEPA OVERBOEKING"),
    (34218, "income", "2024-01-17", "SumUp Limited", "LT633250001234567890",
     "SumUp payout 2024-01-16", "PREF240117A05", "", "SEPA OVERBOEKING"),
    (-125000, "cost", "2024-02-01", "Woonstichting Portaal", "NL61RABO0300123456",
     "Huur februari 2024", "PREF240201A06", "", "SEPA Incasso algemeen doorlopend"),
    (-8386, "cost", "2024-02-05", "Coöperatie Groen & Co", "NL12TRIO0198765432",
     "Factuur 2024-031", "PREF240205A07", "", "SEPA OVERBOEKING"),
    (-200000, "cost", "2024-02-10", "Stichting Buurtkamer De Linde", "NL51ABNA0987654321",
     "Naar spaarrekening", "PREF240210A08", "", "SEPA OVERBOEKING"),
    (125000, "income", "2024-02-12", "Woonstichting Portaal", "NL61RABO0300123456",
     "Huur februari 2024", "PREF240212A09", "1", "SEPA Incasso terugboeking"),
    (312, "income", "2024-03-31", "", "", "Creditrente 1e kwartaal 2024", "PREF240331A10", "",
     "Rente"),
    (1000000, "income", "2024-04-15", "Qredits Microfinanciering", "NL86INGB0002445588",
     "Lening 2024-88 uitbetaling", "PREF240415A11", "", "SEPA OVERBOEKING"),
    (-1240, "cost", "2024-04-20", "", "",
     "BEA NR:XX1234 20.04.24/10.15 Albert Heijn 1234,PAS123 UTRECHT", "PREF240420A12", "",
     "BEA"),
]
# 12500 + 5000 + 15 + 7.50 + 342.18 - 1250 - 83.86 - 2000 + 1250 + 3.12 + 10000 - 12.40
ING_TOTAL = 2577154
# value date 29-12-2023 booked 2 January 2024; RC (a credit reversed) goes out; NONREF is none
RABO_ROWS = [
    (2500, "income", "2024-01-02", "P. Jansen", "NL74INGB0004445556",
     "Contributie Coöperatie 2024", "", "", "N541"),
    (-2500, "cost", "2024-01-03", "P. Jansen", "NL74INGB0004445556",
     "Contributie Coöperatie 2024", "", "1", "N541"),
    (-4537, "cost", "2024-01-10", "Energiedirect B.V.", "NL06SNSB0934567890", "Termijn mei",
     "ED-55", "", "N101"),
]
RABO_TOTAL = 25_00 - 25_00 - 45_37


def rows_of(path: Path) -> list[tuple]:
    return bank_rows(read_one(mt940, path), ROW)


def written(tmp_path: Path, text: str, name: str = "statement.sta") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_detection_picks_mt940(path: Path) -> None:
    head = sniff.head(path)
    assert mt940.detect(head, path.name) == 0.9
    assert sources.detect(path, head) is mt940


def test_no_plain_income_table_is_claimed() -> None:
    for path in income_tables():
        assert mt940.detect(sniff.head(path), path.name) == 0, path


def test_the_ing_statement_reads_as_computed_by_hand() -> None:
    assert rows_of(ING) == ING_ROWS
    [table] = mt940.read(ING)
    assert set(table.columns["account"]) == {"NL20INGB0001234567"}  # "EUR" after it dropped
    text = ING.read_bytes().decode("cp1252").splitlines()
    assert all(text[line - 1].startswith(":61:") for line in table.lines)
    assert len(table.lines) == 12


def test_an_86_wrapped_mid_word_joins_with_nothing_between() -> None:
    text = ING.read_bytes().decode("cp1252").splitlines()
    assert text[8].endswith("/N") and text[9].startswith("AME/Gemeente Utrecht")
    assert rows_of(ING)[0][3] == "Gemeente Utrecht"


def test_rabobank_statements_with_cntp_and_a_reversed_credit() -> None:
    assert rows_of(RABO) == RABO_ROWS
    [table] = mt940.read(RABO)
    assert table.columns["account"].tolist() == ["NL85RBRB0912312312"] * 2 + [
        "NL92SNSB0900112233"]


@pytest.mark.parametrize(("mark", "cents", "reversal"), [
    ("C", 1250, ""), ("D", -1250, ""), ("RC", -1250, "1"), ("RD", 1250, "1")])
def test_the_sign_of_each_mark(mark: str, cents: int, reversal: str, tmp_path: Path) -> None:
    path = written(tmp_path, f":20:X\n:25:NL20INGB0001234567\n:60F:C240101EUR0,00\n"
                             f":61:240102{mark}12,5NTRFNONREF\n:86:/TRTP/X/NAME/Y/REMI/Z\n-\n")
    [table] = mt940.read(path)
    assert table.columns["amount_cents"].tolist() == [cents]
    assert table.columns["reversal"].tolist() == [reversal]
    assert table.columns["kind"].tolist() == ["income" if cents > 0 else "cost"]


@pytest.mark.parametrize(("path", "total"), [(ING, ING_TOTAL), (RABO, RABO_TOTAL)],
                         ids=["ing", "rabo"])
def test_the_pipeline_reads_it(path: Path, total: int) -> None:
    for frame in (wijkcalc.load([path], source="mt940", as_read=True),
                  wijkcalc.load([path], as_read=True)):
        assert int(frame["amount_cents"].sum()) == total
        assert set(frame["year"]) == {2024}


def test_a_missing_account_field_gets_one_clear_line(tmp_path: Path) -> None:
    text = RABO.read_text(encoding="utf-8")
    path = written(tmp_path, re.sub(r"(?m)^:25:.*\n", "", text), "mt940-changed.940")
    assert mt940.detect(sniff.head(path), path.name) == 0.7
    assert sources.detect(path, sniff.head(path)) is mt940  # not the income table
    with pytest.raises(InputError) as raised:
        list(mt940.read(path))
    message = str(raised.value)
    assert str(path) in message and "MT940" in message
    assert "the field ':25:' (account) is missing" in message
    assert raised.value.line == 5  # the first :61:, one line up now


def test_a_broken_61_names_its_line(tmp_path: Path) -> None:
    path = written(tmp_path, ":20:X\n:25:NL20INGB0001234567\n:61:240102X12,50NTRF\n-\n")
    with pytest.raises(InputError, match="the ':61:' field is '240102X12,50NTRF'") as raised:
        list(mt940.read(path))
    assert raised.value.line == 3


def test_a_statement_without_transactions_says_so(tmp_path: Path) -> None:
    path = written(tmp_path, ":20:X\n:25:NL20INGB0001234567\n:60F:C240101EUR0,00\n-\n")
    with pytest.raises(InputError, match="without transactions"):
        list(mt940.read(path))


def test_a_hundred_thousand_transactions_read_whole(tmp_path: Path) -> None:
    parts = [":20:BIG", ":25:NL20INGB0001234567EUR", ":60F:C231231EUR0,00"]
    for i in range(100_000):
        parts.append(f":61:24{1 + i % 12:02d}{1 + i % 28:02d}{'C' if i % 3 else 'D'}"
                     f"{i % 3000},{i % 100:02d}NTRFNONREF//B{i}")
        parts.append(":86:/TRTP/SEPA OVERBOEKING/IBAN/NL36INGB0007654321/BIC/INGBNL2A/NAME/B")
        parts.append(f"ewoner {i % 700}/REMI/Bijdrage {i}/EREF/NOTPROVIDED")
    path = written(tmp_path, "\n".join([*parts, "-"]), "big.sta")
    [table] = mt940.read(path)
    expected = sum((i % 3000 * 100 + i % 100) * (1 if i % 3 else -1) for i in range(100_000))
    assert int(table.columns["amount_cents"].sum()) == expected
    assert table.columns["payer"][701] == "Bewoner 1"
