"""bunq CSV exports (Dutch or English header, `,` or `;`, signed amounts) -> bank lines."""

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

NAME = "bunq"
DESCRIPTION = N_("bunq CSV export (Datum, Rentedatum, Bedrag, Rekening, Tegenrekening, Naam, ...)")
SUFFIXES = (".csv",)

LAYOUT = bank.Layout(
    bank=N_("a bunq"),
    columns={
        "date": ("Datum", "Date"),
        "interest_date": ("Rentedatum", "Interest Date"),
        "amount": ("Bedrag", "Amount"),
        "account": ("Rekening", "Account"),
        "counterparty": ("Tegenrekening", "Counterparty"),
        "name": ("Naam", "Name"),
        "description": ("Omschrijving", "Description"),
    },
    required=("date", "interest_date", "amount", "account", "counterparty", "name",
              "description"),
    exact=7, least=6)


def detect(head: bytes, name: str) -> float:
    """0.9 on bunq's seven columns, 0.7 when one of them is missing or renamed."""
    header = bank.header_cells(head, separators=(",", ";"))[0]
    return LAYOUT.sureness(header) if len(header) <= 9 else 0.0


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The export's lines: signed cents as written, the counterparty from Naam and
    Tegenrekening, the description as written (its line breaks made spaces)."""
    path = Path(path)
    separator = bank.header_cells(sniff.head(path), separators=(",", ";"))[1] or ","
    records = bank.read_records(path, separator)
    LAYOUT.missing(records.header, path, records.header_line)
    found = LAYOUT.match(records.header)

    def cells(key: str) -> pd.Series:
        return records.column(found.get(key))

    file, lines = str(path), records.lines
    amounts = text.cents(cells("amount"), decimal="auto", file=file, lines=lines)
    description = cells("description")
    empty = np.full(len(lines), "", dtype=object)
    columns = {
        "date": text.iso_dates(cells("date"), "YYYY-MM-DD", file=file, lines=lines),
        "amount_cents": amounts,
        "kind": text.kinds(amounts),
        "payer": cells("name"),
        "counterparty_iban": text.iban(cells("counterparty")),
        "description": description,
        "reference": empty,
        "account": text.iban(cells("account")),
        "account_holder": empty,
        "reversal": fields.reversal_from_text(description),
        "transaction_type": empty,
        "category": empty,
    }
    yield bank.table(path, records, columns)
