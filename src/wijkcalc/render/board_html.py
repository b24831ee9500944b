"""The board report as one self-contained HTML page: inline CSS and SVG, no script, no network."""

from __future__ import annotations

from .. import __version__
from . import charts
from .board_words import Board, Facts, Figure, Heading
from .safe import html as esc
from .sections import Bullets, Lines, Paragraph, Table, Verdict

VERDICT_COLOURS = {"meets": charts.PALETTE["market"], "gray-zone": charts.BROAD_LINE,
                   "falls-short": "#A3261B"}

CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:#1a1a1a;background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"DejaVu Sans",Arial,sans-serif}
main{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 3rem}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #1a1a1a}
h3{font-size:1rem;margin:1rem 0 .25rem}
.subtitle{margin:0 0 1rem;color:#444}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:0 0 1rem;
font-size:.9rem}
dl.facts dt{font-weight:bold}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.verdict{font-size:1.45rem;font-weight:bold;line-height:1.3;margin:.75rem 0;padding:.6rem .9rem;
border-left:.5rem solid var(--v);background:#f4f4f4}
.verdict .detail{display:block;font-size:1rem;font-weight:normal;margin-top:.3rem}
figure{margin:1rem 0}
figure svg{display:block;width:100%;height:auto;max-width:40rem}
.scroll{overflow-x:auto}
.phone{display:none}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{padding:.3rem .5rem;border-bottom:1px solid #d4d4d4;text-align:left;vertical-align:top}
th{border-bottom:2px solid #1a1a1a}
.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.bold{font-weight:bold}
table.wide{font-size:.8rem}table.wide th,table.wide td{padding:.25rem .3rem}
.sw{display:inline-block;width:.8em;height:.8em;margin-right:.4em;border:1px solid #1a1a1a;
vertical-align:-.05em}
ul.warnings li{margin:.25rem 0}
footer{margin-top:2rem;font-size:.8rem;color:#555}
@media (max-width:600px){body{font-size:15px}h1{font-size:1.4rem}.verdict{font-size:1.2rem}
figure .page{display:none}.phone{display:block}table,table.wide{font-size:.78rem}
dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}th,td{padding:.25rem .3rem}}
@page{size:A4;margin:16mm 15mm 18mm}
@media print{body{font-size:10pt}main{max-width:none;padding:0}h2{break-after:avoid;
margin-top:1.2rem}figure,tr,.verdict,dl.facts,section{break-inside:avoid}
figure .page{display:block}.phone{display:none}figure svg{max-width:100%}
table{font-size:9pt}table.wide{font-size:7.5pt}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}.scroll{overflow:visible}}
"""


def board_html(board: Board) -> str:
    """The whole page; every text from the data escaped."""
    body: list[str] = [f"<h1>{esc(board.title)}</h1>",
                       f'<p class="subtitle">{esc(board.subtitle)}</p>']
    open_section = False
    for block in board.blocks:
        if isinstance(block, Heading):
            if open_section:
                body.append("</section>")
            body.append(f'<section id="{block.key}">\n<h2>{esc(block.text)}</h2>')
            open_section = True
        else:
            body.append(_block(block))
    if open_section:
        body.append("</section>")
    body.append(f"<footer>wijkcalc {esc(__version__)}</footer>")
    return ("<!DOCTYPE html>\n"
            f'<html lang="{board.lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(board.title)}</title>\n<style>{CSS}</style>\n</head>\n"
            "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _block(block: object) -> str:
    if isinstance(block, Facts):
        pairs = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>"
                        for label, value in block.pairs)
        return f'<dl class="facts">{pairs}</dl>'
    if isinstance(block, Verdict):
        detail = f'<span class="detail">{esc(block.detail)}</span>' if block.detail else ""
        colour = VERDICT_COLOURS.get(block.verdict, "#1a1a1a")
        return (f'<p class="verdict" style="--v:{colour}">{esc(block.text)}{detail}</p>')
    if isinstance(block, Figure):
        caption = f"<figcaption>{esc(block.caption)}</figcaption>" if block.caption else ""
        if block.narrow is None:
            return f"<figure>{charts.svg(block.chart)}{caption}</figure>"
        # CSS shows one: the page's layout, or on a phone the one drawn for its width
        return (f'<figure><div class="page">{charts.svg(block.chart)}</div>'
                f'<div class="phone">{charts.svg(block.narrow)}</div>{caption}</figure>')
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Paragraph):
        return f"<p>{esc(block.text)}</p>"
    if isinstance(block, Lines):
        return "".join(f"<p>{esc(line)}</p>" for line in block.lines)
    if isinstance(block, Bullets):
        title = f"<h3>{esc(block.title)}</h3>" if block.title else ""
        items = "".join(f"<li>{esc(item)}</li>" for item in block.items)
        return f'{title}<ul class="warnings">{items}</ul>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def _table(table: Table) -> str:
    def cell(tag: str, text: str, align: str, style: str) -> str:
        classes = " ".join(c for c in ("num" if align == "right" else "",
                                       "bold" if style == "bold" else "") if c)
        swatch = (f'<span class="sw" style="background:{charts.PALETTE[style]}"></span>'
                  if style in charts.PALETTE else "")
        shown = f' class="{classes}"' if classes else ""
        return f"<{tag}{shown}>{swatch}{esc(text)}</{tag}>"

    wide = ' class="wide"' if len(table.columns) > 6 else ""
    parts = [f'<div class="scroll"><table{wide}>']
    if table.title:
        parts.append(f"<caption>{esc(table.title)}</caption>")
    if table.headers and any(c.header for c in table.columns):
        parts.append("<thead><tr>" + "".join(cell("th", c.header, c.align, "")
                                             for c in table.columns) + "</tr></thead>")
    parts.append("<tbody>")
    for row in table.rows:
        parts.append("<tr>" + "".join(cell("td", c.text, col.align, c.style)
                                      for c, col in zip(row, table.columns, strict=True))
                     + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)
