"""How --help reads: in the reader's language, plain placeholders, whole sentences, brackets."""

from __future__ import annotations

import inspect
from pathlib import PurePath
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from ..render.i18n import N_, NC_, default_language, say, say_in
from .params import quicken
from .usage_errors import LANG_KEY, in_language, scan_language

# Typer's and click's own help texts: msgids here, so that the catalog has their Dutch
N_("Show this message and exit.")
N_("Install completion for the current shell.")
N_("Show completion for the current shell, to copy it or customize the installation.")
# the words of the help's frame, set where Typer and click let one set them
PANEL_TITLES = {"ARGUMENTS_PANEL_TITLE": NC_("help", "Arguments"),
                "OPTIONS_PANEL_TITLE": NC_("help", "Options"),
                "COMMANDS_PANEL_TITLE": NC_("help", "Commands"),
                "DEFAULT_STRING": NC_("help", "[default: {}]"),
                "REQUIRED_LONG_STRING": NC_("help", "[required]")}
USAGE = NC_("help", "Usage:")
OPTIONS_METAVAR = NC_("help", "[OPTIONS]")
COMMAND_METAVAR = NC_("help", "COMMAND [ARGS]...")
# placeholders that are English words; N, IBAN and the choices are the same in both languages
PLACEHOLDERS = {"FILE": NC_("placeholder", "FILE"), "TEXT": NC_("placeholder", "TEXT")}


def is_example(paragraph: str) -> bool:
    """An example command (or indented lines): shown as it is, in every language."""
    return paragraph.startswith(("wijkcalc ", " ")) or any(
        line.startswith(" ") for line in paragraph.splitlines())


def help_paragraphs(text: str) -> list[tuple[str, bool]]:
    """The paragraphs of a help text, each with whether it is prose (a msgid, its lines joined
    into one: the catalog does not change when the source is wrapped anew) or an example."""
    found = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        if is_example(paragraph):
            found.append((paragraph, False))
        else:
            found.append((" ".join(line.strip() for line in paragraph.splitlines()), True))
    return found


def plain_help(text: str | None, lang: str = "en") -> str | None:
    """Help text in ``lang``, with its paragraphs joined into whole sentences (an example
    command stays a line of its own) and rich markup characters escaped, so that
    ``pip install 'wijkcalc[charts]'`` shows its brackets."""
    if not text:
        return text
    from rich.markup import escape

    paragraphs = []
    for paragraph, prose in help_paragraphs(text):
        if prose:
            paragraphs.append(escape(say(lang, paragraph)))
            continue
        if paragraph.startswith("wijkcalc "):  # an example command, set off from the text
            paragraph = "  " + paragraph
        # each line in bold: Typer dedents the help (inspect.cleandoc), which would take the
        # examples' indent away when no prose line follows them; a line that starts with a
        # markup tag keeps it
        paragraphs.append("\n".join(f"[bold]{escape(line)}[/bold]"
                                    for line in paragraph.splitlines()))
    return "\n\n".join(paragraphs)


def placeholder(param: Any) -> str:
    """What a parameter's value is called in the help: FILE, N, TEXT, or its choices."""
    described = getattr(param, "type_descriptor", None)
    if getattr(param, "is_flag", False) or described is None:
        return ""
    if described.is_choice:
        return "|".join(str(getattr(choice, "value", choice)) for choice in described.choices)
    annotation = described.annotation
    if described.is_list:
        annotation = getattr(annotation, "__args__", (str,))[0]
    if described.is_path or (isinstance(annotation, type) and issubclass(annotation, PurePath)):
        shown = "FILE"
    elif annotation in (int, float):
        shown = "N"
    elif annotation is bool:
        return ""
    else:
        shown = "TEXT"
    return shown


def _source(thing: Any, name: str) -> Any:
    """The attribute as the source declared it, kept on first sight: each help is made anew
    from it, in the language of that moment (one process may be asked in both)."""
    kept = thing.__dict__.setdefault("_wijkcalc_source", {})
    if name not in kept:
        kept[name] = getattr(thing, name, None)
    return kept[name]


def _said_placeholder(metavar: str, lang: str) -> str:
    msgid = PLACEHOLDERS.get(metavar)
    return metavar if msgid is None else say_in(lang, "placeholder", msgid)


def _tidy(command: Any, ctx: Any, lang: str) -> None:
    """The command's and its options' help (--help among them) in ``lang``, with plain
    placeholders."""
    command.help = plain_help(_source(command, "help"), lang)
    command.options_metavar = say_in(lang, "help", OPTIONS_METAVAR)
    for param in command.get_params(ctx):
        metavar = _source(param, "metavar")
        metavar = placeholder(param) if metavar is None else metavar
        param.metavar = _said_placeholder(metavar, lang)
        if param.param_type_name == "argument":
            # the name column says FILE... already: no type tag beside it, no braces around it
            shown = param.metavar + ("..." if param.nargs != 1 else "")
            param.display_type_rich = lambda ctx: None
            param._rich_display_name = lambda name=shown: name
            param._usage_display_name = lambda name=shown: name
        if hasattr(param, "help"):
            param.help = plain_help(_source(param, "help"), lang)
        # "[x>=1]" is for programmers: the help text says the limit in words
        for bound in ("min", "max"):
            if hasattr(param, bound):
                setattr(param, bound, None)


def _frame(lang: str) -> None:
    """The panel titles and [default: …] of Typer's rich help in ``lang``: module settings of
    typer.rich_utils, read when the help is drawn, so they are set before each drawing."""
    from .richhelp import rich_utils

    utils = rich_utils()  # without rich.markdown: see richhelp
    for name, msgid in PANEL_TITLES.items():
        setattr(utils, name, say_in(lang, "help", msgid))


def asked_language(ctx: Any) -> str | None:
    """The language the command line asks for: the command's --lang, else wijkcalc's own
    (``wijkcalc --lang nl report …``), else a --lang not read yet (it came after --help, or
    after an option click refused: see usage_errors.scan_language); None without one."""
    found = None
    while ctx is not None:
        asked = getattr(ctx, "params", {}).get("lang")
        if asked:
            return str(getattr(asked, "value", asked))
        found = found or getattr(ctx, "meta", {}).get(LANG_KEY)
        ctx = getattr(ctx, "parent", None)
    return found


def help_language(ctx: Any) -> str:
    """The help's (and a usage error's) language: --lang (see asked_language), else the
    default (WIJKCALC_LANG, the locale, Windows' display language)."""
    return asked_language(ctx) or default_language()


def _usage(command: Any, ctx: Any, formatter: Any) -> None:
    lang = help_language(ctx)
    _tidy(command, ctx, lang)
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces),
                          prefix=say_in(lang, "help", USAGE) + " ")


def _parse(command: Any, parse: Any, ctx: Any, args: list[str]) -> list[str]:
    """The command line read by click, its errors said in the reader's language."""
    quicken(command.get_params(ctx))  # no pydantic for plain values (cli/params.py)
    asked = scan_language(args)
    if asked:
        ctx.meta[LANG_KEY] = asked
    try:
        return parse(ctx, args)
    except Exception as error:
        said = in_language(error, ctx, help_language(ctx), _tidy)
        if said is error:
            raise
        raise said from None


class Command(TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse(self, super().parse_args, ctx, args)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        lang = help_language(ctx)
        _tidy(self, ctx, lang)
        _frame(lang)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter)


class Group(TyperGroup):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return _parse(self, super().parse_args, ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:  # "Missing command.", "No such command 'x'."
            return super().invoke(ctx)
        except Exception as error:
            said = in_language(error, ctx, help_language(ctx), _tidy)
            if said is error:
                raise
            raise said from None

    def format_help(self, ctx: Any, formatter: Any) -> None:
        lang = help_language(ctx)
        _tidy(self, ctx, lang)
        _frame(lang)
        for command in self.commands.values():  # their first lines are listed here
            command.help = plain_help(_source(command, "help"), lang)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        metavar = _source(self, "subcommand_metavar") or COMMAND_METAVAR
        self.subcommand_metavar = say_in(help_language(ctx), "help", metavar)
        _usage(self, ctx, formatter)


class App(typer.Typer):
    """A Typer app whose commands read as above."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
