"""Fuzzing (issue 5: reliability): whatever file a user gives, wijkcalc never falls over.

Every input — random bytes, valid files cut short or mangled (stray quotes, NUL bytes, mixed
separators, very long fields, huge numbers, random unicode), tables of random text, random or
broken .xlsx files — ends in either a normal result or wijkcalc's own error: exit 2 and exactly
one ``wijkcalc: error:`` line on stderr, no traceback, nothing on stdout. Never another
exception, never a hang (the profile's deadline, and a hard alarm for a real hang).

Each input goes both through the CLI (``classify`` or ``report`` with ``--format json``) and
straight through the library (``wijkcalc.load`` → ``classify`` → ``analyse``); the two must
agree: the same error line, or the same figures.

The seeds under tests/data/fuzz/ are small valid files in the dialects of DESIGN §2.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import signal
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

import wijkcalc
from wijkcalc.analysis.aggregate import class_totals
from wijkcalc.errors import WijkcalcError
from wijkcalc.money import cents_to_str
from wijkcalc.sources.columns import COLUMN_NAMES

FUZZ = Path(__file__).parent / "data" / "fuzz"
SEEDS = {path.name: path.read_bytes() for path in sorted(FUZZ.iterdir())
         if path.suffix in (".csv", ".tsv")}
BOM = b"\xef\xbb\xbf"
HARD_LIMIT = 60  # seconds: far above any example's time, so only a real hang reaches it


def tuned(share: float = 1.0) -> settings:
    """The profile's number of examples times ``share`` (by what one example costs); the file
    fixtures are function-scoped on purpose: every example writes its file over the last."""
    return settings(max_examples=max(10, round(settings().max_examples * share)),
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow, HealthCheck.data_too_large])


# ================================================================ the outcome of one input

class Hang(BaseException):
    """Not an Exception: no ``except Exception`` in the code under test can swallow it."""


@contextmanager
def time_limit(seconds: float = HARD_LIMIT) -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def library(path: Path, command: str) -> tuple[str, object]:
    """What the library makes of a file: ("ok", what the CLI should print) or ("error", line).
    Any exception but wijkcalc's own fails the test."""
    try:
        classified = wijkcalc.classify(wijkcalc.load([path]))
        if command == "report":
            return "ok", json.loads(json.dumps(wijkcalc.analyse(classified).to_dict()))
        return "ok", {"totals": class_totals(classified).to_dict(),
                      "amounts": [cents_to_str(c) for c in classified["amount_cents"]],
                      "lines": classified["line"].tolist()}
    except WijkcalcError as error:
        return "error", f"wijkcalc: error: {error}"


def assert_outcome(run: Callable[..., Result], one_line_error: Callable[..., str], path: Path,
                   command: str, check: bool = False) -> str:
    """The file through the CLI and the library: a result or wijkcalc's own error, the same."""
    with time_limit():
        expected, payload = library(path, command)
        result = run(command, path, "--format", "json", *(["--check"] if check else []))
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert one_line_error(result) == payload
        return "error"
    assert expected == "ok", (payload, result.exit_code, result.output)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)  # 70: internal error
    document = json.loads(result.stdout)
    if command == "report":
        # the CLI names its source files with their checksums; a frame given to the library
        # has no files: compared apart
        provenance = document.pop("provenance")
        assert [entry["sha256"] for entry in provenance["files"]] == [
            hashlib.sha256(path.read_bytes()).hexdigest()]
        payload = {**payload, "provenance": None} if isinstance(payload, dict) else payload
        payload.pop("provenance", None)
        assert document == payload
        failed = check and document["verdict"] != "meets"
        assert result.exit_code == (1 if failed else 0), result.output
        assert (result.exception is None) if not failed else isinstance(result.exception,
                                                                         SystemExit)
    else:
        assert result.exit_code == 0 and result.exception is None, result.output
        assert document["totals"] == payload["totals"]
        assert [row["amount"] for row in document["rows"]] == payload["amounts"]
        assert [row["line"] for row in document["rows"]] == payload["lines"]
    return "ok"


COMMANDS = st.sampled_from([("classify", False), ("report", False), ("report", True)])


# ================================================================ CSV and text files

@tuned(0.8)
@given(raw=st.one_of(st.binary(max_size=2000),
                     st.binary(max_size=400).map(lambda b: b"categorie;bedrag\n" + b),
                     st.binary(max_size=400).map(lambda b: BOM + b)),
       suffix=st.sampled_from([".csv", ".txt", ".tsv"]), command=COMMANDS)
@example(raw=b"", suffix=".csv", command=("report", False))
@example(raw=b"\x00\x01\x02", suffix=".csv", command=("classify", False))
@example(raw=b"PK\x03\x04", suffix=".csv", command=("classify", False))
@example(raw=b"\xff\xfe;\x81", suffix=".csv", command=("classify", False))
def test_random_bytes_give_a_result_or_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        write_bytes: Callable[[str, bytes], Path], raw: bytes, suffix: str,
        command: tuple[str, bool]) -> None:
    assert_outcome(cli, one_line_error, write_bytes("inkomsten" + suffix, raw), *command)


# Mangling a valid file the ways files get damaged: each an edit at a position.
HUGE = [b"9" * 40, b"99999999999999,99", b"1e308", b"-1e400", b"1" + b".000" * 30, b"NaN",
        b"inf", b"0x1F", b"1_000", b"\xd9\xa1\xd9\xa2\xd9\xa3", b"--5", b"5-", b"(12,50)"]
LONG_UNITS = [b"x", b"9", b"\xe2\x82\xac", b'"', b";", b",", b"1.", b" ", b"\n", b"\xc3\xa9"]


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["truncate", "quote", "nul", "separator", "line end",
                                     "delete", "byte", "unicode", "long field", "huge number",
                                     "duplicate line"]))
        if edit == "truncate":
            del data[at:]
        elif edit == "quote":
            data[at:at] = b'"'
        elif edit == "nul":
            data[at:at] = b"\x00"
        elif edit == "separator":
            data[at:at] = draw(st.sampled_from([b";", b",", b"\t"]))
        elif edit == "line end":
            data[at:at] = draw(st.sampled_from([b"\n", b"\r", b"\r\n", b"\n\n"]))
        elif edit == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif edit == "byte":
            data[at:at + 1] = bytes([draw(st.integers(0, 255))])
        elif edit == "unicode":
            data[at:at] = draw(st.text(max_size=20)).encode("utf-8")
        elif edit == "long field":
            data[at:at] = draw(st.sampled_from(LONG_UNITS)) * draw(st.integers(1000, 150_000))
        elif edit == "huge number":
            data[at:at] = draw(st.sampled_from(HUGE))
        else:
            lines = bytes(data).split(b"\n")
            line = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines))), lines[line])
            data = bytearray(b"\n".join(lines))
    return Path(name).suffix, bytes(data)


@tuned(0.8)
@given(file=mangled(), command=COMMANDS)
def test_damaged_files_give_a_result_or_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        write_bytes: Callable[[str, bytes], Path], file: tuple[str, bytes],
        command: tuple[str, bool]) -> None:
    suffix, raw = file
    assert_outcome(cli, one_line_error, write_bytes("inkomsten" + suffix, raw), *command)


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_seeds_are_valid_files(cli: Callable[..., Result],
                                   one_line_error: Callable[..., str], name: str) -> None:
    """The damage above is done to files wijkcalc reads: the report, or (for the network
    file) the one error that asks which enterprise."""
    outcome = assert_outcome(cli, one_line_error, FUZZ / name, "report")
    assert outcome == ("error" if name == "netwerk.csv" else "ok")
    assert assert_outcome(cli, one_line_error, FUZZ / name, "classify") == "ok"


# Tables of random text under headers wijkcalc knows (or not): every path past the header.
KNOWN_NAMES = sorted({name for names in COLUMN_NAMES.values() for name in names})
CELL = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789.,'-+ €eE", max_size=14),
    st.sampled_from(["", "2024", "1-3-2024", "kosten", "markt", "grijs", "subsidie", "verkoop",
                     "Gemeente", "1.234", "1,234", "12,50", "12.50", "€ 1.234,56", "-0,00"]),
    st.sampled_from([h.decode() for h in HUGE]),
)


@st.composite
def random_tables(draw: st.DrawFn) -> bytes:
    separator = draw(st.sampled_from([";", ",", "\t"]))
    header = draw(st.lists(st.one_of(st.sampled_from(KNOWN_NAMES), st.text(max_size=8)),
                           min_size=1, max_size=7))
    if draw(st.booleans()):
        header += ["categorie", draw(st.sampled_from(["bedrag", "Amount (EUR)"]))]
    width = len(header)
    rows = draw(st.lists(st.lists(CELL, min_size=max(1, width - 1), max_size=width + 1),
                         max_size=8))
    quote = draw(st.booleans())

    def field(cell: str) -> str:
        needs = any(c in cell for c in (separator, '"', "\r", "\n"))
        return '"' + cell.replace('"', '""') + '"' if quote or needs else cell

    line_end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = "".join(separator.join(map(field, row)) + line_end for row in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


@tuned(0.6)
@given(raw=random_tables(), command=COMMANDS)
def test_tables_of_random_text_give_a_result_or_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        write_bytes: Callable[[str, bytes], Path], raw: bytes, command: tuple[str, bool]) -> None:
    assert_outcome(cli, one_line_error, write_bytes("inkomsten.csv", raw), *command)


# ================================================================ Excel files

XLSX_ROWS = [
    ["Organisatie", "Jaar", "Omschrijving", "Categorie", "Betaler", "Bedrag"],
    ["De Linde", 2024, "Zaalverhuur", "Verhuur", "Bewoners", 1234.56],
    ["De Linde", 2024, "Subsidie", "Exploitatiesubsidie", "Gemeente Utrecht", "38.000,00"],
    ["De Linde", 2023, "Bar", "Horeca", "Bezoekers", 987],
    ["De Linde", 2024, "Lening", "Sociale hypotheek", "Bank", -25000],
]
_BASE: dict[str, bytes] = {}


def real_xlsx(make_xlsx: Callable[..., Path]) -> bytes:
    """A valid workbook made with make_xlsx, once per session (every example mangles a copy)."""
    if "xlsx" not in _BASE:
        _BASE["xlsx"] = make_xlsx("echt.xlsx", {"Inkomsten": XLSX_ROWS}).read_bytes()
    return _BASE["xlsx"]


def rezip(raw: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The workbook with its members changed (None drops one); a valid zip around them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.namelist():
            data = change(member, source.read(member))
            if data is not None:
                target.writestr(member, data)
    return out.getvalue()


@tuned(0.4)
@given(raw=st.one_of(st.binary(max_size=2000),
                     st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b)),
       command=COMMANDS)
@example(raw=b"", command=("classify", False))
@example(raw=b"PK\x05\x06" + b"\x00" * 18, command=("classify", False))  # an empty zip
def test_random_bytes_named_xlsx_give_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        write_bytes: Callable[[str, bytes], Path], raw: bytes, command: tuple[str, bool]) -> None:
    path = write_bytes("inkomsten.xlsx", raw)
    assert assert_outcome(cli, one_line_error, path, *command) == "error"


@tuned(0.4)
@given(edits=st.lists(st.tuples(st.sampled_from(["truncate", "byte", "junk", "delete"]),
                                st.floats(0, 1), st.binary(min_size=1, max_size=40)),
                      min_size=1, max_size=3),
       command=COMMANDS)
def test_a_broken_xlsx_gives_a_result_or_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        make_xlsx: Callable[..., Path], write_bytes: Callable[[str, bytes], Path],
        edits: list[tuple[str, float, bytes]], command: tuple[str, bool]) -> None:
    data = bytearray(real_xlsx(make_xlsx))
    for edit, where, junk in edits:
        at = int(where * len(data))
        if edit == "truncate":
            del data[at:]
        elif edit == "byte":
            data[at:at + 1] = junk[:1]
        elif edit == "junk":
            data[at:at] = junk
        else:
            del data[at:at + len(junk)]
    assert_outcome(cli, one_line_error, write_bytes("inkomsten.xlsx", bytes(data)), *command)


MEMBERS = ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml",
           "xl/_rels/workbook.xml.rels", "xl/styles.xml", "_rels/.rels", "docProps/app.xml"]
XML_JUNK = [b"<", b">", b"&", b"\x00", b'"', b"</row>", b"<c r=\"Z9\"><v>1e999</v></c>",
            b"<v>" + b"9" * 400 + b"</v>", b"<is><t>x</t></is>", b"\xff\xfe", b"r=\"A0\"",
            b"t=\"s\"", b"t=\"b\"", b"t=\"e\"", b"t=\"d\""]


@tuned(0.3)
@given(member=st.sampled_from(MEMBERS), where=st.floats(0, 1),
       edit=st.sampled_from(["truncate", "insert", "drop member", "replace number"]),
       junk=st.sampled_from(XML_JUNK), command=COMMANDS)
def test_a_valid_zip_with_broken_contents_gives_a_result_or_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        make_xlsx: Callable[..., Path], write_bytes: Callable[[str, bytes], Path],
        member: str, where: float, edit: str, junk: bytes, command: tuple[str, bool]) -> None:
    def change(name: str, data: bytes) -> bytes | None:
        if name != member:
            return data
        at = int(where * len(data))
        if edit == "truncate":
            return data[:at]
        if edit == "insert":
            return data[:at] + junk + data[at:]
        if edit == "drop member":
            return None
        return re.sub(rb"<v>[^<]*</v>", b"<v>" + junk + b"</v>", data, count=1)

    raw = rezip(real_xlsx(make_xlsx), change)
    assert_outcome(cli, one_line_error, write_bytes("inkomsten.xlsx", raw), *command)


# Cells as a spreadsheet may hold them: text, numbers of any size, dates, booleans, nothing.
XLSX_CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.floats(-1e7, 1e7).map(lambda f: round(f, 2)),
    st.booleans(),
    st.datetimes(),
    st.sampled_from(["verkoop", "subsidie", "lening", "€ 1.234,56", "1.234", "kosten", "2024"]),
)


@tuned(0.4)
@given(header=st.lists(st.sampled_from(KNOWN_NAMES), min_size=1, max_size=6),
       required=st.booleans(),
       rows=st.lists(st.lists(XLSX_CELL, max_size=8), max_size=6), command=COMMANDS)
def test_an_xlsx_with_any_cells_gives_a_result_or_one_error_line(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        make_xlsx: Callable[..., Path], header: list[str], required: bool,
        rows: list[list[object]], command: tuple[str, bool]) -> None:
    if required:
        header = [*header, "categorie", "bedrag"]
    path = make_xlsx("inkomsten.xlsx", {"Blad1": [header, *rows]})
    assert_outcome(cli, one_line_error, path, *command)


# ================================================================ bugs found by the above

def test_an_excel_number_beyond_a_double_is_an_amount_error(
        make_xlsx: Callable[..., Path], cli: Callable[..., Result],
        one_line_error: Callable[..., str], write_bytes: Callable[[str, bytes], Path]) -> None:
    """A cell of 400 digits (openpyxl reads it as a Python int) was an OverflowError."""
    source = make_xlsx("groot.xlsx", {"Blad1": [["categorie", "bedrag"], ["verkoop", 123456789],
                                                ["verkoop", 5]]})
    raw = rezip(source.read_bytes(), lambda name, data: data.replace(
        b"<v>123456789</v>", b"<v>1" + b"0" * 400 + b"</v>"))
    path = write_bytes("groot-getal.xlsx", raw)
    with pytest.raises(WijkcalcError, match=r"groot-getal.xlsx:2: amount 1000000.* too large"):
        wijkcalc.load([path])
    one_line_error(cli("classify", path, "--format", "json"), "groot-getal.xlsx:2", "too large")


@pytest.mark.parametrize("raw", [BOM, BOM + b"\r\n\r\n", BOM + b"  \n", BOM + BOM])
def test_a_file_of_only_a_byte_order_mark_is_said_to_be_empty(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        write_bytes: Callable[[str, bytes], Path], raw: bytes) -> None:
    """Found by fuzzing: a byte-order mark alone (what a spreadsheet may save for an empty
    sheet) raised StopIteration, two of them IndexError."""
    path = write_bytes("leeg.csv", raw)
    with pytest.raises(WijkcalcError, match="file is empty"):
        wijkcalc.load([path])
    one_line_error(cli("report", path, "--format", "json"), "leeg.csv", "file is empty")


@pytest.mark.parametrize("rows", [
    '"De\nLinde";2024;verkoop;5,00\nHet Anker;2024;verkoop;6,00\n',  # choose one of 2
    '"De\nLinde";2024;lening;5,00\n',  # no income in 2024
    "De\x1eLinde;2024;verkoop;5,00\nHet Anker;2024;verkoop;6,00\n",
])
def test_an_error_is_one_line_whatever_the_names_in_it(
        cli: Callable[..., Result], one_line_error: Callable[..., str],
        write_bytes: Callable[[str, bytes], Path], rows: str) -> None:
    """Found by fuzzing: enterprise names went into error messages as they were, so a name
    with a line break (a quoted cell, \\x1e, \\x85, \\u2028) made the error several lines."""
    path = write_bytes("namen.csv", f"organisatie;jaar;categorie;bedrag\n{rows}".encode())
    one_line_error(cli("report", path, "--format", "json"), "Linde")


def test_a_big_file_with_old_mac_line_ends_reads_as_a_small_one(
        write_bytes: Callable[[str, bytes], Path]) -> None:
    """Found by the size test: above 256 KiB a file with old-Mac line ends (a lone \\r, as
    Excel's 'CSV (Macintosh)' writes) was one record to the field count, and pandas then
    filled rows x columns cells: 20,000 rows (380 KB) took 4.5 minutes to end in a wrong
    'quote not closed' error. The small file always read fine."""
    rows = "2024;verkoop;1,00\r" * 20_000
    small = write_bytes("klein.csv", b"jaar;categorie;bedrag\r2024;verkoop;5,00\r")
    big = write_bytes("groot.csv", f"jaar;categorie;bedrag\r{rows}2024;verkoop;5,00\r".encode())
    with time_limit(30):
        assert wijkcalc.load([small])["amount_cents"].tolist() == [500]
        frame = wijkcalc.load([big])
    assert frame["amount_cents"].tolist() == [100] * 20_000 + [500]
    assert frame["line"].tolist() == list(range(2, 20_003))


def _without_dimension(raw: bytes, ref: str | None) -> bytes:
    """The workbook with its sheet's <dimension> set to ``ref``, or dropped (None)."""
    replacement = b"" if ref is None else f'<dimension ref="{ref}"/>'.encode()
    return rezip(raw, lambda name, data: re.sub(rb"<dimension[^>]*>", replacement, data)
                 if name == "xl/worksheets/sheet1.xml" else data)


def test_an_xlsx_without_dimension_and_a_short_row_is_read(
        make_xlsx: Callable[..., Path], cli: Callable[..., Result],
        write_bytes: Callable[[str, bytes], Path]) -> None:
    """Found by fuzzing: without a <dimension> element openpyxl's read-only mode gives ragged
    rows, and a row shorter than the header raised ValueError."""
    source = make_xlsx("kort.xlsx", {"Blad1": [["categorie", "bedrag", "notitie"],
                                               ["verkoop", 5], ["verkoop", 7, "x"]]})
    path = write_bytes("zonder-dimensie.xlsx", _without_dimension(source.read_bytes(), None))
    frame = wijkcalc.load([path])
    assert frame["amount_cents"].tolist() == [500, 700]
    result = cli("classify", path, "--format", "json")
    assert result.exit_code == 0, result.output


@tuned(0.2)
@given(rows=st.integers(1, 12), cut_rows=st.integers(1, 13), cut_columns=st.integers(1, 3))
@example(rows=10, cut_rows=3, cut_columns=2)
def test_an_xlsx_whose_dimension_is_wrong_loses_no_row(
        make_xlsx: Callable[..., Path], write_bytes: Callable[[str, bytes], Path],
        rows: int, cut_rows: int, cut_columns: int) -> None:
    """Found by fuzzing: openpyxl's read-only mode trusted the sheet's <dimension>, so a sheet
    whose writer set it too small silently lost the rows (and cents) outside it."""
    source = make_xlsx("dimensie.xlsx", {"Blad1": [["categorie", "bedrag", "jaar"]]
                                         + [["verkoop", 100 + n, 2024] for n in range(rows)]})
    ref = f"A1:{'ABC'[cut_columns - 1]}{cut_rows}"
    path = write_bytes("dimensie-fout.xlsx", _without_dimension(source.read_bytes(), ref))
    try:
        frame = wijkcalc.load([path])
    except WijkcalcError:
        return  # refusing the file is fine; losing rows is not
    assert frame["amount_cents"].tolist() == [(100 + n) * 100 for n in range(rows)]
    assert frame["year"].tolist() == [2024] * rows
