"""Typer's rich help module loaded without rich.markdown and rich.traceback until they are used.

typer.rich_utils imports both at its top, for Markdown help texts and pretty tracebacks, neither
of which wijkcalc shows (its help is rich markup; pretty exceptions are off). Loading them
(markdown-it compiling its patterns, pygments) was about a fifth of `wijkcalc --help`'s CPU time:
0.23 s -> 0.18 s user time, medians of six. While typer.rich_utils loads, each of the two modules
not yet loaded is a stand-in whose class imports the real one when it is first called or asked
for an attribute; afterwards the stand-ins leave sys.modules, so `import rich.markdown` anywhere
else gets the real module.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

DEFERRED = {"rich.markdown": "Markdown", "rich.traceback": "Traceback"}


class _Deferred(type):
    """A class standing in for a class of a module not yet imported."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:  # Traceback.from_exception and the like
        return getattr(cls.real(), name)

    def real(cls) -> type:
        return getattr(importlib.import_module(cls.__module__), cls.__name__)


def rich_utils() -> types.ModuleType:
    """typer.rich_utils, loaded with stand-ins for what it imports but wijkcalc never uses."""
    if "typer.rich_utils" in sys.modules:
        return sys.modules["typer.rich_utils"]
    stand_ins = {}
    for module, name in DEFERRED.items():
        if module not in sys.modules:
            stand_in = types.ModuleType(module)
            setattr(stand_in, name, _Deferred(name, (), {"__module__": module}))
            stand_ins[module] = stand_in
    sys.modules.update(stand_ins)
    try:
        from typer import rich_utils as loaded
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]
    return loaded
