"""The hand-written number formats agree with CLDR (Babel's data) in Dutch and English."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkcalc.render.numbers import money, number, percent, threshold_percent

babel_numbers = pytest.importorskip("babel.numbers")
LOCALES = {"nl": "nl_NL", "en": "en_US"}
NBSP = "\xa0"


def cldr_money(cents: int, lang: str) -> str:
    text = babel_numbers.format_currency(Decimal(cents) / 100, "EUR", locale=LOCALES[lang])
    return text.replace(NBSP, " ")  # the one chosen difference: a plain space after €


@given(st.integers(min_value=-10**13, max_value=10**13))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_money_is_written_as_cldr_writes_euros(lang: str, cents: int) -> None:
    assert money(cents, lang) == cldr_money(cents, lang)


@given(part=st.integers(min_value=0, max_value=10**9), whole=st.integers(min_value=1,
                                                                          max_value=10**9))
@pytest.mark.parametrize("digits", [0, 1])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_share_is_written_as_cldr_writes_percentages(lang: str, digits: int, part: int,
                                                       whole: int) -> None:
    share = part / whole  # as the views get them: a part of a total
    pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
    expected = babel_numbers.format_percent(Decimal(repr(share)), pattern,
                                            locale=LOCALES[lang])
    # Python rounds the float, CLDR its decimal text: they may part only on an exact tie
    if abs(share * 100 * 10**digits % 1 - 0.5) > 1e-6:
        assert percent(share, lang, digits) == expected


@given(st.floats(min_value=0, max_value=10**9, allow_nan=False))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_figure_is_written_as_cldr_writes_decimals(lang: str, value: float) -> None:
    expected = babel_numbers.format_decimal(Decimal(repr(value)), "#,##0.00",
                                            locale=LOCALES[lang])
    if abs(value * 100 % 1 - 0.5) > 1e-6:
        assert number(value, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (0.419, "nl", "41,9%"), (0.419, "en", "41.9%"), (1.0, "nl", "100,0%"),
    (-0.00001, "nl", "0,0%"), (None, "nl", "—"),
])
def test_percent_examples(value, lang, expected) -> None:
    assert percent(value, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (0.45, "nl", "0,45"), (0.45, "en", "0.45"), (1234.5, "nl", "1.234,50"), (None, "en", "—"),
])
def test_number_examples(value, lang, expected) -> None:
    assert number(value, lang) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [
    (0.75, "nl", "75%"), (0.625, "nl", "62,5%"), (0.625, "en", "62.5%"), (0.57, "en", "57%"),
])
def test_a_threshold_is_written_as_it_was_set(value, lang, expected) -> None:
    assert threshold_percent(value, lang) == expected


def test_money_examples() -> None:
    assert money(6605125, "nl") == "€ 66.051,25"
    assert money(-5, "nl") == "€ -0,05" and money(-5, "en") == "-€0.05"
