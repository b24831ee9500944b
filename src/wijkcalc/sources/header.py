"""Which row of a sheet or text file is its header, and what the title lines above it name."""

from __future__ import annotations

import re

from . import wide
from .columns import match_columns, strip_accents

MAX_ROWS = 20  # the header is looked for in this many non-blank rows: titles are a few lines
SHOWN_ROWS = 5  # of the rows looked at, this many are quoted when none is a header

# words that name an organisation in a title line ("Jaarrekening 2024 Stichting De Kroon")
ORGANISATION_WORDS = (
    "stichting", "vereniging", "cooperatie", "buurtbedrijf", "wijkonderneming",
    "bewonersbedrijf", "wijkcooperatie", "dorpscooperatie", "buurthuis", "buurtcooperatie",
    "wijkbedrijf", "buurtonderneming", "dorpshuis", "foundation", "association", "cooperative")
# words of a title that say what the document is, not whose it is
DOCUMENT_WORDS = re.compile(
    r"\b(?:jaarrekening|jaarverslag|jaarcijfers|staat van baten en lasten|staat van inkomsten en "
    r"uitgaven|exploitatierekening|exploitatieoverzicht|resultatenrekening|begroting|"
    r"overzicht|annual accounts|annual report|income statement|budget|over(?: het jaar)?|per|"
    r"boekjaar|(?:19|20)\d\d)\b", re.IGNORECASE)
_CUT = re.compile(r"\s+[-–—|/]\s+|[:;,(]")
_WORD = re.compile(rf"\b(?:{'|'.join(ORGANISATION_WORDS)})\b", re.IGNORECASE)


def is_header(cells: list[str]) -> bool:
    """Whether a row names the columns of an income table: an amount column or year columns,
    and a category or description column, or (a statement) a first cell left blank."""
    found = match_columns(cells)
    figures = "amount" in found or bool(wide.year_columns(cells))
    if not figures:
        return False
    if "category" in found or "description" in found:
        return True
    return bool(cells) and not cells[0].strip() and any(cell.strip() for cell in cells[1:])


def find(rows: list[list[str]]) -> int | None:
    """The index of the header among the first MAX_ROWS rows, or None when none is one."""
    if rows and is_header(rows[0]):
        return 0  # the usual case, decided by the first row alone
    return next((n for n, row in enumerate(rows[:MAX_ROWS]) if n and is_header(row)), None)


def line_text(cells: list[str]) -> str:
    """A row above the header as one line of text (its non-blank cells)."""
    return " ".join(cell.strip() for cell in cells if cell and cell.strip())


def organisation(above: tuple[str, ...]) -> str | None:
    """The organisation a title line names ("Jaarrekening 2024 Stichting De Kroon" ->
    "Stichting De Kroon"), or None when no line names one."""
    for line in above:
        plain = strip_accents(line)  # same length: positions carry over to the line
        found = _WORD.search(plain) if len(plain) == len(line) else _WORD.search(line)
        if found is None:
            continue
        name = _CUT.split(line[found.start():], maxsplit=1)[0]
        name = " ".join(DOCUMENT_WORDS.sub(" ", name).split())
        if len(name.split()) > 1:  # more than the word "Stichting" alone
            return name
    return None
