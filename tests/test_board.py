"""Issue 13, the board documents: report and compare --save .html/.pdf/.svg/.png, their charts.

The HTML of every bundled example is strict HTML5 with every section in both languages and
nothing from the network; the PDF holds the JSON's figures; hostile names stay text in HTML,
SVG and PDF; the charts leave absent classes out of the legend and stay readable at 15 and 300
enterprises; headless Chromium (when installed) shows the page's text."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

import wijkcalc
from wijkcalc.analysis.compare import sorted_rows
from wijkcalc.api import compare, report_files
from wijkcalc.cli import app
from wijkcalc.examples import example_files
from wijkcalc.render import charts
from wijkcalc.render.board import report_board
from wijkcalc.render.board_compare import comparison_board
from wijkcalc.render.board_html import board_html
from wijkcalc.render.board_pdf import board_pdf
from wijkcalc.render.chart import CHART_ROWS, comparison_chart
from wijkcalc.render.i18n import say, verdict_name
from wijkcalc.render.numbers import money, percent

html5lib = pytest.importorskip("html5lib")
CLI_ENV = {"COLUMNS": "240", "NO_COLOR": "1", "LC_ALL": "en_US.UTF-8", "TERM": "dumb"}
CHROMIUM = Path("/usr/bin/chromium")
HEADINGS = {"verdict": "The verdict", "standard": "The standard",
            "standards": "The standards side by side", "dependency": "Dependency",
            "glossary": "Glossary", "streams": "Every stream by class",
            "paths": "The paths to the yardstick", "years": "The years",
            "coverage": "Cost coverage", "warnings": "Warnings"}


def run(*args: object):
    return CliRunner(env=CLI_ENV).invoke(app, [str(a) for a in args])


def one_report(path: Path):
    """The report of the file, of its first enterprise when it holds several."""
    names = sorted(wijkcalc.load([path])["enterprise"].astype(str).unique())
    return report_files([path], enterprise=names[0] if len(names) > 1 else None)


@pytest.fixture(scope="module")
def examples():
    return [(path, one_report(path)) for path in example_files()]


def expected_sections(report) -> list[str]:
    keys = ["verdict", "standard", "standards", "dependency", "glossary"]
    keys += ["streams"] if getattr(report, "streams", ()) else []
    keys += ["paths"] if getattr(report, "paths", None) is not None else []
    keys += ["years"] if len(report.years) > 1 else []
    keys += ["coverage"] if report.cost_coverage else []
    keys += ["warnings"] if report.warnings else []
    return keys


def parsed(page: str):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def assert_offline(page: str) -> None:
    assert "<script" not in page.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert "@import" not in page and "url(" not in page


# ---------------------------------------------------------------- HTML

@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_html_of_each_example_is_strict_html5_with_every_section(examples, lang):
    for path, report in examples:
        page = board_html(report_board(report, lang))
        tree = parsed(page)  # raises on any parse error
        assert tree.find(".//title").text.strip(), path
        assert tree.tag == "html" and tree.get("lang") == lang
        for key in expected_sections(report):
            section = tree.find(f".//section[@id='{key}']")
            assert section is not None, (path.name, key)
            heading = section.find("h2").text
            assert heading == say(lang, HEADINGS[key]), (path.name, key, heading)
        assert_offline(page)
        assert report.enterprise in page or "&" in report.enterprise
        assert verdict_name(lang, report.verdict).upper() in page.upper()
        assert money(report.income_total, lang) in page


def test_the_dutch_page_is_dutch():
    report = one_report(example_files()[0])
    page = board_html(report_board(report, "nl"))
    assert "Het oordeel" in page and "Begrippen" in page and "The verdict" not in page


def test_report_save_writes_each_format(tmp_path):
    source = example_files()[0]
    for suffix, start in ((".html", b"<!DOCTYPE html>"), (".pdf", b"%PDF-"), (".svg", b"<svg"),
                          (".png", b"\x89PNG"), (".md", b"# "), (".txt", "╭".encode())):
        if suffix == ".png":
            pytest.importorskip("matplotlib")
        target = tmp_path / f"rapport{suffix}"
        result = run("report", source, "--lang", "en", "--save", target)
        assert result.exit_code == 0, (suffix, result.output)
        assert target.read_bytes().lstrip().startswith(start), suffix
    assert sorted(p.suffix for p in tmp_path.iterdir()) == sorted(
        [".html", ".pdf", ".svg", ".png", ".md", ".txt"])  # no temporary file left


def test_compare_save_writes_the_benchmark(tmp_path):
    folder = example_files()[0].parent
    page_file, pdf_file = tmp_path / "benchmark.html", tmp_path / "benchmark.pdf"
    for target in (page_file, pdf_file):
        result = run("compare", folder, "--lang", "en", "--save", target)
        assert result.exit_code == 0, result.output
    page = page_file.read_text(encoding="utf-8")
    tree = parsed(page)
    for key in ("verdicts", "distribution", "standard", "enterprises", "glossary"):
        assert tree.find(f".//section[@id='{key}']") is not None, key
    assert_offline(page)
    assert "Q1 " in page and "median " in page and "yardstick 75%" in page
    text = pdf_text(pdf_file.read_bytes())
    assert "enterprisescompared" in text and "meet" in text


# ---------------------------------------------------------------- PDF

def pdf_text(data: bytes) -> str:
    import io

    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def pdf_checker(text: str, where: str):
    def has(shown: str) -> None:
        assert re.sub(r"\s+", "", shown) in text, (where, shown)

    return has


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_pdf_of_each_example_has_the_figures_of_the_json(examples, lang):
    for path, report in examples:
        data = report.to_dict()
        text = pdf_text(board_pdf(report_board(report, lang)))
        has = pdf_checker(text, f"{path.name} {lang}")
        has(data["enterprise"])
        has(money(report.income_total, lang))
        for cls in ("market", "public", "gray"):
            has(money(getattr(report.totals, cls), lang))
            has(percent(data["shares"][cls], lang))
        has(percent(data["market_share_strict"], lang))
        for standard in data["standards"]:
            has(verdict_name(lang, standard["verdict"]))
            if standard["gap_to_threshold"] not in (None, "0.00"):
                cents = round(float(standard["gap_to_threshold"]) * 100)
                has(money(cents, lang))
        for payer in report.payers[:5]:
            has(money(payer.cents, lang))


# ---------------------------------------------------------------- hostile names

HOSTILE = '<script>alert(1)</script> ]#[$x$ *b* _i_ "q" \\ \x07\x1b[2J Kroon'


def test_hostile_names_are_text_in_html_svg_and_pdf(tmp_path):
    income = tmp_path / "in.csv"
    with income.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["Enterprise", "Year", "Description", "Category", "Payer", "Amount"])
        writer.writerow([HOSTILE, "2024", HOSTILE, "subsidie", HOSTILE, "200"])
        writer.writerow([HOSTILE, "2024", "verkoop", "omzet", "klanten", "800"])
    report = report_files([income])
    board = report_board(report, "en")
    page = board_html(board)
    parsed(page)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x07" not in page and "\x1b" not in page and "\\x07\\x1b[2J" in page
    svg = charts.svg(charts.mix_chart(report.shares, 0.75, charts.Words(HOSTILE, {
        c: c for c in report.shares}, "75%")))
    root = ElementTree.fromstring(svg)  # well-formed XML: nothing broke out of a text
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    text = pdf_text(board_pdf(board))
    assert re.sub(r"\s+", "", '<script>alert(1)</script>]#[$x$*b*_i_"q"\\\\x07\\x1b[2JKroon') \
        in text


# ---------------------------------------------------------------- charts

def legend_texts(chart: charts.Chart) -> list[str]:
    return [s.text for s in chart.shapes if isinstance(s, charts.Text)]


def test_the_legend_leaves_out_absent_classes():
    words = charts.Words("t", {"market": "market", "gray": "gray zone",
                               "unclassified": "unclassified", "public": "public"}, "75%")
    shown = legend_texts(charts.mix_chart({"market": 0.8, "public": 0.2, "gray": 0.0,
                                           "unclassified": 0.0}, 0.75, words))
    assert "market" in shown and "public" in shown
    assert "gray zone" not in shown and "unclassified" not in shown
    assert "75%" in shown  # the threshold, labelled


def test_the_legend_is_below_the_bar():
    words = charts.Words("t", {c: c * 3 for c in ("market", "gray", "unclassified", "public")},
                         "75%")
    chart = charts.mix_chart({"market": 0.4, "public": 0.2, "gray": 0.3, "unclassified": 0.1},
                             0.75, words)
    bars = [s for s in chart.shapes if isinstance(s, charts.Rect) and s.fill != "none"]
    labels = [s for s in chart.shapes
              if isinstance(s, charts.Text) and s.text in words.classes.values()]
    bottom = max(r.y + r.h for r in bars if r.w > 20)  # the segments, not the swatches
    assert labels and all(label.y - 12 > bottom for label in labels)


def members_file(folder: Path, count: int) -> Path:
    path = folder / f"leden-{count}.csv"
    lines = ["Organisatie;Jaar;Omschrijving;Categorie;Betaler;Bedrag"]
    for n in range(count):
        lines += [f"Lid {n:03d};2024;verkoop;omzet;klanten;{100 + 7 * n}",
                  f"Lid {n:03d};2024;steun;subsidie;Gemeente;{(31 * n) % 700 + 50}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("count", [15, 300])
def test_the_comparison_chart_is_readable_at_15_and_300(tmp_path, count):
    comparison = compare([members_file(tmp_path, count)])
    rows = sorted_rows(comparison, "share")
    listed = comparison_chart(comparison, rows, lang="en")
    texts = legend_texts(listed)
    assert any(t.startswith("Q1 ") for t in texts) and any(t.startswith("median ") for t in texts)
    assert "yardstick 75%" in texts
    names = [t for t in texts if t.startswith("Lid ")]
    assert len(names) == min(count, CHART_ROWS)
    said = " ".join(texts)
    assert ("Above 60 enterprises" in said) == (count > CHART_ROWS)
    if count > CHART_ROWS:
        assert f"first {CHART_ROWS} of {count}" in said
        board = comparison_chart(comparison, rows, lang="en", listed=False)
        assert not [t for t in legend_texts(board) if t.startswith("Lid ")]
        assert board.height < 600  # the histogram alone: a third of a page
    page = board_html(comparison_board(comparison, rows, "en"))
    parsed(page)
    assert page.count("<tr>") >= count  # the table has every enterprise


# ---------------------------------------------------------------- in a browser

@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium")
def test_headless_chromium_shows_the_page(tmp_path, examples):
    _, report = examples[0]
    page = tmp_path / "rapport.html"
    page.write_text(board_html(report_board(report, "nl")), encoding="utf-8")
    dom = subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120).stdout
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
    assert "<svg" in dom
    for words in ("Het oordeel", "De norm", "Afhankelijkheid", "Begrippen",
                  verdict_name("nl", report.verdict).upper()):
        assert words in dom.upper() or words in dom, words


def test_a_class_shows_its_largest_streams_and_sums_the_rest():
    import dataclasses

    from wijkcalc.analysis.results import Stream
    from wijkcalc.render.board import STREAMS_SHOWN

    report = one_report(example_files()[0])
    many = tuple(Stream("unclassified", f"post {n}", "iemand", 1000 - n, "", 1)
                 for n in range(STREAMS_SHOWN + 10))
    page = board_html(report_board(dataclasses.replace(report, streams=many), "en"))
    assert "post 0<" in page and f"post {STREAMS_SHOWN - 1}<" in page
    assert f"post {STREAMS_SHOWN}<" not in page
    rest = sum(1000 - n for n in range(STREAMS_SHOWN, STREAMS_SHOWN + 10))
    assert "and 10 smaller streams" in page and money(rest, "en") in page
