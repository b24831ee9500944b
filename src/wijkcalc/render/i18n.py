"""The one translation mechanism: every word a user reads goes through say() (gettext).

The English text is the msgid; the Dutch lives in the catalog of the package,
``wijkcalc/locale/nl/LC_MESSAGES/wijkcalc.po``, compiled to ``wijkcalc.mo`` next to it (the .mo
is what runs; it is committed and ships in the wheel). English needs no catalog: a msgid is
its own English text, and any msgid the catalog lacks falls back to English.

    say(lang, "No rows for {year}: {names}", year=2024, names="A, B")
    say_plural(lang, "{n} file", "{n} files", n)
    class_name(lang, "gray")        # "gray zone" / "grijs gebied"
    verdict_name(lang, "meets")     # "meets" / "voldoet"

Fields ``{name}`` are filled in with str.format after translation, so the Dutch may move them.
Only the stdlib is imported here (gettext, which click imports anyway): no Babel, no pandas.
Babel is a maintainer's tool (tools/i18n.py extracts the msgids and compiles the catalog).
"""

from __future__ import annotations

import gettext
import os
from functools import cache

DOMAIN = "wijkcalc"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locale")


def N_(message: str, /) -> str:
    """Mark ``message`` as a msgid for extraction without translating it (yet)."""
    return message


def NC_(context: str, message: str, /) -> str:
    """Mark ``message`` with a msgctxt for extraction without translating it (yet)."""
    return message


@cache
def _translation(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()  # the msgids are the English text
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def say(lang: str, message: str, /, **values: object) -> str:
    """``message`` (English, the msgid) in ``lang``, with ``{name}`` fields filled in."""
    return _fill(_translation(lang).gettext(message), values)


def say_plural(lang: str, singular: str, plural: str, n: int, /, **values: object) -> str:
    """The singular or plural form for ``n`` in ``lang``; ``{n}`` is filled in too."""
    return _fill(_translation(lang).ngettext(singular, plural, n), {"n": n, **values})


def say_in(lang: str, context: str, message: str, /, **values: object) -> str:
    """``message`` under msgctxt ``context``: for a short word whose meaning the context fixes."""
    return _fill(_translation(lang).pgettext(context, message), values)


# the codes the data uses -> their English names (msgids under msgctxt "class" / "verdict")
CLASS_MSGIDS = {
    "market": NC_("class", "market"),
    "public": NC_("class", "public"),
    "gray": NC_("class", "gray zone"),
    "unclassified": NC_("class", "unclassified"),
    "excluded": NC_("class", "excluded"),
    "cost": NC_("class", "cost"),
}
VERDICT_MSGIDS = {
    "meets": NC_("verdict", "meets"),
    "gray-zone": NC_("verdict", "gray zone"),
    "falls-short": NC_("verdict", "falls short"),
}


def class_name(lang: str, cls: str) -> str:
    """The name of class ``cls`` (market, public, gray, ...); an unknown code as it is."""
    msgid = CLASS_MSGIDS.get(cls)
    return cls if msgid is None else say_in(lang, "class", msgid)


def verdict_name(lang: str, verdict: str) -> str:
    """The name of ``verdict`` (meets, gray-zone, falls-short); an unknown code as it is."""
    msgid = VERDICT_MSGIDS.get(verdict)
    return verdict if msgid is None else say_in(lang, "verdict", msgid)


def payer_name(name: str, lang: str) -> str:
    """A payer as the reader's language says it: the groups wijkcalc itself names on a bank
    statement (private persons, a payment provider's customers) are words, not data."""
    from ..vocab import CUSTOMERS_VIA, PRIVATE_PERSONS

    if name == PRIVATE_PERSONS:
        return say(lang, "private persons")
    if name.startswith(CUSTOMERS_VIA):
        return say(lang, "customers via {provider}", provider=name[len(CUSTOMERS_VIA):])
    return name


def default_language() -> str:
    """nl when WIJKCALC_LANG, the locale or (on Windows, which keeps it out of the environment)
    the user's display language says Dutch, else en."""
    for variable in ("WIJKCALC_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "nl" if _windows_language().lower().startswith(("nl", "dutch")) else "en"


def _windows_language() -> str:
    """The Windows user's display language ("nl" for any Dutch), else the locale's name
    ("Dutch_Netherlands"); "" elsewhere, or when Windows will not say."""
    import sys

    if sys.platform != "win32":
        return ""
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        # a LANGID: its low 10 bits are the primary language, 0x13 is Dutch
        if kernel32.GetUserDefaultUILanguage() & 0x3FF == 0x13:
            return "nl"
    except (AttributeError, OSError, ValueError):
        pass
    import locale

    return locale.getlocale()[0] or ""
