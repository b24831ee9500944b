"""The pipeline: folders to files, one per-file error trap, and batches read the way load reads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from wijkcalc.errors import InputError, Problem, UsageError
from wijkcalc.pipeline import Trap, fold, input_files, load
from wijkcalc.sources import delimited

GOOD = b"Organisatie;Jaar;Categorie;Bedrag\nDe Linde;2024;Verkoop;12,50\nDe Linde;2024;Huur;5\n"


def rows(frame: pd.DataFrame) -> pd.DataFrame:
    """What a step keeps of a frame: each row's file, line, enterprise, year and cents."""
    return pd.DataFrame({"file": frame["file"].astype(str), "line": frame["line"],
                         "enterprise": frame["enterprise"].astype(str),
                         "year": frame["year"].astype("float64"),
                         "amount_cents": frame["amount_cents"]})


def stacked(parts: list[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(parts, ignore_index=True)


def in_order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["file", "line"], ignore_index=True)


def big_csv(path: Path, count: int) -> Path:
    body = "".join(f"Wijkbedrijf {n % 7};{2020 + n % 5};Verkoop;{n},{n % 100:02d}\n"
                   for n in range(count))
    path.write_text("Organisatie;Jaar;Categorie;Bedrag\n" + body, encoding="utf-8")
    return path


# ---------------------------------------------------------------- the trap

def test_a_bad_file_is_listed_and_the_batch_goes_on(tmp_path: Path, data_dir: Path) -> None:
    good = tmp_path / "linde.csv"
    good.write_bytes(GOOD)
    files = [good, data_dir / "bad_extra_field.csv", tmp_path / "nergens.csv",
             data_dir / "bad_amount_text.csv", data_dir / "english.csv"]
    trap = Trap()
    result = fold(files, rows, stacked, trap=trap)
    assert result is not None
    assert in_order(result).equals(in_order(rows(load([good, data_dir / "english.csv"]))))
    assert [(p.file, p.line) for p in trap.problems] == [
        (str(files[1]), 5), (str(files[2]), None), (str(files[3]), 3)]
    assert trap.problems[1] == Problem(str(files[2]), "file not found; check the path")
    assert trap.problems[2].text.startswith("line 3: amount 'twaalf euro' is not a number")
    assert trap.failed(files[1]) and trap.failed(str(files[3])) and not trap.failed(good)


def test_fail_fast_raises_the_first_bad_file(tmp_path: Path, data_dir: Path) -> None:
    good = tmp_path / "linde.csv"
    good.write_bytes(GOOD)
    trap = Trap(fail_fast=True)
    with pytest.raises(InputError) as caught:
        fold([good, data_dir / "bad_amount_text.csv"], rows, stacked, trap=trap)
    assert (caught.value.file, caught.value.line) == (str(data_dir / "bad_amount_text.csv"), 3)
    with pytest.raises(InputError, match="file not found"):
        fold([tmp_path / "nergens.csv", good], rows, stacked, trap=Trap(fail_fast=True))


def test_guard_skips_the_rest_of_its_block_and_names_the_file() -> None:
    trap = Trap()
    done = []
    with trap.guard("a.csv"):
        raise InputError("amount is empty", line=4)
        done.append("not reached")  # pragma: no cover
    with trap.guard(Path("b.csv")):
        done.append("b")
    assert done == ["b"]
    assert trap.problems == [Problem("a.csv", "amount is empty", 4)]
    with pytest.raises(UsageError), trap.guard("c.csv"):  # no file's problem: it goes on up
        raise UsageError("unknown sort")
    assert len(trap.problems) == 1
    with pytest.raises(InputError), Trap(fail_fast=True).guard("d.csv"):
        raise InputError("amount is empty")


def test_nothing_read_is_none(tmp_path: Path, data_dir: Path) -> None:
    assert fold([], rows, stacked, trap=Trap()) is None
    trap = Trap()
    assert fold([data_dir / "bad_empty.csv"], rows, stacked, trap=trap) is None
    assert [p.file for p in trap.problems] == [str(data_dir / "bad_empty.csv")]


def test_progress_is_told_after_each_file(tmp_path: Path, data_dir: Path, monkeypatch) -> None:
    monkeypatch.setattr(delimited, "STREAM_BYTES", 1000)
    files = [data_dir / "english.csv", big_csv(tmp_path / "groot.csv", 200),
             tmp_path / "nergens.csv", data_dir / "tabs.tsv"]
    told: list[int] = []
    fold(files, rows, stacked, trap=Trap(), progress=told.append)
    assert told == [1, 2, 3, 4]


# ---------------------------------------------------------------- fold reads as load reads

def test_fold_over_small_and_streamed_files_equals_load(tmp_path: Path, data_dir: Path,
                                                        make_xlsx, monkeypatch) -> None:
    book = make_xlsx("oost.xlsx", {"Blad1": [["Jaar", "Categorie", "Bedrag"],
                                             [2024, "Verkoop", 1234.56]]})
    files = [data_dir / "english.csv", big_csv(tmp_path / "groot.csv", 3000), book,
             data_dir / "tabs.tsv"]
    whole = rows(load(files))
    calls: list[int] = []

    def step(frame: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(frame))
        return rows(frame)

    monkeypatch.setattr(delimited, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 4096)
    folded = fold(files, step, stacked, trap=Trap(fail_fast=True))
    assert folded is not None
    assert in_order(folded).equals(in_order(whole))
    assert len(calls) > 10  # the large file went piece by piece, each piece stepped alone
    assert max(calls) < 3000
    assert in_order(rows(load(files))).equals(in_order(whole))  # load reads the pieces too


def test_a_bad_large_file_counts_for_nothing(tmp_path: Path, data_dir: Path,
                                             monkeypatch) -> None:
    monkeypatch.setattr(delimited, "STREAM_BYTES", 1000)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 512)
    bad = big_csv(tmp_path / "groot.csv", 400)
    with bad.open("a", encoding="utf-8") as handle:
        handle.write("Wijkbedrijf 1;2024;Verkoop;twaalf\n")
    trap = Trap()
    folded = fold([bad, data_dir / "english.csv"], rows, stacked, trap=trap)
    assert folded is not None and set(folded["file"]) == {str(data_dir / "english.csv")}
    assert [(p.file, p.line) for p in trap.problems] == [(str(bad), 402)]


def test_files_are_given_their_meaning_together(tmp_path: Path) -> None:
    """Each file decides its own decimal mark, in the joint pass as when read alone; a file
    with a bad cell is set aside and the others read again without it."""
    dutch = tmp_path / "deel-1.csv"
    dutch.write_bytes(b"organisatie;categorie;bedrag\nDe Linde;verkoop;1.234\n"
                      b"De Linde;subsidie;5,00\n")
    english = tmp_path / "deel-2.csv"
    english.write_bytes(b'enterprise,category,amount\nDe Linde,sales,"1,234"\n'
                        b"De Linde,grant,5.00\n")
    alone = tmp_path / "deel-3.csv"
    alone.write_bytes(b"organisatie;categorie;bedrag\nDe Linde;verkoop;1.234\n")
    trap = Trap()
    folded = fold([dutch, alone, english], rows, stacked, trap=trap)
    assert folded is not None
    assert folded["amount_cents"].tolist() == [123400, 500, 123400, 500]
    assert [(p.file, p.line) for p in trap.problems] == [(str(alone), 2)]
    assert "'1.234' is ambiguous" in trap.problems[0].message


def test_load_reads_a_streamed_file_with_its_own_decimal_mark(tmp_path: Path,
                                                              monkeypatch) -> None:
    """load gives the pieces of one file their meaning together, as one file."""
    monkeypatch.setattr(delimited, "STREAM_BYTES", 10)
    monkeypatch.setattr(delimited, "PIECE_BYTES", 64)
    path = tmp_path / "inkomsten.csv"
    path.write_text("jaar;categorie;betaler;bedrag\n2024;verkoop;bewoners;5,00\n"
                    + "2024;verkoop;bewoners;1.234\n" * 10, encoding="utf-8")
    assert load([path])["amount_cents"].sum() == 500 + 10 * 123400


def test_load_raises_on_the_first_bad_file(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(InputError) as caught:
        load([data_dir / "english.csv", data_dir / "bad_fewer_fields.csv",
              data_dir / "bad_amount_text.csv"])
    assert (caught.value.file, caught.value.line) == (str(data_dir / "bad_fewer_fields.csv"), 3)
    with pytest.raises(InputError, match="no input files given"):
        load([])


# ---------------------------------------------------------------- folders

def test_input_files_expands_folders_sorted_and_not_recursive(tmp_path: Path,
                                                              data_dir: Path) -> None:
    folder = tmp_path / "netwerk"
    (folder / "oud").mkdir(parents=True)
    for name in ("b.csv", "a.TSV", "c.xlsx", "d.txt", "e.xlsm", "notes.md", ".verborgen.csv",
                 "~$c.xlsx", "oud/f.csv"):
        shutil.copy(data_dir / "english.csv", folder / name)
    loose = tmp_path / "los.csv"
    given = input_files([loose, folder, tmp_path / "nergens.csv"])
    assert given == [loose, *(folder / n for n in ("a.TSV", "b.csv", "c.xlsx", "d.txt",
                                                   "e.xlsm")), tmp_path / "nergens.csv"]


def test_a_folder_without_income_files_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("x")
    with pytest.raises(UsageError) as caught:
        input_files([tmp_path])
    assert str(caught.value) == (f"{tmp_path}: the folder holds no .csv, .tab, .txt, .sta, "
                                 ".940, .mt940, .swi, .xml, .053, .zip, .xaf, .tsv, .xlsx, "
                                 ".xlsm, .ods or .xls files")
