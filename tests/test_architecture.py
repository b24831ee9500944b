"""The package's shape, read from the source with ast (never imported): docstrings, sizes, layers.

Every .py file under src/wijkcalc/ is parsed, not imported, so these tests say nothing about
what runs and cost nothing at start-up. The checkers take the package directory as an argument;
the second half of this file runs them on small fake packages under tmp_path to show that each
one passes a clean package and catches what it is meant to catch.
"""

from __future__ import annotations

import ast
import textwrap
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

# --- The table a maintainer edits -----------------------------------------------------------
#
# A module's layer is looked up by its first name under wijkcalc: "sources" covers
# wijkcalc/sources.py or the package wijkcalc/sources/ and every module in it.
# No module may import from a higher layer; the same layer or lower is fine.
LAYERS: dict[str, int] = {
    "errors": 0, "vocab": 0, "money": 0,   # words, errors, cents: depend on nothing of ours
    "version": 0,                          # the version string the build reads
    "sources": 1, "examples": 1,           # income files in, bundled examples
    "pipeline": 2, "transactions": 2,   # transactions: bank lines -> income streams
    "parallel": 2,                         # a large file's blocks stepped by worker processes
    "rules": 3,
    "analysis": 4,
    "api": 5,                              # the public functions: load, classify, analyse, compare
    "render": 6,                           # views: terminal, JSON, CSV, Markdown
    "cli": 7, "__main__": 7,               # the command line (`python -m wijkcalc` runs cli)
}
CORE_TOP_LAYER = 5                          # layers 0..5 are the core, usable without a terminal
UI_LIBRARIES = frozenset({"typer", "click", "rich"})
# Only these may import the package itself (wijkcalc/__init__.py), and only these names from it.
MAY_IMPORT_PACKAGE = frozenset({"cli", "render"})
NAMES_FROM_PACKAGE = frozenset({"__version__"})
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG_ON_PURPOSE = "long on purpose"

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "wijkcalc"
INIT = "__init__"  # the layer key of the package's own __init__.py


# --- Reading the source ----------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    name: str           # dotted: "wijkcalc.render.rows"; the package itself is "wijkcalc"
    path: Path
    text: str
    tree: ast.Module | None
    error: str | None   # why the file could not be parsed, when it could not

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"

    @property
    def key(self) -> str:
        """The name the layer table knows this module by."""
        parts = self.name.split(".")
        return INIT if len(parts) == 1 else parts[1]

    @property
    def shown(self) -> str:
        try:
            return str(self.path.relative_to(Path.cwd()))
        except ValueError:
            return str(self.path)


@dataclass(frozen=True)
class Import:
    module: Module
    line: int
    statement: str               # the source of the import, for messages
    target: str | None           # absolute dotted name imported from; None: beyond the top
    names: tuple[str, ...]       # the names of a `from ... import`; () for `import x`
    function: str | None         # the outermost function the import sits in, if any
    type_checking: bool          # under `if TYPE_CHECKING:`

    @property
    def where(self) -> str:
        return f"{self.module.shown}:{self.line}"


def modules(package_dir: Path) -> list[Module]:
    """Every .py file under package_dir, parsed."""
    found = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir).with_suffix("")
        parts = [package_dir.name, *rel.parts]
        if parts[-1] == "__init__":
            parts.pop()
        text = path.read_text(encoding="utf-8")
        try:
            tree, error = ast.parse(text, filename=str(path)), None
        except SyntaxError as exc:
            tree, error = None, f"{exc.msg} (line {exc.lineno})"
        found.append(Module(".".join(parts), path, text, tree, error))
    return found


def unparsed(mods: list[Module]) -> list[str]:
    return [f"{m.shown}: cannot be parsed, so is not checked: {m.error}" for m in mods if m.error]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(module: Module, node: ast.ImportFrom) -> str | None:
    """The absolute module name `from <...> import` names, relative levels resolved."""
    if node.level == 0:
        return node.module
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    parts = package.split(".")
    up = node.level - 1
    if up >= len(parts):
        return None
    base = ".".join(parts[: len(parts) - up])
    return f"{base}.{node.module}" if node.module else base


class _ImportFinder(ast.NodeVisitor):
    def __init__(self, module: Module) -> None:
        self.module = module
        self.found: list[Import] = []
        self._functions: list[str] = []
        self._type_checking = False

    def _add(self, node: ast.Import | ast.ImportFrom, target: str | None,
             names: tuple[str, ...]) -> None:
        function = self._functions[0] if self._functions else None
        self.found.append(Import(self.module, node.lineno, ast.unparse(node), target, names,
                                 function, self._type_checking))

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._functions.append(node.name)
        self.generic_visit(node)
        self._functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        outer, self._type_checking = self._type_checking, True
        for statement in node.body:
            self.visit(statement)
        self._type_checking = outer
        for statement in node.orelse:
            self.visit(statement)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(node, alias.name, ())

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self._add(node, _resolve(self.module, node), tuple(a.name for a in node.names))


def imports(mods: list[Module]) -> list[Import]:
    """Every import statement in every module: top level, in functions, under TYPE_CHECKING."""
    found = []
    for module in mods:
        if module.tree is not None:
            finder = _ImportFinder(module)
            finder.visit(module.tree)
            found.extend(finder.found)
    return found


def internal_targets(imp: Import, package: str, known: set[str]) -> list[tuple[str, tuple]]:
    """The package's own modules an import reaches, each with the names taken from it.

    `from .render import rows` reaches wijkcalc.render.rows (a submodule); `from . import
    __version__` reaches wijkcalc itself. A target that is no module of the package is returned
    as it is, so the caller can say so.
    """
    target = imp.target
    if target is None or not (target == package or target.startswith(package + ".")):
        return []
    if not imp.names:
        return [(target, ())]
    reached: dict[str, list[str]] = defaultdict(list)
    for name in imp.names:
        submodule = f"{target}.{name}"
        reached[submodule if submodule in known else target].append(name)
    return [(dst, tuple(names)) for dst, names in reached.items()]


@dataclass(frozen=True)
class Edge:
    src: Module
    dst: str
    names: tuple[str, ...]
    imp: Import


def edges(package_dir: Path) -> list[Edge]:
    """Every import of one of the package's modules by another (self-imports left out)."""
    mods = modules(package_dir)
    known = {m.name for m in mods}
    found = []
    for imp in imports(mods):
        for dst, names in internal_targets(imp, package_dir.name, known):
            if dst != imp.module.name:
                found.append(Edge(imp.module, dst, names, imp))
    return found


# --- The checkers: each returns every problem it finds, one line each ------------------------


def docstring_problems(package_dir: Path) -> list[str]:
    """Each module opens with a docstring whose summary is one non-empty line."""
    mods = modules(package_dir)
    problems = unparsed(mods)
    for m in mods:
        if m.tree is None:
            continue
        doc = ast.get_docstring(m.tree, clean=False)
        if doc is None:
            problems.append(f"{m.shown}: no module docstring: say in one line what it owns")
            continue
        lines = doc.splitlines() or [""]
        if not lines[0].strip():
            problems.append(f"{m.shown}: the docstring's first line is empty: "
                            "start it with one line saying what the module owns")
        elif len(lines) > 1 and lines[1].strip():
            problems.append(f"{m.shown}: the docstring's summary runs over more than one line "
                            "(leave a blank line after the first)")
    return problems


def module_length_problems(package_dir: Path, limit: int = MAX_MODULE_LINES) -> list[str]:
    mods = modules(package_dir)
    return [f"{m.shown}: {n} lines (limit {limit})"
            for m in mods if (n := len(m.text.splitlines())) > limit]


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    """Every function and method, with a qualified name (Class.method, outer.inner)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield prefix + node.name, node
            yield from _functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}{node.name}.")
        else:
            yield from _functions(node, prefix)


def _long_on_purpose(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """The line directly above the def (or above its decorators) is a `long on purpose` comment."""
    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    if first < 2:
        return False
    above = lines[first - 2].strip()
    return above.startswith("#") and LONG_ON_PURPOSE in above.lower()


def function_length_problems(package_dir: Path, limit: int = MAX_FUNCTION_LINES) -> list[str]:
    mods = modules(package_dir)
    problems = unparsed(mods)
    for m in mods:
        if m.tree is None:
            continue
        lines = m.text.splitlines()
        for name, node in _functions(m.tree):
            assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            assert node.end_lineno is not None
            length = node.end_lineno - node.lineno + 1
            if length > limit and not _long_on_purpose(lines, node):
                problems.append(f"{m.shown}:{node.lineno}: {name}() is {length} lines "
                                f"(limit {limit}; or mark a vectorised scanner "
                                f"`# {LONG_ON_PURPOSE}: ...` on the line above)")
    return problems


def _graph(package_dir: Path, *, with_type_checking: bool) -> dict[str, dict[str, Edge]]:
    """src -> dst -> the first import that makes the edge (runtime imports only, unless asked)."""
    by_pair: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for edge in edges(package_dir):
        by_pair[edge.src.name, edge.dst].append(edge)
    graph: dict[str, dict[str, Edge]] = defaultdict(dict)
    for (src, dst), found in sorted(by_pair.items()):
        runtime = [e for e in found if not e.imp.type_checking]
        if runtime or with_type_checking:
            graph[src][dst] = (runtime or found)[0]
    return graph


def type_checking_only_edges(package_dir: Path) -> list[str]:
    """Imports between the package's modules made only under `if TYPE_CHECKING:`."""
    runtime = _graph(package_dir, with_type_checking=False)
    every = _graph(package_dir, with_type_checking=True)
    return [f"{src} -> {dst} ({edge.imp.where} `{edge.imp.statement}`)"
            for src, dsts in sorted(every.items()) for dst, edge in dsts.items()
            if dst not in runtime.get(src, {})]


def _strongly_connected(graph: dict[str, dict[str, Edge]]) -> list[list[str]]:
    """Tarjan's algorithm: the groups of modules that can each reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(g for g in groups if len(g) > 1)


def _cycle_through(start: str, group: set[str], graph: dict[str, dict[str, Edge]]) -> list[str]:
    """A shortest path start -> ... -> start inside group (breadth first)."""
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for nxt in graph.get(node, {}):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if nxt in group and nxt not in previous:
                    previous[nxt] = node
                    following.append(nxt)
        frontier = following
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group has one


def cycle_problems(package_dir: Path) -> list[str]:
    """Each import cycle among the package's modules (TYPE_CHECKING-only imports left out)."""
    graph = _graph(package_dir, with_type_checking=False)
    problems = unparsed(modules(package_dir))
    for group in _strongly_connected(graph):
        cycle = _cycle_through(group[0], set(group), graph)
        steps = "; ".join(f"{graph[a][b].imp.where} `{graph[a][b].imp.statement}`"
                          for a, b in pairwise(cycle))
        also = sorted(set(group) - set(cycle))
        problems.append(f"cycle: {' -> '.join(cycle)} ({steps})"
                        + (f"; the same knot also holds {', '.join(also)}" if also else ""))
    return problems


def layer_problems(package_dir: Path, layers: dict[str, int] = LAYERS) -> list[str]:
    """Every module has a layer; no import reaches a higher one; the package's __init__ is lazy
    and imported only by cli and render, for __version__."""
    mods = modules(package_dir)
    package = package_dir.name
    by_name = {m.name: m for m in mods}
    problems = unparsed(mods)
    problems += [f"module {m.name} ({m.shown}) has no layer: place it or remove it"
                 for m in mods if m.key != INIT and m.key not in layers]
    for edge in edges(package_dir):
        src, imp = edge.src, edge.imp
        tc = " [TYPE_CHECKING only]" if imp.type_checking else ""
        said = f"{imp.where}: {src.name} `{imp.statement}`{tc}"
        dst = by_name.get(edge.dst)
        if dst is None:
            problems.append(f"{said}: {edge.dst} is no module of the package")
        elif src.key == INIT:
            if imp.function != "__getattr__" and not imp.type_checking:
                problems.append(f"{said}: the public API imports {dst.name} at import time; "
                                "import it lazily, inside __getattr__")
        elif dst.key == INIT:
            extra = sorted(set(edge.names) - NAMES_FROM_PACKAGE)
            # `from . import x` with no module x reads x from __init__: say so, x may be a typo.
            missing = "".join(f" (there is no module {package}.{n})" for n in extra)
            allowed = ", ".join(sorted(NAMES_FROM_PACKAGE))
            if src.key not in MAY_IMPORT_PACKAGE:
                problems.append(f"{said}: imports {package} itself (the lazy public API){missing};"
                                f" only {' and '.join(sorted(MAY_IMPORT_PACKAGE))} may, for "
                                f"{allowed}")
            elif extra:
                problems.append(f"{said}: takes {', '.join(extra)} from {package} itself"
                                f"{missing}; only {allowed} may come from it")
        elif src.key in layers and dst.key in layers and layers[dst.key] > layers[src.key]:
            problems.append(f"{said}: layer {layers[src.key]} ({src.key}) imports from "
                            f"layer {layers[dst.key]} ({dst.key})")
    return problems


def core_ui_import_problems(package_dir: Path, layers: dict[str, int] = LAYERS) -> list[str]:
    """The core (layers 0..5) imports no typer, click or rich, not even inside a function."""
    mods = modules(package_dir)
    problems = unparsed(mods)
    for imp in imports(mods):
        layer = layers.get(imp.module.key)
        if layer is None or layer > CORE_TOP_LAYER or imp.target is None:
            continue
        library = imp.target.split(".")[0]
        if library in UI_LIBRARIES:
            where = f"inside {imp.function}()" if imp.function else "at top level"
            tc = ", under TYPE_CHECKING" if imp.type_checking else ""
            problems.append(f"{imp.where}: {imp.module.name} (layer {layer}) imports {library} "
                            f"{where}{tc}: `{imp.statement}`")
    return problems


def _allowed_at_top_of_init(node: ast.Import | ast.ImportFrom) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level == 0 and node.module in ("__future__", "typing")
    return all(alias.name == "typing" for alias in node.names)


def _top_level_imports(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Imports that run when the module is imported: at top level and in if/try/with/class
    bodies, but not in functions nor under `if TYPE_CHECKING:`."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _top_level_imports(node.body)
            yield from _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try | ast.With | ast.ClassDef):
            for field in ("body", "orelse", "finalbody"):
                yield from _top_level_imports(getattr(node, field, []))
            for handler in getattr(node, "handlers", []):
                yield from _top_level_imports(handler.body)


def lazy_init_problems(package_dir: Path) -> list[str]:
    """The package's __init__.py defines __getattr__ (PEP 562) and imports nothing at top level
    but `from __future__`, typing (for TYPE_CHECKING), and what sits under `if TYPE_CHECKING:`."""
    init = package_dir / "__init__.py"
    if not init.exists():
        return [f"{init}: missing"]
    module = next(m for m in modules(package_dir) if m.path == init)
    if module.tree is None:
        return unparsed([module])
    problems = []
    if not any(isinstance(node, ast.FunctionDef) and node.name == "__getattr__"
               for node in module.tree.body):
        problems.append(f"{module.shown}: defines no module-level __getattr__ (PEP 562), so the "
                        "public API is not lazy")
    for node in _top_level_imports(module.tree.body):
        if not _allowed_at_top_of_init(node):
            problems.append(f"{module.shown}:{node.lineno}: `{ast.unparse(node)}` runs at import "
                            "time; only `from __future__`, typing and `if TYPE_CHECKING:` imports "
                            "belong at the top: import the rest inside __getattr__")
    return problems


def _report(problems: list[str], heading: str, extra: str = "") -> str:
    return f"{heading} ({len(problems)}):\n  " + "\n  ".join(problems) + extra


# --- The tree as it is -----------------------------------------------------------------------


def test_package_is_where_these_tests_look() -> None:
    assert (PACKAGE_DIR / "__init__.py").is_file(), PACKAGE_DIR
    assert len(modules(PACKAGE_DIR)) > 5


def test_every_module_opens_with_a_one_line_summary() -> None:
    problems = docstring_problems(PACKAGE_DIR)
    assert not problems, _report(problems, "modules without a one-line summary docstring")


def test_no_module_is_over_400_lines() -> None:
    problems = module_length_problems(PACKAGE_DIR)
    assert not problems, _report(problems, f"modules over {MAX_MODULE_LINES} lines")


def test_no_function_is_over_60_lines() -> None:
    problems = function_length_problems(PACKAGE_DIR)
    assert not problems, _report(problems, f"functions over {MAX_FUNCTION_LINES} lines")


def test_import_graph_has_no_cycles() -> None:
    problems = cycle_problems(PACKAGE_DIR)
    tc_only = type_checking_only_edges(PACKAGE_DIR)
    extra = ("\nTYPE_CHECKING-only imports, left out of this check:\n  " + "\n  ".join(tc_only)
             if tc_only else "")
    assert not problems, _report(problems, "import cycles among wijkcalc's modules", extra)


def test_no_module_imports_from_a_higher_layer() -> None:
    problems = layer_problems(PACKAGE_DIR)
    assert not problems, _report(problems, "layer problems (lowest first: "
                                 + ", ".join(f"{k}={v}" for k, v in LAYERS.items()) + ")")


def test_core_never_imports_typer_click_or_rich() -> None:
    problems = core_ui_import_problems(PACKAGE_DIR)
    assert not problems, _report(problems, "the core imports a terminal library")


def test_init_is_a_lazy_public_api() -> None:
    problems = lazy_init_problems(PACKAGE_DIR)
    assert not problems, _report(problems, "wijkcalc/__init__.py is not a lazy public API")


# --- The checkers on fake packages -----------------------------------------------------------

CHECKERS = [docstring_problems, module_length_problems, function_length_problems,
            cycle_problems, layer_problems, core_ui_import_problems, lazy_init_problems]

# A small package with every layer, every kind of import the checkers resolve, and no problem.
CLEAN = {
    "__init__.py": '''
        """The public API, imported lazily."""
        from __future__ import annotations
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .api import load
        __version__ = "0"
        def __getattr__(name):
            if name == "load":
                from .api import load
                return load
            raise AttributeError(name)
        ''',
    "__main__.py": '"""`python -m`."""\nfrom .cli import main\nmain()\n',
    "errors.py": '"""Errors."""\nclass Oops(Exception):\n    pass\n',
    "vocab.py": '"""Words."""\nfrom .errors import Oops\n',
    "money.py": '"""Cents."""\nfrom . import errors\nfrom .vocab import Oops\n',
    "examples.py": '"""Examples."""\n',
    "sources/__init__.py": '"""Income files in."""\n',
    "sources/csv.py": '''
        """CSV files."""
        from ..money import Oops
        from .. import vocab
        def read():
            import numpy  # a third-party import inside a function is fine
            from . import __name__ as here  # the package sources itself, same layer
            return numpy, here
        ''',
    "pipeline.py": '"""Steps."""\nfrom .sources.csv import read\nimport wijkcalc.errors\n',
    "rules.py": '"""Rules."""\nfrom .pipeline import read\n',
    "analysis/__init__.py": '"""Analysis."""\nfrom .mix import analyse\n',
    "analysis/mix.py": '"""The mix."""\nfrom ..rules import read\ndef analyse():\n    pass\n',
    "api.py": '"""Public functions."""\nfrom .analysis import analyse\nfrom .sources import csv\n',
    "render/__init__.py": '"""Views."""\n',
    "render/view.py": '''
        """A view."""
        from rich.table import Table
        from .. import __version__
        from ..api import analyse
        ''',
    "cli.py": '''
        """The command line."""
        import typer
        from . import __version__
        from .render import view
        def main():
            from .api import analyse
            return typer, view, analyse
        ''',
}


def make_package(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """A fake wijkcalc under root: CLEAN with changes (file -> its new text; None leaves it out)."""
    files = {**CLEAN, **(changes or {})}
    package = root / "wijkcalc"
    for name, text in files.items():
        if text is not None:
            path = package / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return package


def function_of(lines: int, name: str = "scan", above: str = "") -> str:
    """A module whose one function is `lines` long, def on line 4 (after `above`'s lines)."""
    body = "".join(f"    x{i} = {i}\n" for i in range(lines - 2)) + "    return x0\n"
    return f'"""Scans."""\n\n\n{above}def {name}():\n{body}'


@pytest.mark.parametrize("checker", CHECKERS, ids=lambda c: c.__name__)
def test_clean_fake_package_passes(tmp_path: Path, checker) -> None:
    assert checker(make_package(tmp_path)) == []


def test_fake_package_has_expected_edges(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    found = {(e.src.name, e.dst) for e in edges(package)}
    assert ("wijkcalc.sources.csv", "wijkcalc.money") in found      # from ..money import
    assert ("wijkcalc.sources.csv", "wijkcalc.vocab") in found      # from .. import vocab
    assert ("wijkcalc.money", "wijkcalc.errors") in found           # from . import errors
    assert ("wijkcalc.cli", "wijkcalc") in found                    # from . import __version__
    assert ("wijkcalc.render.view", "wijkcalc") in found            # from .. import __version__
    assert ("wijkcalc.cli", "wijkcalc.render.view") in found        # from .render import view
    assert ("wijkcalc.cli", "wijkcalc.api") in found                # inside a function
    assert ("wijkcalc.pipeline", "wijkcalc.errors") in found        # import wijkcalc.errors
    assert ("wijkcalc", "wijkcalc.api") in found                    # lazy, in __getattr__
    assert ("wijkcalc.sources.csv", "wijkcalc.sources") in found    # from . import __name__
    assert type_checking_only_edges(package) == []                  # __init__ has a runtime one


def test_missing_docstring_fails(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"rules.py": "from .pipeline import read\n",
                                      "examples.py": '"""\nExamples."""\n',
                                      "vocab.py": '"""The words\nrun on."""\n',
                                      "render/__init__.py": ""})
    problems = docstring_problems(package)
    assert len(problems) == 4, problems
    assert "examples.py: the docstring's first line is empty" in problems[0]
    assert "render/__init__.py: no module docstring" in problems[1]
    assert "rules.py: no module docstring" in problems[2]
    assert "vocab.py: the docstring's summary runs over" in problems[3]


def test_module_over_400_lines_fails(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"examples.py": '"""Big."""\n' + "x = 1\n" * 399,
                                      "vocab.py": '"""Too big."""\n' + "x = 1\n" * 400})
    problems = module_length_problems(package)
    assert len(problems) == 1 and "vocab.py: 401 lines" in problems[0], problems


def test_61_line_function_fails_and_60_passes(tmp_path: Path) -> None:
    assert function_length_problems(make_package(tmp_path / "a",
                                                 {"examples.py": function_of(60)})) == []
    problems = function_length_problems(make_package(tmp_path / "b",
                                                     {"examples.py": function_of(61)}))
    assert len(problems) == 1, problems
    assert "examples.py:4: scan() is 61 lines" in problems[0]


def test_methods_and_nested_functions_are_measured(tmp_path: Path) -> None:
    inner = function_of(61, "inner").split("\n", 3)[3]
    nested = '"""N."""\nclass Book:\n    def page(self):\n' + textwrap.indent(inner, "        ")
    problems = function_length_problems(make_package(tmp_path, {"examples.py": nested}))
    assert [p.split(": ", 1)[1].split(" is")[0] for p in problems] == [
        "Book.page()", "Book.page.inner()"], problems


def test_long_on_purpose_function_is_allowed(tmp_path: Path) -> None:
    marked = function_of(90, above="# long on purpose: one vectorised scan over the bytes\n")
    decorated = function_of(90, above="# Long on purpose: one pass\n@staticmethod\n@other\n")
    assert function_length_problems(make_package(tmp_path / "a", {
        "examples.py": marked, "vocab.py": decorated})) == []
    # The comment must be directly above: not a blank line away, nor between the decorators.
    loose = function_of(90, above="# long on purpose: one scan\n\n")
    inside = function_of(90, above="@staticmethod\n# long on purpose: one scan\n@other\n")
    plain = function_of(90, above="# a long function\n")
    problems = function_length_problems(make_package(tmp_path / "b", {
        "examples.py": loose, "vocab.py": inside, "money.py": plain}))
    assert len(problems) == 3, problems


def test_upward_import_fails(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"money.py": '''
        """Cents."""
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .render.view import Table
        def cents():
            from .rules import read
        '''})
    problems = layer_problems(package)
    assert len(problems) == 2, problems
    assert ("money.py:4: wijkcalc.money `from .render.view import Table` [TYPE_CHECKING only]: "
            "layer 0 (money) imports from layer 6 (render)") in problems[0]
    assert ("money.py:6: wijkcalc.money `from .rules import read`: layer 0 (money) imports "
            "from layer 3 (rules)") in problems[1]


def test_module_without_a_layer_fails(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"load.py": '"""Leftover."""\nfrom .rules import read\n',
                                      "mix/__init__.py": '"""Leftover package."""\n'})
    problems = layer_problems(package)
    assert problems == [
        f"module wijkcalc.load ({package / 'load.py'}) has no layer: place it or remove it",
        f"module wijkcalc.mix ({package / 'mix/__init__.py'}) has no layer: "
        "place it or remove it"], problems


def test_importing_the_package_itself_is_for_cli_and_render_only(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"rules.py": '"""Rules."""\nfrom . import __version__\n',
                                      "cli.py": '"""CLI."""\nfrom . import __version__, load\n',
                                      "api.py": '"""API."""\nimport wijkcalc\n'})
    problems = layer_problems(package)
    assert len(problems) == 3, problems
    assert "api.py:2: wijkcalc.api `import wijkcalc`: imports wijkcalc itself" in problems[0]
    assert "cli.py:2" in problems[1] and "takes load from wijkcalc itself (there is no " \
        "module wijkcalc.load)" in problems[1]
    assert "rules.py:2" in problems[2] and "only cli and render may" in problems[2]
    assert "no module" not in problems[2]  # __version__ is no module, nor is it meant to be


def test_eager_init_and_dangling_import_fail_layer_check(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"__init__.py": '"""API."""\nfrom .api import load\n',
                                      "rules.py": '"""Rules."""\nfrom .load import load\n'})
    problems = layer_problems(package)
    assert len(problems) == 2, problems
    assert "__init__.py:2" in problems[0] and "import it lazily" in problems[0]
    assert "rules.py:2" in problems[1] and "wijkcalc.load is no module" in problems[1]


def test_cycle_fails_and_is_listed(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"errors.py": '''
        """Errors."""
        def later():
            from .money import x
        '''})
    problems = cycle_problems(package)
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        "cycle: wijkcalc.errors -> wijkcalc.money -> wijkcalc.errors ("), problems
    assert "errors.py:3 `from .money import x`" in problems[0]


def test_every_cycle_is_listed(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"errors.py": '"""E."""\nfrom . import vocab\n',
                                      "pipeline.py": '"""P."""\nfrom .rules import x\n'})
    problems = cycle_problems(package)
    assert [p.split(" (")[0] for p in problems] == [
        "cycle: wijkcalc.errors -> wijkcalc.vocab -> wijkcalc.errors",
        "cycle: wijkcalc.pipeline -> wijkcalc.rules -> wijkcalc.pipeline"], problems


def test_type_checking_only_cycle_is_reported_apart(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"errors.py": '''
        """Errors."""
        from typing import TYPE_CHECKING
        if TYPE_CHECKING:
            from .vocab import Word
        '''})
    assert cycle_problems(package) == []
    tc_only = type_checking_only_edges(package)
    assert len(tc_only) == 1, tc_only
    assert tc_only[0].startswith("wijkcalc.errors -> wijkcalc.vocab ("), tc_only


def test_core_importing_ui_library_fails(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"api.py": '''
        """API."""
        import typing
        if typing.TYPE_CHECKING:
            from rich.console import Console
        def show():
            import click
        ''', "rules.py": '"""Rules."""\nfrom .pipeline import read\nimport richer\n'})
    problems = core_ui_import_problems(package)
    assert len(problems) == 2, problems
    assert ("api.py:4: wijkcalc.api (layer 5) imports rich at top level, under TYPE_CHECKING"
            in problems[0])
    assert "api.py:6: wijkcalc.api (layer 5) imports click inside show()" in problems[1]


def test_eager_init_fails_lazy_check(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"__init__.py": '''
        """API."""
        from __future__ import annotations
        import os
        try:
            from .api import load
        except ImportError:
            pass
        '''})
    problems = lazy_init_problems(package)
    assert len(problems) == 3, problems
    assert "defines no module-level __getattr__" in problems[0]
    assert "__init__.py:3: `import os`" in problems[1]
    assert "__init__.py:5: `from .api import load`" in problems[2]


def test_unparsable_module_is_reported(tmp_path: Path) -> None:
    package = make_package(tmp_path, {"examples.py": '"""Broken."""\ndef (:\n'})
    for checker in (docstring_problems, function_length_problems, cycle_problems,
                    layer_problems, core_ui_import_problems):
        problems = checker(package)
        assert len(problems) == 1 and "cannot be parsed" in problems[0], (checker, problems)
