"""MT940 bank statements (.sta, .940): :25: account, :61: transactions, :86: their details."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, InputError, Text
from . import bank_common as bank
from . import bank_fields as fields
from . import bank_text as text
from . import sniff
from .base import RawTable

NAME = "mt940"
DESCRIPTION = N_("MT940 bank statement (.sta, .940), as ING, Rabobank, ABN AMRO and others "
                 "write it")
SUFFIXES = (".sta", ".940", ".mt940", ".swi")
_TAG = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
_TAG_BYTES = re.compile(rb"(?m)^:(20|25|28C|60F|60M|61|86|62F):")
# value date YYMMDD, entry date MMDD, the mark (RC/RD: a reversal of a credit/debit), an
# optional funds code, the amount with a decimal comma, the type (N + 3), the references
_LINE_61 = re.compile(r"^(?P<value>\d{6})(?P<entry>\d{4})?(?P<mark>RC|RD|EC|ED|C|D)"
                      r"(?P<funds>[A-Z])?(?P<amount>\d{1,15},\d{0,2})(?P<type>[NSF][A-Z0-9]{3})"
                      r"(?P<ref>.*?)(?://(?P<bank>.*))?$")
_SIGN = {"C": 1, "D": -1, "EC": 1, "ED": -1, "RC": -1, "RD": 1}  # RC takes back money in
_NO_REFERENCE = ("NONREF", "NOTPROVIDED", "")
EXPECTED_61 = Text(N_("value date, C or D, amount and type, such as 240105C1250,00NTRF"))


@dataclass
class _Scan:
    """What one pass over the statement's fields collects, one list entry per :61:."""

    cents: list[int] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)


def detect(head: bytes, name: str) -> float:
    """0.9 when the head has the fields :20:, :25: and :60F: or :61: at line starts; 0.7 when
    it has :20: and one of the others (an MT940 whose layout changed: read() says what)."""
    tags = {m.group(1).decode() for m in _TAG_BYTES.finditer(sniff.without_bom(head))}
    if "20" not in tags:
        return 0.0
    if "25" in tags and tags & {"60F", "60M", "61"}:
        return 0.9
    return 0.7 if tags & {"25", "28C", "60F", "60M", "61", "62F"} else 0.0


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The statement's (or statements') transactions as one table of bank-source columns."""
    path = Path(path)
    raw = sniff.without_bom(path.read_bytes())
    sniff.check_text_start(raw, str(path))
    scan = _scan(_fields(bank.decode(raw, "cp1252")[0]), str(path))
    found = fields.describe(pd.Series(scan.details, dtype=object))
    marks = np.array(scan.marks, dtype=object)
    returned = (np.isin(marks, ("RC", "RD")) | found["returned"].to_numpy(dtype=bool)
                | fields.reversal_marks(found["transaction_type"]).to_numpy(dtype=bool))
    cents = np.array(scan.cents, dtype=np.int64)
    codes = found["transaction_type"].where(found["transaction_type"] != "",
                                            pd.Series(scan.types, dtype=object))
    columns = bank.contract_columns({
        "amount_cents": cents,
        "kind": text.kinds(cents),
        "date": np.array(scan.dates, dtype=object),
        "payer": found["payer"].to_numpy(dtype=object),
        "counterparty_iban": found["counterparty_iban"].to_numpy(dtype=object),
        "description": found["description"].to_numpy(dtype=object),
        "reference": np.array(scan.references, dtype=object),
        "account": np.array(scan.accounts, dtype=object),
        "reversal": text.flags(returned),
        "transaction_type": codes.to_numpy(dtype=object),
    }, len(scan.lines))
    yield RawTable(str(path), path.stem, 1, columns, np.array(scan.lines, dtype=np.int64))


def _fields(text: str) -> list[tuple[str, str, int]]:
    """(tag, content, line) of each field; a continuation line is joined to its field with
    nothing between (an :86: is wrapped at 65 characters, even mid-word); the second line of
    a :61: (its supplementary details) is kept after a line break."""
    found: list[tuple[str, str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        tagged = _TAG.match(line)
        if tagged:
            found.append((tagged.group(1), tagged.group(2), number))
        elif line.startswith("-") or not line.strip() or not found:
            if found and found[-1][0] != "":
                found.append(("", "", number))  # the end of a message: no field continues
        elif found[-1][0] == "61":
            tag, content, start = found[-1]
            found[-1] = (tag, content + "\n" + line, start)
        elif found[-1][0]:
            tag, content, start = found[-1]
            found[-1] = (tag, content + line, start)
    return found


def _scan(fields: list[tuple[str, str, int]], name: str) -> _Scan:
    """One pass over the fields: each :61: with the :86: right after it and its account."""
    scan = _Scan()
    account = None
    if not any(tag == "20" for tag, _, _ in fields):
        raise InputError(N_("looks like an MT940 statement, but the field ':20:' (statement "
                            "reference) is missing"), file=name)
    for position, (tag, content, line) in enumerate(fields):
        if tag == "25":
            account = _account(content)
        elif tag == "61":
            if account is None:
                raise InputError(N_("looks like an MT940 statement, but the field ':25:' "
                                    "(account) is missing before this ':61:'"), file=name,
                                 line=line)
            _transaction(scan, content, name, line)
            scan.accounts.append(account)
            after = fields[position + 1] if position + 1 < len(fields) else ("", "", 0)
            scan.details.append(after[1] if after[0] == "86" else "")
    if not scan.lines:
        raise InputError(N_("an MT940 statement without transactions (no ':61:' field)"),
                         file=name)
    return scan


def _transaction(scan: _Scan, content: str, name: str, line: int) -> None:
    first = content.split("\n", 1)[0].strip()
    parts = _LINE_61.match(first)
    if parts is None:
        shown = sniff.excerpt(first)
        raise InputError(N_("the ':61:' field is {shown!r}; expected {expected}"), shown=shown,
                         expected=EXPECTED_61, file=name, line=line)
    whole, decimals = parts["amount"].split(",")
    cents = int(whole) * 100 + int(decimals.ljust(2, "0"))
    scan.cents.append(_SIGN[parts["mark"]] * cents)
    scan.dates.append(_booking_date(parts["value"], parts["entry"], name, line))
    scan.marks.append(parts["mark"])
    bank = (parts["bank"] or "").strip()
    own = parts["ref"].strip()
    scan.references.append(bank if bank else "" if own.upper() in _NO_REFERENCE else own)
    scan.types.append(parts["type"])
    scan.lines.append(line)


def _booking_date(value: str, entry: str | None, name: str, line: int) -> str:
    """The entry (booking) date where the :61: has one, else the value date, as ISO; the
    entry date's year is the value date's, or the one next to it across a new year."""
    year, month, day = 2000 + int(value[:2]), int(value[2:4]), int(value[4:6])
    if entry:
        entry_month, day = int(entry[:2]), int(entry[2:])
        if month == 12 and entry_month == 1:
            year += 1
        elif month == 1 and entry_month == 12:
            year -= 1
        month = entry_month
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise InputError(N_("the ':61:' date {date} is no date; expected YYMMDD and an optional "
                            "MMDD"), date=f"{value}{entry or ''}", file=name, line=line) from None


def _account(content: str) -> str:
    """The own account of a :25: (``NL20INGB0001234567``, ``…EUR``, ``INGBNL2A/…``)."""
    account = re.sub(r"\s", "", content).upper().rsplit("/", 1)[-1]
    if len(account) > 3 and account[-3:].isalpha() and text.iban_valid(account[:-3]):
        return account[:-3]
    return account
