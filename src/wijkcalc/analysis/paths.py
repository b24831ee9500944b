"""The paths to the yardstick: the gap, the shift of non-market income, and whether gray will do."""

from __future__ import annotations

from ..vocab import Standard
from .results import ClassTotals, Paths
from .standards import gap_to_threshold, market_bounds, reaches


def shift_needed(totals: ClassTotals, standard: Standard) -> int | None:
    """Least whole cents of today's non-market income that, counted as market income instead,
    meet ``standard`` (the income total stays); 0 when it is met, None when no shift can.

    m + x ≥ t·T  ⇔  x ≥ (p·T − q·m) / q with t = p/q, rounded up to the cent; a "more than"
    standard wants one cent more than an exact boundary. All in integers.
    """
    counted, _ = market_bounds(totals, standard)
    total = totals.income_total
    if reaches(counted, total, standard):
        return 0
    p, q = standard.threshold.numerator, standard.threshold.denominator
    needed = p * total - q * counted
    shift = -(-needed // q)  # ceiling
    if standard.majority and shift * q == needed:
        shift += 1  # exactly at the threshold is not a majority
    # only income not counted yet can move: market itself cannot become more market
    movable = total - counted
    if shift > movable or not reaches(counted + shift, total, standard):
        return None
    return shift


def paths_to(totals: ClassTotals, standard: Standard) -> Paths:
    """The gap, the shift, and whether counting the gray zone as market would be enough."""
    shift = shift_needed(totals, standard)
    if shift is None:
        enough = False
    elif standard.gray_as_market:  # the gray zone counts already: nothing more it can give
        enough = shift == 0
    else:
        enough = totals.gray >= shift
    return Paths(gap=gap_to_threshold(totals, standard), shift=shift, gray_enough=enough,
                 threshold=float(standard.threshold), majority=standard.majority)
