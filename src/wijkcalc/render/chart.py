"""The comparison's chart (render/charts.py's model) to .svg, or painted with matplotlib to .png."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from ..analysis.compare import Comparison, Row
from ..errors import N_, UsageError
from ..vocab import INCOME_CLASSES
from . import charts, charts_compare
from .compare_view import summary_lines, title
from .files import check_not_input, write_atomic
from .i18n import class_name, say
from .numbers import percent, threshold_percent
from .safe import terminal
from .screen import warn

CHART_ROWS = 60  # more bars than a page can label; the table and --format csv have every row
LABEL_CHARS = 48  # a longer name is cut short with "…"
PNG_DPI = 150


def check_chart_target(chart: Path, inputs: Iterable[Path]) -> None:
    """Before any work: a .png or .svg name, not an input, and matplotlib for a .png."""
    if chart.suffix.lower() not in (".png", ".svg"):
        raise UsageError(N_("--chart draws .png or .svg; name the file so"), file=str(chart))
    check_not_input(chart, inputs)
    if chart.suffix.lower() == ".png":
        check_png()


def check_png() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise UsageError(N_("a .png chart needs matplotlib, which is not installed; install it "
                            "with: {command}"), command=install_hint()) from None


def install_hint(windows: bool | None = None) -> str:
    """The command that installs the charts extra with the pip of the Python running wijkcalc
    (its venv's: `pip` alone may be another Python's, or not on the PATH at all)."""
    import shlex
    import sys

    windows = sys.platform == "win32" if windows is None else windows
    folder = Path(sys.executable).parent
    pip = folder / ("pip.exe" if windows else "pip")  # a venv's Scripts\ or bin/
    command = [str(pip)] if pip.exists() else [sys.executable, "-m", "pip"]
    if windows:  # cmd.exe keeps single quotes; double quotes work there and in PowerShell
        return " ".join(f'"{word}"' if " " in word else word
                        for word in command) + ' install "wijkcalc[charts]"'
    return " ".join(map(shlex.quote, command)) + " install 'wijkcalc[charts]'"


def png(chart: charts.Chart) -> bytes:
    """The chart model painted by matplotlib: the shapes and texts of the SVG, in pixels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Circle, Rectangle

    figure = plt.figure(figsize=(chart.width / 100, chart.height / 100), dpi=100)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, chart.width)
    axes.set_ylim(chart.height, 0)  # y down, as in SVG
    axes.set_axis_off()
    for shape in chart.shapes:
        if isinstance(shape, charts.Rect):
            fill = shape.fill != "none"
            axes.add_patch(Rectangle((shape.x, shape.y), max(shape.w, 0), max(shape.h, 0),
                                     facecolor=shape.fill if fill else "none", fill=fill,
                                     edgecolor=shape.stroke or "none", linewidth=0.75))
        elif isinstance(shape, charts.Line):
            axes.plot([shape.x1, shape.x2], [shape.y1, shape.y2], color=shape.colour,
                      linewidth=shape.width * 0.75, linestyle=(0, (5, 3)) if shape.dash else "-")
        elif isinstance(shape, charts.Dot):
            axes.add_patch(Circle((shape.x, shape.y), shape.r, facecolor=shape.fill,
                                  edgecolor="white", linewidth=0.75))
        elif isinstance(shape, charts.Text):
            # parse_math=False: a "$" in a name is a dollar sign, never mathtext
            axes.text(shape.x, shape.y, terminal(shape.text),
                      fontsize=shape.size * 0.75, ha=_ALIGN[shape.anchor], va="baseline",
                      color=shape.colour, fontweight="bold" if shape.bold else "normal",
                      parse_math=False, family="DejaVu Sans")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI)
    plt.close(figure)
    return buffer.getvalue()


_ALIGN = {"start": "left", "middle": "center", "end": "right"}


def picture(chart: charts.Chart, suffix: str) -> bytes:
    """The chart as the bytes of an .svg or a .png."""
    if suffix.lower() == ".png":
        return png(chart)
    return charts.svg(chart).encode("utf-8")


def comparison_chart(comparison: Comparison, rows: list[Row], *, lang: str,
                     listed: bool = True, width: float = charts.WIDTH) -> charts.Chart:
    """The distribution of the enterprises' shares, the threshold and quartiles marked: a bar
    per enterprise up to CHART_ROWS, a histogram above that (then, ``listed``, the first
    CHART_ROWS bars)."""
    quartiles = comparison.summary.strict_quartiles if rows else None
    marks = ("Q1 {v}", "median {v}", "Q3 {v}")
    words = charts.Words(
        title=title(comparison, len(rows), lang),
        classes={cls: class_name(lang, cls) for cls in INCOME_CLASSES},
        threshold=say(lang, "yardstick {t}", t=threshold_percent(comparison.threshold, lang)),
        extra=(*(say(lang, mark, v=percent(q, lang)) for mark, q in
                 zip(marks, quartiles or (0, 0, 0), strict=True)),
               distribution_note(len(rows), lang, listed),
               *summary_lines(comparison, lang)[:1]))
    labelled = [(_label(row, comparison), row.report.shares, row.report.market_share_strict)
                for row in rows]
    return charts_compare.distribution_chart(labelled, comparison.threshold, quartiles, words,
                                     cap=CHART_ROWS, listed=listed, width=width)


def _label(row: Row, comparison: Comparison) -> str:
    name = charts.cut(row.report.enterprise, LABEL_CHARS)  # cut before cleaning: may be 1 MB
    if comparison.year is None and row.report.year is not None:
        name += f" {row.report.year}"
    return name


def distribution_note(count: int, lang: str, listed: bool) -> str:
    shape = say(lang, "Above {cap} enterprises the chart shows how the strict market shares "
                "are spread (a bar per 5 points), not a bar per enterprise.", cap=CHART_ROWS)
    return f"{shape} {chart_note(count, lang)}" if listed else shape


def chart_note(count: int, lang: str) -> str:
    """What a chart of many rows leaves out, said in the chart and on stderr."""
    return say(lang, "The chart draws the first {shown} of {n} rows, in the order of --sort; "
               "the table and --format csv have them all.", shown=CHART_ROWS, n=count)


def write_chart(target: Path, comparison: Comparison, rows: list[Row], *, lang: str,
                inputs: Iterable[Path]) -> None:
    chart = comparison_chart(comparison, rows, lang=lang)
    write_atomic(target, picture(chart, target.suffix), inputs=inputs)
    if len(rows) > CHART_ROWS:
        warn(chart_note(len(rows), lang), lang=lang)
