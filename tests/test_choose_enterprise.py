"""--enterprise finds the enterprise as a person types it: any case, no accents, a unique part."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijkcalc import api
from wijkcalc.errors import UsageError

ROWS = ("enterprise;year;category;payer;amount\n"
        "Buurtbedrijf De Kroon;2024;Horeca;Bezoekers;1000\n"
        "Wijkcoöperatie Noord;2024;Subsidie;Gemeente Zwolle;2000\n"
        "Wijkcoöperatie Noord-Oost;2024;Verhuur;Bewoners;3000\n"
        "Stichting De Kroon-Zuid;2024;Verhuur;Bewoners;4000\n")


@pytest.fixture
def network(tmp_path: Path) -> Path:
    path = tmp_path / "netwerk.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


@pytest.mark.parametrize(("asked", "found"), [
    ("Buurtbedrijf De Kroon", "Buurtbedrijf De Kroon"),
    ("buurtbedrijf de kroon", "Buurtbedrijf De Kroon"),
    ("Buurtbedrijf", "Buurtbedrijf De Kroon"),  # a part only one name holds
    ("wijkcooperatie noord", "Wijkcoöperatie Noord"),  # the ö typed as o; the whole name wins
    ("noord oost", "Wijkcoöperatie Noord-Oost"),  # punctuation as spaces
    ("kroon zuid", "Stichting De Kroon-Zuid"),
])
def test_the_enterprise_asked_for_is_found(network: Path, asked: str, found: str) -> None:
    assert api.report_files([network], enterprise=asked).enterprise == found


def test_an_ambiguous_part_lists_the_candidates(network: Path) -> None:
    with pytest.raises(UsageError) as caught:
        api.report_files([network], enterprise="De Kroon")
    assert str(caught.value) == ("--enterprise 'De Kroon' fits 2 enterprises: Buurtbedrijf De "
                                 "Kroon, Stichting De Kroon-Zuid; give more of the name")


def test_a_part_of_a_word_is_not_a_match(network: Path) -> None:
    with pytest.raises(UsageError, match="no enterprise 'Kro' in the input; it holds: "):
        api.report_files([network], enterprise="Kro")


def test_classify_says_when_its_totals_pool_and_takes_one_enterprise_and_year(
        network: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from wijkcalc.cli import app

    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1"})
    pooled = runner.invoke(app, ["classify", str(network), "--lang", "en"])
    assert pooled.exit_code == 0
    assert "These totals pool 4 enterprises; choose one with --enterprise" in pooled.stdout
    one = runner.invoke(app, ["classify", str(network), "-e", "noord oost", "--year", "2024",
                              "--format", "csv"])
    assert one.exit_code == 0
    assert [line.split(",")[0] for line in one.stdout.splitlines()[1:]] == \
        ["Wijkcoöperatie Noord-Oost"]
    alone = runner.invoke(app, ["classify", str(network), "-e", "noord oost"])
    assert "pool" not in alone.stdout
    wrong = runner.invoke(app, ["classify", str(network), "-e", "De Kroon"])
    assert wrong.exit_code == 2 and "fits 2 enterprises" in wrong.stderr
