"""Bank lines explained on a terminal: each counterparty with its IBAN, its bank and a hint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from .i18n import say
from .privacy import PUBLIC_BODY_HINT, banks, mask_iban
from .row_table import row_cells, rows_layout
from .safe import terminal

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

    from ..rules import RuleSet


def bank_rows_table(first: pd.DataFrame, rules: RuleSet, *, lang: str, width: int,
                    show_names: bool, many_enterprises: bool) -> RenderableType:
    """The rows of an income table explained, each counterparty's account under its name:
    a table from 100 columns that wraps at words, a few lines per row below."""
    rows = row_cells(first, rules, lang=lang, explain=True)
    for row, account in zip(rows, _account_cells(first, lang, show_names), strict=True):
        row["account"] = account
    return rows_layout(rows, lang=lang, explain=True, width=width,
                       many_enterprises=many_enterprises,
                       payer_title=say(lang, "Counterparty"))


def _account_cells(rows: pd.DataFrame, lang: str, show_names: bool) -> list[Text]:
    """Per row: the counterparty's IBAN (masked unless ``show_names``), its bank and, for a
    bank of public bodies, that hint, marked as a hint; one Text per distinct IBAN."""
    import pandas as pd

    ibans = rows["counterparty_iban"]
    codes, uniques = pd.factorize(ibans, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype=object)
    masked = mask_iban(distinct, show_names=show_names).tolist()
    found = banks(distinct)
    texts = [account_text(iban, bank, hint, lang) for iban, bank, hint in
             zip(masked, found["bank"].tolist(), found["bank_hint"].tolist(), strict=True)]
    empty = Text("")
    return [texts[code] if code >= 0 else empty for code in codes.tolist()]


def account_text(iban: str, bank: str, hint: str, lang: str) -> Text:
    """An IBAN as shown, its bank below it, and the public-body hint in italics."""
    text = Text(terminal(iban))
    if bank:
        text.append((" · " if iban else "") + terminal(bank), style="dim")
    if hint == PUBLIC_BODY_HINT:
        text.append("\n" + say(lang, "hint: bank of public bodies"), style="italic yellow")
    return text
