"""The domain's words, each defined once: classes, states, verdicts, payer types, standards."""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from .errors import UsageError

# What a rule may decide, and the states a row can end in.
CLASSES = ("market", "public", "gray", "excluded")
INCOME_CLASSES = ("market", "public", "gray", "unclassified")
STATES = ("market", "public", "gray", "unclassified", "excluded", "cost")
# Order on a bar or chart: what surely counts, what may count, what does not.
BAR_ORDER = ("market", "gray", "unclassified", "public")
VERDICTS = ("meets", "gray-zone", "falls-short")

UNKNOWN_PAYER = "unknown"
RESIDENT_PAYER = "resident"  # many payers under one label: never a dominant payer
GOVERNMENT_PAYER = "government"

# Rule ids wijkcalc itself gives; a user's rule may not take them.
MANUAL_RULE = "manual"
COST_RULE = "cost"

# Words that make a government payer the municipality (subsidy, contract and Right to Challenge
# all count towards its share).
MUNICIPALITY_WORDS = ("gemeente", "municipality", "city of", "stadsdeel", "city council")
DOMINANT_PAYER_SHARE = Fraction(1, 2)


@dataclass(frozen=True)
class Standard:
    """A yardstick: the market share to reach, how it compares, and how gray income counts."""

    id: str
    threshold: Fraction
    gray_as_market: bool  # False: the gray zone is a range between strict and broad
    majority: bool = False  # True: the share must be strictly more than the threshold
    source: str = ""

    def with_threshold(self, threshold: Fraction) -> Standard:
        return replace(self, threshold=threshold)


STANDARDS: dict[str, Standard] = {
    "lsa": Standard("lsa", Fraction(3, 4), gray_as_market=False,
                    source="LSA: at least 75% of income from the market"),
    "code-nl": Standard("code-nl", Fraction(1, 2), gray_as_market=False,
                        source="Code Sociale Ondernemingen / Social Enterprise NL self-test"),
    "semark": Standard("semark", Fraction(1, 2), gray_as_market=True, majority=True,
                       source="UK Social Enterprise Mark: more than half from trading"),
    "uk-gov": Standard("uk-gov", Fraction(1, 4), gray_as_market=True,
                       source="UK government: at most 75% from grants and donations"),
}


def parse_threshold(value: str | float) -> Fraction:
    """'0.75', '75', '75%' -> 3/4, exactly."""
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        threshold = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise UsageError(f"threshold {value!r} is not a number; expected e.g. 0.75 or 75%") \
            from None
    if threshold > 1 or str(value).strip().endswith("%"):
        threshold /= 100
    if not 0 < threshold <= 1:
        raise UsageError(f"threshold {value!r} is outside 0..100%; expected e.g. 0.75 or 75%")
    return threshold


def standard_named(name: str, threshold: str | float | None = None) -> Standard:
    if name not in STANDARDS:
        raise UsageError(f"unknown standard {name!r}; choose one of: {', '.join(STANDARDS)}")
    standard = STANDARDS[name]
    return standard if threshold is None else standard.with_threshold(parse_threshold(threshold))
