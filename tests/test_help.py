"""--help reads as prose for people (issue 15): no type tags, whole sentences, brackets kept, and
in Dutch for a Dutch reader (the locale, WIJKCALC_LANG, or the Windows display language)."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from wijkcalc.cli import app
from wijkcalc.cli.helptext import help_paragraphs
from wijkcalc.render import i18n

ROOT_COMMAND = typer.main.get_command(app)
COMMANDS = sorted(c.name for c in ROOT_COMMAND.commands.values())
TYPE_TAG = re.compile(r"<(?:list\[|bool|int|str|path|float)[^>]*>|\[x[<>]=|\{\w+")
ENGLISH = {"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": "", "WIJKCALC_LANG": ""}
DUTCH_LOCALE = {**ENGLISH, "LANG": "nl_NL.UTF-8"}
DUTCH_BY_WIJKCALC_LANG = {**ENGLISH, "WIJKCALC_LANG": "nl"}


def help_of(args: list[str], width: int, language: dict[str, str] = ENGLISH) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb", **language}
    result = CliRunner(env=env).invoke(app, [*args, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("width", [60, 80, 100, 120])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_no_type_tags(command: str | None, width: int) -> None:
    shown = help_of([command] if command else [], width)
    assert not TYPE_TAG.search(shown), TYPE_TAG.search(shown)


def test_help_keeps_brackets_that_rich_would_eat() -> None:
    assert "pip install 'wijkcalc[charts]'" in re.sub(r"[│\s]+", " ", help_of(["compare"], 120))


def test_a_sentence_is_not_broken_where_the_source_line_ends() -> None:
    # the docstring breaks after "how far"; the help wraps at the screen's edge only
    shown = help_of(["report"], 120)
    assert "if not, how far off is it?" in shown


def test_the_first_hint_works_outside_the_checkout() -> None:
    shown = help_of([], 100)
    assert "wijkcalc demo" in shown and "data/" not in shown


def test_help_names_values_as_people_do() -> None:
    shown = help_of(["compare"], 120)
    assert "table|csv|json|markdown" in shown
    assert re.search(r"--year\s+N\s", shown)
    assert "FILE..." in shown


def test_shell_completion_is_offered() -> None:
    shown = help_of([], 100)
    assert "--install-completion" in shown and "--show-completion" in shown


# --- in Dutch ---------------------------------------------------------------------------------

# words of English that no Dutch help may show (as whole words: --show-names is an option)
ENGLISH_WORDS = re.compile(r"(?<![-\w])(?:the|and|with|of the|Usage|Options|Arguments|Commands|"
                           r"Examples|default|required|Show|FILE|TEXT)(?![-\w])")


def flat(shown: str) -> str:
    """The help's text without its frame: as one line, so a wrapped sentence is whole again."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", shown).split())


def english_prose(command: str | None) -> list[str]:
    """The prose the source gives this command's help: its own text, its options' texts and,
    for the root, the first paragraph of each command."""
    found = typer.main.get_command(app) if command is None else ROOT_COMMAND.commands[command]
    texts = [found.__dict__.get("_wijkcalc_source", {}).get("help", found.help)]
    texts += [param.__dict__.get("_wijkcalc_source", {}).get("help", getattr(param, "help", ""))
              for param in found.params]
    if command is None:
        texts += [help_paragraphs(c.__dict__.get("_wijkcalc_source", {}).get("help", c.help))[0][0]
                  for c in found.commands.values()]
    return [p for text in texts if text for p, prose in help_paragraphs(text) if prose]


@pytest.mark.parametrize("language", [DUTCH_LOCALE, DUTCH_BY_WIJKCALC_LANG],
                         ids=["LANG=nl_NL", "WIJKCALC_LANG=nl"])
@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_dutch_help_has_no_english_sentence(command: str | None, width: int,
                                            language: dict[str, str]) -> None:
    args = [command] if command else []
    english, dutch = flat(help_of(args, width)), flat(help_of(args, width, language))
    sentences = english_prose(command)
    assert len(sentences) >= 2
    for sentence in sentences:
        assert sentence.replace("  ", " ") in english  # the guard: the English help shows it
        assert sentence not in dutch
    assert not ENGLISH_WORDS.search(dutch), ENGLISH_WORDS.search(dutch)
    assert "Gebruik: wijkcalc" in dutch and "Opties" in dutch
    assert "Toon deze hulp en stop." in dutch


def test_dutch_help_keeps_what_one_types() -> None:
    shown = flat(help_of(["compare"], 120, DUTCH_LOCALE))
    assert "table|csv|json|markdown" in shown and "[standaard: table]" in shown
    assert "pip install 'wijkcalc[charts]'" in shown  # brackets kept in Dutch too
    assert "wijkcalc compare leden/ --year 2024 --save benchmark.html" in shown
    assert re.search(r"--output -o BESTAND ", shown) and "Gebruik: wijkcalc compare [OPTIES] " \
        "BESTAND..." in shown


def test_one_process_asked_in_both_languages_answers_in_each() -> None:
    assert "Opdrachten" in help_of([], 100, DUTCH_LOCALE)
    assert "Commands" in help_of([], 100) and "Opdrachten" not in help_of([], 100)
    assert "Rows shown on screen" in help_of(["classify"], 100)


@pytest.mark.parametrize(("env", "expected"), [
    ({"WIJKCALC_LANG": "nl"}, "nl"), ({"WIJKCALC_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
    ({"LC_ALL": "nl_BE.UTF-8", "LANG": "en_GB.UTF-8"}, "nl"), ({"LANG": "nl_NL"}, "nl"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"), ({}, "en"),
])
def test_the_language_follows_the_environment(monkeypatch, env, expected) -> None:
    for variable in ("WIJKCALC_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    assert i18n.default_language() == expected


class _Kernel32:
    def __init__(self, langid: int | None) -> None:
        self.langid = langid

    def GetUserDefaultUILanguage(self) -> int:  # the Windows API's name
        if self.langid is None:
            raise OSError("no answer")
        return self.langid


@pytest.mark.parametrize(("langid", "locale_name", "expected"), [
    (0x0413, (None, None), "nl"),  # Dutch (Netherlands)
    (0x0813, ("English_United States", "1252"), "nl"),  # Dutch (Belgium): the UI decides
    (0x0409, ("English_United States", "1252"), "en"),
    (None, ("Dutch_Netherlands", "1252"), "nl"),  # the API fails: the locale's name
    (None, (None, None), "en"),
])
def test_windows_says_its_language_without_the_environment(monkeypatch, langid, locale_name,
                                                           expected) -> None:
    import ctypes
    import locale
    import sys
    from types import SimpleNamespace

    for variable in ("WIJKCALC_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(kernel32=_Kernel32(langid)),
                        raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *args: locale_name)
    assert i18n.default_language() == expected


def test_on_posix_the_windows_guard_never_fails(monkeypatch) -> None:
    import locale

    for variable in ("WIJKCALC_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(locale, "getlocale", lambda *args: ("nl_NL", "UTF-8"))
    monkeypatch.setattr("sys.platform", "linux")
    assert i18n.default_language() == "en"  # POSIX: the environment said nothing, so English


@pytest.mark.parametrize("language", [ENGLISH, DUTCH_LOCALE], ids=["en", "nl"])
@pytest.mark.parametrize("command", COMMANDS)
def test_examples_stay_indented_below_the_text(command: str, language: dict[str, str]) -> None:
    """Typer dedents a help's paragraphs: an example must keep its indent all the same."""
    source = ROOT_COMMAND.commands[command].__dict__.get("_wijkcalc_source", {}).get(
        "help", ROOT_COMMAND.commands[command].help)
    examples = [line.strip() for p, prose in help_paragraphs(source) if not prose
                for line in p.splitlines()]
    shown = help_of([command], 120, language).splitlines()
    for example in examples:
        assert any(line.startswith("   " + example) for line in shown), example


@pytest.mark.parametrize(("args", "dutch"), [
    (["report", "--lang", "nl", "--help"], True), (["classify", "--lang", "en", "--help"], False),
])
def test_lang_before_help_chooses_the_helps_language(args: list[str], dutch: bool) -> None:
    environment = ENGLISH if dutch else DUTCH_LOCALE  # --lang says otherwise than the locale
    result = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1", **environment}).invoke(app, args)
    assert result.exit_code == 0, result.output
    assert ("Gebruik: wijkcalc" in result.output) is dutch
    assert ("Usage: wijkcalc" in result.output) is not dutch
