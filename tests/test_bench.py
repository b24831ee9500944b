"""The benchmark runs end to end on a small file and every contender's totals agree to the cent
(times are measured by bench/run.py itself, never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"
sys.path.insert(0, str(BENCH.parent))


def test_the_benchmark_at_10k_rows_agrees_to_the_cent(tmp_path) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("polars")
    results = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(BENCH), "--sizes", "10000", "--runs", "1",
                           "--work", str(tmp_path / "work"), "--results", str(results)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = results.read_text("utf-8")
    table = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    rows = {line.split("|")[1].strip(): line for line in table[1:]}
    for contender in ("wijkcalc", "wijkcalc-library", "duckdb", "polars", "pandas-per-row"):
        assert contender in rows, text
        assert rows[contender].rstrip(" |").split("|")[-1].strip().startswith("yes"), rows
    assert "**NO**" not in text


def test_the_bank_case_gives_the_same_lines_both_ways(tmp_path) -> None:
    from generate import generate_bank

    from wijkcalc import sources
    from wijkcalc.sources.cells import canonical

    export, table = generate_bank(500)
    (tmp_path / "ing.csv").write_text(export, encoding="utf-8")
    (tmp_path / "table.csv").write_text(table, encoding="utf-8")
    [bank] = list(sources.read(tmp_path / "ing.csv"))
    assert bank.source == "ing"
    ing = canonical([bank])
    plain = canonical(list(sources.read(tmp_path / "table.csv")))
    assert len(ing) == len(plain) == 500
    assert ing["amount_cents"].tolist() == plain["amount_cents"].tolist()
    assert ing["description"].tolist() == plain["description"].tolist()
    assert ing["payer"].tolist() == plain["payer"].tolist()
    assert ing["year"].tolist() == plain["year"].tolist()


def test_the_bank_case_reports_its_ratio(tmp_path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(BENCH), "--sizes", "--bank", "--bank-rows",
                           "1000", "--bank-runs", "1", "--format-runs", "1", "--work",
                           str(tmp_path / "work"), "--results", str(results)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = results.read_text("utf-8")
    assert "## Bank export: 1,000 ING transactions" in text
    assert "| ING ÷ plain |" in text
    assert "bank export reads in under 3× the time of the same rows" in text
    for source in ("abnamro", "asn", "bunq", "knab", "mt940", "rabobank", "triodos"):
        assert f"| {source} |" in text  # each format's read time, its ratio to the plain table
