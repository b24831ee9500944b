"""The periods of a classified frame: each row's (enterprise key, year) as one integer id."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..rules import codes_and_values
from ..vocab import name_key
from .years import NO_YEAR

Spellings = dict[str, dict[str, int]]  # name key -> {spelling as written: rows}
DENSE_SLACK = 1 << 16  # a dense array of this many codes beyond the rows' count is cheap


def _dense(codes: np.ndarray, size: int) -> bool:
    """Whether one slot per possible code (``size`` of them) is about as cheap as the rows."""
    return size <= 4 * len(codes) + DENSE_SLACK


def distinct(codes: np.ndarray, size: int) -> np.ndarray:
    """The distinct values of integer codes in 0..size-1, ascending, as np.unique gives them:
    counted per possible code instead of sorted when that is as cheap."""
    if not _dense(codes, size):
        return np.unique(codes)
    return np.flatnonzero(np.bincount(codes, minlength=size))


def grouped_sums(codes: np.ndarray, values: np.ndarray, size: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """The distinct codes (in 0..size-1, ascending) and the exact int64 sum of ``values`` for
    each, as a groupby-sum gives them (a group summing to 0 included): in one slot per possible
    code when that is as cheap, else grouped by pandas' hash table. No sort either way."""
    if not _dense(codes, size):
        summed = pd.Series(values).groupby(codes).sum()
        return summed.index.to_numpy(dtype=np.int64), summed.to_numpy(dtype=np.int64)
    present = np.flatnonzero(np.bincount(codes, minlength=size))
    return present, _dense_sums(codes, values, size)[present]


def _dense_sums(codes: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Exact int64 sums per code: bincount's float64 sums while every partial sum is proved
    an integer below 2**53 (the largest value times the count of values), which float64
    holds and adds exactly whatever the order; else np.add.at in int64."""
    values = values.astype(np.int64, copy=False)
    biggest = max(-int(values.min()), int(values.max())) if len(values) else 0
    if biggest * len(values) < 2 ** 53:
        return np.bincount(codes, weights=values, minlength=size).astype(np.int64)
    sums = np.zeros(size, dtype=np.int64)
    np.add.at(sums, codes, values)
    return sums


def spellings(keys: np.ndarray, values: np.ndarray, codes: np.ndarray) -> Spellings:
    """Per name key, how many rows wrote each spelling (counted on codes, per distinct value)."""
    rows = np.bincount(codes[codes >= 0], minlength=len(values)).tolist()
    found: Spellings = {}
    for key, value, count in zip(keys.tolist(), values.tolist(), rows, strict=True):
        if count:
            found.setdefault(key, {})[str(value)] = count
    return found


class Periods:
    """Each row's (enterprise key, year) as one integer id, and the index those ids stand for."""

    def __init__(self, classified: pd.DataFrame):
        codes, names = codes_and_values(classified["enterprise"])
        keys = np.array([name_key(n) for n in names], dtype=object)
        self.spellings = spellings(keys, names, codes)
        key_codes, key_values = pd.factorize(keys, use_na_sentinel=False)
        codes = key_codes[codes] if len(codes) else codes
        self.enterprise_codes = codes
        self.enterprise_names = np.asarray(key_values, dtype=object)
        years = classified["year"].astype("Int64").fillna(NO_YEAR).to_numpy(dtype=np.int64)
        year_codes, self.year_values = pd.factorize(years)
        self.ids = codes * len(self.year_values) + year_codes
        self.size = len(self.enterprise_names) * len(self.year_values)  # ids are below it

    def index(self, ids: np.ndarray, *more: tuple[np.ndarray, np.ndarray],
              names: tuple[str, ...] = ()) -> pd.MultiIndex:
        """The (enterprise, year, ...) index of period ids, and of each of ``more``'s (codes,
        values) level."""
        enterprise, year = np.divmod(ids, len(self.year_values))
        return coded_index([(enterprise, self.enterprise_names), (year, self.year_values),
                            *more], ["enterprise", "year", *names])

    def sums(self, cents: np.ndarray, rows: np.ndarray) -> pd.Series:
        """Cents of the rows selected, summed per period."""
        present, sums = grouped_sums(self.ids[rows], cents[rows], self.size)
        return pd.Series(sums, index=self.index(present))

    def class_sums(self, cents: np.ndarray, class_codes: np.ndarray, class_names: np.ndarray
                   ) -> pd.DataFrame:
        """Exact int64 sums per (period, class), on a dense matrix of the periods present."""
        periods = distinct(self.ids, self.size)
        width = len(class_names)
        cells, sums = grouped_sums(self.ids * width + class_codes, cents, self.size * width)
        by_class = np.zeros((len(periods), width), dtype=np.int64)
        by_class[np.searchsorted(periods, cells // width), cells % width] = sums
        classes_present = distinct(class_codes, width)
        return pd.DataFrame(by_class[:, classes_present], index=self.index(periods),
                            columns=[str(class_names[c]) for c in classes_present])


def coded_index(levels: list[tuple[np.ndarray, np.ndarray]], names: list[str]) -> pd.MultiIndex:
    """``pd.MultiIndex.from_arrays([values[codes] for codes, values in levels])``, built from
    the codes: each level's distinct values are sorted once instead of every row's value
    hashed again."""
    if not len(levels[0][0]):
        return pd.MultiIndex.from_arrays([np.asarray(values)[codes] for codes, values in levels],
                                         names=names)
    # the values used, then sorted (remove_unused_levels keeps them in the codes' order)
    coded = pd.MultiIndex(levels=[pd.Index(np.asarray(values)) for _, values in levels],
                          codes=[codes for codes, _ in levels], names=names,
                          verify_integrity=False).remove_unused_levels()
    found, positions = _sorted_levels(coded)
    return pd.MultiIndex(levels=found, codes=positions, names=names, verify_integrity=False)


def index_sums(summed: pd.Series | pd.DataFrame) -> pd.Series | pd.DataFrame:
    """``summed.groupby(level=[0, 1, ...]).sum()`` of int64 sums (pieces' sums concatenated),
    grouped on the index's own codes: the values of its levels are not hashed again, and the
    groups come out as groupby gives them, in the order of the level values."""
    if not len(summed) or any((codes < 0).any() for codes in summed.index.codes):
        return summed.groupby(level=list(range(summed.index.nlevels))).sum()
    # the values used (every group keeps its row), then sorted: remove_unused_levels keeps
    # them in the codes' order
    index = summed.index.remove_unused_levels()
    sizes = [len(level) for level in index.levels]
    if np.prod(sizes, dtype=np.float64) >= 2 ** 62:
        return summed.groupby(level=list(range(index.nlevels))).sum()
    levels, level_codes = _sorted_levels(index)
    key = np.zeros(len(summed), dtype=np.int64)
    for codes, size in zip(level_codes, sizes, strict=True):
        key = key * size + codes
    total = int(np.prod(sizes, dtype=np.int64))
    values = summed.to_numpy(dtype=np.int64).reshape(len(summed), -1)
    sums = [grouped_sums(key, values[:, column], total) for column in range(values.shape[1])]
    present = sums[0][0] if sums else distinct(key, total)
    codes = []
    for size in reversed(sizes):
        present, code = np.divmod(present, size)
        codes.append(code)
    grouped = pd.MultiIndex(levels=levels, codes=codes[::-1], names=index.names,
                            verify_integrity=False)
    if isinstance(summed, pd.Series):
        return pd.Series(sums[0][1], index=grouped, name=summed.name)
    return pd.DataFrame(np.column_stack([found for _, found in sums]) if sums else
                        np.zeros((len(grouped), 0), dtype=np.int64), index=grouped,
                        columns=summed.columns)


def _sorted_levels(index: pd.MultiIndex) -> tuple[list[pd.Index], list[np.ndarray]]:
    """The index's levels in the order of their values (as groupby orders the groups), and
    its codes into them (a level already sorted is taken as it is)."""
    levels, codes = [], []
    for level, level_codes in zip(index.levels, index.codes, strict=True):
        level_codes = np.asarray(level_codes, dtype=np.int64)
        if level.is_monotonic_increasing:
            levels.append(level)
            codes.append(level_codes)
            continue
        order = level.argsort()
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        levels.append(level[order])
        codes.append(rank[level_codes])
    return levels, codes
