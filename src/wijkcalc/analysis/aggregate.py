"""Sums per (enterprise, year) of a classified frame: the only thing the analysis reads."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..rules import codes_and_values, combine_codes, normalise_text
from ..vocab import (
    COLLECTIVE_PAYERS,
    GOVERNMENT_PAYER,
    INCOME_CLASSES,
    MUNICIPALITY_WORDS,
    OWN_ACCOUNT_RULE,
    REVERSAL_RULE,
    STATED,
    THOUSANDS,
    name_key,
)
from .periods import Periods, Spellings, distinct, grouped_sums, index_sums, spellings
from .results import ClassTotals, Unclassified
from .streams import merge_streams, stream_sums, streams_by_period
from .years import NO_YEAR, year_of


def _most_common(spellings: Spellings) -> dict[str, str]:
    # max keeps the first of equals: the spelling seen first wins a tie
    return {key: max(found, key=found.__getitem__) for key, found in spellings.items()}


def _merge_spellings(parts: list[Spellings]) -> Spellings:
    merged: Spellings = {}
    for part in parts:
        for key, found in part.items():
            into = merged.setdefault(key, {})
            for spelling, count in found.items():
                into[spelling] = into.get(spelling, 0) + count
    return merged


@dataclass
class Aggregates:
    """Everything the analysis needs, summed per (enterprise, year): no rows kept.

    The sums are tidy pandas objects of int64 cents, indexed by enterprise and year (NO_YEAR:
    the input has no year), so that pieces of input merge with vectorised group-bys. An
    enterprise or payer is indexed by its ``name_key``; the dict views below, built once, show
    each by its most common spelling.
    """

    class_sums: pd.DataFrame  # columns: the classes and states
    payer_sums: pd.Series  # index (enterprise key, year, payer key): income rows with a payer
    municipal_sums: pd.Series  # income paid by the municipality
    enterprise_files: pd.DataFrame  # distinct (enterprise key, file) pairs
    enterprise_spellings: Spellings
    payer_spellings: Spellings
    named_payer_keys: frozenset[str]  # enterprise keys that name at least one payer
    # (enterprise key, payer key) pairs where the payer stands for many residents (bewoners)
    collective_keys: frozenset[tuple[str, str]]
    # enterprise keys with bank lines (cash basis, VAT included) / bookkeeping lines (booked)
    cash_keys: frozenset[str] = frozenset()
    booked_keys: frozenset[str] = frozenset()
    # per (enterprise key, year): lines settled before any rule (rule id -> cents moved, lines)
    settled_sums: pd.DataFrame | None = None
    # enterprise keys with figures a statement gave in thousands of euros ("x € 1.000")
    thousands_keys: frozenset[str] = frozenset()
    # enterprise keys whose rows name no category: classified by their description alone
    uncategorised_keys: frozenset[str] = frozenset()
    stream_sums: pd.DataFrame | None = None  # non-market income (see analysis.streams)

    def streams_of(self, enterprise: str) -> dict[tuple[str, int | None], list[tuple]]:
        """Per (enterprise, year) of one enterprise as shown: (class, label, payer, rule,
        cents, lines) of its streams. Only that enterprise's rows become Python tuples: a
        batch of a thousand would cost seconds for the one report that lists them."""
        if self.stream_sums is None:
            return {}
        keys = [key for key, shown in self.enterprise_names.items() if shown == enterprise]
        rows = self.stream_sums.index.get_level_values(0).isin(keys)
        return streams_by_period(self.stream_sums[rows], self.enterprise_names,
                                 self.payer_names)

    @cached_property
    def settled(self) -> dict[tuple[str, int | None], dict[str, int]]:
        """Per (enterprise, year): the money and lines of own-account transfers and of
        returned payments with what they return, as "<rule>_cents" / "<rule>_lines"."""
        if self.settled_sums is None or not len(self.settled_sums):
            return {}
        shown = self.enterprise_names
        columns = [str(c) for c in self.settled_sums.columns]
        return {(shown[key], year_of(year)): dict(zip(columns, values, strict=True))
                for (key, year), values in zip(self.settled_sums.index.tolist(),
                                                self.settled_sums.to_numpy().tolist(),
                                                strict=True)}

    @cached_property
    def enterprise_names(self) -> dict[str, str]:
        return _most_common(self.enterprise_spellings)

    @cached_property
    def payer_names(self) -> dict[str, str]:
        return _most_common(self.payer_spellings)

    @cached_property
    def named_payers(self) -> frozenset[str]:
        """The enterprises that name at least one payer."""
        return frozenset(self.enterprise_names[key] for key in self.named_payer_keys)

    @cached_property
    def classes(self) -> dict[tuple[str, int | None], ClassTotals]:
        columns = [str(c) for c in self.class_sums.columns]
        return {period: ClassTotals(**dict(zip(columns, values, strict=True)))
                for period, values in zip(self._periods, self.class_sums.to_numpy().tolist(),
                                          strict=True)}

    @cached_property
    def _periods(self) -> list[tuple[str, int | None]]:
        """Each row of the class sums as (the enterprise as shown, its year)."""
        shown = self.enterprise_names
        return [(shown[key], year_of(year)) for key, year in self.class_sums.index.tolist()]

    @cached_property
    def payers(self) -> dict[tuple[str, int | None], dict[str, int]]:
        found: dict[tuple[str, int | None], dict[str, int]] = {}
        shown = self.enterprise_names
        for (name, year, key), cents in zip(self.payer_sums.index.tolist(),
                                            self.payer_sums.tolist(), strict=True):
            found.setdefault((shown[name], year_of(year)), {})[self.payer_names[key]] = cents
        return found

    @cached_property
    def municipal(self) -> dict[tuple[str, int | None], int]:
        shown = self.enterprise_names
        return {(shown[key], year_of(year)): cents for (key, year), cents in
                zip(self.municipal_sums.index.tolist(), self.municipal_sums.tolist(),
                    strict=True)}

    @cached_property
    def files(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for key, file in self.enterprise_files.itertuples(index=False):
            found.setdefault(self.enterprise_names[key], []).append(file)
        return {name: tuple(sorted(set(files))) for name, files in found.items()}

    @cached_property
    def bases(self) -> dict[str, tuple[str, ...]]:
        """Per enterprise, how its figures were kept: "cash" (bank lines), "booked" (an
        auditfile) or both; an income table's enterprise is not listed."""
        found: dict[str, tuple[str, ...]] = {}
        for basis, keys in (("cash", self.cash_keys), ("booked", self.booked_keys)):
            for key in keys:
                name = self.enterprise_names[key]
                found[name] = (*found.get(name, ()), basis)
        return found

    @cached_property
    def in_thousands(self) -> frozenset[str]:
        """The enterprises with figures a statement gave in thousands of euros."""
        return frozenset(self.enterprise_names[key] for key in self.thousands_keys)

    @cached_property
    def uncategorised(self) -> frozenset[str]:
        """The enterprises whose rows name no category: classified by description alone."""
        return frozenset(self.enterprise_names[key] for key in self.uncategorised_keys)

    @cached_property
    def collective_payers(self) -> dict[str, set[str]]:
        """Per enterprise, the payer names that stand for many residents."""
        found: dict[str, set[str]] = {}
        for enterprise, key in self.collective_keys:
            found.setdefault(self.enterprise_names[enterprise], set()).add(
                self.payer_names[key])
        return found

    def enterprises(self) -> list[str]:
        return sorted(self._years_by_enterprise, key=name_key)

    def years(self, enterprise: str) -> list[int | None]:
        return self._years_by_enterprise.get(enterprise, [])

    @cached_property
    def _years_by_enterprise(self) -> dict[str, list[int | None]]:
        found: dict[str, list[int | None]] = {}
        # the keys of self.classes, without making a ClassTotals for each (7,000 at 1M rows)
        for enterprise, year in dict.fromkeys(self._periods):
            found.setdefault(enterprise, []).append(year)
        return {name: sorted(years, key=lambda y: NO_YEAR if y is None else y)
                for name, years in found.items()}


def aggregate(classified: pd.DataFrame, streams: bool = True) -> Aggregates:
    """Sum a classified frame per enterprise and year (``streams``: the non-market streams too).

    Everything is grouped on integer codes (enterprise, year, class, payer), and text work is
    done on distinct values only, so the cost grows with the rows in numpy, not in Python.
    """
    cents = classified["amount_cents"].to_numpy()
    periods = Periods(classified)
    class_codes, class_names = codes_and_values(classified["class"])
    # own-account transfers and returned payments with what they return are neither income
    # nor excluded income: they count in settled_sums only
    settled = _settled_rows(classified)
    class_sums = periods.class_sums(np.where(settled, 0, cents), class_codes, class_names)
    income = np.isin(np.asarray(class_names, dtype=object), INCOME_CLASSES)[class_codes]
    type_codes, type_names = codes_and_values(classified["payer_type"])
    is_type = {str(name): type_codes == code for code, name in enumerate(type_names)}
    no_rows = np.zeros(len(cents), dtype=bool)

    payer_codes, payer_values = codes_and_values(classified["payer"])
    # one key per payer: its spelling does not make a different funder
    keys = np.array([name_key(p) for p in payer_values], dtype=object)
    payer_spellings = spellings(keys, payer_values, payer_codes)
    payer_spellings.pop("", None)
    # grouped on integer codes of the keys: no text compared or hashed per row
    key_codes, key_values = pd.factorize(keys, use_na_sentinel=False)
    row_key_codes = key_codes[payer_codes] if len(payer_codes) else payer_codes
    has_key = np.asarray(key_values, dtype=object) != ""
    named = income & has_key[row_key_codes] if len(row_key_codes) else income
    width = max(len(key_values), 1)
    pairs, by_payer = grouped_sums(periods.ids[named] * width + row_key_codes[named],
                                   cents[named], periods.size * width)
    payer_period, payer_key = np.divmod(pairs, width)
    payer_sums = pd.Series(by_payer, index=periods.index(
        payer_period, (payer_key, np.asarray(key_values, dtype=object)), names=("payer",)))
    # residents are many payers under one label: they do not make an enterprise dependent
    resident = named & np.isin(np.asarray(type_names, dtype=object),
                               COLLECTIVE_PAYERS)[type_codes] if len(type_codes) else no_rows
    # the distinct (enterprise, payer) pairs on their codes: no text per row
    pairs = distinct(periods.enterprise_codes[resident] * width + row_key_codes[resident],
                     len(periods.enterprise_names) * width)
    collective = frozenset(zip(periods.enterprise_names[pairs // width].tolist(),
                               np.asarray(key_values, dtype=object)[pairs % width].tolist(),
                               strict=True))
    has_name = has_key[row_key_codes] if len(row_key_codes) else no_rows
    city = _municipal_rows(classified, income & is_type.get(GOVERNMENT_PAYER, no_rows),
                           payer_codes, payer_values, has_name)
    return Aggregates(class_sums, payer_sums, periods.sums(cents, city),
                      _enterprise_files(classified, periods), periods.spellings, payer_spellings,
                      _names_of(periods, has_name), collective,
                      _names_of(periods, _basis_rows(classified, "cash")),
                      _names_of(periods, _basis_rows(classified, "booked")),
                      _settled_sums(classified, periods, cents),
                      _names_of(periods, _stated_in_thousands(classified)),
                      _uncategorised(classified, periods),
                      stream_sums(classified, periods, cents, ~settled, class_codes, class_names,
                                  payer_codes, keys) if streams else None)


def _basis_rows(classified: pd.DataFrame, basis: str) -> np.ndarray:
    """The rows whose figures were kept on ``basis``: "cash" (bank lines) or "booked" (an
    auditfile). Compared per distinct value; a missing one (code -1) is neither."""
    if "basis" not in classified.columns:
        return np.zeros(len(classified), dtype=bool)
    codes, values = codes_and_values(classified["basis"])
    return np.append(np.array([str(v) == basis for v in values], dtype=bool), False)[codes]


def _settled_sums(classified: pd.DataFrame, periods: Periods, cents: np.ndarray
                  ) -> pd.DataFrame | None:
    """Money moved (absolute) and lines, per period, of each rule decided before the rules."""
    if "decided" not in classified.columns:
        return None
    decided = classified["decided"].astype(str).to_numpy(dtype=object)
    columns = {}
    for rule in (OWN_ACCOUNT_RULE, REVERSAL_RULE):
        rows = decided == rule
        columns[f"{rule}_cents"] = periods.sums(np.abs(cents), rows)
        columns[f"{rule}_lines"] = periods.sums(np.ones(len(cents), dtype=np.int64), rows)
    return pd.DataFrame(columns).fillna(0).astype(np.int64)


def _municipal_rows(classified: pd.DataFrame, government: np.ndarray, payer_codes: np.ndarray,
                    payer_values: np.ndarray, has_name: np.ndarray) -> np.ndarray:
    """Rows paid by the municipality: a government payer whose name (or, without a payer,
    whose category or description) says gemeente / municipality. Judged per distinct text,
    the texts told apart on the government rows' codes (hashed, not sorted)."""
    city = np.zeros(len(government), dtype=bool)
    if not government.any():
        return city
    rows = np.flatnonzero(government)
    category_codes, category_names = codes_and_values(classified["category"])
    description_codes, description_names = codes_and_values(classified["description"])
    named, category, description = has_name[rows], category_codes[rows], description_codes[rows]
    inverse, _ = pd.factorize(combine_codes([np.where(named, payer_codes[rows], -1),
                                             np.where(named, -1, category),
                                             np.where(named, -1, description)]))
    first = np.zeros(int(inverse.max()) + 1, dtype=np.int64)
    first[inverse] = np.arange(len(rows))  # one row of each text (any: they are alike)
    texts = [str(payer_values[payer_codes[row]]) if has_name[row] else
             f"{category_names[category_codes[row]]} {description_names[description_codes[row]]}"
             for row in rows[first].tolist()]
    says_city = np.array([any(word in normalise_text(text) for word in MUNICIPALITY_WORDS)
                          for text in texts], dtype=bool)
    city[rows] = says_city[inverse]
    return city


def _enterprise_files(classified: pd.DataFrame, periods: Periods) -> pd.DataFrame:
    file_codes, file_names = codes_and_values(classified["file"])
    pairs = distinct(periods.enterprise_codes * len(file_names) + file_codes,
                     len(periods.enterprise_names) * len(file_names))
    return pd.DataFrame({
        "enterprise": periods.enterprise_names[pairs // len(file_names)],
        "file": np.array([str(f) for f in file_names], dtype=object)[pairs % len(file_names)],
    })


def merge_aggregates(parts: list[Aggregates]) -> Aggregates:
    """The aggregates of several pieces of input as if they had been summed in one go."""
    if len(parts) == 1:
        return parts[0]
    classes = sorted({str(c) for part in parts for c in part.class_sums.columns})
    class_sums = index_sums(pd.concat([part.class_sums.reindex(columns=classes, fill_value=0)
                                       for part in parts]))
    payer_sums = index_sums(pd.concat([part.payer_sums for part in parts]))
    municipal_sums = pd.concat([part.municipal_sums for part in parts])
    municipal_sums = index_sums(municipal_sums) if len(municipal_sums) \
        else parts[0].municipal_sums
    files = pd.concat([part.enterprise_files for part in parts]).drop_duplicates()
    settled = [part.settled_sums for part in parts if part.settled_sums is not None]
    settled_sums = index_sums(pd.concat(settled)) if settled else None
    return Aggregates(
        class_sums.astype("int64"), payer_sums.astype("int64"), municipal_sums.astype("int64"),
        files, _merge_spellings([part.enterprise_spellings for part in parts]),
        _merge_spellings([part.payer_spellings for part in parts]),
        frozenset().union(*(part.named_payer_keys for part in parts)),
        frozenset().union(*(part.collective_keys for part in parts)),
        frozenset().union(*(part.cash_keys for part in parts)),
        frozenset().union(*(part.booked_keys for part in parts)),
        settled_sums,
        frozenset().union(*(part.thousands_keys for part in parts)),
        # an enterprise is uncategorised when none of its parts names a category
        frozenset().union(*(part.uncategorised_keys for part in parts))
        - frozenset().union(*(frozenset(part.enterprise_spellings) - part.uncategorised_keys
                              for part in parts)),
        merge_streams([part.stream_sums for part in parts]),
    )


def _uncategorised(classified: pd.DataFrame, periods: Periods) -> frozenset[str]:
    """The enterprises none of whose rows has a category (a list of descriptions and amounts)."""
    codes, values = codes_and_values(classified["category"])
    has_category = np.asarray(values, dtype=object) != ""
    named = _names_of(periods, has_category[codes]) if len(codes) else frozenset()
    return frozenset(periods.enterprise_names.tolist()) - named


def _names_of(periods: Periods, rows: np.ndarray) -> frozenset[str]:
    """The enterprise keys of the rows selected (distinct on their codes, not per row)."""
    codes = distinct(periods.enterprise_codes[rows], len(periods.enterprise_names))
    return frozenset(periods.enterprise_names[codes].tolist())


def _stated_in_thousands(classified: pd.DataFrame) -> np.ndarray:
    """The rows whose amounts a statement gave in thousands (see sources.statement)."""
    if STATED not in classified.columns:
        return np.zeros(len(classified), dtype=bool)
    return (classified[STATED].astype(str) == THOUSANDS).to_numpy()


def _settled_rows(classified: pd.DataFrame) -> np.ndarray:
    """The rows settled before any rule: own-account transfers, returns and what they return."""
    if "decided" not in classified.columns:
        return np.zeros(len(classified), dtype=bool)
    return np.isin(classified["decided"].astype(str).to_numpy(dtype=object),
                   (OWN_ACCOUNT_RULE, REVERSAL_RULE))


def class_totals(classified: pd.DataFrame) -> ClassTotals:
    """Sum the cents of a classified frame per class (exact int64 sums); settled rows (own
    transfers, returned payments) count in none."""
    sums = classified[~_settled_rows(classified)].groupby(
        "class", observed=True)["amount_cents"].sum()
    return ClassTotals(**{str(cls): int(total) for cls, total in sums.items()})


def unclassified_rows(classified: pd.DataFrame) -> Unclassified:
    """The rows no rule matched: count, money and the categories (or descriptions) they had."""
    rows = classified[classified["class"] == "unclassified"]
    category, description = rows["category"].astype(str), rows["description"].astype(str)
    categories = category.where(category != "", description)
    return Unclassified(rows=len(rows), cents=int(rows["amount_cents"].sum()),
                        categories=tuple(sorted(set(categories.astype(str)) - {""})))
