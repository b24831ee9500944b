"""What a file's first bytes say: file checks, BOMs, text or not, encoding, separator, zip names."""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import stat
import unicodedata
from pathlib import Path

from ..errors import N_, InputError, Number
from .base import HEAD_BYTES, MAX_FILE_BYTES

BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # Excel's "Unicode text": UTF-16 with its BOM
ZIP = b"PK\x03\x04"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of old Excel .xls files
EMPTY = N_("file is empty; expected a header row naming at least the category and amount "
           "columns, then one row per income stream")
BINARY = N_("binary file, not text; expected CSV text or an .xlsx file")
OLD_XLS = N_("this is an old Excel (.xls) file; give it the .xls extension")
# a multi-byte UTF-8 character: in a file that is not all UTF-8, a sign of two encodings
_UTF8_CHARACTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]"
                             rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
                             rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
                             rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_SEPARATORS = (";", "\t", ",")
# a zip's local file header: signature, 22 bytes, name length, extra length, then the name
_NOT_BLANK = re.compile(rb"[^ \t\r\n\x0b\x0c]")
_LINE_END = re.compile(rb"[\r\n]")
_BLANK = " \t\r\n\x0b\x0c"  # the white space of a blank line (_NOT_BLANK's complement)
_ZIP_ENTRY = re.compile(rb"PK\x03\x04.{22}(..)..", re.DOTALL)


def head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The file's first bytes, after the checks every file gets (found, a file, not too big)."""
    name = str(path)
    if not path.exists():
        raise InputError(N_("file not found; check the path"), file=name)
    if path.is_dir():
        raise InputError(N_("is a folder, not a file; name the files inside it"), file=name)
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):
        # a device never ends (/dev/zero) and a pipe may never open: neither is read
        raise InputError(N_("is not a regular file (a device, a pipe or a socket); give a file "
                            "saved on disk"), file=name)
    total = status.st_size
    if total > MAX_FILE_BYTES:
        raise InputError(N_("file is {size} GiB; the limit is {limit} GiB, split it by year"),
                         size=Number(total / 2**30, ".1f"),
                         limit=Number(MAX_FILE_BYTES / 2**30, ".0f"), file=name)
    with path.open("rb") as handle:
        return handle.read(size)


def is_utf16(raw: bytes) -> bool:
    return raw.startswith(UTF16_BOMS) and not raw.startswith(b"\xff\xfe\x00\x00")  # UTF-32


def from_utf16(raw: bytes, name: str, *, whole: bool = True) -> bytes:
    """UTF-16 text (BOM first) as UTF-8 bytes, so that every reader after it sees UTF-8; a
    head (``whole=False``) may end inside a character."""
    try:
        text = raw.decode("utf-16") if whole else \
            codecs.getincrementaldecoder("utf-16")().decode(raw)
    except UnicodeDecodeError as error:
        line = raw[:error.start].decode("utf-16", errors="replace").count("\n") + 1
        raise InputError(N_("is not valid UTF-16 text, though it starts as such"), file=name,
                         line=line) from None
    return text.encode("utf-8")


def without_bom(raw: bytes) -> bytes:
    # a BOM, even twice, says UTF-8 and holds no data
    while raw.startswith(BOM):
        raw = raw[len(BOM):]
    return raw


def start_problem(raw: bytes) -> str | None:
    """Why text that starts so (BOMs removed) is no table of text, or None when it may be one."""
    if not raw or raw.isspace():
        return EMPTY
    if raw.startswith(ZIP):
        return N_("this is an Excel (.xlsx) file; give it the .xlsx extension")
    if raw.startswith(OLE2):
        return OLD_XLS
    if b"\x00" in raw[:HEAD_BYTES]:
        return BINARY
    return None


def check_text_start(raw: bytes, name: str) -> None:
    problem = start_problem(raw)
    if problem:
        raise InputError(problem, file=name)


def encoding(raw: bytes, name: str) -> str:
    """UTF-8 (BOM or not) or else cp1252, the first that decodes all of ``raw``; a file with
    both UTF-8 characters and bytes that are not UTF-8 mixes the two, and is refused."""
    try:
        raw.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as error:
        if _UTF8_CHARACTER.search(raw):
            raise _mixed(name, raw.count(b"\n", 0, error.start) + 1, raw[error.start]) from None
    return _cp1252(raw, name)


def encoding_of_file(path: Path, name: str, piece_bytes: int = 1 << 24) -> str:
    """The same as encoding(), checked over the whole file in pieces (memory stays bounded)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines, utf8_seen, first_bad = 1, False, None
    with path.open("rb") as handle:
        while piece := handle.read(piece_bytes):
            if first_bad is None:
                try:
                    decoder.decode(piece)
                    # valid so far: a byte from 0x80 up is part of a UTF-8 character (a BOM
                    # is none: the small files' reader drops it before it looks)
                    body = without_bom(piece) if lines == 1 else piece
                    lines += piece.count(b"\n")
                    utf8_seen = utf8_seen or not body.isascii()
                    continue
                except UnicodeDecodeError as error:
                    # the decoder may hold up to 3 bytes of the piece before
                    start = max(error.start - len(error.object) + len(piece), 0)
                    first_bad = (lines + piece.count(b"\n", 0, start), piece[start])
                    before = piece[:start]
                    before = without_bom(before) if lines == 1 else before
                    utf8_seen = utf8_seen or not before.isascii()
            utf8_seen = utf8_seen or bool(_UTF8_CHARACTER.search(piece))
            if utf8_seen:
                raise _mixed(name, *first_bad)
        if first_bad is None:
            try:
                decoder.decode(b"", final=True)
                return "utf-8-sig"
            except UnicodeDecodeError:
                first_bad = (lines, 0)  # the file ends inside a character
    with path.open("rb") as handle:
        while piece := handle.read(piece_bytes):
            _cp1252(piece, name)
    return "cp1252"


def _cp1252(raw: bytes, name: str) -> str:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        raise _not_text(name) from None
    return "cp1252"


def _mixed(name: str, line: int, byte: int) -> InputError:
    return InputError(N_("byte 0x{byte:02X} on this line is not UTF-8, while the file has UTF-8 "
                         "characters elsewhere: it mixes two encodings; save it again as "
                         "'CSV UTF-8' from your spreadsheet"), byte=byte, file=name, line=line)


def _not_text(name: str) -> InputError:
    return InputError(N_("cannot be read as text (neither UTF-8 nor Windows-1252); save it as "
                         "'CSV UTF-8' from your spreadsheet"), file=name)


SEPARATOR_LINES = 20  # lines judged for the separator: a title above the header has none


def separator(raw: bytes) -> str:
    """The separator ; TAB or , that the file's first records agree on: the one that the most
    records hold equally often (a header and its rows do; a title line holds none, or a stray
    comma); on a tie, the one they hold more often, then ; before TAB before ,. Records are
    counted both per line and as the csv module reads them, and the better agreement counts:
    a quoted description holding a separator or a line break does not count against its
    file's separator, nor does a stray quote that would swallow the lines after it."""
    first = first_line(raw)
    head = without_bom(raw)[:HEAD_BYTES]
    cut = len(raw) > HEAD_BYTES  # the last line or record may be cut off mid-way
    lines = list(itertools.islice((line for line in _LINE_END.split(head) if not is_blank(line)),
                                  SEPARATOR_LINES))
    if len(lines) > 1 and cut:
        lines = lines[:-1]

    # Latin-1 keeps every byte: the separators and the quote are ASCII, which no UTF-8 or
    # Windows-1252 character of another byte sequence contains
    text = head.decode("latin-1")

    def agreement(mark: str) -> tuple[int, int]:
        per_line = [line.count(mark.encode()) for line in lines]
        return max(_agreement(per_line), _agreement(_record_counts(text, mark, cut)))

    # on a tie, ; before TAB before ,: a comma in "12,50" is a decimal comma more often
    best = max(_SEPARATORS, key=agreement)
    return best if agreement(best) > (0, 0) else max(_SEPARATORS,
                                                     key=lambda s: first.count(s.encode()))


def _agreement(counts: list[int]) -> tuple[int, int]:
    # (lines agreeing, how often they hold it): "1.250,50" has one comma, its row 3 ";"
    return max(((counts.count(c), c) for c in set(counts) if c), default=(0, 0))


def _record_counts(text: str, mark: str, cut: bool) -> list[int]:
    """How many separators each of the first non-blank records of ``text`` holds when read
    with ``mark`` as the csv module reads it (quoted fields kept whole)."""
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=mark)
    try:
        records = list(itertools.islice(
            (row for row in rows if any(cell.strip(_BLANK) for cell in row)),
            SEPARATOR_LINES + 1))
    except csv.Error:
        return []
    if len(records) > 1 and cut and len(records) <= SEPARATOR_LINES:
        records = records[:-1]
    return [len(row) - 1 for row in records[:SEPARATOR_LINES]]


def first_line(raw: bytes) -> bytes:
    """The first line that is not blank (BOMs removed), or b"", however many blank lines
    come before it."""
    raw = without_bom(raw)
    start = blank_prefix(raw)
    end = _LINE_END.search(raw, start)
    return raw[start:end.start() if end else len(raw)]


def blank_prefix(raw: bytes) -> int:
    """Where the first line of ``raw`` that is not blank (white space only) starts; len(raw)
    when there is none."""
    found = _NOT_BLANK.search(raw)
    if found is None:
        return len(raw)
    return max(raw.rfind(b"\n", 0, found.start()), raw.rfind(b"\r", 0, found.start())) + 1


def is_blank(raw: bytes) -> bool:
    return _NOT_BLANK.search(raw) is None


def zip_members(raw: bytes) -> list[str]:
    """The names of the zip members whose headers lie in ``raw`` (a head: the zip's directory
    is at its end, but each member's own header, name and all, comes before its data)."""
    names = []
    for entry in _ZIP_ENTRY.finditer(raw):
        size = int.from_bytes(entry.group(1), "little")
        names.append(raw[entry.end():entry.end() + size].decode("cp437", errors="replace"))
    return names


def is_workbook(raw: bytes) -> bool:
    """A zip that holds an Excel workbook (.xlsx, .xlsm): its parts are under xl/."""
    return raw.startswith(ZIP) and any(name.startswith("xl/") for name in zip_members(raw))


def excerpt(text: str, limit: int = 40) -> str:
    """At most ``limit`` characters of a file's text, for a message: what cannot be shown
    harmlessly (control, bidi and zero-width characters) escaped, the rest cut off with …."""
    shown = "".join(c if c.isprintable() and unicodedata.category(c) != "Cf"
                    else f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
                    for c in text[:limit])
    return shown + "…" if len(text) > limit else shown


def error_text(error: Exception) -> str:
    """The last line of a library's error, for a message of ours: what went wrong, briefly."""
    return str(error).strip().splitlines()[-1] if str(error).strip() else type(error).__name__
