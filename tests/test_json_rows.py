"""The comparison's JSON rows, assembled straight from the arrays (analysis.reports and
analysis.notices), are the rows of the Report objects: on every bundled example, alone and
all together, and with every kind of notice, in the order the views say them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from test_figures import write
from wijkcalc import api
from wijkcalc.analysis.compare import SORT_KEYS, compare_aggregates
from wijkcalc.vocab import STANDARDS, name_key

EXAMPLES = sorted(p for p in Path("data").rglob("*")
                  if p.suffix in (".csv", ".tsv", ".xlsx", ".xaf") and p.name != "README.md")


def same_rows(aggregates, standard=STANDARDS["lsa"]) -> list[dict]:
    """The JSON rows in every order, held to those of the reports; the rows by share."""
    for all_years in (True, False):
        comparison = compare_aggregates(aggregates, standard, all_years=all_years)
        for key in SORT_KEYS:
            order = comparison.order(key)
            assert comparison.to_dict(order=order) == \
                comparison.to_dict([comparison.rows[i] for i in order]), key
    comparison = compare_aggregates(aggregates, standard, all_years=True)
    return comparison.to_dict(order=comparison.order("share"))["enterprises"]


@pytest.mark.parametrize("paths", [[path] for path in EXAMPLES] + [EXAMPLES],
                         ids=[path.name for path in EXAMPLES] + ["all"])
def test_the_json_rows_of_the_bundled_examples_are_the_rows_of_the_reports(paths):
    assert same_rows(api.aggregate_files(paths, streams=False))


def codes(rows: list[dict]) -> dict[tuple[str, int], list[str]]:
    return {(row["enterprise"], row["year"]): [w["code"] for w in row["warnings"]]
            for row in rows}


def test_every_kind_of_notice_comes_in_the_views_order(tmp_path):
    rows = [("Oost", 2024, "Verkoop", "Bakkerij Jansen", 900_000, "inkomsten"),
            ("Oost", 2024, "Subsidie gemeente", "", 100_000, "inkomsten"),
            ("Oost", 2024, "Iets anders", "bewoners", 50_000, "inkomsten"),
            ("Oost", 2024, "Right to Challenge", "Oranje Fonds", -20_000, "inkomsten"),
            ("Oost", 2024, "Lening", "Oranje Fonds", 70_000, "inkomsten"),
            ("De Linde", 2024, "Verkoop", "", 10_000, "inkomsten"),
            ("De Linde", 2023, "Verkoop", "", 10_000, "inkomsten")]
    aggregates = api.aggregate_files([write(tmp_path / "leden.csv", rows)], streams=False)
    plain = codes(same_rows(aggregates))
    assert plain[("Oost", 2024)][:3] == ["unclassified", "negative_class_total", "excluded"]
    assert plain[("Oost", 2024)][3:] == ["dominant_payer", "payers_missing"]
    assert plain[("De Linde", 2024)] == plain[("De Linde", 2023)] == ["no_payers"]
    oost, linde = name_key("Oost"), name_key("De Linde")
    marked = replace(aggregates, cash_keys=frozenset({oost}), booked_keys=frozenset({oost}),
                     thousands_keys=frozenset({oost, linde}),
                     uncategorised_keys=frozenset({oost, linde}))
    found = codes(same_rows(marked))
    # by description only without a bank or bookkeeping behind the figures
    assert found[("Oost", 2024)] == plain[("Oost", 2024)] + ["cash_and_booked", "thousands"]
    assert found[("De Linde", 2024)] == ["no_payers", "thousands", "by_description"]
    for basis in ("cash", "booked"):
        one = replace(aggregates, **{f"{basis}_keys": frozenset({oost})})
        assert codes(same_rows(one))[("Oost", 2024)] == \
            plain[("Oost", 2024)] + [f"{basis}_basis"]
