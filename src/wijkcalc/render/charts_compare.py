"""A comparison's chart in the model of render/charts.py: the enterprises' shares, marked.

Up to a cap a mix bar per enterprise; above it a histogram of the strict shares; the threshold
and the quartiles marked either way."""

from __future__ import annotations

from collections.abc import Sequence

from ..vocab import BAR_ORDER
from .charts import (
    CHAR,
    GRID,
    INK,
    MUTED,
    PALETTE,
    WIDTH,
    Chart,
    Line,
    Rect,
    Text,
    Words,
    anchored,
    cut,
    heading,
    legend,
    mix_bar,
    wrapped,
)


def distribution_chart(rows: Sequence[tuple[str, dict[str, float], float]], threshold: float,
                       quartiles: tuple[float, float, float] | None, words: Words, *,
                       cap: int, listed: bool = True, width: float = WIDTH) -> Chart:
    """A comparison: up to ``cap`` enterprises a mix bar each; above it a histogram of the
    strict market shares, then (``listed``) the first ``cap`` bars. The threshold and the
    quartiles are marked; ``words.extra`` = (Q1, median, Q3 labels, the note above the cap,
    and maybe the verdicts counted)."""
    shapes: list[object] = [heading(words.title, width)]
    y = 40.0
    if len(words.extra) > 4:  # the verdicts counted, in words
        counts, y = wrapped(words.extra[4], 16, 44, int((width - 32) / (12 * CHAR)), 12, INK)
        shapes += counts
    if len(rows) > cap:
        part, y = _histogram([strict for _, _, strict in rows], threshold, quartiles, words, y,
                             width)
        shapes += part
        note, y = wrapped(words.extra[3], 16, y + 8, int((width - 32) / (11 * CHAR)))
        shapes += note
        rows = rows[:cap] if listed else []
    if rows:
        part, y = _bar_list(rows, threshold, quartiles, words, y + 6, width)
        shapes += part
        present = [cls for cls in BAR_ORDER if any(r[1].get(cls, 0) > 0 for r in rows)]
        marks, y = legend([(PALETTE[c], words.classes[c], "box") for c in present],
                          16, y + 22, width - 16)
        shapes += marks
    return Chart(width, y + 6, words.title, tuple(shapes))


def _marks(x_of, threshold: float, quartiles: tuple[float, float, float] | None,
           words: Words, y: float, top: float, bottom: float, left: float,
           right: float) -> list[object]:
    """The threshold (bold) and the quartiles (dotted), each label on a row of its own."""
    shapes: list[object] = []
    marks = [(threshold, words.threshold, INK, 2.5, False)]
    if quartiles is not None:
        marks += [(q, label, MUTED, 1.2, True)
                  for q, label in zip(quartiles, words.extra[:3], strict=True)]
    for row, (value, label, colour, width, dash) in enumerate(marks):
        x = x_of(value)
        label_y = y + 12 + row * 14
        lx, anchor = anchored(x, label, 11, left, right)
        shapes.append(Text(lx, label_y, label, 11, anchor, bold=not dash, colour=colour))
        # from below every label and the axis: a line never crosses a word
        shapes.append(Line(x, top, x, bottom, colour, width, dash))
    return shapes


def _axis(x_of, y: float) -> list[object]:
    return [Text(x_of(step), y, f"{round(step * 100)}%", 10, "middle", colour=MUTED)
            for step in (0.0, 0.25, 0.5, 0.75, 1.0)]


def _bar_list(rows: Sequence[tuple[str, dict[str, float], float]], threshold: float,
              quartiles: tuple[float, float, float] | None, words: Words,
              y: float, width: float) -> tuple[list[object], float]:
    name_w, row = width * 0.39, 18.0
    left, right = 16 + name_w + 10, width - 20.0

    def x_of(share: float) -> float:
        return left + min(max(share, 0.0), 1.0) * (right - left)

    top = y + 12 + 4 * 14 + 16
    bottom = top + row * len(rows)
    shapes = _marks(x_of, threshold, quartiles, words, y, top, bottom, 16, width - 4)
    shapes += _axis(x_of, top - 4)
    chars = int(name_w / (11 * CHAR))
    for index, (name, shares, _) in enumerate(rows):
        at = top + index * row
        shapes.append(Text(left - 8, at + 13, _cut_label(name, chars), 11, "end"))
        shapes += mix_bar(shares, left, at + 3, right - left, row - 5, outline=False)
    shapes.append(Rect(left, top, right - left, bottom - top, "none", stroke=GRID))
    # the marks again on top of the bars, which would hide them
    again = _marks(x_of, threshold, quartiles, words, y, top, bottom, 16, width - 4)
    shapes += [s for s in again if isinstance(s, Line)]
    return shapes, bottom


def _cut_label(label: str, chars: int) -> str:
    """A bar's label cut to ``chars``: a name followed by its year keeps the year whole."""
    name, space, year = label.rpartition(" ")
    if space and len(year) == 4 and year.isdigit() and len(label) > chars:
        return f"{cut(name, max(chars - 5, 1))} {year}"
    return cut(label, chars)


def _histogram(values: list[float], threshold: float,
               quartiles: tuple[float, float, float] | None, words: Words,
               y: float, width: float) -> tuple[list[object], float]:
    bins = 20
    counts = [0] * bins
    for value in values:
        counts[min(max(int(value * bins), 0), bins - 1)] += 1
    left, right = 56.0, width - 20.0

    def x_of(share: float) -> float:
        return left + min(max(share, 0.0), 1.0) * (right - left)

    top = y + 12 + 4 * 14 + 8
    bottom = top + 150
    highest = max(counts) or 1
    shapes: list[object] = [Line(left, bottom, right, bottom, INK, 1),
                            Text(left - 6, top + 4, str(highest), 10, "end", colour=MUTED),
                            Text(left - 6, bottom, "0", 10, "end", colour=MUTED),
                            Line(left, top, right, top, GRID, 1)]
    step = (right - left) / bins
    for index, count in enumerate(counts):
        height = count / highest * (bottom - top)
        shapes.append(Rect(left + index * step + 1, bottom - height, step - 2, height,
                           PALETTE["market"]))
    shapes += _marks(x_of, threshold, quartiles, words, y, top, bottom, 16, width - 4)
    shapes += _axis(x_of, bottom + 14)
    return shapes, bottom + 20
