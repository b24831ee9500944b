"""classify's JSON is written a chunk of rows at a time (render/rows.py rows_json): the document
is exactly what json.dumps(indent=2) writes of the rows as pandas' JSON gave them, at any chunk
size, and `classify --format json` parses to the same document as the rows built whole."""

from __future__ import annotations

import enum
import json
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkcalc.analysis.aggregate import class_totals, unclassified_rows
from wijkcalc.api import classify_files, compare, report_files
from wijkcalc.render import rows as row_view
from wijkcalc.render.files import write_atomic
from wijkcalc.rules import load_rules

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)  # no lone surrogates


def _expected(document: dict, frame: pd.DataFrame) -> str:
    """What the document was before it was streamed, laid out by json.dumps."""
    rows = json.loads(frame.to_json(orient="records", force_ascii=False))
    return json.dumps({"rows": rows, **document}, ensure_ascii=False, indent=2) + "\n"


@st.composite
def frames(draw) -> pd.DataFrame:
    size = draw(st.integers(0, 9))
    texts = draw(st.lists(st.one_of(st.none(), TEXT), min_size=size, max_size=size))
    labels = draw(st.lists(st.sampled_from(["a", "b/c", 'd"e', "é", "\n", "", None]),
                           min_size=size, max_size=size))
    years = draw(st.lists(st.one_of(st.none(), st.integers(1900, 2100)), min_size=size,
                          max_size=size))
    numbers = draw(st.lists(st.integers(-(2**62), 2**62), min_size=size, max_size=size))
    floats = draw(st.lists(st.floats(allow_nan=True, allow_infinity=False, width=64),
                           min_size=size, max_size=size))
    flags = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    return pd.DataFrame({
        "text": pd.Series(texts, dtype=object),
        "label": pd.Series(labels, dtype="category"),
        "year": pd.Series(years, dtype="Int64"),
        "line": pd.Series(numbers, dtype="int64"),
        "share": pd.Series(floats, dtype="float64"),
        "flag": pd.Series(flags, dtype=bool),
        "naam/ü": pd.Series(texts, dtype="string"),
    })


@settings(max_examples=150, deadline=None)
@given(frame=frames(), chunk=st.integers(1, 4))
def test_streamed_rows_are_json_dumps_of_pandas_rows(frame, chunk) -> None:
    document = {"totals": {"market": "1.00"}, "rule_files": ["r/ü.toml"]}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(row_view, "CHUNK_ROWS", chunk)
        text = "".join(row_view.document_with_rows(document, frame))
    assert text == _expected(document, frame)


def test_money_columns_are_written_from_cents_a_chunk_at_a_time(monkeypatch) -> None:
    monkeypatch.setattr(row_view, "CHUNK_ROWS", 2)
    cents = pd.Series([0, -1, 5, -99, 100, 123456789012, -250], dtype="int64")
    from wijkcalc.money import cents_to_str_array

    as_text = pd.DataFrame({"amount": cents_to_str_array(cents.to_numpy()), "n": range(7)})
    as_cents = pd.DataFrame({"amount": cents, "n": range(7)})
    pieces = list(row_view.document_with_rows({}, as_cents, money=("amount",)))
    assert len(pieces) >= 4 + 2  # one piece per chunk, never the rows as one text
    assert "".join(pieces) == _expected({}, as_text)


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("name", ["buurthuis-de-linde.csv", "startup-buurtkeuken.csv",
                                  "wijkonderneming-oost.xlsx", "bank/ing-2025.csv",
                                  "bank/boekhouding-2025.xaf"])
def test_classify_json_parses_as_the_rows_built_whole(name, explain, examples_dir, cli,
                                                      monkeypatch) -> None:
    path = examples_dir / name
    monkeypatch.setattr(row_view, "CHUNK_ROWS", 3)
    args = ["classify", path, "--format", "json", *(["--explain"] if explain else [])]
    found = json.loads(cli(*args).stdout)
    rules = load_rules(None)
    classified = classify_files([path], rules=rules)
    totals = class_totals(classified)
    whole = row_view.row_records(classified, rules, explain=explain)
    expected = {"rows": row_view.records(whole), "totals": totals.to_dict(),
                "income_total": found["income_total"],
                "unclassified": unclassified_rows(classified).to_dict(), "rule_files": []}
    assert found == expected
    assert len(found["rows"]) == len(classified)


def test_write_atomic_writes_pieces_as_one_file(tmp_path) -> None:
    target = tmp_path / "out.json"
    write_atomic(target, iter(["{", '"a": "é"', "}\n"]))
    assert target.read_text("utf-8") == '{"a": "é"}\n'
    assert not [p for p in tmp_path.iterdir() if p.name != "out.json"]


def test_a_failing_piece_leaves_the_old_file(tmp_path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", "utf-8")

    def pieces():
        yield "new"
        raise RuntimeError("half way")

    with pytest.raises(RuntimeError):
        write_atomic(target, pieces())
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_nan_is_null_as_pandas_wrote_it() -> None:
    frame = pd.DataFrame({"share": [math.nan, 0.5], "label": pd.Categorical([None, "x"])})
    rows = json.loads("".join(row_view.document_with_rows({}, frame)))["rows"]
    assert rows == [{"share": None, "label": None}, {"share": 0.5, "label": "x"}]


class Kind(enum.StrEnum):
    market = "market"


@pytest.mark.parametrize("pretty", [True, False])
def test_dumps_parses_as_the_standard_librarys(pretty, examples_dir) -> None:
    documents = [report_files([examples_dir / name]).to_dict() for name in (
        "buurthuis-de-linde.csv", "startup-buurtkeuken.csv", "wijkonderneming-oost.xlsx")]
    documents.append(compare([examples_dir / "netwerk-benchmark-2024.csv"]).to_dict())
    documents.append({"x": [1e-05, 1e16, 0.1, -0.0, 1.5e300, 2**63 - 1, -(2**63)],
                      3: "é\n\x01\x7f\u2028/\"", "kind": Kind.market, "pair": (1, 2),
                      "numpy": [np.float64(0.25), np.int64(5)], "empty": [{}, []]})
    documents.append({"beyond 64 bits": 2**70})  # orjson cannot: the standard library writes it
    for document in documents:
        text = row_view.dumps(document, pretty=pretty)
        standard = json.dumps(document, ensure_ascii=False, indent=2 if pretty else None,
                              default=lambda value: value.item())
        assert json.loads(text) == json.loads(standard)
        assert text.endswith("}\n") and ("\n  " in text) == pretty


@settings(max_examples=100, deadline=None)
@given(frame=frames(), chunk=st.integers(1, 4), excel=st.booleans())
def test_csv_in_pieces_is_the_csv_written_whole(frame, chunk, excel) -> None:
    frame = frame.assign(amount=frame["text"].fillna("1.5").astype(str))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(row_view, "CSV_CHUNK_ROWS", 10**9)
        whole = row_view.to_csv(frame, excel=excel)
        patch.setattr(row_view, "CSV_CHUNK_ROWS", chunk)
        pieces = list(row_view.csv_pieces(frame, excel=excel))
    assert "".join(pieces) == whole
    assert len(pieces) >= len(frame) // chunk


def test_amounts_as_text_a_chunk_at_a_time(monkeypatch) -> None:
    from wijkcalc.money import cents_to_str_array

    cents = np.array([0, -1, 5, -99, 100, 123456789012, -250], dtype=np.int64)
    monkeypatch.setattr(row_view, "CSV_CHUNK_ROWS", 2)
    assert row_view._amount_texts(cents).tolist() == cents_to_str_array(cents).tolist()


ROW = st.fixed_dictionaries({"name": TEXT, "n": st.integers(-(2**63), 2**63 - 1),
                             "share": st.one_of(st.none(), st.floats(allow_nan=False,
                                                                     allow_infinity=False)),
                             "list": st.lists(TEXT, max_size=3)})


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(ROW, max_size=9), at_once=st.integers(1, 4),
       before=st.dictionaries(st.sampled_from(["a", "b", '"enterprises":[]']), TEXT, max_size=2),
       after=st.dictionaries(st.sampled_from(["y", "z", "é"]), st.integers(-(2**63), 2**63 - 1),
                             max_size=2))
def test_json_in_pieces_is_the_compact_json_written_whole(rows, at_once, before,
                                                          after) -> None:
    """Byte for byte what dumps writes whole, where orjson writes it all (what it cannot, a
    number beyond 64 bits, is written by the standard library piece by piece: the same
    document when parsed, see the test below)."""
    document = {**before, "enterprises": rows, **after}
    streamed = {**before, "enterprises": iter(rows), **after}
    pieces = list(row_view.json_pieces(streamed, "enterprises", pretty=False, at_once=at_once))
    assert "".join(pieces) == row_view.dumps(document, pretty=False)
    assert len(pieces) == 2 + -(-len(rows) // at_once)  # head, the rows at_once at a time, tail


def test_json_in_pieces_makes_the_rows_as_they_are_written() -> None:
    made = []

    def rows():
        for i in range(10):
            made.append(i)
            yield {"i": i}

    pieces = row_view.json_pieces({"enterprises": rows()}, "enterprises", pretty=False,
                                  at_once=3)
    assert next(pieces) == '{"enterprises":['
    assert next(pieces) == '{"i":0},{"i":1},{"i":2}' and made == [0, 1, 2]
    assert "".join(pieces) == ',{"i":3},{"i":4},{"i":5},{"i":6},{"i":7},{"i":8},{"i":9}]}\n'


def test_json_in_pieces_indented_and_beyond_orjson() -> None:
    document = {"x": 1, "enterprises": [{"big": 2**70}, {"é": "\u2028", "share": 1e-05}],
                "y": -(2**63) - 1}
    pretty = "".join(row_view.json_pieces({**document, "enterprises": iter(
        document["enterprises"])}, "enterprises", pretty=True))
    assert pretty == row_view.dumps(document, pretty=True)
    compact = "".join(row_view.json_pieces(document, "enterprises", pretty=False, at_once=1))
    assert json.loads(compact) == document  # the standard library wrote the row orjson cannot


def test_compare_json_of_many_enterprises_is_the_comparisons_document(tmp_path, cli) -> None:
    lines = ["enterprise,year,category,payer,amount"]
    for i in range(700):  # compact JSON: above PRETTY_JSON_ROWS
        lines += [f"Wijk {i:03d},2024,verkoop,klanten,{100 + i}.25",
                  f"Wijk {i:03d},2024,subsidie,gemeente,{i % 7 * 50}.10"]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("compare", path, "--format", "json")
    assert result.exit_code == 0, result.output
    comparison = compare([path])
    expected = row_view.dumps(comparison.to_dict(order=comparison.order("share")), pretty=False)
    assert result.stdout == expected
    assert len(json.loads(result.stdout)["enterprises"]) == 700
