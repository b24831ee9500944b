"""ING exports (current account: Dutch `;`, older `,`, English; savings account) -> bank lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from . import bank_common as bank
from . import sniff
from .base import RawTable

NAME = "ing"
DESCRIPTION = "ING bank export (current or savings account, CSV, Dutch or English header)"
SUFFIXES = (".csv",)

CURRENT = bank.Layout(
    bank="an ING",
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
    bank="an ING savings",
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


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The export's lines: signed cents, ISO dates, the payer and IBAN from their columns or
    from the ``Naam: … IBAN: …`` fields of the notes."""
    path = Path(path)
    separator = bank.header_cells(sniff.head(path))[1] or ";"
    records = bank.read_records(path, separator)
    layout = _layout(records.header)
    layout.missing(records.header, path, records.header_line)
    found = layout.match(records.header)

    def cells(key: str) -> pd.Series:
        return records.column(found.get(key))

    file, lines = str(path), records.lines
    form = "YYYYMMDD" if layout is CURRENT else "YYYY-MM-DD"
    size = bank.cents(cells("amount"), decimal="," if layout is CURRENT else "auto",
                      file=file, lines=lines)
    amounts = bank.signed(size, cells("direction"), credit=CREDIT, debit=DEBIT, file=file,
                          lines=lines, column=records.header[found["direction"]])
    notes = cells("notes")
    fields = bank.labelled_fields(notes)
    labelled = (fields != "").any(axis=1).to_numpy()
    told = fields["description"].where(fields["description"] != "",
                                       notes.where(~labelled, ""))
    counterparty = bank.iban(cells("counterparty"))
    if layout is CURRENT:
        payer = cells("name").where(cells("name") != "", fields["name"])
        description = told
    else:
        payer = fields["name"]
        description = bank.joined(cells("description"), told)
    kind = cells("type")
    columns = {
        "date": bank.iso_dates(cells("date"), form, file=file, lines=lines),
        "amount_cents": amounts,
        "kind": bank.kinds(amounts),
        "payer": payer,
        "counterparty_iban": counterparty.where(counterparty != "", fields["iban"]),
        "description": description,
        "reference": np.full(len(lines), "", dtype=object),
        "account": bank.iban(cells("account")),
        "account_holder": np.full(len(lines), "", dtype=object),
        "reversal": bank.reversal_from_text(kind, payer, description),
        "transaction_type": kind.where(kind != "", cells("code")),
        "category": np.full(len(lines), "", dtype=object),
        "code": cells("code"),
        "payment_reference": fields["reference"],
    }
    yield bank.table(path, records, columns)
