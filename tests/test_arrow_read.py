"""A plain block of a large CSV file is read by pyarrow's CSV reader: its grid is the one the
general way (numpy scans and pandas' C parser) gives, cell for cell, and any block that is not
plain is left to the general way, which says what is wrong with it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkcalc.sources import arrow_read, delimited
from wijkcalc.sources.cells import canonical
from wijkcalc.sources.table import pieces

HEADER = ["organisatie", "jaar", "categorie", "betaler", "omschrijving", "bedrag"]
AMOUNT = 5
CELL = st.text(st.sampled_from("aZ 0.-é€ß\t_"), max_size=6)
PLAIN = st.builds(
    lambda sign, whole, part: f"{sign}{whole}{part}",
    st.sampled_from(["", "-", "+"]), st.integers(0, 10**13 - 1).map(str),
    st.sampled_from(["", ".5", ".05", ".50", ".0"]))


def _general(raw: bytes, separator: str, header: list[str], line: int):
    return delimited._read_records(raw, "utf-8", separator, "blok.csv", first_line=line,
                                   header=header)


def _same(fast, general) -> None:
    """The two grids hold the same cells, categories in the same order, and lines."""
    assert fast.header == general.header and fast.header_line == general.header_line
    assert np.array_equal(fast.lines, general.lines) and fast.lines.dtype == np.int64
    assert fast.cents.keys() == general.cents.keys() == {AMOUNT}
    assert fast.cents[AMOUNT].dtype == np.int64
    assert np.array_equal(fast.cents[AMOUNT], general.cents[AMOUNT])
    assert fast.decimal_marks == general.decimal_marks
    for position, (mine, theirs) in enumerate(zip(fast.columns, general.columns, strict=True)):
        if position == AMOUNT:  # the text the cents were read from
            assert mine.to_pylist() == [text.decode() for text in theirs.tolist()]
        elif isinstance(theirs, pd.Categorical):
            assert isinstance(mine, pd.Categorical)
            assert mine.categories.tolist() == theirs.categories.tolist()
            assert mine.categories.dtype == theirs.categories.dtype
            assert np.array_equal(mine.codes, theirs.codes)
        else:
            assert mine.dtype == theirs.dtype == object and mine.tolist() == theirs.tolist()


@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.lists(CELL, min_size=5, max_size=5), PLAIN), min_size=1,
                     max_size=40),
       separator=st.sampled_from([";", ",", "\t", "|"]),
       newline=st.sampled_from(["\n", "\r\n", "\r"]), closed=st.booleans(),
       line=st.integers(2, 10**6))
def test_a_plain_block_reads_as_the_general_way_reads_it(rows, separator, newline, closed,
                                                        line) -> None:
    records = [separator.join([*(cell.replace(separator, "_") for cell in cells), amount])
               for cells, amount in rows]
    raw = (newline.join(records) + (newline if closed else "")).encode()
    fast = arrow_read.grid(raw, "utf-8", separator, HEADER, line)
    assert fast is not None  # every block drawn here is plain: the test can fail
    _same(fast, _general(raw, separator, HEADER, line))


NOT_PLAIN = {
    "a quote": b'De Linde;2024;verkoop;"Bewoners";koffie;12.50\n',
    "a blank line": b"De Linde;2024;verkoop;Bewoners;koffie;12.50\n\nDe Linde;2024;huur;x;y;3\n",
    "a line of spaces": b"De Linde;2024;verkoop;Bewoners;koffie;12.50\n  \n",
    "a field too many": b"De Linde;2024;verkoop;Bewoners;koffie;12.50;x\n",
    "a field too few": b"De Linde;2024;verkoop;Bewoners;12.50\n",
    "a NUL": b"De Linde;2024;verkoop;Be\x00woners;koffie;12.50\n",
    "three decimals (1.234)": b"De Linde;2024;verkoop;Bewoners;koffie;1.234\n",
    "a decimal comma and a point": b"De Linde;2024;verkoop;Bewoners;koffie;12,50\n"
                                   b"De Linde;2024;verkoop;Bewoners;koffie;12.50\n",
    "thousands grouped wrong": b"De Linde;2024;verkoop;Bewoners;koffie;1.23,40\n",
    "too many digits, grouped": b"De Linde;2024;verkoop;Bewoners;koffie;12.345.678.901.234,00\n",
    "three decimals (1,234)": b"De Linde;2024;verkoop;Bewoners;koffie;1,234\n",
    "a euro sign": "De Linde;2024;verkoop;Bewoners;koffie;€ 12.50\n".encode(),
    "an exponent": b"De Linde;2024;verkoop;Bewoners;koffie;1e3\n",
    "a point without decimals": b"De Linde;2024;verkoop;Bewoners;koffie;12.\n",
    "no whole part": b"De Linde;2024;verkoop;Bewoners;koffie;.5\n",
    "a space around": b"De Linde;2024;verkoop;Bewoners;koffie; 12.50\n",
    "too many digits": b"De Linde;2024;verkoop;Bewoners;koffie;12345678901234\n",
    "an empty amount": b"De Linde;2024;verkoop;Bewoners;koffie;\n",
    "bytes that are no UTF-8": b"De Linde;2024;verkoop;Caf\xe9;koffie;12.50\n",
}


@pytest.mark.parametrize("raw", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_a_block_that_is_not_plain_is_left_to_the_general_way(raw: bytes) -> None:
    assert arrow_read.grid(raw, "utf-8", ";", HEADER, 2) is None


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(st.lists(CELL, min_size=5, max_size=5), PLAIN), min_size=1,
                     max_size=40),
       separator=st.sampled_from([";", "\t", "|"]), line=st.integers(2, 10**6))
def test_a_block_of_decimal_commas_gives_the_general_ways_frame(rows, separator, line) -> None:
    """12,50 in a file of ; or tabs: pyarrow's form gives the cents and the decimal comma
    the general way's reading of the text gives (which the grids hold differently: cents
    here, the text there)."""
    from wijkcalc.sources.table import evidence, to_raw

    records = [separator.join([f"Wijk {cells[0]}".replace(separator, "_"), "2024",
                               *(cell.replace(separator, "_") for cell in cells[2:]),
                               _dutch(amount, grouped=number % 3 == 0)])
               for number, (cells, amount) in enumerate(rows)]
    raw = ("\n".join(records) + "\n").encode()
    fast = arrow_read.grid(raw, "utf-8", separator, HEADER, line)
    assert fast is not None
    frames = []
    for grid in (fast, _general(raw, separator, HEADER, line)):
        table = to_raw(grid, Path("blok.csv"), piece=True)
        marks, at = evidence(table)
        assert at is None
        frames.append((marks, canonical([table]).drop(columns="amount", errors="ignore")))
    (fast_marks, fast_frame), (marks, frame) = frames
    assert fast_marks == marks == (frozenset(",") if any("." in amount for _, amount in rows)
                                   else frozenset())
    pd.testing.assert_frame_equal(fast_frame, frame)


def _dutch(amount: str, *, grouped: bool) -> str:
    """A plain decimal written the Dutch way: a decimal comma, and (``grouped``, when it has
    cents) points between the thousands."""
    whole, _, cents = amount.partition(".")
    sign = whole[:1] if whole[:1] in "+-" else ""
    digits = whole[len(sign):]
    if grouped and cents:
        digits = f"{int(digits):,}".replace(",", ".")
    return sign + digits + ("," + cents if cents else "")


def test_a_block_in_another_encoding_is_left_unless_it_is_ascii() -> None:
    text = "De Linde;2024;verkoop;Bewoners;koffie;12.50\n"
    assert arrow_read.grid(text.encode(), "cp1252", ";", HEADER, 2) is not None
    accented = text.replace("koffie", "café")
    assert arrow_read.grid(accented.encode("cp1252"), "cp1252", ";", HEADER, 2) is None
    assert arrow_read.grid(accented.encode(), "utf-8", ";", HEADER, 2) is not None
    assert arrow_read.grid(text.encode(), "utf-8", ";", ["categorie", "omschrijving"], 2) \
        is None  # no amount column named


def test_a_file_read_piece_by_piece_is_the_same_through_either_reader(tmp_path: Path,
                                                                     monkeypatch) -> None:
    lines = [";".join(HEADER)] + [
        f"De Linde {n % 7};{2020 + n % 4};{('verkoop', 'subsidie', 'huur')[n % 3]};"
        f"Betaler {n % 11};regel {n};{n * 13 % 100_000}.{n % 100:02d}" for n in range(20_000)]
    lines[12_345] = lines[12_345].replace("regel", '"regel"')  # one piece the general way
    path = tmp_path / "stukken.csv"
    path.write_text("\n".join(lines) + "\n")
    used = []
    read = arrow_read.grid
    monkeypatch.setattr(arrow_read, "grid", lambda *args: used.append(read(*args)) or used[-1])
    fast = pd.concat([canonical([part]) for part in pieces(path, piece_bytes=1 << 16)])
    assert sum(grid is not None for grid in used) > 5 and None in used  # both ways ran
    monkeypatch.setattr(arrow_read, "grid", lambda *args: None)
    general = pd.concat([canonical([part]) for part in pieces(path, piece_bytes=1 << 16)])
    pd.testing.assert_frame_equal(fast, general)
    assert fast["line"].tolist() == list(range(2, 20_002))


@pytest.mark.parametrize("reader", ["arrow", "general"])
def test_codes_that_look_like_numbers_keep_their_text_in_every_piece(tmp_path: Path,
                                                                      monkeypatch,
                                                                      reader: str) -> None:
    """A ledger code 0815 or a payer 007 is text: a later piece, read without the header's
    text among its cells, does not make 815 or 7 of it (pandas' C parser would)."""
    lines = ["organisatie;jaar;categorie;betaler;bedrag"] + [
        f"De Linde;2024;{('8000', '8100', '0815')[n % 3]};{('007', '1.50')[n % 2]};{n}.25"
        for n in range(20_000)]
    path = tmp_path / "codes.csv"
    path.write_text("\n".join(lines) + "\n")
    if reader == "general":
        monkeypatch.setattr(arrow_read, "grid", lambda *args: None)
    frame = pd.concat([canonical([part]) for part in pieces(path, piece_bytes=1 << 16)])
    assert sorted(set(frame["category"].astype(str))) == ["0815", "8000", "8100"]
    assert sorted(set(frame["payer"].astype(str))) == ["007", "1.50"]
    assert frame["year"].tolist() == [2024] * 20_000


def test_a_total_row_in_a_later_piece_is_left_out_through_either_reader(tmp_path: Path,
                                                                        monkeypatch) -> None:
    """A piece that holds a total row is reshaped from its cells (statement.shape): pyarrow's
    text of its amounts gives the cells the general way's bytes give."""
    lines = [";".join(HEADER)] + [
        f"De Linde;2024;verkoop;Bewoners;regel {n};{n}.25" for n in range(20_000)]
    lines[15_000] = "De Linde;2024;Totaal verkoop;;;123.00"
    path = tmp_path / "totaal.csv"
    path.write_text("\n".join(lines) + "\n")

    def frame():
        with pytest.warns(UserWarning, match="total"):
            return pd.concat([canonical([part]) for part in pieces(path, piece_bytes=1 << 16)])

    fast = frame()
    monkeypatch.setattr(arrow_read, "grid", lambda *args: None)
    general = frame()
    pd.testing.assert_frame_equal(fast, general)
    assert len(fast) == 19_999 and 15_001 not in fast["line"].tolist()


def test_a_bad_record_in_a_later_piece_is_named_by_its_line(tmp_path: Path) -> None:
    """pyarrow refuses the piece; the general way then says what is wrong, and where."""
    from wijkcalc.errors import InputError

    lines = [";".join(HEADER)] + [
        f"De Linde;2024;verkoop;Bewoners;regel {n};{n}.25" for n in range(20_000)]
    lines[17_000] += ";te veel"
    path = tmp_path / "fout.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"fout.csv:17001: found 7 fields, the header has 6"):
        for part in pieces(path, piece_bytes=1 << 16):
            canonical([part])


def test_a_file_whose_pieces_are_not_plain_is_not_tried_for_ever(tmp_path: Path,
                                                                 monkeypatch) -> None:
    from wijkcalc.sources.delimited import ARROW_REFUSALS

    lines = [";".join(HEADER)] + [
        f"De Linde;2024;verkoop;Bewoners;regel {n};€ 1.{n % 1000:03d},50" for n in range(20_000)]
    path = tmp_path / "duizenden.csv"
    path.write_text("\n".join(lines) + "\n")
    tried = []
    read = arrow_read.grid
    monkeypatch.setattr(arrow_read, "grid", lambda *args: tried.append(read(*args)))
    parts = list(pieces(path, piece_bytes=1 << 16))
    assert len(parts) > 10 and tried == [None] * ARROW_REFUSALS
    assert canonical([parts[-1]])["amount_cents"].iloc[-1] == 199_950  # 1.999,50
