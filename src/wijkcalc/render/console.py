"""A Document laid out for a terminal with rich: panels, tables, bars, colours by meaning."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text

from ..vocab import BAR_ORDER
from .safe import terminal

if TYPE_CHECKING:  # the sections are loaded by what lays a report out, not by `shown` (rules)
    from .sections import Bar, Bullets, Cell, Document, Table, Title

# the one table of colours: a style name of the sections -> how a terminal shows it
STYLES = {"market": "green", "public": "blue", "gray": "yellow", "unclassified": "bold red",
          "excluded": "dim", "cost": "magenta", "verdict-meets": "bold green",
          "verdict-gray-zone": "bold yellow", "verdict-falls-short": "bold red",
          "bold": "bold", "dim": "dim", "warning": "yellow"}
BAR_CHARS = {"market": "█", "gray": "▓", "unclassified": "░", "public": "▒"}
BAR_STYLES = {"market": "green", "gray": "yellow", "unclassified": "red", "public": "blue"}


def styled(cell: Cell) -> Text:
    """A cell as rich Text: user text is never read as markup ("[bold]" stays as written)."""
    return shown(cell.text, STYLES.get(cell.style, ""))


def shown(text: str, style: str = "") -> Text:
    """Text for the terminal: never markup, and what a file holds made harmless (escapes)."""
    return Text(terminal(text), style=style)


def renderables(document: Document, width: int) -> list[RenderableType]:
    from .sections import Table

    views: list[RenderableType] = [_title(document.title)] if document.title.boxed else []
    caption = "" if document.title.boxed else document.title.text
    for section in document.sections:
        if caption and isinstance(section, Table):
            section, caption = replace(section, title=caption), ""
        views += _section(section, width)
    return views


def _section(section: object, width: int) -> list[RenderableType]:
    from .sections import Bar, Bullets, Lines, Paragraph, Table, Verdict

    if isinstance(section, Table):
        return _table(section, width)
    if isinstance(section, Bar):
        bar_width = max(20, min(60, width - 12))
        return [Text(""), bar_text(section, bar_width),
                shown(section.legend, "dim"), Text("")]
    if isinstance(section, Verdict):
        verdict = shown(section.text, STYLES[f"verdict-{section.verdict}"])
        body = Group(verdict, shown(section.detail)) if section.detail else verdict
        return [Panel(body, expand=False)]
    if isinstance(section, Paragraph):
        return [shown(section.text, STYLES.get(section.style, ""))]
    if isinstance(section, Lines):
        return [Text("\n".join(at_separators(terminal(line), width) for line in section.lines),
                     style=STYLES.get(section.style, ""))]
    if isinstance(section, Bullets):
        return _bullets(section) if section.terminal else []
    raise TypeError(f"no terminal view for {type(section).__name__}")


def at_separators(line: str, width: int) -> str:
    """A line of items ("15 ondernemingen · 6 voldoen · 5 voldoen niet") too long for the
    screen, broken between its items rather than inside one ("voldoen / niet")."""
    from rich.cells import cell_len

    if cell_len(line) <= width or " · " not in line:
        return line
    return "\n".join(items_to_width(line.split(" · "), " · ", width))


def items_to_width(items: list[str], separator: str, width: int) -> list[str]:
    """The items joined by ``separator`` into as few lines of ``width`` as they fit in, each
    item whole on its line (one longer than the width alone on its own)."""
    from rich.cells import cell_len

    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + cell_len(separator) + cell_len(item) <= width:
            lines[-1] += separator + item
        else:
            lines.append(item)
    return lines


def _title(title: Title) -> Panel:
    return Panel(Group(shown(title.text, "bold"), shown(title.subtitle, "dim")),
                 expand=False)


def _table(section: Table, width: int) -> list[RenderableType]:
    from .sections import Bar

    visible = [n for n, column in enumerate(section.columns)
               if column.terminal and width >= column.min_width]
    caption = shown(section.title) if section.title else None
    if section.headers:
        table = RichTable(title=caption, title_justify="left",
                          header_style="bold", box=box.SIMPLE_HEAD)
    else:
        table = RichTable(title=caption, title_justify="left",
                          header_style="bold", box=None, padding=(0, 2, 0, 0))
    for n in visible:
        column = section.columns[n]
        table.add_column(shown(column.header), justify=column.align,  # type: ignore[arg-type]
                         no_wrap=not column.wrap, min_width=16 if n == 0 and
                         section.marked_bars else None)
    bar_width = 20 if width >= 110 else 12
    if section.bars and not section.marked_bars:
        bar_width = max(10, min(24, width - 80))
    if section.bars:
        table.add_column("", no_wrap=True, min_width=bar_width if section.marked_bars else None)
    for number, row in enumerate(section.rows):
        cells: list[RenderableType] = [styled(row[n]) for n in visible]
        if section.bars:
            bar = section.bars[number]
            cells.append(Text("") if bar is None else
                         marked_bar(bar, bar_width) if section.marked_bars
                         else bar_text(Bar(bar.shares), bar_width))
        style = section.row_styles[number] if section.row_styles else ""
        table.add_row(*cells, style=STYLES.get(style) or None)
    views: list[RenderableType] = [table]
    legend = next((bar.legend for bar in section.bars if bar and bar.legend), "")
    if legend:
        views.append(shown(legend, "dim"))
    return views


def _bullets(section: Bullets) -> list[RenderableType]:
    bullets = RichTable.grid(padding=(0, 1))  # a hanging indent for wrapped lines
    bullets.add_column(no_wrap=True)
    bullets.add_column()
    for item in section.items:
        bullets.add_row("•", shown(item))
    return [shown(section.title, f"bold {STYLES.get(section.style, '')}".strip()), bullets]


def bar_segments(shares: dict[str, float], width: int) -> list[tuple[str, int]]:
    """Cell counts per class that add up to width exactly (largest remainders)."""
    positive = {cls: max(shares.get(cls, 0.0), 0.0) for cls in BAR_ORDER}
    total = sum(positive.values()) or 1.0
    exact = {cls: positive[cls] / total * width for cls in BAR_ORDER}
    cells = {cls: int(exact[cls]) for cls in BAR_ORDER}
    for cls in sorted(BAR_ORDER, key=lambda c: exact[c] - cells[c], reverse=True):
        if sum(cells.values()) >= width:
            break
        cells[cls] += 1
    return [(cls, cells[cls]) for cls in BAR_ORDER]


def bar_text(bar: Bar, width: int) -> Text:
    """A stacked bar; with a threshold, a marker line above it."""
    text = Text()
    for cls, cells in bar_segments(bar.shares, width):
        text.append(BAR_CHARS[cls] * cells, style=BAR_STYLES[cls])
    if bar.threshold is None:
        return text
    position = min(round(bar.threshold * width), width - 1)
    marker = shown(" " * position + "▼ " + (bar.label or f"{bar.threshold * 100:g}%"))
    return Text("\n").join([marker, text])


def marked_bar(bar: Bar, width: int) -> Text:
    """A stacked bar with the threshold drawn into it as a thin line."""
    cells = [(BAR_CHARS[cls], BAR_STYLES[cls]) for cls, count in bar_segments(bar.shares, width)
             for _ in range(count)]
    if bar.threshold is not None:
        cells[min(round(bar.threshold * width), width - 1)] = ("│", "bold")
    text = Text()
    for char, style in cells:
        text.append(char, style=style)
    return text
