"""The ING source: current account (Dutch `;`, older `,`, English) and savings exports."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import wijkcalc
from conftest import BANK, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import bank_common as bank
from wijkcalc.sources import bank_fields as fields
from wijkcalc.sources import bank_text as text
from wijkcalc.sources import ing, sniff, table

INCOME_TABLES = income_tables()
OWN = "NL20INGB0001234567"
CURRENT = ["ing-current-nl.csv", "ing-current-old.csv", "ing-current-en.csv"]
FIXTURES = [*CURRENT, "ing-savings.csv"]

# by hand from the fixtures: cents, kind, date, payer, counterparty IBAN, description,
# reference, reversal
ROWS_NL = [
    (1250000, "income", "2024-01-15", "Gemeente Utrecht", "NL38BNGH0285012345",
     "Subsidie 2024 beschikking 2023-4471", "", ""),
    (300000, "income", "2024-01-22", "Oranje Fonds", "NL81RABO0312345678",
     "Bijdrage project Buurtkamer", "", ""),
    (750, "income", "2024-02-01", "J. de Vries", "NL91ABNA0417164300",
     "Koffie en soep januari", "", ""),
    (15000, "income", "2024-02-03", "Crèche Het Zonnetje", "NL44RABO0123456789",
     "Zaalhuur februari", "", ""),
    (24530, "income", "2024-02-05", "SumUp Payments Limited", "NL43DEUT0265012345",
     "SumUp payout 04-02-2024", "", ""),
    (-125000, "cost", "2024-03-01", "Portaal", "NL07ABNA0555666777",
     "Huur maart 2024 Buurtkamer", "", ""),
    (-123456, "cost", "2024-03-04", "Coöperatie Groen & Co", "NL53RABO0333444555",
     "Factuur 2024-017 tuinonderhoud", "", ""),
    (-200000, "cost", "2024-03-05", "Stichting Buurtkamer De Linde", "NL36INGB0007654321",
     "Naar Oranje spaarrekening", "", ""),
    (125000, "income", "2024-03-06", "Portaal", "NL07ABNA0555666777",
     "Terugboeking incasso Huur maart 2024", "", "1"),
    (42, "income", "2024-04-01", "Rente", "", "Creditrente 1e kwartaal 2024", "", ""),
    (500000, "income", "2024-04-10", "Qredits Microfinanciering", "NL16BUNQ2034567890",
     "Uitbetaling lening 24-0815", "", ""),
    (1500, "income", "2024-04-12", "A. Öztürk", "NL71INGB0009876543", "Deelname kookcursus",
     "", ""),
]
ROWS_EN = [*ROWS_NL[:8],
           (*ROWS_NL[8][:5], "Reversal direct debit Huur maart 2024", "", "1"),
           (*ROWS_NL[9][:5], "Credit interest 1st quarter 2024", "", ""),
           *ROWS_NL[10:]]
# 12500 + 3000 + 7.50 + 150 + 245.30 - 1250 - 1234.56 - 2000 + 1250 + 0.42 + 5000 + 15
CURRENT_TOTAL = 1768366
ROWS_SAVINGS = [
    (200000, "income", "2024-03-05", "Stichting Buurtkamer De Linde", OWN,
     "Van Zakelijke rekening NL20INGB0001234567 Naar Oranje spaarrekening", "", ""),
    (-50000, "cost", "2024-06-28", "Stichting Buurtkamer De Linde", OWN,
     "Naar Zakelijke rekening NL20INGB0001234567 Terug naar betaalrekening", "", ""),
    (1837, "income", "2024-12-31", "", "",
     "Rente Rente over periode 01-01-2024 t/m 31-12-2024", "", ""),
    (125000, "income", "2024-12-31", "Crèche Het Zonnetje", "NL44RABO0123456789",
     "Crèche Het Zonnetje Borg zaal retour Coöperatie", "", ""),
]
SAVINGS_TOTAL = 200000 - 50000 + 1837 + 125000
EXPECTED = {"ing-current-nl.csv": ROWS_NL, "ing-current-old.csv": ROWS_NL,
            "ing-current-en.csv": ROWS_EN, "ing-savings.csv": ROWS_SAVINGS}


def rows(path: Path) -> list[tuple[object, ...]]:
    return bank_rows(read_one(ing, path))


@pytest.mark.parametrize("name", FIXTURES)
def test_detection_picks_ing(name: str) -> None:
    path = BANK / name
    head = sniff.head(path)
    assert ing.detect(head, name) == 0.9 > table.detect(head, name)
    assert sources.detect(path, head) is ing


@pytest.mark.parametrize("path", INCOME_TABLES, ids=lambda path: path.name)
def test_claims_no_income_table(path: Path) -> None:
    assert ing.detect(sniff.head(path), path.name) == 0


@pytest.mark.parametrize("name", FIXTURES)
def test_read_gives_the_hand_computed_rows(name: str) -> None:
    assert rows(BANK / name) == EXPECTED[name]


def test_the_other_columns() -> None:
    [raw] = list(ing.read(BANK / "ing-current-nl.csv"))
    assert raw.header_line == 1 and raw.lines.tolist() == list(range(2, 14))
    assert raw.columns["amount_cents"].dtype == np.int64
    assert set(raw.columns["account"]) == {OWN}
    assert set(raw.columns["account_holder"]) == {""} and set(raw.columns["category"]) == {""}
    assert raw.columns["transaction_type"][5] == "Incasso" and raw.columns["code"][5] == "IC"
    assert raw.columns["payment_reference"][5] == "HUUR-2024-03"
    assert "enterprise" not in raw.columns
    [savings] = list(ing.read(BANK / "ing-savings.csv"))
    assert set(savings.columns["account"]) == {"NL36INGB0007654321"}


@pytest.mark.parametrize("name", FIXTURES)
def test_load_with_source_reads_the_canonical_frame(name: str) -> None:
    frame = wijkcalc.load([BANK / name], source="ing", as_read=True)
    total = SAVINGS_TOTAL if name == "ing-savings.csv" else CURRENT_TOTAL
    assert int(frame["amount_cents"].sum()) == total
    assert set(frame["year"]) == {2024}
    assert list(frame["kind"]) == [row[1] for row in EXPECTED[name]]
    assert list(frame["payer"]) == [row[3] for row in EXPECTED[name]]


def test_detection_without_naming_the_source() -> None:
    frame = wijkcalc.load([BANK / "ing-current-old.csv"], as_read=True)
    assert int(frame["amount_cents"].sum()) == CURRENT_TOTAL


@pytest.mark.parametrize(("name", "column"), [("ing-current-nl.csv", "Af Bij"),
                                              ("ing-current-en.csv", "Amount (EUR)"),
                                              ("ing-savings.csv", "Rekening type")])
def test_a_changed_layout_gets_one_clear_line(tmp_path: Path, name: str, column: str) -> None:
    lines = (BANK / name).read_bytes().decode("latin-1").splitlines()
    separator = ";" if ";" in lines[0] else ","
    header = lines[0].split(separator)
    gone = header.index(f'"{column}"')
    changed = tmp_path / name
    changed.write_bytes("\n".join(separator.join(c for n, c in enumerate(line.split(separator))
                                                 if n != gone)
                                  for line in lines).encode("latin-1"))
    assert ing.detect(sniff.head(changed), name) == 0.7
    with pytest.raises(InputError) as caught:
        list(ing.read(changed))
    message = str(caught.value)
    assert message.startswith(f"{changed}:1: looks like an ING")
    assert f"but the column '{column}' is missing; columns found: " in message
    assert "\\n" not in message


def test_a_bad_amount_names_its_line(tmp_path: Path) -> None:
    text = (BANK / "ing-current-nl.csv").read_text(encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(text.replace('"7,50"', '"7,5,0"'), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv:4: amount is '7,5,0'"):
        list(ing.read(bad))
    bad.write_text(text.replace('"Bij";"7,50"', '"Bijna";"7,50"'), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.csv:4: Af Bij is 'Bijna'; expected Bij or Af"):
        list(ing.read(bad))


def test_100000_transactions_read_whole(tmp_path: Path) -> None:
    lines = (BANK / "ing-current-nl.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    big = tmp_path / "big.csv"
    big.write_text(lines[0] + "".join(lines[1:]) * 8334, encoding="utf-8")
    [raw] = list(ing.read(big))
    assert raw.rows == 12 * 8334
    assert int(raw.columns["amount_cents"].sum()) == CURRENT_TOTAL * 8334


# ---------------------------------------------------------------- bank_common, shared by the
# bank sources: exact amounts, dates, IBANs and the fields of a description

def test_cents_are_exact_in_every_form() -> None:
    lines = np.arange(2, 12)
    written = pd.Series(["1250,00", "+1250,00", "-83,86", "1.234,56", "1250", "0,5",
                         " -1.000.000,01 ", "99999999,99"])
    assert text.cents(written, file="x", lines=lines).tolist() == [
        125000, 125000, -8386, 123456, 125000, 50, -100000001, 9999999999]
    assert text.cents(pd.Series(["-200.00", "1,234.56", "3.1"]), decimal=".", file="x",
                      lines=lines).tolist() == [-20000, 123456, 310]
    assert text.cents(pd.Series(["-200.00", "3.10"]), decimal="auto", file="x",
                      lines=lines).tolist() == [-20000, 310]


@pytest.mark.parametrize("amount", ["12,345", "1.23,45", "1,2,3", "", "12 50", "--5", "€"])
def test_cents_refuse_what_is_no_amount(amount: str) -> None:
    with pytest.raises(InputError, match=r"^f.csv:3: amount is "):
        text.cents(pd.Series(["1,00", amount]), file="f.csv", lines=np.array([2, 3]))


def test_dates_ibans_fields_and_reversals() -> None:
    lines = np.array([2, 3])
    assert text.iso_dates(pd.Series(["5-1-2024", "31-12-2024"]), "dd-mm-yyyy", file="x",
                          lines=lines).tolist() == ["2024-01-05", "2024-12-31"]
    with pytest.raises(InputError, match=r"f:3: date is '31-02-2024'; expected a date written"):
        text.iso_dates(pd.Series(["01-02-2024", "31-02-2024"]), "dd-mm-yyyy", file="f",
                       lines=lines)
    assert text.iban(pd.Series([" nl20 ingb 0001 2345 67", None])).tolist() == [OWN, ""]
    found = fields.labelled_fields(pd.Series([
        "Name: Zoë  Bakker Description: Gift IBAN: nl20ingb0001234567 Reference: 7 "
        "Value date: 01/02/2024", "Bedrijfsnaam: X Omschrijving: Huur", "geen velden"]))
    assert found.to_dict("list") == {"name": ["Zoë Bakker", "", ""],
                                      "description": ["Gift", "Huur", ""],
                                      "iban": [OWN, "", ""], "reference": ["7", "", ""]}
    assert fields.reversal_from_text(pd.Series(["Storno incasso", "Retour"]),
                                   pd.Series(["", "TERUGBOEKING"])).tolist() == ["1", "1"]


def test_a_head_cut_inside_a_character_still_reads_its_header() -> None:
    head = '"Datum","Naam initiërende partij"\n"x","ë'.encode()[:-1]
    assert bank.header_cells(head) == (["Datum", "Naam initiërende partij"], ",")
