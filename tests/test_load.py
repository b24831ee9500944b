"""Loading income files (DESIGN §2): dialects, encodings, Excel, headers, years, many files."""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import pytest

import wijkcalc
from wijkcalc.errors import InputError
from wijkcalc.pipeline import load
from wijkcalc.sources.cells import COLUMNS

# One row with text that differs between encodings: é, è, ö and the euro sign.
ACCENTED = ("Jaar;Omschrijving;Categorie;Betaler;Bedrag\r\n"
            "2024;Café De Linde;Horeca;bezoekers;€ 1.234,56\r\n"
            "2024;Verhuur grote zaal;Zaalverhuur;Crèche Zonnestraal B.V.;850,00\r\n"
            "2024;Bijdrage;Fondsbijdrage;Buurtcoöperatie;12,50\r\n")


def test_amount_forms_file_gives_exact_cents(data_dir: Path) -> None:
    frame = load([data_dir / "amount_forms.csv"])
    assert frame["amount_cents"].dtype == "int64"
    assert frame["amount_cents"].tolist() == [123456, 123456, 123456, -1250, 340604, 123456,
                                              123400]
    # lines are counted as an editor counts them: the header is line 1
    assert frame["line"].tolist() == [2, 3, 4, 5, 6, 7, 8]


def test_canonical_columns_come_first_in_order(data_dir: Path) -> None:
    frame = load([data_dir / "odd_headers.csv"])
    assert tuple(frame.columns[: len(COLUMNS)]) == COLUMNS


def test_library_entry_point_is_load(data_dir: Path) -> None:
    frame = wijkcalc.load([data_dir / "english.csv"])
    assert frame["amount_cents"].tolist() == [1680000, 842050, 960000, 1250000]


# ---------------------------------------------------------------- encodings

@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-8", b""),
    ("utf-8", b"\xef\xbb\xbf"),
    ("cp1252", b""),
])
def test_encodings(write_bytes, encoding: str, bom: bytes) -> None:
    raw = bom + ACCENTED.encode(encoding)
    # the bytes really differ: é is one byte in cp1252 and two in UTF-8
    assert (b"Caf\xe9 " in raw) == (encoding == "cp1252")
    assert (b"Caf\xc3\xa9 " in raw) == (encoding == "utf-8")
    frame = load([write_bytes("linde.csv", raw)])
    # the BOM does not stick to the first header: "Jaar" is found and read as the year
    assert frame["year"].tolist() == [2024, 2024, 2024]
    assert frame["description"].tolist() == ["Café De Linde", "Verhuur grote zaal", "Bijdrage"]
    assert frame["payer"].tolist() == ["bezoekers", "Crèche Zonnestraal B.V.", "Buurtcoöperatie"]
    assert frame["amount_cents"].tolist() == [123456, 85000, 1250]


def test_text_in_neither_utf8_nor_cp1252_is_an_error(write_bytes) -> None:
    # 0x81 is undefined in cp1252 and invalid as a UTF-8 start byte
    path = write_bytes("weird.csv", b"Categorie;Bedrag\nVerkoop\x81;10\n")
    with pytest.raises(InputError) as caught:
        load([path])
    assert "neither UTF-8 nor Windows-1252" in caught.value.message
    assert caught.value.file == str(path)


# ---------------------------------------------------------------- separators

@pytest.mark.parametrize(("name", "separator"), [
    ("english.csv", ","), ("amount_forms.csv", ";"), ("tabs.tsv", "\t")])
def test_fixture_separators(data_dir: Path, name: str, separator: str) -> None:
    first = (data_dir / name).read_text("utf-8").splitlines()[0]
    assert separator in first  # the fixture is what the test says it is
    frame = load([data_dir / name])
    assert (frame["category"] != "").all()
    assert (frame["amount_cents"] != 0).all()


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_separator_is_detected(write_bytes, separator: str) -> None:
    header = separator.join(["Jaar", "Omschrijving", "Categorie", "Bedrag"])
    row = separator.join(["2024", "Verkoop", "Verkoop", '"1.234,56"' if separator == ","
                          else "1.234,56"])
    path = write_bytes("sep.txt", f"{header}\n{row}\n".encode())
    frame = load([path])
    assert frame["category"].tolist() == ["Verkoop"]
    assert frame["amount_cents"].tolist() == [123456]


def test_tab_file_values(data_dir: Path) -> None:
    frame = load([data_dir / "tabs.tsv"])
    assert frame["year"].tolist() == [2023, 2024, 2024]
    assert frame["description"].tolist() == ["Huur generatiehuis", "Ledencontributie",
                                             "Sociale hypotheek"]
    assert frame["payer"].tolist() == ["huurders", "leden", "SVn"]
    assert frame["amount_cents"].tolist() == [960000, 225050, 15000000]


def test_semicolon_file_keeps_commas_inside_cells(write_bytes) -> None:
    path = write_bytes("komma.csv", b"Categorie;Omschrijving;Bedrag\n"
                                    b"Verkoop;Koffie, thee en taart;12,50\n")
    frame = load([path])
    assert frame["description"].tolist() == ["Koffie, thee en taart"]
    assert frame["amount_cents"].tolist() == [1250]


def test_comma_file_with_quoted_amounts(data_dir: Path) -> None:
    frame = load([data_dir / "english.csv"])
    assert frame["amount_cents"].tolist() == [1680000, 842050, 960000, 1250000]
    assert frame["payer"].tolist()[0] == "Kantoorpark Zuid B.V."


# ---------------------------------------------------------------- Excel

def _book(make_xlsx) -> Path:
    return make_xlsx("oost.xlsx", {
        "Inkomsten": [
            ["Datum", "Omschrijving", "Categorie", "Financier", "Bedrag (EUR)"],
            [datetime.datetime(2023, 12, 31, 23, 59), "Verkoop december", "Verkoop",
             "particulieren", 1234.56],
            [datetime.date(2024, 1, 2), "Verhuur werkplaats", "Verhuur", "huurders", 1650],
            [datetime.datetime(2024, 6, 10), "Opdracht", "Opdrachten gemeente",
             "Gemeente Haverdam", 3406.04],
            [None, None, None, None, None],  # an empty row in the middle is skipped
            [datetime.datetime(2024, 7, 1), "Tekstbedrag", "Verkoop", "particulieren",
             "1.234,50"],
        ],
        "2022": [
            ["Jaar", "Categorie", "Bedrag"],
            [2022, "Subsidie", 5000],
            [2022.0, "Huur", 0.1],
        ],
    })


def test_xlsx_numeric_amounts_and_date_cells(make_xlsx) -> None:
    frame = load([_book(make_xlsx)])  # every sheet that holds an income table (issue 12)
    assert frame["amount_cents"].tolist() == [123456, 165000, 340604, 123450, 500000, 10]
    assert frame["year"].tolist() == [2023, 2024, 2024, 2024, 2022, 2022]
    assert frame["category"].tolist() == ["Verkoop", "Verhuur", "Opdrachten gemeente", "Verkoop",
                                          "Subsidie", "Huur"]
    assert frame["payer"].tolist()[2] == "Gemeente Haverdam"
    # the Excel row number, counting the header row as 1 and the skipped empty row too
    assert frame["line"].tolist() == [2, 3, 4, 6, 2, 3]
    assert frame["enterprise"].astype(str).tolist() == ["oost"] * 6


def test_xlsx_second_sheet_by_name(make_xlsx) -> None:
    frame = load([_book(make_xlsx)], sheet="2022")
    assert frame["year"].tolist() == [2022, 2022]
    assert frame["category"].tolist() == ["Subsidie", "Huur"]
    assert frame["amount_cents"].tolist() == [500000, 10]


def test_xlsx_missing_sheet_lists_the_sheets(make_xlsx) -> None:
    path = _book(make_xlsx)
    with pytest.raises(InputError) as caught:
        load([path], sheet="2025")
    assert str(caught.value) == f"{path}: has no sheet '2025'; its sheets are: Inkomsten, 2022"


def test_xlsx_empty_amount_cell_is_an_empty_amount(make_xlsx) -> None:
    path = make_xlsx("leeg.xlsx", {"Blad1": [["Categorie", "Bedrag"], ["Verkoop", 10],
                                             ["Huur", None]]})
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.line == 3
    assert caught.value.message.startswith("amount is empty")


# ---------------------------------------------------------------- headers

def test_headers_are_case_accent_and_space_insensitive(data_dir: Path) -> None:
    # JAAR; " Omschrijving "; CATEGORIE; Betáler; Bedrag (EUR); Notitie
    frame = load([data_dir / "odd_headers.csv"])
    assert frame["year"].tolist() == [2024, 2024]
    assert frame["description"].tolist() == ["Zaalverhuur feest", "Subsidie"]
    assert frame["category"].tolist() == ["Zaalverhuur", "Subsidie"]
    assert frame["payer"].tolist() == ["bewoners", "Gemeente Vlietstad"]
    assert frame["amount_cents"].tolist() == [25000, 500000]
    # an unknown extra column is kept (and ignored by the rules)
    assert frame["Notitie"].tolist() == ["betaald per pin", ""]


@pytest.mark.parametrize(("header", "row", "expected"), [
    ("Category;Amount", "Verkoop;12,50", {}),
    ("categorie;bedrag", "Verkoop;12,50", {}),
    ("CATEGORIE;Bedrag (EUR)", "Verkoop;12,50", {}),
    ("Soort;Amount (EUR)", "Verkoop;12,50", {}),
    ("Type;BEDRAG", "Verkoop;12,50", {}),
    ("Catégorie; bedrag ", "Verkoop;12,50", {}),
    ("Organisation;Year;Stream;Category;Source;Amount", "X;2024;D;Verkoop;P;12,50",
     {"enterprise": "X", "year": 2024, "description": "D", "payer": "P"}),
    ("Wijkonderneming;Boekjaar;Inkomstenstroom;Categorie;Financier;Bedrag",
     "X;2024;D;Verkoop;P;12,50",
     {"enterprise": "X", "year": 2024, "description": "D", "payer": "P"}),
    ("Naam;Jaar;Post;Rubriek;Tegenpartij;Bedrag", "X;2024;D;Verkoop;P;12,50",
     {"enterprise": "X", "year": 2024, "description": "D", "payer": "P"}),
    ("organization;year;description;category;funder;amount", "X;2024;D;Verkoop;P;12,50",
     {"enterprise": "X", "year": 2024, "description": "D", "payer": "P"}),
    ("Bedrag;Betaler;Omschrijving;Categorie", "12,50;P;D;Verkoop",  # any column order
     {"description": "D", "payer": "P"}),
])
def test_dutch_and_english_column_names(write_bytes, header: str, row: str,
                                        expected: dict[str, object]) -> None:
    path = write_bytes("kolommen.csv", f"{header}\n{row}\n".encode())
    frame = load([path])
    assert frame["category"].tolist() == ["Verkoop"]
    assert frame["amount_cents"].tolist() == [1250]
    for column, value in expected.items():
        got = frame[column].astype(object).tolist()[0]
        assert (str(got) if column == "enterprise" else got) == value, column


def test_optional_columns_have_defaults(write_bytes) -> None:
    path = write_bytes("minimaal.csv", b"Categorie;Bedrag\nVerkoop;10\n")
    frame = load([path])
    assert frame["enterprise"].astype(str).tolist() == ["minimaal"]  # the file's stem
    assert frame["year"].isna().all()
    assert frame["description"].tolist() == [""]
    assert frame["payer"].tolist() == [""]
    assert frame["kind"].astype(str).tolist() == ["income"]
    assert frame["class"].astype(str).tolist() == [""]
    assert frame["file"].astype(str).tolist() == [str(path)]


def test_kind_payer_type_and_class_labels_in_either_language(write_bytes) -> None:
    path = write_bytes("labels.csv", (
        b"Categorie;Bedrag;Aard;Soort betaler;Klasse\n"
        b"Verkoop;10;inkomsten;Overheid;Markt\n"
        b"Huur;10;Kosten;;grijze zone\n"
        b"Verkoop;10;income;fund;\n"
        b"Verkoop;10;;;uitgesloten\n"))
    frame = load([path])
    assert frame["kind"].astype(str).tolist() == ["income", "cost", "income", "income"]
    assert frame["payer_type"].astype(str).tolist() == ["government", "", "fund", ""]
    assert frame["class"].astype(str).tolist() == ["market", "gray", "", "excluded"]


def test_unknown_class_label_is_an_error_naming_the_line(write_bytes) -> None:
    path = write_bytes("klasse.csv", b"Categorie;Bedrag;Klasse\nVerkoop;10;markt\n"
                                     b"Huur;10;misschien\n")
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.line == 3
    assert caught.value.message.startswith("class is 'misschien'; expected one of: market")


# ---------------------------------------------------------------- years

def test_year_from_a_date_column(data_dir: Path) -> None:
    # 2024-03-01, 1-3-2024, 01/03/2023, 31-12-2022
    frame = load([data_dir / "dates.csv"])
    assert frame["year"].tolist() == [2024, 2024, 2023, 2022]
    assert str(frame["year"].dtype) == "Int64"


@pytest.mark.parametrize(("column", "cell", "year"), [
    ("Jaar", "2024", 2024),
    ("Boekjaar", "2021", 2021),
    ("Year", "2023", 2023),
    ("Datum", "2024-03-01", 2024),
    ("Datum", "1-3-2024", 2024),
    ("Datum", "01/03/2024", 2024),
    ("Date", "20240301", 2024),
    ("Boekdatum", "15-01-2022 10:30", 2022),
])
def test_year_cells(write_bytes, column: str, cell: str, year: int) -> None:
    path = write_bytes("jaar.csv", f"{column};Categorie;Bedrag\n{cell};Verkoop;10\n".encode())
    assert load([path])["year"].tolist() == [year]


def test_year_column_wins_over_a_date_column(write_bytes) -> None:
    path = write_bytes("beide.csv", b"Datum;Boekjaar;Categorie;Bedrag\n"
                                    b"2023-12-28;2024;Verkoop;10\n")
    assert load([path])["year"].tolist() == [2024]


def test_bad_year_is_an_error_naming_line_and_value(write_bytes) -> None:
    path = write_bytes("jaar.csv", b"Jaar;Categorie;Bedrag\n2024;Verkoop;10\n"
                                   b"vorig jaar;Huur;10\n")
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.line == 3
    assert caught.value.message == "year is 'vorig jaar'; expected a year such as 2024"


# ---------------------------------------------------------------- enterprises and files

def test_one_file_with_many_enterprises(data_dir: Path) -> None:
    frame = load([data_dir / "many_enterprises.csv"])
    assert frame["enterprise"].astype(str).tolist() == [
        "Buurtbedrijf De Kroon", "Buurtbedrijf De Kroon", "Wijkwinkel Het Plein",
        "Wijkwinkel Het Plein", "Buurtcoöperatie Zuidrand", "Buurtcoöperatie Zuidrand"]
    totals = frame.groupby("enterprise", observed=True)["amount_cents"].sum().to_dict()
    assert totals == {"Buurtbedrijf De Kroon": 5125080, "Wijkwinkel Het Plein": 3600000,
                      "Buurtcoöperatie Zuidrand": 1375000}


def test_empty_enterprise_cell_is_an_error(write_bytes) -> None:
    path = write_bytes("netwerk.csv", b"Organisatie;Categorie;Bedrag\nDe Kroon;Verkoop;10\n"
                                      b";Verkoop;10\n")
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.line == 3
    assert "enterprise cell is empty" in caught.value.message


def test_several_files_at_once(data_dir: Path, make_xlsx) -> None:
    files = [data_dir / "english.csv", data_dir / "tabs.tsv", _book(make_xlsx)]
    frame = load(files)
    assert len(frame) == 4 + 3 + 6  # the workbook's two sheets
    assert frame["enterprise"].astype(str).tolist() == ["english"] * 4 + ["tabs"] * 3 + \
        ["oost"] * 6
    assert frame["file"].astype(str).tolist() == [str(f) for f in files[:1]] * 4 + \
        [str(files[1])] * 3 + [str(files[2])] * 6
    assert frame["line"].tolist() == [2, 3, 4, 5, 2, 3, 4, 2, 3, 4, 6, 2, 3]
    assert int(frame["amount_cents"].sum()) == (1680000 + 842050 + 960000 + 1250000
                                                + 960000 + 225050 + 15000000
                                                + 123456 + 165000 + 340604 + 123450
                                                + 500000 + 10)
    assert frame.index.tolist() == list(range(len(frame)))


def test_no_files_is_an_error() -> None:
    with pytest.raises(InputError, match="no input files"):
        load([])


# ---------------------------------------------------------------- bad input, as the library sees it

@pytest.mark.parametrize(("name", "line", "start"), [
    ("bad_extra_field.csv", 5, "found 5 fields, the header has 4; amounts with a decimal comma "
                               "must be in quotes"),
    ("bad_fewer_fields.csv", 3, "found 3 fields, the header has 4"),
    ("bad_missing_column.csv", 1, "no amount column; columns found: 'Naam', "
                                  "'Omschrijving', 'Soort betaler', 'Euro'"),
    ("bad_amount_text.csv", 3, "amount 'twaalf euro' is not a number"),
    ("bad_amount_ambiguous.csv", 3, "amount '1.234' is ambiguous"),
    ("bad_amount_decimals.csv", 3, "amount '12,345' has more than two decimals"),
    ("bad_amount_empty.csv", 3, "amount is empty"),
    ("bad_only_header.csv", None, "only a header, no income rows"),
    ("bad_empty.csv", None, "file is empty"),
])
def test_bad_files_raise_input_error_with_file_and_line(data_dir: Path, name: str,
                                                        line: int | None, start: str) -> None:
    path = data_dir / name
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.file == str(path)
    assert caught.value.line == line
    assert caught.value.message.startswith(start), caught.value.message


def test_line_numbers_count_crlf_and_multiline_cells_like_an_editor(data_dir: Path,
                                                                    write_bytes) -> None:
    crlf = (data_dir / "bad_extra_field.csv").read_bytes().replace(b"\n", b"\r\n")
    with pytest.raises(InputError) as caught:
        load([write_bytes("crlf.csv", crlf)])
    assert caught.value.line == 5


def test_multiline_cell_is_one_row_and_later_lines_are_right(write_bytes) -> None:
    path = write_bytes("meer.csv", b'Omschrijving;Categorie;Bedrag\n"twee\nregels";Verkoop;10\n'
                                   b'\nverder;Huur;20\n')
    frame = load([path])
    assert frame["description"].tolist() == ["twee\nregels", "verder"]
    assert frame["line"].tolist() == [2, 5]


def test_frame_is_a_dataframe_with_int64_cents(data_dir: Path) -> None:
    frame = load([data_dir / "many_enterprises.csv"])
    assert isinstance(frame, pd.DataFrame)
    assert str(frame["amount_cents"].dtype) == "int64"
