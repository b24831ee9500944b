"""The commands' plain parameters read without pydantic, which Typer loads to read any of them.

Typer builds a pydantic TypeAdapter for every parameter of the command run: importing pydantic
and building them took about 0.15 s of each `wijkcalc rules` (0.39 s -> 0.24 s measured). The
values a command line gives (a text, a plain integer, a path, one of an enum's choices, a list
of these) are read here the way Typer reads them; anything else, and every value Typer would
refuse, goes to Typer's own coercion, so its messages stay word for word.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # Typer's internals as of 0.29; another Typer keeps its own coercion throughout
    from typer._coercion import RuntimeParam, build_runtime_param, resolve_type_descriptor
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover
    RuntimeParam = None

_PLAIN_INT = re.compile(r"-?[0-9]{1,15}")  # "+5", "1_000", " 5": Typer's to read


class _Slow(Exception):
    """Not a value read here: Typer's own coercion reads it, or says what is wrong with it."""


def quicken(params: list[Any]) -> None:
    """Each parameter not yet coerced reads its value here first."""
    if RuntimeParam is None:  # pragma: no cover
        return
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            described = param.type_descriptor
            param._runtime_param = QuickParam(parameter_info=described.parameter_info,
                                              annotation=described.annotation)


def read(annotation: Any, info: Any, value: Any, param: Any, ctx: Any) -> Any:
    """The value as Typer would give it, or _Slow."""
    if info.parser is not None:
        raise _Slow
    if get_origin(annotation) is list and isinstance(value, list | tuple):
        [item] = get_args(annotation)
        return [read(item, info, one, param, ctx) for one in value]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=list(annotation),
                                     case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            raise _Slow from None
    if annotation is str and type(value) is str:
        return value
    if annotation is bool and type(value) is bool:
        return value
    if annotation is int and (type(value) is int or (type(value) is str
                                                     and _PLAIN_INT.fullmatch(value))):
        number = int(value)
        if info.clamp or (info.min is not None and number < info.min) or (
                info.max is not None and number > info.max):
            raise _Slow
        return number
    if (annotation is Path and type(value) is str and value and info.path_type is None
            and not info.resolve_path and not info.allow_dash):
        # the checks Typer makes (exists, readable, …) with its own messages; Path() as pydantic
        return Path(coerce_cli_path(value, info, path_type=None, param=param, ctx=ctx))
    raise _Slow


if RuntimeParam is not None:
    class QuickParam(RuntimeParam):  # a frozen dataclass of Typer's: its fields, no more
        """Typer's runtime coercion of one parameter, read here where it can be."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return read(self.annotation, self.parameter_info, value, param, ctx)
            except _Slow:
                described = resolve_type_descriptor(self.annotation, self.parameter_info)
                full = build_runtime_param(described)
                return full._coerce_value(value, param=param, ctx=ctx)
