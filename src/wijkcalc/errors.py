"""The error family (every error a user can cause, said in one line) and Problem, its data form."""

from __future__ import annotations

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
        # one line, always: a name or value with a line break in it is shown escaped
        return (where + self.message).translate(_LINE_BREAKS)


def one_line(text: str) -> str:
    """Text with its line breaks escaped, so that a message stays one line."""
    return text.translate(_LINE_BREAKS)


_LINE_BREAKS = {ord(c): repr(c)[1:-1] for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"}


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

    @classmethod
    def of(cls, error: WijkcalcError, file: str | None = None) -> Problem:
        return cls(file or error.file or "", one_line(error.message), error.line)

    @property
    def text(self) -> str:
        """The message with its line, without the file: ``line 3: amount is empty``."""
        return f"line {self.line}: {self.message}" if self.line else self.message

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "message": self.text}
