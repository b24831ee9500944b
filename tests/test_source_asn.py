"""The ASN Bank / SNS / RegioBank source: detection, rows by hand, pipeline, changed layout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wijkcalc
from conftest import BANK, BANK_FIELDS, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import asn, sniff

YEAR = BANK / "asn-buurtkamer-2024.csv"  # ASN Bank, UTF-8, LF
SNS = BANK / "asn-sns-cp1252.csv"  # SNS, Windows-1252, CRLF
REGIO = BANK / "asn-regiobank-utf8bom.csv"  # RegioBank, UTF-8 with a BOM
FIXTURES = sorted(BANK.glob("asn-*"))
ROW = (*BANK_FIELDS, "transaction_type")

# by hand from the fixture: column 10 signed with a decimal point, 15 the sequence number,
# 17 the description between single quotes, 14 the code (STO: storno)
YEAR_ROWS = [
    (1250000, "income", "2024-01-02", "Gemeente Utrecht", "NL14BNGH0285001234",
     "Subsidie 2024 beschikking 2023-0815", "44001", "", "OVB"),
    (500000, "income", "2024-01-09", "Oranje Fonds", "NL44RABO0123456789",
     "Bijdrage project Buurtkamer", "44002", "", "OVB"),
    (1500, "income", "2024-01-10", "J. de Vries", "NL36INGB0007654321",
     "Koffieochtend januari", "44003", "", "IDB"),
    (750, "income", "2024-01-11", "A. Bakker", "NL22SNSB0912345678", "Crèche bijdrage",
     "44004", "", "OVB"),
    (34218, "income", "2024-01-12", "SumUp Limited", "LT633250001234567890",
     "SumUp payout 2024-01-11", "44005", "", "OVB"),
    (-125000, "cost", "2024-02-01", "Woonstichting Portaal", "NL61RABO0300123456",
     "Huur februari 2024", "44006", "", "INC"),
    (-8386, "cost", "2024-02-05", "Coöperatie Groen & Co", "NL12TRIO0198765432",
     "Factuur 2024-031", "44007", "", "OVB"),
    (-200000, "cost", "2024-02-10", "Stichting Buurtkamer De Linde", "NL72ASNB0709999999",
     "Naar spaarrekening", "44008", "", "OVB"),
    (125000, "income", "2024-02-12", "Woonstichting Portaal", "NL61RABO0300123456",
     "Storno incasso Huur februari 2024", "44009", "1", "STO"),
    (312, "income", "2024-03-31", "", "", "Creditrente 1e kwartaal 2024", "44010", "", "RNT"),
    (1000000, "income", "2024-04-15", "Qredits Microfinanciering", "NL86INGB0002445588",
     "Lening 2024-88 uitbetaling", "44011", "", "OVB"),
    (-1240, "cost", "2024-04-20", "Albert Heijn 1234", "", "Betaalautomaat 20-04-2024 10:15",
     "44012", "", "BEA"),
]
# 12500 + 5000 + 15 + 7.50 + 342.18 - 1250 - 83.86 - 2000 + 1250 + 3.12 + 10000 - 12.40
YEAR_TOTAL = 2577154
SNS_ROWS = [
    (2500, "income", "2024-05-03", "P. Jansen", "NL74INGB0004445556",
     "Contributie Coöperatie 2024", "7001", "", "IDB"),
    (-4537, "cost", "2024-05-10", "Energiedirect B.V.", "NL06SNSB0934567890",
     "Termijn mei ED-55", "7002", "", "INC"),
]
REGIO_ROWS = [
    (-750, "cost", "2024-06-17", "A. Bakker", "NL22SNSB0912345678",
     "Terugbetaling Crèche bijdrage", "901", "", "OVB"),
]
TOTALS = [(YEAR, YEAR_TOTAL), (SNS, 25_00 - 45_37), (REGIO, -7_50)]


def rows_of(path: Path) -> list[tuple]:
    return bank_rows(read_one(asn, path), ROW)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_detection_picks_asn(path: Path) -> None:
    head = sniff.head(path)
    assert asn.detect(head, path.name) == 0.9
    assert sources.detect(path, head) is asn


def test_no_plain_income_table_is_claimed() -> None:
    for path in income_tables():
        assert asn.detect(sniff.head(path), path.name) == 0, path


@pytest.mark.parametrize(("path", "rows", "own"), [
    (YEAR, YEAR_ROWS, "NL25ASNB0701234567"), (SNS, SNS_ROWS, "NL92SNSB0900112233"),
    (REGIO, REGIO_ROWS, "NL85RBRB0912312312")], ids=["asn", "sns", "regiobank"])
def test_each_export_reads_as_computed_by_hand(path: Path, rows: list, own: str) -> None:
    assert rows_of(path) == rows
    [table] = asn.read(path)
    assert set(table.columns["account"]) == {own}
    assert table.lines.tolist() == list(range(1, len(rows) + 1))


@pytest.mark.parametrize(("path", "total"), TOTALS, ids=["asn", "sns", "regiobank"])
def test_the_pipeline_reads_it(path: Path, total: int) -> None:
    for frame in (wijkcalc.load([path], source="asn", as_read=True),
                  wijkcalc.load([path], as_read=True)):
        assert int(frame["amount_cents"].sum()) == total
        assert set(frame["year"]) == {2024}


@pytest.mark.parametrize(("path", "bank"), [(YEAR, "an ASN Bank"), (SNS, "an SNS"),
                                            (REGIO, "a RegioBank")])
def test_a_changed_layout_gets_one_clear_line(path: Path, bank: str, tmp_path: Path) -> None:
    text = path.read_bytes().decode("cp1252" if path == SNS else "utf-8-sig")
    changed = tmp_path / "asn-changed.csv"  # the statement number left out
    changed.write_text("\n".join(line.rsplit(",", 1)[0] for line in text.splitlines()),
                       encoding="utf-8")
    assert asn.detect(sniff.head(changed), changed.name) == 0.7
    assert sources.detect(changed, sniff.head(changed)) is asn  # not the income table
    with pytest.raises(InputError) as raised:
        list(asn.read(changed))
    message = str(raised.value)
    assert str(changed) in message and f"looks like {bank} export" in message
    assert "the column 'statement number' is missing" in message


def test_a_bad_date_names_its_line(tmp_path: Path) -> None:
    text = SNS.read_bytes().decode("cp1252").replace("10-05-2024,NL92", "2024-05-10,NL92")
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape("date is '2024-05-10'")) as raised:
        list(asn.read(path))
    assert raised.value.line == 2


def test_a_hundred_thousand_transactions_read_whole(tmp_path: Path) -> None:
    rows = [f"{1 + i % 28:02d}-{1 + i % 12:02d}-2024,NL25ASNB0701234567,NL36INGB0007654321,"
            f"Bewoner {i % 700},,,,EUR,100.00,EUR,{'-' if i % 3 == 0 else ''}{i % 3000}."
            f"{i % 100:02d},01-01-2024,01-01-2024,8810,OVB,{i},,'Bijdrage {i}',1"
            for i in range(100_000)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    [table] = asn.read(path)
    expected = sum((i % 3000 * 100 + i % 100) * (-1 if i % 3 == 0 else 1)
                   for i in range(100_000))
    assert int(table.columns["amount_cents"].sum()) == expected
