"""Keep the gettext catalogs of wijkcalc up to date (a maintainer's tool; needs Babel).

Every word a user reads goes through ``say(lang, "English text", **fields)`` and friends in
``wijkcalc.render.i18n``; the English text is the msgid and the translations live in
``src/wijkcalc/locale/<lang>/LC_MESSAGES/wijkcalc.po``, compiled to ``wijkcalc.mo`` next to it.
The .mo is what the program reads, so it is committed and ships in the wheel.

Babel (``pip install -e '.[test]'``) does the work; the extraction is set up here, not in a
babel.cfg: every ``*.py`` under src/wijkcalc, with the keywords in ``KEYWORDS``
(``say:2``, ``say_plural:2,3``, ``say_in:2c,3`` and the markers ``N_:1``, ``NC_:1c,2``).
A module whose ``say`` is some other function (the old key-based ones) is left out.

    python tools/i18n.py extract     # add the msgids the source uses to every .po (empty msgstr)
    python tools/i18n.py check       # list msgids without a translation; exit 1 if there are any
    python tools/i18n.py compile     # .po -> .mo (run after editing a .po; commit both)
    python tools/i18n.py extract --prune      # also mark msgids no code uses any more obsolete
    python tools/i18n.py extract --pot wijkcalc.pot   # also write the template
    python tools/i18n.py init de     # start a catalog for a new language

To add a string: write ``say(lang, "The English text {field}.", field=...)`` in the code, run
``extract``, fill in the msgstr in the .po (keep every ``{field}``), run ``compile`` and
commit the .po and the .mo together; tests/test_i18n.py checks all of that.
"""

from __future__ import annotations

import argparse
import ast
import os
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.frontend import parse_keywords
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "wijkcalc"
LOCALE_DIR = PACKAGE / "locale"
DOMAIN = "wijkcalc"
I18N = PACKAGE / "render" / "i18n.py"
KEYWORDS = parse_keywords(["say:2", "say_plural:2,3", "say_in:2c,3", "N_:1", "NC_:1c,2"])
SAY_NAMES = ("say", "say_plural", "say_in")
# msgids that are rightly the same in Dutch and English (abbreviations, codes, bare fields)
SAME_IN_BOTH = frozenset({"HHI", "Id", "Pctl", "#", "{id}"})

Key = tuple[str | None, str]  # (msgctxt, msgid); for a plural the singular msgid


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return po_path(lang).with_suffix(".mo")


def languages() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def key_of(message: Message) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return message.context, msgid


# --- which modules call the i18n say() -----------------------------------------------------------

def _module_file(importer: Path, level: int, module: str | None) -> Path | None:
    """The file under src/wijkcalc that ``from <level dots><module> import ...`` names."""
    if level:
        base = importer.parent
        for _ in range(level - 1):
            base = base.parent
    elif module and module.split(".")[0] == "wijkcalc":
        base, module = PACKAGE.parent, module
    else:
        return None
    target = base.joinpath(*module.split(".")) if module else base
    for candidate in (target.with_suffix(".py"), target / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def own_say(path: Path, _seen: frozenset[Path] = frozenset()) -> bool:
    """False when the module's ``say``/``say_plural`` is not the one of wijkcalc.render.i18n
    (it defines its own, or imports one that is defined elsewhere)."""
    path = path.resolve()
    if path == I18N.resolve():
        return True
    if path in _seen:
        return True
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (SyntaxError, UnicodeDecodeError):
        return True  # half-written: extract it anyway (Babel will say what it can)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in SAY_NAMES:
            return False
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in SAY_NAMES and (alias.asname or alias.name) in SAY_NAMES:
                    source = _module_file(path, node.level, node.module)
                    if source is None or not own_say(source, _seen | {path}):
                        return False
    return True


def source_files() -> tuple[list[Path], list[Path]]:
    """(the files to extract from, the files left out because their say() is another one)."""
    used, skipped = [], []
    for path in sorted(PACKAGE.rglob("*.py")):
        (used if own_say(path) else skipped).append(path)
    return used, skipped


def extract() -> Catalog:
    """The template: every msgid the source passes to say(), say_plural(), say_in(), N_(), NC_(),
    and the prose of the command line's --help (see help_texts)."""
    template = Catalog(project="wijkcalc", domain=DOMAIN, fuzzy=False)
    files, _ = source_files()
    for path in files:
        location = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file(
                "python", path, keywords=KEYWORDS, comment_tags=("Translators:",),
                strip_comment_tags=True):
            template.add(message, None, [(location, lineno)], auto_comments=comments,
                         context=context)
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        location = path.relative_to(ROOT).as_posix()
        for lineno, message in help_texts(path):
            template.add(message, None, [(location, lineno)])
    return template


def help_texts(path: Path) -> list[tuple[int, str]]:
    """The prose paragraphs of a CLI module's help: every ``help="…"`` given to a call
    (typer.Option, typer.Argument, the app) and the docstring of every function decorated
    with ``@….command`` or ``@….callback``. Split and joined as the help shows them
    (wijkcalc.cli.helptext.help_paragraphs), so each msgid is what is looked up there."""
    if str(ROOT / "src") not in sys.path:
        sys.path.insert(0, str(ROOT / "src"))
    from wijkcalc.cli.helptext import help_paragraphs

    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        text = None
        if isinstance(node, ast.keyword) and node.arg == "help" and isinstance(
                node.value, ast.Constant) and isinstance(node.value.value, str):
            text, lineno = node.value.value, node.value.lineno
        elif isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                and d.func.attr in ("command", "callback") for d in node.decorator_list):
            text, lineno = ast.get_docstring(node, clean=True), node.lineno
        if text:
            found += [(lineno, p) for p, prose in help_paragraphs(text) if prose]
    return found


# --- what a catalog lacks ------------------------------------------------------------------------

def fields(text: str) -> set[str]:
    """The names of the ``{fields}`` in ``text`` (a malformed brace counts as a field "{")."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"{"}


def problems(template: Catalog, catalog: Catalog) -> list[str]:
    """One line for every msgid of ``template`` that ``catalog`` does not translate well:
    missing, empty, fuzzy, the same as the English (outside SAME_IN_BOTH), or with other
    ``{fields}`` than the English."""
    found = []
    for message in template:
        if not message.id:
            continue
        context, msgid = key_of(message)
        where = ", ".join(sorted({file for file, _ in message.locations}))
        label = (f"msgctxt {context!r} " if context else "") + f"msgid {msgid!r} ({where})"
        entry = catalog.get(message.id, context)
        forms = [] if entry is None else (
            list(entry.string) if isinstance(entry.string, tuple | list) else [entry.string])
        english = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
        if entry is None:
            found.append(f"missing: {label}")
        elif not forms or not all(forms):
            found.append(f"untranslated: {label}")
        elif entry.fuzzy:
            found.append(f"fuzzy: {label}")
        elif any(form in english for form in forms) and msgid not in SAME_IN_BOTH:
            found.append(f"same as the English: {label}")
        elif not all(fields(form) <= set().union(*map(fields, english)) for form in forms) or (
                fields(forms[-1]) != fields(english[-1])):
            found.append(f"other {{fields}} than the English: {label}")
    return found


# --- reading, merging, writing -------------------------------------------------------------------

def read_catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as file:
        return read_po(file, locale=lang, domain=DOMAIN)


def write_catalog(catalog: Catalog, lang: str) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, include_lineno=False)


def merge(template: Catalog, catalog: Catalog, *, prune: bool = False) -> list[Key]:
    """Add the template's new msgids to ``catalog`` (untranslated) and refresh the locations of
    the others; what no code uses any more stays (obsolete with ``prune``). Returns the new."""
    added: list[Key] = []
    used = set()
    for message in template:
        if not message.id:
            continue
        used.add(key_of(message))
        entry = catalog.get(message.id, message.context)
        if entry is None:
            empty = ("",) * catalog.num_plurals if message.pluralizable else ""
            catalog.add(message.id, empty, message.locations, auto_comments=message.auto_comments,
                        context=message.context)
            added.append(key_of(message))
        else:
            entry.locations = list(message.locations)
            entry.auto_comments = list(message.auto_comments or entry.auto_comments)
    for message in list(catalog):
        if not message.id or key_of(message) in used:
            continue
        message.locations = []
        if prune:
            catalog.obsolete[message.id] = message
            catalog.delete(message.id, message.context)
    return added


def compile_catalog(lang: str) -> Path:
    """The .mo of ``lang``, written aside and renamed into place: a wijkcalc running meanwhile
    (a test, another session's) reads the old catalog or the new one, never half of one."""
    catalog = read_catalog(lang)
    path = mo_path(lang)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with partial.open("wb") as file:
        write_mo(file, catalog, use_fuzzy=False)
    os.replace(partial, path)
    return path


def compiled(lang: str) -> Catalog:
    with mo_path(lang).open("rb") as file:
        return read_mo(file)


# --- the commands --------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    do_extract = commands.add_parser("extract", help="add the msgids the source uses to the .po")
    do_extract.add_argument("--prune", action="store_true",
                            help="mark msgids no code uses any more obsolete")
    do_extract.add_argument("--pot", type=Path, help="also write the template here")
    commands.add_parser("check", help="list msgids without a (good) translation")
    commands.add_parser("compile", help="compile every .po to its .mo")
    do_init = commands.add_parser("init", help="start the catalog of a new language")
    do_init.add_argument("lang")
    args = parser.parse_args(argv)

    if args.command == "compile":
        for lang in languages():
            print(f"wrote {compile_catalog(lang).relative_to(ROOT)}")
        return 0
    template = extract()
    if args.command == "extract" and args.pot:
        with args.pot.open("wb") as file:
            write_po(file, template, width=100, include_lineno=False)
    if args.command == "init":
        if po_path(args.lang).exists():
            parser.error(f"{po_path(args.lang).relative_to(ROOT)} exists: use extract")
        catalog = Catalog(locale=args.lang, domain=DOMAIN, project="wijkcalc", fuzzy=False)
        merge(template, catalog)
        write_catalog(catalog, args.lang)
        print(f"wrote {po_path(args.lang).relative_to(ROOT)}: translate it, then compile")
        return 0
    status = 0
    for lang in languages():
        catalog = read_catalog(lang)
        if args.command == "extract":
            added = merge(template, catalog, prune=args.prune)
            write_catalog(catalog, lang)
            print(f"{po_path(lang).relative_to(ROOT)}: {len(added)} new msgid(s)")
            for context, msgid in added:
                print(f"  {context + ' | ' if context else ''}{msgid}")
        else:
            found = problems(template, catalog)
            print(f"{po_path(lang).relative_to(ROOT)}: {len(found)} to do")
            for line in found:
                print(f"  {line}")
            status = status or (1 if found else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
