"""Many enterprises side by side: benchmark rows (each one the report's analysis), a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError, UsageError, WijkcalcError, one_line
from .load import (
    CSV_SUFFIXES,
    STREAM_BYTES,
    SUFFIXES,
    RawTable,
    canonical,
    read_csv_pieces,
    read_table,
)
from .mix import (
    VERDICTS,
    Aggregates,
    Report,
    aggregate,
    merge_aggregates,
    report_from,
    standard_named,
)
from .money import cents_to_str

if TYPE_CHECKING:
    import pandas as pd

    from .rules import RuleSet


@dataclass(frozen=True)
class Row:
    """One enterprise (and year) in the comparison: its report and its rank among its peers."""

    report: Report
    percentile: float  # share of peers (same year) whose strict market share is at or below

    def to_dict(self) -> dict[str, object]:
        return {**self.report.to_dict(), "percentile": self.percentile}


@dataclass(frozen=True)
class Problem:
    file: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "message": self.message}


@dataclass(frozen=True)
class Summary:
    count: int
    verdicts: dict[str, int]
    strict_quartiles: tuple[float, float, float] | None  # 25th, median, 75th percentile
    broad_quartiles: tuple[float, float, float] | None
    income_total: int

    def to_dict(self) -> dict[str, object]:
        def quartiles(values: tuple[float, float, float] | None) -> dict[str, float] | None:
            if values is None:
                return None
            return {"q1": values[0], "median": values[1], "q3": values[2]}

        return {"count": self.count, "verdicts": dict(self.verdicts),
                "market_share_strict": quartiles(self.strict_quartiles),
                "market_share_broad": quartiles(self.broad_quartiles),
                "income_total": cents_to_str(self.income_total)}


@dataclass(frozen=True)
class Comparison:
    rows: tuple[Row, ...]
    summary: Summary
    errors: tuple[Problem, ...]
    missing: tuple[str, ...]  # enterprises without the asked year
    standard: str
    threshold: float
    year: int | None

    def to_dict(self) -> dict[str, object]:
        return {"standard": self.standard, "threshold": self.threshold, "year": self.year,
                "enterprises": [row.to_dict() for row in self.rows],
                "summary": self.summary.to_dict(),
                "missing": list(self.missing),
                "errors": [problem.to_dict() for problem in self.errors]}


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every income file inside a given folder (sorted, not recursive)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.iterdir()
                            if p.is_file() and p.suffix.lower() in SUFFIXES
                            and not p.name.startswith((".", "~$")))
            if not inside:
                raise UsageError("the folder holds no .csv, .tsv, .txt or .xlsx files",
                                 file=str(path))
            found += inside
        else:
            found.append(path)
    return found


def load_many(files: list[Path], *, sheet: str | None = None, fail_fast: bool = False,
              progress: Callable[[int], None] | None = None,
              ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read every file; a bad one becomes a Problem (or stops all, with fail_fast).

    The files are read one by one but given their meaning together, in one pass; when that
    pass meets a bad cell, its file is set aside and the pass runs again without it.
    """
    tables: list[RawTable] = []
    problems: list[Problem] = []
    for number, path in enumerate(files, 1):
        try:
            tables.append(read_table(path, sheet=sheet))
        except InputError as error:
            if fail_fast:
                raise
            problems.append(Problem(str(path), _without_file(error)))
        if progress:
            progress(number)
    while tables:
        try:
            return canonical(tables), problems
        except InputError as error:
            if fail_fast or error.file is None:
                raise
            problems.append(Problem(error.file, _without_file(error)))
            tables = [table for table in tables if table.file != error.file]
    return None, problems


def _without_file(error: WijkcalcError) -> str:
    message = one_line(error.message)
    return f"line {error.line}: {message}" if error.line else message


def aggregate_files(files: list[Path], *, rules: RuleSet | None = None, sheet: str | None = None,
                    fail_fast: bool = False, progress: Callable[[int], None] | None = None,
                    ) -> tuple[Aggregates | None, list[Problem]]:
    """Files -> the sums the analysis needs, and the files that could not be read.

    Ordinary files are read together (load_many); a CSV file larger than STREAM_BYTES is read
    piece by piece, each piece classified and summed before the next is read, so memory stays
    bounded whatever its size. A bad large file counts for nothing, as a bad small file does.
    """
    from .rules import classify, load_rules

    rules = rules or load_rules()
    large = [path for path in files if _streamed(path)]
    small = [path for path in files if path not in large]
    frame, problems = load_many(small, sheet=sheet, fail_fast=fail_fast,
                                progress=progress)
    parts = [aggregate(classify(frame, rules))] if frame is not None else []
    for number, path in enumerate(large, len(small) + 1):
        try:
            summed: Aggregates | None = None
            for table in read_csv_pieces(path):
                piece = aggregate(classify(canonical([table]), rules))
                # fold each piece in at once: holding every piece's sums would grow with the file
                summed = piece if summed is None else merge_aggregates([summed, piece])
        except InputError as error:
            if fail_fast:
                raise
            problems.append(Problem(str(path), _without_file(error)))
        else:
            parts += [summed] if summed is not None else []
        if progress:
            progress(number)
    if not parts:
        return None, problems
    return (parts[0] if len(parts) == 1 else merge_aggregates(parts)), problems


def _streamed(path: Path) -> bool:
    return (path.suffix.lower() in CSV_SUFFIXES and path.is_file()
            and path.stat().st_size > STREAM_BYTES)


def compare_aggregates(aggregates: Aggregates, *, year: int | None = None,
                       all_years: bool = False, standard: str = "lsa",
                       threshold: str | float | None = None, problems: Iterable[Problem] = (),
                       fail_fast: bool = False) -> Comparison:
    """A report per enterprise (and year) from the aggregates, ranked among its peers."""
    chosen = standard_named(standard, threshold)
    reports: list[Report] = []
    missing: list[str] = []
    errors = list(problems)
    for enterprise in aggregates.enterprises():
        years = aggregates.years(enterprise)
        if all_years:
            wanted: list[int | None] = years
        elif year is not None:
            if year not in years:
                missing.append(enterprise)
                continue
            wanted = [year]
        else:
            wanted = [years[-1]]
        for wanted_year in wanted:
            try:
                reports.append(report_from(aggregates, enterprise, year=wanted_year,
                                           standard=chosen))
            except UsageError as error:
                files = ", ".join(aggregates.files.get(enterprise, ())) or enterprise
                if fail_fast:  # name the file(s), as the listed problem does
                    raise UsageError(error.message, file=files) from None
                errors.append(Problem(files, one_line(error.message)))
    rows = _with_percentiles(reports)
    return Comparison(tuple(rows), summarise(reports), tuple(errors), tuple(missing),
                      chosen.id, float(chosen.threshold), year)


def _with_percentiles(reports: list[Report]) -> list[Row]:
    """Percentile rank on the strict share among the enterprises of the same year."""
    import pandas as pd

    if not reports:
        return []
    shares = pd.Series([r.market_share_strict for r in reports])
    years = pd.Series([-1 if r.year is None else r.year for r in reports])
    ranks = shares.groupby(years).rank(method="max", pct=True) * 100
    return [Row(report, float(rank)) for report, rank in zip(reports, ranks, strict=True)]


def summarise(reports: list[Report]) -> Summary:
    import numpy as np

    verdicts = {verdict: sum(r.verdict == verdict for r in reports) for verdict in VERDICTS}
    if not reports:
        return Summary(0, verdicts, None, None, 0)

    def quartiles(values: list[float]) -> tuple[float, float, float]:
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        return float(q1), float(median), float(q3)

    return Summary(
        count=len(reports),
        verdicts=verdicts,
        strict_quartiles=quartiles([r.market_share_strict for r in reports]),
        broad_quartiles=quartiles([r.market_share_broad for r in reports]),
        income_total=sum(r.income_total for r in reports),
    )


SORT_KEYS: dict[str, Callable[[Row], object]] = {
    "share": lambda row: (-row.report.market_share_strict, row.report.enterprise.casefold()),
    "name": lambda row: (row.report.enterprise.casefold(), row.report.year or 0),
    "income": lambda row: (-row.report.income_total, row.report.enterprise.casefold()),
    "gap": lambda row: (row.report.gap_to_threshold is None, row.report.gap_to_threshold or 0,
                        row.report.enterprise.casefold()),
}


def sorted_rows(comparison: Comparison, key: str) -> list[Row]:
    if key not in SORT_KEYS:
        raise UsageError(f"unknown sort {key!r}; choose one of: {', '.join(SORT_KEYS)}")
    return sorted(comparison.rows, key=SORT_KEYS[key])


def compare(paths: Iterable[str | Path], *, year: int | None = None, all_years: bool = False,
            standard: str = "lsa", threshold: str | float | None = None,
            rules: RuleSet | None = None, sheet: str | None = None, fail_fast: bool = False,
            progress: Callable[[int], None] | None = None) -> Comparison:
    """Files and folders -> the comparison of every enterprise in them."""
    chosen = standard_named(standard, threshold)  # bad options fail before any file is read
    files = input_files(paths)
    aggregates, problems = aggregate_files(files, rules=rules, sheet=sheet, fail_fast=fail_fast,
                                           progress=progress)
    if aggregates is None:
        return Comparison((), summarise([]), tuple(problems), (), chosen.id,
                          float(chosen.threshold), year)
    return compare_aggregates(aggregates, year=year, all_years=all_years, standard=standard,
                              threshold=threshold, problems=problems, fail_fast=fail_fast)
