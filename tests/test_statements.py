"""Statements of income and expenditure as treasurers and annual accounts write them (issue 12):
sections, headings, totals that are checked and left out, result lines, interest, thousands."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from test_workbooks import WRITERS
from wijkcalc import api
from wijkcalc.errors import InputError, InputWarning
from wijkcalc.sources import statement

# a statement in one column, a column per year and a budget, headings without a header above
# the labels; every total adds up, the rounding of "Totaal lasten" aside
STATEMENT = [
    [None, "Rekening 2024", "Begroting 2025", "Rekening 2023"],
    ["BEDRIJFSOPBRENGSTEN", None, None, None],
    ["Subsidies:", None, None, None],
    ["Subsidie gemeente", 40000, 42000, 38000],
    ["Bijdrage fondsen", 12000.5, 10000, 15000],
    ["Subtotaal subsidies", 52000.5, 52000, 53000],
    ["Omzet horeca", 30000, 35000, 27000],
    ["Verhuur zalen", 18000, 20000, "-"],
    ["Bedrijfsopbrengsten", 100000.5, 107000, 80000],
    ["Financiële baten", 150, 100, 90],
    ["LASTEN", None, None, None],
    ["Personeelskosten", 60000, 62000, 58000],
    ["Huisvestingskosten", 25000, 26000, 24000],
    ["Huurderving", 500, None, 250],
    ["Totaal lasten", 85500, 88000, 82250],
    ["Bedrijfsresultaat voordelig", 14500.5, 19000, -2250],
    ["Resultaat", 14650.5, 19100, -2160],
]
# (year, description, kind, class, cents) of the actuals it holds
ACTUALS = [
    (2023, "Bijdrage fondsen", "income", "", 1500000),
    (2023, "Financiële baten", "income", "", 9000),
    (2023, "Huisvestingskosten", "cost", "", 2400000),
    (2023, "Huurderving", "cost", "", 25000),
    (2023, "Omzet horeca", "income", "", 2700000),
    (2023, "Personeelskosten", "cost", "", 5800000),
    (2023, "Subsidie gemeente", "income", "", 3800000),
    (2024, "Bijdrage fondsen", "income", "", 1200050),
    (2024, "Financiële baten", "income", "", 15000),
    (2024, "Huisvestingskosten", "cost", "", 2500000),
    (2024, "Huurderving", "cost", "", 50000),
    (2024, "Omzet horeca", "income", "", 3000000),
    (2024, "Personeelskosten", "cost", "", 6000000),
    (2024, "Subsidie gemeente", "income", "", 4000000),
    (2024, "Verhuur zalen", "income", "", 1800000),
]


def rows_of(paths: list[Path], **options: object) -> tuple[list[tuple], list[str]]:
    """(year, description, kind, class, cents) of every row, and the warnings said."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = api.load(paths, **options)  # type: ignore[arg-type]
    years = [None if year is pd.NA else int(year) for year in frame["year"].tolist()]
    rows = sorted(zip(years, frame["description"].astype(str), frame["kind"].astype(str),
                      frame["class"].astype(str), frame["amount_cents"].tolist(), strict=True),
                  key=str)
    return rows, [str(w.message) for w in caught if issubclass(w.category, InputWarning)]


def as_csv(rows: list[list[object]], path: Path) -> Path:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.2f}".replace(".", ",")
        return str(value)

    path.write_text("\n".join(";".join(cell(v) for v in row) for row in rows) + "\n",
                    encoding="utf-8")
    return path


def write(kind: str, rows: list[list[object]], path: Path) -> Path:
    if kind == ".csv":
        return as_csv(rows, path.with_suffix(".csv"))
    return WRITERS[kind](path.with_suffix(kind), {"Staat": rows})


@pytest.mark.parametrize("kind", [".csv", *WRITERS])
def test_a_statement_reads_as_income_and_cost_rows(tmp_path: Path, kind: str) -> None:
    path = write(kind, STATEMENT, tmp_path / "staat")
    rows, said = rows_of([path])
    assert rows == ACTUALS
    assert f"{path}: read as a statement: 3 headings, 3 totals and 2 result lines left out; " \
        "the totals add up to their rows" \
        in said
    budget, _ = rows_of([path], budget=True)
    assert sum(row[4] for row in budget if row[2] == "income") == 10700000 + 10000


def test_the_report_counts_the_statement_income_only(tmp_path: Path) -> None:
    path = write(".xlsx", STATEMENT, tmp_path / "staat")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = api.report_files([path]).to_dict()
    # 2024: market 30,000 + 18,000; public 40,000 + 12,000.50; interest left out
    assert report["year"] == 2024
    assert report["income_total"] == "100000.50"
    assert report["totals"]["excluded"] == "150.00"  # the rule financial-income
    assert report["totals"]["cost"] == "85500.00"
    assert report["market_share_strict"] == pytest.approx(48000 / 100000.5)


def test_a_total_that_does_not_add_up_is_said_with_both_figures(tmp_path: Path) -> None:
    rows = [list(row) for row in STATEMENT]
    rows[14] = ["Totaal lasten", 85000, 88000, 82250]  # 500 short in 2024
    path = write(".csv", rows, tmp_path / "staat")
    found, said = rows_of([path])
    assert found == ACTUALS  # the rows are counted all the same
    assert f"{path}:15: the total 'Totaal lasten' (Rekening 2024) says 85,000, but the rows " \
        "above it add up to 85,500: the rows are counted, the total is left out; check the " \
        "sheet" in said
    assert any("2 of 3 totals add up to their rows" in line for line in said)


# the first example of the issue: a "Totaal" row in a plain income table
PLAIN = ("Omschrijving;Categorie;Betaler;Bedrag\nBar;Horeca;Bezoekers;12.250,50\n"
         "Subsidie;Subsidie;Gemeente Zwolle;35.000,00\nTotaal;;;47.250,50\n")


def test_a_total_row_of_a_plain_table_is_not_income(tmp_path: Path) -> None:
    path = tmp_path / "kroon.csv"
    path.write_text(PLAIN, encoding="utf-8")
    rows, said = rows_of([path])
    assert [(r[1], r[4]) for r in rows] == [("Bar", 1225050), ("Subsidie", 3500000)]
    assert said == [f"{path}: 1 total left out; the total adds up to its rows"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert api.report_files([path]).to_dict()["income_total"] == "47250.50"


def test_a_total_of_a_plain_table_that_does_not_add_up_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "kroon.csv"
    path.write_text(PLAIN.replace("Totaal;;;47.250,50", "Totaal;;;47.000,00"), encoding="utf-8")
    _, said = rows_of([path])
    assert f"{path}:4: the total 'Totaal' says 47,000, but the rows above it add up to " \
        "47,250.50: the rows are counted, the total is left out; check the sheet" in said


def test_a_two_column_list_with_a_total(tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("Post;Bedrag\nVerhuur zaal;1.200,00\nSubsidie gemeente;5.000,00\n"
                    "Som;6.200,00\n", encoding="utf-8")
    rows, said = rows_of([path])
    assert [(r[1], r[4]) for r in rows] == [("Subsidie gemeente", 500000),
                                            ("Verhuur zaal", 120000)]
    assert said == [f"{path}: 1 total left out; the total adds up to its rows"]


@pytest.mark.parametrize("kind", [".csv", ".xlsx"])
def test_amounts_in_thousands_are_scaled_and_rounding_is_no_error(tmp_path: Path,
                                                                  kind: str) -> None:
    rows = [["Omschrijving", "Rekening 2024 (x € 1.000)"], ["Baten", None],
            ["Verkoop", 12.0], ["Subsidie", 7.0], ["Totaal baten", 20.0],  # 19 rounds to 20
            ["Lasten", None], ["Kosten", 15.0], ["Resultaat", 4.0]]
    path = write(kind, rows, tmp_path / "jaarrekening")
    found, said = rows_of([path])
    assert found == [(2024, "Kosten", "cost", "", 1500000),
                     (2024, "Subsidie", "income", "", 700000),
                     (2024, "Verkoop", "income", "", 1200000)]
    assert any(line.endswith("the total adds up to its rows after rounding to thousands; "
                             "the amounts are in thousands of euros") for line in said)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = api.report_files([path]).to_dict()
    assert {"code": "thousands"} in [{"code": w["code"]} for w in report["warnings"]]


@pytest.mark.parametrize("line", ["Bedragen x € 1.000", "(x € 1.000)", "in duizenden euro",
                                  "Amounts in thousands of euros", "x €1000"])
def test_what_says_thousands(line: str) -> None:
    assert statement.THOUSANDS.search(line)


@pytest.mark.parametrize("line", ["Rekening 2024", "Bijdrage 1.000 leden", "x 100"])
def test_what_does_not_say_thousands(line: str) -> None:
    assert not statement.THOUSANDS.search(line)


@pytest.mark.parametrize(("label", "expected"), [
    ("Totaal", "total"), ("Subtotaal subsidies", "total"), ("Total income", "total"),
    ("Som", "total"), ("Som der baten", "total"), ("SUM(1)", ""), ("Totaal baten", "total"),
    ("Resultaat", "result"), ("Saldo", "result"),
    ("Renteresultaat", "result"), ("Bedrijfsresultaat nadelig", "result"), ("V", ""),
    ("Nadelig", "result"),
    ("Rentebaten", "income"), ("BATEN", "income"),
    ("Bedrijfsopbrengsten", "income"), ("Lasten:", "cost"), ("Uitgaven", "cost"),
    ("Personeelskosten", "cost"), ("Verhuur zalen", ""), ("Subsidie gemeente", ""),
    ("Totaalpakket verhuur", ""), ("Baten en lasten", ""),
])
def test_what_a_label_says(label: str, expected: str) -> None:
    assert statement.role(label) == expected


def test_an_empty_amount_in_a_plain_table_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gewoon.csv"
    path.write_text("Categorie;Betaler;Bedrag\nVerkoop;Bewoners;10,00\nHuur;Bewoners;\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:  # not a heading: the table has no sections
        rows_of([path])
    assert (caught.value.line, caught.value.message.split(";")[0]) == (3, "amount is empty")


def test_the_json_of_a_statement_report_is_json(tmp_path: Path) -> None:
    path = write(".csv", STATEMENT, tmp_path / "staat")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = json.dumps(api.report_files([path]).to_dict())
    assert json.loads(text)["enterprise"] == "staat"


def test_a_list_without_categories_is_classified_by_description_and_says_so(
        tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("Omschrijving;Bedrag\nVerhuur zaal;1.200,00\nSubsidie gemeente;5.000,00\n"
                    "Diversen;300,00\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = api.report_files([path]).to_dict()
    notice = next(w for w in report["warnings"] if w["code"] == "by_description")
    assert notice["share"] == pytest.approx(300 / 6500)
    assert report["totals"]["market"] == "1200.00"
    assert report["totals"]["public"] == "5000.00"


def test_a_table_with_categories_is_not_said_to_lack_them(tmp_path: Path) -> None:
    path = tmp_path / "tabel.csv"
    path.write_text("Categorie;Bedrag\nVerhuur;1.200,00\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = api.report_files([path]).to_dict()
    assert "by_description" not in [w["code"] for w in report["warnings"]]


@pytest.mark.parametrize("kind", list(WRITERS))
def test_a_sheet_per_year_each_with_a_budget_column(tmp_path: Path, kind: str) -> None:
    sheets = {
        "2023": [["Post", "Realisatie", "Begroting 2024"], ["Verhuur", 1000, 1100],
                 ["Subsidie gemeente", 3000, 2500], ["Totaal", 4000, 3600]],
        "2024": [["Post", "Realisatie", "Begroting 2025"], ["Verhuur", 1500, 1800],
                 ["Subsidie gemeente", 2500, 2000], ["Totaal", 4000, 3800]],
    }
    path = WRITERS[kind](tmp_path / f"jaren{kind}", sheets)
    actuals, _ = rows_of([path])
    assert [(r[0], r[1], r[4]) for r in actuals] == [
        (2023, "Subsidie gemeente", 300000), (2023, "Verhuur", 100000),
        (2024, "Subsidie gemeente", 250000), (2024, "Verhuur", 150000)]
    budget, _ = rows_of([path], budget=True)
    assert [(r[0], r[1], r[4]) for r in budget] == [
        (2024, "Subsidie gemeente", 250000), (2024, "Verhuur", 110000),
        (2025, "Subsidie gemeente", 200000), (2025, "Verhuur", 180000)]


def test_a_result_line_with_its_v_mark_is_neither_income_nor_cost(tmp_path: Path) -> None:
    path = tmp_path / "staat.csv"
    path.write_text("Omschrijving;Bedrag;\nBaten;;\nVerhuur;1.000,00;\nSubsidie;2.000,00;\n"
                    "Totaal baten;3.000,00;\nLasten;;\nHuur;2.500,00;\nResultaat;500,00;V\n",
                    encoding="utf-8")
    rows, said = rows_of([path])
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("Huur", "cost", 250000), ("Subsidie", "income", 200000), ("Verhuur", "income", 100000)]
    assert said == [f"{path}: read as a statement: 2 headings, 1 total and 1 result line left "
                    "out; the total adds up to its rows"]


def test_a_statement_with_nothing_left_out_says_no_zero_headings() -> None:
    nothing = statement._Checked(0, 0, ())
    assert statement._said("staat.csv", statement=True, headings=0, totals=0, checked=nothing,
                           results=0, scale=1) == ()
    said = statement._said("staat.csv", statement=True, headings=0, totals=1,
                           checked=statement._Checked(1, 0, ()), results=0, scale=1)
    assert [str(line) for line in said] == [
        "staat.csv: read as a statement: 1 total left out; the total adds up to its rows"]
