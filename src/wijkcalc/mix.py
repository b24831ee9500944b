"""The analysis of an income mix: totals per class, shares, verdicts, gap, dependency, trend."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

from .errors import UsageError
from .money import cents_to_str

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

INCOME_CLASSES = ("market", "public", "gray", "unclassified")
VERDICTS = ("meets", "gray-zone", "falls-short")
# Words that make a government payer the municipality (subsidy, contract and Right to Challenge
# all count towards its share).
MUNICIPALITY_WORDS = ("gemeente", "municipality", "city of", "stadsdeel", "city council")
DOMINANT_PAYER_SHARE = Fraction(1, 2)


# ---------------------------------------------------------------- totals

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
    category, description = rows["category"].astype(str), rows["description"].astype(str)
    categories = category.where(category != "", description)
    return Unclassified(
        rows=len(rows),
        cents=int(rows["amount_cents"].sum()),
        categories=tuple(sorted(set(categories.astype(str)) - {""})),
    )


# ---------------------------------------------------------------- standards and verdicts

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


def _reaches(part: int, total: int, standard: Standard) -> bool:
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
    if _reaches(lower, total, standard):
        return "meets"
    if _reaches(upper, total, standard):
        return "gray-zone"
    return "falls-short"


def gap_to_threshold(totals: ClassTotals, standard: Standard) -> int | None:
    """Least extra market income (cents) that reaches the threshold; None if none can.

    (m + x) / (T + x) ≥ t  ⇔  x ≥ (t·T − m) / (1 − t), rounded up to the cent; with t = p/q
    that is x ≥ (p·T − q·m) / (q − p), all in integers.
    """
    market, _ = market_bounds(totals, standard)
    total = totals.income_total
    if _reaches(market, total, standard):
        return 0
    p, q = standard.threshold.numerator, standard.threshold.denominator
    if p == q:
        return None
    needed, over = p * total - q * market, q - p
    gap = -(-needed // over)  # ceiling
    if standard.majority and gap * over == needed:
        gap += 1  # exactly at the threshold is not a majority
    return max(gap, 0)


# ---------------------------------------------------------------- results

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
                "gap_to_threshold": _money_or_none(self.gap_to_threshold)}


@dataclass(frozen=True)
class YearResult:
    year: int | None
    income_total: int
    market_share_strict: float | None
    market_share_broad: float | None
    verdict: str | None

    def to_dict(self) -> dict[str, object]:
        return {"year": self.year, "income_total": cents_to_str(self.income_total),
                "market_share_strict": self.market_share_strict,
                "market_share_broad": self.market_share_broad, "verdict": self.verdict}


@dataclass(frozen=True)
class CostCoverage:
    costs: int
    market: float | None  # market income ÷ costs
    earned: float | None  # (market + gray) ÷ costs

    def to_dict(self) -> dict[str, object]:
        return {"costs": cents_to_str(self.costs), "market": self.market, "earned": self.earned}


@dataclass(frozen=True)
class Warning:
    """Something the reader should know; ``code`` names it, ``data`` holds its figures."""

    code: str
    data: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        data = {("amount" if key == "cents" else key): value for key, value in self.data.items()}
        if "amount" in data:
            data["amount"] = cents_to_str(int(data["amount"]))  # type: ignore[arg-type]
        return {"code": self.code, **data}


@dataclass(frozen=True)
class Report:
    """The income mix of one enterprise in one year (or pooled years)."""

    enterprise: str
    year: int | None
    pooled_years: tuple[int, ...]
    standard: str
    threshold: float
    totals: ClassTotals
    market_share_strict: float
    market_share_broad: float
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
    warnings: tuple[Warning, ...]
    files: tuple[str, ...] = ()

    @property
    def income_total(self) -> int:
        return self.totals.income_total

    def share(self, cls: str) -> float:
        return getattr(self.totals, cls) / self.income_total

    def to_dict(self) -> dict[str, object]:
        return {
            "enterprise": self.enterprise,
            "year": self.year,
            "pooled_years": list(self.pooled_years),
            "standard": self.standard,
            "threshold": self.threshold,
            "totals": self.totals.to_dict(),
            "income_total": cents_to_str(self.income_total),
            "shares": {cls: self.share(cls) for cls in INCOME_CLASSES},
            "market_share_strict": self.market_share_strict,
            "market_share_broad": self.market_share_broad,
            "verdict": self.verdict,
            "gap_to_threshold": _money_or_none(self.gap_to_threshold),
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
        }


def _money_or_none(cents: int | None) -> str | None:
    return None if cents is None else cents_to_str(cents)


# ---------------------------------------------------------------- aggregation

@dataclass
class Aggregates:
    """Everything the analysis needs, summed per (enterprise, year): no rows kept.

    The sums are tidy pandas objects of int64 cents, indexed by enterprise and year (-1: the
    input has no year), so that pieces of input merge with vectorised group-bys. The analysis
    reads the dict views below, built once.
    """

    class_sums: pd.DataFrame  # columns: the classes and states
    payer_sums: pd.Series  # index (enterprise, year, payer key): income rows with a payer
    municipal_sums: pd.Series  # income paid by the municipality
    enterprise_files: pd.DataFrame  # distinct (enterprise, file) pairs
    payer_names: dict[str, str]  # payer key (case and spacing folded) -> name as first written
    named_payers: frozenset[str]  # enterprises that name at least one payer
    # (enterprise, payer key) pairs where the payer stands for many residents (bewoners, leden)
    collective_keys: frozenset[tuple[str, str]]
    _trends: dict[tuple[str, Standard], tuple[YearResult, ...]] = field(
        default_factory=dict, init=False, repr=False)

    @cached_property
    def classes(self) -> dict[tuple[str, int | None], ClassTotals]:
        columns = [str(c) for c in self.class_sums.columns]
        return {(name, _year(year)): ClassTotals(**{c: v for c, v in zip(columns, values,
                                                                           strict=True)})
                for (name, year), values in zip(self.class_sums.index.tolist(),
                                                self.class_sums.to_numpy().tolist(),
                                                strict=True)}

    @cached_property
    def payers(self) -> dict[tuple[str, int | None], dict[str, int]]:
        found: dict[tuple[str, int | None], dict[str, int]] = {}
        for (name, year, key), cents in zip(self.payer_sums.index.tolist(),
                                            self.payer_sums.tolist(), strict=True):
            found.setdefault((name, _year(year)), {})[self.payer_names[key]] = cents
        return found

    @cached_property
    def municipal(self) -> dict[tuple[str, int | None], int]:
        return {(name, _year(year)): cents for (name, year), cents in
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

    def trend(self, enterprise: str, standard: Standard) -> tuple[YearResult, ...]:
        """Every year's shares and verdict (the same for each report of the enterprise)."""
        key = (enterprise, standard)
        if key not in self._trends:
            self._trends[key] = tuple(_year_result(self.classes[(enterprise, y)], y, standard)
                                      for y in self.years(enterprise))
        return self._trends[key]

    def enterprises(self) -> list[str]:
        return sorted(self._years_by_enterprise, key=str.casefold)

    def years(self, enterprise: str) -> list[int | None]:
        return self._years_by_enterprise.get(enterprise, [])

    @cached_property
    def _years_by_enterprise(self) -> dict[str, list[int | None]]:
        found: dict[str, list[int | None]] = {}
        for enterprise, year in self.classes:
            found.setdefault(enterprise, []).append(year)
        return {name: sorted(years, key=lambda y: -1 if y is None else y)
                for name, years in found.items()}


def aggregate(classified: pd.DataFrame) -> Aggregates:
    """Sum a classified frame per enterprise and year.

    Everything is grouped on integer codes (enterprise, year, class, payer), and text work is
    done on distinct values only, so the cost grows with the rows in numpy, not in Python.
    """
    import numpy as np
    import pandas as pd

    from .rules import codes_and_values, combine_codes

    cents = classified["amount_cents"].to_numpy()
    enterprise_codes, enterprise_names = codes_and_values(classified["enterprise"])
    enterprise_names = np.array([str(n) for n in enterprise_names], dtype=object)
    years = classified["year"].astype("Int64").fillna(-1).to_numpy(dtype=np.int64)
    year_codes, year_values = pd.factorize(years)
    period = enterprise_codes * len(year_values) + year_codes  # one id per (enterprise, year)

    def period_index(ids: np.ndarray, *more: np.ndarray, names: tuple[str, ...] = ()):
        enterprise, year = np.divmod(ids, len(year_values))
        return pd.MultiIndex.from_arrays([enterprise_names[enterprise], year_values[year], *more],
                                         names=["enterprise", "year", *names])

    class_codes, class_names = codes_and_values(classified["class"])
    by_class = pd.Series(cents).groupby([period, class_codes]).sum().unstack(fill_value=0)
    class_sums = pd.DataFrame(by_class.to_numpy(dtype=np.int64),
                              index=period_index(by_class.index.to_numpy()),
                              columns=[str(class_names[c]) for c in by_class.columns])

    income = np.isin(np.asarray(class_names, dtype=object), INCOME_CLASSES)[class_codes]
    type_codes, type_names = codes_and_values(classified["payer_type"])
    no_rows = np.zeros(len(cents), dtype=bool)
    is_type = {str(name): type_codes == code for code, name in enumerate(type_names)}

    # one key per payer: case and spacing do not make a different funder
    payer_codes, payer_values = codes_and_values(classified["payer"])
    keys = np.array([" ".join(str(p).split()).casefold() for p in payer_values], dtype=object)
    payer_names: dict[str, str] = {}
    for key, value in zip(keys.tolist(), payer_values.tolist(), strict=True):
        payer_names.setdefault(key, str(value))
    row_keys = keys[payer_codes]
    named = income & (row_keys != "")
    by_payer = pd.Series(cents[named]).groupby([period[named], row_keys[named]]).sum()
    payer_sums = pd.Series(by_payer.to_numpy(dtype=np.int64), index=period_index(
        by_payer.index.get_level_values(0).to_numpy(),
        by_payer.index.get_level_values(1).to_numpy(dtype=object), names=("payer",)))
    # residents are many payers under one label: they do not make an enterprise dependent
    resident = named & is_type.get("resident", no_rows)
    collective = frozenset(zip(enterprise_names[enterprise_codes[resident]].tolist(),
                               row_keys[resident].tolist(), strict=True))

    # the municipality: a government payer whose name (or, without a payer, whose category or
    # description) says gemeente / municipality
    government = income & is_type.get("government", no_rows)
    city = np.zeros(len(cents), dtype=bool)
    if government.any():
        category_codes, category_names = codes_and_values(classified["category"])
        description_codes, description_names = codes_and_values(classified["description"])
        has_name = row_keys != ""
        text_key = combine_codes([np.where(has_name, payer_codes, -1),
                                  np.where(has_name, -1, category_codes),
                                  np.where(has_name, -1, description_codes)])
        rows = np.flatnonzero(government)
        _, first, inverse = np.unique(text_key[rows], return_index=True, return_inverse=True)
        texts = [str(payer_values[payer_codes[row]]) if has_name[row] else
                 f"{category_names[category_codes[row]]} "
                 f"{description_names[description_codes[row]]}" for row in rows[first]]
        city[rows] = _names_municipality(texts)[inverse.ravel()]
    by_city = pd.Series(cents[city]).groupby(period[city]).sum()
    municipal_sums = pd.Series(by_city.to_numpy(dtype=np.int64),
                               index=period_index(by_city.index.to_numpy()))

    file_codes, file_names = codes_and_values(classified["file"])
    pairs = np.unique(enterprise_codes * len(file_names) + file_codes)
    enterprise_files = pd.DataFrame({
        "enterprise": enterprise_names[pairs // len(file_names)],
        "file": np.array([str(f) for f in file_names], dtype=object)[pairs % len(file_names)],
    })
    named_payers = frozenset(enterprise_names[np.unique(enterprise_codes[row_keys != ""])])
    return Aggregates(class_sums, payer_sums, municipal_sums, enterprise_files, payer_names,
                      named_payers, collective)


def merge_aggregates(parts: list[Aggregates]) -> Aggregates:
    """The aggregates of several pieces of input as if they had been summed in one go."""
    import pandas as pd

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


def _names_municipality(texts: list[str]) -> np.ndarray:
    import numpy as np

    from .rules import normalise_text

    return np.array([any(word in normalise_text(text) for word in MUNICIPALITY_WORDS)
                     for text in texts], dtype=bool)


def _year(value: object) -> int | None:
    year = int(value)  # type: ignore[arg-type]
    return None if year == -1 else year


# ---------------------------------------------------------------- the analysis

def analyse(classified: pd.DataFrame, *, enterprise: str | None = None, year: int | None = None,
            all_years: bool = False, standard: str = "lsa",
            threshold: str | float | None = None) -> Report:
    """The income-mix report of one enterprise: latest year, ``year``, or all years pooled."""
    return report_for(aggregate(classified), enterprise=enterprise, year=year,
                      all_years=all_years, standard=standard, threshold=threshold)


def report_for(aggregates: Aggregates, *, enterprise: str | None = None, year: int | None = None,
               all_years: bool = False, standard: str = "lsa",
               threshold: str | float | None = None) -> Report:
    """analyse() on aggregates: picks the enterprise (one, or the one asked for by name)."""
    names = aggregates.enterprises()
    if enterprise is None:
        if len(names) > 1:
            raise UsageError(f"the input holds {len(names)} enterprises; choose one with "
                             f"--enterprise: {', '.join(names)}")
        enterprise = names[0] if names else ""
    elif enterprise not in names:
        folded = {name.casefold(): name for name in names}
        if enterprise.casefold() not in folded:
            raise UsageError(f"no enterprise {enterprise!r} in the input; it holds: "
                             f"{', '.join(names)}")
        enterprise = folded[enterprise.casefold()]
    return report_from(aggregates, enterprise, year=year, all_years=all_years,
                       standard=standard_named(standard, threshold))


def report_from(aggregates: Aggregates, enterprise: str, *, year: int | None = None,
                all_years: bool = False, standard: Standard = STANDARDS["lsa"]) -> Report:
    """Build one enterprise's report from the aggregates (shared by report and compare)."""
    years = aggregates.years(enterprise)
    if not years:
        raise UsageError(f"no rows for {enterprise!r}")
    if all_years:
        chosen = years
    elif year is not None:
        if year not in years:
            shown = ", ".join(str(y) for y in years if y is not None) or "none (no year column)"
            raise UsageError(f"{enterprise} has no rows for {year}; its years: {shown}")
        chosen = [year]
    else:
        chosen = [years[-1]]
    totals = sum((aggregates.classes[(enterprise, y)] for y in chosen), ClassTotals())
    income = totals.income_total
    label = ", ".join(str(y) for y in chosen if y is not None)
    if income <= 0:
        what = "no income" if income == 0 else "a negative income total"
        raise UsageError(f"{enterprise} has {what} in {label or 'the input'}: nothing to measure; "
                         "check the amounts and the kind column (income or cost)")
    payer_cents: dict[str, int] = {}
    for y in chosen:
        for name, cents in aggregates.payers.get((enterprise, y), {}).items():
            payer_cents[name] = payer_cents.get(name, 0) + cents
    municipal = sum(aggregates.municipal.get((enterprise, y), 0) for y in chosen)
    results = tuple(_standard_result(totals, s) for s in _standards_with(standard))
    payers = sorted((Payer(name, cents, cents / income) for name, cents in payer_cents.items()
                     if cents > 0), key=lambda p: (-p.cents, p.name))
    hhi = sum(p.share ** 2 for p in payers) if payers else None
    costs = abs(totals.cost)
    coverage = CostCoverage(costs, totals.market / costs, (totals.market + totals.gray) / costs) \
        if costs else None
    report = Report(
        enterprise=enterprise,
        year=chosen[-1] if not all_years else None,
        pooled_years=tuple(y for y in chosen if y is not None) if all_years else (),
        standard=standard.id,
        threshold=float(standard.threshold),
        totals=totals,
        market_share_strict=totals.market / income,
        market_share_broad=(totals.market + totals.gray + totals.unclassified) / income,
        verdict=verdict(totals, standard),
        gap_to_threshold=gap_to_threshold(totals, standard),
        largest_payer=payers[0] if payers else None,
        hhi=hhi,
        effective_funders=1 / hhi if hhi else None,
        municipality_share=municipal / income,
        payers=tuple(payers),
        payer_coverage=sum(p.cents for p in payers) / income,
        standards=results,
        years=aggregates.trend(enterprise, standard),
        cost_coverage=coverage,
        warnings=(),
        files=aggregates.files.get(enterprise, ()),
    )
    warnings = _warnings(report, standard, enterprise in aggregates.named_payers,
                         aggregates.collective_payers.get(enterprise, set()))
    return replace(report, warnings=warnings)


def _standards_with(chosen: Standard) -> list[Standard]:
    """Every standard side by side; the chosen one carries its (maybe custom) threshold."""
    return [chosen if s.id == chosen.id else s for s in STANDARDS.values()]


def _standard_result(totals: ClassTotals, standard: Standard) -> StandardResult:
    return StandardResult(standard.id, float(standard.threshold), standard.gray_as_market,
                          standard.majority, verdict(totals, standard),
                          gap_to_threshold(totals, standard))


def _year_result(totals: ClassTotals, year: int | None, standard: Standard) -> YearResult:
    income = totals.income_total
    if income <= 0:
        return YearResult(year, income, None, None, None)
    return YearResult(year, income, totals.market / income,
                      (totals.market + totals.gray + totals.unclassified) / income,
                      verdict(totals, standard))


def _warnings(report: Report, standard: Standard, has_payers: bool,
              collective: set[str]) -> tuple[Warning, ...]:
    totals = report.totals
    found: list[Warning] = []
    if totals.unclassified:
        # would the verdict change if the unclassified money were market income?
        as_market = replace(totals, market=totals.market + totals.unclassified, unclassified=0)
        as_other = replace(totals, public=totals.public + totals.unclassified, unclassified=0)
        flips = verdict(as_market, standard) != verdict(as_other, standard)
        found.append(Warning("unclassified", {
            "cents": totals.unclassified, "share": totals.unclassified / totals.income_total,
            "could_flip_verdict": flips}))
    for cls in INCOME_CLASSES:
        if getattr(totals, cls) < 0:
            found.append(Warning("negative_class_total", {"class": cls,
                                                          "cents": getattr(totals, cls)}))
    if totals.excluded:
        found.append(Warning("excluded", {"cents": totals.excluded}))
    largest = next((p for p in report.payers if p.name not in collective), None)
    if largest and Fraction(largest.cents, totals.income_total) > DOMINANT_PAYER_SHARE:
        found.append(Warning("dominant_payer", {"name": largest.name, "share": largest.share}))
    if not has_payers:
        found.append(Warning("no_payers"))
    elif report.payer_coverage < 1:
        found.append(Warning("payers_missing", {"share": 1 - report.payer_coverage}))
    return tuple(found)
