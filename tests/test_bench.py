"""The benchmark runs end to end on a small file and every contender's totals agree to the cent
(times are measured by bench/run.py itself, never asserted here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


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
