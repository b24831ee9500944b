"""The income-mix analysis (wijkcalc.analyse): verdicts, gap, standards, years, dependency,
cost coverage and warnings — every figure below is worked out by hand from the rows."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

import wijkcalc
from wijkcalc.analysis.results import Report

REPORT_DATA = Path(__file__).parent / "data" / "report"

STANDARD_THRESHOLDS = {"lsa": Fraction(3, 4), "code-nl": Fraction(1, 2),
                       "semark": Fraction(1, 2), "uk-gov": Fraction(1, 4)}


# ---------------------------------------------------------------- helpers

def write_rows(folder: Path, rows: list[tuple[str, str, str]], *, year: int = 2024,
               name: str = "mix.csv") -> Path:
    """A small income file: (category, payer, amount) rows in one year, `;` and decimal point."""
    path = folder / name
    lines = ["year;category;payer;amount"]
    lines += [f"{year};{category};{payer};{amount}" for category, payer, amount in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def analyse_files(*paths: Path, **options: object) -> Report:
    return wijkcalc.analyse(wijkcalc.classify(wijkcalc.load(list(paths))), **options)


def analyse_rows(folder: Path, rows: list[tuple[str, str, str]], **options: object) -> Report:
    return analyse_files(write_rows(folder, rows), **options)


def euros(cents: int) -> str:
    """Cents as a plain amount for an input row (exact, no floats)."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def market(amount: str) -> tuple[str, str, str]:
    return ("Verkoop", "klanten", amount)


def public(amount: str) -> tuple[str, str, str]:
    return ("Subsidie", "Buurtfonds Vlietstad", amount)


def gray(amount: str) -> tuple[str, str, str]:
    return ("Aanbesteding", "Gemeente Vlietstad", amount)


def unclassified(amount: str) -> tuple[str, str, str]:
    return ("Diversen", "diverse ontvangsten", amount)


def reaches(part: int, total: int, threshold: Fraction, majority: bool) -> bool:
    """part / total ≥ threshold (> for a majority), on integers only."""
    left, right = part * threshold.denominator, threshold.numerator * total
    return left > right if majority else left >= right


def verdicts(report: Report) -> dict[str, str]:
    return {result.id: result.verdict for result in report.standards}


# ---------------------------------------------------------------- the verdict at its edges

def test_exactly_at_the_threshold_meets(tmp_path):
    report = analyse_rows(tmp_path, [market("75.00"), public("25.00")])
    assert report.verdict == "meets"
    assert report.market_share_strict == 0.75
    assert report.gap_to_threshold == 0
    assert report.to_dict()["gap_to_threshold"] == "0.00"


def test_one_cent_under_the_threshold_does_not_meet(tmp_path):
    report = analyse_rows(tmp_path, [market("74.99"), public("25.01")])
    assert report.verdict == "falls-short"  # no gray income: strict and broad are both 74.99%
    # (7499 + x) / (10000 + x) ≥ 3/4  ⇔  x ≥ 4
    assert report.gap_to_threshold == 4


def test_all_market_income_meets(tmp_path):
    report = analyse_rows(tmp_path, [market("120.00"), market("30.50")])
    assert report.verdict == "meets"
    assert report.market_share_strict == report.market_share_broad == 1.0
    assert report.gap_to_threshold == 0
    assert set(verdicts(report).values()) == {"meets"}


def test_all_public_income_falls_short_under_every_standard(tmp_path):
    report = analyse_rows(tmp_path, [public("100.00")])
    assert report.verdict == "falls-short"
    assert report.market_share_strict == report.market_share_broad == 0.0
    # x / (100 + x) ≥ 3/4  ⇔  x ≥ 300
    assert report.gap_to_threshold == 300_00
    assert set(verdicts(report).values()) == {"falls-short"}


def test_gray_zone_when_only_counting_gray_income_as_market_reaches_the_threshold(tmp_path):
    report = analyse_rows(tmp_path, [market("70.00"), gray("10.00"), public("20.00")])
    assert report.verdict == "gray-zone"
    assert report.market_share_strict == pytest.approx(0.70)
    assert report.market_share_broad == pytest.approx(0.80)
    assert report.gap_to_threshold == 3 * 100_00 - 4 * 70_00  # strict gap: gray does not count


def test_broad_share_exactly_at_the_threshold_is_still_gray_zone(tmp_path):
    report = analyse_rows(tmp_path, [market("70.00"), gray("5.00"), public("25.00")])
    assert report.verdict == "gray-zone"  # strict < t ≤ broad


def test_broad_share_one_cent_under_the_threshold_falls_short(tmp_path):
    report = analyse_rows(tmp_path, [market("70.00"), gray("4.99"), public("25.01")])
    assert report.verdict == "falls-short"


def test_threshold_100_percent_all_market_meets_with_no_gap(tmp_path):
    report = analyse_rows(tmp_path, [market("250.00")], threshold="100%")
    assert report.threshold == 1.0
    assert report.verdict == "meets"
    assert report.gap_to_threshold == 0


def test_threshold_100_percent_with_any_other_income_has_no_finite_gap(tmp_path):
    report = analyse_rows(tmp_path, [market("250.00"), public("0.01")], threshold="100%")
    assert report.verdict == "falls-short"
    assert report.gap_to_threshold is None
    assert report.to_dict()["gap_to_threshold"] is None
    chosen = next(s for s in report.standards if s.id == "lsa")
    assert chosen.gap_to_threshold is None


@pytest.mark.parametrize("rows", [
    [("Energie", "Energie Vliet B.V.", "800.00")],  # costs only, below: kind column
    [("Lening", "Stichting Buurtkrediet", "5000.00")],  # a loan is not income
    [market("10.00"), market("-10.00")],  # a sale and its refund: nothing left
], ids=["costs-only", "excluded-only", "nets-to-zero"])
def test_no_income_is_a_clear_error(tmp_path, rows):
    path = tmp_path / "geen.csv"
    lines = ["year;category;payer;amount;kind"]
    for category, payer, amount in rows:
        kind = "cost" if category == "Energie" else "income"
        lines.append(f"2024;{category};{payer};{amount};{kind}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(wijkcalc.UsageError) as caught:
        analyse_files(path)
    message = str(caught.value)
    assert "geen" in message and "no income" in message and "2024" in message


def test_a_negative_income_total_is_a_clear_error(tmp_path):
    with pytest.raises(wijkcalc.UsageError, match="negative income total"):
        analyse_rows(tmp_path, [market("10.00"), public("-25.00")])


# ---------------------------------------------------------------- the gap, to the cent

# (rows, standard, threshold as given, threshold exactly, expected gap in cents). Hand-worked:
# x ≥ (t·T − m) / (1 − t), m the market income that counts under the standard, rounded up.
GAP_CASES = [
    # 7499 / 10000 → x ≥ 3·10000 − 4·7499 = 4
    ([market("74.99"), public("25.01")], "lsa", None, Fraction(3, 4), 4),
    # strict share ignores gray: x ≥ 3·10001 − 4·6000 = 6003
    ([market("60.00"), gray("20.00"), public("20.01")], "lsa", None, Fraction(3, 4), 6003),
    # t = 3/5: x ≥ (3·10001 − 5·5000) / 2 = 2501.5 → 2502
    ([market("50.00"), public("50.01")], "lsa", "0.6", Fraction(3, 5), 2502),
    # t = 57/100: x ≥ (57·200 − 100·100) / 43 = 32.56 → 33
    ([market("1.00"), public("1.00")], "lsa", "57%", Fraction(57, 100), 33),
    # t = 7/10, large sums: x ≥ (7·358024681 − 10·123456789) / 3 = 423868292.33 → 423868293
    ([market("1234567.89"), public("2345678.92")], "lsa", "70", Fraction(7, 10), 423868293),
    # uk-gov counts gray as market (none here): x ≥ (10001 − 4·1000) / 3 = 2000.33 → 2001
    ([market("10.00"), public("90.01")], "uk-gov", None, Fraction(1, 4), 2001),
    # uk-gov with gray: m = 5.00 + 10.00, x ≥ (10001 − 4·1500) / 3 = 1333.67 → 1334
    ([market("5.00"), gray("10.00"), public("85.01")], "uk-gov", None, Fraction(1, 4), 1334),
    # code-nl, ≥ half: x ≥ 10000 − 2·3333 = 3334, and exactly half is enough
    ([market("33.33"), public("66.67")], "code-nl", None, Fraction(1, 2), 3334),
    # semark, more than half: the same mix needs one cent more than code-nl
    ([market("33.33"), public("66.67")], "semark", None, Fraction(1, 2), 3335),
    # semark, market + gray exactly half: not a majority, one cent lifts it over
    ([market("40.00"), gray("10.00"), public("50.00")], "semark", None, Fraction(1, 2), 1),
]


@pytest.mark.parametrize(("rows", "standard", "given", "threshold", "expected"), GAP_CASES)
def test_gap_is_the_least_whole_cent_amount_that_reaches_the_threshold(
        tmp_path, rows, standard, given, threshold, expected):
    report = analyse_rows(tmp_path, rows, standard=standard, threshold=given)
    assert report.threshold == float(threshold)
    assert report.gap_to_threshold == expected
    assert report.verdict != "meets"

    # exact integer check: adding the gap as market income reaches t, one cent less does not
    totals = report.totals
    majority = standard == "semark"
    counted = totals.market + (totals.gray if standard in ("semark", "uk-gov") else 0)
    total = totals.income_total
    gap = report.gap_to_threshold
    assert reaches(counted + gap, total + gap, threshold, majority)
    assert not reaches(counted + gap - 1, total + gap - 1, threshold, majority)

    # and so a treasurer who books that much more in sales sees the verdict turn to meets
    more = analyse_rows(tmp_path, [*rows, market(euros(gap))], standard=standard,
                        threshold=given)
    assert more.verdict == "meets" and more.gap_to_threshold == 0
    less = analyse_rows(tmp_path, [*rows, market(euros(gap - 1))], standard=standard,
                        threshold=given)
    assert less.verdict != "meets"
    assert less.gap_to_threshold == 1


def test_gap_in_the_json_is_a_two_decimal_string(tmp_path):
    report = analyse_rows(tmp_path, [market("50.00"), public("50.01")], threshold="0.6")
    assert report.to_dict()["gap_to_threshold"] == "25.02"


def test_semark_exactly_half_is_not_a_majority(tmp_path):
    report = analyse_rows(tmp_path, [market("30.00"), gray("20.00"), public("50.00")],
                          standard="semark")
    assert report.verdict == "falls-short"
    assert verdicts(report)["code-nl"] != "meets"  # code-nl counts gray only as a range
    half = analyse_rows(tmp_path, [market("50.00"), public("50.00")])
    assert verdicts(half)["code-nl"] == "meets"  # ≥ 50%: exactly half is enough
    assert verdicts(half)["semark"] == "falls-short"  # > 50%: it is not


def test_semark_one_cent_over_half_meets(tmp_path):
    report = analyse_rows(tmp_path, [market("50.01"), public("50.00")], standard="semark")
    assert report.verdict == "meets"


# ---------------------------------------------------------------- the standards

def test_every_standard_is_reported_side_by_side_with_its_threshold_and_gray_stance(tmp_path):
    report = analyse_rows(tmp_path, [market("60.00"), public("40.00")])
    got = [(s.id, s.threshold, s.gray_as_market, s.majority) for s in report.standards]
    assert got == [
        ("lsa", 0.75, False, False),
        ("code-nl", 0.50, False, False),
        ("semark", 0.50, True, True),
        ("uk-gov", 0.25, True, False),
    ]
    assert report.standard == "lsa" and report.threshold == 0.75  # the default


@pytest.mark.parametrize(("rows", "expected"), [
    # strict 40%, broad 60%
    ([market("40.00"), gray("20.00"), public("40.00")],
     {"lsa": "falls-short", "code-nl": "gray-zone", "semark": "meets", "uk-gov": "meets"}),
    # strict 20%, broad 30%: gray as market reaches 25% only
    ([market("20.00"), gray("10.00"), public("70.00")],
     {"lsa": "falls-short", "code-nl": "falls-short", "semark": "falls-short",
      "uk-gov": "meets"}),
    # strict 60%, broad 80%
    ([market("60.00"), gray("20.00"), public("20.00")],
     {"lsa": "gray-zone", "code-nl": "meets", "semark": "meets", "uk-gov": "meets"}),
    # gray counted as market, unclassified still open: 45% sure, 55% at most
    ([market("45.00"), unclassified("10.00"), public("45.00")],
     {"lsa": "falls-short", "code-nl": "gray-zone", "semark": "gray-zone", "uk-gov": "meets"}),
], ids=["40-60", "20-30", "60-80", "unclassified-open"])
def test_each_standard_judges_the_gray_zone_its_own_way(tmp_path, rows, expected):
    report = analyse_rows(tmp_path, rows)
    assert verdicts(report) == expected
    for standard, verdict in expected.items():
        chosen = analyse_rows(tmp_path, rows, standard=standard)
        assert chosen.standard == standard
        assert chosen.threshold == float(STANDARD_THRESHOLDS[standard])
        assert chosen.verdict == verdict


@pytest.mark.parametrize("given", [0.6, "0.6", "60%", "60", "60 %", "0,6"])
def test_threshold_can_be_written_as_fraction_percent_or_number(tmp_path, given):
    rows = [market("60.00"), public("40.00")]
    report = analyse_rows(tmp_path, rows, threshold=given)
    assert report.threshold == 0.6
    assert report.verdict == "meets"
    assert [s.threshold for s in report.standards] == [0.6, 0.5, 0.5, 0.25]
    under = analyse_rows(tmp_path, [market("59.99"), public("40.01")], threshold=given)
    assert under.verdict == "falls-short"


def test_threshold_with_a_standard_keeps_that_standards_way_of_counting(tmp_path):
    rows = [market("45.00"), gray("20.00"), public("35.00")]
    semark = analyse_rows(tmp_path, rows, standard="semark", threshold="60%")
    assert semark.standard == "semark" and semark.threshold == 0.6
    assert semark.verdict == "meets"  # 45 + 20 gray counted as market = 65% > 60%
    lsa = analyse_rows(tmp_path, rows, standard="lsa", threshold="60%")
    assert lsa.verdict == "gray-zone"  # 45% for sure, 65% at most
    exactly = analyse_rows(tmp_path, [market("40.00"), gray("20.00"), public("40.00")],
                           standard="semark", threshold="60")
    assert exactly.verdict == "falls-short"  # still "more than": 60% is not over 60%
    assert [s.threshold for s in exactly.standards] == [0.75, 0.5, 0.6, 0.25]


@pytest.mark.parametrize("given", ["abc", "0", "0%", "150%", "-10", ""])
def test_a_threshold_that_is_not_a_share_is_refused(tmp_path, given):
    with pytest.raises(wijkcalc.UsageError, match="threshold"):
        analyse_rows(tmp_path, [market("1.00")], threshold=given)


def test_an_unknown_standard_names_the_ones_there_are(tmp_path):
    with pytest.raises(wijkcalc.UsageError) as caught:
        analyse_rows(tmp_path, [market("1.00")], standard="bcorp")
    message = str(caught.value)
    assert "bcorp" in message
    for known in STANDARD_THRESHOLDS:
        assert known in message


# ---------------------------------------------------------------- years

YEARS = REPORT_DATA / "years.csv"  # 2024 rows first: the order in the file does not matter


def test_the_latest_year_is_reported_by_default():
    report = analyse_files(YEARS)
    assert report.year == 2024
    assert report.pooled_years == ()
    assert (report.totals.market, report.totals.public, report.totals.gray) == (8000, 2000, 0)
    assert report.verdict == "meets"


def test_year_picks_that_year():
    report = analyse_files(YEARS, year=2022)
    assert report.year == 2022
    assert (report.totals.market, report.totals.public, report.totals.gray) == (4000, 5000, 1000)
    assert report.market_share_strict == pytest.approx(0.4)
    assert report.market_share_broad == pytest.approx(0.5)
    assert report.verdict == "falls-short"


def test_a_missing_year_is_an_error_that_lists_the_years():
    with pytest.raises(wijkcalc.UsageError) as caught:
        analyse_files(YEARS, year=2019)
    message = str(caught.value)
    assert "2019" in message
    assert "2022, 2023, 2024" in message


def test_all_years_pools_the_money_of_every_year():
    report = analyse_files(YEARS, all_years=True)
    assert report.year is None
    assert report.pooled_years == (2022, 2023, 2024)
    # market 40 + 70 + 80, gray 10 + 10, public 50 + 20 + 20
    assert (report.totals.market, report.totals.gray, report.totals.public) == (
        190_00, 20_00, 90_00)
    assert report.market_share_strict == pytest.approx(190 / 300)
    assert report.market_share_broad == pytest.approx(210 / 300)
    assert report.verdict == "falls-short"
    assert report.gap_to_threshold == 3 * 300_00 - 4 * 190_00


def test_every_year_is_listed_with_its_shares_and_verdict_whatever_year_is_reported():
    expected = [(2022, 0.4, 0.5, "falls-short"), (2023, 0.7, 0.8, "gray-zone"),
                (2024, 0.8, 0.8, "meets")]
    for options in ({}, {"year": 2022}, {"all_years": True}):
        report = analyse_files(YEARS, **options)
        got = [(y.year, y.market_share_strict, y.market_share_broad, y.verdict)
               for y in report.years]
        assert got == [(year, pytest.approx(strict), pytest.approx(broad), verdict)
                       for year, strict, broad, verdict in expected]


def test_the_years_are_judged_by_the_chosen_standard():
    report = analyse_files(YEARS, standard="code-nl")
    assert [y.verdict for y in report.years] == ["gray-zone", "meets", "meets"]


# ---------------------------------------------------------------- dependency

DEPENDENCY = REPORT_DATA / "dependency.csv"


def test_largest_payer_and_its_share_counts_one_funder_however_its_name_is_spelled():
    report = analyse_files(DEPENDENCY)
    assert report.income_total == 100_00
    # Gemeente Vlietstad 20 (subsidy) + 10 (tender) + 5 (Right to Challenge), in three spellings
    largest = report.largest_payer
    assert " ".join(largest.name.split()).casefold() == "gemeente vlietstad"
    assert largest.cents == 35_00
    assert largest.share == pytest.approx(0.35)
    assert [p.cents for p in report.payers] == [35_00, 30_00, 20_00, 10_00, 5_00]


def test_herfindahl_index_and_effective_number_of_funders():
    report = analyse_files(DEPENDENCY)
    # shares .35 .30 .20 .10 .05: .1225 + .09 + .04 + .01 + .0025
    assert report.hhi == pytest.approx(0.265)
    assert report.effective_funders == pytest.approx(1 / 0.265)
    assert report.to_dict()["largest_payer"]["share"] == pytest.approx(0.35)


def test_municipality_share_adds_subsidy_contract_and_right_to_challenge_but_not_province():
    report = analyse_files(DEPENDENCY)
    assert report.municipality_share == pytest.approx(0.35)  # not the province's 5.00


def test_no_dominance_warning_when_no_payer_brings_more_than_half():
    codes = [w.code for w in analyse_files(DEPENDENCY).warnings]
    assert "dominant_payer" not in codes


def test_one_payer_with_more_than_half_is_warned_about(tmp_path):
    report = analyse_rows(tmp_path, [("Fondsbijdrage", "Het Tafelfonds", "50.01"),
                                     market("49.99")])
    warning = next(w for w in report.warnings if w.code == "dominant_payer")
    assert warning.data["name"] == "Het Tafelfonds"
    assert warning.data["share"] == pytest.approx(0.5001)
    assert {"code": "dominant_payer", "name": "Het Tafelfonds",
            "share": pytest.approx(0.5001)} in report.to_dict()["warnings"]


def test_exactly_half_from_one_payer_is_not_more_than_half(tmp_path):
    report = analyse_rows(tmp_path, [("Fondsbijdrage", "Het Tafelfonds", "50.00"),
                                     market("50.00")])
    assert "dominant_payer" not in [w.code for w in report.warnings]


def test_residents_as_one_payer_label_do_not_make_the_enterprise_dependent(tmp_path):
    report = analyse_rows(tmp_path, [("Zaalverhuur", "bewoners", "80.00"),
                                     ("Fondsbijdrage", "Het Tafelfonds", "20.00")])
    assert report.largest_payer.name == "bewoners"
    assert report.largest_payer.share == pytest.approx(0.8)
    assert "dominant_payer" not in [w.code for w in report.warnings]


def test_the_municipality_is_counted_once_in_a_frame_joined_from_two_files():
    import pandas as pd

    classified = wijkcalc.classify(wijkcalc.load([DEPENDENCY]))
    twice = pd.concat([classified, classified])  # repeats the row labels 0..6
    report = wijkcalc.analyse(twice)
    assert report.income_total == 200_00
    assert report.municipality_share == pytest.approx(0.35)
    assert report.largest_payer.share == pytest.approx(0.35)


# ---------------------------------------------------------------- cost coverage

def test_cost_coverage_from_the_cost_rows():
    report = analyse_files(REPORT_DATA / "costs.csv")
    assert report.totals.cost == 120_00
    coverage = report.cost_coverage
    assert coverage.costs == 120_00
    assert coverage.market == pytest.approx(60 / 120)  # market ÷ costs
    assert coverage.earned == pytest.approx(75 / 120)  # (market + gray) ÷ costs
    assert report.income_total == 100_00  # the costs (and the loan) are not income
    assert report.to_dict()["cost_coverage"] == {
        "costs": "120.00", "market": pytest.approx(0.5), "earned": pytest.approx(0.625)}


def test_cost_coverage_when_costs_are_written_as_negative_amounts(tmp_path):
    path = tmp_path / "kosten.csv"
    path.write_text("jaar;categorie;betaler;bedrag;aard\n"
                    "2024;Verkoop;klanten;60,00;inkomsten\n"
                    "2024;Subsidie;Gemeente Haverdam;40,00;inkomsten\n"
                    "2024;Huur pand;Woonstichting Lindehof;-80,00;kosten\n", encoding="utf-8")
    coverage = analyse_files(path).cost_coverage
    assert coverage.costs == 80_00
    assert coverage.market == pytest.approx(0.75)
    assert coverage.earned == pytest.approx(0.75)


def test_no_cost_rows_no_cost_coverage(tmp_path):
    report = analyse_rows(tmp_path, [market("60.00"), public("40.00")])
    assert report.cost_coverage is None
    assert report.to_dict()["cost_coverage"] is None


# ---------------------------------------------------------------- warnings

def test_unclassified_money_that_could_flip_the_verdict(tmp_path):
    report = analyse_files(REPORT_DATA / "unclassified.csv")
    # market 70, unclassified 10, public 20: 70% for sure, 80% if the 10 is market
    assert report.totals.unclassified == 10_00
    assert report.verdict == "gray-zone"
    assert report.market_share_broad == pytest.approx(0.8)  # unclassified counts broadly
    warning = next(w for w in report.warnings if w.code == "unclassified")
    assert warning.data["cents"] == 10_00
    assert warning.data["share"] == pytest.approx(0.10)
    assert warning.data["could_flip_verdict"] is True
    assert {"code": "unclassified", "amount": "10.00", "share": pytest.approx(0.1),
            "could_flip_verdict": True} in report.to_dict()["warnings"]


def test_unclassified_money_too_small_to_flip_the_verdict(tmp_path):
    report = analyse_rows(tmp_path, [market("90.00"), unclassified("1.00"), public("9.00")])
    warning = next(w for w in report.warnings if w.code == "unclassified")
    assert warning.data["could_flip_verdict"] is False
    assert report.verdict == "meets"


def test_no_unclassified_warning_when_every_row_is_classified(tmp_path):
    report = analyse_rows(tmp_path, [market("90.00"), public("10.00")])
    assert "unclassified" not in [w.code for w in report.warnings]


def test_excluded_money_is_left_out_of_the_shares_and_warned_about():
    report = analyse_files(REPORT_DATA / "costs.csv")  # holds a loan of 1.000,00
    assert report.totals.excluded == 1000_00
    assert report.market_share_strict == pytest.approx(0.60)
    assert {"code": "excluded", "amount": "1000.00"} in report.to_dict()["warnings"]


def test_a_negative_class_total_is_warned_about(tmp_path):
    report = analyse_rows(tmp_path, [market("-10.00"), public("100.00")])
    warning = next(w for w in report.warnings if w.code == "negative_class_total")
    assert warning.data == {"class": "market", "cents": -10_00}
    assert {"code": "negative_class_total", "class": "market",
            "amount": "-10.00"} in report.to_dict()["warnings"]


def test_a_refund_inside_a_positive_class_is_not_a_negative_total(tmp_path):
    report = analyse_rows(tmp_path, [market("100.00"), market("-12.50"), public("10.00")])
    assert report.totals.market == 87_50
    assert "negative_class_total" not in [w.code for w in report.warnings]


# ---------------------------------------------------------------- enterprises

NETWORK = REPORT_DATA / "network.csv"


def test_many_enterprises_without_a_choice_is_an_error_naming_them():
    with pytest.raises(wijkcalc.UsageError) as caught:
        analyse_files(NETWORK)
    message = str(caught.value)
    for name in ("Buurtbedrijf De Kroon", "Stichting Buurtkamer Oost", "Wijkwinkel Het Plein"):
        assert name in message
    assert "--enterprise" in message


@pytest.mark.parametrize("asked", ["Wijkwinkel Het Plein", "wijkwinkel het plein",
                                   "WIJKWINKEL HET PLEIN"])
def test_enterprise_is_picked_case_insensitively(asked):
    report = analyse_files(NETWORK, enterprise=asked)
    assert report.enterprise == "Wijkwinkel Het Plein"
    assert report.income_total == 1000_00
    assert report.market_share_strict == pytest.approx(0.5)


def test_an_unknown_enterprise_is_an_error_naming_the_ones_there_are():
    with pytest.raises(wijkcalc.UsageError) as caught:
        analyse_files(NETWORK, enterprise="De Verfpot")
    assert "De Verfpot" in str(caught.value)
    assert "Buurtbedrijf De Kroon" in str(caught.value)
