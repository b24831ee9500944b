"""The `compare` command and wijkcalc.compare: folders and mixed formats in, one row per
enterprise (each equal to its own report), hand-checked percentiles and quartiles, the year
options, bad files listed while the rest is compared, every output format, charts, and the
Python API equal to the CLI's JSON."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from wijkcalc import compare as compare_api
from wijkcalc.cli import app
from wijkcalc.errors import InputError, UsageError
from wijkcalc.render.compare_view import CSV_COLUMNS

HERE = Path(__file__).parent
COMPARE = HERE / "data" / "compare"
EXAMPLES = HERE.parent / "data"
# as the `cli` fixture runs: wide, colourless, English
CLI_ENV = {"COLUMNS": "240", "NO_COLOR": "1", "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8",
           "TERM": "dumb"}
MONEY = re.compile(r"-?\d+\.\d\d")

# The five members (tests/data/compare/five plus an .xlsx built by the test), by hand:
# name: (strict, broad, verdict, gap_to_threshold, income_total, percentile, file)
#   Stichting Zuidwind     market 200, public 800                 -> 0.2 / 0.2
#   Buurtbedrijf Akker     market 1000, gray 1000, public 500      -> 0.4 / 0.8
#   wijkbedrijf-cederhout  market 1200, public 800                 -> 0.6 / 0.6
#   dorpshuis-heide        market 400, gray 50, public 50          -> 0.8 / 0.9
#   Moestuin Mulder        market 300                              -> 1.0 / 1.0
# gap at 75%: (0.75·income − market) / 0.25, e.g. Akker (1875 − 1000) · 4 = 3500.
FIVE = {
    "Stichting Zuidwind": (0.2, 0.2, "falls-short", "2200.00", "1000.00", 20.0, "netwerk.csv"),
    "Buurtbedrijf Akker": (0.4, 0.8, "gray-zone", "3500.00", "2500.00", 40.0, "netwerk.csv"),
    "wijkbedrijf-cederhout": (0.6, 0.6, "falls-short", "1200.00", "2000.00", 60.0,
                              "wijkbedrijf-cederhout.csv"),
    "dorpshuis-heide": (0.8, 0.9, "meets", "0.00", "500.00", 80.0, "dorpshuis-heide.tsv"),
    "Moestuin Mulder": (1.0, 1.0, "meets", "0.00", "300.00", 100.0, "moestuin-mulder.xlsx"),
}
BY_SHARE = ["Moestuin Mulder", "dorpshuis-heide", "wijkbedrijf-cederhout", "Buurtbedrijf Akker",
            "Stichting Zuidwind"]
SORTED = {
    "share": BY_SHARE,
    "name": ["Buurtbedrijf Akker", "dorpshuis-heide", "Moestuin Mulder", "Stichting Zuidwind",
             "wijkbedrijf-cederhout"],
    "income": ["Buurtbedrijf Akker", "wijkbedrijf-cederhout", "Stichting Zuidwind",
               "dorpshuis-heide", "Moestuin Mulder"],
    # met (gap 0) first, by name; then the smallest gap
    "gap": ["dorpshuis-heide", "Moestuin Mulder", "wijkbedrijf-cederhout", "Stichting Zuidwind",
            "Buurtbedrijf Akker"],
}
# §4: what `report --format json` carries at least
REPORT_KEYS = {"enterprise", "year", "standard", "threshold", "totals", "income_total",
               "market_share_strict", "market_share_broad", "verdict", "gap_to_threshold",
               "largest_payer", "hhi", "standards", "years", "warnings"}


@pytest.fixture
def members(tmp_path: Path, make_xlsx) -> Path:
    """A folder with the five members: ;-CSV with two enterprises, ,-CSV, TSV, XLSX, README."""
    folder = tmp_path / "leden"
    shutil.copytree(COMPARE / "five", folder)
    make_xlsx("leden/moestuin-mulder.xlsx", {"Inkomsten": [
        ["enterprise", "year", "category", "payer", "amount"],
        ["Moestuin Mulder", 2024, "Verkoop", "buurtbewoners", 250],
        ["Moestuin Mulder", 2024, "Lidmaatschap", "leden", 50.0],
    ]})
    return folder


@pytest.fixture
def with_bad_files(members: Path, write_bytes, make_xlsx) -> Path:
    """The members' folder plus files that fail when read and files that fail on a cell."""
    for name in ("leeg.csv", "tekstbedrag.csv", "jaarfout.csv", "geen-bedrag.csv",
                 "alleen-kosten.csv"):
        shutil.copy(COMPARE / "bad" / name, members / name)
    write_bytes("leden/binair.csv", b"Jaar;Bedrag\n\x00\x01\x02\xff\xfe")
    make_xlsx("leden/kapot.xlsx", {"Blad1": [["Jaar", "Categorie", "Bedrag"],
                                             [2024, "Verkoop", 10],
                                             [2024, "Huur", "veel"]]})
    return members


def compare_json(cli, *args: object) -> dict:
    result = cli("compare", *args, "--format", "json")
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    return json.loads(result.stdout)


def by_name(document: dict) -> dict[str, dict]:
    entries = {entry["enterprise"]: entry for entry in document["enterprises"]}
    assert len(entries) == len(document["enterprises"]), "one row per enterprise"
    return entries


def by_name_and_year(document: dict) -> dict[tuple[str, int | None], dict]:
    entries = {(e["enterprise"], e["year"]): e for e in document["enterprises"]}
    assert len(entries) == len(document["enterprises"])
    return entries


def order_in(text: str, names: list[str]) -> list[str]:
    positions = {name: text.index(name) for name in names}
    return sorted(names, key=positions.__getitem__)


# ---------------------------------------------------------------- input

def test_a_folder_reads_every_income_file_in_every_format_and_nothing_else(cli, members,
                                                                            write_bytes):
    # besides README.md: other files, an Excel lock file, a hidden file, a subfolder
    write_bytes("leden/notulen.pdf", b"%PDF-1.4\n\x00\x01")
    write_bytes("leden/~$moestuin-mulder.xlsx", b"\x00lock")
    write_bytes("leden/.netwerk.csv.swp", b"\x00swap")
    (members / "archief").mkdir()
    write_bytes("leden/archief/oud.csv", b"")
    document = compare_json(cli, members)
    entries = by_name(document)
    assert set(entries) == set(FIVE)
    for name, entry in entries.items():
        assert entry["files"] == [str(members / FIVE[name][-1])], name
    assert document["errors"] == []
    assert document["missing"] == []
    assert all("README" not in f for entry in entries.values() for f in entry["files"])


def test_each_format_is_read_to_the_cent(cli, members):
    entries = by_name(compare_json(cli, members))
    totals = {name: {cls: entry["totals"][cls] for cls in ("market", "public", "gray")}
              for name, entry in entries.items()}
    assert totals == {
        # ; and decimal comma, "1.000,00" and "€ 800,00"; an Organisatie column
        "Stichting Zuidwind": {"market": "200.00", "public": "800.00", "gray": "0.00"},
        "Buurtbedrijf Akker": {"market": "1000.00", "public": "500.00", "gray": "1000.00"},
        # , and a quoted "1,200.00"; the enterprise is the file name
        "wijkbedrijf-cederhout": {"market": "1200.00", "public": "800.00", "gray": "0.00"},
        # TAB, decimal comma, a care funder's service is gray
        "dorpshuis-heide": {"market": "400.00", "public": "50.00", "gray": "50.00"},
        # xlsx with numeric cells and an `enterprise` column
        "Moestuin Mulder": {"market": "300.00", "public": "0.00", "gray": "0.00"},
    }


def test_files_named_one_by_one_equal_their_folder(cli, members):
    files = sorted(p for p in members.iterdir() if p.suffix != ".md")
    assert len(files) == 4
    assert compare_json(cli, *reversed(files)) == compare_json(cli, members)


def test_folders_and_files_mix_in_one_call(cli, members, tmp_path):
    other = tmp_path / "andere"
    other.mkdir()
    shutil.move(members / "dorpshuis-heide.tsv", other / "dorpshuis-heide.tsv")
    document = compare_json(cli, members, other / "dorpshuis-heide.tsv")
    assert set(by_name(document)) == set(FIVE)


def test_txt_and_upper_case_suffixes_are_income_files_too(cli, members, write_bytes):
    write_bytes("leden/buurtwinkel.txt",
                b"jaar;categorie;betaler;bedrag\n2024;Verkoop;klanten;75,00\n")
    write_bytes("leden/KLUSBEDRIJF.CSV",
                b"year,category,payer,amount\n2024,services,residents,10\n")
    entries = by_name(compare_json(cli, members))
    assert set(entries) == {*FIVE, "buurtwinkel", "KLUSBEDRIJF"}
    assert entries["buurtwinkel"]["income_total"] == "75.00"
    assert entries["KLUSBEDRIJF"]["income_total"] == "10.00"


def test_one_enterprise_split_over_two_files_is_one_row_equal_to_one_file(cli):
    for options in ([], ["--all-years"], ["--year", "2023"]):
        split = compare_json(cli, COMPARE / "split" / "deel-1.csv",
                             COMPARE / "split" / "deel-2.tsv", *options)
        whole = compare_json(cli, COMPARE / "split" / "geheel.csv", *options)
        assert len(split["enterprises"]) == len(whole["enterprises"]) == \
            (2 if options == ["--all-years"] else 1)
        for parts, one in zip(split["enterprises"], whole["enterprises"], strict=True):
            assert parts.pop("files") == [str(COMPARE / "split" / "deel-1.csv"),
                                          str(COMPARE / "split" / "deel-2.tsv")]
            assert one.pop("files") == [str(COMPARE / "split" / "geheel.csv")]
            assert parts == one, options
        assert split["summary"] == whole["summary"]
    latest = compare_json(cli, COMPARE / "split" / "deel-1.csv", COMPARE / "split" / "deel-2.tsv")
    entry = latest["enterprises"][0]
    assert (entry["enterprise"], entry["year"]) == ("Buurtbedrijf Gesplitst", 2024)
    assert entry["income_total"] == "1350.00"
    # the municipality pays in both files (spelled differently): one payer, 300 + 200
    assert entry["largest_payer"]["name"].casefold() == "gemeente vlietstad"
    assert entry["largest_payer"]["amount"] == "500.00"
    assert entry["largest_payer"]["share"] == pytest.approx(500 / 1350)


def test_the_same_file_name_in_two_folders_is_one_enterprise(cli):
    document = compare_json(cli, COMPARE / "stems" / "2023", COMPARE / "stems" / "2024")
    [entry] = document["enterprises"]
    assert entry["enterprise"] == "wijkbedrijf-noord"
    assert entry["year"] == 2024
    assert entry["market_share_strict"] == pytest.approx(0.8)
    assert [y["year"] for y in entry["years"]] == [2023, 2024]
    assert entry["years"][0]["market_share_strict"] == pytest.approx(0.6)


def test_a_folder_without_income_files_is_exit_2(cli, one_line_error, tmp_path):
    folder = tmp_path / "leeg"
    folder.mkdir()
    (folder / "README.md").write_text("nothing here\n")
    one_line_error(cli("compare", folder), str(folder), ".csv", ".xlsx")


# ---------------------------------------------------------------- years

def test_by_default_each_enterprise_has_its_latest_year(cli):
    document = compare_json(cli, COMPARE / "years")
    assert document["year"] is None
    assert document["missing"] == []
    entries = by_name(document)
    assert {name: entry["year"] for name, entry in entries.items()} == \
        {"Alfa": 2024, "Beta": 2023, "Gamma": 2024, "Delta": 2024}
    assert entries["Alfa"]["market_share_strict"] == pytest.approx(0.9)  # not pooled
    # ranked among the enterprises of the same year: Beta alone in 2023
    assert {name: entry["percentile"] for name, entry in entries.items()} == pytest.approx(
        {"Alfa": 100.0, "Gamma": 200 / 3, "Delta": 100 / 3, "Beta": 100.0})


def test_the_latest_year_not_all_years_pooled_in_the_members(cli, members):
    # Stichting Zuidwind also has 2023 (0.5): its row is 2024 alone
    entry = by_name(compare_json(cli, members))["Stichting Zuidwind"]
    assert entry["year"] == 2024
    assert entry["market_share_strict"] == pytest.approx(0.2)
    assert entry["income_total"] == "1000.00"


def test_a_year_lists_the_enterprises_without_it_as_missing(cli):
    document = compare_json(cli, COMPARE / "years", "--year", "2024")
    assert document["year"] == 2024
    assert document["missing"] == ["Beta"]
    entries = by_name(document)
    assert set(entries) == {"Alfa", "Gamma", "Delta"}
    assert {e["year"] for e in entries.values()} == {2024}
    assert {n: e["percentile"] for n, e in entries.items()} == pytest.approx(
        {"Alfa": 100.0, "Gamma": 200 / 3, "Delta": 100 / 3})
    summary = document["summary"]
    assert summary["count"] == 3
    # strict 0.2, 0.6, 0.9: numpy's linear interpolation between neighbours
    assert summary["market_share_strict"] == pytest.approx(
        {"q1": 0.4, "median": 0.6, "q3": 0.75})
    assert summary["verdicts"] == {"meets": 1, "gray-zone": 0, "falls-short": 2}
    assert summary["income_total"] == "3000.00"


def test_an_earlier_year_with_a_tie(cli):
    document = compare_json(cli, COMPARE / "years", "--year", "2023")
    assert document["missing"] == ["Delta"]
    entries = by_name(document)
    assert {n: e["market_share_strict"] for n, e in entries.items()} == pytest.approx(
        {"Alfa": 0.5, "Beta": 0.5, "Gamma": 0.3})
    # Alfa and Beta tie: for each, all three peers are at or below
    assert {n: e["percentile"] for n, e in entries.items()} == pytest.approx(
        {"Alfa": 100.0, "Beta": 100.0, "Gamma": 100 / 3})
    assert document["summary"]["market_share_strict"] == pytest.approx(
        {"q1": 0.4, "median": 0.5, "q3": 0.5})


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_missing_enterprises_are_shown_in_the_table_and_markdown(cli, fmt):
    result = cli("compare", COMPARE / "years", "--year", "2024", "--format", fmt,
                 "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "No rows for 2024: Beta" in result.stdout
    assert "Alfa" in result.stdout and "Delta" in result.stdout


def test_missing_in_dutch(cli):
    result = cli("compare", COMPARE / "years", "--year", "2022", "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    assert "Geen rijen voor 2022: Beta, Delta, Gamma" in " ".join(result.stdout.split())


def test_all_years_gives_a_row_per_enterprise_and_year(cli):
    document = compare_json(cli, COMPARE / "years", "--all-years")
    entries = by_name_and_year(document)
    assert {key: entry["percentile"] for key, entry in entries.items()} == pytest.approx({
        ("Alfa", 2022): 100.0,
        ("Alfa", 2023): 100.0, ("Beta", 2023): 100.0, ("Gamma", 2023): 100 / 3,
        ("Alfa", 2024): 100.0, ("Gamma", 2024): 200 / 3, ("Delta", 2024): 100 / 3,
    })
    assert entries[("Alfa", 2022)]["market_share_strict"] == pytest.approx(0.1)
    assert entries[("Alfa", 2022)]["income_total"] == "1000.00"
    summary = document["summary"]
    assert summary["count"] == 7
    # strict 0.1, 0.2, 0.3, 0.5, 0.5, 0.6, 0.9 -> positions 1.5, 3, 4.5
    assert summary["market_share_strict"] == pytest.approx(
        {"q1": 0.25, "median": 0.5, "q3": 0.55})
    assert summary["market_share_broad"] == pytest.approx(summary["market_share_strict"])
    assert summary["verdicts"] == {"meets": 1, "gray-zone": 0, "falls-short": 6}
    assert summary["income_total"] == "7000.00"


def test_all_years_table_has_a_year_column(cli):
    result = cli("compare", COMPARE / "years", "--all-years", "--sort", "name", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert "Year" in result.stdout
    rows = [line.split() for line in result.stdout.splitlines()
            if line.split()[:1] in (["Alfa"], ["Beta"], ["Gamma"], ["Delta"])]
    assert [row[:2] for row in rows] == [["Alfa", "2022"], ["Alfa", "2023"], ["Alfa", "2024"],
                                         ["Beta", "2023"], ["Delta", "2024"],
                                         ["Gamma", "2023"], ["Gamma", "2024"]]


def test_year_and_all_years_exclude_each_other(cli, one_line_error):
    one_line_error(cli("compare", COMPARE / "years", "--year", "2024", "--all-years"),
                   "--year", "--all-years")


# ---------------------------------------------------------------- hand-checked figures

def test_each_row_is_hand_checked(cli, members):
    entries = by_name(compare_json(cli, members))
    for name, (strict, broad, verdict, gap, income, percentile, _) in FIVE.items():
        entry = entries[name]
        assert entry["year"] == 2024, name
        assert entry["market_share_strict"] == pytest.approx(strict), name
        assert entry["market_share_broad"] == pytest.approx(broad), name
        assert entry["verdict"] == verdict, name
        assert entry["gap_to_threshold"] == gap, name
        assert entry["income_total"] == income, name
        assert entry["percentile"] == pytest.approx(percentile), name


def test_the_summary_is_hand_checked(cli, members):
    document = compare_json(cli, members)
    assert document["standard"] == "lsa"
    assert document["threshold"] == 0.75
    summary = document["summary"]
    assert summary["count"] == 5
    assert summary["verdicts"] == {"meets": 2, "gray-zone": 1, "falls-short": 2}
    # strict 0.2 0.4 0.6 0.8 1.0; broad 0.2 0.6 0.8 0.9 1.0
    assert summary["market_share_strict"] == pytest.approx({"q1": 0.4, "median": 0.6, "q3": 0.8})
    assert summary["market_share_broad"] == pytest.approx({"q1": 0.6, "median": 0.8, "q3": 0.9})
    assert summary["income_total"] == "6300.00"


def test_another_standard_changes_verdicts_gaps_and_counts(cli, members):
    document = compare_json(cli, members, "--standard", "code-nl")
    assert (document["standard"], document["threshold"]) == ("code-nl", 0.5)
    entries = by_name(document)
    assert entries["wijkbedrijf-cederhout"]["verdict"] == "meets"
    assert entries["Buurtbedrijf Akker"]["verdict"] == "gray-zone"
    # Zuidwind: (0.5 · 1000 − 200) / 0.5
    assert entries["Stichting Zuidwind"]["gap_to_threshold"] == "600.00"
    assert document["summary"]["verdicts"] == {"meets": 3, "gray-zone": 1, "falls-short": 1}
    custom = compare_json(cli, members, "--threshold", "60%")
    assert custom["threshold"] == 0.6
    assert by_name(custom)["wijkbedrijf-cederhout"]["verdict"] == "meets"
    assert custom["summary"]["verdicts"] == {"meets": 3, "gray-zone": 1, "falls-short": 1}


LEGEND = {"en": "█ market ▓ gray ░ unclassified ▒ public │ threshold",
          "nl": "█ markt ▓ grijs ░ niet ingedeeld ▒ publiek │ norm"}


def summary_part(text: str, lang: str = "en") -> str:
    """The text after the table's legend line (the summary), whitespace collapsed."""
    return " ".join(text[text.index(LEGEND[lang]) + len(LEGEND[lang]):].split())


def assert_hand_checked_summary(summary: str) -> None:
    """The five members' summary, in whatever words: counts, quartiles, income, in order."""
    figures = re.findall(r"\d+(?:[.,]\d+)*%?", summary)
    assert figures == ["5", "2", "1", "2", "60.0%", "40.0%", "80.0%", "80.0%", "6,300.00"], \
        summary


def test_the_table_summary_line(cli, members):
    result = cli("compare", members, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "5 enterprises compared — standard lsa (75%)" in result.stdout
    summary = summary_part(result.stdout)
    assert "5 enterprises · 2 meet · 1 gray zone · 2 fall short" in summary
    assert "median 60.0%" in summary and "40.0%–80.0%" in summary
    assert "€6,300.00" in summary
    assert_hand_checked_summary(summary)


def test_the_table_in_dutch(cli, members):
    result = cli("compare", members, "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "5 ondernemingen vergeleken — norm lsa (75%)" in text
    assert "2 voldoen · 1 grijs gebied · 2 voldoen niet" in text


# ---------------------------------------------------------------- bad files among good ones

BAD = {  # file: what its one-line reason says (a cell error names its line)
    "binair.csv": ["binary"],
    "leeg.csv": ["empty"],
    "tekstbedrag.csv": ["line 4: ", "'twaalf euro'"],
    "jaarfout.csv": ["line 3: ", "'24'"],
    "kapot.xlsx": ["line 3: ", "'veel'"],
    "geen-bedrag.csv": ["amount", "'Waarde'"],
    "alleen-kosten.csv": ["no income"],
}


def test_bad_files_are_listed_and_the_others_compared(cli, members, with_bad_files):
    result = cli("compare", with_bad_files, "--format", "json")
    assert result.exit_code == 2, result.stderr
    document = json.loads(result.stdout)
    # the good ones: the same rows as when they are compared alone
    good = compare_json(cli, *sorted({members / FIVE[name][-1] for name in FIVE}))
    entries = by_name(document)
    assert set(entries) == set(FIVE)
    for name, entry in by_name(good).items():
        assert entries[name] == entry
    assert document["summary"]["count"] == 5
    assert document["summary"]["income_total"] == "6300.00"
    # the bad ones: each once, with its own reason
    errors = {Path(e["file"]).name: e["message"] for e in document["errors"]}
    assert len(errors) == len(document["errors"]) == len(BAD)
    assert set(errors) == set(BAD)
    for error in document["errors"]:
        assert set(error) == {"file", "message"}
        assert Path(error["file"]).parent == members
        name = Path(error["file"]).name
        for fragment in BAD[name]:
            assert fragment in error["message"], (name, error["message"])
        if BAD[name][0].startswith("line "):
            assert error["message"].startswith(BAD[name][0])
    # and on stderr: one line each, naming the file
    lines = result.stderr.splitlines()
    assert len(lines) == len(BAD), result.stderr
    assert "Traceback" not in result.stderr
    for error in document["errors"]:
        assert f"wijkcalc: error: {error['file']}: {error['message']}" in lines


def test_bad_files_with_the_table(cli, with_bad_files):
    result = cli("compare", with_bad_files, "--lang", "en")
    assert result.exit_code == 2
    assert order_in(result.stdout, BY_SHARE) == BY_SHARE
    assert "5 enterprises · 2 meet" in " ".join(result.stdout.split())
    lines = result.stderr.splitlines()
    assert len(lines) == len(BAD)
    assert all(line.startswith("wijkcalc: error: ") for line in lines)
    for name in BAD:
        assert sum(f"{with_bad_files / name}: " in line for line in lines) == 1, name
    assert f"wijkcalc: error: {with_bad_files / 'tekstbedrag.csv'}: line 4: " in result.stderr


@pytest.mark.parametrize("bad", ["leeg.csv", "tekstbedrag.csv", "jaarfout.csv"])
def test_one_bad_cell_or_file_among_good_ones_names_it(cli, members, bad):
    shutil.copy(COMPARE / "bad" / bad, members / bad)
    result = cli("compare", members, "--format", "csv")
    assert result.exit_code == 2
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 5
    [line] = result.stderr.splitlines()
    assert line.startswith(f"wijkcalc: error: {members / bad}: ")
    for fragment in BAD[bad]:
        assert fragment in line


def test_a_file_that_is_not_there_is_listed(cli, members):
    result = cli("compare", members, members / "ontbreekt.csv", "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert len(document["enterprises"]) == 5
    assert [e["file"] for e in document["errors"]] == [str(members / "ontbreekt.csv")]
    assert "not found" in document["errors"][0]["message"]


def test_only_bad_files(cli):
    result = cli("compare", COMPARE / "bad" / "leeg.csv", COMPARE / "bad" / "tekstbedrag.csv",
                 "--format", "json")
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["enterprises"] == []
    assert document["summary"]["count"] == 0
    assert len(document["errors"]) == 2
    assert len(result.stderr.splitlines()) == 2


@pytest.mark.parametrize(("first", "fragments"), [
    ("leeg.csv", ["empty"]),
    ("tekstbedrag.csv", ["tekstbedrag.csv:4: ", "'twaalf euro'"]),
    ("alleen-kosten.csv", ["no income"]),
])
def test_fail_fast_stops_at_the_first_bad_file(cli, one_line_error, members, first, fragments):
    shutil.copy(COMPARE / "bad" / first, members / first)
    line = one_line_error(cli("compare", members, "--fail-fast"), *fragments)
    assert line.startswith(f"wijkcalc: error: {members / first}:")


def test_fail_fast_names_only_the_first_of_several(cli, one_line_error, with_bad_files):
    line = one_line_error(cli("compare", with_bad_files, "--fail-fast", "--format", "json"))
    assert sum(name in line for name in BAD) == 1


# ---------------------------------------------------------------- formats and sorting

@pytest.mark.parametrize("key", list(SORTED))
def test_sort_orders_the_table_json_csv_and_markdown(cli, members, key):
    table = cli("compare", members, "--sort", key)
    assert table.exit_code == 0, table.stderr
    assert order_in(table.stdout, SORTED[key]) == SORTED[key]
    document = json.loads(cli("compare", members, "--sort", key, "-f", "json").stdout)
    assert [e["enterprise"] for e in document["enterprises"]] == SORTED[key]
    rows = csv.DictReader(io.StringIO(cli("compare", members, "--sort", key, "-f", "csv").stdout))
    assert [row["enterprise"] for row in rows] == SORTED[key]
    markdown = cli("compare", members, "--sort", key, "-f", "markdown").stdout
    assert order_in(markdown, SORTED[key]) == SORTED[key]


def test_the_table_sorts_by_strict_share_by_default(cli, members):
    result = cli("compare", members)
    assert order_in(result.stdout, BY_SHARE) == BY_SHARE


def test_an_unknown_sort_is_exit_2(cli, members):
    result = cli("compare", members, "--sort", "verdict")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "verdict" in result.stderr


def test_csv_header_rows_money_and_pandas(cli, members):
    pd = pytest.importorskip("pandas")
    result = cli("compare", members, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    reader = csv.reader(io.StringIO(result.stdout))
    header = next(reader)
    assert tuple(header) == CSV_COLUMNS
    raw = [dict(zip(header, row, strict=True)) for row in reader]
    assert len(raw) == 5
    entries = by_name(compare_json(cli, members))
    for row in raw:
        entry = entries[row["enterprise"]]
        for money in ("income_total", "gap_to_threshold"):
            assert MONEY.fullmatch(row[money]), (money, row[money])
            assert row[money] == entry[money]
        assert row["year"] == "2024"
        assert row["verdict"] == entry["verdict"]
        assert row["files"] == "; ".join(entry["files"])
        assert row["largest_payer"] == entry["largest_payer"]["name"]
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns) == list(CSV_COLUMNS)
    assert frame["enterprise"].tolist() == BY_SHARE
    assert frame["market_share_strict"].tolist() == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2])
    assert frame["market_share_broad"].tolist() == pytest.approx([1.0, 0.9, 0.6, 0.8, 0.2])
    assert frame["gray_share"].tolist() == pytest.approx([0.0, 0.1, 0.0, 0.4, 0.0])
    assert frame["percentile"].tolist() == pytest.approx([100, 80, 60, 40, 20])
    assert frame["income_total"].sum() == pytest.approx(6300.0)
    assert frame["year"].tolist() == [2024] * 5


def test_json_carries_the_contract_keys(cli, members):
    document = compare_json(cli, members)
    assert {"enterprises", "summary", "errors", "missing"} <= set(document)
    for entry in document["enterprises"]:
        assert REPORT_KEYS | {"percentile"} <= set(entry)
        assert {"market", "public", "gray", "unclassified", "excluded"} <= set(entry["totals"])
        for amount in [*entry["totals"].values(), entry["income_total"],
                       entry["gap_to_threshold"]]:
            assert isinstance(amount, str) and MONEY.fullmatch(amount), amount
    summary = document["summary"]
    assert {"count", "verdicts", "market_share_strict", "market_share_broad"} <= set(summary)
    assert set(summary["verdicts"]) == {"meets", "gray-zone", "falls-short"}
    assert set(summary["market_share_strict"]) == {"q1", "median", "q3"}
    assert set(summary["market_share_broad"]) == {"q1", "median", "q3"}


def test_markdown(cli, members):
    result = cli("compare", members, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "# 5 enterprises compared — standard lsa (75%)"
    table = [line for line in lines if line.startswith("|")]
    assert table[0].split("|")[1].strip() == "Enterprise"
    assert set(table[1].replace("|", "").replace("-", "").replace(":", "")) == set()
    body = table[2:]
    assert [line.split("|")[1].strip() for line in body] == BY_SHARE
    akker = [cell.strip() for cell in body[3].split("|")[1:-1]]
    assert akker[:6] == ["Buurtbedrijf Akker", "2024", "€2,500.00", "40.0%", "80.0%",
                         "gray zone"]
    assert akker[6] == "€3,500.00"
    assert akker[-1] == "40"
    after_table = "\n".join(lines[lines.index(table[-1]) + 1:])
    assert "5 enterprises · 2 meet · 1 gray zone · 2 fall short" in after_table
    assert_hand_checked_summary(" ".join(after_table.split()))


def test_markdown_lists_the_bad_files(cli, with_bad_files):
    result = cli("compare", with_bad_files, "--format", "markdown", "--lang", "en")
    assert result.exit_code == 2
    assert "Files that could not be read:" in result.stdout
    assert f"- `{with_bad_files / 'tekstbedrag.csv'}`: line 4: " in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_output_file_holds_exactly_what_stdout_would(cli, members, tmp_path, fmt):
    shown = cli("compare", members, "--format", fmt)
    target = tmp_path / "uit" / f"benchmark.{fmt}"
    target.parent.mkdir()
    written = cli("compare", members, "--format", fmt, "-o", target)
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == shown.stdout
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temporary left


def test_output_file_for_the_table(cli, members, tmp_path):
    target = tmp_path / "benchmark.txt"
    result = cli("compare", members, "-o", target, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    assert order_in(text, BY_SHARE) == BY_SHARE
    assert_hand_checked_summary(summary_part(text))
    assert "\x1b[" not in text


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_output_over_an_input_is_refused(cli, one_line_error, members, fmt):
    for target, inputs in ((members / "netwerk.csv", [members]),
                           (members / "dorpshuis-heide.tsv",
                            [members / "dorpshuis-heide.tsv", members / "netwerk.csv"])):
        before = target.read_bytes()
        one_line_error(cli("compare", *inputs, "--format", fmt, "-o", target),
                       "will not write over")
        assert target.read_bytes() == before


# ---------------------------------------------------------------- charts

@pytest.mark.parametrize("suffix", [".png", ".svg", ".PNG"])
def test_chart_is_drawn(cli, members, tmp_path, suffix):
    pytest.importorskip("matplotlib")
    chart = tmp_path / f"benchmark{suffix}"
    result = cli("compare", members, "--chart", chart, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["enterprises"]) == 5
    data = chart.read_bytes()
    if suffix.lower() == ".png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        root = ElementTree.fromstring(data)
        assert root.tag in ("svg", "{http://www.w3.org/2000/svg}svg")
        assert "Moestuin Mulder" in data.decode("utf-8")


def test_chart_without_matplotlib_says_how_to_install_it(cli, one_line_error, members,
                                                         tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises
    chart = tmp_path / "benchmark.png"
    table = tmp_path / "benchmark.csv"
    one_line_error(cli("compare", members, "--chart", chart, "-f", "csv", "-o", table),
                   "matplotlib", "pip install 'wijkcalc[charts]'")
    assert not chart.exists()
    assert not table.exists()


@pytest.mark.parametrize("name", ["benchmark.pdf", "benchmark.jpg", "benchmark"])
def test_chart_with_a_wrong_suffix_is_exit_2(cli, one_line_error, members, tmp_path, name):
    one_line_error(cli("compare", members, "--chart", tmp_path / name), ".png", ".svg")
    assert not (tmp_path / name).exists()


# ---------------------------------------------------------------- each row is the report

_runner = CliRunner(env=CLI_ENV)


def _json(*args: object) -> dict:
    result = _runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return json.loads(result.stdout)


EXAMPLE_ENTERPRISES = 15  # five single-enterprise files and the network's ten


@pytest.mark.parametrize("options", [
    [], ["--standard", "semark", "--threshold", "60%"], ["--all-years"],
], ids=lambda options: " ".join(options) or "default")
def test_each_row_equals_the_report_of_its_enterprise(options):
    document = _json("compare", EXAMPLES, "--format", "json", *options)
    entries = document["enterprises"]
    if not options or options[0] == "--standard":
        assert len(entries) == EXAMPLE_ENTERPRISES
    assert len(entries) >= 10
    report_options = [] if options == ["--all-years"] else options  # --all-years: row's year
    for entry in entries:
        [file] = entry["files"]
        expected = _json("report", file, "--enterprise", entry["enterprise"], "--format",
                         "json", *report_options,
                         *(["--year", entry["year"]] if options == ["--all-years"] else []))
        row = dict(entry)
        assert 0 < row.pop("percentile") <= 100
        assert row.pop("older_year") is False  # the examples' latest year is 2024 for all
        # the document-level keys (schema, provenance) and one report's stream list are not
        # repeated in each row of a comparison
        for key in ("schema_version", "provenance", "streams", "scenario"):
            assert key not in row
            expected.pop(key)
        assert row == expected, entry["enterprise"]


def test_the_network_file_gives_every_enterprise_in_it(cli):
    document = compare_json(cli, EXAMPLES / "netwerk-benchmark-2024.csv")
    assert len(document["enterprises"]) == 10
    assert document["summary"]["verdicts"] == {"meets": 4, "gray-zone": 2, "falls-short": 4}


def test_a_payer_type_in_one_enterprise_does_not_change_another_ones_row(cli, write_bytes):
    x = write_bytes("x.csv", b"Organisatie;Categorie;Betaler;Soort betaler;Bedrag\n"
                             b"X;Verkoop;Vereniging Y;resident;100,00\n"
                             b"X;Verkoop;klanten;;100,00\n")
    z = write_bytes("z.csv", b"Organisatie;Categorie;Betaler;Soort betaler;Bedrag\n"
                             b"Z;Verkoop;Vereniging Y;business;900,00\n"
                             b"Z;Verkoop;klanten;;100,00\n")
    alone = _json("report", z, "--format", "json")
    assert [w["code"] for w in alone["warnings"]] == ["dominant_payer"]
    row = dict(by_name(compare_json(cli, x, z))["Z"])
    row.pop("percentile")
    row.pop("older_year")
    row["files"] = alone["files"]
    for key in ("schema_version", "provenance", "streams", "scenario"):  # not in a row
        alone.pop(key)
    assert row == alone


# ---------------------------------------------------------------- the Python API

def _normalised(document: dict) -> dict:
    document = json.loads(json.dumps(document))
    document["enterprises"].sort(key=lambda e: (e["enterprise"].casefold(), e["year"] or 0))
    return document


@pytest.mark.parametrize(("args", "kwargs"), [
    ([], {}),
    (["--sort", "name"], {}),
    (["--standard", "uk-gov", "--threshold", "0.3"], {"standard": "uk-gov", "threshold": "0.3"}),
])
def test_the_api_gives_what_the_cli_gives(cli, members, args, kwargs):
    document = compare_json(cli, members, *args)
    comparison = compare_api([members], **kwargs)
    assert len(comparison.rows) == 5
    assert _normalised(comparison.to_dict()) == _normalised(document)


@pytest.mark.parametrize(("args", "kwargs"), [
    (["--year", "2023"], {"year": 2023}),
    (["--all-years"], {"all_years": True}),
])
def test_the_api_with_year_options(cli, args, kwargs):
    document = compare_json(cli, COMPARE / "years", *args)
    assert _normalised(compare_api([COMPARE / "years"], **kwargs).to_dict()) == \
        _normalised(document)


def test_the_api_lists_bad_files_like_the_cli(cli, with_bad_files):
    result = cli("compare", with_bad_files, "--format", "json")
    assert result.exit_code == 2
    comparison = compare_api([with_bad_files])
    assert len(comparison.errors) == len(BAD)
    assert _normalised(comparison.to_dict()) == _normalised(json.loads(result.stdout))


def test_the_api_with_fail_fast_raises(with_bad_files):
    with pytest.raises(InputError) as caught:
        compare_api([with_bad_files / "netwerk.csv", with_bad_files / "tekstbedrag.csv"],
                    fail_fast=True)
    assert caught.value.file == str(with_bad_files / "tekstbedrag.csv")
    assert caught.value.line == 4
    with pytest.raises(UsageError, match="no income") as caught:
        compare_api([with_bad_files / "netwerk.csv", with_bad_files / "alleen-kosten.csv"],
                    fail_fast=True)
    assert caught.value.file == str(with_bad_files / "alleen-kosten.csv")


def test_the_progress_bar_speaks_the_language_of_the_command(monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    from wijkcalc.render import screen

    labels = []
    real = screen.Progress

    def recorded(*args: object, **kwargs: object) -> screen.Progress:
        progress = real(*args, **kwargs)
        labels.append(progress.label)
        return progress

    monkeypatch.setattr(screen, "Progress", recorded)
    for lang in ("nl", "en"):
        result = CliRunner().invoke(app, ["compare", str(EXAMPLES), "--lang", lang],
                                    env=CLI_ENV)
        assert result.exit_code == 0, result.output
    assert labels == ["lezen", "reading"]
