"""The analysis of an income mix: totals per class, shares, verdicts, gap, dependency, trend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .money import cents_to_str

if TYPE_CHECKING:
    import pandas as pd

INCOME_CLASSES = ("market", "public", "gray", "unclassified")


@dataclass(frozen=True)
class ClassTotals:
    """Money per class and state, in cents."""

    market: int = 0
    public: int = 0
    gray: int = 0
    unclassified: int = 0
    excluded: int = 0
    cost: int = 0

    @property
    def income_total(self) -> int:
        return self.market + self.public + self.gray + self.unclassified

    def to_dict(self) -> dict[str, str]:
        return {name: cents_to_str(getattr(self, name))
                for name in (*INCOME_CLASSES, "excluded", "cost")}


@dataclass(frozen=True)
class Unclassified:
    """The rows no rule matched: how many, how much, and under which categories."""

    rows: int
    cents: int
    categories: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"rows": self.rows, "amount": cents_to_str(self.cents),
                "categories": list(self.categories)}


def class_totals(classified: pd.DataFrame) -> ClassTotals:
    """Sum the cents of a classified frame per class (exact int64 sums)."""
    sums = classified.groupby("class", observed=True)["amount_cents"].sum()
    return ClassTotals(**{str(cls): int(total) for cls, total in sums.items()})


def unclassified_rows(classified: pd.DataFrame) -> Unclassified:
    rows = classified[classified["class"] == "unclassified"]
    categories = rows["category"].where(rows["category"] != "", rows["description"])
    return Unclassified(
        rows=len(rows),
        cents=int(rows["amount_cents"].sum()),
        categories=tuple(sorted(set(categories.astype(str)) - {""})),
    )
