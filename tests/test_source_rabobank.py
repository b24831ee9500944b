"""The Rabobank source: 26 quoted columns, Dutch or English header, cp1252, several accounts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import wijkcalc
from conftest import BANK, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import ing, rabobank, sniff, table

INCOME_TABLES = income_tables()
FIXTURES = ["rabobank-nl.csv", "rabobank-en.csv", "rabobank-nl-utf8-mangled.csv"]
CURRENT, SAVINGS = "NL83RABO0198765432", "NL23RABO0300450060"
COOP = "NL20RABO0376543219"

# by hand from the fixtures: cents, kind, date, payer, counterparty IBAN, description,
# reference (Volgnr), reversal
ROWS = [
    (1250000, "income", "2024-01-16", "Gemeente Utrecht", "NL38BNGH0285012345",
     "Subsidie 2024 beschikking 2023-4471", "000000000000007001", ""),
    (250000, "income", "2024-01-25", "VSBfonds", "NL48RABO0165432109",
     "Bijdrage buurtmaaltijden", "000000000000007002", ""),
    (1000, "income", "2024-02-02", "M. Jansen", "NL08ABNA0412345670", "Bijdrage buurtmaaltijd",
     "000000000000007003", ""),
    (500, "income", "2024-02-09", "Zoë Bakker", "NL67INGB0006543210", "Koffie",
     "000000000000007004", ""),
    (31245, "income", "2024-02-12", "SumUp Payments Limited", "NL43DEUT0265012345",
     "SumUp payout", "000000000000007005", ""),
    (-125000, "cost", "2024-03-01", "Portaal", "NL07ABNA0555666777", "Huur maart 2024 Buurtkamer",
     "000000000000007006", ""),
    (-8386, "cost", "2024-03-04", "Coöperatie Groen & Co", COOP,
     "Factuur 2024-031 tuinonderhoud maart", "000000000000007007", ""),
    (-150000, "cost", "2024-03-05", "Stichting Buurtkamer De Linde", SAVINGS,
     "Naar spaarrekening", "000000000000007008", ""),
    (8386, "income", "2024-03-07", "Coöperatie Groen & Co", COOP,
     "Factuur 2024-031 tuinonderhoud maart", "000000000000007009", "1"),
    (125, "income", "2024-03-31", "Rabobank", "", "Rente 1e kwartaal 2024",
     "000000000000007010", ""),
    (750000, "income", "2024-04-10", "Qredits Microfinanciering", "NL16BUNQ2034567890",
     "Uitbetaling lening 24-0907", "000000000000007011", ""),
    (150000, "income", "2024-03-05", "Stichting Buurtkamer De Linde", CURRENT,
     "Naar spaarrekening", "000000000000000301", ""),
    (410, "income", "2024-03-31", "Rabobank", "", "Rente spaarrekening",
     "000000000000000302", ""),
]
# 12500 + 2500 + 10 + 5 + 312.45 - 1250 - 83.86 - 1500 + 83.86 + 1.25 + 7500 + 1500 + 4.10
TOTAL = 2158280


def rows(path: Path) -> list[tuple[object, ...]]:
    return bank_rows(read_one(rabobank, path))


@pytest.mark.parametrize("name", FIXTURES)
def test_detection_picks_rabobank(name: str) -> None:
    path = BANK / name
    head = sniff.head(path)
    assert rabobank.detect(head, name) == 0.9 > table.detect(head, name)
    assert ing.detect(head, name) == 0
    assert sources.detect(path, head) is rabobank


@pytest.mark.parametrize("path", INCOME_TABLES, ids=lambda path: path.name)
def test_claims_no_income_table(path: Path) -> None:
    assert rabobank.detect(sniff.head(path), path.name) == 0


@pytest.mark.parametrize("name", sorted(p.name for p in BANK.glob("ing-*")))
def test_claims_no_ing_export(name: str) -> None:
    assert rabobank.detect(sniff.head(BANK / name), name) == 0


@pytest.mark.parametrize("name", FIXTURES)
def test_read_gives_the_hand_computed_rows(name: str) -> None:
    assert rows(BANK / name) == ROWS


def test_several_own_accounts_and_the_other_columns() -> None:
    [raw] = list(rabobank.read(BANK / "rabobank-nl.csv"))
    assert raw.columns["account"].tolist() == [CURRENT] * 11 + [SAVINGS] * 2
    assert raw.header_line == 1 and raw.lines.tolist() == list(range(2, 15))
    assert raw.columns["amount_cents"].dtype == np.int64
    assert raw.columns["return_reason"][8] == "AC04"
    assert raw.columns["transaction_type"][7] == "tb"
    assert raw.columns["payment_reference"][6] == "2024031"
    assert set(raw.columns["category"]) == {""} and "enterprise" not in raw.columns


def test_the_file_is_cp1252() -> None:
    raw = (BANK / "rabobank-nl.csv").read_bytes()
    assert "Coöperatie".encode("cp1252") in raw and "initiërende".encode("cp1252") in raw
    assert "initiÃ«rende".encode() in (BANK / "rabobank-nl-utf8-mangled.csv").read_bytes()


@pytest.mark.parametrize("name", FIXTURES)
def test_load_with_source_reads_the_canonical_frame(name: str) -> None:
    frame = wijkcalc.load([BANK / name], source="rabobank", as_read=True)
    assert int(frame["amount_cents"].sum()) == TOTAL
    assert set(frame["year"]) == {2024}
    assert list(frame["kind"]) == [row[1] for row in ROWS]
    assert list(frame["reference"]) == [row[6] for row in ROWS]


@pytest.mark.parametrize(("name", "column"), [("rabobank-nl.csv", "Reden retour"),
                                              ("rabobank-en.csv", "Seq No")])
def test_a_changed_layout_gets_one_clear_line(tmp_path: Path, name: str, column: str) -> None:
    lines = (BANK / name).read_bytes().decode("cp1252").splitlines()
    gone = lines[0].split(",").index(f'"{column}"')
    changed = tmp_path / name
    changed.write_bytes("\n".join(",".join(c for n, c in enumerate(line.split(",")) if n != gone)
                                  for line in lines).encode("cp1252"))
    assert rabobank.detect(sniff.head(changed), name) == 0.7
    with pytest.raises(InputError) as caught:
        list(rabobank.read(changed))
    message = str(caught.value)
    assert message.startswith(f"{changed}:1: looks like a Rabobank export, but the column "
                              f"'{column}' is missing; columns found: '")


def test_a_bad_date_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes((BANK / "rabobank-nl.csv").read_bytes().replace(b'"2024-02-02"', b'"2-2-24"'))
    with pytest.raises(InputError, match=r"bad.csv:4: date is '2-2-24'; expected a date"):
        list(rabobank.read(bad))


def test_100000_transactions_read_whole(tmp_path: Path) -> None:
    lines = (BANK / "rabobank-nl.csv").read_bytes().splitlines(keepends=True)
    big = tmp_path / "big.csv"
    big.write_bytes(lines[0] + b"".join(lines[1:]) * 7693)
    [raw] = list(rabobank.read(big))
    assert raw.rows == 13 * 7693
    assert int(raw.columns["amount_cents"].sum()) == TOTAL * 7693
