"""The board report as a PDF: the blocks as Typst markup, compiled by the typst package.

Every text is a Typst string literal, so no name is ever read as markup; the charts are the
same SVG as in the HTML page."""

from __future__ import annotations

from .. import __version__
from . import charts
from .board_html import VERDICT_COLOURS
from .board_words import Board, Facts, Figure, Heading
from .safe import terminal
from .sections import Bullets, Lines, Paragraph, Table, Verdict

TEXT_WIDTH_MM = 178  # A4 less the margins
MAX_FIGURE_MM = 225  # a taller chart is scaled to fit a page

PREAMBLE = """#set document(title: {title})
#set page(paper: "a4", margin: (x: 16mm, top: 16mm, bottom: 20mm),
  footer: context [#set text(size: 8pt, fill: luma(90)); #{footer} #h(1fr)
  #counter(page).display("1 / 1", both: true)])
#set text(font: ("DejaVu Sans", "Libertinus Serif"), size: 10pt, lang: "{lang}")
#set par(leading: 0.6em)
#show heading.where(level: 1): set text(size: 18pt)
#show heading.where(level: 2): it => block(width: 100%, above: 1.5em, below: 0.7em,
  stroke: (bottom: 1pt), inset: (bottom: 3pt), text(size: 12.5pt, it.body))
#set table(stroke: (x, y) => if y == 0 {{ (bottom: 0.8pt) }} else {{ (bottom: 0.3pt + luma(200)) }},
  inset: (x: 4pt, y: 3.5pt))
"""


def literal(text: object) -> str:
    """A Typst string literal: shown as written, whatever it holds (``#``, ``$``, ``]``,
    ``*``, ``<script>``); control characters made visible first, as on a terminal."""
    shown = terminal(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{shown}"'


def content(text: object) -> str:
    return f"[#{literal(text)}]"


def board_markup(board: Board) -> tuple[str, dict[str, str]]:
    """The Typst source and its inputs (each chart's SVG, read by ``sys.inputs``)."""
    images: dict[str, str] = {}
    parts = [PREAMBLE.format(title=literal(board.title), lang=board.lang,
                             footer=literal(f"{board.title} · wijkcalc {__version__}")),
             f"#heading(level: 1){content(board.title)}",
             f"#text(fill: luma(70)){content(board.subtitle)}", ""]
    for block in board.blocks:
        parts.append(_block(block, images))
    return "\n".join(parts) + "\n", images


def _block(block: object, images: dict[str, str]) -> str:
    if isinstance(block, Heading):
        return f"#heading(level: 2){content(block.text)}"
    if isinstance(block, Facts):
        cells = ", ".join(f"text(weight: \"bold\"){content(label)}, {content(value)}"
                          for label, value in block.pairs)
        return f"#grid(columns: (auto, 1fr), column-gutter: 10pt, row-gutter: 5pt, {cells})\n"
    if isinstance(block, Verdict):
        colour = VERDICT_COLOURS.get(block.verdict, "#1a1a1a")
        detail = f" #linebreak() #text(size: 10pt){content(block.detail)}" if block.detail else ""
        return (f'#block(width: 100%, fill: luma(244), inset: 9pt, stroke: (left: 4pt + '
                f'rgb("{colour}")))[#text(size: 14pt, weight: "bold"){content(block.text)}'
                f"{detail}]\n")
    if isinstance(block, Figure):
        return _figure(block, images)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph):
        return f"#par{content(block.text)}\n"
    if isinstance(block, Lines):
        return "".join(f"#par{content(line)}\n" for line in block.lines)
    if isinstance(block, Bullets):
        title = f"#text(weight: \"bold\"){content(block.title)}\n" if block.title else ""
        return title + "#list(" + ", ".join(content(i) for i in block.items) + ")\n"
    raise TypeError(f"no Typst for {type(block).__name__}")


def _figure(figure: Figure, images: dict[str, str]) -> str:
    key = f"chart{len(images)}"
    images[key] = charts.svg(figure.chart)
    chart = figure.chart
    tall = TEXT_WIDTH_MM * chart.height / chart.width > MAX_FIGURE_MM
    size = f"height: {MAX_FIGURE_MM}mm" if tall else "width: 100%"
    return (f'#block(breakable: false, above: 10pt, below: 10pt, image(bytes(sys.inputs.at('
            f'"{key}")), format: "svg", {size}))\n')


def _table(table: Table) -> str:
    aligns = ", ".join("right" if c.align == "right" else "left" for c in table.columns)
    # the first column (a name, a term) takes what is left; the figures keep their width
    widths = ", ".join("1fr" if i == 0 or (c.align != "right" and len(table.columns) < 4)
                       else "auto" for i, c in enumerate(table.columns))
    cells: list[str] = []
    if table.headers and any(c.header for c in table.columns):
        header = ", ".join(f"text(weight: \"bold\"){content(c.header)}" for c in table.columns)
        cells.append(f"table.header({header})")
    for row in table.rows:
        for cell in row:
            shown = content(cell.text)
            if cell.style == "bold":
                shown = f"text(weight: \"bold\"){shown}"
            elif cell.style in charts.PALETTE:
                fill = charts.PALETTE[cell.style]
                shown = (f'[#box(width: 7pt, height: 7pt, fill: rgb("{fill}"), stroke: 0.5pt) '
                         f"#{literal(cell.text)}]")
            cells.append(shown)
    title = f"#text(weight: \"bold\"){content(table.title)}\n" if table.title else ""
    size = "8pt" if len(table.columns) > 6 else "9.5pt"
    return (f"{title}#text(size: {size}, table(columns: ({widths},), align: ({aligns},), "
            + ", ".join(cells) + "))\n")


def board_pdf(board: Board) -> bytes:
    import typst

    source, images = board_markup(board)
    return typst.compile(source.encode("utf-8"), format="pdf", sys_inputs=images)
