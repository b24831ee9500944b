"""--jobs: a large income table split over worker processes gives the figures, the errors and
the warnings of reading it in one process, and is really split when it can be."""

from __future__ import annotations

import itertools
import json
import warnings
from pathlib import Path

import pytest

from wijkcalc import api, parallel, pipeline
from wijkcalc.errors import InputError, InputWarning

HEADER = "enterprise;year;category;payer;amount"
STREAMS = [("Verkoop", "bewoners", "{euros},50"), ("Subsidie", "Gemeente Utrecht", "{euros},00"),
           ("Right to Challenge", "Gemeente Zwolle", "{euros},10"),
           ("Fondsbijdrage", "Oranje Fonds", "{euros},99"), ("Zaalverhuur", "", "{euros},25")]


def lines(rows: int) -> list[str]:
    """Income rows of 40 enterprises over three years, each amount different."""
    found = []
    for number in range(rows):
        category, payer, amount = STREAMS[number % len(STREAMS)]
        found.append(f"Wijkonderneming {number % 40:02d};{2022 + number % 3};{category};{payer};"
                     + amount.format(euros=100 + number % 997))
    return found


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of a few kilobytes, so that a test file of 2,000 rows has many of them."""
    monkeypatch.setattr(parallel, "WORTH_BYTES", 0)
    monkeypatch.setattr(parallel, "FIRST_BYTES", 300)
    monkeypatch.setattr(parallel, "BLOCK_BYTES", 4096)


def written(tmp_path: Path, body: list[str], *, encoding: str = "utf-8",
            name: str = "netwerk.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join([HEADER, *body]) + "\n").encode(encoding))
    return path


def compared(path: Path, jobs: int) -> dict:
    found = api.compare([path], all_years=True, jobs=jobs).to_dict()
    return json.loads(json.dumps(found))


def split_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ordinary read refused: only a split read can give figures."""
    def refused(*args, **kwargs):
        raise AssertionError("read in one process")
    monkeypatch.setattr(pipeline.sources, "read", refused)


def test_the_split_read_gives_the_figures_of_one_process(tmp_path, monkeypatch) -> None:
    path = written(tmp_path, lines(2000))
    expected = compared(path, jobs=1)
    assert len(expected["enterprises"]) == 120
    split_only(monkeypatch)
    assert compared(path, jobs=2) == expected
    assert compared(path, jobs=3) == expected


def test_the_blocks_are_whole_records_in_order_covering_the_file(tmp_path) -> None:
    from wijkcalc.sources import delimited

    path = written(tmp_path, lines(2000))
    layout, blocks = delimited.blocks(path, piece_bytes=parallel.FIRST_BYTES,
                                      whole_encoding=False)
    first = next(blocks)
    spans = list(parallel._spans(path, first, layout.separator.encode()))
    assert len(spans) > 10
    raw = path.read_bytes()
    assert first.offset == 0 and spans[0][0] == len(first.raw)
    assert all(a[0] + a[1] == b[0] for a, b in itertools.pairwise(spans))
    assert spans[-1][0] + spans[-1][1] == len(raw)
    for offset, length, line in spans:
        assert raw[offset + length - 1:offset + length] == b"\n"
        assert line == raw[:offset].count(b"\n") + 1
        # as much as fits in the buffer: within a record of it, bar the last
        longest = max(len(line) for line in raw.splitlines()) + 1
        assert parallel.BLOCK_BYTES - longest < length <= parallel.BLOCK_BYTES or \
            offset + length == len(raw)


def test_a_record_longer_than_a_block_is_one_span_of_its_own(tmp_path, monkeypatch) -> None:
    body = lines(2000)
    body[900] = body[900].replace("Verkoop", '"Verkoop; ' + "op de markt " * 1000 + '"')
    path = written(tmp_path, body)
    from wijkcalc.sources import delimited

    layout, blocks = delimited.blocks(path, piece_bytes=parallel.FIRST_BYTES,
                                      whole_encoding=False)
    spans = list(parallel._spans(path, next(blocks), layout.separator.encode()))
    blocks.close()
    raw = path.read_bytes()
    (long,) = [(offset, length) for offset, length, _ in spans if length > 12_000]
    assert raw[long[0]:].startswith(body[900].encode())  # the record, and what fits after it
    assert long[1] <= 4 * parallel.BLOCK_BYTES
    expected = compared(path, jobs=1)
    split_only(monkeypatch)
    assert compared(path, jobs=2) == expected


def test_quoted_fields_and_line_breaks_in_them_split_at_record_ends(tmp_path,
                                                                   monkeypatch) -> None:
    body = [line.replace("Verkoop", '"Verkoop\nop de markt"') for line in lines(1500)]
    path = written(tmp_path, body)
    expected = compared(path, jobs=1)
    split_only(monkeypatch)
    assert compared(path, jobs=2) == expected


def test_a_bad_amount_in_a_late_block_is_the_same_one_line_error(tmp_path) -> None:
    body = lines(2000)
    body[1700] = body[1700].rsplit(";", 1)[0] + ";12,5O"
    path = written(tmp_path, body)
    with pytest.raises(InputError) as one:
        api.compare([path], jobs=1, fail_fast=True)
    with pytest.raises(InputError) as split:
        api.compare([path], jobs=2, fail_fast=True)
    assert str(split.value) == str(one.value)
    assert split.value.line == 1702 and "12,5O" in str(split.value)


def test_amounts_such_as_1_234_are_read_by_the_whole_files_decimal_mark(tmp_path) -> None:
    body = lines(2000)
    body[1500] = body[1500].rsplit(";", 1)[0] + ";1.234"  # 1234 euros: the file writes 12,50
    path = written(tmp_path, body)
    expected = compared(path, jobs=1)
    assert compared(path, jobs=2) == expected
    plain = written(tmp_path, lines(2000), name="zonder.csv")
    assert compared(plain, jobs=1)["enterprises"] != expected["enterprises"]


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_a_late_accent_reads_in_the_files_own_encoding(tmp_path, encoding) -> None:
    body = lines(2000)
    body[1800] = body[1800].replace("bewoners", "Café De Zwaan")
    path = written(tmp_path, body, encoding=encoding)
    expected = compared(path, jobs=1)
    assert "Café De Zwaan" in json.dumps(expected, ensure_ascii=False)
    assert compared(path, jobs=2) == expected


def test_a_warning_is_said_once_as_in_one_process(tmp_path) -> None:
    body = lines(2000)
    body[1200] = "Wijkonderneming 07;2023;Totaal;;999999,00"  # adds up to nothing above it
    path = written(tmp_path, body)

    def said(jobs: int) -> tuple[list[str], dict]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = compared(path, jobs)
        return [str(w.message) for w in caught if issubclass(w.category, InputWarning)], found

    one_warnings, one = said(1)
    split_warnings, split = said(2)
    assert one_warnings and split_warnings == one_warnings
    assert split == one


def test_report_splits_too(tmp_path, monkeypatch) -> None:
    path = written(tmp_path, lines(2000))
    expected = api.report_files([path], enterprise="Wijkonderneming 03", jobs=1).to_dict()
    split_only(monkeypatch)
    assert api.report_files([path], enterprise="Wijkonderneming 03",
                            jobs=2).to_dict() == expected


def test_a_small_file_or_one_job_is_read_in_this_process(tmp_path, monkeypatch) -> None:
    path = written(tmp_path, lines(100))
    assert parallel.splits(path, 2, None)
    assert not parallel.splits(path, 1, None)
    monkeypatch.setattr(parallel, "WORTH_BYTES", 1 << 20)
    assert not parallel.splits(path, 2, None)
    assert parallel.default_jobs() >= 1


@pytest.mark.parametrize("jobs", ["0", "-1", "twee"])
def test_jobs_must_be_a_count_of_processes(cli, jobs) -> None:
    result = cli("compare", "data/", "--jobs", jobs)
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_a_stray_quote_is_the_ordinary_reads_error_and_no_buffer_outgrows_the_file(
        tmp_path, monkeypatch) -> None:
    from wijkcalc.sources import delimited

    body = lines(2000)
    body[300] = body[300].replace("Verkoop", '"Verkoop')  # never closed
    path = written(tmp_path, body)
    layout, blocks = delimited.blocks(path, piece_bytes=parallel.FIRST_BYTES,
                                      whole_encoding=False)
    first = next(blocks)
    blocks.close()
    grown = []
    monkeypatch.setattr(parallel, "bytearray", lambda size: grown.append(size) or
                        bytearray(size), raising=False)
    spans = list(parallel._spans(path, first, layout.separator.encode()))
    size = path.stat().st_size
    assert spans[-1][0] + spans[-1][1] == size
    assert parallel.BLOCK_BYTES < max(grown) <= size  # grown to the rest of the file, no more
    with pytest.raises(InputError) as one:
        api.compare([path], jobs=1, fail_fast=True)
    with pytest.raises(InputError) as split:
        api.compare([path], jobs=2, fail_fast=True)
    assert str(split.value) == str(one.value)
