"""Classified rows as plain records for CSV and JSON: money as two-decimal strings."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from ..money import cents_to_str_array
from ..output import FORMULA_START

if TYPE_CHECKING:
    import pandas as pd

    from ..rules import RuleSet

ROW_COLUMNS = ("enterprise", "year", "description", "category", "payer", "payer_type", "amount",
               "kind", "class", "rule")


def row_records(classified: pd.DataFrame, rules: RuleSet, *, explain: bool) -> pd.DataFrame:
    """The output columns of `classify`, in order; ``reason`` only when explaining."""
    import pandas as pd

    out = pd.DataFrame({
        "enterprise": classified["enterprise"].astype(str),
        "year": classified["year"],
        "description": classified["description"],
        "category": classified["category"],
        "payer": classified["payer"],
        "payer_type": classified["payer_type"].astype(str),
        "amount": cents_to_str_array(classified["amount_cents"].to_numpy()),
        "kind": classified["kind"].astype(str),
        "class": classified["class"].astype(str),
        "rule": classified["rule"].astype(str),
    })
    if explain:
        out["reason"] = classified["rule"].astype(str).map(rules.reasons())
    out["file"] = classified["file"].astype(str)
    out["line"] = classified["line"]
    return out


def to_csv(frame: pd.DataFrame, *, money_columns: tuple[str, ...] = ("amount",),
           excel: bool = False) -> str:
    """CSV text whose text cells are guarded against formula injection (money columns are ours
    and stay numbers). ``excel``: the dialect Dutch Excel opens cleanly (``;``, decimal comma)."""
    guarded = frame.copy()
    for column in guarded.columns:
        if column in money_columns:
            if excel:
                guarded[column] = guarded[column].str.replace(".", ",", regex=False)
        elif not _is_numeric(guarded[column]):
            values = guarded[column].astype(object)
            text = values.astype(str)
            risky = text.str.match(FORMULA_START) & values.notna()
            guarded[column] = values.where(~risky, "'" + text)
    buffer = io.StringIO()
    guarded.to_csv(buffer, index=False, sep=";" if excel else ",", lineterminator="\n",
                   quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue()


def _is_numeric(values: pd.Series) -> bool:
    import pandas as pd

    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON-ready dicts (years as ints or null)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))
