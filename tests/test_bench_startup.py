"""bench/startup.py runs end to end on a small generated file and gives its Markdown section
(the figures are measured by the benchmark itself, never asserted here)."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))


def test_the_startup_section_has_every_command(tmp_path) -> None:
    from startup import startup_section

    text = startup_section(1, tmp_path, rows=2_000)
    assert text.startswith("## Start-up and streaming")
    assert "Load average" in text
    for name in ("wijkcalc --help", "wijkcalc rules", 'python -c "import pandas"',
                 "pandas without pyarrow",
                 "wijkcalc report (30 rows)", "classify --format json"):
        [row] = [line for line in text.splitlines() if line.startswith(f"| {name} |")]
        assert row.rstrip(" |").split("|")[-1].strip() in {"yes", "**no**", "—"}, row
    assert (tmp_path / "classify.json").read_text("utf-8").count('"enterprise":') == 2_000
