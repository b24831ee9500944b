"""click's own parse errors (no such option, a missing FILE, a bad value) in the reader's language.

Typer 0.29 carries its own copy of click, whose messages are English f-strings (no gettext to
hook a catalog into), and the reasons for an invalid value are pydantic's English. So the
finished English line is read back here: each message click and Typer make has a pattern, the
parts it names (an option, a value, the choices) are its fields, and the Dutch is the msgid's
translation with those fields. A message no pattern knows is shown as it came (a newer Typer
may word one differently: English then, never wrong). The frame around it (the panel's title
"Error", "Try 'wijkcalc -h' for help.") is set in Typer's rich module before it is drawn.

The language is --lang of the command or of wijkcalc itself, else the locale's; an option
click refused may come before --lang was read, so the words of the command line are looked
through for it too (``scan_language``).
"""

from __future__ import annotations

import re
from typing import Any

from ..render.i18n import N_, say

try:  # Typer's copy of click (0.29); without it click's errors stay as Typer shows them
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover
    ClickException = NoArgsIsHelpError = UsageError = None  # type: ignore[assignment,misc]

LANG_KEY = "wijkcalc.lang"  # ctx.meta: the --lang the command line holds (meta is shared)
LANGUAGES = ("nl", "en")

# the words of the frame Typer draws around the message (typer.rich_utils' module settings)
FRAME = {"ERRORS_PANEL_TITLE": N_("Error"),
         "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
         "ABORTED_TEXT": N_("Aborted.")}
PLAIN_HINT = N_("Try '{command}' for help.")
PLAIN_ERROR = N_("Error: {message}")

_QUOTED = r"(?P<{}>'.*?'(?: / '.*?')*)"  # one or more quoted names: '--format' / '-f'

# click's and Typer's messages, as they read in English, each with its msgid
# (compiled on first use, by re's own cache: not at every start of wijkcalc)
MESSAGES = [
    (r"No such option: (?P<option>\S+) \(Possible options: (?P<options>.+)\)",
     N_("No such option: {option} (did you mean {options}?)")),
    (r"No such option: (?P<option>.+)", N_("No such option: {option}")),
    (r"Option (?P<option>'.*') requires an argument\.", N_("Option {option} needs a value.")),
    (r"Option (?P<option>'.*') requires (?P<n>\d+) arguments\.",
     N_("Option {option} needs {n} values.")),
    (r"Option (?P<option>'.*') does not take a value\.",
     N_("Option {option} takes no value.")),
    (r"Got unexpected extra arguments? \((?P<args>.*)\)",
     N_("More arguments than expected: {args}")),
    (r"Missing argument " + _QUOTED.format("name") + r"\.", N_("Missing argument {name}.")),
    (r"Missing option " + _QUOTED.format("name") + r"\.", N_("Missing option {name}.")),
    (r"Missing parameter: (?P<name>.+)", N_("Missing parameter: {name}")),
    (r"No such command (?P<name>'.*?')\. Did you mean (?P<names>.+)\?",
     N_("No such command {name}. Did you mean {names}?")),
    (r"No such command (?P<name>'.*')\.", N_("No such command {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (r"Invalid value for " + _QUOTED.format("option") + r": (?P<reason>.*)",
     N_("Invalid value for {option}: {reason}")),
    (r"Invalid value: (?P<reason>.*)", N_("Invalid value: {reason}")),
]

# why a value was refused: pydantic's and Typer's words
REASONS = [
    (r"Value error, (?P<value>'.*') is not one of (?P<choices>.*)\.",
     N_("{value} is not one of {choices}.")),
    (r"Input should be a valid integer.*", N_("not a whole number")),
    (r"Input should be a valid number.*", N_("not a number")),
    (r"Input should be greater than or equal to (?P<n>\S+)", N_("at least {n}")),
    (r"Input should be greater than (?P<n>\S+)", N_("more than {n}")),
    (r"Input should be less than or equal to (?P<n>\S+)", N_("at most {n}")),
    (r"Input should be less than (?P<n>\S+)", N_("less than {n}")),
    (r"(?:File|Directory|Path) (?P<name>'.*') does not exist\.", N_("{name} does not exist.")),
    (r"(?:File|Directory|Path) (?P<name>'.*') is a file\.", N_("{name} is a file.")),
    (r"(?:File|Directory|Path) (?P<name>'.*') is a directory\.", N_("{name} is a folder.")),
    (r"(?:File|Directory|Path) (?P<name>'.*') is not readable\.",
     N_("{name} cannot be read.")),
    (r"Value (?P<value>.*) is not a valid (?P<kind>\w+)\.", N_("{value} is not a valid {kind}.")),
]


def scan_language(args: list[str]) -> str | None:
    """The last --lang of the words of a command line (``--lang nl``, ``--lang=nl``) that names a
    language wijkcalc speaks; None without one."""
    found = None
    for index, word in enumerate(args):
        if word == "--":
            break
        value = args[index + 1] if word == "--lang" and index + 1 < len(args) else (
            word[len("--lang="):] if word.startswith("--lang=") else None)
        if value in LANGUAGES:
            found = value
    return found


def said(message: str, lang: str, table: list[tuple[str, str]] = MESSAGES) -> str:
    """click's English ``message`` in ``lang``, or as it is when no pattern knows it."""
    if lang == "en":
        return message
    for pattern, msgid in table:
        match = re.fullmatch(pattern, message)
        if match:
            fields = match.groupdict()
            if "reason" in fields:
                fields["reason"] = said(fields["reason"], lang, REASONS)
            return say(lang, msgid, **fields)
    return message


def set_frame(lang: str) -> None:
    """The panel's title and the help hint of Typer's error display in ``lang``."""
    from .richhelp import rich_utils

    utils = rich_utils()
    for name, msgid in FRAME.items():
        setattr(utils, name, say(lang, msgid))


if UsageError is not None:
    class SaidUsageError(UsageError):
        """A usage error whose message is said in the reader's language already."""

        def __init__(self, message: str, ctx: Any, exit_code: int, lang: str) -> None:
            super().__init__(message, ctx)
            self.exit_code = exit_code
            self.lang = lang

        def format_message(self) -> str:
            return self.message

        def show(self, file: Any = None) -> None:  # Typer's display without rich
            from typer import echo

            if self.ctx is not None:
                command = f"{self.ctx.command_path} {self.ctx.help_option_names[0]}"
                echo(self.ctx.get_usage(), err=True)
                echo(say(self.lang, PLAIN_HINT, command=command), err=True)
            echo(say(self.lang, PLAIN_ERROR, message=self.message), err=True)


def in_language(error: Exception, ctx: Any, lang: str, tidy: Any) -> Exception:
    """``error`` (a click exception) as one said in ``lang``; anything else as it is.
    ``tidy(command, ctx, lang)`` first sets the parameters' names as the help shows them, so
    that a missing FILE is 'BESTAND' in Dutch."""
    if (ClickException is None or not isinstance(error, ClickException)
            or isinstance(error, NoArgsIsHelpError | SaidUsageError)):
        return error
    where = getattr(error, "ctx", None) or ctx
    if where is not None:
        tidy(where.command, where, lang)
    set_frame(lang)
    return SaidUsageError(said(error.format_message(), lang), getattr(error, "ctx", None),
                          error.exit_code, lang)
