"""Errors and warnings in the reader's language: one Dutch line with --lang nl (or a Dutch
locale), the same English line as ever with --lang en, and every template translated."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from wijkcalc.cli import app
from wijkcalc.errors import (
    N_,
    NC_,
    InputError,
    InputWarning,
    Joined,
    Number,
    Problem,
    Text,
    UsageError,
)
from wijkcalc.render.i18n import say
from wijkcalc.sources.columns import COLUMN_NAMES

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "data"
BANK = DATA / "bank"
PACKAGE = Path(__file__).resolve().parents[1] / "src" / "wijkcalc"
ENV = {"COLUMNS": "240", "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "", "LC_MESSAGES": "",
       "LANGUAGE": ""}

# words of the English messages that Dutch never uses; what a file or option holds ('quoted'
# values, --options, paths, accepted column names) is taken out of the line before it is
# looked at
ENGLISH = frozenset({
    "the", "not", "no", "found", "expected", "error", "line", "file", "column", "columns",
    "accepted", "names", "choose", "unknown", "empty", "number", "such", "reads", "header",
    "cannot", "read", "looks", "like", "with", "and", "has", "are", "missing", "statement",
    "entry", "warning", "format", "standard", "threshold", "source", "sheet", "folder", "given",
    "must", "should", "one"})

# the column names wijkcalc accepts, in both languages, which a missing column's message lists
ACCEPTED = frozenset(word for names in COLUMN_NAMES.values() for name in names
                     for word in re.findall(r"[a-z]+", name))


def _words(line: str) -> set[str]:
    line = re.sub(r"'[^']*'|\"[^\"]*\"|--[a-z-]+|\S*/\S*", " ", line)  # and paths
    return {word.lower() for word in re.findall(r"[A-Za-z]+", line)} - ACCEPTED


def _run(*args: object, lang: str | None, env: dict[str, str] | None = None) -> Result:
    runner = CliRunner(env={**ENV, "LANG": "en_US.UTF-8", **(env or {})})
    return runner.invoke(app, [str(a) for a in args] + (["--lang", lang] if lang else []))


def _one_line(result: Result, prefix: str) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]
    assert "Traceback" not in result.output
    return lines[0]


def _without_column(tmp_path: Path, name: str, column: str) -> Path:
    """A bank export with one column taken out (a bank that changed its layout)."""
    lines = (BANK / name).read_bytes().decode("latin-1").splitlines()
    separator = ";" if ";" in lines[0] else ","
    gone = lines[0].split(separator).index(f'"{column}"')
    changed = tmp_path / name
    changed.write_bytes("\n".join(separator.join(c for n, c in enumerate(line.split(separator))
                                                 if n != gone)
                                  for line in lines).encode("latin-1"))
    return changed


def _binary(tmp_path: Path) -> Path:
    path = tmp_path / "foto.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"")
    return path


# (what, the command line after `wijkcalc`, a piece of the English line, of the Dutch line)
CASES = [
    ("bad amount", lambda tmp: ["report", DATA / "bad_amount_text.csv"],
     ":3: amount 'twaalf euro' is not a number; expected a number such as",
     ", regel 3: bedrag 'twaalf euro' is geen getal; verwacht een getal zoals"),
    ("missing column", lambda tmp: ["report", DATA / "bad_missing_column.csv"],
     ":1: no amount column; columns found: 'Naam', 'Omschrijving', 'Soort betaler', 'Euro'; "
     "accepted names for the amount: amount, bedrag",
     ", regel 1: geen kolom bedrag; gevonden kolommen: 'Naam', 'Omschrijving', 'Soort betaler', "
     "'Euro'; namen die wijkcalc kent voor de kolom bedrag: amount, bedrag"),
    ("unknown file format", lambda tmp: ["report", _binary(tmp)],
     "foto.csv: binary file, not text; expected CSV text or an .xlsx file; wijkcalc reads: ",
     "foto.csv: binair bestand, geen tekst; verwacht CSV-tekst of een .xlsx-bestand; wijkcalc "
     "leest: ing — ING-bankexport"),
    ("empty file", lambda tmp: ["report", _empty(tmp)],
     "leeg.csv: file is empty; expected a header row",
     "leeg.csv: bestand is leeg; verwacht een kopregel"),
    ("bank export without a column", lambda tmp: [
        "report", _without_column(tmp, "ing-current-nl.csv", "Af Bij")],
     ":1: looks like an ING export, but the column 'Af Bij' is missing; columns found: ",
     ", regel 1: lijkt op een export van ING, maar de kolom 'Af Bij' ontbreekt; gevonden "
     "kolommen: "),
    ("changed CAMT.053", lambda tmp: ["report", BANK / "camt053-changed-no-cdtdbtind.xml"],
     "but the entry (Ntry) has no 'CdtDbtInd' (CRDT or DBIT)",
     "maar de post (Ntry) heeft geen 'CdtDbtInd' (CRDT of DBIT)"),
    ("unknown --standard", lambda tmp: ["report", DATA / "english.csv", "--standard", "nope"],
     "unknown standard 'nope'; choose one of: lsa, ",
     "onbekende norm 'nope'; kies uit: lsa, "),
    ("unknown --source", lambda tmp: ["report", DATA / "english.csv", "--source", "mt941"],
     "unknown source 'mt941'; choose one of: ",
     "onbekende bron 'mt941'; kies uit: "),
    ("bad --threshold", lambda tmp: ["report", DATA / "english.csv", "--threshold", "veel"],
     "threshold 'veel' is not a number; expected e.g. 0.75 or 75%",
     "drempel 'veel' is geen getal; verwacht bijvoorbeeld 0.75 of 75%"),
    ("--save of a suffix it does not write",
     lambda tmp: ["report", DATA / "english.csv", "--save", tmp / "verslag.doc"],
     "verslag.doc: --save writes .html, .pdf, .svg, .png, .txt or .md; name the file so",
     "verslag.doc: --save schrijft .html, .pdf, .svg, .png, .txt of .md; geef het bestand"),
    ("--chart of a suffix it does not draw",
     lambda tmp: ["compare", DATA / "english.csv", "--chart", tmp / "grafiek.pdf"],
     "grafiek.pdf: --chart draws .png or .svg", "grafiek.pdf: --chart tekent .png of .svg"),
    ("output over an input",
     lambda tmp: ["classify", DATA / "english.csv", "-f", "csv", "-o", DATA / "english.csv"],
     "will not write over the input file", "schrijft niet over het invoerbestand"),
    ("output in a folder not there",
     lambda tmp: ["classify", DATA / "english.csv", "-o", tmp / "nergens" / "uit.csv"],
     "uit.csv: the folder to write in does not exist",
     "uit.csv: de map om in te schrijven bestaat niet"),
    ("output is a folder", lambda tmp: ["classify", DATA / "english.csv", "-o", tmp],
     ": is a folder; name a file to write in it", ": is een map; noem een bestand"),
    ("output in the folder read",
     lambda tmp: ["compare", EXAMPLES, "-f", "csv", "-o", EXAMPLES / "uit.csv"],
     "which is read: the next run would read it as an enterprise",
     "die gelezen wordt: de volgende keer zou het als een onderneming gelezen worden"),
    ("rules --format csv without files", lambda tmp: ["rules", "--format", "csv"],
     "--format csv lists the rows no rule matched: give income files",
     "--format csv geeft de rijen die onder geen regel vallen: geef inkomstenbestanden"),
    ("unclassified rows with --strict",
     lambda tmp: ["classify", DATA / "unclassified.csv", "--strict", "-f", "csv"],
     "3 rows (€420.00) match no rule and are unclassified",
     "3 rijen (€ 420,00) vallen onder geen enkele regel en zijn niet ingedeeld"),
    pytest.param(
        "unknown --enterprise",
        lambda tmp: ["report", DATA / "many_enterprises.csv", "--enterprise", "Nergens"],
        "no enterprise 'Nergens' in the input", "geen onderneming 'Nergens'",
        id="unknown --enterprise"),
]


@pytest.mark.parametrize(("what", "args", "english", "dutch"), CASES,
                         ids=[case[0] if isinstance(case, tuple) else case.id
                              for case in CASES])
def test_an_error_is_one_line_in_the_readers_language(tmp_path, what, args, english,
                                                      dutch) -> None:
    en = _one_line(_run(*args(tmp_path), lang="en"), "wijkcalc: error: ")
    assert english in en, en
    nl = _one_line(_run(*args(tmp_path), lang="nl"), "wijkcalc: fout: ")
    assert dutch in nl, nl
    assert not _words(nl) & ENGLISH, (sorted(_words(nl) & ENGLISH), nl)


def test_a_dutch_locale_says_the_error_in_dutch() -> None:
    result = _run("report", DATA / "bad_amount_text.csv", lang=None,
                  env={"LANG": "nl_NL.UTF-8"})
    line = _one_line(result, "wijkcalc: fout: ")
    assert "regel 3: bedrag 'twaalf euro' is geen getal" in line


def test_a_warning_follows_the_language(tmp_path: Path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("Jaar;Categorie;Bedrag\n2024;Verkoop;10,00\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_bytes(first.read_bytes())
    for lang, said in (("nl", f"wijkcalc: waarschuwing: {second}: dezelfde inhoud als {first}; "
                              "één keer geteld"),
                       ("en", f"wijkcalc: warning: {second}: the same content as {first}; "
                              "counted once")):
        result = _run("report", first, second, lang=lang)
        assert result.exit_code == 0, result.output
        assert said in result.stderr.splitlines(), result.stderr


def test_str_stays_the_english_line_and_said_gives_the_dutch() -> None:
    error = InputError(N_("amount {value} is not a number; expected {expected}"),
                       value="'x\n'", expected=Text(N_("a number such as 1234,56 or € 1.234,56 "
                                                       "or -12.50")), file="kas.csv", line=4)
    assert str(error) == ("kas.csv:4: amount 'x\\n' is not a number; expected a number such as "
                          "1234,56 or € 1.234,56 or -12.50")
    assert error.message.startswith("amount 'x\n' is not a number")
    dutch = error.said(lambda msgid: say("nl", msgid))
    assert dutch == ("kas.csv, regel 4: bedrag 'x\\n' is geen getal; verwacht een getal zoals "
                     "1234,56 of € 1.234,56 of -12.50")
    problem = Problem.of(error)
    assert problem.text == "line 4: " + error.message.replace("\n", "\\n")
    assert problem.to_dict()["message"] == problem.text  # JSON keeps the English
    assert problem.said(lambda msgid: say("nl", msgid)).startswith("regel 4: bedrag 'x\\n' is ")


def test_a_message_in_parts_is_said_in_one_language() -> None:
    words = Joined((Text(NC_("column", "category")), Text(NC_("column", "amount"))),
                   Text(N_(" or ")))
    assert str(words) == "category or amount"
    assert words.said(lambda msgid: say("nl", msgid)) == "categorie of bedrag"
    usage = UsageError(N_("unknown standard {name!r}; choose one of: {names}"), name="x",
                       names="lsa")
    assert str(usage) == "unknown standard 'x'; choose one of: lsa"
    warning = InputWarning(N_("{file}: the same content as {first}; counted once"), file="b",
                           first="a")
    assert str(warning) == "b: the same content as a; counted once"
    assert warning.said(lambda msgid: say("nl", msgid)) == \
        "b: dezelfde inhoud als a; één keer geteld"


def test_a_translation_that_lost_a_field_still_says_the_error() -> None:
    error = InputError(N_("no sheet holds an income table; sheet {sheet!r}: {problem}"),
                       sheet="x", problem="y")
    assert error.said(lambda msgid: "geen werkblad {blad}") == (
        "no sheet holds an income table; sheet 'x': y")
    assert Text("").said(lambda msgid: say("nl", msgid)) == ""  # not the catalog's header
    # a field that does not fit the template's format: the template as it is, not a crash
    assert str(Text(N_("file is {size:.1f} GiB"), size="groot")) == "file is {size:.1f} GiB"


# --- every template in the code this covers is marked, and has its Dutch -----------------------

COVERED = sorted(
    path for path in [*PACKAGE.glob("sources/*.py"), *PACKAGE.glob("transactions/*.py"),
                      *(PACKAGE / name for name in ("errors.py", "pipeline.py", "api.py",
                                                    "money.py", "vocab.py", "cli/app.py",
                                                    "cli/options.py", "cli/rows.py",
                                                    "cli/report.py", "cli/usage_errors.py",
                                                    "render/files.py", "render/export.py",
                                                    "render/chart.py", "render/screen.py"))]
    if path.name != "fast.py")
MESSAGE_CALLS = frozenset({"InputError", "UsageError", "RulesError", "WijkcalcError",
                           "AmountError", "MissingYear", "InputWarning", "Text", "fail",
                           "WriteError", "warn"})


def _is_text(node: ast.expr) -> bool:
    """A literal, an f-string or text built on the spot: English no catalog can hold."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant)
                                           and isinstance(node.value, str)):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
        node.func.attr in ("format", "join")


def _calls(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            yield name, node


def test_every_message_is_a_marked_template() -> None:
    unmarked = [f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node.args[0])[:70]}"
                for path in COVERED for name, node in _calls(path)
                if name in MESSAGE_CALLS and node.args and _is_text(node.args[0])]
    assert not unmarked, "mark the English template with N_() and pass its fields:\n" + \
        "\n".join(unmarked)


def test_every_template_has_a_dutch_that_is_not_its_english() -> None:
    templates = set()
    for path in COVERED:
        for name, node in _calls(path):
            args = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if name == "N_" and len(args) == 1:
                templates.add(args[0])
            elif name == "NC_" and len(args) == 2:
                templates.add(NC_(*args))
    assert len(templates) > 150  # the guard: the scan found the messages
    wrong = [template for template in sorted(templates)
             if say("nl", template) in (template, template.split("\x04")[-1])]
    assert not wrong, "no Dutch (or the English) in the catalog for:\n" + "\n".join(wrong)


def test_a_batchs_bad_files_are_listed_in_the_readers_language(tmp_path: Path) -> None:
    """compare: stderr and the Markdown in Dutch with --lang nl; JSON keeps the English (its
    messages are data for programs, the same whatever --lang)."""
    (tmp_path / "goed.csv").write_text("Jaar;Categorie;Bedrag\n2024;Verkoop;10,00\n",
                                       encoding="utf-8")
    (tmp_path / "fout.csv").write_bytes((DATA / "bad_amount_text.csv").read_bytes())
    bad = tmp_path / "fout.csv"
    dutch = f"{bad}: regel 3: bedrag 'twaalf euro' is geen getal; verwacht een getal zoals"
    english = f"{bad}: line 3: amount 'twaalf euro' is not a number; expected a number such as"
    for fmt in ("table", "markdown", "json"):
        result = _run("compare", tmp_path, "--format", fmt, lang="nl")
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert line.startswith(f"wijkcalc: fout: {dutch}"), line
        if fmt == "markdown":
            assert f"`{bad}`: regel 3: bedrag 'twaalf euro' is geen getal" in result.stdout
        if fmt == "json":
            [error] = json.loads(result.stdout)["errors"]
            assert f"{error['file']}: {error['message']}".startswith(english)
    result = _run("compare", tmp_path, lang="en")
    assert result.stderr.splitlines()[0].startswith(f"wijkcalc: error: {english}")


def test_a_number_in_a_message_has_the_readers_marks() -> None:
    dutch = lambda msgid: say("nl", msgid)  # noqa: E731
    assert Number(2.5, ".1f").said(dutch) == "2,5" and str(Number(2.5, ".1f")) == "2.5"
    assert Number("47,250.50").said(dutch) == "47.250,50"
    note = Text(N_("file is {size} GiB; the limit is {limit} GiB, split it by year"),
                size=Number(5.25, ".1f"), limit=Number(4, ".0f"))
    assert str(note) == "file is 5.2 GiB; the limit is 4 GiB, split it by year"
    assert note.said(dutch) == "bestand is 5,2 GiB; de grens is 4 GiB, splits het per jaar"


@pytest.mark.parametrize(("rows", "english", "dutch"), [
    (1, "1 row (€10.00) matches no rule and is unclassified",
     "1 rij (€ 10,00) valt onder geen enkele regel en is niet ingedeeld"),
    (2, "2 rows (€20.00) match no rule and are unclassified",
     "2 rijen (€ 20,00) vallen onder geen enkele regel en zijn niet ingedeeld"),
])
def test_the_unclassified_warning_counts_rows_as_each_language_does(tmp_path: Path, rows: int,
                                                                    english: str,
                                                                    dutch: str) -> None:
    path = tmp_path / "diversen.csv"
    path.write_text("Jaar;Categorie;Bedrag\n" + "2024;Diversen;10,00\n" * rows +
                    "2024;Verkoop;5,00\n", encoding="utf-8")
    for lang, prefix, expected in (("en", "wijkcalc: warning: ", english),
                                   ("nl", "wijkcalc: waarschuwing: ", dutch)):
        result = _run("classify", path, "-f", "csv", lang=lang)
        assert result.exit_code == 0, result.output
        line = " ".join(result.stderr.split())
        assert line.startswith(prefix + expected), line
        assert "(s)" not in line and "(en)" not in line
        if lang == "nl":
            assert not _words(line) & ENGLISH, (sorted(_words(line) & ENGLISH), line)


def test_the_png_hint_names_the_pip_of_wijkcalcs_python(tmp_path: Path, monkeypatch) -> None:
    import sys

    from wijkcalc.render.chart import install_hint

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` raises
    pip = Path(sys.executable).parent / "pip"
    for lang, expected in (("en", "a .png chart needs matplotlib, which is not installed; "
                                  "install it with: "),
                           ("nl", "een .png-grafiek vraagt matplotlib, dat niet geïnstalleerd "
                                  "is; installeer het met: ")):
        line = _one_line(_run("report", DATA / "english.csv", "--save", tmp_path / "mix.png",
                              lang=lang), "wijkcalc: ")
        assert line.endswith(expected + install_hint()), line
    if pip.exists():
        assert install_hint() == f"{pip} install 'wijkcalc[charts]'"
    windows = install_hint(windows=True)
    assert windows.endswith(' install "wijkcalc[charts]"') and "'" not in windows
