"""`wijkcalc explain TERM`: the report's terms in plain words, in both languages (issue 15)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from wijkcalc.cli import app
from wijkcalc.render import glossary


def run(*args: str):
    return CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"}).invoke(app, ["explain", *args])


@pytest.mark.parametrize(("asked", "key"), [
    ("hhi", "hhi"), ("Herfindahl", "hhi"), ("grijze zone", "gray-zone"), ("gray", "gray-zone"),
    ("strikt", "strict-and-broad"), ("broad", "strict-and-broad"), ("lsa", "standards"),
    ("semark", "standards"), ("kwartiel", "quartiles"), ("mediaan", "quartiles"),
    ("effectief", "effective-funders"), ("shift", "gap"),
])
def test_a_term_is_found_in_either_language(asked: str, key: str) -> None:
    assert [term.key for term in glossary.find(asked)] == [key]


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_term_is_explained(lang: str) -> None:
    result = run("--lang", lang)
    assert result.exit_code == 0, result.output
    for term in glossary.TERMS:
        title, text = glossary.explained(term, lang)
        assert title in result.stdout
        assert text.split()[0] in result.stdout


def test_the_dutch_is_dutch() -> None:
    for term in glossary.TERMS:
        assert glossary.explained(term, "nl")[1] != glossary.explained(term, "en")[1]


def test_an_unknown_term_lists_the_known_ones() -> None:
    result = run("xyz")
    assert result.exit_code == 2
    assert "no term 'xyz'; the terms are: strict-and-broad, gray-zone" in result.output


def test_an_unknown_term_lists_the_known_ones_in_dutch_that_each_name_their_term() -> None:
    result = run("xyz", "--lang", "nl")
    assert result.exit_code == 2
    assert "geen term 'xyz'; de termen zijn: strikt en ruim marktaandeel, grijs gebied" \
        in result.output
    listed = result.output.split("de termen zijn: ", 1)[1].split(", ")
    assert [glossary.find(name.strip()) for name in listed] == [[t] for t in glossary.TERMS]
