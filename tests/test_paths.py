"""The paths to the yardstick: the shift (least whole cents), scenarios (--as-market, --as-public),
the streams by class, and the JSON's schema_version and provenance."""

from __future__ import annotations

import hashlib
import json
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wijkcalc.analysis.paths import paths_to, shift_needed
from wijkcalc.analysis.results import SCHEMA_VERSION, ClassTotals
from wijkcalc.analysis.standards import reaches
from wijkcalc.api import report_files
from wijkcalc.cli import app
from wijkcalc.vocab import INCOME_CLASSES, STANDARDS, Standard

EXAMPLES = Path(__file__).parent.parent / "data"
ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb", "LC_ALL": "en_US.UTF-8",
       "LANG": "en_US.UTF-8"}
CENTS = st.integers(min_value=0, max_value=10**12)


def _standards() -> st.SearchStrategy[Standard]:
    """Every standard, and each with an arbitrary threshold (as ``at least`` and ``more than``)."""
    from dataclasses import replace

    base = st.sampled_from(list(STANDARDS.values()))
    threshold = st.fractions(min_value=Fraction(1, 100), max_value=1, max_denominator=10_000)
    return st.one_of(base, st.builds(lambda s, t, m: replace(s, threshold=t, majority=m),
                                     base, threshold, st.booleans()))


def _moved(totals: ClassTotals, cents: int, standard: Standard) -> ClassTotals:
    """``cents`` of non-market income counted as market: public first, then unclassified, then
    (when the standard does not count it already) gray."""
    market, public, gray, unclassified = (totals.market, totals.public, totals.gray,
                                          totals.unclassified)
    for name in ("public", "unclassified", *(() if standard.gray_as_market else ("gray",))):
        have = {"public": public, "unclassified": unclassified, "gray": gray}[name]
        take = min(have, cents)
        cents -= take
        market += take
        if name == "public":
            public -= take
        elif name == "unclassified":
            unclassified -= take
        else:
            gray -= take
    assert cents == 0
    return ClassTotals(market=market, public=public, gray=gray, unclassified=unclassified)


def _counted(totals: ClassTotals, standard: Standard) -> int:
    return totals.market + (totals.gray if standard.gray_as_market else 0)


@settings(max_examples=400, deadline=None)
@given(CENTS, CENTS, CENTS, CENTS, _standards())
def test_the_shift_is_the_least_whole_cent_amount_that_meets_the_standard(
        market, public, gray, unclassified, standard):
    totals = ClassTotals(market=market, public=public, gray=gray, unclassified=unclassified)
    if totals.income_total == 0:
        return
    shift = shift_needed(totals, standard)
    if shift is None:  # nothing that can move would do: moving all of it does not
        movable = totals.income_total - _counted(totals, standard)
        assert not reaches(_counted(totals, standard) + movable, totals.income_total, standard)
        return
    after = _moved(totals, shift, standard)
    assert reaches(_counted(after, standard), after.income_total, standard)
    assert after.income_total == totals.income_total
    if shift:
        one_less = _moved(totals, shift - 1, standard)
        assert not reaches(_counted(one_less, standard), one_less.income_total, standard)


@settings(max_examples=200, deadline=None)
@given(CENTS, CENTS, CENTS, _standards())
def test_gray_enough_says_whether_the_gray_zone_counted_as_market_meets(
        market, public, gray, standard):
    totals = ClassTotals(market=market, public=public, gray=gray)
    if totals.income_total == 0:
        return
    paths = paths_to(totals, standard)
    with_gray = reaches(market + gray, totals.income_total, standard)
    if standard.gray_as_market:
        assert paths.gray_enough == (paths.shift == 0)
    else:
        assert paths.gray_enough == with_gray


@pytest.mark.parametrize("majority", [False, True])
def test_the_shift_at_an_exact_boundary(majority):
    # 75 of 100 is exactly 75%: met "at least", one cent short of "more than"
    standard = Standard("t", Fraction(3, 4), gray_as_market=False, majority=majority,
                        **_standard_rest())
    totals = ClassTotals(market=7400, public=2600)
    assert shift_needed(totals, standard) == (101 if majority else 100)
    assert shift_needed(ClassTotals(market=7500, public=2500), standard) == (1 if majority else 0)


def _standard_rest() -> dict[str, object]:
    from dataclasses import fields

    known = {"id", "threshold", "gray_as_market", "majority"}
    sample = next(iter(STANDARDS.values()))
    return {f.name: getattr(sample, f.name) for f in fields(sample) if f.name not in known}


def _write_classes(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    lines = ["Organisatie;Jaar;Categorie;Klasse;Bedrag"]
    lines += [f"X;2024;{category};{cls};{cents // 100},{cents % 100:02d}"
              for category, cls, cents in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ROWS = st.lists(st.tuples(st.sampled_from(["market", "public", "gray"]),
                          st.integers(min_value=1, max_value=10**9)), min_size=1, max_size=12)


@settings(max_examples=40, deadline=None)
@given(ROWS)
def test_a_scenario_moving_all_gray_to_market_gives_the_broad_share_as_strict(tmp_path_factory,
                                                                              rows):
    if not any(cls == "gray" for cls, _ in rows):
        rows = [*rows, ("gray", 1)]
    named = {"market": "verkoop", "public": "subsidie", "gray": "Grijs Gebied"}
    path = _write_classes(tmp_path_factory.mktemp("s") / "x.csv",
                          [(f"{named[cls]} {n}", cls, cents) for n, (cls, cents)
                           in enumerate(rows)])
    found = report_files([path], as_market=["GRÍJS"])  # case and accents do not matter
    assert found.totals.unclassified == 0
    assert found.scenario is not None
    after = found.scenario.report
    assert after.totals.gray == 0
    assert after.market_share_strict == pytest.approx(found.market_share_broad, abs=0)
    assert after.totals.market == found.totals.market + found.totals.gray


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.csv")) + sorted(EXAMPLES.glob("*.tsv"))
                         + sorted(EXAMPLES.glob("*.xlsx")), ids=lambda p: p.name)
def test_the_streams_sum_to_the_class_totals(path):
    from wijkcalc.api import aggregate_files

    aggregates = aggregate_files([path])
    for enterprise in aggregates.enterprises():
        found = report_files([path], enterprise=enterprise, all_years=True)
        for cls in INCOME_CLASSES[1:]:
            assert sum(s.cents for s in found.streams if s.cls == cls) == \
                getattr(found.totals, cls), (enterprise, cls)
        assert sum(s.lines for s in found.streams) > 0 or found.totals.market == \
            found.income_total
        amounts = [(s.cls, s.cents) for s in found.streams]
        order = {cls: n for n, cls in enumerate(INCOME_CLASSES)}
        assert amounts == sorted(amounts, key=lambda a: (order[a[0]], -a[1]))


def run(*args: object):
    return CliRunner(env=ENV).invoke(app, [str(arg) for arg in args])


def test_the_json_carries_schema_version_and_provenance(tmp_path):
    path = EXAMPLES / "startup-buurtkeuken.csv"
    rules = tmp_path / "regels.toml"
    rules.write_text("", encoding="utf-8")
    result = run("report", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == SCHEMA_VERSION == 2
    provenance = document["provenance"]
    assert provenance["files"] == [{"path": str(path),
                                    "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}]
    from importlib import metadata, resources

    import wijkcalc

    assert provenance["version"] == wijkcalc.__version__ == metadata.version("wijkcalc")

    default = resources.files("wijkcalc").joinpath("rules.toml").read_bytes()
    assert provenance["rules_sha256"] == hashlib.sha256(default).hexdigest()
    with_rules = json.loads(run("report", path, "--format", "json", "--rules",
                                rules).stdout)["provenance"]
    assert with_rules["rules_sha256"] == hashlib.sha256(b"" + default).hexdigest()
    rules.write_text("# mine\n", encoding="utf-8")
    changed = json.loads(run("report", path, "--format", "json", "--rules",
                             rules).stdout)["provenance"]
    assert changed["rules_sha256"] == hashlib.sha256(b"# mine\n" + default).hexdigest()
    assert set(document) >= {"paths", "streams", "scenario"}
    assert document["scenario"] is None
    assert set(document["paths"]) == {"gap", "shift", "gray_enough"}


@pytest.mark.parametrize("lang,word", [("en", "Scenario"), ("nl", "Scenario")])
def test_as_market_shows_the_scenario_in_text_json_and_markdown(lang, word):
    path = EXAMPLES / "startup-buurtkeuken.csv"
    text = run("report", path, "--as-market", "tafelfonds", "--lang", lang)
    assert text.exit_code == 0, text.stderr
    assert f"{word} — " in text.stdout
    assert "→" in text.stdout
    markdown = run("report", path, "--as-market", "tafelfonds", "--format", "markdown",
                   "--lang", lang)
    assert f"{word} — " in markdown.stdout
    document = json.loads(run("report", path, "--as-market", "tafelfonds", "--format",
                              "json").stdout)
    scenario = document["scenario"]
    assert scenario["scenario"] is True and scenario["as_market"] == ["tafelfonds"]
    assert scenario["market_share_strict"] > document["market_share_strict"]
    assert scenario["totals"]["public"] != document["totals"]["public"]
    assert "schema_version" not in scenario and "provenance" not in scenario


def test_as_public_moves_market_income_to_public():
    path = EXAMPLES / "buurthuis-de-linde.csv"
    found = report_files([path], as_public=["zaalverhuur"])
    assert found.scenario is not None
    after = found.scenario.report
    assert after.totals.public > found.totals.public
    assert after.totals.income_total == found.totals.income_total
    assert any(s.rule == "scenario" for s in after.streams)


@pytest.mark.parametrize("option", ["--as-market", "--as-public"])
def test_a_text_that_matches_nothing_is_one_line_and_exit_2(option):
    result = run("report", EXAMPLES / "startup-buurtkeuken.csv", option, "zzgeenstroom")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "zzgeenstroom" in lines[0] and option in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_the_compare_json_carries_schema_version_and_provenance():
    path = EXAMPLES / "netwerk-benchmark-2024.csv"
    result = run("compare", path, "--format", "json")
    assert result.exit_code in (0, 2), result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["provenance"]["files"] == [
        {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}]
    row = document["enterprises"][0]
    assert "paths" in row and "provenance" not in row and "streams" not in row


def test_the_provenance_worked_out_meanwhile_is_the_provenance(tmp_path, monkeypatch):
    """api hashes the files in a thread while it compares: the same provenance, and what goes
    wrong there is raised to the caller, not lost in the thread."""
    from wijkcalc.analysis import scenario

    path = tmp_path / "wijk.csv"
    path.write_text("categorie,bedrag\nverkoop,12.50\n", encoding="utf-8")
    assert scenario.provenance_soon([path], (), "9.9")() == \
        scenario.provenance([path], (), "9.9")
    monkeypatch.setattr(scenario, "provenance", lambda *args: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        scenario.provenance_soon([path], (), "9.9")()


@pytest.mark.parametrize("rows", [30, 3_000])  # a pretty document, and one in compact pieces
def test_the_compare_json_ends_with_the_provenance_hashed_meanwhile(tmp_path, rows):
    path = tmp_path / "netwerk.csv"
    path.write_text("organisatie,jaar,categorie,bedrag\n" + "".join(
        f"Wijk {n},2024,verkoop,{n}.50\n" for n in range(rows)), encoding="utf-8")
    result = run("compare", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["enterprises"]) == rows
    assert list(document)[-1] == "provenance"
    assert document["provenance"]["files"] == [
        {"path": str(path), "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}]
