"""ING exports (current account: Dutch `;`, older `,`, English; savings account) -> bank lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_
from . import bank_common as bank
from . import bank_fields as fields
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "ing"
DESCRIPTION = N_("ING bank export (current or savings account, CSV, Dutch or English header)")
SUFFIXES = (".csv",)

CURRENT = bank.Layout(
    bank=N_("an ING"),
    columns={
        "date": ("Datum", "Date"),
        "name": ("Naam / Omschrijving", "Name / Description"),
        "account": ("Rekening", "Account"),
        "counterparty": ("Tegenrekening", "Counterparty"),
        "code": ("Code",),
        "direction": ("Af Bij", "Debit/credit"),
        "amount": ("Bedrag (EUR)", "Amount (EUR)"),
        "type": ("Mutatiesoort", "Transaction type"),
        "notes": ("Mededelingen", "Notifications"),
        "balance": ("Saldo na mutatie", "Resulting balance"),
        "tag": ("Tag",),
    },
    required=("date", "name", "account", "counterparty", "code", "direction", "amount",
              "type", "notes"),
    exact=9, least=6)
SAVINGS = bank.Layout(
    bank=N_("an ING savings"),
    columns={
        "date": ("Datum", "Date"),
        "description": ("Omschrijving", "Description"),
        "account": ("Rekening", "Account"),
        "account_type": ("Rekening type", "Account type"),
        "counterparty": ("Tegenrekening", "Counterparty"),
        "direction": ("Af Bij", "Debit/credit"),
        "amount": ("Bedrag", "Amount"),
        "currency": ("Valuta", "Currency"),
        "type": ("Mutatiesoort", "Transaction type"),
        "notes": ("Mededelingen", "Notifications"),
        "balance": ("Saldo na mutatie", "Resulting balance"),
    },
    required=("date", "description", "account", "account_type", "direction", "amount",
              "notes"),
    exact=10, least=7)
CREDIT = ("Bij", "Credit")
DEBIT = ("Af", "Debit")


def detect(head: bytes, name: str) -> float:
    """0.9 on an ING header (current or savings), 0.7 on one with a column changed."""
    header = bank.header_cells(head)[0]
    return max(CURRENT.sureness(header), SAVINGS.sureness(header))


def _layout(header: list[str]) -> bank.Layout:
    return max((CURRENT, SAVINGS),
               key=lambda layout: (layout.sureness(header), len(layout.match(header))))


def _where_empty(values: pd.Series, found: fields.Fields, field: str) -> pd.Series:
    """``values``, and where one is "" the notes' ``field`` (converted for those rows only)."""
    empty = (values == "").to_numpy()
    if not empty.any():
        return values
    filled = values.to_numpy(dtype=object).copy()
    filled[empty] = found.get(field, empty).to_numpy(dtype=object)
    return pd.Series(filled, dtype=object)


# the columns read() takes (the balance and the tag are not parsed)
USED = ("date", "name", "description", "account", "counterparty", "code", "direction",
        "amount", "type", "notes")


def _used(header: list[str]) -> list[int]:
    """Positions of the header's columns read() takes."""
    found = _layout(header).match(header)
    return [found[key] for key in USED if key in found]


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The export's lines: signed cents, ISO dates, the payer and IBAN from their columns or
    from the ``Naam: … IBAN: …`` fields of the notes."""
    path = Path(path)
    separator = bank.header_cells(sniff.head(path))[1] or ";"
    records = bank.read_records(path, separator, wanted=_used)
    layout = _layout(records.header)
    layout.missing(records.header, path, records.header_line)
    found = layout.match(records.header)
    read_once: dict[str, pd.Series] = {}

    def cells(key: str) -> pd.Series:
        if key not in read_once:
            read_once[key] = records.column(found.get(key))
        return read_once[key]

    file, lines = str(path), records.lines
    form = "YYYYMMDD" if layout is CURRENT else "YYYY-MM-DD"
    size = text.cents(cells("amount"), decimal="," if layout is CURRENT else "auto",
                      file=file, lines=lines)
    amounts = text.signed(size, cells("direction"), credit=CREDIT, debit=DEBIT, file=file,
                          lines=lines, column=records.header[found["direction"]])
    notes = cells("notes")
    parts = fields.find_fields(notes, cleaned=True)
    said, reference = parts.get_all(("description", "reference"))
    told = said.where(said != "", notes.where(~parts.labelled(), ""))
    counterparty = text.iban(cells("counterparty"))
    if layout is CURRENT:  # the name's own column, else the notes' (only there looked up)
        payer = _where_empty(cells("name"), parts, "name")
        description = told
    else:
        payer = parts.get("name")
        description = text.joined(cells("description"), told)
    kind = cells("type")
    columns = {
        "date": text.iso_dates(cells("date"), form, file=file, lines=lines),
        "amount_cents": amounts,
        "kind": text.kinds(amounts),
        "payer": payer,
        "counterparty_iban": _where_empty(counterparty, parts, "iban"),
        "description": description,
        "reference": np.full(len(lines), "", dtype=object),
        "account": text.iban(cells("account")),
        "account_holder": np.full(len(lines), "", dtype=object),
        "reversal": fields.reversal_from_text(kind, payer, description),
        "transaction_type": kind.where(kind != "", cells("code")),
        "category": np.full(len(lines), "", dtype=object),
        "code": cells("code"),
        "payment_reference": reference,
    }
    yield bank.table(path, records, columns)
