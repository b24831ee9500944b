"""Judging totals against a standard: verdicts and the gap to the threshold, in exact integers."""

from __future__ import annotations

from ..vocab import STANDARDS, Standard
from .results import ClassTotals, StandardResult


def reaches(part: int, total: int, standard: Standard) -> bool:
    """part/total ≥ t (or > t for a majority), in exact integer arithmetic."""
    t = standard.threshold
    left, right = part * t.denominator, t.numerator * total
    return left > right if standard.majority else left >= right


def market_bounds(totals: ClassTotals, standard: Standard) -> tuple[int, int]:
    """The market income that surely counts, and what counts if every doubt goes its way."""
    lower = totals.market + (totals.gray if standard.gray_as_market else 0)
    upper = totals.market + totals.gray + totals.unclassified
    return lower, upper


def verdict(totals: ClassTotals, standard: Standard) -> str:
    lower, upper = market_bounds(totals, standard)
    total = totals.income_total
    if reaches(lower, total, standard):
        return "meets"
    if reaches(upper, total, standard):
        return "gray-zone"
    return "falls-short"


def gap_to_threshold(totals: ClassTotals, standard: Standard) -> int | None:
    """Least extra market income (cents) that reaches the threshold; None if none can.

    (m + x) / (T + x) ≥ t  ⇔  x ≥ (t·T − m) / (1 − t), rounded up to the cent; with t = p/q
    that is x ≥ (p·T − q·m) / (q − p), all in integers.
    """
    market, _ = market_bounds(totals, standard)
    total = totals.income_total
    if reaches(market, total, standard):
        return 0
    p, q = standard.threshold.numerator, standard.threshold.denominator
    if p == q:
        return None
    needed, over = p * total - q * market, q - p
    gap = -(-needed // over)  # ceiling
    if standard.majority and gap * over == needed:
        gap += 1  # exactly at the threshold is not a majority
    return max(gap, 0)


def standards_with(chosen: Standard) -> list[Standard]:
    """Every standard side by side; the chosen one carries its (maybe custom) threshold."""
    return [chosen if s.id == chosen.id else s for s in STANDARDS.values()]


def judged(totals: ClassTotals, standard: Standard) -> StandardResult:
    return StandardResult(standard.id, float(standard.threshold), standard.gray_as_market,
                          standard.majority, verdict(totals, standard),
                          gap_to_threshold(totals, standard))
