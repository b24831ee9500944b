"""ABN AMRO's TXT export (.TAB): eight TAB columns, no header, the counterparty in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..errors import N_, NC_, InputError, Text
from . import bank_common as bank
from . import bank_fields as fields
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "abnamro"
DESCRIPTION = N_("ABN AMRO bank export, TXT/TAB (8 TAB columns, no header)")
SUFFIXES = (".tab", ".txt")
BANK = N_("an ABN AMRO TXT (.TAB) export")
FIELDS = (NC_("column", "account"), NC_("column", "currency"), NC_("column", "date"),
          NC_("column", "start balance"), NC_("column", "end balance"),
          NC_("column", "value date"), NC_("column", "amount"), NC_("column", "description"))
_ACCOUNT = re.compile(r"^(?:\d{7,10}|[A-Z]{2}\d{2}[A-Z0-9]{10,30})$")
_AMOUNT = re.compile(r"^[+-]?\d[\d.]*,\d{2}$")
_DATE = re.compile(r"^\d{8}$")


def detect(head: bytes, name: str) -> float:
    """0.9 for a first line of 8 TAB fields that reads as account, currency, date, balances,
    value date, amount, text; 0.7 when it starts so but has another number of fields."""
    line = sniff.first_line(head).decode("utf-8", errors="replace")
    cells = [cell.strip() for cell in line.split("\t")]
    if len(cells) < 3 or not (_ACCOUNT.match(cells[0].replace(" ", "").upper())
                              and re.fullmatch(r"[A-Z]{3}", cells[1]) and _DATE.match(cells[2])):
        return 0.0
    if (len(cells) == len(FIELDS) and _DATE.match(cells[5])
            and all(_AMOUNT.match(cells[i]) for i in (3, 4, 6))):
        return 0.9
    return 0.7 if 4 <= len(cells) <= 12 else 0.0


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The file's transactions as one table under the bank-source columns."""
    path = Path(path)
    raw = sniff.without_bom(path.read_bytes())
    sniff.check_text_start(raw, str(path))
    rows, lines = bank.read_rows(path, bank.decode(raw, "cp1252")[0], separator="\t",
                                       quotechar=None)
    if rows.shape[1] != len(FIELDS):
        raise InputError(_layout_problem(rows.shape[1]), file=str(path), line=int(lines[0]))

    cents = text.cents(rows[6], decimal=",", file=str(path), lines=lines)
    found = fields.describe(rows[7])
    returned = found["returned"] | fields.reversal_marks(found["transaction_type"])
    columns = bank.contract_columns({
        "amount_cents": cents,
        "kind": text.kinds(cents),
        "date": text.iso_dates(rows[2], "YYYYMMDD", file=str(path), lines=lines),
        "payer": found["payer"].to_numpy(dtype=object),
        "counterparty_iban": found["counterparty_iban"].to_numpy(dtype=object),
        "description": found["description"].to_numpy(dtype=object),
        "account": text.iban(rows[0]).to_numpy(dtype=object),
        "reversal": text.flags(returned),
        "transaction_type": found["transaction_type"].to_numpy(dtype=object),
    }, len(lines))
    yield RawTable(str(path), path.stem, 1, columns, np.asarray(lines, dtype=np.int64))


def _layout_problem(width: int) -> Text:
    found = Text(N_("looks like {bank}, but it has {width} columns where {expected} are expected "
                    "({names})"), bank=Text(BANK), width=width, expected=len(FIELDS),
                 names=bank.named(FIELDS))
    if width < len(FIELDS):
        return Text(N_("{problem}: the column {missing} is missing"), problem=found,
                    missing=bank.named(FIELDS[width:], quoted=True))
    return found
