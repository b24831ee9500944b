"""compare over years (issue 15): --all-years counts enterprises and summarises each year, an
enterprise's years stay together for every --sort, an enterprise whose latest year is older is
marked and ranked among that year's peers, and the table fits 60 to 120 columns in both
languages (names cut with "…", every bar with its threshold mark, the legend shown)."""

from __future__ import annotations

import csv
import io
import json
import re
from itertools import groupby
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wijkcalc.cli import app

HERE = Path(__file__).parent
YEARS = HERE / "data" / "compare" / "years"  # Alfa 2022-24, Beta 2023, Gamma 2023-24, Delta 2024
EXAMPLES = HERE.parent / "data"
SORTS = ("share", "name", "income", "gap")
BAR_CHARS = "█▓░▒"


def run(*args: object, width: int = 240) -> str:
    env = {"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "en_US.UTF-8",
           "LANG": "en_US.UTF-8"}
    result = CliRunner(env=env).invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def document(*args: object) -> dict:
    return json.loads(run("compare", *args, "--format", "json"))


# ---------------------------------------------------------------- counting enterprises

def test_all_years_counts_enterprises_and_enterprise_years_in_the_json():
    summary = document(YEARS, "--all-years")["summary"]
    assert (summary["count"], summary["enterprises"], summary["enterprise_years"]) == (7, 4, 7)
    per_year = {entry["year"]: entry for entry in summary["per_year"]}
    assert [entry["year"] for entry in summary["per_year"]] == [2022, 2023, 2024]
    # by hand: 2022 Alfa 0.1; 2023 Alfa 0.5, Beta 0.5, Gamma 0.3; 2024 Alfa 0.9, Gamma 0.6,
    # Delta 0.2 (numpy's linear interpolation for the quartiles)
    assert per_year[2022]["count"] == per_year[2022]["enterprises"] == 1
    assert per_year[2022]["market_share_strict"] == pytest.approx(
        {"q1": 0.1, "median": 0.1, "q3": 0.1})
    assert per_year[2023]["market_share_strict"] == pytest.approx(
        {"q1": 0.4, "median": 0.5, "q3": 0.5})
    assert per_year[2024]["market_share_strict"] == pytest.approx(
        {"q1": 0.4, "median": 0.6, "q3": 0.75})
    assert per_year[2024]["verdicts"] == {"meets": 1, "gray-zone": 0, "falls-short": 2}
    assert [per_year[y]["income_total"] for y in (2022, 2023, 2024)] == \
        ["1000.00", "3000.00", "3000.00"]
    # the pooled figures keep what they meant: over every row compared
    assert summary["market_share_strict"] == pytest.approx({"q1": 0.25, "median": 0.5,
                                                            "q3": 0.55})


def test_one_year_counts_each_enterprise_once():
    summary = document(EXAMPLES)["summary"]
    assert summary["count"] == summary["enterprises"] == summary["enterprise_years"] == 15
    assert [entry["year"] for entry in summary["per_year"]] == [2024]


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "15 enterprises (33 enterprise-years) compared — standard lsa (75%)"),
    ("nl", "15 ondernemingen (33 ondernemingsjaren) vergeleken — norm lsa (75%)"),
])
def test_the_title_counts_enterprises_in_every_view(lang, said, tmp_path):
    options = [EXAMPLES, "--all-years", "--lang", lang]
    assert said in " ".join(run("compare", *options).split())
    assert said in run("compare", *options, "--format", "markdown")
    page = tmp_path / "benchmark.html"
    run("compare", *options, "--save", page)
    assert said in " ".join(page.read_text(encoding="utf-8").split())
    assert "33 enterprises" not in run("compare", *options)


def test_the_board_pdf_counts_enterprises(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    target = tmp_path / "benchmark.pdf"
    run("compare", EXAMPLES, "--all-years", "--lang", "en", "--save", target)
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "15 enterprises (33 enterprise-years)" in " ".join(text.split())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_summary_is_per_year_not_pooled(lang):
    text = " ".join(run("compare", YEARS, "--all-years", "--lang", lang).split())
    strict = "Market share strict: median" if lang == "en" else "Marktaandeel strikt: mediaan"
    # each year its own median (0.6, 0.5, 0.1), latest first; not the pooled 0.5 of 7 rows
    medians = re.findall(re.escape(strict) + r" (\d+[.,]\d)%", text)
    assert medians == (["60.0", "50.0", "10.0"] if lang == "en" else ["60,0", "50,0", "10,0"])
    for year in ("2024", "2023", "2022"):
        assert f"{year}: " in text
    counted = "7 enterprise-years of 4 enterprises" if lang == "en" else \
        "7 ondernemingsjaren van 4 ondernemingen"
    assert counted in text


# ---------------------------------------------------------------- years kept together

@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("folder", [YEARS, EXAMPLES], ids=["years", "examples"])
def test_an_enterprises_years_stay_together_in_the_order_of_its_latest_year(folder, sort):
    rows = document(folder, "--all-years", "--sort", sort)["enterprises"]
    groups = [(name, [row["year"] for row in group])
              for name, group in groupby(rows, key=lambda row: row["enterprise"])]
    names = [name for name, _ in groups]
    assert len(names) == len(set(names)), "an enterprise's years are apart"
    for name, years in groups:
        assert years == sorted(years), f"{name}'s years are not oldest first"
    # the enterprises in the order latest-year mode gives them for the same key
    latest = [row["enterprise"] for row in document(folder, "--sort", sort)["enterprises"]]
    assert names == latest


def test_the_table_and_chart_keep_the_years_together(tmp_path):
    table = run("compare", YEARS, "--all-years", "--lang", "en")
    names = [line.split()[0] for line in table.splitlines()
             if line.split()[:1] in (["Alfa"], ["Beta"], ["Gamma"], ["Delta"])]
    assert names == ["Alfa"] * 3 + ["Gamma"] * 2 + ["Beta", "Delta"]
    chart = tmp_path / "chart.svg"
    run("compare", YEARS, "--all-years", "--chart", chart, "--lang", "en")
    labels = re.findall(r">(Alfa|Beta|Gamma|Delta) (\d{4})<", chart.read_text(encoding="utf-8"))
    assert labels == [("Alfa", "2022"), ("Alfa", "2023"), ("Alfa", "2024"), ("Gamma", "2023"),
                      ("Gamma", "2024"), ("Beta", "2023"), ("Delta", "2024")]


# ---------------------------------------------------------------- an older latest year

def test_an_older_latest_year_is_flagged_and_ranked_among_that_years_peers(write_bytes):
    # Beta's books stop in 2023 (0.4); that year Alfa has 0.5 and Gamma 0.3: 2 of 3 at or below
    rows = (b"Organisatie;Jaar;Categorie;Betaler;Bedrag\n"
            b"Alfa;2023;Verkoop;klanten;500,00\nAlfa;2023;Subsidie;Gemeente;500,00\n"
            b"Alfa;2024;Verkoop;klanten;900,00\nAlfa;2024;Subsidie;Gemeente;100,00\n"
            b"Beta;2023;Verkoop;klanten;400,00\nBeta;2023;Subsidie;Gemeente;600,00\n"
            b"Gamma;2023;Verkoop;klanten;300,00\nGamma;2023;Subsidie;Gemeente;700,00\n"
            b"Gamma;2024;Verkoop;klanten;600,00\nGamma;2024;Subsidie;Gemeente;400,00\n")
    path = write_bytes("leden.csv", rows)
    entries = {row["enterprise"]: row for row in document(path)["enterprises"]}
    assert {name: row["older_year"] for name, row in entries.items()} == \
        {"Alfa": False, "Beta": True, "Gamma": False}
    assert entries["Beta"]["year"] == 2023
    assert entries["Beta"]["percentile"] == pytest.approx(200 / 3)
    assert entries["Alfa"]["percentile"] == 100.0 and entries["Gamma"]["percentile"] == 50.0
    text = " ".join(run("compare", path, "--lang", "en").split())
    assert "Beta 2023*" in text
    assert ("* Latest year 2023, older than the others' 2024: Beta. The percentile ranks among "
            "the 3 enterprises with figures for 2023.") in text
    dutch = " ".join(run("compare", path, "--lang", "nl").split())
    assert ("* Laatste jaar 2023, ouder dan 2024 van de anderen: Beta. Het percentiel "
            "rangschikt onder de 3 ondernemingen met cijfers over 2023.") in dutch
    markdown = run("compare", path, "--format", "markdown", "--lang", "en")
    assert "2023\\*" in markdown and "older than the others' 2024: Beta" in markdown
    records = list(csv.DictReader(io.StringIO(run("compare", path, "--format", "csv"))))
    assert {r["enterprise"]: r["older_year"] for r in records} == \
        {"Alfa": "False", "Beta": "True", "Gamma": "False"}


def test_an_older_year_without_peers_says_so(write_bytes):
    path = write_bytes("leden.csv", b"Organisatie;Jaar;Categorie;Betaler;Bedrag\n"
                                    b"Alfa;2024;Verkoop;klanten;900,00\n"
                                    b"Oud;2021;Verkoop;klanten;100,00\n")
    entry = {r["enterprise"]: r for r in document(path)["enterprises"]}["Oud"]
    assert entry["older_year"] is True and entry["percentile"] == 100.0
    text = " ".join(run("compare", path, "--lang", "en").split())
    assert ("no other enterprise has figures for 2021") in text
    assert "geen andere onderneming heeft cijfers over 2021" in " ".join(
        run("compare", path, "--lang", "nl").split())


def test_the_same_latest_year_everywhere_has_no_mark():
    text = run("compare", EXAMPLES, "--lang", "en")
    assert "*" not in text and "older than" not in text
    assert not any(row["older_year"] for row in document(EXAMPLES)["enterprises"])
    # --year and --all-years rank within the year asked: nothing is older there
    assert not any(row["older_year"] for row in document(YEARS, "--all-years")["enterprises"])


# ---------------------------------------------------------------- the screen's width

WIDTHS = (60, 80, 100, 120)
LEGEND = {"en": "█ market ▓ gray ░ unclassified ▒ public │ threshold",
          "nl": "█ markt ▓ grijs ░ niet ingedeeld ▒ publiek │ norm"}


@pytest.mark.parametrize("options", [["--all-years"], []], ids=["all-years", "latest"])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_table_fits_the_screen(width, lang, options):
    args = ["compare", EXAMPLES, "--lang", lang, *options]
    shown = run(*args, width=width)
    whole = run(*args, width=400)  # a screen with room for everything: the words as written
    words = set(whole.split())
    names = [row["enterprise"] for row in document(EXAMPLES, *options)["enterprises"]]
    lines = shown.splitlines()
    assert max(len(line) for line in lines) <= width
    bar_rows = [line for line in lines if any(char in line for char in BAR_CHARS)
                and not line.startswith(LEGEND[lang][:1])]
    assert len(bar_rows) == len(names), "a name took two lines, or a row is missing"
    for line, name in zip(bar_rows, names, strict=True):
        assert "│" in line, f"no threshold mark at {width}: {line!r}"
        cell = re.split(r"\s{2,}", line)[0]
        assert cell == name or (cell.endswith("…") and name.startswith(cell[:-1])), (cell, name)
    for line in lines:
        for token in line.split():
            if any(char in token for char in BAR_CHARS + "│─"):
                continue
            assert token in words or (token.endswith("…") and any(
                word.startswith(token[:-1]) for word in words)), \
                f"{token!r} is cut at {width} ({lang})"
    legend = " ".join(" ".join(line.split()) for line in lines if line.startswith("█ "))
    assert legend == LEGEND[lang]


def test_a_file_keeps_every_name_whole(tmp_path):
    target = tmp_path / "benchmark.txt"
    run("compare", EXAMPLES, "--lang", "en", "-o", target, width=60)
    text = target.read_text(encoding="utf-8")
    assert "…" not in text and "dorpscooperatie-het-generatiehuis" in text
    markdown = run("compare", EXAMPLES, "--format", "markdown", width=60)
    assert "…" not in markdown and "Speeltuinvereniging Het Klimrek" in markdown


def test_the_board_summarises_each_year_and_notes_an_older_year(tmp_path, write_bytes):
    page = tmp_path / "benchmark.html"
    run("compare", EXAMPLES, "--all-years", "--lang", "en", "--save", page)
    text = " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())
    # the table of the years: each its own median and quartiles, latest first
    assert re.search(r"2024 15 6 4 5 62\.4% \(26\.1%–77\.5%\) €1,032,991\.63", text)
    assert re.search(r"2021 1 0 0 1 44\.7% \(44\.7%–44\.7%\) €30,720\.00", text)
    assert "2021–2024, a row per enterprise and year" in text
    older = write_bytes("leden.csv", b"Organisatie;Jaar;Categorie;Betaler;Bedrag\n"
                                     b"Alfa;2024;Verkoop;klanten;900,00\n"
                                     b"Oud;2021;Verkoop;klanten;100,00\n")
    run("compare", older, "--lang", "nl", "--save", page)
    text = " ".join(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")).split())
    assert "Laatste jaar 2021, ouder dan 2024 van de anderen: Oud." in text


def test_the_chart_marks_no_quartiles_that_would_pool_years(tmp_path):
    chart = tmp_path / "chart.svg"
    run("compare", EXAMPLES, "--all-years", "--chart", chart, "--lang", "en")
    svg = chart.read_text(encoding="utf-8")
    assert "yardstick 75%" in svg and ">median " not in svg and ">Q1 " not in svg
    run("compare", EXAMPLES, "--chart", chart, "--lang", "en")  # one year: its quartiles
    svg = chart.read_text(encoding="utf-8")
    assert ">median 62.4%<" in svg and ">Q1 26.1%<" in svg


@pytest.mark.parametrize("options", [["--all-years"], []], ids=["all-years", "latest"])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_summary_line_breaks_between_its_items(width, lang, options):
    # "5 voldoen niet" on one line, not "5 voldoen" / "niet": the items of a summary line are
    # the counts between its dots, as a screen with room for everything shows them
    args = ["compare", EXAMPLES, "--lang", lang, *options]
    whole = run(*args, width=400)
    counts = [line for line in whole.splitlines() if " · " in line and line[:1].isdigit()]
    assert counts
    shown = [" ".join(line.split()) for line in run(*args, width=width).splitlines()]
    for line in counts:
        for item in line.split(" · "):
            if len(item) <= width:
                assert any(item in each for each in shown), (item, width, lang)
