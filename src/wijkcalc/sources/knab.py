"""Knab CSV exports (a `KNAB EXPORT` first line, then a `;` header, Latin-1) -> bank lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, NC_
from . import bank_common as bank
from . import bank_fields as fields
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "knab"
DESCRIPTION = N_("Knab CSV export (first line KNAB EXPORT, then Rekeningnummer;Transactiedatum;…)")
SUFFIXES = (".csv",)
MARK = "KNAB EXPORT"

LAYOUT = bank.Layout(
    bank=N_("a Knab"),
    columns={
        "account": ("Rekeningnummer",),
        "date": ("Transactiedatum",),
        "currency": ("Valutacode",),
        "direction": ("CreditDebet",),
        "amount": ("Bedrag",),
        "counterparty": ("Tegenrekeningnummer",),
        "name": ("Tegenrekeninghouder",),
        "value_date": ("Valutadatum",),
        "method": ("Betaalwijze",),
        "description": ("Omschrijving",),
        "payment_type": ("Type betaling",),
        "mandate": ("Machtigingsnummer",),
        "collector": ("Incassant ID",),
        "address": ("Adres",),
        "reference": ("Referentie",),
        "booking_date": ("Boekdatum",),
    },
    required=("account", "date", "direction", "amount", "counterparty", "name", "description",
              "reference", "booking_date"),
    exact=12, least=7)


def _marked(head: bytes) -> bool:
    first = bank.header_cells(head, separators=(";",))[0]
    return bool(first) and first[0].upper().startswith(MARK)


def detect(head: bytes, name: str) -> float:
    """0.9 on KNAB EXPORT then Knab's header (or that header first), 0.7 when the header is
    changed a little; 0.7 on KNAB EXPORT whatever follows, so that read() says what is wrong."""
    if _marked(head):
        return max(LAYOUT.sureness(bank.header_cells(head, skip=1, separators=(";",))[0]), 0.7)
    return LAYOUT.sureness(bank.header_cells(head, separators=(";",))[0])


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The export's lines: cents signed by CreditDebet (C in, D out), the booking date
    (Boekdatum, else Transactiedatum), Referentie as the reference."""
    path = Path(path)
    records = bank.read_records(path, ";", skip=1 if _marked(sniff.head(path)) else 0)
    LAYOUT.missing(records.header, path, records.header_line)
    found = LAYOUT.match(records.header)

    def cells(key: str) -> pd.Series:
        return records.column(found.get(key))

    file, lines = str(path), records.lines
    size = text.cents(cells("amount"), file=file, lines=lines)
    amounts = text.signed(size, cells("direction"), credit=("C",), debit=("D",), file=file,
                          lines=lines, column="CreditDebet")
    booked = cells("booking_date")
    method = cells("method")
    method = method.where(method != "", cells("payment_type"))
    description = cells("description")
    empty = np.full(len(lines), "", dtype=object)
    columns = {
        "date": text.iso_dates(booked.where(booked != "", cells("date")), "dd-mm-yyyy",
                               file=file, lines=lines),
        "amount_cents": amounts,
        "kind": text.kinds(amounts),
        "payer": cells("name"),
        "counterparty_iban": text.iban(cells("counterparty")),
        "description": description,
        "reference": cells("reference"),
        "account": text.iban(cells("account")),
        "account_holder": empty,
        "reversal": fields.reversal_from_text(method, cells("payment_type"), description),
        "transaction_type": method,
        "category": empty,
        "transaction_date": text.iso_dates(cells("date"), "dd-mm-yyyy", file=file, lines=lines,
                                           what=NC_("column", "transaction date")),
    }
    yield bank.table(path, records, columns)
