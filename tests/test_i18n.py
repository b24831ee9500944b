"""The translations: every msgid the source uses has its Dutch, the .mo matches the .po, say()."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from wijkcalc.render import i18n
from wijkcalc.render.i18n import class_name, say, say_in, say_plural, verdict_name

pytest.importorskip("babel")

TOOL_PATH = Path(__file__).resolve().parent.parent / "tools" / "i18n.py"
if not TOOL_PATH.is_file():  # an sdist ships the tests but not tools/
    pytest.skip("tools/i18n.py is not here", allow_module_level=True)
_spec = importlib.util.spec_from_file_location("wijkcalc_i18n_tool", TOOL_PATH)
assert _spec and _spec.loader
tool = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tool)

MORE_ROWS = ("… {n} more row; use --format csv or json to get all rows",
             "… {n} more rows; use --format csv or json to get them all")


@pytest.fixture(scope="module")
def template():
    return tool.extract()


@pytest.fixture(scope="module")
def dutch():
    return tool.read_catalog("nl")


def test_every_msgid_in_the_source_has_its_dutch(template, dutch) -> None:
    found = tool.problems(template, dutch)
    assert not found, (
        f"{len(found)} msgid(s) need a Dutch translation in "
        f"{tool.po_path('nl').relative_to(tool.ROOT)} (run `python tools/i18n.py extract`, "
        "fill in the msgstr, then `python tools/i18n.py compile`):\n  " + "\n  ".join(found))


def test_the_extraction_sees_the_views(template) -> None:
    """A guard for the test above: it must find msgids in the files that use say()."""
    files = {file for message in template for file, _ in message.locations}
    assert "src/wijkcalc/render/terminal.py" in files
    assert "src/wijkcalc/render/i18n.py" in files  # the class and verdict names
    ids = {tool.key_of(message) for message in template}
    assert (None, "Totals per class") in ids
    assert (None, MORE_ROWS[0]) in ids
    assert ("class", "gray zone") in ids and ("verdict", "falls short") in ids
    # the --help texts: options' help=, the commands' docstrings by paragraph, the frame's words
    assert "src/wijkcalc/cli/options.py" in files and "src/wijkcalc/cli/rows.py" in files
    assert (None, "Only this year.") in ids and (None, "Examples:") in ids
    assert (None, "Show this message and exit.") in ids and ("help", "Usage:") in ids
    assert not any(msgid.startswith("wijkcalc ") for _, msgid in ids)  # examples stay as they are


def test_a_module_with_its_own_say_is_left_out(tmp_path, monkeypatch) -> None:
    package = tmp_path / "src" / "wijkcalc"
    (package / "render").mkdir(parents=True)
    (package / "render" / "i18n.py").write_text("def say(lang, message, /, **values): ...\n")
    (package / "render" / "old.py").write_text("def say(lang, key):\n    return key\n")
    (package / "render" / "uses_old.py").write_text("from .old import say\n")
    (package / "render" / "new.py").write_text("from .i18n import say\n")
    (package / "cli.py").write_text("from .render.new import say\n"
                                    "from wijkcalc.render.i18n import say_plural\n")
    monkeypatch.setattr(tool, "PACKAGE", package)
    monkeypatch.setattr(tool, "I18N", package / "render" / "i18n.py")
    assert not tool.own_say(package / "render" / "old.py")
    assert not tool.own_say(package / "render" / "uses_old.py")
    assert tool.own_say(package / "render" / "new.py")
    assert tool.own_say(package / "cli.py")


def test_the_dutch_keeps_every_field(dutch) -> None:
    """Over the whole catalog, used in the source yet or not: the same {fields} as the English."""
    wrong = []
    for message in dutch:
        if not message.id or not message.string:
            continue
        english = list(message.id) if isinstance(message.id, tuple) else [message.id]
        forms = list(message.string) if isinstance(message.string, tuple) else [message.string]
        allowed = set().union(*map(tool.fields, english))
        if tool.fields(forms[-1]) != tool.fields(english[-1]) or not all(
                tool.fields(form) <= allowed for form in forms):
            wrong.append(english[0])
    assert not wrong


def test_the_committed_mo_is_compiled_from_the_po(dutch) -> None:
    def messages(catalog) -> dict:
        found = {}
        for m in catalog:
            text = tuple(m.string) if isinstance(m.string, list | tuple) else m.string
            if m.id and text and (not isinstance(text, tuple) or all(text)) and not m.fuzzy:
                found[m.context, tuple(m.id) if isinstance(m.id, list) else m.id] = text
        return found

    compiled = tool.compiled("nl")
    assert messages(compiled) == messages(dutch), (
        "the .mo is stale: run `python tools/i18n.py compile` and commit the .mo")
    assert compiled.plural_forms == "nplurals=2; plural=(n != 1);"


def test_say_translates_and_fills_in_the_fields() -> None:
    assert say("nl", "Totals per class") == "Totalen per klasse"
    assert say("en", "Totals per class") == "Totals per class"
    assert say("nl", "No rows for {year}: {names}", year=2024, names="A, B") == (
        "Geen rijen voor 2024: A, B")
    assert say("en", "No rows for {year}: {names}", year=2024, names="A, B") == (
        "No rows for 2024: A, B")


def test_say_falls_back_to_the_english() -> None:
    assert say("nl", "Not in any catalog {x}", x=1) == "Not in any catalog 1"
    assert say("de", "Totals per class") == "Totals per class"  # no German catalog
    assert say("nl", "{braces} stay as they are") == "{braces} stay as they are"  # no values


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("en", 1, "… 1 more row; use --format csv or json to get all rows"),
    ("en", 3, "… 3 more rows; use --format csv or json to get them all"),
    ("nl", 1, "… nog 1 rij; gebruik --format csv of json voor alle rijen"),
    ("nl", 3, "… nog 3 rijen; gebruik --format csv of json voor alle rijen"),
    ("nl", 0, "… nog 0 rijen; gebruik --format csv of json voor alle rijen"),
])
def test_say_plural_picks_the_form(lang: str, n: int, expected: str) -> None:
    assert say_plural(lang, *MORE_ROWS, n) == expected


def test_say_plural_falls_back_to_the_english() -> None:
    assert say_plural("nl", "{n} thing {x}", "{n} things {x}", 1, x="a") == "1 thing a"
    assert say_plural("nl", "{n} thing {x}", "{n} things {x}", 2, x="a") == "2 things a"


def test_class_and_verdict_names() -> None:
    assert [class_name("nl", c) for c in i18n.CLASS_MSGIDS] == [
        "markt", "publiek", "grijs gebied", "niet ingedeeld", "uitgesloten", "kosten"]
    assert [class_name("en", c) for c in i18n.CLASS_MSGIDS] == [
        "market", "public", "gray zone", "unclassified", "excluded", "cost"]
    assert [verdict_name("nl", v) for v in i18n.VERDICT_MSGIDS] == [
        "voldoet", "grijs gebied", "voldoet niet"]
    assert [verdict_name("en", v) for v in i18n.VERDICT_MSGIDS] == [
        "meets", "gray zone", "falls short"]
    assert class_name("nl", "something-else") == "something-else"
    assert verdict_name("nl", "something-else") == "something-else"
    assert say_in("nl", "class", "market") == "markt"


def test_importing_i18n_imports_no_babel_and_no_pandas() -> None:
    probe = ("import sys, wijkcalc.render.i18n\n"
             "print(sorted(m for m in ('babel', 'pandas') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_coverage_check_catches_what_it_is_for() -> None:
    """A guard for test_every_msgid_in_the_source_has_its_dutch: a missing, an empty, a fuzzy
    and an unchanged translation are each found; a word of the saved list may stay as it is."""
    from babel.messages.catalog import Catalog

    template = Catalog(domain="wijkcalc")
    for msgid in ("Missing here", "Left empty", "Still fuzzy", "Not translated", "HHI",
                  "Translated {n}"):
        template.add(msgid, None, [("src/wijkcalc/render/x.py", 1)])
    template.add(("{n} row", "{n} rows"), None, [("src/wijkcalc/render/x.py", 2)])
    catalog = Catalog(locale="nl", domain="wijkcalc")
    catalog.add("Left empty", "")
    catalog.add("Still fuzzy", "Nog vaag", flags=["fuzzy"])
    catalog.add("Not translated", "Not translated")
    catalog.add("HHI", "HHI")  # in SAME_IN_BOTH: the same in both languages
    catalog.add("Translated {n}", "Vertaald {m}")
    catalog.add(("{n} row", "{n} rows"), ("{n} rij", "{n} rows"))  # one form still English
    found = tool.problems(template, catalog)
    kinds = {line.split(":")[0] + " " + line.split("msgid ")[1].split(" (")[0] for line in found}
    assert kinds == {"missing 'Missing here'", "untranslated 'Left empty'",
                     "fuzzy 'Still fuzzy'", "same as the English 'Not translated'",
                     "other {fields} than the English 'Translated {n}'",
                     "same as the English '{n} row'"}
    assert "HHI" in tool.SAME_IN_BOTH and len(tool.SAME_IN_BOTH) <= 12  # a short, saved list


def test_classifys_csv_gives_the_reason_in_the_readers_language_and_json_in_english() -> None:
    """The CSV is read by people (in Excel: --excel): its reason column follows --lang. The
    JSON is for programs: its reasons stay the English text, as its keys and rule ids do."""
    import csv
    import io
    import json

    from typer.testing import CliRunner

    from wijkcalc.cli import app
    from wijkcalc.rules import load_rules

    example = Path(__file__).resolve().parents[1] / "data" / "buurthuis-de-linde.csv"
    rules = load_rules(None)
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "LANG": "en_US.UTF-8"})

    def reasons(*args: str) -> dict[str, str]:
        result = runner.invoke(app, ["classify", str(example), "--explain", *args])
        assert result.exit_code == 0, result.output
        if "json" in args:
            rows = json.loads(result.stdout)["rows"]
        else:
            rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")),
                                       delimiter=";" if "--excel" in args else ","))
        return {row["rule"]: row["reason"] for row in rows}

    dutch, english = reasons("-f", "csv", "--lang", "nl"), reasons("-f", "csv", "--lang", "en")
    assert dutch.keys() == english.keys() and "earned" in dutch
    for rule_id in dutch:
        assert dutch[rule_id] == rules.reason(rule_id, "nl", partial(say, "nl"))
        assert english[rule_id] == rules.reason(rule_id, "en")
        assert dutch[rule_id] != english[rule_id]
    assert reasons("--excel", "--lang", "nl") == dutch
    assert reasons("-f", "json", "--lang", "nl") == english
