"""The analysis results as plain dataclasses; each to_dict() is the JSON a user reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..money import cents_to_str
from ..vocab import INCOME_CLASSES

# the version of the JSON's layout: 2 added paths, streams, scenario and provenance
SCHEMA_VERSION = 2


def money_or_none(cents: int | None) -> str | None:
    return None if cents is None else cents_to_str(cents)


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

    def __add__(self, other: ClassTotals) -> ClassTotals:
        return ClassTotals(**{name: getattr(self, name) + getattr(other, name)
                              for name in self.__dataclass_fields__})

    def shares(self) -> dict[str, float]:
        """Each income class's share of the income total (which must be positive)."""
        return {cls: getattr(self, cls) / self.income_total for cls in INCOME_CLASSES}

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


@dataclass(frozen=True)
class Payer:
    name: str
    cents: int
    share: float

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "amount": cents_to_str(self.cents), "share": self.share}


@dataclass(frozen=True)
class StandardResult:
    id: str
    threshold: float
    gray_as_market: bool
    majority: bool
    verdict: str
    gap_to_threshold: int | None

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "threshold": self.threshold, "gray_as_market": self.gray_as_market,
                "majority": self.majority, "verdict": self.verdict,
                "gap_to_threshold": money_or_none(self.gap_to_threshold)}


@dataclass(frozen=True)
class YearResult:
    year: int | None
    income_total: int
    market_share_strict: float | None
    market_share_broad: float | None
    verdict: str | None
    shares: dict[str, float] | None = None  # per income class; None without income

    def to_dict(self) -> dict[str, object]:
        return {"year": self.year, "income_total": cents_to_str(self.income_total),
                "market_share_strict": self.market_share_strict,
                "market_share_broad": self.market_share_broad, "verdict": self.verdict,
                "shares": self.shares}


@dataclass(frozen=True)
class CostCoverage:
    costs: int
    market: float | None  # market income ÷ costs
    earned: float | None  # (market + gray) ÷ costs

    def to_dict(self) -> dict[str, object]:
        return {"costs": cents_to_str(self.costs), "market": self.market, "earned": self.earned}


@dataclass(frozen=True)
class Notice:
    """Something the reader should know; ``code`` names it, ``data`` holds its figures (money
    under ``cents``); the views phrase it per language."""

    code: str
    data: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        data = {("amount" if key == "cents" else key): value for key, value in self.data.items()}
        if "amount" in data:
            data["amount"] = cents_to_str(int(data["amount"]))  # type: ignore[arg-type]
        return {"code": self.code, **data}


@dataclass(frozen=True)
class Paths:
    """The ways to the chosen standard, in cents: ``gap`` is the extra market income that
    reaches it, everything else equal; ``shift`` the least of today's non-market income that
    would have to become market income (0 when met, None when no shift can); ``gray_enough``
    whether counting all gray-zone income as market would do."""

    gap: int | None
    shift: int | None
    gray_enough: bool
    threshold: float
    majority: bool

    def to_dict(self) -> dict[str, object]:
        return {"gap": money_or_none(self.gap), "shift": money_or_none(self.shift),
                "gray_enough": self.gray_enough}


@dataclass(frozen=True)
class Stream:
    """Non-market income of one kind: its class, label (category, else description), payer
    and the rule that decided, with its money and lines."""

    cls: str
    label: str
    payer: str
    cents: int
    rule: str
    lines: int

    def to_dict(self) -> dict[str, object]:
        return {"class": self.cls, "label": self.label, "payer": self.payer,
                "amount": cents_to_str(self.cents), "rule": self.rule, "lines": self.lines}


@dataclass(frozen=True)
class Provenance:
    """Where a report comes from: wijkcalc's version, the sha256 of the rules in force and of
    each source file (path, hex digest)."""

    version: str
    rules_hash: str
    files: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"version": self.version, "rules_sha256": self.rules_hash,
                "files": [{"path": path, "sha256": digest} for path, digest in self.files]}


@dataclass(frozen=True)
class Report:
    """The income mix of one enterprise in one year (or pooled years)."""

    enterprise: str
    year: int | None
    pooled_years: tuple[int, ...]
    standard: str
    threshold: float
    majority: bool  # the chosen standard asks for more than the threshold, not at least
    totals: ClassTotals
    shares: dict[str, float]
    market_share_strict: float
    market_share_broad: float
    # the share the chosen standard surely counts as market: strict, or market + gray for a
    # standard that counts the gray zone as market (semark, uk-gov)
    market_share_counted: float
    verdict: str
    gap_to_threshold: int | None
    largest_payer: Payer | None
    hhi: float | None
    effective_funders: float | None
    municipality_share: float
    payers: tuple[Payer, ...]
    payer_coverage: float  # share of income whose payer is known
    standards: tuple[StandardResult, ...]
    years: tuple[YearResult, ...]
    cost_coverage: CostCoverage | None
    warnings: tuple[Notice, ...]
    files: tuple[str, ...] = ()
    paths: Paths | None = None
    streams: tuple[Stream, ...] = ()
    scenario: Scenario | None = None
    provenance: Provenance | None = None

    @property
    def income_total(self) -> int:
        return self.totals.income_total

    @property
    def gray_as_market(self) -> bool:
        return next(s.gray_as_market for s in self.standards if s.id == self.standard)

    def share(self, cls: str) -> float:
        return self.shares[cls]

    def to_dict(self) -> dict[str, object]:
        return {
            "schema_version": SCHEMA_VERSION,
            "enterprise": self.enterprise,
            "year": self.year,
            "pooled_years": list(self.pooled_years),
            "standard": self.standard,
            "threshold": self.threshold,
            "totals": self.totals.to_dict(),
            "income_total": cents_to_str(self.income_total),
            "shares": dict(self.shares),
            "market_share_strict": self.market_share_strict,
            "market_share_broad": self.market_share_broad,
            "market_share_counted": self.market_share_counted,
            "verdict": self.verdict,
            "gap_to_threshold": money_or_none(self.gap_to_threshold),
            "largest_payer": self.largest_payer.to_dict() if self.largest_payer else None,
            "hhi": self.hhi,
            "effective_funders": self.effective_funders,
            "municipality_share": self.municipality_share,
            "payer_coverage": self.payer_coverage,
            "payers": [payer.to_dict() for payer in self.payers],
            "standards": [result.to_dict() for result in self.standards],
            "years": [result.to_dict() for result in self.years],
            "cost_coverage": self.cost_coverage.to_dict() if self.cost_coverage else None,
            "warnings": [warning.to_dict() for warning in self.warnings],
            "files": list(self.files),
            "paths": self.paths.to_dict() if self.paths else None,
            "streams": [stream.to_dict() for stream in self.streams],
            "scenario": self.scenario.to_dict() if self.scenario else None,
            "provenance": self.provenance.to_dict() if self.provenance else None,
        }


@dataclass(frozen=True)
class Scenario:
    """The report again with the streams matching ``as_market`` counted as market income and
    those matching ``as_public`` as public: what if, never what is."""

    as_market: tuple[str, ...]
    as_public: tuple[str, ...]
    report: Report

    def to_dict(self) -> dict[str, object]:
        inner = {key: value for key, value in self.report.to_dict().items()
                 if key not in ("schema_version", "scenario", "provenance")}
        return {"scenario": True, "as_market": list(self.as_market),
                "as_public": list(self.as_public), **inner}
