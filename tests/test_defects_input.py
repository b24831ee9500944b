"""Regression tests for issue 10's input defects: each failed before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

import wijkcalc
from wijkcalc import api
from wijkcalc.errors import InputError

GOOD = b"Organisatie;Jaar;Categorie;Bedrag\nDe Linde;2024;Verkoop;12,50\nDe Linde;2024;Huur;5\n"


# defect 6: compare follows a link out of the folder, and quotes that file's first line
def test_a_link_out_of_the_folder_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    folder = tmp_path / "leden"
    folder.mkdir()
    (folder / "linde.csv").write_bytes(GOOD)
    (folder / "geheim.csv").symlink_to(secret)
    comparison = api.compare([folder])
    messages = " ".join(f"{p.file} {p.text}" for p in comparison.errors)
    assert "root:x" not in messages
    assert any("geheim.csv" in p.file and "outside the folder" in p.text
               for p in comparison.errors), messages
    assert [row.report.enterprise for row in comparison.rows] == ["De Linde"]


def test_a_file_that_is_no_income_file_is_quoted_short_and_clean(tmp_path: Path) -> None:
    path = tmp_path / "notities.csv"
    path.write_bytes(b"\x1b[2J\xe2\x80\xaeroot:" + b"x" * 200 + b"\nmore\n")
    with pytest.raises(InputError) as caught:
        wijkcalc.load([path])
    message = caught.value.message
    assert "\x1b" not in message and "\u202e" not in message
    assert "x" * 41 not in message


# defect 9: int64 sums of cents wrap around
def _huge(path: Path, rows: int, category: str = "Verkoop") -> Path:
    line = f"De Linde;2024;{category};9999999999999.99\n"
    path.write_text("Organisatie;Jaar;Categorie;Bedrag\n" + line * rows)
    return path


def test_amounts_whose_sum_overflows_are_refused(tmp_path: Path) -> None:
    path = _huge(tmp_path / "groot.csv", 18_447)
    with open(path, "a") as handle:
        handle.write("De Linde;2024;Subsidie gemeente;9999999999999.99\n" * 40)
    with pytest.raises(InputError, match="too large to add up"):
        api.report_files([path])
    with pytest.raises(InputError, match="too large to add up"):
        wijkcalc.load([path])


def test_files_whose_sum_together_overflows_are_refused(tmp_path: Path) -> None:
    first = _huge(tmp_path / "a.csv", 4_000)  # each alone below 2**62 cents
    second = _huge(tmp_path / "b.csv", 4_000, category="Huur")
    with pytest.raises(InputError, match="too large to add up"):
        api.report_files([first, second])


def test_pieces_whose_sum_together_overflows_are_refused(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkcalc.sources import delimited

    monkeypatch.setattr(delimited, "STREAM_BYTES", 1 << 12)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 1 << 16)
    path = _huge(tmp_path / "groot.csv", 18_447)
    with pytest.raises(InputError, match="too large to add up"):
        api.report_files([path])


# defect 14: the same file twice is counted twice
def test_the_same_file_given_twice_is_counted_once_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(GOOD)
    with pytest.warns(UserWarning, match="a.csv") as caught:
        report = api.report_files([path, path])
    assert report.income_total == 1750
    with pytest.warns(UserWarning, match="counted once"):
        assert wijkcalc.load([path, str(path)])["amount_cents"].sum() == 1750
    assert len(caught) == 1


def test_a_copy_in_a_folder_is_counted_once_with_a_warning_naming_both(tmp_path: Path,
                                                                       cli) -> None:
    (tmp_path / "netwerk.csv").write_bytes(GOOD)
    (tmp_path / "netwerk (1).csv").write_bytes(GOOD)
    (tmp_path / "ander.csv").write_bytes(GOOD.replace(b"De Linde", b"De Es"))
    with pytest.warns(UserWarning) as caught:
        comparison = api.compare([tmp_path])
    assert {row.report.enterprise: row.report.income_total for row in comparison.rows} == \
        {"De Linde": 1750, "De Es": 1750}
    [warning] = caught
    assert "netwerk.csv" in str(warning.message) and "netwerk (1).csv" in str(warning.message)
    result = cli("compare", tmp_path)
    assert result.exit_code == 0, result.output
    [line] = [line for line in result.stderr.splitlines() if "warning" in line]
    assert line.startswith("wijkcalc: warning: ") and "netwerk (1).csv" in line


# defect 15: blank lines before the header
@pytest.mark.parametrize("blank", [b"\n", b"\r\n", b" \t\r\n"])
def test_a_mebibyte_of_blank_lines_before_the_header_is_skipped(tmp_path: Path,
                                                                blank: bytes) -> None:
    count = (1 << 20) // len(blank) + 1
    path = tmp_path / "leeg.csv"
    path.write_bytes(blank * count + GOOD)
    frame = wijkcalc.load([path])
    assert frame["amount_cents"].tolist() == [1250, 500]
    assert frame["line"].tolist() == [count + 2, count + 3]


def test_blank_lines_before_the_header_of_a_file_read_in_pieces(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkcalc.sources import delimited

    monkeypatch.setattr(delimited, "STREAM_BYTES", 1 << 12)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 1 << 12)
    count = 1 << 16
    path = tmp_path / "leeg.csv"
    rows = GOOD.split(b"\n", 1)[1]
    path.write_bytes(b"\r\n" * count + GOOD + rows * 199)
    frame = wijkcalc.load([path])
    assert frame["amount_cents"].sum() == 200 * 1750
    assert frame["line"].iloc[:2].tolist() == [count + 2, count + 3]


# defect 18: a file that cannot be read stops the batch
@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"),
                                   FileNotFoundError(2, "No such file or directory")])
def test_a_file_that_cannot_be_read_is_reported_and_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli, error: OSError) -> None:
    from wijkcalc.sources import sniff

    (tmp_path / "linde.csv").write_bytes(GOOD)
    (tmp_path / "geheim.csv").write_bytes(GOOD.replace(b"De Linde", b"De Es"))
    real_head = sniff.head

    def head(path: Path, *args: object) -> bytes:
        if path.name == "geheim.csv":
            raise error
        return real_head(path, *args)

    monkeypatch.setattr(sniff, "head", head)
    comparison = api.compare([tmp_path])
    assert [row.report.enterprise for row in comparison.rows] == ["De Linde"]
    [problem] = comparison.errors
    assert problem.file.endswith("geheim.csv") and error.strerror in problem.text
    with pytest.raises(InputError, match=error.strerror):
        wijkcalc.load([tmp_path / "geheim.csv"])
    result = cli("compare", tmp_path)
    assert result.exit_code == 2 and "De Linde" in result.stdout
    assert "geheim.csv" in result.stderr and "internal error" not in result.stderr


# defect 19: a stray far cell, a decompression bomb, a giant cell in a workbook
def _workbook(path: Path, *, far_cell: bool = False) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organisatie", "Jaar", "Categorie", "Bedrag"])
    sheet.append(["De Linde", 2024, "Verkoop", 12.5])
    if far_cell:  # Excel leaves such formatted, empty cells behind
        sheet["XFD1048576"].font = Font(bold=True)
    book.save(path)
    return path


def _with_sheet(path: Path, change) -> Path:
    import zipfile

    source = zipfile.ZipFile(path)
    changed = path.with_name("changed.xlsx")
    with zipfile.ZipFile(changed, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(member.filename, data)
    return changed


def test_a_stray_formatted_cell_at_the_sheet_end_is_read_in_bounded_memory(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    path = _workbook(tmp_path / "ver.xlsx", far_cell=True)
    program = ("import resource, sys\n"
               "resource.setrlimit(resource.RLIMIT_AS, (1500 << 20, 1500 << 20))\n"
               "import wijkcalc\n"
               "print(wijkcalc.load([sys.argv[1]])['amount_cents'].tolist())\n")
    done = subprocess.run([sys.executable, "-c", program, str(path)], capture_output=True,
                          text=True, timeout=60, env={"OPENBLAS_NUM_THREADS": "1"})
    assert done.stdout.strip() == "[1250]", done.stderr[-500:]


def test_a_decompression_bomb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    padding = b" " * (64 << 20)
    path = _with_sheet(_workbook(tmp_path / "bom.xlsx"),
                       lambda xml: xml.replace(b"</sheetData>", padding + b"</sheetData>"))
    with pytest.raises(InputError, match="unpacks to"):
        wijkcalc.load([path])


def test_a_cell_longer_than_excel_allows_is_refused_naming_its_row(tmp_path: Path) -> None:
    import random

    giant = "".join(random.Random(1).choices("abcdefghij", k=40_000)).encode()
    path = _with_sheet(_workbook(tmp_path / "reus.xlsx"),
                       lambda xml: xml.replace(b">Verkoop<", b">" + giant + b"<"))
    with pytest.raises(InputError, match="32767 characters") as caught:
        wijkcalc.load([path])
    assert caught.value.line == 2


# defect 20: a device or a FIFO as input
def _load_in_child(path: Path | str, source: str | None) -> str:
    import subprocess
    import sys

    program = ("import resource, sys\n"
               "resource.setrlimit(resource.RLIMIT_AS, (1500 << 20, 1500 << 20))\n"
               "import wijkcalc\n"
               "try:\n"
               "    wijkcalc.load([sys.argv[1]], source=sys.argv[2] or None)\n"
               "except wijkcalc.InputError as error:\n"
               "    print(error)\n")
    try:
        done = subprocess.run([sys.executable, "-c", program, str(path), source or ""],
                              capture_output=True, text=True, timeout=20,
                              env={"OPENBLAS_NUM_THREADS": "1"})
    except subprocess.TimeoutExpired:
        return "timed out"
    return done.stdout + done.stderr[-300:]


@pytest.mark.parametrize("source", [None, "table"])
def test_a_device_is_refused_before_it_is_read(source: str | None) -> None:
    assert "not a regular file" in _load_in_child("/dev/zero", source)


@pytest.mark.parametrize("source", [None, "table"])
def test_a_fifo_is_refused_before_it_is_opened(tmp_path: Path, source: str | None) -> None:
    import os

    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    assert "not a regular file" in _load_in_child(fifo, source)


# defect 22: a stray quote in a file read in pieces
def test_a_stray_quote_in_a_large_file_is_found_in_linear_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from wijkcalc.sources import delimited

    monkeypatch.setattr(delimited, "STREAM_BYTES", 1 << 12)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 1 << 10)
    rows = GOOD.split(b"\n", 1)[1]
    path = tmp_path / "quote.csv"
    path.write_bytes(GOOD + b'De Linde;2024;"Verkoop;1,00\n' + rows * ((8 << 20) // len(rows)))
    started = time.perf_counter()
    with pytest.raises(InputError, match="quote") as caught:
        wijkcalc.load([path])
    assert time.perf_counter() - started < 10
    assert caught.value.line == 4


# defect 23: a million columns
def test_a_million_columns_are_refused_with_a_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "breed.csv"
    path.write_bytes(b"categorie;bedrag" + b";x" * 1_000_000 + b"\n"
                     + (b"verkoop;1,00" + b";" * 1_000_000 + b"\n") * 3)
    shown = _load_in_child(path, None)
    assert "1000002 columns" in shown and "at most 1024" in shown, shown


def test_a_small_file_with_too_many_columns_is_refused_as_well(tmp_path: Path) -> None:
    path = tmp_path / "breed.csv"
    path.write_bytes(b"categorie;bedrag" + b";x" * 2000 + b"\nverkoop;1,00" + b";" * 2000 + b"\n")
    with pytest.raises(InputError, match="2002 columns") as caught:
        wijkcalc.load([path])
    assert caught.value.line == 1


# defect 24: one file reads the same at every size
INCH = b'jaar;omschrijving;categorie;bedrag\n2024;scherm 12" groot;verkoop;5,00\n'


@pytest.mark.parametrize("padding", [0, 20_000])
def test_a_quote_inside_a_cell_reads_the_same_small_and_large(tmp_path: Path,
                                                              padding: int) -> None:
    path = tmp_path / "inch.csv"
    path.write_bytes(INCH + b'2024;"a ""b"" c";verkoop;1,00\n' + b"2024;p;verkoop;1,00\n" * padding)
    frame = wijkcalc.load([path])
    assert frame["description"].tolist()[:2] == ['scherm 12" groot', 'a "b" c']
    assert frame["line"].tolist()[:2] == [2, 3]


def test_a_quote_inside_a_cell_reads_the_same_in_pieces(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from wijkcalc.sources import delimited

    monkeypatch.setattr(delimited, "STREAM_BYTES", 1 << 10)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 1 << 9)
    path = tmp_path / "inch.csv"
    path.write_bytes(INCH + b'2024;12" x;verkoop;1,00\n' * 200)
    frame = wijkcalc.load([path])
    assert set(frame["description"]) == {'scherm 12" groot', '12" x'}
    assert len(frame) == 201


def _stream(monkeypatch: pytest.MonkeyPatch, piece_bytes: int = 64) -> None:
    from wijkcalc.sources import delimited

    monkeypatch.setattr(delimited, "STREAM_BYTES", 16)
    monkeypatch.setattr(delimited, "PIECE_BYTES", piece_bytes)


@pytest.mark.parametrize("evidence_first", [True, False])
def test_pieces_take_the_decimal_mark_of_the_whole_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        evidence_first: bool) -> None:
    ambiguous = "2024;verkoop;1.234\n" * 20
    body = ("2024;verkoop;5,00\n" + ambiguous) if evidence_first \
        else (ambiguous + "2024;verkoop;5,00\n")
    path = tmp_path / "stukken.csv"
    path.write_text("jaar;categorie;bedrag\n" + body)
    whole = wijkcalc.load([path])["amount_cents"].sum()
    assert whole == 500 + 20 * 123400
    _stream(monkeypatch)
    assert api.report_files([path]).income_total == whole


def test_pieces_refuse_what_the_whole_file_refuses(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the comma says decimal at first, the point later: "1.234" is then ambiguous
    path = tmp_path / "stukken.csv"
    path.write_text("jaar;categorie;bedrag\n2024;verkoop;5,00\n2024;verkoop;1.234\n"
                    + "2024;verkoop;7\n" * 20 + "2024;verkoop;2.50\n")
    with pytest.raises(InputError, match="ambiguous") as whole:
        wijkcalc.load([path])
    _stream(monkeypatch)
    with pytest.raises(InputError, match="ambiguous") as pieces:
        api.report_files([path])
    assert pieces.value.line == whole.value.line == 3


# defect 25: UTF-16 text, a formula without a saved value, values shown as numpy writes them
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_with_its_bom_is_read(tmp_path: Path, encoding: str) -> None:
    bom = "\ufeff".encode(encoding)
    text = "Organisatie\tJaar\tCategorie\tBedrag\r\nCafé Één\t2024\tVerkoop\t12,50\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(bom + text.encode(encoding))
    frame = wijkcalc.load([path])
    assert frame["enterprise"].tolist() == ["Café Één"]
    assert frame["amount_cents"].tolist() == [1250]


def _sheet_with_amount(path: Path, amount: object) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Organisatie", "Jaar", "Categorie", "Bedrag"])
    sheet.append(["De Linde", 2024, "Verkoop", 12.5])
    sheet.append(["De Linde", 2024, "Verkoop", amount])
    book.save(path)
    return path


def test_a_formula_without_a_saved_value_is_called_so(tmp_path: Path) -> None:
    path = _sheet_with_amount(tmp_path / "formule.xlsx", "=D2*2")  # openpyxl saves no value
    with pytest.raises(InputError, match="formula") as caught:
        wijkcalc.load([path])
    assert caught.value.line == 3 and "empty" not in caught.value.message


def test_a_number_is_shown_as_written_not_as_numpy_writes_it(tmp_path: Path) -> None:
    path = _sheet_with_amount(tmp_path / "groot.xlsx", 1e308)
    with pytest.raises(InputError) as caught:
        wijkcalc.load([path])
    assert "np." not in caught.value.message and "1e+308" in caught.value.message


# defect 11 (encoding): a file mixing UTF-8 and cp1252 bytes
MIXED = ("Organisatie;Jaar;Categorie;Bedrag\nCafé Één;2024;Verkoop;12,50\n".encode()
         + "Café Één;2024;Verkoop;5,00\n".encode("cp1252"))


CP1252_FIRST = ("Organisatie;Jaar;Categorie;Bedrag\nCafé Één;2024;Verkoop;5,00\n".encode("cp1252")
                + ("De Linde;2024;Verkoop;1,00\n" * 50).encode()
                + "Café Één;2024;Verkoop;12,50\n".encode())


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(("raw", "line"), [(MIXED, 3), (CP1252_FIRST, 2)])
def test_a_file_mixing_utf8_and_cp1252_names_the_first_line_not_utf8(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stream: bool, raw: bytes,
        line: int) -> None:
    if stream:
        _stream(monkeypatch, piece_bytes=32)
    path = tmp_path / "gemengd.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError, match="UTF-8") as caught:
        wijkcalc.load([path])
    assert caught.value.line == line


def test_a_file_in_cp1252_alone_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes("Organisatie;Jaar;Categorie;Bedrag\nCafé Één;2024;Verkoop;12,50\n"
                     "De Linde;2024;Verkoop;5,00\n".encode("cp1252"))
    assert wijkcalc.load([path])["enterprise"].tolist()[0] == "Café Één"
