"""The CSV export of ASN Bank, SNS and RegioBank: no header, 19 columns, text quoted with '."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from ..errors import N_, NC_, InputError, Text
from . import bank_common as bank
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "asn"
DESCRIPTION = N_("ASN Bank, SNS or RegioBank export, CSV (19 columns, no header)")
SUFFIXES = (".csv",)
FIELDS = (NC_("column", "date"), NC_("column", "account"), NC_("column", "counter-account"),
          NC_("column", "name"), NC_("column", "address"), NC_("column", "postal code"),
          NC_("column", "city"), NC_("column", "account currency"),
          NC_("column", "balance before"), NC_("column", "currency"), NC_("column", "amount"),
          NC_("column", "journal date"), NC_("column", "value date"),
          NC_("column", "internal code"), NC_("column", "code"), NC_("column", "sequence number"),
          NC_("column", "payment reference"), NC_("column", "description"),
          NC_("column", "statement number"))
BANKS = {"ASNB": "ASN Bank", "SNSB": "SNS", "RBRB": "RegioBank"}
_DATE = re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$")
_ACCOUNT = re.compile(r"^(?:[A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d{7,10})$")
_AMOUNT = re.compile(r"^[+-]?\d+\.\d{2}$")
_RETURN_CODES = ("STO",)  # storno
_BANK_RETURN = r"(?i)\bterugboeking|\bstorno\b|\bretourboeking"


def detect(head: bytes, name: str) -> float:
    """0.9 for a first line of 19 comma fields: date dd-mm-yyyy, own account, …, a currency
    in the 8th, an amount such as -200.00 in the 11th; 0.7 for a date and an account first
    in a line of 12 to 26 fields (the layout changed)."""
    cells = _first_cells(head)
    if len(cells) < 12 or not (_DATE.match(cells[0]) and _ACCOUNT.match(cells[1].upper())):
        return 0.0
    if (len(cells) == len(FIELDS) and re.fullmatch(r"[A-Z]{3}", cells[7])
            and _AMOUNT.match(cells[10])):
        return 0.9
    return 0.7 if len(cells) <= 26 else 0.0


def _first_cells(head: bytes) -> list[str]:
    line = sniff.first_line(head).decode("utf-8", errors="replace")
    try:
        return [cell.strip() for cell in next(csv.reader([line], quotechar="'"), [])]
    except csv.Error:
        return []


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The file's transactions as one table under the bank-source columns."""
    path = Path(path)
    raw = sniff.without_bom(path.read_bytes())
    sniff.check_text_start(raw, str(path))
    rows, lines = bank.read_rows(path, bank.decode(raw, "cp1252")[0], separator=",",
                                       quotechar="'")
    if rows.shape[1] != len(FIELDS):
        raise InputError(_layout_problem(rows.shape[1], _bank(rows[1].iloc[0])),
                         file=str(path), line=int(lines[0]))

    cents = text.cents(rows[10], decimal=".", file=str(path), lines=lines)
    code = rows[14].str.strip()
    description = rows[17].str.strip().str.replace(r"\s{2,}", " ", regex=True)
    returned = code.str.upper().isin(_RETURN_CODES) | description.str.contains(_BANK_RETURN)
    columns = bank.contract_columns({
        "amount_cents": cents,
        "kind": text.kinds(cents),
        "date": text.iso_dates(rows[0], "dd-mm-yyyy", file=str(path), lines=lines),
        "payer": rows[3].str.strip().to_numpy(dtype=object),
        "counterparty_iban": text.iban(rows[2]).to_numpy(dtype=object),
        "description": description.to_numpy(dtype=object),
        "reference": rows[15].str.strip().to_numpy(dtype=object),
        "account": text.iban(rows[1]).to_numpy(dtype=object),
        "reversal": text.flags(returned),
        "transaction_type": code.to_numpy(dtype=object),
    }, len(lines))
    yield RawTable(str(path), path.stem, 1, columns, np.asarray(lines, dtype=np.int64))


def _bank(account: str) -> str:
    """The bank of the own account, from the IBAN's bank code; the family's name otherwise."""
    return BANKS.get(str(account).strip().upper()[4:8], "ASN Bank / SNS / RegioBank")


def _layout_problem(width: int, name: str) -> Text:
    found = Text(N_("looks like a {bank} export, but it has {width} columns where {expected} are "
                    "expected") if name == "RegioBank" else
                 N_("looks like an {bank} export, but it has {width} columns where {expected} are "
                    "expected"), bank=name, width=width, expected=len(FIELDS))
    if width < len(FIELDS):
        return Text(N_("{problem}: the column {missing} is missing"), problem=found,
                    missing=bank.named(FIELDS[width:], quoted=True))
    return found
