"""Workbooks as treasurers keep them (issue 12): every sheet, a sheet per year, a summary sheet,
.ods and .xls, a column per year, and budgets kept apart from actuals (report --budget)."""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
import pytest

from wijkcalc import api
from wijkcalc.errors import InputError, InputWarning
from wijkcalc.pipeline import input_files

Sheets = dict[str, Sequence[Sequence[object]]]


def write_xlsx(path: Path, sheets: Sheets) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def write_xls(path: Path, sheets: Sheets) -> Path:
    xlwt = pytest.importorskip("xlwt")  # a test-only writer of old .xls files
    book = xlwt.Workbook()
    for title, rows in sheets.items():
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(path: Path, sheets: Sheets) -> Path:
    pytest.importorskip("odf")  # odfpy: a test-only writer of .ods files
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for title, rows in sheets.items():
        table = Table(name=title)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if value is None:
                    cell = TableCell()
                elif isinstance(value, str):
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=value))
                else:
                    cell = TableCell(valuetype="float", value=value)
                    cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


WRITERS: dict[str, Callable[[Path, Sheets], Path]] = {
    ".xlsx": write_xlsx, ".ods": write_ods, ".xls": write_xls}

# a sheet per year, a summary sheet that repeats them, and a sheet of notes
HEADER = ["Categorie", "Betaler", "Bedrag"]
PER_YEAR: Sheets = {
    "2023": [HEADER, ["Verkoop", "Bezoekers", 1000.25], ["Subsidie", "Gemeente Zwolle", 500]],
    "Jaar 2024": [HEADER, ["Verkoop", "Bezoekers", 3000.5], ["Zaalverhuur", "Bewoners", 250],
                  ["Subsidie", "Gemeente Zwolle", 750]],
    "Overzicht": [["Categorie", "2023", "2024"], ["Verkoop", 1000.25, 3000.5],
                  ["Zaalverhuur", None, 250], ["Subsidie", 500, 750]],
    "Notities": [["Ingevuld door de penningmeester"], ["Zie ook de jaarrekening"]],
}


def read(paths: list[Path], **options: object) -> tuple[list[tuple], list[str]]:
    """(year, category, cents) of every row, and the warnings said while reading."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = api.load(paths, **options)  # type: ignore[arg-type]
    years = [None if year is pd.NA else int(year) for year in frame["year"].tolist()]
    rows = sorted(zip(years, frame["category"].astype(str).tolist(),
                      frame["amount_cents"].tolist(), strict=True), key=str)
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    return rows, said


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_every_sheet_is_read_with_its_year_and_the_summary_is_not_counted_again(
        tmp_path: Path, suffix: str) -> None:
    path = WRITERS[suffix](tmp_path / f"werkmap{suffix}", PER_YEAR)
    rows, said = read([path])
    assert rows == [(2023, "Subsidie", 50000), (2023, "Verkoop", 100025),
                    (2024, "Subsidie", 75000), (2024, "Verkoop", 300050),
                    (2024, "Zaalverhuur", 25000)]
    assert f"{path}: sheets without an income table, not read: Notities" in said
    assert [s for s in said if "summary" in s] == [
        f"{path}: sheet 'Overzicht' taken as a summary of the other sheets (2023, Jaar 2024); "
        "not counted again (read it alone with --sheet)"]


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_sheet_picks_one_sheet(tmp_path: Path, suffix: str) -> None:
    path = WRITERS[suffix](tmp_path / f"werkmap{suffix}", PER_YEAR)
    assert read([path], sheet="Jaar 2024")[0] == [
        (2024, "Subsidie", 75000), (2024, "Verkoop", 300050), (2024, "Zaalverhuur", 25000)]
    # the summary alone, a column per year: one row per year and category
    assert read([path], sheet="Overzicht")[0] == [
        (2023, "Subsidie", 50000), (2023, "Verkoop", 100025),
        (2024, "Subsidie", 75000), (2024, "Verkoop", 300050), (2024, "Zaalverhuur", 25000)]


def test_a_sheet_whose_figures_equal_the_others_sums_is_a_summary(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "Bar": [["Categorie", "Bedrag"], ["Horeca", 1200]],
        "Zaal": [["Categorie", "Bedrag"], ["Zaalverhuur", 800]],
        "Blad3": [["Categorie", "Bedrag"], ["Horeca", 1200], ["Zaalverhuur", 800]],
    })
    rows, said = read([path])
    assert rows == [(None, "Horeca", 120000), (None, "Zaalverhuur", 80000)]
    assert any("sheet 'Blad3' taken as a summary of the other sheets (Bar, Zaal)" in s
               for s in said)


def test_sheets_that_do_not_add_up_to_another_are_all_counted(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "Bar": [["Categorie", "Bedrag"], ["Horeca", 1200]],
        "Zaal": [["Categorie", "Bedrag"], ["Zaalverhuur", 800]],
        "Overzicht": [["Categorie", "Bedrag"], ["Subsidie", 5000]],  # no year sheets beside it
    })
    rows, said = read([path])
    assert rows == [(None, "Horeca", 120000), (None, "Subsidie", 500000),
                    (None, "Zaalverhuur", 80000)]
    assert not [s for s in said if "summary" in s]


def test_two_sheets_of_equal_sums_are_both_counted(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "Bar": [["Categorie", "Bedrag"], ["Horeca", 1200]],
        "Zaal": [["Categorie", "Bedrag"], ["Zaalverhuur", 1200]],
    })
    assert read([path])[0] == [(None, "Horeca", 120000), (None, "Zaalverhuur", 120000)]


def test_a_sheet_year_fills_only_rows_without_one(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "2024 realisatie": [["Jaar", "Categorie", "Bedrag"], [None, "Verkoop", 10],
                            [2023, "Verkoop", 20]],
        "2025": [["Categorie", "Bedrag"], ["Verkoop", 30]],
    })
    assert read([path])[0] == [(2023, "Verkoop", 2000), (2024, "Verkoop", 1000),
                               (2025, "Verkoop", 3000)]


def test_a_bad_cell_in_a_later_sheet_names_the_file_and_line(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "2023": [["Categorie", "Bedrag"], ["Verkoop", 10]],
        "2024": [["Categorie", "Bedrag"], ["Verkoop", 10], ["Huur", "twaalf euro"]],
    })
    with pytest.raises(InputError) as caught:
        api.load([path])
    assert (caught.value.file, caught.value.line) == (str(path), 3)
    assert caught.value.message.startswith("sheet '2024': amount 'twaalf euro' is not a number")


def test_the_sheets_of_a_workbook_share_their_decimal_marks(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "2023": [["Categorie", "Bedrag"], ["Verkoop", "1.234"]],  # settled by the next sheet
        "2024": [["Categorie", "Bedrag"], ["Verkoop", "12,50"]],
    })
    assert read([path])[0] == [(2023, "Verkoop", 123400), (2024, "Verkoop", 1250)]


def test_a_chart_sheet_is_no_sheet_of_rows(tmp_path: Path) -> None:
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024"
    for row in (["Categorie", "Bedrag"], ["Verkoop", 10], ["Huur", 5]):
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=3))
    book.create_chartsheet("Grafiek").add_chart(chart)
    book.create_sheet("2023").append(["Categorie", "Bedrag"])
    book["2023"].append(["Verkoop", 7])
    book.save(tmp_path / "grafiek.xlsx")
    assert read([tmp_path / "grafiek.xlsx"])[0] == [(2023, "Verkoop", 700), (2024, "Huur", 500),
                                                    (2024, "Verkoop", 1000)]


def test_a_workbook_without_any_income_table_says_so(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {"Notities": [["Hallo"]], "Leeg": []})
    with pytest.raises(InputError) as caught:
        api.load([path])
    assert caught.value.message.startswith(
        "no sheet holds an income table; sheet 'Notities': no category or amount column")


# ---------------------------------------------------------------- a column per year

WIDE = [["Post", "Categorie", "Rekening 2023", "Realisatie 2024", "Begroting 2025"],
        ["Bar", "Horeca", 11000, 12250.5, 14000],
        ["Subsidie gemeente", "Subsidie", 36000, 35000, 20000],
        ["Zaal", "Zaalverhuur", None, "-", 9000]]


@pytest.mark.parametrize("suffix", list(WRITERS))
def test_a_column_per_year_is_a_row_per_year_and_the_budget_is_kept_apart(
        tmp_path: Path, suffix: str) -> None:
    path = WRITERS[suffix](tmp_path / f"begroting{suffix}", {"Blad1": WIDE})
    rows, said = read([path])
    assert rows == [(2023, "Horeca", 1100000), (2023, "Subsidie", 3600000),
                    (2024, "Horeca", 1225050), (2024, "Subsidie", 3500000)]
    assert said == ["3 budget rows (2025) left out: the report is on actuals; report --budget "
                    "reports on the plan"]
    assert read([path], budget=True)[0] == [(2025, "Horeca", 1400000),
                                            (2025, "Subsidie", 2000000),
                                            (2025, "Zaalverhuur", 900000)]


def test_a_csv_with_a_column_per_year(write_bytes) -> None:
    path = write_bytes("meerjaren.csv", b"Omschrijving;Categorie;2023;2024;Budget 2025\n"
                       b"Bar;Horeca;1.000,50;1.100,25;1.200\n"
                       b"Subsidie;Subsidie;500;;600\n")
    rows, _ = read([path])
    assert rows == [(2023, "Horeca", 100050), (2023, "Subsidie", 50000),
                    (2024, "Horeca", 110025)]
    frame = api.load([path], budget=True)
    assert frame["line"].tolist() == [2, 3]  # each row keeps its line in the file
    assert set(frame["plan"]) == {"budget"}


def test_actuals_and_a_budget_of_the_same_year_are_apart(write_bytes) -> None:
    path = write_bytes("rekening.csv", b"Post;Soort;Rekening 2018;Begroting 2018;Rekening 2017\n"
                       b"Verhuur;Verhuur;100;90;80\n")
    assert read([path])[0] == [(2017, "Verhuur", 8000), (2018, "Verhuur", 10000)]
    assert read([path], budget=True)[0] == [(2018, "Verhuur", 9000)]


def test_a_budget_sheet_is_a_budget(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "2024": [["Categorie", "Bedrag"], ["Verkoop", 100]],
        "Begroting 2025": [["Categorie", "Bedrag"], ["Verkoop", 300]],
    })
    assert read([path])[0] == [(2024, "Verkoop", 10000)]
    assert read([path], budget=True)[0] == [(2025, "Verkoop", 30000)]


def test_report_budget_reports_on_the_plan_and_says_so(cli, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "begroting.xlsx", {"Blad1": WIDE})
    actual = json.loads(cli("report", path, "--format", "json").stdout)
    assert (actual["year"], actual["income_total"]) == (2024, "47250.50")
    assert "budget" not in [w["code"] for w in actual["warnings"]]
    result = cli("report", path, "--budget", "--format", "json")
    planned = json.loads(result.stdout)
    assert (planned["year"], planned["income_total"]) == (2025, "43000.00")
    assert planned["totals"]["market"] == "23000.00"  # bar 14,000 + room rent 9,000
    assert planned["warnings"][0] == {"code": "budget", "year": 2025}
    assert api.report_files([path], budget=True).to_dict() == planned
    dutch = cli("report", path, "--budget", "--lang", "nl", "--no-color").stdout
    assert "Dit rapport gaat over de begroting voor 2025: een plan, niet wat er gebeurd is." \
        in " ".join(dutch.split())
    english = cli("report", path, "--budget", "--lang", "en", "--no-color").stdout
    assert "This report is on the budget for 2025: a plan, not what happened." \
        in " ".join(english.split())


def test_report_budget_without_a_budget_is_one_clear_line(cli, one_line_error,
                                                         tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {"2024": [["Categorie", "Bedrag"], ["Verkoop", 1]]})
    one_line_error(cli("report", path, "--budget"),
                   "the input holds no budget: --budget reports on a budget column or sheet")


# ---------------------------------------------------------------- .ods and .xls files

@pytest.mark.parametrize("name", ["oud.xls", "oud.csv"])
def test_a_damaged_xls_is_said_to_be_one(write_bytes, name: str) -> None:
    path = write_bytes(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(InputError) as caught:
        api.load([path])
    assert caught.value.file == str(path)
    assert caught.value.message.startswith("cannot be read as an Excel .xls file (")
    assert caught.value.message.endswith("open it in a spreadsheet and save it as .xlsx, or "
                                         "export it as CSV")


def test_text_named_xls_or_ods_is_read_as_the_text_it_is(write_bytes) -> None:
    for name in ("export.xls", "export.ods"):
        path = write_bytes(name, b"Categorie;Bedrag\nVerkoop;12,50\n")
        assert api.load([path])["amount_cents"].tolist() == [1250]


def test_a_folder_picks_up_ods_and_xls(tmp_path: Path) -> None:
    folder = tmp_path / "leden"
    folder.mkdir()
    one = {"2024": [["Categorie", "Bedrag"], ["Verkoop", 1]]}
    paths = [write_xlsx(folder / "a.xlsx", one), write_ods(folder / "b.ods", one),
             write_xls(folder / "c.xls", one)]
    assert input_files([folder]) == paths
    comparison = api.compare([folder])
    assert sorted(row.report.enterprise for row in comparison.rows) == ["a", "b", "c"]


def test_a_fault_in_a_sheet_that_holds_a_table_names_the_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "boek.xlsx", {
        "2023": [["Categorie", "Bedrag"], ["Verkoop", 10]],
        "2024": [["Categorie", "Bedrag", *(f"kolom {n}" for n in range(1100))],
                 ["Verkoop", 10]],
    })
    with pytest.raises(InputError) as caught:
        api.load([path])
    assert (caught.value.file, caught.value.line) == (str(path), 1)
    assert caught.value.message.startswith("sheet '2024': the header has 1102 columns; wijkcalc "
                                           "reads at most 1024")


def test_an_ods_that_is_no_workbook_is_said_to_be_one(write_bytes) -> None:
    path = write_bytes("kapot.ods", b"PK\x03\x04" + b"\x00garbage" * 20)
    with pytest.raises(InputError) as caught:
        api.load([path])
    assert caught.value.message == ("cannot be read as an OpenDocument .ods file (File is not a "
                                    "zip file); open it in a spreadsheet and save it as .xlsx, "
                                    "or export it as CSV")
