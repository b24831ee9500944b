"""Sums per (enterprise, year) of a classified frame: the only thing the analysis reads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..rules import codes_and_values, combine_codes, normalise_text
from ..vocab import GOVERNMENT_PAYER, INCOME_CLASSES, MUNICIPALITY_WORDS, RESIDENT_PAYER
from .results import ClassTotals, Unclassified

NO_YEAR = -1  # the year index of rows from a file without a year


@dataclass
class Aggregates:
    """Everything the analysis needs, summed per (enterprise, year): no rows kept.

    The sums are tidy pandas objects of int64 cents, indexed by enterprise and year (NO_YEAR:
    the input has no year), so that pieces of input merge with vectorised group-bys. The
    analysis reads the dict views below, built once.
    """

    class_sums: pd.DataFrame  # columns: the classes and states
    payer_sums: pd.Series  # index (enterprise, year, payer key): income rows with a payer
    municipal_sums: pd.Series  # income paid by the municipality
    enterprise_files: pd.DataFrame  # distinct (enterprise, file) pairs
    payer_names: dict[str, str]  # payer key (case and spacing folded) -> name as first written
    named_payers: frozenset[str]  # enterprises that name at least one payer
    # (enterprise, payer key) pairs where the payer stands for many residents (bewoners, leden)
    collective_keys: frozenset[tuple[str, str]]

    @cached_property
    def classes(self) -> dict[tuple[str, int | None], ClassTotals]:
        columns = [str(c) for c in self.class_sums.columns]
        return {(name, year_of(year)): ClassTotals(**dict(zip(columns, values, strict=True)))
                for (name, year), values in zip(self.class_sums.index.tolist(),
                                                self.class_sums.to_numpy().tolist(),
                                                strict=True)}

    @cached_property
    def payers(self) -> dict[tuple[str, int | None], dict[str, int]]:
        found: dict[tuple[str, int | None], dict[str, int]] = {}
        for (name, year, key), cents in zip(self.payer_sums.index.tolist(),
                                            self.payer_sums.tolist(), strict=True):
            found.setdefault((name, year_of(year)), {})[self.payer_names[key]] = cents
        return found

    @cached_property
    def municipal(self) -> dict[tuple[str, int | None], int]:
        return {(name, year_of(year)): cents for (name, year), cents in
                zip(self.municipal_sums.index.tolist(), self.municipal_sums.tolist(),
                    strict=True)}

    @cached_property
    def files(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for name, file in self.enterprise_files.itertuples(index=False):
            found.setdefault(name, []).append(file)
        return {name: tuple(sorted(set(files))) for name, files in found.items()}

    @cached_property
    def collective_payers(self) -> dict[str, set[str]]:
        """Per enterprise, the payer names that stand for many residents."""
        found: dict[str, set[str]] = {}
        for enterprise, key in self.collective_keys:
            found.setdefault(enterprise, set()).add(self.payer_names[key])
        return found

    def enterprises(self) -> list[str]:
        return sorted(self._years_by_enterprise, key=str.casefold)

    def years(self, enterprise: str) -> list[int | None]:
        return self._years_by_enterprise.get(enterprise, [])

    @cached_property
    def _years_by_enterprise(self) -> dict[str, list[int | None]]:
        found: dict[str, list[int | None]] = {}
        for enterprise, year in self.classes:
            found.setdefault(enterprise, []).append(year)
        return {name: sorted(years, key=lambda y: NO_YEAR if y is None else y)
                for name, years in found.items()}


def year_of(value: object) -> int | None:
    year = int(value)  # type: ignore[arg-type]
    return None if year == NO_YEAR else year


class _Periods:
    """Each row's (enterprise, year) as one integer id, and the index those ids stand for."""

    def __init__(self, classified: pd.DataFrame):
        codes, names = codes_and_values(classified["enterprise"])
        self.enterprise_codes = codes
        self.enterprise_names = np.array([str(n) for n in names], dtype=object)
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


def aggregate(classified: pd.DataFrame) -> Aggregates:
    """Sum a classified frame per enterprise and year.

    Everything is grouped on integer codes (enterprise, year, class, payer), and text work is
    done on distinct values only, so the cost grows with the rows in numpy, not in Python.
    """
    cents = classified["amount_cents"].to_numpy()
    periods = _Periods(classified)
    class_codes, class_names = codes_and_values(classified["class"])
    by_class = pd.Series(cents).groupby([periods.ids, class_codes]).sum().unstack(fill_value=0)
    class_sums = pd.DataFrame(by_class.to_numpy(dtype=np.int64),
                              index=periods.index(by_class.index.to_numpy()),
                              columns=[str(class_names[c]) for c in by_class.columns])
    income = np.isin(np.asarray(class_names, dtype=object), INCOME_CLASSES)[class_codes]
    type_codes, type_names = codes_and_values(classified["payer_type"])
    is_type = {str(name): type_codes == code for code, name in enumerate(type_names)}
    no_rows = np.zeros(len(cents), dtype=bool)

    payer_codes, payer_values = codes_and_values(classified["payer"])
    # one key per payer: case and spacing do not make a different funder
    keys = np.array([" ".join(str(p).split()).casefold() for p in payer_values], dtype=object)
    payer_names: dict[str, str] = {}
    for key, value in zip(keys.tolist(), payer_values.tolist(), strict=True):
        payer_names.setdefault(key, str(value))
    row_keys = keys[payer_codes]
    named = income & (row_keys != "")
    by_payer = pd.Series(cents[named]).groupby([periods.ids[named], row_keys[named]]).sum()
    payer_sums = pd.Series(by_payer.to_numpy(dtype=np.int64), index=periods.index(
        by_payer.index.get_level_values(0).to_numpy(),
        by_payer.index.get_level_values(1).to_numpy(dtype=object), names=("payer",)))
    # residents are many payers under one label: they do not make an enterprise dependent
    resident = named & is_type.get(RESIDENT_PAYER, no_rows)
    names = periods.enterprise_names[periods.enterprise_codes]
    collective = frozenset(zip(names[resident].tolist(), row_keys[resident].tolist(),
                               strict=True))
    city = _municipal_rows(classified, income & is_type.get(GOVERNMENT_PAYER, no_rows),
                           payer_codes, payer_values, row_keys)
    return Aggregates(class_sums, payer_sums, periods.sums(cents, city),
                      _enterprise_files(classified, periods), payer_names,
                      frozenset(names[row_keys != ""].tolist()), collective)


def _municipal_rows(classified: pd.DataFrame, government: np.ndarray, payer_codes: np.ndarray,
                    payer_values: np.ndarray, row_keys: np.ndarray) -> np.ndarray:
    """Rows paid by the municipality: a government payer whose name (or, without a payer,
    whose category or description) says gemeente / municipality. Judged per distinct text."""
    city = np.zeros(len(government), dtype=bool)
    if not government.any():
        return city
    category_codes, category_names = codes_and_values(classified["category"])
    description_codes, description_names = codes_and_values(classified["description"])
    has_name = row_keys != ""
    text_key = combine_codes([np.where(has_name, payer_codes, -1),
                              np.where(has_name, -1, category_codes),
                              np.where(has_name, -1, description_codes)])
    rows = np.flatnonzero(government)
    _, first, inverse = np.unique(text_key[rows], return_index=True, return_inverse=True)
    texts = [str(payer_values[payer_codes[row]]) if has_name[row] else
             f"{category_names[category_codes[row]]} {description_names[description_codes[row]]}"
             for row in rows[first]]
    says_city = np.array([any(word in normalise_text(text) for word in MUNICIPALITY_WORDS)
                          for text in texts], dtype=bool)
    city[rows] = says_city[inverse.ravel()]
    return city


def _enterprise_files(classified: pd.DataFrame, periods: _Periods) -> pd.DataFrame:
    file_codes, file_names = codes_and_values(classified["file"])
    pairs = np.unique(periods.enterprise_codes * len(file_names) + file_codes)
    return pd.DataFrame({
        "enterprise": periods.enterprise_names[pairs // len(file_names)],
        "file": np.array([str(f) for f in file_names], dtype=object)[pairs % len(file_names)],
    })


def merge_aggregates(parts: list[Aggregates]) -> Aggregates:
    """The aggregates of several pieces of input as if they had been summed in one go."""
    if len(parts) == 1:
        return parts[0]
    classes = sorted({str(c) for part in parts for c in part.class_sums.columns})
    class_sums = pd.concat([part.class_sums.reindex(columns=classes, fill_value=0)
                            for part in parts]).groupby(level=[0, 1]).sum()
    payer_sums = pd.concat([part.payer_sums for part in parts]).groupby(level=[0, 1, 2]).sum()
    municipal_sums = pd.concat([part.municipal_sums for part in parts])
    municipal_sums = municipal_sums.groupby(level=[0, 1]).sum() if len(municipal_sums) \
        else parts[0].municipal_sums
    files = pd.concat([part.enterprise_files for part in parts]).drop_duplicates()
    payer_names: dict[str, str] = {}
    for part in parts:  # the first spelling seen stays
        for key, name in part.payer_names.items():
            payer_names.setdefault(key, name)
    return Aggregates(
        class_sums.astype("int64"), payer_sums.astype("int64"), municipal_sums.astype("int64"),
        files, payer_names,
        frozenset().union(*(part.named_payers for part in parts)),
        frozenset().union(*(part.collective_keys for part in parts)),
    )


def class_totals(classified: pd.DataFrame) -> ClassTotals:
    """Sum the cents of a classified frame per class (exact int64 sums)."""
    sums = classified.groupby("class", observed=True)["amount_cents"].sum()
    return ClassTotals(**{str(cls): int(total) for cls, total in sums.items()})


def unclassified_rows(classified: pd.DataFrame) -> Unclassified:
    """The rows no rule matched: count, money and the categories (or descriptions) they had."""
    rows = classified[classified["class"] == "unclassified"]
    category, description = rows["category"].astype(str), rows["description"].astype(str)
    categories = category.where(category != "", description)
    return Unclassified(rows=len(rows), cents=int(rows["amount_cents"].sum()),
                        categories=tuple(sorted(set(categories.astype(str)) - {""})))
