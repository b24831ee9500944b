"""The comparison as a chart (matplotlib): a stacked bar per enterprise, the threshold marked."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from ..analysis.compare import Comparison, Row
from ..errors import UsageError
from ..vocab import BAR_ORDER
from .compare_view import title
from .files import check_not_input, write_atomic
from .i18n import class_name
from .safe import chart as drawn

COLOURS = {"market": "#2e7d32", "gray": "#f9a825", "unclassified": "#c62828",
           "public": "#1565c0"}
INSTALL_HINT = "pip install 'wijkcalc[charts]'"


def check_chart_target(chart: Path, inputs: Iterable[Path]) -> None:
    """Before any work: a .png or .svg name, not an input, and matplotlib installed."""
    if chart.suffix.lower() not in (".png", ".svg"):
        raise UsageError("--chart draws .png or .svg; name the file so", file=str(chart))
    check_not_input(chart, inputs)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError("--chart needs matplotlib, which is not installed; install it with: "
                         f"{INSTALL_HINT}") from None


def draw_chart(comparison: Comparison, rows: list[Row], target: Path, *, lang: str) -> bytes:
    """A horizontal stacked bar per enterprise with the threshold line, as PNG or SVG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [drawn(f"{r.report.enterprise}" + (f" {r.report.year}" if comparison.year is None
                                                and r.report.year is not None else ""))
              for r in rows]
    figure, axes = plt.subplots(figsize=(9, max(2.5, 0.32 * len(rows) + 1.2)))
    left = [0.0] * len(rows)
    for cls in BAR_ORDER:
        values = [max(r.report.shares[cls], 0.0) * 100 for r in rows]
        axes.barh(labels, values, left=left, color=COLOURS[cls], label=drawn(class_name(lang, cls)))
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.axvline(comparison.threshold * 100, color="black", linestyle="--", linewidth=1)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    axes.set_title(drawn(title(comparison, len(rows), lang)))
    axes.legend(loc="lower right", fontsize="small")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=target.suffix.lower().lstrip("."))
    plt.close(figure)
    return buffer.getvalue()


def write_chart(target: Path, comparison: Comparison, rows: list[Row], *, lang: str,
                inputs: Iterable[Path]) -> None:
    write_atomic(target, draw_chart(comparison, rows, target, lang=lang), inputs=inputs)
