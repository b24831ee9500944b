"""Rabobank CSV exports (26 quoted columns, Dutch or English header, cp1252) -> bank lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_
from . import bank_common as bank
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "rabobank"
DESCRIPTION = N_("Rabobank CSV export (26 columns, Dutch or English header)")
SUFFIXES = (".csv",)

LAYOUT = bank.Layout(
    bank=N_("a Rabobank"),
    columns={
        "account": ("IBAN/BBAN",),
        "currency": ("Munt", "Ccy"),
        "bic": ("BIC",),
        "sequence": ("Volgnr", "Seq No"),
        "date": ("Datum", "Date"),
        "value_date": ("Rentedatum", "Value Date"),
        "amount": ("Bedrag", "Amount"),
        "balance": ("Saldo na trn", "Balance after trn"),
        "counterparty": ("Tegenrekening IBAN/BBAN", "Counterparty IBAN/BBAN"),
        "name": ("Naam tegenpartij", "Name Counterpty", "Counterparty name"),
        "ultimate": ("Naam uiteindelijke partij", "Name Ultimate party"),
        # the ë comes mangled from a file read in the wrong encoding along the way
        "initiating": ("Naam initiërende partij", "Name initiating party",
                       "Naam initiÃ«rende partij", "Naam initi\ufffdrende partij",
                       "Naam initi?rende partij"),
        "counterparty_bic": ("BIC tegenpartij", "BIC Counterpty"),
        "code": ("Code",),
        "batch": ("Batch ID",),
        "transaction_reference": ("Transactiereferentie", "Transaction reference"),
        "mandate": ("Machtigingskenmerk", "Mandate reference"),
        "collector": ("Incassant ID", "Collector ID"),
        "payment_reference": ("Betalingskenmerk", "Payment reference"),
        "description_1": ("Omschrijving-1", "Description-1"),
        "description_2": ("Omschrijving-2", "Description-2"),
        "description_3": ("Omschrijving-3", "Description-3"),
        "return_reason": ("Reden retour", "Reason return"),
        "original_amount": ("Oorspr bedrag", "Original Amount"),
        "original_currency": ("Oorspr munt", "Original Ccy"),
        "rate": ("Koers", "Exchange rate"),
    },
    required=("account", "sequence", "date", "amount", "counterparty", "name", "code",
              "description_1", "description_2", "description_3", "return_reason"),
    exact=24, least=12)


def detect(head: bytes, name: str) -> float:
    """0.9 on a Rabobank header (24 or more of its 26 names), 0.7 on one changed more."""
    return LAYOUT.sureness(bank.header_cells(head, separators=(",", ";"))[0])


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The export's lines, of every own account in it: signed cents as written, Volgnr as the
    reference, the three description columns joined, Reden retour marking a returned one."""
    path = Path(path)
    separator = bank.header_cells(sniff.head(path), separators=(",", ";"))[1] or ","
    records = bank.read_records(path, separator)
    LAYOUT.missing(records.header, path, records.header_line)
    found = LAYOUT.match(records.header)

    def cells(key: str) -> pd.Series:
        return records.column(found.get(key))

    file, lines = str(path), records.lines
    amounts = text.cents(cells("amount"), file=file, lines=lines)
    name = cells("name")
    returned = cells("return_reason")
    empty = np.full(len(lines), "", dtype=object)
    columns = {
        "date": text.iso_dates(cells("date"), "YYYY-MM-DD", file=file, lines=lines),
        "amount_cents": amounts,
        "kind": text.kinds(amounts),
        "payer": name.where(name != "", cells("ultimate")),
        "counterparty_iban": text.iban(cells("counterparty")),
        "description": text.joined(cells("description_1"), cells("description_2"),
                                   cells("description_3")),
        "reference": cells("sequence"),
        "account": text.iban(cells("account")),
        "account_holder": empty,
        "reversal": np.where(returned != "", "1", "").astype(object),
        "transaction_type": cells("code"),
        "category": empty,
        "return_reason": returned,
        "payment_reference": cells("payment_reference"),
        "transaction_reference": cells("transaction_reference"),
        "counterparty_bic": cells("counterparty_bic"),
        "currency": cells("currency"),
    }
    yield bank.table(path, records, columns)
