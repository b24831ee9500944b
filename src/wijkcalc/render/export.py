"""The --save export of a report or a comparison, in the format its file's suffix names.

.html and .pdf a document for the board, .svg and .png a chart, .txt and .md the text."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import N_, UsageError
from .sections import Document

if TYPE_CHECKING:
    from ..analysis.compare import Comparison, Row
    from ..analysis.results import Report

SAVE_SUFFIXES = (".html", ".pdf", ".svg", ".png", ".txt", ".md")
SAVE_WIDTH = 100  # a page, not a screen: the width the text file is laid out at


def check_save_target(target: Path) -> None:
    """Before any work: a suffix --save writes, and matplotlib there for a .png."""
    suffix = target.suffix.lower()
    if suffix not in SAVE_SUFFIXES:
        raise UsageError(N_("--save writes .html, .pdf, .svg, .png, .txt or .md; name the file "
                            "so"), file=str(target))
    if suffix == ".png":
        from .chart import check_png

        check_png()


def text(document: Document, suffix: str) -> str:
    """The document as text: Markdown for .md, else as it looks on a terminal, uncoloured."""
    if suffix == ".md":
        from .markdown import markdown

        return markdown(document)
    from rich.console import Console

    from .console import renderables

    recorder = Console(record=True, file=io.StringIO(), width=SAVE_WIDTH, force_terminal=True)
    for view in renderables(document, SAVE_WIDTH):
        recorder.print(view)
    return recorder.export_text()


def export_report(report: Report, document: Document, target: Path, lang: str) -> bytes:
    """A report in the format the target's suffix names."""
    suffix = target.suffix.lower()
    if suffix in (".html", ".pdf"):
        from .board import report_board

        return _board(report_board(report, lang), suffix)
    if suffix in (".svg", ".png"):
        from .board import mix_chart
        from .chart import picture

        return picture(mix_chart(report, lang), suffix)
    return text(document, suffix).encode("utf-8")


def export_comparison(comparison: Comparison, rows: list[Row], document: Document,
                      target: Path, lang: str) -> bytes:
    """A comparison in the format the target's suffix names."""
    suffix = target.suffix.lower()
    if suffix in (".html", ".pdf"):
        from .board_compare import comparison_board

        return _board(comparison_board(comparison, rows, lang), suffix)
    if suffix in (".svg", ".png"):
        from .chart import comparison_chart, picture

        return picture(comparison_chart(comparison, rows, lang=lang), suffix)
    return text(document, suffix).encode("utf-8")


def _board(board: object, suffix: str) -> bytes:
    if suffix == ".pdf":
        from .board_pdf import board_pdf

        return board_pdf(board)  # type: ignore[arg-type]
    from .board_html import board_html

    return board_html(board).encode("utf-8")  # type: ignore[arg-type]
