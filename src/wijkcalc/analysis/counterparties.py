"""The payers of the rows no rule matched, grouped by name and summed, largest amount first."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .aggregate import name_key

COLUMNS = ("payer", "rows", "amount_cents", "ibans")


def unmatched_payers(unmatched: pd.DataFrame) -> pd.DataFrame:
    """One row per payer of ``unmatched`` (folded with name_key: case, spacing and Unicode
    form do not split a payer): the payer as most often written, its row count, its summed
    cents (int64) and its distinct counterparty IBANs, most used first. Largest amount first;
    rows without a payer are grouped under "". Grouped with pandas, not per row."""
    if unmatched.empty:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("payer", "ibans") else "int64")
                             for c in COLUMNS})
    payer = unmatched["payer"].astype("category")
    names = payer.cat.categories.astype(str)
    keys = pd.Index([name_key(n) for n in names])  # per distinct payer, not per row
    key_codes, _ = pd.factorize(keys)
    codes = payer.cat.codes.to_numpy()
    row_key = np.where(codes >= 0, key_codes[codes], -1)
    frame = pd.DataFrame({
        "key": row_key,
        "payer": payer.astype(object).fillna("").to_numpy(),
        "cents": unmatched["amount_cents"].to_numpy(dtype="int64"),
        "iban": _ibans(unmatched),
    })
    sums = frame.groupby("key", sort=False).agg(rows=("cents", "size"),
                                                amount_cents=("cents", "sum"))
    spelling = (frame.groupby(["key", "payer"], sort=False).size()
                .sort_values(ascending=False, kind="stable").reset_index()
                .drop_duplicates("key").set_index("key")["payer"])
    named = frame[frame["iban"] != ""]
    ibans = (named.groupby(["key", "iban"], sort=False).size()
             .sort_values(ascending=False, kind="stable").reset_index()
             .groupby("key", sort=False)["iban"].agg(list))
    out = sums.assign(payer=spelling.reindex(sums.index).fillna(""),
                      ibans=ibans.reindex(sums.index))
    out["ibans"] = [value if isinstance(value, list) else [] for value in out["ibans"]]
    out["amount_cents"] = out["amount_cents"].astype("int64")
    out = out.sort_values(["amount_cents", "payer"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)[list(COLUMNS)]


def _ibans(frame: pd.DataFrame) -> np.ndarray:
    """The counterparty IBAN of each row, spaces removed and in capitals ("" when none)."""
    if "counterparty_iban" not in frame.columns:
        return np.full(len(frame), "", dtype=object)
    column = frame["counterparty_iban"].astype("category")
    cleaned = ["".join(str(v).split()).upper() for v in column.cat.categories]
    values = np.array([*cleaned, ""], dtype=object)
    return values[column.cat.codes.to_numpy()]
