"""Numbers as each language writes them: money, percentages, plain figures, thresholds."""

from __future__ import annotations


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
    if value is None:
        return "—"
    text = f"{value * 100:.{digits}f}%"
    return text.replace(".", ",") if lang == "nl" else text


def number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def threshold_percent(value: float, lang: str) -> str:
    """A threshold as it was set: 75%, 62.5%, 57% (not 62% by rounding, nor 57.0% by float)."""
    text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if lang == "nl" else text) + "%"


def comparison_sign(majority: bool) -> str:
    return ">" if majority else "≥"
