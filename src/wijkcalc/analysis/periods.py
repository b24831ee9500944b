"""The periods of a classified frame: each row's (enterprise key, year) as one integer id."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..rules import codes_and_values
from ..vocab import name_key
from .years import NO_YEAR

Spellings = dict[str, dict[str, int]]  # name key -> {spelling as written: rows}


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

    def index(self, ids: np.ndarray, *more: np.ndarray, names: tuple[str, ...] = ()
              ) -> pd.MultiIndex:
        enterprise, year = np.divmod(ids, len(self.year_values))
        return pd.MultiIndex.from_arrays(
            [self.enterprise_names[enterprise], self.year_values[year], *more],
            names=["enterprise", "year", *names])

    def sums(self, cents: np.ndarray, rows: np.ndarray) -> pd.Series:
        """Cents of the rows selected, summed per period."""
        summed = pd.Series(cents[rows]).groupby(self.ids[rows]).sum()
        return pd.Series(summed.to_numpy(dtype=np.int64), index=self.index(summed.index.to_numpy()))

    def class_sums(self, cents: np.ndarray, class_codes: np.ndarray, class_names: np.ndarray
                   ) -> pd.DataFrame:
        """Exact int64 sums per (period, class), on a dense matrix of the periods present."""
        present, row = np.unique(self.ids, return_inverse=True)
        classes_present = np.unique(class_codes)
        by_class = np.zeros((len(present), len(class_names)), dtype=np.int64)
        np.add.at(by_class, (row.ravel(), class_codes), cents)
        return pd.DataFrame(by_class[:, classes_present], index=self.index(present),
                            columns=[str(class_names[c]) for c in classes_present])
