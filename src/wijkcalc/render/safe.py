"""Text from a file made harmless for each medium: terminal, Markdown, HTML, chart."""

from __future__ import annotations

import html as html_module

from ..errors import one_line


def terminal(text: object) -> str:
    """For a terminal or a text file: control, bidi and zero-width characters escaped, so
    nothing in the text moves the cursor, clears the screen, links, or turns text around."""
    return one_line(str(text))


def html(text: object) -> str:
    """For HTML: as on a terminal, then &, <, >, and quotes escaped."""
    return html_module.escape(terminal(text))
