"""Sources (DESIGN §2, §5): each file's format is found from its content, or named with --source."""

from __future__ import annotations

import subprocess
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from wijkcalc import sources
from wijkcalc.errors import InputError, UsageError
from wijkcalc.pipeline import load
from wijkcalc.rules import classify
from wijkcalc.sources import cells, sniff, table
from wijkcalc.sources.base import HEAD_BYTES, RawTable

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
FORMATS = "; ".join(f"{source.NAME} — {source.DESCRIPTION}" for source in sources.SOURCES)
KNOWN = ("ing", "rabobank", "bunq", "knab", "triodos", "asn", "abnamro", "mt940", "camt053",
         "xaf", "table")


def test_every_format_is_listed_specific_ones_first() -> None:
    """An unknown file's message lists every format; the income table, which claims any text
    a little, comes last so that a bank's own format wins a tie."""
    assert tuple(source.NAME for source in sources.SOURCES) == KNOWN
    assert all(f"{name} — " in sources.known() for name in KNOWN)


def detected(path: Path, source: str | None = None) -> types.ModuleType:
    return sources.detect(path, sniff.head(path), source)


def sureness(path: Path) -> dict[str, float]:
    head = sniff.head(path)
    return {module.NAME: module.detect(head, path.name) for module in sources.SOURCES}


# ---------------------------------------------------------------- the contract

def test_every_source_keeps_the_contract() -> None:
    names = [module.NAME for module in sources.SOURCES]
    assert len(set(names)) == len(names) and "table" in names
    for module in sources.SOURCES:
        assert module.NAME.isidentifier() and module.NAME.lower() == module.NAME
        assert module.DESCRIPTION and "\n" not in module.DESCRIPTION
        assert module.SUFFIXES and all(s.startswith(".") for s in module.SUFFIXES)
        assert callable(module.detect) and callable(module.read)
        assert (module.__doc__ or "").strip()


@pytest.mark.parametrize("name", ["english.csv", "amount_forms.csv", "tabs.tsv",
                                  "odd_headers.csv", "bad_missing_column.csv", "bad_empty.csv"])
def test_sureness_is_between_0_and_1(data_dir: Path, name: str) -> None:
    assert all(0 <= value <= 1 for value in sureness(data_dir / name).values())


def test_the_names_import_without_numpy_or_pandas() -> None:
    """rules reads sources.columns, and `wijkcalc rules` must start fast (test_startup)."""
    probe = ("import sys, wijkcalc.sources, wijkcalc.sources.columns, wijkcalc.sources.sniff; "
             "print(sorted(m for m in ('numpy', 'pandas', 'openpyxl') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "[]"), done.stderr


# ---------------------------------------------------------------- detection

@pytest.mark.parametrize(("name", "separator"), [
    ("english.csv", ","), ("amount_forms.csv", ";"), ("tabs.tsv", "\t")])
def test_income_tables_in_each_dialect_are_claimed_by_the_table(data_dir: Path, name: str,
                                                                separator: str) -> None:
    path = data_dir / name
    assert separator in path.read_text("utf-8").splitlines()[0]
    assert detected(path) is table
    assert sureness(path)["table"] == 0.6  # the header names an amount


def test_an_xlsx_is_claimed_by_the_table(make_xlsx) -> None:
    path = make_xlsx("oost.xlsx", {"Blad1": [["Categorie", "Bedrag"], ["Verkoop", 12.5]]})
    assert sniff.is_workbook(sniff.head(path))
    assert "xl/worksheets/sheet1.xml" in sniff.zip_members(sniff.head(path))
    assert detected(path) is table
    assert sureness(path)["table"] == 0.5


def test_the_content_decides_not_the_name(data_dir: Path, make_xlsx, write_bytes) -> None:
    csv_as_dat = write_bytes("export.dat", (data_dir / "english.csv").read_bytes())
    assert detected(csv_as_dat) is table
    assert load([csv_as_dat])["amount_cents"].tolist() == [1680000, 842050, 960000, 1250000]
    book = make_xlsx("oost.xlsx", {"Blad1": [["Categorie", "Bedrag"], ["Verkoop", 12.5]]})
    book_as_csv = write_bytes("oost.csv", book.read_bytes())
    assert detected(book_as_csv) is table
    assert load([book_as_csv])["amount_cents"].tolist() == [1250]


def test_a_table_with_a_misnamed_column_still_gets_the_helpful_error(data_dir: Path) -> None:
    path = data_dir / "bad_missing_column.csv"
    assert 0 < sureness(path)["table"] < 0.5  # claimed, a little: any text may be a table
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.line == 1
    # a description (Omschrijving) says what the money is for: only the amount is missing
    assert caught.value.message.startswith("no amount column; columns found: "
                                           "'Naam', 'Omschrijving', 'Soort betaler', 'Euro'; "
                                           "accepted names for the amount: amount")


def test_blank_lines_over_the_whole_head_do_not_make_the_file_empty(write_bytes) -> None:
    path = write_bytes("ruim.csv", b"\n" * (HEAD_BYTES + 10) + b"Categorie;Bedrag\nVerkoop;5\n")
    assert load([path])["amount_cents"].tolist() == [500]


@pytest.mark.parametrize(("name", "raw"), [
    ("foto.png", PNG),
    ("foto.csv", PNG),
    ("ruis.bin", bytes(range(256)) * 8),
])
def test_a_binary_file_is_claimed_by_none_and_the_formats_are_listed(write_bytes, name: str,
                                                                    raw: bytes) -> None:
    path = write_bytes(name, raw)
    assert set(sureness(path).values()) == {0.0}
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.file == str(path)
    assert str(caught.value) == (f"{path}: binary file, not text; expected CSV text or an "
                                 f".xlsx file; wijkcalc reads: {FORMATS}")


@pytest.mark.parametrize(("name", "raw", "message"), [
    ("leeg.csv", b"", sniff.EMPTY),
    ("leeg.txt", b"\xef\xbb\xbf\r\n  \n", sniff.EMPTY),
    ("export.csv", b"PK\x03\x04" + b"\x00" * 40,
     "this is an Excel (.xlsx) file; give it the .xlsx extension"),
])
def test_a_more_specific_message_wins(write_bytes, name: str, raw: bytes, message: str) -> None:
    path = write_bytes(name, raw)
    with pytest.raises(InputError) as caught:
        load([path])
    assert (caught.value.file, caught.value.message) == (str(path), message)


@pytest.mark.parametrize(("name", "raw", "reason"), [
    ("kapot.xlsx", b"PK\x03\x04" + b"\x00garbage" * 20, "(File is not a zip file)"),
    ("leeg.xlsx", b"", "(File is not a zip file)"),
    ("foto.xlsx", PNG, "(File is not a zip file)"),
])
def test_a_damaged_workbook_is_said_to_be_one(write_bytes, name: str, raw: bytes,
                                              reason: str) -> None:
    path = write_bytes(name, raw)
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.message == (f"cannot be read as an Excel .xlsx file {reason}; open it "
                                    "in Excel and save it again, or export it as CSV")


def test_a_zip_that_is_no_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archief.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert sniff.zip_members(sniff.head(path)) == ["readme.txt"]
    assert not sniff.is_workbook(sniff.head(path))
    with pytest.raises(InputError) as caught:
        load([path])
    assert caught.value.message.startswith("cannot be read as an Excel .xlsx file (")


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: tmp / "nergens.csv", "file not found; check the path"),
    (lambda tmp: tmp, "is a folder, not a file; name the files inside it"),
])
def test_file_checks_come_first(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InputError) as caught:
        list(sources.read(path))
    assert (caught.value.file, caught.value.message) == (str(path), message)


def test_a_file_over_the_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sniff, "MAX_FILE_BYTES", 10)
    path = tmp_path / "groot.csv"
    path.write_bytes(b"Categorie;Bedrag\nVerkoop;5\n")
    with pytest.raises(InputError, match="the limit is 0 GiB, split it by year"):
        list(sources.read(path))


# ---------------------------------------------------------------- --source

def test_source_named_skips_detection(write_bytes, data_dir: Path) -> None:
    path = write_bytes("foto.png", PNG)
    assert detected(path, source="table") is table
    with pytest.raises(InputError) as caught:  # the table's own reading says what is wrong
        load([path], source="table")
    assert caught.value.message == "binary file, not text; expected CSV text or an .xlsx file"
    frame = load([data_dir / "english.csv"], source="table")
    assert frame["amount_cents"].tolist() == [1680000, 842050, 960000, 1250000]


def test_an_unknown_source_is_a_usage_error_naming_the_sources(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        sources.by_name("mt941")
    assert caught.value.message == ("unknown source 'mt941'; choose one of: " + ", ".join(KNOWN))
    with pytest.raises(UsageError, match="unknown source 'mt941'"):  # before the missing file
        list(sources.read(tmp_path / "nergens.csv", source="mt941"))
    with pytest.raises(UsageError, match="unknown source"):
        load([], source="mt941")


# ---------------------------------------------------------------- a new source plugs in

def _fake_source() -> types.ModuleType:
    """A format of its own: lines of `enterprise|cents`, amounts already parsed."""
    fake = types.ModuleType("fake")
    fake.NAME, fake.DESCRIPTION, fake.SUFFIXES = "fake", "a test format", (".fake",)

    def detect(head: bytes, name: str) -> float:
        return 0.9 if head.startswith(b"FAKE\n") else 0.0

    def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
        rows = [line.split("|") for line in path.read_text().splitlines()[1:]]
        yield RawTable(str(path), path.stem, 1, {
            "enterprise": np.array([r[0] for r in rows], dtype=object),
            "category": np.array(["verkoop"] * len(rows), dtype=object),
            "amount_cents": np.array([int(r[1]) for r in rows], dtype=np.int64),
        }, np.arange(2, 2 + len(rows), dtype=np.int64))

    fake.detect, fake.read = detect, read
    return fake


def test_a_new_source_is_one_module_in_sources(monkeypatch, write_bytes, data_dir) -> None:
    monkeypatch.setattr(sources, "SOURCES", (_fake_source(), table))
    path = write_bytes("bank.txt", b"FAKE\nDe Linde|1234\nDe Linde|-50\n")
    assert detected(path).NAME == "fake"
    frame = load([path, data_dir / "english.csv"])  # parsed cents and cells, in one frame
    assert frame["amount_cents"].tolist()[:2] == [1234, -50]
    assert frame["amount_cents"].tolist()[2:] == [1680000, 842050, 960000, 1250000]
    assert frame["enterprise"].astype(str).tolist()[:3] == ["De Linde", "De Linde", "english"]
    assert frame["line"].tolist() == [2, 3, 2, 3, 4, 5]
    with pytest.raises(InputError, match="wijkcalc reads: fake — a test format; table — "):
        load([write_bytes("foto.png", PNG)])
    with pytest.raises(UsageError, match="choose one of: fake, table"):
        sources.by_name("nope")


def test_parsed_cents_and_amount_cells_are_taken_together(data_dir: Path) -> None:
    """The canonical pass takes a source's int64 cents as they are, and parses the cells of
    the others, each file with its own decimal mark."""
    given = RawTable("bank.csv", "bank", 1, {
        "category": np.array(["verkoop", "huur"], dtype=object),
        "amount_cents": np.array([123, 2**40], dtype=np.int64)}, np.array([2, 3]))
    tables = [given, *sources.read(data_dir / "amount_forms.csv")]
    frame = cells.canonical(tables)
    assert frame["amount_cents"].tolist() == [123, 2**40, 123456, 123456, 123456, -1250, 340604,
                                              123456, 123400]
    assert str(frame["amount_cents"].dtype) == "int64"
    assert "amount" in frame.columns  # the cells as read go along, as before


@pytest.mark.parametrize("header", ["Omschrijving;Bedrag", "Post;Bedrag", "Description,Amount"])
def test_a_description_and_an_amount_are_enough(tmp_path: Path, header: str) -> None:
    """The simplest list a treasurer keeps: the rules read the description (issue 12)."""
    separator = header[len(header.split(";")[0].split(",")[0])]
    path = tmp_path / "lijst.csv"
    path.write_text(f"{header}\nVerkoop koffie{separator}12\nSubsidie gemeente{separator}1000\n",
                    encoding="utf-8")
    classified = classify(load([path]))
    assert classified["class"].astype(str).tolist() == ["market", "public"]


def test_neither_a_category_nor_a_description_names_both(tmp_path: Path) -> None:
    path = tmp_path / "lijst.csv"
    path.write_text("Betaler;Bedrag\nGemeente;1000\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"lijst.csv:1: no category column; .* \(or, instead "
                                         r"of a category, a description: description"):
        load([path])


def test_missing_cells_are_coded_as_values_in_order_of_first_appearance():
    """per_distinct codes None and NaN cells (a workbook's) as one value where they first
    come, as before the fast path for columns read from text (which have none)."""
    import pandas as pd

    values = pd.Series(["b", None, " a", np.nan, "b", "", "a"], dtype=object)
    found = cells.per_distinct(values, lambda distinct: distinct.map(cells._cell_text))
    assert list(found.categories) == ["b", "", "a"]
    assert list(found) == ["b", "", "a", "", "b", "", "a"]
    text = cells.per_distinct(pd.Series(["x", "y", "x"], dtype=object), lambda d: d)
    assert list(text.categories) == ["x", "y"] and list(text.codes) == [0, 1, 0]
