"""Amounts as people write them -> exact integer cents (DESIGN §2), and cents -> text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkcalc.errors import InputError
from wijkcalc.money import (
    AmountError,
    cents_to_str,
    cents_to_str_array,
    parse_amounts,
)
from wijkcalc.render.numbers import money


def parse(*values: object) -> list[int]:
    cents = parse_amounts(pd.Series(list(values), dtype=object))
    assert cents.dtype == np.int64
    return [int(c) for c in cents]


def parse_error(*values: object) -> AmountError:
    with pytest.raises(AmountError) as caught:
        parse(*values)
    return caught.value


# ---------------------------------------------------------------- the forms of DESIGN §2

@pytest.mark.parametrize(("text", "cents"), [
    ("1234.56", 123456),
    ("1.234,56", 123456),
    ("€ 1.234,56", 123456),
    ("-12,50", -1250),
    ("+3406,04", 340604),
    ("1,234.56", 123456),
    ("1234", 123400),
    # the same forms with small variations people type
    ("€1.234,56", 123456),
    ("€ -12,50", -1250),
    ("-€ 12,50", -1250),
    ("12,50 EUR", 1250),
    ("EUR 12,50", 1250),
    ("1 234,56", 123456),
    ("1\u00a0234,56", 123456),  # no-break space, as Excel writes a thousands space
    ("  850,00 ", 85000),
    ("12,5", 1250),
    ("12.5", 1250),
    ("1.234,5", 123450),
    ("1.234.567", 123456700),
    ("1.234.567,89", 123456789),
    ("1,234,567.89", 123456789),
    ("1'234.50", 123450),
    ("-0,01", -1),
    ("+0.01", 1),
    ("0", 0),
])
def test_each_written_form_parses_to_exact_cents(text: str, cents: int) -> None:
    assert parse(text) == [cents]


def test_a_column_may_mix_the_forms() -> None:
    assert parse("1234.56", "1.234,56", "€ 1.234,56", "-12,50", "+3406,04", "1,234.56",
                 "1234") == [123456, 123456, 123456, -1250, 340604, 123456, 123400]


def test_large_amounts_stay_exact_to_the_cent() -> None:
    # beyond what a float32 or a naive float sum keeps; 13 digits of euros is the limit
    assert parse("9.999.999.999.999,99", "1234567890123.45", "-9999999999999.99") == [
        999_999_999_999_999, 123_456_789_012_345, -999_999_999_999_999]


def test_fourteen_digits_of_euros_is_too_large() -> None:
    error = parse_error("99999999999999")
    assert error.message == ("amount '99999999999999' is too large; expected at most 13 digits "
                             "of euros")


# ---------------------------------------------------------------- Excel numeric cells

def test_excel_numeric_cells_parse_exactly() -> None:
    assert parse(1234.56, 12, 0.1, -12.5, 3406.04, 0, 1650) == [
        123456, 1200, 10, -1250, 340604, 0, 165000]


def test_excel_numbers_and_text_in_one_column() -> None:
    assert parse(1234.56, "1.234,56", 12, "€ 7,50") == [123456, 123456, 1200, 750]


def test_excel_number_with_more_than_two_decimals_is_an_error() -> None:
    error = parse_error(10, 12.345)
    assert error.position == 1
    assert "12.345" in error.message
    assert "more than two decimals" in error.message


@pytest.mark.parametrize("empty", [None, float("nan")])
def test_empty_excel_cell_is_an_empty_amount(empty: object) -> None:
    error = parse_error(10.0, empty)
    assert error.position == 1
    assert error.message.startswith("amount is empty; expected a number")


def test_boolean_cell_is_not_an_amount() -> None:
    error = parse_error(True)
    assert error.message.startswith("amount True is not a number")


# ---------------------------------------------------------------- ambiguity

@pytest.mark.parametrize("text", ["1.234", "1,234", "12.345", "999,000"])
def test_three_digits_after_a_single_mark_alone_is_ambiguous(text: str) -> None:
    error = parse_error(text)
    assert error.position == 0
    assert error.message.startswith(f"amount {text!r} is ambiguous")
    assert "1.234,00 or 1,234.00" in error.message  # says what to write instead


def test_ambiguity_is_an_error_also_among_plain_integers() -> None:
    error = parse_error("10", "1.234", "5000")
    assert error.position == 1
    assert "'1.234' is ambiguous" in error.message


@pytest.mark.parametrize(("column", "cents"), [
    # a decimal comma elsewhere in the column: the point groups thousands
    (["1.234", "12,50"], [123400, 1250]),
    (["1.234", "5.678,90"], [123400, 567890]),
    # a decimal point elsewhere: the comma groups thousands
    (["1,234", "12.5"], [123400, 1250]),
    (["1,234", "1,234.56"], [123400, 123456]),
    (["12.345", "1,5"], [1234500, 150]),
])
def test_other_amounts_in_the_column_resolve_the_ambiguity(column: list[str],
                                                           cents: list[int]) -> None:
    assert parse(*column) == cents


@pytest.mark.parametrize("column", [["1.234", "12.50"], ["1,234", "12,50"],
                                    ["1,234", "1.234,56"]])
def test_a_column_whose_decimal_mark_is_that_mark_makes_it_three_decimals(
        column: list[str]) -> None:
    error = parse_error(*column)
    assert error.position == 0
    assert error.message.startswith(f"amount {column[0]!r} has more than two decimals")


# ---------------------------------------------------------------- errors

@pytest.mark.parametrize("text", ["12,345", "1.2345", "1,2345", "0,123", "12.3456"])
def test_more_than_two_decimals_is_an_error(text: str) -> None:
    error = parse_error("10,00", text)
    assert error.position == 1
    assert error.message == (f"amount {text!r} has more than two decimals; expected whole "
                             "cents, such as 12,35")


@pytest.mark.parametrize("text", ["abc", "twaalf euro", "12-", "(12,50)", "1e5", "1,23,4",
                                  "€", "12,50,00", "n.v.t."])
def test_non_numbers_are_errors_naming_the_value(text: str) -> None:
    error = parse_error("1,00", "2,00", text)
    assert error.position == 2
    assert error.message == (f"amount {text!r} is not a number; expected a number such as "
                             "1234,56 or € 1.234,56 or -12.50")


@pytest.mark.parametrize("text", ["", "   ", "\u00a0"])
def test_empty_amount_is_an_error(text: str) -> None:
    error = parse_error("1,00", text)
    assert error.position == 1
    assert error.message == ("amount is empty; expected a number such as 1234,56 or "
                             "€ 1.234,56 or -12.50")


def test_amount_errors_belong_to_the_one_exception_family() -> None:
    assert isinstance(parse_error("x"), InputError)


def test_the_first_bad_amount_is_reported() -> None:
    error = parse_error("1,00", "abc", "def")
    assert error.position == 1
    assert "'abc'" in error.message


def test_empty_column_gives_no_cents() -> None:
    assert parse() == []


# ---------------------------------------------------------------- exactness, any amount

# Every whole number of cents up to 13 digits of euros, written the ways people write it.
_CENTS = st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1)


def _written(cents: int) -> list[str]:
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    grouped = f"{whole:,}"
    return [
        f"{sign}{whole}.{part:02d}",  # 1234.56
        f"{sign}{whole},{part:02d}",  # 1234,56
        f"{sign}{grouped.replace(',', '.')},{part:02d}",  # 1.234,56
        f"{sign}{grouped}.{part:02d}",  # 1,234.56
        f"€ {sign}{grouped.replace(',', '.')},{part:02d}",  # € 1.234,56
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(_CENTS, min_size=1, max_size=20))
def test_any_amount_in_any_written_form_round_trips_exactly(cents: list[int]) -> None:
    texts = [text for c in cents for text in _written(c)]
    expected = [c for c in cents for _ in range(5)]
    assert parse(*texts) == expected
    assert [int(c) for c in parse(*(cents_to_str(c) for c in cents))] == cents


# ---------------------------------------------------------------- cents -> text

@pytest.mark.parametrize(("cents", "text"), [
    (123456, "1234.56"), (-1250, "-12.50"), (0, "0.00"), (-5, "-0.05"), (7, "0.07"),
    (999_999_999_999_999, "9999999999999.99"),
])
def test_cents_to_str_is_a_plain_two_decimal_string(cents: int, text: str) -> None:
    assert cents_to_str(cents) == text
    assert list(cents_to_str_array(np.array([cents]))) == [text]


def test_cents_to_str_array_matches_cents_to_str() -> None:
    cents = np.array([0, 1, -1, 99, -100, 123456, -999_999_999_999_999], dtype=np.int64)
    assert list(cents_to_str_array(cents)) == [cents_to_str(int(c)) for c in cents]


@pytest.mark.parametrize(("cents", "lang", "text"), [
    (123456, "nl", "€ 1.234,56"),
    (123456, "en", "€1,234.56"),
    (-1250, "nl", "€ -12,50"),
    (-1250, "en", "-€12.50"),
    (123456789, "nl", "€ 1.234.567,89"),
    (0, "en", "€0.00"),
])
def test_format_money_per_language(cents: int, lang: str, text: str) -> None:
    assert money(cents, lang) == text


def test_excel_formula_noise_reads_as_the_cents_excel_shows() -> None:
    # =0.1+0.2 in a cell is stored as 0.30000000000000004; Excel shows 0,30
    cells = pd.Series([0.1 + 0.2, 1234.56 + 0.01, 3], dtype=object)
    assert parse_amounts(cells).tolist() == [30, 123457, 300]


def test_excel_cell_with_more_than_two_decimals_is_still_refused() -> None:
    with pytest.raises(AmountError, match="more than two decimals"):
        parse_amounts(pd.Series([12.345], dtype=object))


def test_csv_numbers_with_float_noise_are_not_rounded_away() -> None:
    # a text file's number is what was typed: a float column gets no 15-digit leniency
    with pytest.raises(AmountError):
        parse_amounts(pd.Series([0.30000000000000004]))


# ---------------------------------------------------------------- issue 10, defect 10

@pytest.mark.parametrize("text", ["12 50", "12€50", "1 23 4", "1234 567", "12 50,00",
                                  "1 2345", "12,50 € 3", "€12 €", "1.234 567"])
def test_a_space_or_euro_sign_inside_an_amount_is_an_error(text: str) -> None:
    error = parse_error("1,00", text)
    assert error.position == 1
    assert repr(text) in error.message


@pytest.mark.parametrize(("text", "cents"), [
    ("1 234", 123400), ("12 345 678,90", 1234567890), ("1\u202f234,56", 123456),
    ("-1 234,50", -123450), ("12,50 €", 1250), ("12,50€", 1250), ("€ 1 234,56", 123456),
    ("- 12,50", -1250),
])
def test_a_space_groups_thousands_and_the_euro_sign_stands_at_either_end(text: str,
                                                                         cents: int) -> None:
    assert parse("1,00", text) == [100, cents]


def test_a_long_run_of_spaces_in_an_amount_cell_is_refused_not_backtracked_over() -> None:
    # the currency-and-sign pattern backtracked in cubic time over a run of spaces: 4,000
    # took two minutes; a text longer than any amount is now refused without matching
    import pandas as pd

    from wijkcalc.money import AmountError, parse_amounts

    with pytest.raises(AmountError) as caught:
        parse_amounts(pd.Series(["3,00", "1" + " " * 20_000 + "x"]))
    assert caught.value.position == 1
    assert parse_amounts(pd.Series([" " * 20_000 + "€ 12,50" + " " * 9_000, "3,00"])
                         ).tolist() == [1250, 300]
