"""Classified rows as plain records for CSV and JSON: money as two-decimal strings."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring  # the C encoder of one string, as json.dumps's
from typing import TYPE_CHECKING

from ..money import cents_to_str_array
from .files import FORMULA_START
from .privacy import banks, has_accounts, mask_iban

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ..analysis.results import ClassTotals, Unclassified
    from ..rules import RuleSet

CSV_CHUNK_ROWS = 50_000  # rows pandas' CSV writer writes at a time
CHUNK_ROWS = 5_000  # rows written at a time: ~2 MB of text (in the cache: 20,000 were slower)
JSON_ROWS_AT_ONCE = 500  # compare's rows encoded at a time: ~2.5 MB of text


def row_records(classified: pd.DataFrame, rules: RuleSet, *, explain: bool,
                show_names: bool = False, cents: bool = False,
                lang: str = "en") -> pd.DataFrame:
    """The output columns of `classify`, in order; ``reason`` only when explaining, and for
    bank lines then also ``counterparty_iban`` (masked unless ``show_names``), its ``bank``
    and ``bank_hint`` ("public-body" for a bank of public bodies: a hint, not a class).

    Label columns stay categorical, so the views below work per distinct value. ``cents``:
    the amount stays integer cents, for rows_json to write as text a chunk at a time (a
    million amounts as strings are ~150 MB). ``reason`` is in ``lang``: the CSV is read by
    people (in Excel); the JSON passes "en", a text for programs as its keys are.
    """
    import pandas as pd

    amounts = classified["amount_cents"].to_numpy()

    out = pd.DataFrame({
        "enterprise": classified["enterprise"],
        "year": classified["year"],
        "description": classified["description"],
        "category": classified["category"],
        "payer": classified["payer"],
        "payer_type": classified["payer_type"],
        "amount": amounts if cents else _amount_texts(amounts),
        "kind": classified["kind"],
        "class": classified["class"],
        "rule": classified["rule"],
    })
    if explain:
        from functools import partial

        from .i18n import say

        rule = classified["rule"].astype("category")
        reasons = rules.reasons(lang, partial(say, lang))
        names = [reasons.get(str(r)) or "—" for r in rule.cat.categories]
        # two rules may give the same reason: categories must stay distinct
        out["reason"] = rule.cat.rename_categories(names) if len(set(names)) == len(names) \
            else rule.astype(str).map(lambda r: reasons.get(r) or "—")
        if has_accounts(classified):
            ibans = classified["counterparty_iban"]
            out["counterparty_iban"] = mask_iban(ibans, show_names=show_names)
            out[["bank", "bank_hint"]] = banks(ibans).to_numpy()
    out["file"] = classified["file"]
    out["line"] = classified["line"]
    return out


def _amount_texts(cents: np.ndarray) -> np.ndarray:
    """cents_to_str_array a chunk at a time: its fixed-width temporaries (~80 MB each for a
    million amounts) stay small."""
    import numpy as np

    if len(cents) <= CSV_CHUNK_ROWS:
        return cents_to_str_array(cents)
    return np.concatenate([cents_to_str_array(cents[start:start + CSV_CHUNK_ROWS])
                           for start in range(0, len(cents), CSV_CHUNK_ROWS)])


def to_csv(frame: pd.DataFrame, *, money_columns: tuple[str, ...] = ("amount",),
           excel: bool = False) -> str:
    """CSV text whose text cells are guarded against formula injection (money columns are ours
    and stay numbers). ``excel``: the dialect Dutch Excel opens cleanly (``;``, decimal comma,
    UTF-8 with a byte-order mark)."""
    return "".join(csv_pieces(frame, money_columns=money_columns, excel=excel))


def csv_pieces(frame: pd.DataFrame, *, money_columns: tuple[str, ...] = ("amount",),
               excel: bool = False) -> Iterator[str]:
    """The text of to_csv in pieces of CSV_CHUNK_ROWS rows (the header with the first), to be
    written as they come: a million rows are never one text."""
    import pandas as pd

    guarded = frame.copy()
    for column in guarded.columns:
        values = guarded[column]
        if column in money_columns:
            if excel:
                guarded[column] = values.str.replace(".", ",", regex=False)
        elif isinstance(values.dtype, pd.CategoricalDtype):
            guarded[column] = _guard_categories(values)
        elif not _is_numeric(values):
            values = values.astype(object)
            text = values.astype(str)
            risky = text.str.match(FORMULA_START) & values.notna()
            guarded[column] = values.where(~risky, "'" + text)
    if excel:
        yield "\ufeff"  # the BOM tells Excel the file is UTF-8
    for start in range(0, max(len(guarded), 1), CSV_CHUNK_ROWS):
        buffer = io.StringIO()
        guarded.iloc[start:start + CSV_CHUNK_ROWS].to_csv(
            buffer, header=start == 0, index=False, sep=";" if excel else ",",
            lineterminator="\n", quoting=csv.QUOTE_MINIMAL, decimal="," if excel else ".")
        yield buffer.getvalue()


def _guard_categories(values: pd.Series) -> pd.Series:
    """The injection guard on a categorical's distinct values only."""
    import pandas as pd

    categories = pd.Series(values.cat.categories.astype(str), dtype=object)
    risky = categories.str.match(FORMULA_START)
    if not risky.any():
        return values
    guarded = categories.where(~risky, "'" + categories)
    if guarded.is_unique:
        return values.cat.rename_categories(guarded.tolist())
    return values.astype(str).map(dict(zip(categories, guarded, strict=True)))


def _is_numeric(values: pd.Series) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def rows_json(frame: pd.DataFrame, depth: int = 1, money: tuple[str, ...] = ()) -> Iterator[str]:
    """Rows as a JSON array laid out as json.dumps(indent=2) lays it out ``depth`` levels into a
    document, in pieces of CHUNK_ROWS rows: a million rows are never one text. Each distinct
    value of a column is encoded once; a piece is one join of the values' texts and the
    separators between them, no Python per row. The ``money`` columns hold cents, written as
    "12.34"."""
    import numpy as np

    if frame.empty:
        yield "[]"
        return
    inner, outer = "  " * (depth + 2), "  " * (depth + 1)
    keys = [encode_basestring(str(name)) for name in frame.columns]
    # per row: opening and first key, the value's cells, separator and next key, …, closing
    parts: list[str | Callable[[int, int], list]] = [f"{outer}{{\n{inner}{keys[0]}: "]
    for number, name in enumerate(frame.columns):
        if number:
            parts.append(f",\n{inner}{keys[number]}: ")
        parts += _money_cells(frame[name]) if name in money else [_json_texts(frame[name])]
    parts.append(f"\n{outer}}}")
    yield "[\n"
    for start in range(0, len(frame), CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, len(frame))
        cells = np.empty((stop - start, len(parts)), dtype=object)
        for column, part in enumerate(parts):
            cells[:, column] = part if isinstance(part, str) else part(start, stop)
        cells[:, 0] = ",\n" + parts[0]  # every row after the first follows a comma
        if start == 0:
            cells[0, 0] = parts[0]
        yield "".join(cells.ravel().tolist())
    yield f"\n{'  ' * depth}]"


def _money_cells(cents: pd.Series) -> list[Callable[[int, int], list]]:
    """Cents as the three cells of "-12.34": the quote and sign, the euros, the cents and the
    closing quote (each from a table or the digits of an integer: nothing concatenated)."""
    import numpy as np

    numbers = cents.to_numpy(dtype=np.int64)
    signs = np.array(['"', '"-'], dtype=object)
    fractions = np.array([f'.{part:02d}"' for part in range(100)], dtype=object)
    return [lambda start, stop: signs[(numbers[start:stop] < 0).view(np.int8)],
            lambda start, stop: list(map(str, (np.abs(numbers[start:stop]) // 100).tolist())),
            lambda start, stop: fractions[np.abs(numbers[start:stop]) % 100]]


def _json_texts(values: pd.Series) -> Callable[[int, int], np.ndarray | list]:
    """A column as JSON texts, by slice: each distinct value encoded once, as pandas' JSON gave
    it (missing values null); integers as their digits."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iu":
        numbers = values.to_numpy()
        return lambda start, stop: list(map(str, numbers[start:stop].tolist()))
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values)
    if pd.api.types.infer_dtype(uniques, skipna=False) == "string":
        texts = list(map(encode_basestring, uniques))
    else:  # numbers, flags, dates: pandas says what they are in JSON, once per distinct value
        texts = [json.dumps(value, ensure_ascii=False) for value in json.loads(
            pd.Series(uniques).to_json(orient="values", force_ascii=False))]
    encoded = np.array([*texts, "null"], dtype=object)  # code -1, a missing value: the last
    return lambda start, stop: encoded[codes[start:stop]]


def document_with_rows(document: dict, rows: pd.DataFrame, key: str = "rows",
                       money: tuple[str, ...] = ()) -> Iterator[str]:
    """A pretty JSON document whose ``key`` holds the rows (first), in pieces (rows_json)."""
    placeholder = json.dumps("\u0000rows\u0000")
    head, tail = json.dumps({key: "\u0000rows\u0000", **document}, ensure_ascii=False,
                            indent=2).split(placeholder, 1)
    yield head
    yield from rows_json(rows, money=money)
    yield tail + "\n"


def dumps(data: object, *, pretty: bool = True) -> str:
    """JSON text, indented by two or (``pretty=False``) compact, written by orjson: 0.28 s for a
    34 MB comparison where the standard library took 1.9 s. The same document when parsed as
    json.dumps wrote (floats in their shortest form either way, 1e-05 as 1e-5); what orjson
    cannot write (an integer beyond 64 bits, say) is written by the standard library."""
    import orjson

    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_APPEND_NEWLINE
    try:
        return orjson.dumps(data, option=option | (orjson.OPT_INDENT_2 if pretty else 0)).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        if not pretty:
            return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def json_pieces(document: dict, rows_key: str, *, pretty: bool,
                at_once: int = JSON_ROWS_AT_ONCE) -> Iterator[str]:
    """dumps(document) in pieces, the rows under ``rows_key`` (an iterable, say a generator)
    encoded ``at_once`` at a time: the whole text, and the rows as objects, are never held.
    A value after the rows may be a function, called when it is written (the provenance,
    worked out meanwhile). Compact text only; indented text is one piece (it is for small
    documents)."""
    if pretty:
        yield dumps({key: list(value) if key == rows_key else _now(value)
                     for key, value in document.items()})
        return
    keys = list(document)
    at = keys.index(rows_key)
    head = dumps({key: document[key] for key in keys[:at]}, pretty=False)[:-2]  # no "}\n"
    yield head + ("," if len(head) > 1 else "") + dumps(rows_key, pretty=False)[:-1] + ":["
    rows, first = iter(document[rows_key]), True
    while chunk := list(itertools.islice(rows, at_once)):
        yield ("" if first else ",") + dumps(chunk, pretty=False)[1:-2]  # no "[" and "]\n"
        first = False
    tail = dumps({key: _now(document[key]) for key in keys[at + 1:]}, pretty=False)
    yield "]" + ("," + tail[1:] if len(tail) > 3 else "}\n")


def _now(value: object) -> object:
    return value() if callable(value) else value


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (years as ints or null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def classify_json(classified: pd.DataFrame, rules: RuleSet, *, totals: ClassTotals,
                  unclassified: Unclassified, explain: bool,
                  show_names: bool = False) -> Iterator[str]:
    """The JSON of `classify`, in pieces: the rows, the totals per class, the unclassified
    rows' sums."""
    from ..money import cents_to_str

    document = {
        "totals": totals.to_dict(),
        "income_total": cents_to_str(totals.income_total),
        "unclassified": unclassified.to_dict(),
        "rule_files": list(rules.files),
    }
    rows = row_records(classified, rules, explain=explain, show_names=show_names, cents=True)
    return document_with_rows(document, rows, money=("amount",))


def rules_json(rules: RuleSet, usage: pd.DataFrame | None,
               unmatched: pd.DataFrame | None, *, show_names: bool = False) -> str:
    """The JSON of `rules`: payer types and rules in order; with files, what each matched,
    the rows none matched and their payers, largest amount first (IBANs masked unless
    ``show_names``)."""
    from ..money import cents_to_str

    document: dict[str, object] = {
        "payer_types": [{"type": p.type, "words": [w.strip() for w in p.words],
                         "source": p.source} for p in rules.payer_types],
        "rules": [rule.to_dict() for rule in rules.rules],
    }
    if usage is not None and unmatched is not None:
        for entry in document["rules"]:  # type: ignore[union-attr]
            rows, cents = usage.loc[entry["id"]] if entry["id"] in usage.index else (0, 0)
            entry["matched_rows"] = int(rows)
            entry["matched_amount"] = cents_to_str(int(cents))
        document["unmatched"] = records(row_records(unmatched, rules, explain=False))
        document["unmatched_payers"] = unmatched_payer_records(unmatched,
                                                               show_names=show_names)
    return dumps(document)


def unmatched_payer_records(unmatched: pd.DataFrame, *, show_names: bool = False) -> list[dict]:
    """The payers of the rows no rule matched, largest amount first: ``payer``, ``rows``,
    ``amount`` (two decimals) and ``ibans`` (masked unless ``show_names``, most used first)."""
    from ..analysis.counterparties import unmatched_payers

    payers = unmatched_payers(unmatched)
    ibans = _masked_lists(payers["ibans"], show_names)
    return [{"payer": payer, "rows": int(rows), "amount": amount, "ibans": shown}
            for payer, rows, amount, shown in zip(
                payers["payer"].tolist(), payers["rows"].tolist(),
                cents_to_str_array(payers["amount_cents"].to_numpy()).tolist(),
                ibans, strict=True)]


def _masked_lists(lists: pd.Series, show_names: bool) -> list[list[str]]:
    """Lists of IBANs (one list per payer) masked, each distinct IBAN once."""
    import pandas as pd

    flat = pd.Series([iban for ibans in lists for iban in ibans], dtype=object)
    shown = dict(zip(flat, mask_iban(flat, show_names=show_names), strict=True))
    return [[shown[iban] for iban in ibans] for ibans in lists]
