"""The Knab source: a KNAB EXPORT first line, a `;` header, C/D, dd-mm-yyyy dates, Latin-1."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import wijkcalc
from conftest import BANK, bank_rows, income_tables, read_one
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import bunq, ing, knab, rabobank, sniff, table

INCOME_TABLES = income_tables()
FIXTURE = BANK / "knab-2024.csv"
OWN = "NL07KNAB0255123456"
DE_KEY = "NL98ABNA0611223344"

# by hand from the fixture: cents, kind, date (Boekdatum, else Transactiedatum), payer,
# counterparty IBAN, description, reference, reversal
ROWS = [
    (600000, "income", "2024-01-15", "Gemeente Rotterdam", "NL38BNGH0285012345",
     "Subsidie wijkactiviteiten 2024", "C4A15RT0012345", ""),
    (82775, "income", "2024-01-22", "Fonds Sluyterman van Loo", "NL18INGB0007788990",
     "Bijdrage inloopochtenden", "C4A20RT0012346", ""),
    (500, "income", "2024-02-01", "R. Dijkstra", "NL58ABNA0634567890", "Koffie",
     "C4B01RT0012347", ""),
    (18000, "income", "2024-02-03", "Crèche Het Zonnetje", "NL44RABO0123456789",
     "Zaalhuur januari", "C4B03RT0012348", ""),
    (19840, "income", "2024-02-05", "SumUp Payments Limited", "NL43DEUT0265012345",
     "SumUp payout 04-02-2024", "C4B05RT0012349", ""),
    (-110000, "cost", "2024-03-01", "Woonstichting De Key", DE_KEY, "Huur maart 2024",
     "C4C01RT0012350", ""),
    (-8386, "cost", "2024-03-04", "Coöperatie Groen & Co", "NL53RABO0333444555",
     "Factuur 2024-044", "C4C04RT0012351", ""),
    (-50000, "cost", "2024-03-05", "Stichting Buurtkamer De Linde", "NL51KNAB0255654321",
     "Naar spaarrekening", "C4C05RT0012352", ""),
    (110000, "income", "2024-03-07", "Woonstichting De Key", DE_KEY, "Huur maart 2024",
     "C4C07RT0012353", "1"),
    (65, "income", "2024-03-31", "Knab", "", "Rente 1e kwartaal 2024", "C4C31RT0012354", ""),
    (400000, "income", "2024-04-10", "Qredits Microfinanciering", "NL16BUNQ2034567890",
     "Lening 24-1001", "C4D10RT0012355", ""),
]
# 6000 + 827.75 + 5 + 180 + 198.40 - 1100 - 83.86 - 500 + 1100 + 0.65 + 4000
TOTAL = 1062794


def rows(path: Path) -> list[tuple[object, ...]]:
    return bank_rows(read_one(knab, path))


def without_first_line(tmp_path: Path) -> Path:
    path = tmp_path / "knab-header-first.csv"
    path.write_bytes(FIXTURE.read_bytes().split(b"\r\n", 1)[1])
    return path


def test_detection_picks_knab(tmp_path: Path) -> None:
    for path in (FIXTURE, without_first_line(tmp_path)):
        head = sniff.head(path)
        assert knab.detect(head, path.name) == 0.9 > table.detect(head, path.name)
        assert ing.detect(head, path.name) == rabobank.detect(head, path.name) == 0
        assert bunq.detect(head, path.name) == 0
        assert sources.detect(path, head) is knab


@pytest.mark.parametrize("path", INCOME_TABLES, ids=lambda path: path.name)
def test_claims_no_income_table(path: Path) -> None:
    assert knab.detect(sniff.head(path), path.name) == 0


@pytest.mark.parametrize("name", sorted(p.name for p in BANK.glob("*")
                                        if p.name.startswith(("ing-", "rabobank-", "bunq-"))))
def test_claims_no_other_bank_export(name: str) -> None:
    assert knab.detect(sniff.head(BANK / name), name) == 0


def test_read_gives_the_hand_computed_rows(tmp_path: Path) -> None:
    assert rows(FIXTURE) == ROWS
    assert rows(without_first_line(tmp_path)) == ROWS


def test_the_other_columns() -> None:
    [raw] = list(knab.read(FIXTURE))
    assert raw.header_line == 2 and raw.lines.tolist() == list(range(3, 14))
    assert set(raw.columns["account"]) == {OWN}
    assert raw.columns["amount_cents"].dtype == np.int64
    assert raw.columns["transaction_date"][1] == "2024-01-20"  # booked on the 22nd
    assert raw.columns["transaction_type"][8] == "Storno incasso"
    assert set(raw.columns["category"]) == {""} and "enterprise" not in raw.columns
    assert "Crèche".encode("latin-1") in FIXTURE.read_bytes()


def test_load_with_source_reads_the_canonical_frame() -> None:
    frame = wijkcalc.load([FIXTURE], source="knab", as_read=True)
    assert int(frame["amount_cents"].sum()) == TOTAL
    assert set(frame["year"]) == {2024}
    assert list(frame["kind"]) == [row[1] for row in ROWS]
    assert list(frame["reference"]) == [row[6] for row in ROWS]


@pytest.mark.parametrize("column", ["Boekdatum", "CreditDebet"])
def test_a_changed_layout_gets_one_clear_line(tmp_path: Path, column: str) -> None:
    lines = FIXTURE.read_bytes().decode("latin-1").split("\r\n")
    gone = lines[1].split(";").index(column)
    changed = tmp_path / "knab.csv"
    changed.write_bytes("\r\n".join(";".join(c for n, c in enumerate(line.split(";"))
                                             if n != gone or not number)
                                    for number, line in enumerate(lines)).encode("latin-1"))
    assert knab.detect(sniff.head(changed), changed.name) == 0.7
    with pytest.raises(InputError) as caught:
        list(knab.read(changed))
    assert str(caught.value).startswith(
        f"{changed}:2: looks like a Knab export, but the column '{column}' is missing; "
        "columns found: 'Rekeningnummer', ")


def test_a_direction_other_than_c_or_d_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(FIXTURE.read_bytes().replace(b";EUR;D;83,86;", b";EUR;X;83,86;"))
    with pytest.raises(InputError, match=r"bad.csv:9: CreditDebet is 'X'; expected C or D"):
        list(knab.read(bad))


def test_100000_transactions_read_whole(tmp_path: Path) -> None:
    lines = FIXTURE.read_bytes().splitlines(keepends=True)
    big = tmp_path / "big.csv"
    big.write_bytes(b"".join(lines[:2]) + b"".join(lines[2:]) * 9091)
    [raw] = list(knab.read(big))
    assert raw.rows == 11 * 9091
    assert int(raw.columns["amount_cents"].sum()) == TOTAL * 9091
