"""The one translation mechanism: every word a user reads goes through say() (gettext)."""

# INTERFACE STUB (to be filled with gettext catalogs): the signatures below are the contract.

from __future__ import annotations

import os


def say(lang: str, message: str, /, **values: object) -> str:
    """``message`` (English, the msgid) in ``lang``, with ``{name}`` fields filled in."""
    return message.format(**values) if values else message


def say_plural(lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for ``n`` in ``lang``; ``{n}`` is filled in too."""
    text = singular if n == 1 else plural
    return text.format(n=n, **values)


def default_language() -> str:
    """nl when the locale says Dutch, else en."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"
