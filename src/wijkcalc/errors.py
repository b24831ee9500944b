"""The error family (every error a user can cause, said in one line) and Problem, its data form."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Translate = Callable[[str], str]
"""A msgid (English template) to its template in the reader's language; the CLI passes
``functools.partial(say, lang)`` of wijkcalc.render.i18n (the core may not import the views)."""


def N_(message: str, /) -> str:
    """Mark an English template as a msgid (tools/i18n.py extracts it); said later, in the
    reader's language, by Text.said."""
    return message


def NC_(context: str, message: str, /) -> str:
    """Mark a short word as a msgid under msgctxt ``context`` (``NC_("column", "amount")``): the
    msgid gettext looks up (context, then \\x04, then the word), which Text says as the word."""
    return f"{context}{_CONTEXT}{message}"


_CONTEXT = "\x04"  # how gettext's catalog keys a msgid with a msgctxt


def _english(message: str) -> str:
    return message


class Text:
    """A message to be said later in the reader's language: its English template (the msgid,
    marked with N_) and the fields that fill it in. ``str()`` is the English.

    A field may itself be a Text (or a WijkcalcError, whose message is taken): it is said in
    the same language. Other fields are filled in as str.format does (``{value!r}``,
    ``{size:.1f}``). A template without fields is not formatted, so braces in it are kept.
    """

    __slots__ = ("fields", "template")

    def __init__(self, template: str | Text, /, **fields: object) -> None:
        if isinstance(template, Text):
            template, fields = template.template, {**template.fields, **fields}
        self.template = template
        self.fields = fields

    def said(self, translate: Translate | None = None) -> str:
        """The message in the language of ``translate`` (English without one)."""
        translate = translate or _english
        # gettext's msgid "" is the catalog's header, never a message
        text = translate(self.template) if self.template else ""
        if _CONTEXT in text:  # untranslated: the word without its context
            text = text.split(_CONTEXT, 1)[1]
        if not self.fields:
            return text
        values = {name: _said(value, translate) for name, value in self.fields.items()}
        english = self.template.split(_CONTEXT)[-1]
        for form in (text, english):
            try:
                return form.format(**values)
            except (KeyError, IndexError, ValueError, TypeError):
                # a translation that lost a field must not hide the error it says: the English
                continue
        return english

    def __str__(self) -> str:
        return self.said()

    def __repr__(self) -> str:
        return f"Text({self.template!r}, **{self.fields!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.template, self.fields) == (
            other.template, other.fields)

    def __hash__(self) -> int:
        return hash(self.template)


def _said(value: object, translate: Translate) -> object:
    if isinstance(value, WijkcalcError):
        return value.text.said(translate)
    if isinstance(value, Text | Joined | Number):
        return value.said(translate)
    return value


class Number:
    """A number in a message, with the reader's decimal and thousands marks: ``Number(2.5,
    ".1f")`` is 2.5 in English and 2,5 in Dutch; ``Number("47,250.50")`` takes one written the
    English way. The marks are msgids of their own (msgctxt "decimal mark", "thousands mark")."""

    __slots__ = ("english",)

    def __init__(self, value: object, spec: str = "") -> None:
        self.english = value if isinstance(value, str) else format(value, spec)

    def said(self, translate: Translate | None = None) -> str:
        marks = {".": Text(NC_("decimal mark", ".")), ",": Text(NC_("thousands mark", ","))}
        return "".join(str(_said(marks[char], translate or _english)) if char in marks else char
                       for char in self.english)

    def __str__(self) -> str:
        return self.english


class Joined:
    """Texts (or plain values) joined by a separator (itself a Text where it is a word,
    ``Text(N_(" or "))``), each said in the reader's language: a field that lists what was
    found (``"'x': too short; 'y': too long"``)."""

    __slots__ = ("items", "separator")

    def __init__(self, items: Iterable[object], separator: str | Text = "; ") -> None:
        self.items = tuple(items)
        self.separator = separator

    def said(self, translate: Translate | None = None) -> str:
        translate = translate or _english
        return str(_said(self.separator, translate)).join(
            str(_said(item, translate)) for item in self.items)

    def __str__(self) -> str:
        return self.said()


# a Text of pieces that are each said on their own (a Joined): no words of its own
AS_IT_IS = "{text}"

# the place an error names, before its message (msgids: the Dutch says "regel")
AT_LINE = N_("{file}:{line}: {message}")
LINE = N_("line {line}: {message}")


class WijkcalcError(Exception):
    """An error in the user's input or usage; the CLI prints it as one line and exits 2.

    ``file`` and ``line`` say where (``line`` counted as an editor counts lines, from 1);
    ``message`` says what was found and what was expected, in English; ``text`` is the same
    as a Text, which ``said(translate)`` says in the reader's language:

        InputError(N_("amount {value!r} is not a number; expected {expected}"),
                   value="abc", expected=EXPECTED, file="kas.csv", line=12)

    ``str()`` is the English line, ``kas.csv:12: amount 'abc' is not a number; ...``. A
    message without fields is taken as it is (and translated when the catalog has it).
    """

    def __init__(self, message: str | Text, *, file: str | None = None,
                 line: int | None = None, **fields: object):
        self.text = Text(message, **fields)
        self.message = self.text.said()
        super().__init__(self.message)
        self.file = file
        self.line = line

    def said(self, translate: Translate | None = None) -> str:
        """The one line in the language of ``translate`` (English without one): where, then
        what. A name or value from a file may hold line breaks or escape sequences: escaped."""
        message = self.text.said(translate)
        if self.file and self.line:
            message = Text(AT_LINE, file=self.file, line=self.line, message=message).said(
                translate)
        elif self.file:
            message = f"{self.file}: {message}"
        return one_line(message)

    def __str__(self) -> str:
        return self.said()


def one_line(text: str) -> str:
    """Text as it can be shown: line breaks, control characters (C0, DEL, C1), bidi controls,
    zero-width and other invisible format characters escaped (``\\x1b``, ``\\u202e``)."""
    return _HIDDEN.sub(_escaped, text)


# Unicode's Cc, Cf, Zl, Zp and Cs: what a terminal obeys or hides instead of showing
# (tests/test_defects_display.py checks the list against unicodedata)
_HIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(match: re.Match[str]) -> str:
    code = ord(char := match.group())
    if char in _SHORT:
        return _SHORT[char]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 \
        else f"\\U{code:08x}"


class InputError(WijkcalcError):
    """A file that cannot be read as income streams."""


class RulesError(WijkcalcError):
    """A rule file that is not valid."""


class UsageError(WijkcalcError):
    """Options that do not fit together or do not fit the data."""


class MissingYear(UsageError):
    """An enterprise has no rows for the year asked for (compare lists it as missing)."""


@dataclass(frozen=True)
class Problem:
    """A file that could not be used in a batch: which file, where, and what was wrong.

    ``message`` is the English (JSON keeps it so: a stable text for programs); ``said`` gives
    the message in the reader's language when the Problem came from an error."""

    file: str
    message: str
    line: int | None = None
    said_as: Text | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # a problem is shown as it is (on stderr, in Markdown, in JSON): a file name from a
        # folder or a message quoting a cell is made harmless once, here
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "message", one_line(self.message))

    @classmethod
    def of(cls, error: WijkcalcError, file: str | None = None) -> Problem:
        return cls(file or error.file or "", one_line(error.message), error.line, error.text)

    @property
    def text(self) -> str:
        """The message with its line, without the file: ``line 3: amount is empty``."""
        return self.said()

    def said(self, translate: Translate | None = None) -> str:
        """``text`` in the language of ``translate`` (English without one):
        ``regel 3: bedrag is leeg; ...``."""
        message = one_line(self.said_as.said(translate)) if self.said_as is not None \
            else self.message
        return Text(LINE, line=self.line, message=message).said(translate) if self.line \
            else message

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "message": self.text}


class InputWarning(UserWarning):
    """Something in the input that was dealt with, and that the user must hear of (the CLI
    shows it as ``wijkcalc: warning: ...``); a source may warn so too. Made as an error is:
    ``InputWarning(N_("{file}: the same content as {first}; counted once"), file=..., ...)``;
    ``str()`` is the English, ``said(translate)`` the reader's language."""

    def __init__(self, message: str | Text = "", /, **fields: object) -> None:
        self.text = Text(message, **fields)
        super().__init__(self.text.said())

    def said(self, translate: Translate | None = None) -> str:
        return one_line(self.text.said(translate))
