"""A large CSV file is summed piece by piece; the figures must equal those of reading it whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wijkcalc.analysis.aggregate import Aggregates, aggregate, merge_aggregates
from wijkcalc.analysis.compare import compare_aggregates
from wijkcalc.errors import InputError
from wijkcalc.pipeline import Trap, fold, load
from wijkcalc.rules import classify
from wijkcalc.sources import cells, delimited, read, table
from wijkcalc.vocab import STANDARDS

LSA = STANDARDS["lsa"]

ROWS = [
    ("Wijkonderneming A", 2023, "Verkoop", "bewoners", "1234.56"),
    ("Wijkonderneming A", 2024, "Subsidie", "Gemeente Utrecht", "500.00"),
    ("Wijkonderneming A", 2024, "Zaalverhuur", "Gemeente Utrecht", "250.10"),
    ("Wijkonderneming B", 2024, "Fondsbijdrage", "Oranje Fonds", "999.99"),
    ("Wijkonderneming B", 2024, "Catering", "Bakkerij B.V.", "-12.50"),
    ("Wijkonderneming B", 2024, "Overige baten", "", "7.00"),
    ("Wijkonderneming C", 2022, "Right to Challenge", "Gemeente Zwolle", "3000.00"),
    ("Wijkonderneming C", 2022, "Lening", "Bank", "10000.00"),
]


def write(path, rows, quoted: bool = False) -> None:
    lines = ["enterprise,year,category,payer,amount"]
    for enterprise, year, category, payer, amount in rows:
        if quoted:
            lines.append(f'"{enterprise}",{year},"{category}","{payer}","{amount}"')
        else:
            lines.append(f"{enterprise},{year},{category},{payer},{amount}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def summed(paths: list[Path], trap: Trap) -> Aggregates | None:
    """The files as compare and report read them: classified and summed (pipeline.fold)."""
    return fold(paths, lambda frame: aggregate(classify(frame)), merge_aggregates, trap=trap)


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("piece_bytes", [64, 200, 1 << 20])
def test_pieces_hold_every_row_once_with_its_line(tmp_path, piece_bytes, quoted) -> None:
    path = tmp_path / "groot.csv"
    write(path, ROWS * 50, quoted)
    tables = list(table.pieces(path, piece_bytes=piece_bytes))
    lines = [int(line) for piece in tables for line in piece.lines]
    assert lines == list(range(2, 2 + len(ROWS) * 50))
    whole = load([path])
    pieces = [cells.canonical([t]) for t in tables]
    assert sum(int(p["amount_cents"].sum()) for p in pieces) == int(whole["amount_cents"].sum())


def test_streamed_comparison_equals_the_whole_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "groot.csv"
    write(path, ROWS * 300)
    whole = compare_aggregates(summed([path], Trap(fail_fast=True)), LSA,
                               all_years=True).to_dict()
    monkeypatch.setattr(delimited, "STREAM_BYTES", 100)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 512)
    tables = list(read(path))
    assert len(tables) > 10 and all(t.piece for t in tables)  # it really is read in pieces
    streamed = compare_aggregates(summed([path], Trap(fail_fast=True)), LSA,
                                  all_years=True).to_dict()
    assert json.dumps(streamed, sort_keys=True) == json.dumps(whole, sort_keys=True)


def test_a_bad_cell_late_in_a_large_file_names_its_line(tmp_path, monkeypatch) -> None:
    path = tmp_path / "groot.csv"
    rows = ROWS * 100
    rows[700] = ("Wijkonderneming A", 2024, "Verkoop", "bewoners", "twaalf")
    write(path, rows)
    monkeypatch.setattr(delimited, "STREAM_BYTES", 100)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 1024)
    trap = Trap()
    assert summed([path], trap) is None  # a bad file counts for nothing, not for its first pieces
    assert [(p.file, p.text.split(":")[0]) for p in trap.problems] == [(str(path), "line 702")]
    with pytest.raises(InputError, match="twaalf"):
        summed([path], Trap(fail_fast=True))


def test_merged_pieces_report_like_one(tmp_path) -> None:
    path = tmp_path / "klein.csv"
    write(path, ROWS)
    one = compare_aggregates(aggregate(classify(load([path]))), LSA, all_years=True).to_dict()
    pieces = [aggregate(classify(cells.canonical([t])))
              for t in table.pieces(path, piece_bytes=80)]
    assert len(pieces) > 2
    merged = compare_aggregates(merge_aggregates(pieces), LSA, all_years=True).to_dict()
    assert merged == one
