"""The one description of what a report shows, section by section, words and figures written.

The terminal, Markdown and file views only lay it out.

Styles are names of meaning (a class such as ``market``, ``verdict-meets``, ``bold``, ``dim``,
``warning``), never markup: each view decides what a style looks like.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = ""


@dataclass(frozen=True)
class Column:
    header: str = ""
    align: str = "left"  # left | right
    min_width: int = 0  # the terminal shows the column only from this width on
    terminal: bool = True  # False: the terminal leaves it out (nothing to tell apart there)
    wrap: bool = True  # False: money and verdicts stay on one line


@dataclass(frozen=True)
class Bar:
    """A stacked bar of income shares (per class), optionally with the threshold marked."""

    shares: dict[str, float]
    threshold: float | None = None
    label: str = ""  # how the threshold is written
    legend: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str = ""
    headers: bool = True  # False: a list of figures without a header line
    row_styles: tuple[str, ...] = ()  # per row, a style for the whole row ("" for none)
    bars: tuple[Bar | None, ...] = ()  # per row, a small bar after the cells (terminal only)
    marked_bars: bool = False  # the bars carry the threshold as a thin line in them


@dataclass(frozen=True)
class Title:
    text: str
    subtitle: str = ""
    boxed: bool = True  # False: a terminal shows it as the first table's title


@dataclass(frozen=True)
class Verdict:
    """The answer, in words; ``verdict`` is meets, gray-zone or falls-short."""

    text: str
    verdict: str
    detail: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""


@dataclass(frozen=True)
class Lines:
    """Short figures, one a line (they would wrap mid-figure as one sentence)."""

    lines: tuple[str, ...]
    style: str = ""


@dataclass(frozen=True)
class Bullets:
    title: str
    items: tuple[str, ...]
    style: str = "warning"
    code: bool = False  # the text before the first ": " is a file name
    terminal: bool = True  # False: on a terminal these go to stderr instead


@dataclass(frozen=True)
class Document:
    title: Title
    sections: tuple[object, ...] = field(default_factory=tuple)
