"""What a view shows of a bank account: the IBAN masked, and the bank an IBAN belongs to."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# banks of Dutch public bodies (municipalities, provinces, water boards) by their IBAN bank code:
# an account there hints at a public payer, it never decides one
PUBLIC_BANKS = frozenset({"BNGH", "NWAB"})
PUBLIC_BODY_HINT = "public-body"  # the code of that hint in CSV and JSON; the views phrase it
ELLIPSIS = "…"
_IBAN_LIKE = re.compile(r"[A-Z]{2}[0-9]{2}[0-9A-Z]{5,}")


def mask_one(account: object) -> str:
    """One account number masked: ``NL20INGB0001234567`` -> ``NL20…4567`` (country and check
    digits, an ellipsis, the last four); another account number keeps its last four only, and
    one too short to hide anything is an ellipsis alone. Empty stays empty."""
    text = "".join(str(account).split()).upper() if isinstance(account, str) else ""
    if not text:
        return ""
    if _IBAN_LIKE.fullmatch(text):
        return f"{text[:4]}{ELLIPSIS}{text[-4:]}"
    return f"{ELLIPSIS}{text[-4:]}" if len(text) > 6 else ELLIPSIS


def mask_iban(accounts: pd.Series, *, show_names: bool = False) -> pd.Series:
    """Account numbers as a view shows them: masked (``mask_one``) unless ``show_names``,
    worked out once per distinct value. Missing values become empty text."""
    return _per_distinct(accounts, _shown_as_is if show_names else mask_one)


def _shown_as_is(account: object) -> str:
    return str(account).strip() if isinstance(account, str) else ""


def bank_of(account: object) -> tuple[str, str]:
    """The bank an IBAN belongs to and its hint (``PUBLIC_BODY_HINT`` or ""), from schwifty's
    bank registry; ("", "") for what is no IBAN or a bank schwifty does not know."""
    from schwifty import IBAN  # the registry loads on first use: only when explaining

    text = "".join(str(account).split()).upper() if isinstance(account, str) else ""
    if not _IBAN_LIKE.fullmatch(text):
        return "", ""
    try:
        iban = IBAN(text, allow_invalid=True)
        name, code = iban.bank_name or "", iban.bank_code or ""
    except (ValueError, KeyError, TypeError):  # schwifty's errors are ValueErrors
        return "", ""
    public = iban.country_code == "NL" and code in PUBLIC_BANKS
    return str(name), PUBLIC_BODY_HINT if public else ""


def banks(accounts: pd.Series) -> pd.DataFrame:
    """Per row, the ``bank`` of its IBAN and the ``bank_hint``; each distinct IBAN is looked up
    once, whatever the number of rows."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(accounts, use_na_sentinel=True)
    found = [bank_of(value) for value in uniques]
    names = np.array([name for name, _ in found] + [""], dtype=object)
    hints = np.array([hint for _, hint in found] + [""], dtype=object)
    return pd.DataFrame({"bank": names[codes], "bank_hint": hints[codes]}, index=accounts.index)


def _per_distinct(values: pd.Series, function: Callable[[object], str]) -> pd.Series:
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    shown = np.array([function(value) for value in uniques] + [""], dtype=object)
    return pd.Series(shown[codes], index=values.index, dtype=object)


def has_accounts(frame: pd.DataFrame) -> bool:
    """Whether any row of ``frame`` names a counterparty's account (bank lines do)."""
    if "counterparty_iban" not in frame.columns:
        return False
    column = frame["counterparty_iban"]
    return bool((column.notna() & (column.astype(str).str.strip() != "")).any())
