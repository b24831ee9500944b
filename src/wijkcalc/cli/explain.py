"""The command that explains the report's terms: `explain`."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import _lang, app, friendly_errors
from .options import LangOpt, NoColorOpt


@app.command()
@friendly_errors
def explain(
    term: Annotated[str | None, typer.Argument(
        help="The term, in Dutch or English: strict, broad, gray zone, standards, lsa, gap, "
        "shift, HHI, funders, quartiles. Without it, every term.", show_default=False)] = None,
    lang: LangOpt = None,
    no_color: NoColorOpt = False,
) -> None:
    """What the words of a report mean: strict and broad share, the gray zone, the four
    standards and where they come from, the gap and the shift, the Herfindahl index, the
    effective number of funders, quartiles.

    Examples:

      wijkcalc explain

      wijkcalc explain hhi

      wijkcalc explain "grijze zone" --lang nl
    """
    from rich.text import Text

    from ..errors import UsageError
    from ..render import glossary, screen
    from ..render.i18n import say

    language = _lang(lang)
    terms = glossary.TERMS if term is None else glossary.find(term)
    if not terms:
        # the keys are English words: a Dutch reader gets the titles, which name a term too
        known = ", ".join(t.key if language == "en" else say(language, t.title).lower()
                          for t in glossary.TERMS)
        raise UsageError(say(language, "no term '{term}'; the terms are: {known}",
                             term=term, known=known))
    views = []
    for found in terms:
        title, text = glossary.explained(found, language)
        views += [Text(title, style="bold"), Text(text), Text("")]
    screen.show(views[:-1], None, [], no_color)
