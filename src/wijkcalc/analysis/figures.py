"""Every report figure of many periods at once, as arrays: the analysis report and compare share.

A period is an enterprise and its years (batch.Period); one report is a batch of one. Money
stays exact: class totals, payer sums, gaps and shifts are int64 (object arrays of Python ints
where a custom threshold's numerator or denominator could overflow int64). A share is one
float64 division of two exact integers, the float that Python's ``int / int`` gives while the
cents stay below 2**53 (some 90 trillion euros).

Summation order, fixed so that the oracle in tests/oracle.py gives the same bits: the
Herfindahl index is the sum over a period's payers, largest first (ties by name), of
share × share, added left to right; every other figure is one division of exact integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import N_, Text, UsageError
from ..vocab import DOMINANT_PAYER_SHARE, VERDICTS, Standard
from .aggregate import Aggregates
from .batch import Period
from .periods import grouped_sums
from .standards import standards_with
from .years import NO_YEAR

CLASS_COLUMNS = ("market", "public", "gray", "unclassified", "excluded", "cost")
MARKET, PUBLIC, GRAY, UNCLASSIFIED, EXCLUDED, COST = range(len(CLASS_COLUMNS))
MEETS, GRAY_ZONE, FALLS_SHORT = range(len(VERDICTS))
_SAFE = 2 ** 62  # int64 products below this cannot overflow


@dataclass
class Judged:
    """One standard's verdicts (codes into VERDICTS) and gaps (cents; ``gap_none``: no gap can
    reach it, a threshold of 100%) for every period."""

    standard: Standard
    verdict: np.ndarray
    gap: np.ndarray
    gap_none: np.ndarray


@dataclass
class Figures:
    """The figures of ``periods`` (those with income; the others are in ``failed``), one
    entry per period in each array; payers are flat, period by period, largest first."""

    aggregates: Aggregates
    standard: Standard
    periods: list[Period]
    failed: list[tuple[Period, UsageError]]
    totals: np.ndarray  # (periods, CLASS_COLUMNS) cents
    income: np.ndarray
    municipal: np.ndarray
    payer_start: np.ndarray  # the payers of period i are payer_start[i]:payer_start[i + 1]
    payer_name: np.ndarray
    payer_cents: np.ndarray
    payer_share: np.ndarray
    hhi: np.ndarray  # NaN: no payer
    coverage: np.ndarray  # share of income whose payer is known
    dominant: np.ndarray  # flat index of the payer above DOMINANT_PAYER_SHARE, or -1
    judged: list[Judged]  # every standard side by side, the chosen one first in ``chosen``
    chosen: Judged
    shift: np.ndarray
    shift_none: np.ndarray
    gray_enough: np.ndarray
    flips: np.ndarray  # unclassified money that could change the chosen verdict
    settled: np.ndarray  # (periods, 4): own-account cents, lines, reversal cents, lines
    rows: _Rows = field(repr=False)

    def __len__(self) -> int:
        return len(self.periods)


@dataclass
class _Rows:
    """The aggregates' (enterprise, year) rows, their totals, and which periods hold each (a
    row may be in several: a year on its own and the years pooled)."""

    totals: np.ndarray
    keys: np.ndarray  # enterprise key per row
    years: np.ndarray  # int, NO_YEAR for none
    index: pd.MultiIndex
    member_row: np.ndarray  # (row, period) pairs, by row
    member_period: np.ndarray
    period_keys: np.ndarray  # the enterprise key of each period

    def spread(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For entries on ``rows``: (entry, period) for every period that holds each row."""
        first = np.searchsorted(self.member_row, rows, side="left")
        count = np.searchsorted(self.member_row, rows, side="right") - first
        entry = np.repeat(np.arange(len(rows)), count)
        within = np.arange(len(entry)) - np.repeat(np.cumsum(count) - count, count)
        return entry, self.member_period[np.repeat(first, count) + within]

    def keep(self, ok: np.ndarray) -> None:
        """Leave out the periods not ``ok``, numbering the others anew."""
        renumber = np.where(ok, np.cumsum(ok) - 1, -1)
        kept = ok[self.member_period]
        self.member_row = self.member_row[kept]
        self.member_period = renumber[self.member_period[kept]]
        self.period_keys = self.period_keys[ok]


def figures_of(aggregates: Aggregates, periods: list[Period], standard: Standard) -> Figures:
    """The figures of every period; a period without income (or with a negative one) is
    left out, with its UsageError, in ``failed``."""
    rows = _rows(aggregates, periods)
    totals = _period_sums(rows, np.arange(len(rows.keys)), rows.totals, len(periods))
    income = totals[:, :UNCLASSIFIED + 1].sum(axis=1)
    ok = income > 0
    failed = [(period, _no_income(period, int(total)))
              for period, total, good in zip(periods, income.tolist(), ok.tolist(), strict=True)
              if not good]
    if failed:
        rows.keep(ok)
        periods = [period for period, good in zip(periods, ok.tolist(), strict=True) if good]
        totals, income = totals[ok], income[ok]
    n = len(periods)
    payers = _payers(aggregates, rows, n, income)
    judged = [_judge(totals, income, s) for s in standards_with(standard)]
    chosen = next(j for j in judged if j.standard.id == standard.id)
    shift, shift_none, gray_enough = _shift(totals, income, standard)
    return Figures(
        aggregates, standard, periods, failed, totals, income,
        _series_sums(aggregates.municipal_sums, rows, n), *payers, judged, chosen,
        shift, shift_none, gray_enough, _flips(totals, income, standard),
        _settled(aggregates, rows, n), rows)


def _no_income(period: Period, total: int) -> UsageError:
    label = ", ".join(str(y) for y in period.years if y is not None)
    where = label or Text(N_("the input"))
    if total == 0:
        return UsageError(N_("{enterprise} has no income in {where}: nothing to measure; check "
                             "the amounts and the kind column (income or cost)"),
                          enterprise=period.enterprise, where=where)
    return UsageError(N_("{enterprise} has a negative income total in {where}: nothing to "
                         "measure; check the amounts and the kind column (income or cost)"),
                      enterprise=period.enterprise, where=where)


def _rows(aggregates: Aggregates, periods: list[Period]) -> _Rows:
    sums = aggregates.class_sums
    totals = np.zeros((len(sums), len(CLASS_COLUMNS)), dtype=np.int64)
    for column in sums.columns:
        if str(column) in CLASS_COLUMNS:
            totals[:, CLASS_COLUMNS.index(str(column))] = sums[column].to_numpy(dtype=np.int64)
    keys = sums.index.get_level_values(0).to_numpy(dtype=object)
    years = sums.index.get_level_values(1).to_numpy(dtype=np.int64)
    # a period names its enterprise as shown; the sums are indexed by its key
    key_of = {shown: key for key, shown in aggregates.enterprise_names.items()}
    position = {(key, year): row for row, (key, year) in
                enumerate(zip(keys.tolist(), years.tolist(), strict=True))}
    pairs = [(position[(key_of[chosen.enterprise], NO_YEAR if year is None else year)], number)
             for number, chosen in enumerate(periods) for year in chosen.years]
    member = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    period_keys = np.array([key_of[chosen.enterprise] for chosen in periods], dtype=object)
    return _Rows(totals, keys, years, sums.index, member[:, 0], member[:, 1], period_keys)


def _period_sums(rows: _Rows, on: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Exact int64 sums per period of ``values`` (entries, or entries × columns) on rows
    ``on``."""
    entry, period = rows.spread(on)
    out = np.zeros((n, *values.shape[1:]), dtype=np.int64)
    np.add.at(out, period, values[entry])
    return out


def _series_sums(series: pd.Series, rows: _Rows, n: int) -> np.ndarray:
    """A Series indexed (enterprise key, year) summed per period."""
    if not len(series):
        return np.zeros(n, dtype=np.int64)
    return _period_sums(rows, rows.index.get_indexer(series.index),
                        series.to_numpy(dtype=np.int64), n)


def _settled(aggregates: Aggregates, rows: _Rows, n: int) -> np.ndarray:
    """Own-account transfers and returned payments per period: cents and lines of each."""
    found = aggregates.settled_sums
    columns = ["own-account_cents", "own-account_lines", "reversal_cents", "reversal_lines"]
    if found is None or not len(found):
        return np.zeros((n, len(columns)), dtype=np.int64)
    values = found.reindex(columns=columns, fill_value=0).to_numpy(dtype=np.int64)
    return _period_sums(rows, rows.index.get_indexer(found.index), values, n)


def _payers(aggregates: Aggregates, rows: _Rows, n: int, income: np.ndarray) -> tuple:
    """The payers of each period with positive income, largest first (ties by name), their
    shares, the Herfindahl index, the share of income with a known payer, and the largest
    payer that is not many residents under one name when it brings more than half."""
    sums = aggregates.payer_sums
    where = rows.index.get_indexer(sums.index.droplevel(2)) if len(sums) else \
        np.zeros(0, dtype=np.int64)
    entry, period = rows.spread(where)
    # the payer keys as the index's own codes into its (used) values: no text hashed per entry
    index = sums.index.remove_unused_levels() if len(sums) else None
    key_values = np.asarray(index.levels[2], dtype=object) if index is not None else \
        np.zeros(0, dtype=object)
    key_codes = index.codes[2].astype(np.int64)[entry] if index is not None else entry
    width = max(len(key_values), 1)
    code, cents = grouped_sums(period * width + key_codes, sums.to_numpy(dtype=np.int64)[entry],
                               n * width)
    code, cents = code[cents > 0], cents[cents > 0]
    period, key = np.divmod(code, width)
    names = np.array([aggregates.payer_names[k] for k in key_values.tolist()], dtype=object)
    name_rank = np.empty(len(names), dtype=np.int64)
    name_rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    order = np.lexsort((name_rank[key], -cents, period))
    period, key, cents = period[order], key[order], cents[order]
    start = np.searchsorted(period, np.arange(n + 1))
    share = cents / income[period]
    known = np.zeros(n, dtype=np.int64)
    np.add.at(known, period, cents)
    collective = _collective(aggregates, rows, period, key, key_values)
    return (start, names[key], cents, share, _hhi(share, start), known / income,
            _dominant(period, cents, income, collective, n))


def _hhi(share: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Σ share × share per period, largest payer first, left to right (the documented order:
    one rank at a time over all periods that have that many payers)."""
    count = np.diff(start)
    hhi = np.where(count > 0, 0.0, np.nan)
    square = share * share
    by_count = np.argsort(-count, kind="stable")
    fewer = -count[by_count]  # ascending: the periods with more than ``rank`` payers lead
    for rank in range(int(-fewer[0]) if len(fewer) else 0):
        having = by_count[:int(np.searchsorted(fewer, -rank, side="left"))]
        hhi[having] += square[start[having] + rank]
    return hhi


def _collective(aggregates: Aggregates, rows: _Rows, period: np.ndarray, key: np.ndarray,
                key_values: np.ndarray) -> np.ndarray:
    """Which flat payers (period, code into ``key_values``) stand for many residents
    (bewoners) of their enterprise: the few such pairs as codes, looked up among integers."""
    if not aggregates.collective_keys or not len(period):
        return np.zeros(len(period), dtype=bool)
    enterprise_codes, enterprises = pd.factorize(rows.period_keys)  # one per period
    enterprise_of = {name: code for code, name in enumerate(enterprises.tolist())}
    payer_of = {name: code for code, name in enumerate(key_values.tolist())}
    width = len(key_values)
    wanted = [enterprise_of[enterprise] * width + payer_of[payer]
              for enterprise, payer in aggregates.collective_keys
              if enterprise in enterprise_of and payer in payer_of]
    return np.isin(enterprise_codes[period] * width + key, np.array(wanted, dtype=np.int64))


def _dominant(period: np.ndarray, cents: np.ndarray, income: np.ndarray,
              collective: np.ndarray, n: int) -> np.ndarray:
    """Per period, the flat index of its largest payer that is not collective when that
    payer brings more than DOMINANT_PAYER_SHARE of the income (exact), else -1."""
    found = np.full(n, -1, dtype=np.int64)
    candidates = np.flatnonzero(~collective)
    first_period, first = np.unique(period[candidates], return_index=True)
    largest = candidates[first]
    share = DOMINANT_PAYER_SHARE
    above = _exact(cents[largest], share.denominator) * share.denominator > \
        _exact(income[first_period], share.numerator) * share.numerator
    found[first_period[above]] = largest[above]
    return found


def _exact(values: np.ndarray, factor: int) -> np.ndarray:
    """``values`` as int64 when multiplying them by ``factor`` (and adding a few such
    products) stays within int64, else as Python ints."""
    biggest = int(np.abs(values).max()) if len(values) else 0
    return values if (biggest + 1) * (abs(factor) + 1) * 4 < _SAFE else values.astype(object)


def _reaches(part: np.ndarray, total: np.ndarray, standard: Standard) -> np.ndarray:
    """part / total ≥ t (> t for a majority), exact (see standards.reaches)."""
    t = standard.threshold
    left = _exact(part, t.denominator) * t.denominator
    right = _exact(total, t.numerator) * t.numerator
    return np.asarray(left > right if standard.majority else left >= right, dtype=bool)


def verdicts(lower: np.ndarray, upper: np.ndarray, total: np.ndarray, standard: Standard
             ) -> np.ndarray:
    """Codes into VERDICTS: meets on the surely counted share, gray zone on the broad one."""
    return np.where(_reaches(lower, total, standard), MEETS,
                    np.where(_reaches(upper, total, standard), GRAY_ZONE, FALLS_SHORT))


def _bounds(totals: np.ndarray, standard: Standard) -> tuple[np.ndarray, np.ndarray]:
    lower = totals[:, MARKET] + (totals[:, GRAY] if standard.gray_as_market else 0)
    upper = totals[:, MARKET] + totals[:, GRAY] + totals[:, UNCLASSIFIED]
    return lower, upper


def _ceiling_step(needed: np.ndarray, over: int, standard: Standard) -> np.ndarray:
    """Least whole x with x·over ≥ needed, one more at an exact boundary for a majority."""
    step = -(-needed // over)
    if standard.majority:
        step = step + (step * over == needed)
    return step


def _judge(totals: np.ndarray, income: np.ndarray, standard: Standard) -> Judged:
    """Verdict and gap to the threshold (see standards.gap_to_threshold) for every period."""
    lower, upper = _bounds(totals, standard)
    verdict = verdicts(lower, upper, income, standard)
    p, q = standard.threshold.numerator, standard.threshold.denominator
    met = _reaches(lower, income, standard)
    if p == q:
        return Judged(standard, verdict, np.zeros(len(income), dtype=np.int64), ~met)
    needed = _exact(income, max(p, q)) * p - _exact(lower, q) * q
    gap = np.maximum(_ceiling_step(needed, q - p, standard), 0)
    gap = np.where(met, 0, gap)
    return Judged(standard, verdict, gap, np.zeros(len(income), dtype=bool))


def _shift(totals: np.ndarray, income: np.ndarray, standard: Standard
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Least whole cents of non-market income that, counted as market, meet the standard
    (see paths.shift_needed), whether none can, and whether the gray zone is enough."""
    counted, _ = _bounds(totals, standard)
    p, q = standard.threshold.numerator, standard.threshold.denominator
    met = _reaches(counted, income, standard)
    needed = _exact(income, max(p, q)) * p - _exact(counted, q) * q
    shift = np.where(met, 0, _ceiling_step(needed, q, standard))
    # only income not counted yet can move: market itself cannot become more market
    none = ~met & ((shift > income - counted) | ~_reaches(counted + shift, income, standard))
    shift = np.where(none, 0, shift)
    # with the gray zone counted already, it has nothing more to give
    enough = ~none & ((shift == 0) if standard.gray_as_market else (totals[:, GRAY] >= shift))
    return shift, none, enough


def _flips(totals: np.ndarray, income: np.ndarray, standard: Standard) -> np.ndarray:
    """Would the verdict differ between the unclassified money counted as market and as
    public? (Only asked where some money is unclassified.)"""
    moved = totals.copy()
    moved[:, MARKET] += moved[:, UNCLASSIFIED]
    moved[:, UNCLASSIFIED] = 0
    as_market = verdicts(*_bounds(moved, standard), income, standard)
    moved = totals.copy()
    moved[:, PUBLIC] += moved[:, UNCLASSIFIED]
    moved[:, UNCLASSIFIED] = 0
    as_other = verdicts(*_bounds(moved, standard), income, standard)
    return (totals[:, UNCLASSIFIED] != 0) & (as_market != as_other)

