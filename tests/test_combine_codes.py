"""rules.classifier's keys of code combinations: combine_codes gives the codes the pairwise
refactorisation gave (the distinct combinations in the order they first appear), also where
packing would overflow int64; _distinct_rows is np.unique's first rows and inverse."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from wijkcalc.rules.classifier import _distinct_rows, combine_codes


def pairwise(columns: list[np.ndarray]) -> np.ndarray:
    """The former combine_codes, kept as the oracle: one factorize per column."""
    key = columns[0]
    for codes in columns[1:]:
        width = int(codes.max()) + 2 if len(codes) else 1
        key = pd.factorize(key * width + (codes + 1))[0].astype("int64")
    return key


@given(st.integers(0, 30), st.lists(st.sampled_from([3, 50, 2**40]), min_size=1, max_size=6),
       st.data())
def test_combine_codes_is_the_pairwise_refactorisation(rows, highs, data):
    # codes up to 2**40 in several columns: their packed product passes 2**62
    columns = [np.array(data.draw(st.lists(st.integers(-1, high), min_size=rows,
                                           max_size=rows)), dtype=np.int64) for high in highs]
    key = combine_codes(columns)
    assert key.tolist() == pairwise(columns).tolist()
    first, inverse = _distinct_rows(key)
    _, expected_first, expected_inverse = np.unique(key, return_index=True, return_inverse=True)
    assert first.tolist() == expected_first.tolist()
    assert inverse.tolist() == expected_inverse.ravel().tolist()


@given(st.lists(st.integers(-3, 5), max_size=30))
def test_distinct_rows_of_any_key_are_np_uniques(values):
    key = np.array(values, dtype=np.int64)
    first, inverse = _distinct_rows(key)
    _, expected_first, expected_inverse = np.unique(key, return_index=True, return_inverse=True)
    assert first.tolist() == expected_first.tolist()
    assert inverse.tolist() == expected_inverse.ravel().tolist()
