"""Text from a file made harmless for each medium: terminal, Markdown, HTML, chart."""

from __future__ import annotations

import html as html_module
import re

from ..errors import one_line

# Markdown punctuation that starts emphasis, links, code, tables, headings or strikethrough
# anywhere in a line; a backslash before any ASCII punctuation is taken literally (CommonMark)
_MARKDOWN_ANYWHERE = re.compile(r"([\\`*_\[\]|#~])")
# what only at the start of a line starts a list, a quote or a setext heading line
_MARKDOWN_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&amp;" stays "&amp;", not "&"; "B&B" stays as is


def terminal(text: object) -> str:
    """For a terminal or a text file: control, bidi and zero-width characters escaped, so
    nothing in the text moves the cursor, clears the screen, links, or turns text around."""
    return one_line(str(text))


def markdown(text: object, *, block: bool = True) -> str:
    """For Markdown: as on a terminal (line breaks folded too), and every character that would
    format, link or open HTML escaped, so a name is shown as written and never as markup.

    ``block=False`` for a table cell, where a leading ``-``, ``>`` or ``1.`` starts nothing."""
    shown = _MARKDOWN_ANYWHERE.sub(r"\\\1", terminal(text))
    shown = _ENTITY.sub("&amp;", shown).replace("<", "&lt;")
    if not block:
        return shown
    # leading spaces would make an indented code block of a line
    return _MARKDOWN_START.sub(lambda m: _start(m.group(1)), shown.lstrip())


def _start(mark: str) -> str:
    if mark == ">":
        return "&gt;"
    return mark + "\\" if mark.isdigit() else "\\" + mark  # "1." -> "1\.", "-" -> "\-"


def markdown_code(text: object) -> str:
    """A Markdown code span holding the text: a fence longer than any run of backticks in it."""
    shown = terminal(text)
    longest = max((len(run) for run in re.findall("`+", shown)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {shown} " if shown.startswith("`") or shown.endswith("`") else shown
    return f"{fence}{padded}{fence}"


def html(text: object) -> str:
    """For HTML: as on a terminal, then &, <, >, and quotes escaped."""
    return html_module.escape(terminal(text))


def chart(text: object) -> str:
    """For matplotlib: as on a terminal, and every ``$`` escaped, so that text is drawn as
    written and never read as mathtext (``Winst $5 en $10``, ``Fonds $\\frac{a}{$ 2``)."""
    return terminal(text).replace("$", r"\$")
