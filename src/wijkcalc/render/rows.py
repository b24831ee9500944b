"""Classified rows as plain records for CSV and JSON: money as two-decimal strings."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from ..money import cents_to_str_array
from .files import FORMULA_START
from .privacy import banks, has_accounts, mask_iban

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.results import ClassTotals, Unclassified
    from ..rules import RuleSet

def row_records(classified: pd.DataFrame, rules: RuleSet, *, explain: bool,
                show_names: bool = False) -> pd.DataFrame:
    """The output columns of `classify`, in order; ``reason`` only when explaining, and for
    bank lines then also ``counterparty_iban`` (masked unless ``show_names``), its ``bank``
    and ``bank_hint`` ("public-body" for a bank of public bodies: a hint, not a class).

    Label columns stay categorical, so the views below work per distinct value.
    """
    import pandas as pd

    out = pd.DataFrame({
        "enterprise": classified["enterprise"],
        "year": classified["year"],
        "description": classified["description"],
        "category": classified["category"],
        "payer": classified["payer"],
        "payer_type": classified["payer_type"],
        "amount": cents_to_str_array(classified["amount_cents"].to_numpy()),
        "kind": classified["kind"],
        "class": classified["class"],
        "rule": classified["rule"],
    })
    if explain:
        rule = classified["rule"].astype("category")
        out["reason"] = rule.cat.rename_categories(
            [rules.reason(str(r)) or "—" for r in rule.cat.categories]) \
            if rule.cat.categories.is_unique else rule.astype(str).map(rules.reasons())
        if has_accounts(classified):
            ibans = classified["counterparty_iban"]
            out["counterparty_iban"] = mask_iban(ibans, show_names=show_names)
            out[["bank", "bank_hint"]] = banks(ibans).to_numpy()
    out["file"] = classified["file"]
    out["line"] = classified["line"]
    return out


def to_csv(frame: pd.DataFrame, *, money_columns: tuple[str, ...] = ("amount",),
           excel: bool = False) -> str:
    """CSV text whose text cells are guarded against formula injection (money columns are ours
    and stay numbers). ``excel``: the dialect Dutch Excel opens cleanly (``;``, decimal comma,
    UTF-8 with a byte-order mark)."""
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
    buffer = io.StringIO()
    if excel:
        buffer.write("\ufeff")  # the BOM tells Excel the file is UTF-8
    guarded.to_csv(buffer, index=False, sep=";" if excel else ",", lineterminator="\n",
                   quoting=csv.QUOTE_MINIMAL, decimal="," if excel else ".")
    return buffer.getvalue()


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


def rows_json(frame: pd.DataFrame) -> str:
    """Rows as a JSON array (pandas' C writer: no Python per row); years as ints or null."""
    return frame.to_json(orient="records", force_ascii=False, indent=2)


def document_with_rows(document: dict, rows: pd.DataFrame, key: str = "rows") -> str:
    """A pretty JSON document whose ``key`` holds the rows, written by rows_json."""
    placeholder = "\u0000rows\u0000"
    text = json.dumps({key: placeholder, **document}, ensure_ascii=False, indent=2)
    return text.replace(json.dumps(placeholder), rows_json(rows).replace("\n", "\n  "), 1) + "\n"


def dumps(data: object, *, pretty: bool = True) -> str:
    """JSON text; ``pretty=False`` is compact, and several times faster for large documents
    (Python's C encoder only runs without indentation)."""
    if not pretty:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (years as ints or null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def classify_json(classified: pd.DataFrame, rules: RuleSet, *, totals: ClassTotals,
                  unclassified: Unclassified, explain: bool, show_names: bool = False) -> str:
    """The JSON of `classify`: the rows, the totals per class, the unclassified rows' sums."""
    from ..money import cents_to_str

    document = {
        "totals": totals.to_dict(),
        "income_total": cents_to_str(totals.income_total),
        "unclassified": unclassified.to_dict(),
        "rule_files": list(rules.files),
    }
    return document_with_rows(document, row_records(classified, rules, explain=explain,
                                                    show_names=show_names))


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
