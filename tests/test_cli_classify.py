"""`wijkcalc classify` end to end: bad input, output files, JSON and CSV, and the examples."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from wijkcalc.api import load
from wijkcalc.examples import example_files
from wijkcalc.rules import classify

EXPECTED_EXAMPLES = json.loads(
    (Path(__file__).parent / "data" / "expected_examples.json").read_text("utf-8"))
MONEY = re.compile(r"^-?\d+\.\d{2}$")
ROW_KEYS = ["enterprise", "year", "description", "category", "payer", "payer_type", "amount",
            "kind", "class", "rule", "file", "line"]


def flat(text: str) -> str:
    """Text with every run of whitespace made one space (rich wraps long lines)."""
    return " ".join(text.split())


def no_leftovers(folder: Path, *allowed: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(allowed)


# ---------------------------------------------------------------- bad input

def _binary(data_dir: Path, tmp: Path) -> Path:
    path = tmp / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    return path


def _broken_xlsx(data_dir: Path, tmp: Path) -> Path:
    path = tmp / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 20)
    return path


def _zip_but_not_xlsx(data_dir: Path, tmp: Path) -> Path:
    path = tmp / "archief.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    return path


def _xlsx_named_csv(data_dir: Path, tmp: Path) -> Path:
    path = tmp / "export.csv"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    return path


def _folder(data_dir: Path, tmp: Path) -> Path:
    path = tmp / "map"
    path.mkdir()
    return path


def _old_xls(data_dir: Path, tmp: Path) -> Path:
    path = tmp / "oud.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    return path


def _in_data(name: str) -> Callable[[Path, Path], Path]:
    return lambda data_dir, tmp: data_dir / name


BAD_INPUTS = {
    "missing file": (_in_data("does-not-exist.csv"),
                     ["does-not-exist.csv: file not found; check the path"]),
    "empty file": (_in_data("bad_empty.csv"),
                   ["bad_empty.csv: file is empty; expected a header row naming at least the "
                    "category and amount columns"]),
    "only a header": (_in_data("bad_only_header.csv"),
                      ["bad_only_header.csv: only a header, no income rows"]),
    "missing column": (_in_data("bad_missing_column.csv"), [
        "bad_missing_column.csv:1: no amount column",  # Omschrijving does for a category
        "columns found: 'Naam', 'Omschrijving', 'Soort betaler', 'Euro'",
        "accepted names for the amount: amount, bedrag, bedrag (eur), amount (eur)"]),
    "more fields than the header": (_in_data("bad_extra_field.csv"), [
        "bad_extra_field.csv:5: found 5 fields, the header has 4",
        'amounts with a decimal comma must be in quotes ("12,50") in a comma file']),
    "fewer fields than the header": (_in_data("bad_fewer_fields.csv"),
                                     ["bad_fewer_fields.csv:3: found 3 fields, the header has 4"]),
    "amount not a number": (_in_data("bad_amount_text.csv"), [
        "bad_amount_text.csv:3: amount 'twaalf euro' is not a number; expected a number such "
        "as 1234,56"]),
    "amount ambiguous": (_in_data("bad_amount_ambiguous.csv"), [
        "bad_amount_ambiguous.csv:3: amount '1.234' is ambiguous"]),
    "amount with three decimals": (_in_data("bad_amount_decimals.csv"), [
        "bad_amount_decimals.csv:3: amount '12,345' has more than two decimals"]),
    "amount empty": (_in_data("bad_amount_empty.csv"),
                     ["bad_amount_empty.csv:3: amount is empty"]),
    "binary file": (_binary, ["foto.csv: binary file, not text"]),
    "broken xlsx": (_broken_xlsx, ["kapot.xlsx: cannot be read as an Excel .xlsx file",
                                   "open it in Excel and save it again, or export it as CSV"]),
    "zip that is not a workbook": (_zip_but_not_xlsx,
                                   ["archief.xlsx: cannot be read as an Excel .xlsx file"]),
    "xlsx named .csv": (_xlsx_named_csv,
                        ["export.csv: this is an Excel (.xlsx) file; give it the .xlsx "
                         "extension"]),
    "a folder": (_folder, ["is a folder, not a file"]),
    "broken .xls": (_old_xls, ["oud.xls: cannot be read as an Excel .xls file",
                               "save it as .xlsx, or export it as CSV"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_nothing_written(cli, one_line_error, data_dir,
                                                          tmp_path, case: str) -> None:
    make, fragments = BAD_INPUTS[case]
    work = tmp_path / "in"
    work.mkdir()
    path = make(data_dir, work)
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    one_line_error(cli("classify", path), *fragments)
    for fmt in ("csv", "json", "table"):
        target = out_dir / f"result.{fmt}"
        one_line_error(cli("classify", path, "--format", fmt, "-o", target), *fragments)
        assert not target.exists()
    no_leftovers(out_dir)


def test_error_names_the_file_as_given(cli, one_line_error, data_dir) -> None:
    path = data_dir / "bad_amount_ambiguous.csv"
    line = one_line_error(cli("classify", path))
    assert line.startswith(f"wijkcalc: error: {path}:3: ")


def test_one_bad_file_among_good_ones_writes_nothing(cli, one_line_error, data_dir,
                                                     tmp_path) -> None:
    target = tmp_path / "alles.csv"
    result = cli("classify", data_dir / "english.csv", data_dir / "bad_amount_text.csv",
                 data_dir / "tabs.tsv", "--format", "csv", "-o", target)
    one_line_error(result, "bad_amount_text.csv:3:")
    assert not target.exists()


def test_an_error_leaves_an_existing_output_file_alone(cli, one_line_error, data_dir,
                                                       tmp_path) -> None:
    target = tmp_path / "vorige.csv"
    target.write_text("de vorige uitvoer\n", "utf-8")
    one_line_error(cli("classify", data_dir / "bad_fewer_fields.csv", "--format", "csv",
                       "-o", target))
    assert target.read_text("utf-8") == "de vorige uitvoer\n"
    no_leftovers(tmp_path, "vorige.csv")


def test_xlsx_missing_sheet_lists_the_sheets(cli, one_line_error, make_xlsx) -> None:
    path = make_xlsx("boek.xlsx", {"2023": [["Categorie", "Bedrag"], ["Verkoop", 1]],
                                   "2024": [["Categorie", "Bedrag"], ["Verkoop", 2]]})
    one_line_error(cli("classify", path, "--sheet", "Inkomsten"),
                   "boek.xlsx: has no sheet 'Inkomsten'; its sheets are: 2023, 2024")


# ---------------------------------------------------------------- unclassified rows, --strict

def test_unclassified_rows_warn_on_stderr_and_stay_in_the_output(cli, data_dir) -> None:
    result = cli("classify", data_dir / "unclassified.csv", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert flat(result.stderr).startswith(
        "wijkcalc: warning: 3 rows (€420.00) match no rule and are unclassified; "
        "categories: Diversen, Overige baten.")
    document = json.loads(result.stdout)  # stdout holds the JSON alone
    assert document["unclassified"] == {"rows": 3, "amount": "420.00",
                                        "categories": ["Diversen", "Overige baten"]}
    assert [r["line"] for r in document["rows"] if r["class"] == "unclassified"] == [6, 7, 8]


def test_unclassified_warning_in_dutch(cli, data_dir) -> None:
    result = cli("classify", data_dir / "unclassified.csv", "--format", "csv", "--lang", "nl")
    assert result.exit_code == 0, result.output
    assert "3 rijen (€ 420,00) vallen onder geen enkele regel" in flat(result.stderr)
    assert "categorieën: Diversen, Overige baten" in flat(result.stderr)


def test_no_warning_when_every_row_is_classified(cli, data_dir) -> None:
    result = cli("classify", data_dir / "english.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_strict_turns_unclassified_into_exit_2(cli, one_line_error, data_dir,
                                               tmp_path) -> None:
    target = tmp_path / "uit.csv"
    one_line_error(cli("classify", data_dir / "unclassified.csv", "--strict", "--lang", "en",
                       "--format", "csv", "-o", target),
                   "3 rows (€420.00) match no rule", "categories: Diversen, Overige baten")
    assert not target.exists()


def test_strict_passes_when_every_row_is_classified(cli, data_dir) -> None:
    result = cli("classify", data_dir / "english.csv", "--strict", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 5


# ---------------------------------------------------------------- JSON

def test_json_shape_money_and_totals(cli, data_dir) -> None:
    result = cli("classify", data_dir / "unclassified.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert {"rows", "totals", "income_total", "unclassified"} <= set(document)
    rows = document["rows"]
    assert len(rows) == 7
    for row in rows:
        assert list(row) == ROW_KEYS
        assert MONEY.match(row["amount"]), row["amount"]
        assert isinstance(row["year"], int) and isinstance(row["line"], int)
    assert [r["amount"] for r in rows] == ["1000.00", "500.00", "2000.00", "5000.00", "12.35",
                                           "400.00", "7.65"]
    assert document["totals"] == {"market": "1500.00", "public": "2000.00", "gray": "0.00",
                                  "unclassified": "420.00", "excluded": "5000.00",
                                  "cost": "0.00"}
    # excluded rows are left out of the income total; unclassified rows are in it
    assert document["income_total"] == "3920.00"
    _assert_totals_are_the_sum_of_the_rows(document)


def _assert_totals_are_the_sum_of_the_rows(document: dict) -> None:
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for row in document["rows"]:
        sums[row["class"]] += Decimal(row["amount"])
    for cls, total in document["totals"].items():
        assert MONEY.match(total), total
        assert Decimal(total) == sums.get(cls, Decimal(0)), cls
    income = sum(Decimal(document["totals"][c]) for c in ("market", "public", "gray",
                                                           "unclassified"))
    assert MONEY.match(document["income_total"])
    assert Decimal(document["income_total"]) == income


def test_json_equals_the_library(cli, data_dir) -> None:
    path = data_dir / "many_enterprises.csv"
    document = json.loads(cli("classify", path, "--format", "json").stdout)
    frame = classify(load([path]))
    assert [r["class"] for r in document["rows"]] == frame["class"].astype(str).tolist()
    assert [r["rule"] for r in document["rows"]] == frame["rule"].astype(str).tolist()
    assert [int(Decimal(r["amount"]) * 100) for r in document["rows"]] == \
        frame["amount_cents"].tolist()
    assert [r["enterprise"] for r in document["rows"]] == \
        frame["enterprise"].astype(str).tolist()


def test_json_amount_forms_are_exact(cli, data_dir) -> None:
    document = json.loads(cli("classify", data_dir / "amount_forms.csv", "--format",
                              "json").stdout)
    assert [r["amount"] for r in document["rows"]] == [
        "1234.56", "1234.56", "1234.56", "-12.50", "3406.04", "1234.56", "1234.00"]
    assert document["totals"]["market"] == "9565.78"


def test_manual_and_excluded_rows_in_json(cli, data_dir) -> None:
    document = json.loads(cli("classify", data_dir / "manual_class.csv", "--format",
                              "json").stdout)
    assert [(r["class"], r["rule"]) for r in document["rows"]] == [
        ("market", "manual"), ("public", "manual"), ("gray", "manual"), ("excluded", "manual"),
        ("market", "manual"), ("market", "earned")]
    assert document["totals"]["excluded"] == "400.00"
    assert document["income_total"] == "1700.00"


def test_explain_adds_the_reason(cli, data_dir) -> None:
    document = json.loads(cli("classify", data_dir / "manual_class.csv", "--format", "json",
                              "--explain").stdout)
    assert document["rows"][0]["reason"] == "Classified by hand in the input's class column."
    assert document["rows"][-1]["reason"].startswith("Earned from customers")


# ---------------------------------------------------------------- CSV and the injection guard

def test_csv_guards_formula_cells_but_keeps_amounts_numbers(cli, data_dir) -> None:
    result = cli("classify", data_dir / "injection.csv", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["description"] for r in rows] == [
        "'=HYPERLINK(\"http://evil.example\",\"klik\")", "Correctie bar", "'@SUM(1)", "'-min",
        "Gewone verkoop"]
    assert rows[1]["payer"] == "'+cmd|' /C calc'!A0"
    assert [r["amount"] for r in rows] == ["10.00", "-12.50", "5.00", "1.00", "2.00"]
    # the raw line: the negative amount is written bare, not quoted or prefixed
    assert ",-12.50," in result.stdout.splitlines()[2]


def test_csv_rows_and_header(cli, data_dir) -> None:
    result = cli("classify", data_dir / "english.csv", "--format", "csv")
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(ROW_KEYS)
    assert lines[3] == ("english,2024,Cleaning contract,public contract,Municipality of "
                        f"Brakendonk,government,9600.00,income,gray,public-contract,"
                        f"{data_dir / 'english.csv'},4")


# ---------------------------------------------------------------- -o FILE

@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_output_file_holds_exactly_what_stdout_would(cli, data_dir, tmp_path, fmt) -> None:
    path = data_dir / "many_enterprises.csv"
    shown = cli("classify", path, "--format", fmt)
    target = tmp_path / f"uit.{fmt}"
    written = cli("classify", path, "--format", fmt, "-o", target)
    assert written.exit_code == 0, written.output
    assert written.stdout == ""
    assert target.read_text("utf-8") == shown.stdout
    assert shown.stdout.endswith("\n") and len(shown.stdout) > 500
    no_leftovers(tmp_path, f"uit.{fmt}")


def test_output_file_for_the_table(cli, data_dir, tmp_path) -> None:
    target = tmp_path / "tabel.txt"
    result = cli("classify", data_dir / "many_enterprises.csv", "--lang", "en", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = target.read_text("utf-8")
    for value in ("€46,250.80", "€12,500.00", "public-contract", "earned-public-payer",
                  "€76,250.80", "€101,000.80"):
        assert value in text
    assert "\x1b[" not in text  # no colour codes in a file


def test_output_file_for_the_table_keeps_the_text_whole(cli, data_dir, tmp_path) -> None:
    target = tmp_path / "tabel.txt"
    result = cli("classify", data_dir / "many_enterprises.csv", "--lang", "en", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text("utf-8")
    for value in ("Description", "Buurtbedrijf De Kroon", "Fondsbijdrage",
                  "Gemeente Vlietstad"):
        assert value in text
    assert "…" not in text


def test_output_over_an_existing_file_replaces_it_whole(cli, data_dir, tmp_path) -> None:
    target = tmp_path / "uit.csv"
    target.write_text("x" * 100_000, "utf-8")
    result = cli("classify", data_dir / "english.csv", "--format", "csv", "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8") == cli("classify", data_dir / "english.csv", "--format",
                                            "csv").stdout


def test_output_in_a_missing_folder_is_an_error(cli, one_line_error, data_dir,
                                                tmp_path) -> None:
    one_line_error(cli("classify", data_dir / "english.csv", "--format", "csv",
                       "-o", tmp_path / "nergens" / "uit.csv"),
                   "the folder to write in does not exist")


def test_output_over_an_input_is_refused(cli, one_line_error, data_dir, tmp_path,
                                         monkeypatch) -> None:
    first = tmp_path / "a.csv"
    second = tmp_path / "b.csv"
    first.write_bytes((data_dir / "english.csv").read_bytes())
    second.write_bytes((data_dir / "amount_forms.csv").read_bytes())
    before = (first.read_bytes(), second.read_bytes())
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    for target, fmt in [(first, "csv"), (second, "json"), ("sub/../b.csv", "csv"),
                        ("./a.csv", "table")]:
        one_line_error(cli("classify", first, second, "--format", fmt, "-o", target),
                       "will not write over the input file", "choose another output name")
        assert (first.read_bytes(), second.read_bytes()) == before
    no_leftovers(tmp_path, "a.csv", "b.csv", "sub")


# ---------------------------------------------------------------- inputs through the CLI

def test_xlsx_through_the_cli(cli, make_xlsx) -> None:
    import datetime

    path = make_xlsx("oost.xlsx", {
        "Inkomsten": [["Datum", "Categorie", "Financier", "Bedrag (EUR)"],
                      [datetime.datetime(2023, 5, 1), "Verkoop", "particulieren", 3120.4],
                      [datetime.datetime(2024, 1, 5), "Right to Challenge", "Gemeente", 12500.5]],
        "Kosten": [["Jaar", "Categorie", "Bedrag", "Aard"], [2024, "Huur", 1800, "kosten"]],
    })
    document = json.loads(cli("classify", path, "--format", "json").stdout)  # every sheet
    assert [(r["year"], r["amount"], r["class"]) for r in document["rows"]] == [
        (2023, "3120.40", "market"), (2024, "12500.50", "gray"), (2024, "1800.00", "cost")]
    document = json.loads(cli("classify", path, "--sheet", "Inkomsten", "--format", "json").stdout)
    assert [(r["year"], r["amount"], r["class"]) for r in document["rows"]] == [
        (2023, "3120.40", "market"), (2024, "12500.50", "gray")]
    document = json.loads(cli("classify", path, "--sheet", "Kosten", "--format", "json").stdout)
    assert [(r["year"], r["amount"], r["kind"], r["class"]) for r in document["rows"]] == [
        (2024, "1800.00", "cost", "cost")]
    assert document["totals"]["cost"] == "1800.00"
    assert document["income_total"] == "0.00"


def test_several_files_through_the_cli(cli, data_dir) -> None:
    document = json.loads(cli("classify", data_dir / "english.csv", data_dir / "tabs.tsv",
                              "--format", "json").stdout)
    assert [r["enterprise"] for r in document["rows"]] == ["english"] * 4 + ["tabs"] * 3
    assert [Path(r["file"]).name for r in document["rows"]] == \
        ["english.csv"] * 4 + ["tabs.tsv"] * 3
    _assert_totals_are_the_sum_of_the_rows(document)


def test_user_rules_through_the_cli(cli, data_dir) -> None:
    path = data_dir / "rules_user.toml"
    document = json.loads(cli("classify", data_dir / "user_rules_input.csv", "--rules", path,
                              "--format", "json").stdout)
    assert [r["rule"] for r in document["rows"]] == [
        "sponsoring-is-advertising", "school-rent", "financial-income", "earned",
        "fund-or-gift"]
    assert document["rule_files"] == [str(path)]


@pytest.mark.parametrize(("name", "fragment"), [
    ("rules_bad_class.toml", "'class' is 'marketing'; expected one of market, public, gray, "
                             "excluded"),
    ("rules_bad_toml.toml", "not valid TOML"),
    ("rules_unknown_payer.toml", "payer type(s) school not known; known types: business"),
    ("nope.toml", "rule file not found; check the path"),
])
def test_bad_rule_file_through_classify(cli, one_line_error, data_dir, tmp_path, name,
                                        fragment) -> None:
    target = tmp_path / "uit.json"
    line = one_line_error(cli("classify", data_dir / "english.csv", "--rules", data_dir / name,
                              "--format", "json", "-o", target), fragment)
    assert line.startswith(f"wijkcalc: error: {data_dir / name}: ")
    assert not target.exists()


def test_table_view_shows_rows_and_totals(cli, data_dir) -> None:
    result = cli("classify", data_dir / "many_enterprises.csv", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    for value in ("Wijkwinkel Het Plein", "Oranje Fonds", "€30,000.00", "earned-public-payer",
                  "€76,250.80", "€101,000.80"):
        assert value in result.stdout


# ---------------------------------------------------------------- known bugs (not ours to fix)

def test_table_view_of_a_file_without_years(cli, data_dir) -> None:
    result = cli("classify", data_dir / "manual_class.csv", "--lang", "en")
    assert result.exit_code == 0, result.exception
    assert "Subsidie als markt" in result.stdout


def test_table_view_shows_brackets_in_user_text_literally(cli, write_bytes) -> None:
    path = write_bytes("haken.csv", b"Jaar;Omschrijving;Categorie;Bedrag\n"
                                    b"2024;x [/] y;Verkoop;10\n2024;[bold]vet;Verkoop;5\n")
    result = cli("classify", path, "--lang", "en")
    assert result.exit_code == 0, result.exception
    assert "x [/] y" in result.stdout and "[bold]vet" in result.stdout


def test_unclassified_warning_shows_brackets_in_categories_literally(cli, write_bytes) -> None:
    path = write_bytes("haken.csv", b"Jaar;Categorie;Bedrag\n2024;Diversen [/];10\n")
    result = cli("classify", path, "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.exception
    assert "categories: Diversen [/]." in flat(result.stderr)


# ---------------------------------------------------------------- the bundled examples

def test_every_bundled_example_has_expected_totals() -> None:
    assert sorted(p.name for p in example_files()) == sorted(EXPECTED_EXAMPLES)


def _totals_per_enterprise_and_year(path: Path) -> dict[str, dict[str, dict[str, int]]]:
    frame = classify(load([path]))
    sums = frame.groupby(["enterprise", "year", "class"], observed=True)["amount_cents"].sum()
    result: dict[str, dict[str, dict[str, int]]] = {}
    for (enterprise, year, cls), cents in sums.items():
        per_year = result.setdefault(str(enterprise), {}).setdefault(
            str(year), dict.fromkeys(("market", "public", "gray", "excluded", "unclassified",
                                      "cost"), 0))
        per_year[str(cls)] = int(cents)
    return result


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_bundled_example_totals(examples_dir: Path, name: str) -> None:
    assert _totals_per_enterprise_and_year(examples_dir / name) == EXPECTED_EXAMPLES[name]


def test_xlsx_example_takes_its_years_from_the_datum_column(examples_dir: Path) -> None:
    path = examples_dir / "wijkonderneming-oost.xlsx"
    frame = load([path])
    assert "Datum" not in frame.columns  # the column was recognised as the date, not kept
    assert sorted(frame["year"].unique().tolist()) == [2023, 2024]
    assert frame["year"].notna().all()


@pytest.mark.parametrize("name", sorted(EXPECTED_EXAMPLES))
def test_bundled_example_through_the_cli(cli, examples_dir: Path, name: str) -> None:
    result = cli("classify", examples_dir / name, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    _assert_totals_are_the_sum_of_the_rows(document)
    expected: dict[str, int] = defaultdict(int)
    for years in EXPECTED_EXAMPLES[name].values():
        for classes in years.values():
            for cls, cents in classes.items():
                expected[cls] += cents
    assert {cls: int(Decimal(v) * 100) for cls, v in document["totals"].items()} == expected
