"""Safe output: Excel's CSV dialect, files written whole or not at all."""

from __future__ import annotations

import os

import pytest

import wijkcalc
from wijkcalc.errors import UsageError
from wijkcalc.render.files import write_atomic


def test_excel_csv_has_bom_semicolons_and_decimal_commas(cli, examples_dir) -> None:
    result = cli("classify", examples_dir / "startup-buurtkeuken.csv", "--excel")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("\ufeffenterprise;year;description;category;")
    assert ";30000,00;" in text  # the fund's € 30.000,00
    assert ";-" not in text.split("\n")[0]


def test_excel_csv_reads_back_to_the_same_cents(cli, examples_dir, tmp_path) -> None:
    source = examples_dir / "buurthuis-de-linde.csv"
    target = tmp_path / "voor-excel.csv"
    assert cli("classify", source, "--excel", "-o", target).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    again = wijkcalc.load([target])
    original = wijkcalc.load([source])
    assert again["amount_cents"].tolist() == original["amount_cents"].tolist()
    assert again["category"].astype(str).tolist() == original["category"].astype(str).tolist()


def test_compare_excel_csv_writes_shares_with_a_decimal_comma(cli, examples_dir) -> None:
    result = cli("compare", examples_dir, "--excel")
    assert result.exit_code == 0, result.stderr
    header, first = result.stdout.splitlines()[:2]
    assert header.startswith("\ufeffenterprise;year;income_total;market_share;")
    cells = first.split(";")
    assert cells[0] == "Buurtbedrijf De Kroon"
    assert cells[2] == "79872,35" and cells[3].startswith("0,946")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    target = tmp_path / "uit.csv"
    target.write_text("oud", "utf-8")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "nieuw" * 1000)
    assert target.read_text("utf-8") == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["uit.csv"]


def test_never_over_an_input(tmp_path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("x", "utf-8")
    with pytest.raises(UsageError, match="will not write over the input"):
        write_atomic(tmp_path / "." / "in.csv", "y", inputs=[source])
    assert source.read_text("utf-8") == "x"
