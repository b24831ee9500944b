"""wijkcalc: where does a neighbourhood enterprise's money come from?

Usable from Python as well as from the command line::

    import wijkcalc
    frame = wijkcalc.load(["inkomsten.csv"])
    classified = wijkcalc.classify(frame)
    report = wijkcalc.analyse(classified)
    benchmark = wijkcalc.compare(["leden/"], year=2024)

The names are loaded on first use (PEP 562), so ``import wijkcalc`` and ``wijkcalc --help``
stay fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

_EXPORTS = {
    "load": "api", "classify": "api", "analyse": "api", "compare": "api",
    "classify_files": "api", "report_files": "api",
    "load_rules": "rules",
    "WijkcalcError": "errors", "InputError": "errors", "RulesError": "errors",
    "UsageError": "errors", "Problem": "errors",
    "__version__": "version",
}
__all__ = ["InputError", "Problem", "RulesError", "UsageError", "WijkcalcError", "__version__",
           "analyse", "classify", "classify_files", "compare", "load", "load_rules",
           "report_files"]

if TYPE_CHECKING:
    from .api import analyse, classify, classify_files, compare, load, report_files
    from .errors import InputError, Problem, RulesError, UsageError, WijkcalcError
    from .rules import load_rules
    from .version import __version__


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'wijkcalc' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
