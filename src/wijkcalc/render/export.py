"""The --save export: a report as it looks on a terminal, written to .html, .svg or .txt."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from ..errors import UsageError
from .console import renderables
from .safe import terminal
from .sections import Document

SAVE_SUFFIXES = (".html", ".svg", ".txt")
SAVE_WIDTH = 100  # a page, not a screen: the width the file is laid out at


def check_save_target(target: Path) -> None:
    if target.suffix.lower() not in SAVE_SUFFIXES:
        raise UsageError("--save writes .html, .svg or .txt; name the file so", file=str(target))


def export(document: Document, target: Path) -> str:
    """The document in the format the target's suffix names."""
    recorder = Console(record=True, file=io.StringIO(), width=SAVE_WIDTH, force_terminal=True)
    for view in renderables(document, SAVE_WIDTH):
        recorder.print(view)
    suffix = target.suffix.lower()
    if suffix == ".html":
        return recorder.export_html()
    if suffix == ".svg":
        return recorder.export_svg(title=f"wijkcalc — {terminal(document.title.text)}")
    return recorder.export_text()
