"""analysis.periods' sums per code without a sort: the same distinct codes and exact int64 sums
as numpy's unique and pandas' groupby-sum, dense or hashed, by float sums or np.add.at; and
pieces' sums merged on their index's codes, as a groupby over the index levels gives them;
and an index built from codes, as pandas builds it from the values."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from wijkcalc.analysis.periods import coded_index, distinct, grouped_sums, index_sums

CODES = st.lists(st.integers(0, 40), max_size=200)
# small values take bincount's float sums, large ones np.add.at (200 of 2**55 fit int64)
VALUES = st.one_of(st.integers(-10**9, 10**9), st.integers(-2**55, 2**55))


@given(codes=CODES, data=st.data(), spare=st.sampled_from([0, 1, 10**6]))
def test_grouped_sums_are_a_groupby_sum(codes, data, spare):
    values = data.draw(st.lists(VALUES, min_size=len(codes), max_size=len(codes)))
    codes, values = np.array(codes, dtype=np.int64), np.array(values, dtype=np.int64)
    size = int(codes.max(initial=-1)) + 1 + spare  # spare 10**6: the hashed way
    present, sums = grouped_sums(codes, values, size)
    expected = pd.Series(values).groupby(codes).sum()
    assert present.tolist() == expected.index.tolist()
    assert sums.dtype == np.int64
    exact = [sum(int(v) for v, c in zip(values.tolist(), codes.tolist(), strict=True)
                 if c == code) for code in present.tolist()]
    assert sums.tolist() == exact  # to the cent, summed as Python ints
    assert distinct(codes, size).tolist() == np.unique(codes).tolist()


def test_a_group_summing_to_nothing_is_still_a_group():
    present, sums = grouped_sums(np.array([3, 3, 1]), np.array([5, -5, 0]), 4)
    assert present.tolist() == [1, 3] and sums.tolist() == [0, 0]


NAMES = st.sampled_from(["de kroon", "Buurtbedrijf", "de esch", "ö", "", "z"])
KEYS = st.tuples(NAMES, st.sampled_from([2023, 2024, -1]), NAMES)


def _piece(keys: list[tuple[str, int, str]], values: list[int], levels: int) -> pd.Series:
    """A piece's sums as aggregate makes them: one row per distinct key, levels sorted."""
    index = pd.MultiIndex.from_tuples([key[:levels] for key in keys],
                                      names=["enterprise", "year", "payer"][:levels])
    frame = pd.Series(values, index=index, dtype=np.int64)
    return frame.groupby(level=list(range(levels))).sum()


def _with_unused(part: pd.Series) -> pd.Series:
    """The same sums on an index whose levels also hold a value no row has (as streams
    builds one, on every enterprise's name)."""
    index = part.index
    levels = [level.insert(len(level), _spare(level)) for level in index.levels]
    return part.set_axis(pd.MultiIndex(levels=levels, codes=index.codes, names=index.names))


def _spare(level: pd.Index) -> object:
    """A value the level does not hold, that sorts first."""
    return -10**6 if pd.api.types.is_integer_dtype(level) else " "


def _unsorted(part: pd.Series) -> pd.Series:
    """The same sums on an index whose levels are in reverse order (as streams builds one)."""
    index = part.index
    levels = [level[::-1] for level in index.levels]
    codes = [len(level) - 1 - np.asarray(code) for level, code in zip(index.levels, index.codes,
                                                                          strict=True)]
    return part.set_axis(pd.MultiIndex(levels=levels, codes=codes, names=index.names))


@given(pieces=st.lists(st.lists(st.tuples(KEYS, VALUES), max_size=12), min_size=1, max_size=4),
       levels=st.sampled_from([2, 3]), string=st.booleans(), columns=st.booleans(),
       unsorted=st.booleans(), unused=st.booleans())
def test_index_sums_are_the_groupby_over_the_levels(pieces, levels, string, columns, unsorted,
                                                    unused):
    parts = [_piece([key for key, _ in piece], [value for _, value in piece], levels)
             for piece in pieces]
    if unused:
        parts = [_with_unused(part) if len(part) else part for part in parts]
    if unsorted:
        parts = [_unsorted(part) for part in parts]
        assert all(part.tolist() == original.tolist() and part.index.equals(original.index)
                   for part, original in zip(parts, [_piece([k for k, _ in p], [v for _, v in p],
                                                            levels) for p in pieces],
                                             strict=True))
    if string:  # the string dtype pandas gives a piece's names
        parts = [part.set_axis(part.index.set_levels(part.index.levels[0].astype("string"),
                                                     level=0)) for part in parts]
    merged = pd.concat(parts)
    if columns:  # a frame of sums (class_sums), not a series
        merged = pd.DataFrame({"market": merged, "public": -merged})
    expected = merged.groupby(level=list(range(levels))).sum()
    found = index_sums(merged)
    check = pd.testing.assert_frame_equal if columns else pd.testing.assert_series_equal
    check(found, expected, check_exact=True)
    assert [level.tolist() for level in found.index.levels] == \
        [level.tolist() for level in expected.index.levels]


@given(names=st.lists(NAMES, min_size=1, max_size=6, unique=True),
       years=st.lists(st.sampled_from([2019, 2024, -1, 2022]), min_size=1, max_size=4,
                      unique=True), data=st.data())
def test_an_index_built_from_codes_is_the_one_built_from_values(names, years, data):
    rows = data.draw(st.integers(0, 30))
    name_codes = np.array(data.draw(st.lists(st.integers(0, len(names) - 1), min_size=rows,
                                             max_size=rows)), dtype=np.int64)
    year_codes = np.array(data.draw(st.lists(st.integers(0, len(years) - 1), min_size=rows,
                                             max_size=rows)), dtype=np.int64)
    values = np.array(names, dtype=object), np.array(years, dtype=np.int64)
    found = coded_index([(name_codes, values[0]), (year_codes, values[1])], ["enterprise", "year"])
    expected = pd.MultiIndex.from_arrays([values[0][name_codes], values[1][year_codes]],
                                         names=["enterprise", "year"])
    pd.testing.assert_index_equal(found, expected, exact=True)
    assert [level.tolist() for level in found.levels] == \
        [level.tolist() for level in expected.levels]
    assert [level.dtype for level in found.levels] == [level.dtype for level in expected.levels]
