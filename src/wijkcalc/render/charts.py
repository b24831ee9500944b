"""Charts as one model of shapes and text, written as SVG (chart.py paints it for PNG).

The mix, the trend, the largest payers and a comparison's distribution."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from ..vocab import BAR_ORDER
from .safe import html as escaped

# Okabe-Ito hues, lightened or darkened so that the four classes stay apart in grey too
# (CIE L*: public 25, market 45, unclassified 70, gray zone 89); every chart also says each
# class in words, so no reader depends on the colour alone
PALETTE = {"market": "#007A5A", "gray": "#F0E442", "unclassified": "#56B4E9",
           "public": "#0B3D6B"}
BROAD_LINE = "#8C6A00"  # the broad share: the gray zone's hue, dark enough for a line
INK, MUTED, GRID, PAPER = "#1a1a1a", "#555555", "#d4d4d4", "#ffffff"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
WIDTH = 640
CHAR = 0.6  # a character's width in em, generous, so that laid-out text never overlaps


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = INK
    width: float = 1.0
    dash: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 12.0
    anchor: str = "start"  # start | middle | end
    bold: bool = False
    colour: str = INK


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    title: str
    shapes: tuple[object, ...]


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR


def cut(text: str, chars: int) -> str:
    """A name cut short with "…" (before any cleaning: a name may be a megabyte long)."""
    return text if len(text) <= chars else text[:chars - 1] + "…"


# ---------------------------------------------------------------- SVG

def svg(chart: Chart) -> str:
    """The chart as one SVG element; every text escaped (a name is data, never markup)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width:g} '
             f'{chart.height:g}" width="{chart.width:g}" height="{chart.height:g}" '
             f'role="img" font-family="{FONT}">',
             f"<title>{escaped(chart.title)}</title>",
             f'<rect x="0" y="0" width="{chart.width:g}" height="{chart.height:g}" '
             f'fill="{PAPER}"/>']
    parts += [_svg_shape(shape) for shape in chart.shapes]
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_shape(shape: object) -> str:
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}" stroke-width="1"' if shape.stroke else ""
        return (f'<rect x="{shape.x:.1f}" y="{shape.y:.1f}" width="{max(shape.w, 0):.1f}" '
                f'height="{max(shape.h, 0):.1f}" fill="{shape.fill}"{stroke}/>')
    if isinstance(shape, Line):
        dash = ' stroke-dasharray="5 3"' if shape.dash else ""
        return (f'<line x1="{shape.x1:.1f}" y1="{shape.y1:.1f}" x2="{shape.x2:.1f}" '
                f'y2="{shape.y2:.1f}" stroke="{shape.colour}" stroke-width="{shape.width:g}"'
                f'{dash}/>')
    if isinstance(shape, Dot):
        return (f'<circle cx="{shape.x:.1f}" cy="{shape.y:.1f}" r="{shape.r:g}" '
                f'fill="{shape.fill}" stroke="{PAPER}" stroke-width="1"/>')
    assert isinstance(shape, Text)
    weight = ' font-weight="bold"' if shape.bold else ""
    return (f'<text x="{shape.x:.1f}" y="{shape.y:.1f}" font-size="{shape.size:g}" '
            f'text-anchor="{shape.anchor}" fill="{shape.colour}"{weight}>'
            f"{escaped(shape.text)}</text>")


# ---------------------------------------------------------------- parts

def legend(items: Sequence[tuple[str, str, str]], x: float, y: float,
           right: float) -> tuple[list[object], float]:
    """(colour, label, kind: box | line | dash) entries in rows below ``y``, never over the
    data above; returns the shapes and the y below the last row."""
    shapes: list[object] = []
    at, size = x, 12.0
    for colour, label, kind in items:
        need = 22 + text_width(label, size) + 18
        if at + need > right and at > x:
            at, y = x, y + 20
        if kind == "box":
            shapes.append(Rect(at, y - 11, 14, 14, colour, stroke=INK))
        else:
            shapes.append(Line(at, y - 4, at + 16, y - 4, colour, 2.5, kind == "dash"))
        shapes.append(Text(at + 20, y, label, size))
        at += need
    return shapes, y + 10


def mix_bar(shares: dict[str, float], x: float, y: float, width: float, height: float,
            *, outline: bool = True) -> list[object]:
    """A stacked bar per income class, in BAR_ORDER; a negative share draws nothing."""
    shapes: list[object] = []
    positive = {cls: max(float(shares.get(cls, 0.0)), 0.0) for cls in BAR_ORDER}
    scale = max(sum(positive.values()), 1.0)
    at = x
    for cls in BAR_ORDER:
        w = positive[cls] / scale * width
        if w > 0:
            shapes.append(Rect(at, y, w, height, PALETTE[cls]))
            at += w
    if outline:
        shapes.append(Rect(x, y, width, height, "none", stroke=INK))
    return shapes


def anchored(x: float, text: str, size: float, left: float, right: float) -> tuple[float, str]:
    """Where a label centred on x goes, kept inside [left, right]."""
    half = text_width(text, size) / 2
    if x - half < left:
        return left, "start"
    if x + half > right:
        return right, "end"
    return x, "middle"


def wrapped(text: str, x: float, y: float, chars: int, size: float = 11.0,
            colour: str = MUTED) -> tuple[list[object], float]:
    lines = textwrap.wrap(text, chars) or [""]
    shapes: list[object] = [Text(x, y + i * (size + 4), line, size, colour=colour)
                            for i, line in enumerate(lines)]
    return shapes, y + len(lines) * (size + 4)


def heading(title: str, width: float) -> Text:
    """The chart's title, cut short to its width (the document around it has it whole)."""
    return Text(16, 24, cut(title, int((width - 32) / (15 * CHAR))), 15, bold=True)


# ---------------------------------------------------------------- the charts

@dataclass(frozen=True)
class Words:
    """What a chart says, in the reader's language (the caller writes every word)."""

    title: str
    classes: dict[str, str]  # class -> "market 62.0%" (or just the name)
    threshold: str = ""  # "yardstick 75%"
    extra: tuple[str, ...] = ()


def mix_chart(shares: dict[str, float], threshold: float, words: Words,
              width: float = WIDTH) -> Chart:
    """The mix as one bar with the threshold marked and labelled; the legend below it names
    only the classes present; ``words.extra`` (the verdict in words) below that."""
    left, right = 16.0, width - 16.0
    top = 58.0
    shapes: list[object] = [heading(words.title, width)]
    shapes += mix_bar(shares, left, top, right - left, 38)
    tx = left + threshold * (right - left)
    shapes.append(Line(tx, top - 12, tx, top + 38 + 8, INK, 2.5))
    lx, anchor = anchored(tx, words.threshold, 12, left, right)
    shapes.append(Text(lx, top - 16, words.threshold, 12, anchor, bold=True))
    present = [cls for cls in BAR_ORDER if shares.get(cls, 0) > 0]
    marks, bottom = legend([(PALETTE[c], words.classes[c], "box") for c in present],
                           left, top + 38 + 30, right)
    for line in words.extra:
        marks.append(Text(left, bottom + 14, line, 13, bold=True))
        bottom += 20
    return Chart(width, bottom + 6, words.title, (*shapes, *marks))


def trend_chart(points: Sequence[tuple[str, float | None, float | None]], threshold: float,
                words: Words, width: float = WIDTH) -> Chart:
    """Strict and broad market share per year with the threshold line; ``words.extra`` names
    (strict, broad, and the axis labels of 0..100%)."""
    left, right, top, bottom = 52.0, width - 100.0, 48.0, 250.0
    shapes: list[object] = [heading(words.title, width)]

    def y_of(share: float) -> float:
        return bottom - min(max(share, 0.0), 1.0) * (bottom - top)

    for step, label in zip((0.0, 0.25, 0.5, 0.75, 1.0), words.extra[2:], strict=False):
        shapes += [Line(left, y_of(step), right, y_of(step), GRID, 1),
                   Text(left - 6, y_of(step) + 4, label, 11, "end", colour=MUTED)]
    span = max(len(points) - 1, 1)
    xs = [left + 20 + i * (right - left - 40) / span for i in range(len(points))]
    for x, (year, _, _) in zip(xs, points, strict=True):
        shapes.append(Text(x, bottom + 18, year, 11, "middle"))
    shapes.append(Line(left, y_of(threshold), right, y_of(threshold), INK, 1.5, dash=True))
    ends: list[tuple[float, str, str]] = []
    for index, colour, dash in ((1, PALETTE["market"], False), (2, BROAD_LINE, True)):
        values = [(x, p[index]) for x, p in zip(xs, points, strict=True)]
        shapes += _series(values, y_of, colour, dash)
        last = next(((x, v) for x, v in reversed(values) if v is not None), None)
        if last is not None:
            ends.append((y_of(last[1]), colour, words.extra[index - 1]))
    shapes += _end_labels(ends, right + 8, y_of(threshold), words.threshold)
    marks, end = legend([(PALETTE["market"], words.extra[0], "line"),
                         (BROAD_LINE, words.extra[1], "dash"), (INK, words.threshold, "dash")],
                        16, bottom + 44, width - 16)
    return Chart(width, end + 6, words.title, (*shapes, *marks))


def _series(values: list[tuple[float, float | None]], y_of, colour: str,
            dash: bool) -> list[object]:
    shapes: list[object] = []
    for (x1, v1), (x2, v2) in itertools.pairwise(values):
        if v1 is not None and v2 is not None:
            shapes.append(Line(x1, y_of(v1), x2, y_of(v2), colour, 2.5, dash))
    shapes += [Dot(x, y_of(v), 4.5, colour) for x, v in values if v is not None]
    return shapes


def _end_labels(ends: list[tuple[float, str, str]], x: float, threshold_y: float,
                threshold: str) -> list[object]:
    """The series' names at their last points and the threshold's at its line, pushed apart
    so that none covers another."""
    labels = sorted([*ends, (threshold_y, INK, threshold)])
    shapes: list[object] = []
    last = -1e9
    for y, colour, text in labels:
        y = max(y + 4, last + 15)
        shapes.append(Text(x, y, text, 11, colour=colour, bold=colour == INK))
        last = y
    return shapes


def payers_chart(rows: Sequence[tuple[str, float, str]], words: Words,
                 width: float = WIDTH) -> Chart:
    """The largest payers as horizontal bars: (name, share, "€ 1.234 (12%)")."""
    left, row, name_w = 16.0, 26.0, width / 3
    names = int(name_w / (12 * CHAR))
    bar_x = left + name_w + 8
    value_room = max((text_width(v, 11) for _, _, v in rows), default=0) + 12
    bar_w = max(width - 16 - value_room - bar_x, 20)
    largest = max((share for _, share, _ in rows), default=0) or 1.0
    shapes: list[object] = [heading(words.title, width)]
    y = 44.0
    for name, share, value in rows:
        shown = cut(name, names)
        shapes.append(Text(bar_x - 8, y + 14, shown, 12, "end"))
        w = max(share, 0.0) / largest * bar_w
        shapes.append(Rect(bar_x, y + 2, w, row - 8, "#4d4d4d"))
        shapes.append(Text(bar_x + w + 6, y + 14, value, 11, colour=MUTED))
        y += row
    return Chart(width, y + 10, words.title, tuple(shapes))
