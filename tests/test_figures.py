"""The batch analysis (analysis.figures) against the oracle (tests/oracle.py): every figure of
every report, to the last bit, on generated enterprises, for every standard, a custom threshold
whose products overflow int64, a threshold of 100%, single years and pooled years; and the JSON
rows assembled straight from the arrays equal the rows built from Report objects."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oracle import oracle_report
from test_properties import tuned
from wijkcalc import api
from wijkcalc.analysis.batch import Period
from wijkcalc.analysis.compare import compare_aggregates
from wijkcalc.analysis.reports import analyse_periods
from wijkcalc.errors import UsageError
from wijkcalc.vocab import STANDARDS

ENTERPRISES = ["De Linde", "Oost", "Het Generatiehuis"]
CATEGORIES = ["Zaalverhuur", "Subsidie gemeente", "Aanbesteding wijkteam", "Fondsbijdrage",
              "Lening", "Diensten", "Iets anders", "Right to Challenge", "Verkoop"]
PAYERS = ["bewoners", "Gemeente Haverdam", "Oranje Fonds", "", "Bakkerij Jansen",
          "Zorgkantoor", "huurders"]
STANDARD_CASES = [*STANDARDS.values(),
                  # p·T and q·m beyond int64 for the larger amounts: the exact fallback
                  STANDARDS["lsa"].with_threshold(Fraction(123_456_789_011, 164_609_052_015)),
                  STANDARDS["semark"].with_threshold(Fraction(1))]

ROWS = st.lists(st.tuples(
    st.sampled_from(ENTERPRISES), st.integers(2021, 2024), st.sampled_from(CATEGORIES),
    st.sampled_from(PAYERS),
    st.one_of(st.integers(-50_000, 5_000_000), st.integers(-10**13, 10**13)),
    st.sampled_from(["inkomsten", "inkomsten", "inkomsten", "uitgaven"])),
    min_size=1, max_size=40)


def write(path: Path, rows: list[tuple]) -> Path:
    lines = ["organisatie;jaar;categorie;betaler;bedrag;soort"]
    for enterprise, year, category, payer, cents, kind in rows:
        sign, size = ("-" if cents < 0 else ""), abs(cents)
        lines.append(f"{enterprise};{year};{category};{payer};"
                     f"{sign}{size // 100},{size % 100:02d};{kind}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def oracle_or_error(aggregates, period: Period, standard):
    try:
        return oracle_report(aggregates, period, standard)
    except UsageError as error:
        return str(error)


@tuned(0.5)
@given(rows=ROWS, standard=st.sampled_from(STANDARD_CASES))
def test_every_report_of_the_batch_is_the_oracles_to_the_last_bit(tmp_path, rows, standard):
    aggregates = api.aggregate_files([write(tmp_path / "leden.csv", rows)], streams=False)
    periods = [Period(name, (year,)) for name in aggregates.enterprises()
               for year in aggregates.years(name)]
    periods += [Period(name, tuple(aggregates.years(name)), pooled=True)
                for name in aggregates.enterprises()]
    failed: list = []
    found = {(r.enterprise, r.year, r.pooled_years): r
             for r in analyse_periods(aggregates, periods, standard, on_error=failed)}
    errors = {period: str(error) for period, error in failed}
    for period in periods:
        expected = oracle_or_error(aggregates, period, standard)
        if isinstance(expected, str):
            assert errors[period] == expected
            continue
        got = found[(expected.enterprise, expected.year, expected.pooled_years)]
        for name in expected.__dataclass_fields__:  # one figure at a time, to say which
            assert getattr(got, name) == getattr(expected, name), name
        assert got == expected


@tuned(0.3)
@given(rows=ROWS, standard=st.sampled_from(STANDARD_CASES))
def test_the_json_rows_from_the_arrays_are_the_rows_of_the_reports(tmp_path, rows, standard):
    aggregates = api.aggregate_files([write(tmp_path / "leden.csv", rows)], streams=False)
    comparison = compare_aggregates(aggregates, standard, all_years=True)
    for key in ("share", "name", "income", "gap"):
        order = comparison.order(key)
        assert comparison.to_dict(order=order) == \
            comparison.to_dict([comparison.rows[i] for i in order])


def test_the_herfindahl_index_adds_the_squares_largest_payer_first(tmp_path):
    """The documented summation order: largest first, left to right (shares chosen so that
    another order gives other bits)."""
    rows = [("Oost", 2024, "Verkoop", f"klant {n}", cents, "inkomsten")
            for n, cents in enumerate([700_001, 3, 299_990, 7, 11, 13, 17])]
    aggregates = api.aggregate_files([write(tmp_path / "oost.csv", rows)], streams=False)
    [report] = analyse_periods(aggregates, [Period("Oost", (2024,))], STANDARDS["lsa"])
    income = sum(cents for *_, cents, _ in rows)
    shares = sorted((cents / income for *_, cents, _ in rows), reverse=True)
    expected = 0.0
    for share in shares:
        expected += share * share
    assert report.hhi == expected
    assert [p.share for p in report.payers] == shares


@pytest.mark.parametrize("standard", STANDARD_CASES, ids=lambda s: f"{s.id}-{s.threshold}")
def test_the_bundled_examples_agree_with_the_oracle(standard):
    examples = sorted(p for p in Path("data").rglob("*")
                      if p.suffix in (".csv", ".tsv", ".xlsx", ".xaf") and p.name != "README.md")
    for path in examples:
        aggregates = api.aggregate_files([path], streams=False)
        comparison = compare_aggregates(aggregates, standard, all_years=True)
        for row in comparison.rows:
            period = Period(row.report.enterprise, (row.report.year,))
            assert row.report == oracle_report(aggregates, period, standard), path
