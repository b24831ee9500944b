"""The error family (every error a user can cause, said in one line) and Problem, its data form."""

from __future__ import annotations

import re
from dataclasses import dataclass


class WijkcalcError(Exception):
    """An error in the user's input or usage; the CLI prints it as one line and exits 2.

    ``file`` and ``line`` say where (``line`` counted as an editor counts lines, from 1);
    ``message`` says what was found and what was expected.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        # one line, always, and harmless on a terminal: a name or value from a file may hold
        # line breaks or escape sequences
        return one_line(where + self.message)


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
    """A file that could not be used in a batch: which file, where, and what was wrong."""

    file: str
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        # a problem is shown as it is (on stderr, in Markdown, in JSON): a file name from a
        # folder or a message quoting a cell is made harmless once, here
        object.__setattr__(self, "file", one_line(self.file))
        object.__setattr__(self, "message", one_line(self.message))

    @classmethod
    def of(cls, error: WijkcalcError, file: str | None = None) -> Problem:
        return cls(file or error.file or "", one_line(error.message), error.line)

    @property
    def text(self) -> str:
        """The message with its line, without the file: ``line 3: amount is empty``."""
        return f"line {self.line}: {self.message}" if self.line else self.message

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "message": self.text}


class InputWarning(UserWarning):
    """Something in the input that was dealt with, and that the user must hear of (the CLI
    shows it as ``wijkcalc: warning: ...``); a source may warn so too."""
