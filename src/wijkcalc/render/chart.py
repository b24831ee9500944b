"""The comparison as a chart (matplotlib): a stacked bar per enterprise, the threshold marked."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterable
from pathlib import Path

from ..analysis.compare import Comparison, Row
from ..errors import UsageError
from ..vocab import BAR_ORDER
from .compare_view import title
from .files import check_not_input, write_atomic
from .i18n import class_name, say
from .safe import chart as drawn
from .screen import warn

COLOURS = {"market": "#2e7d32", "gray": "#f9a825", "unclassified": "#c62828",
           "public": "#1565c0"}
INSTALL_HINT = "pip install 'wijkcalc[charts]'"
CHART_ROWS = 60  # more bars than a page can label; the table and --format csv have every row
LABEL_CHARS = 48  # a longer name is cut short with "…"


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
    """A horizontal stacked bar per enterprise with the threshold line, as PNG or SVG bytes;
    the first CHART_ROWS rows, each name cut at LABEL_CHARS."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    drawn_rows = rows[:CHART_ROWS]
    positions = list(range(len(drawn_rows)))  # not the names: two names cut short may agree
    figure, axes = plt.subplots(figsize=(9, max(2.5, 0.32 * len(drawn_rows) + 1.2)),
                                layout="constrained")
    left = [0.0] * len(drawn_rows)
    for cls in BAR_ORDER:
        values = [max(r.report.shares[cls], 0.0) * 100 for r in drawn_rows]
        axes.barh(positions, values, left=left, color=COLOURS[cls],
                  label=drawn(class_name(lang, cls)))
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(positions, [_label(r, comparison) for r in drawn_rows])
    axes.axvline(comparison.threshold * 100, color="black", linestyle="--", linewidth=1)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("%")
    heading = [drawn(title(comparison, len(rows), lang))]
    if len(rows) > CHART_ROWS:
        heading += textwrap.wrap(drawn(chart_note(len(rows), lang)), 80)
    # the figure's title, not the axes': centred on the page, however long the names are
    figure.suptitle("\n".join(heading), fontsize="medium")
    axes.legend(loc="lower right", fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=target.suffix.lower().lstrip("."))
    plt.close(figure)
    return buffer.getvalue()


def _label(row: Row, comparison: Comparison) -> str:
    name = row.report.enterprise
    if len(name) > LABEL_CHARS:  # cut before cleaning: a name may be a megabyte long
        name = name[:LABEL_CHARS - 1] + "…"
    if comparison.year is None and row.report.year is not None:
        name += f" {row.report.year}"
    return drawn(name)


def chart_note(count: int, lang: str) -> str:
    """What a chart of many rows leaves out, said in the chart and on stderr."""
    return say(lang, "The chart draws the first {shown} of {n} rows, in the order of --sort; "
               "the table and --format csv have them all.", shown=CHART_ROWS, n=count)


def write_chart(target: Path, comparison: Comparison, rows: list[Row], *, lang: str,
                inputs: Iterable[Path]) -> None:
    write_atomic(target, draw_chart(comparison, rows, target, lang=lang), inputs=inputs)
    if len(rows) > CHART_ROWS:
        warn(chart_note(len(rows), lang))
