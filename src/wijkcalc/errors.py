"""The one exception family: every error a user can cause, said in one line."""

from __future__ import annotations


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
        return where + self.message


class InputError(WijkcalcError):
    """A file that cannot be read as income streams."""


class RulesError(WijkcalcError):
    """A rule file that is not valid."""


class UsageError(WijkcalcError):
    """Options that do not fit together or do not fit the data."""
