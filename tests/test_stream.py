"""A large CSV file is summed piece by piece; the figures must equal those of reading it whole."""

from __future__ import annotations

import json
import sys

import pytest

import wijkcalc
from wijkcalc.compare import aggregate_files, compare, compare_aggregates
from wijkcalc.errors import InputError
from wijkcalc.load import read_csv_pieces

load_module = sys.modules["wijkcalc.load"]
compare_module = sys.modules["wijkcalc.compare"]

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


@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("piece_bytes", [64, 200, 1 << 20])
def test_pieces_hold_every_row_once_with_its_line(tmp_path, piece_bytes, quoted) -> None:
    path = tmp_path / "groot.csv"
    write(path, ROWS * 50, quoted)
    tables = list(read_csv_pieces(path, piece_bytes=piece_bytes))
    lines = [int(line) for table in tables for line in table.lines]
    assert lines == list(range(2, 2 + len(ROWS) * 50))
    whole = wijkcalc.load([path])
    pieces = [load_module.canonical([t]) for t in tables]
    assert sum(int(p["amount_cents"].sum()) for p in pieces) == int(whole["amount_cents"].sum())


def test_streamed_comparison_equals_the_whole_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "groot.csv"
    write(path, ROWS * 300)
    whole = compare([path], all_years=True).to_dict()
    monkeypatch.setattr(compare_module, "STREAM_BYTES", 100)
    monkeypatch.setattr(compare_module, "read_csv_pieces",
                        lambda p: read_csv_pieces(p, piece_bytes=512))
    streamed = compare([path], all_years=True).to_dict()
    assert json.dumps(streamed, sort_keys=True) == json.dumps(whole, sort_keys=True)


def test_a_bad_cell_late_in_a_large_file_names_its_line(tmp_path, monkeypatch) -> None:
    path = tmp_path / "groot.csv"
    rows = ROWS * 100
    rows[700] = ("Wijkonderneming A", 2024, "Verkoop", "bewoners", "twaalf")
    write(path, rows)
    monkeypatch.setattr(compare_module, "STREAM_BYTES", 100)
    monkeypatch.setattr(compare_module, "read_csv_pieces",
                        lambda p: read_csv_pieces(p, piece_bytes=1024))
    aggregates, problems = aggregate_files([path])
    assert aggregates is None  # a bad file counts for nothing, not for its first pieces
    assert [(p.file, p.message.split(":")[0]) for p in problems] == [(str(path), "line 702")]
    with pytest.raises(InputError, match="twaalf"):
        aggregate_files([path], fail_fast=True)


def test_merged_pieces_report_like_one(tmp_path) -> None:
    path = tmp_path / "klein.csv"
    write(path, ROWS)
    one = compare_aggregates(wijkcalc.mix.aggregate(wijkcalc.classify(wijkcalc.load([path]))),
                             all_years=True).to_dict()
    pieces = [wijkcalc.mix.aggregate(wijkcalc.classify(load_module.canonical([t])))
              for t in read_csv_pieces(path, piece_bytes=80)]
    assert len(pieces) > 2
    merged = compare_aggregates(wijkcalc.mix.merge_aggregates(pieces), all_years=True).to_dict()
    assert merged == one
