"""Triodos Bank's CSV export: no header, Debet/Credit, amounts such as 1.234,56, ISO-8859-15."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, NC_, InputError, Text
from . import bank_common as bank
from . import bank_fields as fields
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "triodos"
DESCRIPTION = N_("Triodos Bank export, CSV (no header, Debet/Credit)")
SUFFIXES = (".csv",)
BANK = N_("a Triodos Bank export")
FIELDS = (NC_("column", "date"), NC_("column", "account"), NC_("column", "amount"),
          NC_("column", "debit/credit"), NC_("column", "name"), NC_("column", "counter-account"),
          NC_("column", "code"), NC_("column", "description"), NC_("column", "balance"))
SHORTEST = 8  # the balance is left out by some exports
_DATE = re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$")
_ACCOUNT = re.compile(r"^(?:[A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d{7,10})$")
_AMOUNT = re.compile(r"^\d{1,3}(?:\.\d{3})*,\d{2}$|^\d+,\d{2}$")
_DIRECTION = {"debet": -1, "credit": 1}
_BANK_RETURN = r"(?i)\bterugboeking|\bstorno\b|\bretourboeking"


def detect(head: bytes, name: str) -> float:
    """0.9 for a first line of 8 or 9 comma fields: date dd-mm-yyyy, own account, amount,
    Debet/Credit, …; 0.7 when a date, an account and a Debet/Credit cell come in another
    layout."""
    line = sniff.first_line(head).decode("utf-8", errors="replace")
    try:
        cells = [cell.strip() for cell in next(csv.reader([line]), [])]
    except csv.Error:
        return 0.0
    if len(cells) < 4 or not (_DATE.match(cells[0]) and _ACCOUNT.match(cells[1].upper())):
        return 0.0
    if (len(cells) in (SHORTEST, len(FIELDS)) and _AMOUNT.match(cells[2])
            and cells[3].lower() in _DIRECTION):
        return 0.9
    if any(cell.lower() in _DIRECTION for cell in cells) and len(cells) <= 12:
        return 0.7
    return 0.0


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The file's transactions as one table under the bank-source columns."""
    path = Path(path)
    raw = sniff.without_bom(path.read_bytes())
    sniff.check_text_start(raw, str(path))
    rows, lines = bank.read_rows(path, bank.decode(raw, "iso-8859-15")[0],
                                       separator=",")
    if rows.shape[1] not in (SHORTEST, len(FIELDS)) or not _directions_in_place(rows):
        raise InputError(_layout_problem(rows), file=str(path), line=int(lines[0]))

    def fail(message: str, position: int, **fields: object) -> InputError:
        return InputError(message, file=str(path), line=int(lines[position]), **fields)

    direction = rows[3].str.strip().str.lower().map(_DIRECTION)
    if direction.isna().any():
        position = int(np.argmax(direction.isna().to_numpy()))
        raise fail(N_("{column} is {value!r}; expected Debet or Credit"), position,
                   column=Text(FIELDS[3]), value=rows[3].iloc[position])
    unsigned = text.cents(rows[2], decimal=",", file=str(path), lines=lines)
    if (unsigned < 0).any():
        raise fail(N_("the amount has a sign; Triodos writes it unsigned, with Debet or Credit"),
                   int(np.argmax(unsigned < 0)))
    cents = unsigned * direction.to_numpy(dtype=np.int64)
    code = rows[6].str.strip()
    description = rows[7].str.strip().str.replace(r"\s{2,}", " ", regex=True)
    returned = fields.reversal_marks(code) | description.str.contains(_BANK_RETURN)
    columns = bank.contract_columns({
        "amount_cents": cents,
        "kind": text.kinds(cents),
        "date": text.iso_dates(rows[0], "dd-mm-yyyy", file=str(path), lines=lines),
        "payer": rows[4].str.strip().to_numpy(dtype=object),
        "counterparty_iban": text.iban(rows[5]).to_numpy(dtype=object),
        "description": description.to_numpy(dtype=object),
        "account": text.iban(rows[1]).to_numpy(dtype=object),
        "reversal": text.flags(returned),
        "transaction_type": code.to_numpy(dtype=object),
    }, len(lines))
    yield RawTable(str(path), path.stem, 1, columns, np.asarray(lines, dtype=np.int64))


def _directions_in_place(rows: pd.DataFrame) -> bool:
    return bool(rows[3].str.strip().str.lower().isin(tuple(_DIRECTION)).iloc[0])


def _layout_problem(rows: pd.DataFrame) -> Text:
    width = rows.shape[1]
    found = Text(N_("looks like {bank}, but it has {width} columns where {shortest} or {longest} "
                    "are expected ({names})"), bank=Text(BANK), width=width, shortest=SHORTEST,
                 longest=len(FIELDS), names=bank.named(FIELDS))
    if width < SHORTEST:
        return Text(N_("{problem}: the column {missing} is missing"), problem=found,
                    missing=bank.named(FIELDS[width:SHORTEST], quoted=True))
    if width in (SHORTEST, len(FIELDS)):
        return Text(N_("looks like {bank}, but its 4th column is {value!r}, not Debet or Credit: "
                       "the column '{column}' is missing or moved"), bank=Text(BANK),
                    value=rows[3].iloc[0], column=Text(FIELDS[3]))
    return found
