"""click's own parse errors (a missing FILE, an unknown option, a bad value) in the reader's
language: Dutch with --lang nl wherever it stands (or a Dutch locale), word for word as before
in English, exit 2 either way."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner, Result

from wijkcalc.cli import app
from wijkcalc.cli.usage_errors import said, scan_language

FILE = "data/buurthuis-de-linde.csv"
ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "", "LC_MESSAGES": "",
       "LANGUAGE": "", "WIJKCALC_LANG": "", "LANG": "en_US.UTF-8"}
DUTCH_LOCALE = {"LANG": "nl_NL.UTF-8"}

# English words of click's and Typer's messages and frame that Dutch never uses (quoted names,
# --options and paths are taken out of the text first)
ENGLISH = frozenset({
    "usage", "try", "help", "for", "error", "missing", "no", "such", "option", "options",
    "invalid", "value", "possible", "command", "requires", "input", "should", "valid", "integer",
    "not", "one", "of", "got", "unexpected", "extra", "arguments", "did", "you", "mean",
    "greater", "than", "or", "equal", "to", "an"})  # "argument" and "is" are Dutch words too


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner(env={**ENV, **(env or {})}).invoke(app, list(args))


def words(text: str) -> set[str]:
    text = re.sub(r"'[^']*'|--?[a-z-]+|\S*/\S*", " ", text)
    return {word.lower() for word in re.findall(r"[A-Za-z]+", text)}


# (the command line, a fragment of the Dutch message, the English message as click says it)
CASES = [
    (["report"], "Argument 'BESTAND' ontbreekt.", "Missing argument 'FILE'."),
    (["report", FILE, "--bogus"], "Onbekende optie: --bogus", "No such option: --bogus"),
    (["report", FILE, "--for"], "Onbekende optie: --for (bedoelt u --format, --source?)",
     "No such option: --for (Possible options: --format, --source)"),
    (["report", FILE, "--year", "abc"], "Ongeldige waarde voor '--year': geen geheel getal",
     "Invalid value for '--year': Input should be a valid integer"),
    (["report", FILE, "--format", "xx"],
     "Ongeldige waarde voor '--format' / '-f': 'xx' is geen keuze; kies uit 'text', 'json', "
     "'markdown'.",
     "Invalid value for '--format' / '-f': Value error, 'xx' is not one of 'text', 'json', "
     "'markdown'."),
    (["classify", FILE, "--limit", "0"], "Ongeldige waarde voor '--limit': ten minste 1",
     "Invalid value for '--limit': Input should be greater than or equal to 1"),
    (["report", FILE, "--year"], "Optie '--year' vraagt een waarde.",
     "Option '--year' requires an argument."),
    (["bogus"], "Onbekende opdracht 'bogus'.", "No such command 'bogus'."),
    (["reprt"], "Onbekende opdracht 'reprt'. Bedoelt u 'report'?",
     "No such command 'reprt'. Did you mean 'report'?"),
    (["rules", "-z"], "Onbekende optie: -z", "No such option: -z"),
]


@pytest.mark.parametrize(("args", "dutch", "english"), CASES, ids=[" ".join(c[0]) for c in CASES])
@pytest.mark.parametrize("where", ["root", "command", "last"])
def test_a_parse_error_is_dutch_with_lang_nl(args: list[str], dutch: str, english: str,
                                             where: str) -> None:
    lang = ["--lang", "nl"]
    given = {"root": [*lang, *args], "command": [*args[:1], *lang, *args[1:]],
             "last": [*args, *lang]}[where]
    if where == "last" and args[-1] == "--year":
        pytest.skip("--lang after --year is --year's value")
    if where != "root" and args[0] in ("bogus", "reprt"):
        pytest.skip("no command to give --lang to")
    result = run(*given)
    assert result.exit_code == 2, result.output
    shown = " ".join(result.stderr.split())
    assert dutch in shown, shown
    assert not words(shown) & ENGLISH, (words(shown) & ENGLISH, shown)
    assert "Fout" in shown and "Traceback" not in result.output


@pytest.mark.parametrize(("args", "dutch", "english"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_parse_error_is_dutch_in_a_dutch_locale(args: list[str], dutch: str,
                                                  english: str) -> None:
    result = run(*args, env=DUTCH_LOCALE)
    assert result.exit_code == 2, result.output
    shown = " ".join(result.stderr.split())
    assert dutch in shown and not words(shown) & ENGLISH, shown


@pytest.mark.parametrize(("args", "dutch", "english"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_a_parse_error_is_as_ever_in_english(args: list[str], dutch: str, english: str) -> None:
    for given, env in ((args, None), ([*args[:1], "--lang", "en", *args[1:]], DUTCH_LOCALE)):
        if args[-1] == "--year" and env:
            given = ["--lang", "en", *args]
        result = run(*given, env=env)
        assert result.exit_code == 2, result.output
        shown = " ".join(result.stderr.split())
        assert english in shown, shown
        assert "Error" in shown and "Fout" not in shown


def test_the_frame_around_the_message_is_dutch() -> None:
    lines = run("--lang", "nl", "report").stderr.splitlines()
    assert lines[0] == "Gebruik: wijkcalc report [OPTIES] BESTAND..."
    assert lines[1] == "Typ 'wijkcalc report -h' voor hulp."
    assert "─ Fout ─" in lines[2]
    english = run("report").stderr.splitlines()
    assert english[:2] == ["Usage: wijkcalc report [OPTIONS] FILE...",
                           "Try 'wijkcalc report -h' for help."]
    assert "─ Error ─" in english[2]


def test_one_process_says_each_error_in_its_own_language() -> None:
    """The frame's words are module settings of Typer: set anew for every error."""
    for lang, word in (("nl", "Fout"), ("en", "Error"), ("nl", "Fout")):
        assert word in run("report", "--lang", lang, "--bogus").stderr


def test_lang_of_wijkcalc_itself_is_every_commands() -> None:
    report = run("--lang", "nl", "report", FILE)
    assert report.exit_code == 0, report.output
    assert "Waar het geld vandaan komt" in report.stdout
    helped = run("--lang", "nl", "report", "--help")
    assert helped.exit_code == 0 and "Gebruik: wijkcalc report" in helped.stdout
    error = run("--lang", "nl", "report", "geen-bestand.csv")
    assert error.exit_code == 2 and error.stderr.startswith("wijkcalc: fout: ")
    # the command's own --lang goes first
    own = run("--lang", "nl", "report", FILE, "--lang", "en")
    assert "Where the money comes from" in own.stdout


def test_lang_after_help_is_heard_too() -> None:
    result = run("report", "--help", "--lang", "nl")
    assert result.exit_code == 0 and "Gebruik: wijkcalc report" in result.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["report", "x.csv", "--lang", "nl"], "nl"), (["--lang=nl", "report"], "nl"),
    (["--lang", "nl", "report", "--lang", "en"], "en"), (["--lang", "xx"], None),
    (["--lang"], None), (["report", "--", "--lang", "nl"], None), ([], None),
])
def test_scan_language(args: list[str], expected: str | None) -> None:
    assert scan_language(args) == expected


def test_a_message_no_pattern_knows_is_shown_as_it_came() -> None:
    assert said("Something click may say one day.", "nl") == "Something click may say one day."
    assert said("No such option: --x", "en") == "No such option: --x"
    # an unknown reason keeps the Dutch frame
    assert said("Invalid value for '--x': Some new reason", "nl") == (
        "Ongeldige waarde voor '--x': Some new reason")
