"""The notices of every period at once: one mask over the periods per kind, flat, period by period.

A report's notices (results.Notice, money under ``cents``) and the comparison's JSON warnings
(Notice.to_dict's form, money as strings formatted per column) come from the same columns, so
the two cannot say different things; only the Python objects asked for are built.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..money import cents_to_str_array
from ..vocab import INCOME_CLASSES
from .figures import EXCLUDED, UNCLASSIFIED, Figures
from .results import Notice

# one kind: its code, the periods that have it (ascending) and its data, a column per key
Kind = tuple[str, np.ndarray, dict[str, np.ndarray]]


class NoticeTable:
    """The notices of the figures' periods, flat in the order the views say them: those of
    period ``i`` are entries ``start[i]:start[i + 1]``."""

    def __init__(self, figures: Figures):
        kinds = list(_kinds(figures))
        period = np.concatenate([rows for _, rows, _ in kinds]).astype(np.int64)
        # stable: within a period the kinds keep the order they are listed in
        self._order = np.argsort(period, kind="stable")
        self.start = np.searchsorted(period[self._order], np.arange(len(figures) + 1))
        self._kinds = kinds

    def notices(self) -> list[Notice]:
        """Every entry as a Notice (its money in cents, as Python ints)."""
        found: list[Notice] = []
        for code, rows, columns in self._kinds:
            keys, values = list(columns), [column.tolist() for column in columns.values()]
            found += [Notice(code, dict(zip(keys, entry, strict=True)))
                      for entry in zip(*values, strict=True)] if keys else \
                [Notice(code) for _ in range(len(rows))]
        return self._sorted(found)

    def dicts(self) -> list[dict]:
        """Every entry as Notice.to_dict gives it: ``cents`` becomes ``amount``, a string."""
        found: list[dict] = []
        for code, rows, columns in self._kinds:
            keys = ["code", *("amount" if key == "cents" else key for key in columns)]
            values = [(_money(column) if key == "cents" else column).tolist()
                      for key, column in columns.items()]
            found += [dict(zip(keys, (code, *entry), strict=True))
                      for entry in zip(*values, strict=True)] if values else \
                [{"code": code} for _ in range(len(rows))]
        return self._sorted(found)

    def _sorted(self, entries: list) -> list:
        return [entries[k] for k in self._order.tolist()]


def _money(cents: np.ndarray) -> np.ndarray:
    if cents.dtype == object:  # Python ints beyond int64: one by one
        from ..money import cents_to_str

        return np.array([cents_to_str(int(c)) for c in cents.tolist()], dtype=object)
    return cents_to_str_array(cents) if len(cents) else np.zeros(0, dtype=object)


def _kinds(f: Figures) -> Iterator[Kind]:
    """Each kind of notice in the views' order, with the periods it holds for."""
    totals, income, aggregates = f.totals, f.income, f.aggregates
    names = [period.enterprise for period in f.periods]
    unclassified = totals[:, UNCLASSIFIED]
    rows = np.flatnonzero(unclassified != 0)
    yield "unclassified", rows, {"cents": unclassified[rows],
                                 "share": unclassified[rows] / income[rows],
                                 "could_flip_verdict": f.flips[rows]}
    for number, cls in enumerate(INCOME_CLASSES):
        rows = np.flatnonzero(totals[:, number] < 0)
        yield "negative_class_total", rows, {"class": np.full(len(rows), cls, dtype=object),
                                             "cents": totals[rows, number]}
    rows = np.flatnonzero(totals[:, EXCLUDED] != 0)
    yield "excluded", rows, {"cents": totals[rows, EXCLUDED]}
    rows = np.flatnonzero(f.dominant >= 0)
    dominant = f.dominant[rows]
    yield "dominant_payer", rows, {
        "name": np.array([str(name) for name in f.payer_name[dominant].tolist()], dtype=object),
        "share": f.payer_share[dominant]}
    named = _holds(names, aggregates.named_payers)
    yield "no_payers", np.flatnonzero(~named), {}
    rows = np.flatnonzero(named & (f.coverage < 1))
    yield "payers_missing", rows, {"share": 1 - f.coverage[rows]}
    settled = f.settled
    rows = np.flatnonzero(settled[:, 1] != 0)
    yield "own_transfers", rows, {"cents": settled[rows, 0], "lines": settled[rows, 1]}
    rows = np.flatnonzero(settled[:, 3] != 0)
    yield "reversals", rows, {"cents": settled[rows, 2] // 2, "pairs": settled[rows, 3] // 2}
    bases = [aggregates.bases.get(name, ()) for name in names]
    # how the figures were kept, when they come from a bank or a bookkeeping: a bank's are
    # cash (paid when paid, VAT included), an auditfile's booked (when invoiced, VAT apart)
    for code, chosen in (("cash_and_booked", [len(b) > 1 for b in bases]),
                         ("cash_basis", [b == ("cash",) for b in bases]),
                         ("booked_basis", [b == ("booked",) for b in bases])):
        yield code, np.flatnonzero(np.array(chosen, dtype=bool)), {}
    yield "thousands", np.flatnonzero(_holds(names, aggregates.in_thousands)), {}
    rows = np.flatnonzero(_holds(names, aggregates.uncategorised)
                          & ~_holds(names, aggregates.bases))
    yield "by_description", rows, {"share": unclassified[rows] / income[rows]}


def _holds(names: list[str], among) -> np.ndarray:
    """Per period: whether its enterprise is ``among`` (a set or dict of names)."""
    return np.array([name in among for name in names], dtype=bool)
