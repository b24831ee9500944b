"""How --help reads: plain placeholders instead of type tags, whole sentences, brackets kept."""

from __future__ import annotations

import inspect
from pathlib import PurePath
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


def plain_help(text: str | None) -> str | None:
    """Help text with its paragraphs joined into whole sentences (an indented line, such as an
    example command, stays a line of its own) and rich markup characters escaped, so that
    ``pip install 'wijkcalc[charts]'`` shows its brackets."""
    if not text:
        return text
    from rich.markup import escape

    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines = paragraph.splitlines()
        if len(lines) > 1 and not any(line.startswith(" ") for line in lines):
            paragraph = " ".join(line.strip() for line in lines)
        elif paragraph.startswith("wijkcalc "):  # an example command, set off from the text
            paragraph = "  " + paragraph
        paragraphs.append(escape(paragraph))
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


def _tidy(command: Any, ctx: Any) -> None:
    """Once per command: plain placeholders and help texts for the command and its options
    (--help among them)."""
    if getattr(command, "_wijkcalc_tidy", False):
        return
    command.help = plain_help(command.help)
    for param in command.get_params(ctx):
        if param.metavar is None:
            param.metavar = placeholder(param)
        if param.param_type_name == "argument":
            # the name column says FILE... already: no type tag beside it, no braces around it
            many = "..." if param.nargs != 1 else ""
            param.display_type_rich = lambda ctx: None
            param._rich_display_name = lambda name=param.metavar + many: name
            param._usage_display_name = lambda name=param.metavar + many: name
        if hasattr(param, "help"):
            param.help = plain_help(param.help)
        # "[x>=1]" is for programmers: the help text says the limit in words
        for bound in ("min", "max"):
            if hasattr(param, bound):
                setattr(param, bound, None)
    command._wijkcalc_tidy = True


class Command(TyperCommand):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _tidy(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _tidy(self, ctx)
        super().format_usage(ctx, formatter)


class Group(TyperGroup):
    def format_help(self, ctx: Any, formatter: Any) -> None:
        _tidy(self, ctx)
        for command in self.commands.values():  # their first lines are listed here
            command.help = plain_help(command.help) if not getattr(
                command, "_wijkcalc_tidy", False) else command.help
        super().format_help(ctx, formatter)


class App(typer.Typer):
    """A Typer app whose commands read as above."""

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)
