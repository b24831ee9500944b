"""Numbers as each language writes them: money, percentages, plain figures, thresholds.

Written by hand, to the patterns of CLDR (the Unicode locale data): nl ``€ -1.234,56``,
``41,9%``, ``1.234,50``; en ``-€1,234.56``, ``41.9%``, ``1,234.50``. tests/test_numbers.py holds
them to Babel's CLDR data; Babel itself is not needed at run time (and --help stays quick).
The one difference: CLDR puts a no-break space after € in Dutch, a plain space here, so that a
terminal, a CSV cell and a search for "€ 1.234,56" agree.
"""

from __future__ import annotations

_DUTCH_MARKS = str.maketrans({",": ".", ".": ","})


def _marks(text: str, lang: str) -> str:
    """A figure Python wrote (1,234.5) with the language's marks: 1.234,5 in Dutch."""
    return text.translate(_DUTCH_MARKS) if lang == "nl" else text


def money(cents: int, lang: str) -> str:
    """Cents as each language writes money: ``€ 1.234,56`` (nl) or ``€1,234.56`` (en)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    if lang == "nl":
        return f"€ {sign}{whole:,}".replace(",", ".") + f",{part:02d}"
    return f"{sign}€{whole:,}.{part:02d}"


def gap(cents: int | None, lang: str) -> str:
    """A gap to the threshold: money, nothing when there is none, — when none can close it."""
    if cents is None:
        return "—"
    return "" if cents == 0 else money(cents, lang)


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A share as a percentage: 41.9% (en), 41,9% (nl); no sign on a share that rounds to 0."""
    if value is None:
        return "—"
    text = f"{value * 100 + 0.0:,.{digits}f}"
    if text.lstrip("-").strip("0.,") == "":
        text = text.lstrip("-")  # -0.0% says nothing a reader needs
    return _marks(text, lang) + "%"


def number(value: float | None, lang: str, digits: int = 2) -> str:
    """A plain figure (the HHI, a number of funders): 0.45 (en), 0,45 (nl)."""
    if value is None:
        return "—"
    return _marks(f"{value:,.{digits}f}", lang)


def threshold_percent(value: float, lang: str) -> str:
    """A threshold as it was set: 75%, 62.5%, 57% (not 62% by rounding, nor 57.0% by float)."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return _marks(text, lang) + "%"


def comparison_sign(majority: bool) -> str:
    return ">" if majority else "≥"
