"""A large CSV file without quotes is read in its fast form (repeating text as categoricals, plain
amounts from the bytes): the frame is the one the plain form gives, cell for cell and in order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wijkcalc
from wijkcalc.errors import InputError
from wijkcalc.sources import delimited, scan

ROWS = 30_000  # above delimited.SMALL_FILE, so the C parser's path


def _amount(number: int) -> str:
    """Plain decimals written every way plain_cents takes them."""
    whole, cents = divmod(number * 37 % 2_000_000, 100)
    return ("-" if number % 7 == 0 else "+" if number % 11 == 0 else "") + (
        f"{whole}" if number % 5 == 0 else f"{whole}.{cents // 10}" if number % 3 == 0
        else f"{whole}.{cents:02d}")


def _write(path: Path, *, newline: str, amount_at: int, title: bool, names: tuple[str, ...],
           mark: str = ".") -> Path:
    header = list(names)
    header.insert(amount_at, "Bedrag")
    lines = (["Inkomsten van de wijkbedrijven;;;;"] if title else []) + [";".join(header)]
    for number in range(ROWS):
        cells = [f"Wijkbedrijf {number % 13}", str(2019 + number % 5),
                 ("Verkoop", "Subsidie gemeente", "Huur", "Fonds ", "verkoop")[number % 5],
                 f"Betaler {number % 17}", f"regel {number}"]
        cells.insert(amount_at, _amount(number).replace(".", mark))
        lines.append(";".join(cells))
        if number % 4_999 == 0:
            lines.append("")  # a blank line among the rows
    path.write_bytes(newline.join(lines).encode() + newline.encode())
    return path


NAMES = ("Organisatie", "Jaar", "Categorie", "Betaler", "Omschrijving")


@pytest.mark.parametrize(("newline", "amount_at", "title"),
                         [("\n", 5, False), ("\r\n", 5, True), ("\r", 0, False),
                          ("\r\n", 2, False), ("\n", 3, True)])
def test_the_fast_form_gives_the_plain_forms_frame(tmp_path: Path, monkeypatch,
                                                   newline: str, amount_at: int,
                                                   title: bool) -> None:
    path = _write(tmp_path / "wijk.csv", newline=newline, amount_at=amount_at, title=title,
                  names=NAMES)
    grid = delimited.read_csv(path)
    assert list(grid.cents) == [amount_at]  # the fast form was taken: this test can fail
    assert sum(hasattr(column, "categories") for column in grid.columns) == 4
    fast = wijkcalc.load([path])
    monkeypatch.setattr(delimited, "_fast_form", lambda *args: delimited._Fast())
    assert not delimited.read_csv(path).cents
    plain = wijkcalc.load([path])
    # the fast form gives its amounts in cents only, as a bank source does (RawTable's
    # amount_cents); the plain form also carries the text it parsed them from
    assert "amount" not in fast.columns
    assert (plain.pop("amount").astype(float) * 100).round().astype("int64").tolist() == \
        plain["amount_cents"].tolist()
    pd.testing.assert_frame_equal(fast, plain)
    # categories in the order the rows first show them, as the plain form's factorize has them
    for column in ("enterprise", "category", "payer"):
        assert fast[column].cat.categories.tolist() == plain[column].cat.categories.tolist()
    expected = [round(float(_amount(n)) * 100) for n in range(ROWS)]
    assert fast["amount_cents"].tolist() == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_decimal_commas_in_the_fast_form_give_the_plain_forms_frame(tmp_path: Path,
                                                                    monkeypatch,
                                                                    newline: str) -> None:
    """12,50 the Dutch way: a plain decimal with a comma, its cents taken from the bytes."""
    path = _write(tmp_path / "wijk.csv", newline=newline, amount_at=5, title=False,
                  names=NAMES, mark=",")
    grid = delimited.read_csv(path)
    assert list(grid.cents) == [5] and grid.decimal_marks == {","}  # the fast form was taken
    fast = wijkcalc.load([path])
    monkeypatch.setattr(delimited, "_fast_form", lambda *args: delimited._Fast())
    assert not delimited.read_csv(path).cents
    plain = wijkcalc.load([path])
    plain.pop("amount")
    pd.testing.assert_frame_equal(fast, plain)
    assert fast["amount_cents"].tolist() == [round(float(_amount(n)) * 100) for n in range(ROWS)]


def test_a_dutch_thousands_point_is_not_read_as_decimals(tmp_path: Path) -> None:
    """12.500 in a Dutch file is twelve thousand five hundred, never 12.50: three decimals are
    no plain decimal, so the general parser decides, as it does for a small file."""
    lines = ["organisatie;jaar;categorie;bedrag"] + [
        f"De Linde;2024;verkoop;{n % 90 + 10}.{n % 10}00" for n in range(ROWS)]
    path = tmp_path / "duizenden.csv"
    path.write_text("\n".join(lines) + "\n")
    assert not delimited.read_csv(path).cents
    with pytest.raises(InputError, match=r"duizenden.csv:2: amount '10.000' is ambiguous"):
        wijkcalc.load([path])  # nothing in the column says which mark it is
    lines[-1] = "De Linde;2024;verkoop;1.250,75"  # now a decimal comma says so
    path.write_text("\n".join(lines) + "\n")
    cents = wijkcalc.load([path])["amount_cents"].to_numpy()
    assert cents[:3].tolist() == [1_000_000, 1_110_000, 1_220_000]
    assert cents[-1] == 125_075


def test_a_bad_amount_in_a_large_file_is_named_by_its_line(tmp_path: Path) -> None:
    lines = ["organisatie,jaar,categorie,bedrag"] + [
        f"De Linde,2024,verkoop,{n}.25" for n in range(ROWS)]
    lines[20_001] = "De Linde,2024,verkoop,12.3.4"
    path = tmp_path / "fout.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"fout.csv:20002: amount '12.3.4'"):
        wijkcalc.load([path])


def test_pieces_in_the_fast_form_read_as_the_whole_file(tmp_path: Path) -> None:
    """A file read piece by piece: the plain amounts of the first pieces show the decimal
    point, which decides a later piece's 1.234 as the whole file's read does."""
    from wijkcalc.sources.cells import canonical
    from wijkcalc.sources.table import pieces

    lines = ["organisatie,jaar,categorie,bedrag"] + [
        f"De Linde {n % 3},2024,verkoop,{n}.25" for n in range(ROWS)]
    lines[-1] = "De Linde 0,2024,verkoop,1.234"
    path = tmp_path / "stukken.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"stukken.csv:30001: amount '1\.234' has more "
                       r"than two decimals"):
        wijkcalc.load([path])  # a point is the decimal mark here: 1.234 has three decimals
    parts = list(pieces(path, piece_bytes=1 << 16))
    assert len(parts) > 3 and all(part.decimal_marks == {"."} for part in parts)
    with pytest.raises(InputError, match=r"stukken.csv:30001: amount '1\.234' has more "
                       r"than two decimals"):
        for part in parts:
            canonical([part])
    frame = pd.concat([canonical([part]) for part in parts[:-1]], ignore_index=True)
    assert frame["amount_cents"].to_numpy()[:3].tolist() == [25, 125, 225]
    assert np.array_equal(frame["line"].to_numpy()[:3], [2, 3, 4])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", "a", "12.50", "é", " "]), max_size=4),
                max_size=8), st.booleans(), st.sampled_from([",", ";", "\t"]))
def test_records_of_a_block_without_quotes_or_returns_are_its_lines(lines, ends_open,
                                                                     separator) -> None:
    """The scan's shortcut for the usual block (no quote, no \\r: the numpy passes for them are
    skipped) finds each line as a record: its fields, its line, its end, blank or not."""
    text = "\n".join(separator.join(cells) for cells in lines)
    if lines and not ends_open:
        text += "\n"
    raw = text.encode("utf-8")
    found = scan.records(raw, separator.encode())
    records = text.split("\n")
    if text.endswith("\n"):
        records.pop()
    if not text:
        records = []
    assert found.counts.tolist() == [record.count(separator) + 1 for record in records]
    assert found.lines.tolist() == list(range(1, len(records) + 1))
    assert found.blank.tolist() == [record == "" for record in records]
    ends = [i for i, byte in enumerate(raw) if byte == ord("\n")]
    assert found.ends.tolist() == ([*ends, len(raw)] if records and not text.endswith("\n")
                                   else ends)
    assert found.separators.tolist() == [i for i, byte in enumerate(raw)
                                         if byte == separator.encode()[0]]


@pytest.mark.parametrize(("texts", "cents"), [
    (["12,50", "-3,5", "+7", "0,05", "1234567890123,99"], [1250, -350, 700, 5, 123456789012399]),
    (["12,50", "1,234"], None),  # three decimals: the file's marks must say
    (["12,50", "1.234,50"], None),  # a thousands point: the general parser
    (["12,50", "12.50"], None),  # both marks
    (["12,"], None), ([",5"], None), (["12,5,0"], None), (["12345678901234,00"], None),
])
def test_plain_decimals_with_a_comma_from_their_bytes(texts, cents) -> None:
    from wijkcalc.money import plain_bytes_cents

    found = plain_bytes_cents(np.array([text.encode() for text in texts]), ",")
    assert (found.tolist() if found is not None else None) == cents
