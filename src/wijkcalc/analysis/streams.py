"""The non-market streams: sums per (enterprise, year, class, label, payer, rule), in cents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..rules import codes_and_values, combine_codes
from .periods import index_sums
from .results import Stream
from .years import year_of

# the classes a board asks about: what is not (surely) market income
STREAM_CLASSES = ("public", "gray", "unclassified")
LEVELS = ["enterprise", "year", "class", "label", "payer", "rule"]


def empty_streams() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[] for _ in LEVELS], names=LEVELS)
    return pd.DataFrame({"cents": np.zeros(0, np.int64), "lines": np.zeros(0, np.int64)},
                        index=index)


def stream_sums(classified: pd.DataFrame, periods, cents: np.ndarray, counted: np.ndarray,
                class_codes: np.ndarray, class_names: np.ndarray, payer_codes: np.ndarray,
                payer_keys: np.ndarray) -> pd.DataFrame:
    """Money and lines of the non-market income rows (``counted``: not settled before the
    rules), grouped on integer codes; the texts are looked up per group, not per row."""
    rows = np.flatnonzero(np.isin(np.asarray(class_names, dtype=object),
                                  STREAM_CLASSES)[class_codes] & counted) \
        if len(class_codes) else np.zeros(0, dtype=np.int64)
    if not len(rows):
        return empty_streams()
    category_codes, categories = codes_and_values(classified["category"])
    description_codes, descriptions = codes_and_values(classified["description"])
    rule_codes, rules = codes_and_values(classified["rule"]) if "rule" in classified.columns \
        else (np.zeros(len(cents), dtype=np.int64), np.array([""], dtype=object))
    key_codes, key_values = pd.factorize(payer_keys, use_na_sentinel=False)
    # the label is the category, or the description for a row without one
    has_category = np.array([str(c) != "" for c in categories], dtype=bool)
    label = np.where(has_category[category_codes[rows]], category_codes[rows],
                     len(categories) + description_codes[rows])
    labels = np.array([str(v) for v in (*categories, *descriptions)], dtype=object)
    group = combine_codes([periods.ids[rows], class_codes[rows], label,
                           key_codes[payer_codes[rows]], rule_codes[rows]])
    # factorized codes first appear in increasing order: a new maximum is a group's first row
    peak = np.maximum.accumulate(group)
    starts = np.flatnonzero(np.r_[True, peak[1:] > peak[:-1]])
    first = rows[starts]
    # the index is built from codes on levels of distinct values: no text is looked at per row
    label_codes, label_level = pd.factorize(labels)
    enterprise, year = np.divmod(periods.ids[first], len(periods.year_values))
    index = pd.MultiIndex(
        levels=[periods.enterprise_names, periods.year_values,
                np.array([str(c) for c in class_names], dtype=object), label_level,
                np.asarray(key_values, dtype=object), np.array([str(r) for r in rules],
                                                               dtype=object)],
        codes=[enterprise, year, class_codes[first], label_codes[label[starts]],
               key_codes[payer_codes[first]], rule_codes[first]],
        names=LEVELS, verify_integrity=False)
    summed = pd.Series(cents[rows]).groupby(group).sum().to_numpy(dtype=np.int64)
    return pd.DataFrame({"cents": summed, "lines": np.bincount(group).astype(np.int64)},
                        index=index)


def merge_streams(parts: list[pd.DataFrame | None]) -> pd.DataFrame | None:
    found = [part for part in parts if part is not None and len(part)]
    if not found:
        return next((part for part in parts if part is not None), None)
    if len(found) == 1:
        return found[0]
    return index_sums(pd.concat(found))


def streams_by_period(sums: pd.DataFrame | None, shown: dict[str, str], payers: dict[str, str]
                      ) -> dict[tuple[str, int | None], list[tuple]]:
    """Per (enterprise, year) as shown: (class, label, payer, rule, cents, lines) tuples."""

    found: dict[tuple[str, int | None], list[tuple]] = {}
    if sums is None:
        return found
    for (key, year, cls, label, payer, rule), (cents, lines) in zip(
            sums.index.tolist(), sums.to_numpy().tolist(), strict=True):
        found.setdefault((shown[key], year_of(year)), []).append(
            (cls, label, payers.get(payer, payer), rule, cents, lines))
    return found


def period_streams(found: dict[tuple[str, int | None], list[tuple]], enterprise: str,
                   years: tuple[int | None, ...]) -> tuple[Stream, ...]:
    """The streams of an enterprise's years summed, largest first within each class."""
    summed: dict[tuple[str, str, str, str], list[int]] = {}
    for year in years:
        for cls, label, payer, rule, cents, lines in found.get((enterprise, year), ()):
            into = summed.setdefault((cls, label, payer, rule), [0, 0])
            into[0] += cents
            into[1] += lines
    order = {cls: n for n, cls in enumerate(STREAM_CLASSES)}
    return tuple(sorted((Stream(cls, label, payer, cents, rule, lines)
                         for (cls, label, payer, rule), (cents, lines) in summed.items()),
                        key=lambda s: (order[s.cls], -s.cents, s.label, s.payer, s.rule)))
