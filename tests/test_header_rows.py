"""The header row is found, not assumed (issue 12): title lines, blank lines and notes above it
are skipped, a title naming the organisation names the enterprise, and when no row is a header
the error quotes the rows looked at."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from test_workbooks import WRITERS
from wijkcalc import api
from wijkcalc.errors import InputError
from wijkcalc.sources import delimited, header, sniff, table

TITLED = [["Jaarrekening 2024 Stichting De Kroon"], ["Inkomsten per post"], [],
          ["Opgesteld door de penningmeester, maart 2025"],
          ["Omschrijving", "Categorie", "Betaler", "Bedrag"],
          ["Bar", "Horeca", "Bezoekers", 12250.5],
          ["Subsidie", "Subsidie", "Gemeente Zwolle", 35000]]


def as_text(rows: list[list[object]], separator: str = ";") -> str:
    def cell(value: object) -> str:
        return f"{value:.2f}".replace(".", ",") if isinstance(value, float) else str(value)

    return "".join(separator.join(cell(v) for v in row) + "\n" for row in rows)


def loaded(path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return api.load([path])


@pytest.mark.parametrize("kind", [".csv", *WRITERS])
def test_title_lines_above_the_header_are_skipped(tmp_path: Path, kind: str) -> None:
    rows = [row if row else [None] for row in TITLED] if kind != ".csv" else TITLED
    path = (WRITERS[kind](tmp_path / f"kroon{kind}", {"2024": rows}) if kind != ".csv"
            else tmp_path / "kroon.csv")
    if kind == ".csv":
        path.write_text(as_text(TITLED), encoding="utf-8")
    frame = loaded(path)
    assert frame["amount_cents"].tolist() == [1225050, 3500000]
    assert frame["line"].tolist() == [6, 7]  # as an editor or Excel counts them
    assert set(frame["enterprise"].astype(str)) == {"Stichting De Kroon"}


def test_the_grid_says_what_was_above_its_header(tmp_path: Path) -> None:
    path = tmp_path / "kroon.csv"
    path.write_text(as_text(TITLED), encoding="utf-8")
    grid = delimited.read_csv(path)
    assert (grid.header_line, grid.header) == (5, ["Omschrijving", "Categorie", "Betaler",
                                                    "Bedrag"])
    assert grid.above == ("Jaarrekening 2024 Stichting De Kroon", "Inkomsten per post",
                          "Opgesteld door de penningmeester, maart 2025")
    assert grid.lines.tolist() == [6, 7]


def test_a_large_file_under_a_title_is_read_in_pieces_alike(tmp_path: Path) -> None:
    body = "".join(f"Verkoop {n};Verkoop;Bewoners;{n % 97},50\n" for n in range(12000))
    path = tmp_path / "groot.csv"
    path.write_text("Stichting De Linde\nOverzicht 2024\n\nOmschrijving;Categorie;Betaler;Bedrag\n"
                    + body, encoding="utf-8")
    assert path.stat().st_size > delimited.SMALL_FILE  # the C parser's path
    whole = delimited.read_csv(path)
    assert (whole.header_line, len(whole.lines), int(whole.lines[0])) == (4, 12000, 5)
    pieces = list(table.pieces(path, piece_bytes=1 << 16))
    assert sum(piece.rows for piece in pieces) == 12000
    assert pieces[0].lines[0] == 5 and pieces[-1].lines[-1] == 12004
    assert set(pieces[0].columns["enterprise"]) == {"Stichting De Linde"}


def test_a_file_that_starts_with_its_header_is_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "gewoon.csv"
    path.write_text(as_text(TITLED[4:]), encoding="utf-8")
    grid = delimited.read_csv(path)
    assert (grid.header_line, grid.above, grid.looked_at) == (1, (), ())
    assert set(loaded(path)["enterprise"].astype(str)) == {"gewoon"}  # the file's name


def test_no_header_in_the_first_rows_quotes_the_rows_looked_at(tmp_path: Path) -> None:
    path = tmp_path / "notities.csv"
    path.write_text("Notities van de vergadering\nAanwezig;Piet;Marie\nBesluit;geen\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loaded(path)
    message = caught.value.message
    assert message.startswith("no header row among the first 3 rows")
    assert "the first rows are 1: 'Notities van de vergadering'; 2: 'Aanwezig Piet Marie'; " \
        "3: 'Besluit geen'" in message


def test_the_header_is_looked_for_within_a_limit(tmp_path: Path) -> None:
    notes = [[f"Notitie {n}"] for n in range(header.MAX_ROWS + 2)]
    path = tmp_path / "lang.csv"
    path.write_text(as_text([*notes, *TITLED[4:]]), encoding="utf-8")
    with pytest.raises(InputError, match="no header row among the first 20 rows"):
        loaded(path)


def test_rows_of_one_width_without_a_header_say_which_columns_are_missing(
        tmp_path: Path) -> None:
    path = tmp_path / "namen.csv"
    path.write_text("naam;adres\nPiet;Dorpsstraat 1\nMarie;Kerkweg 2\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loaded(path)
    assert caught.value.message.startswith("no category or amount column; columns found: "
                                           "'naam', 'adres'")
    assert "no row looked like a header; the first rows are 1: 'naam adres'; " \
        "2: 'Piet Dorpsstraat 1'" in caught.value.message


def test_the_separator_is_found_under_a_title_with_a_comma() -> None:
    raw = b"Stichting De Kroon, Zwolle\n\nOmschrijving;Bedrag\nBar;12,50\nHuur;1.250,00\n"
    assert sniff.separator(raw) == ";"
    assert sniff.separator(b"category,amount\nSales,12.50\n") == ","
    assert sniff.separator(b"Titel\ncategorie\tbedrag\nVerkoop\t12,50\n") == "\t"


def test_a_statement_under_its_title_in_thousands(tmp_path: Path) -> None:
    rows = [["Buurtbedrijf De Kroon"], ["Staat van baten en lasten 2024"],
            ["Bedragen x € 1.000"], [None], [None, "Rekening 2024", "Begroting 2025"],
            ["Baten", None, None], ["Verhuur", 40, 45], ["Subsidie gemeente", 60, 50],
            ["Totaal baten", 100, 95], ["Lasten", None, None], ["Huur", 70, 72]]
    path = WRITERS[".xlsx"](tmp_path / "kroon.xlsx", {"Staat": rows})
    frame = loaded(path)
    assert sorted(zip(frame["description"].astype(str), frame["kind"].astype(str),
                      frame["amount_cents"].tolist(), strict=True)) == [
        ("Huur", "cost", 7000000), ("Subsidie gemeente", "income", 6000000),
        ("Verhuur", "income", 4000000)]
    assert set(frame["enterprise"].astype(str)) == {"Buurtbedrijf De Kroon"}


@pytest.mark.parametrize(("title", "expected"), [
    ("Jaarrekening 2024 Stichting De Kroon", "Stichting De Kroon"),
    ("Buurtbedrijf De Kroon - staat van baten en lasten 2024", "Buurtbedrijf De Kroon"),
    ("Wijkcoöperatie Noord U.A.", "Wijkcoöperatie Noord U.A."),
    ("Exploitatierekening Dorpshuis De Brink over 2023", "Dorpshuis De Brink"),
    ("Overzicht inkomsten 2024", None), ("Staat van baten en lasten 2024", None),
    ("Stichting", None), ("Bedragen x € 1.000", None),
])
def test_the_organisation_a_title_names(title: str, expected: str | None) -> None:
    assert header.organisation((title,)) == expected


def test_quoted_separators_and_line_breaks_do_not_decide_the_separator(tmp_path: Path) -> None:
    # a tab-separated file with decimal commas, whose quoted descriptions hold tabs and line
    # breaks: counted per line, the comma of each amount agrees more often than the tab
    rows = ["categorie\tbedrag\tomschrijving\tbetaler"]
    rows += [f'Verhuur\t{n},50\t"zaal{chr(9) * n}\nrij {n}"\tBuurtvereniging' for n in range(6)]
    rows += ["Subsidie\t1000,00\t\tGemeente Zwolle"]
    raw = ("\n".join(rows) + "\n").encode()
    assert sniff.separator(raw) == "\t"
    path = tmp_path / "inkomsten.csv"
    path.write_bytes(raw)
    frame = loaded(path)
    assert sorted(frame["amount_cents"].tolist()) == [50, 150, 250, 350, 450, 550, 100000]
