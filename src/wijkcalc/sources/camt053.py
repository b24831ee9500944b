"""The CAMT.053 bank statement source (ISO 20022 XML, or a zip of daily files), read safely."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import numpy as np

from ..errors import N_, InputError, Number, Text
from . import sniff
from .base import MAX_FILE_BYTES, RawTable
from .safexml import Node, Opener, clean, exact_cents, normal_iban, records, xml_head

NAME = "camt053"
DESCRIPTION = N_("CAMT.053 bank statement (ISO 20022 XML, or a zip of daily statement files)")
SUFFIXES = (".xml", ".053", ".zip")
NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d+$")
_NAMESPACE_BYTES = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d+")
# a statement's relatives (intraday report, notification) or a statement without its namespace
_RELATIVE = re.compile(rb"urn:iso:std:iso:20022:tech:xsd:camt\.05[24]\.001\."
                       rb"|<(?:\w+:)?BkToCstmrStmt\b")
_OFFICE = ("xl/", "word/", "ppt/", "[content_types].xml")  # a zip that is an Office document
NOT_READ = ("pending or informational entries are no booked transactions", ("PDNG", "INFO"))
NO_ENTRIES = N_("a CAMT.053 statement without booked entries (Ntry): nothing to read")
_MT940_FIELD = re.compile(r"/(TRTP|IBAN|BIC|NAME|REMI|EREF|CSID|MARF|ORDP|BENM|ID)/")
COLUMN_ORDER = ("amount_cents", "kind", "date", "payer", "counterparty_iban", "description",
                "reference", "account", "account_holder", "reversal", "transaction_type",
                "category")


# --- detection ------------------------------------------------------------------------------


def detect(head: bytes, name: str) -> float:
    """0.95 for XML in the camt.053 namespace, or a zip whose first XML member is; 0.7 for a
    statement's relative (camt.052, camt.054) or a BkToCstmrStmt without the namespace, so
    that reading it says what it is; 0 for anything else, an Office zip (.xlsx) included."""
    raw = xml_head(head)
    if raw.startswith(sniff.ZIP):
        return _zip_claim(raw)
    if raw.lstrip()[:1] != b"<":
        return 0.0
    if _NAMESPACE_BYTES.search(raw):
        return 0.95
    return 0.7 if _RELATIVE.search(raw) else 0.0


def _zip_claim(raw: bytes) -> float:
    names = [n for n in sniff.zip_members(raw) if not n.endswith("/")]
    if not names or any(n.lower().startswith(_OFFICE) for n in names):
        return 0.0
    if not all(n.lower().endswith(".xml") or n.startswith("__MACOSX/") for n in names):
        return 0.0
    start = _first_member_text(raw)
    if _NAMESPACE_BYTES.search(start):
        return 0.95
    return 0.7 if _RELATIVE.search(start) else 0.3


def _first_member_text(raw: bytes, size: int = 1 << 13) -> bytes:
    """The first bytes of a zip's first member (stored or deflated), as far as the head has
    them; b"" when they cannot be had."""
    if len(raw) < 30:
        return b""
    method, name_length, extra_length = (struct.unpack_from("<H", raw, 8)[0],
                                         *struct.unpack_from("<HH", raw, 26))
    data = raw[30 + name_length + extra_length:]
    if method == 0:
        return data[:size]
    if method != 8:
        return b""
    try:
        return zlib.decompressobj(-15).decompress(data, size)
    except zlib.error:
        return b""


# --- reading --------------------------------------------------------------------------------


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """The statement's booked entries as one table, one row per transaction (a batch entry
    with the amounts of its transactions gives one row each); a zip gives a table per
    statement file in it, named ``archive.zip/member.xml``."""
    path = Path(path)
    if xml_head(sniff.head(path)).startswith(sniff.ZIP):
        yield from _read_zip(path)
        return
    table = statement_table(partial(path.open, "rb"), str(path), path.stem)
    if table is None:
        raise InputError(NO_ENTRIES, file=str(path))
    yield table


def _read_zip(path: Path) -> Iterator[RawTable]:
    try:
        with zipfile.ZipFile(path) as archive:
            members = sorted((info for info in archive.infolist()
                              if info.filename.lower().endswith(".xml") and not info.is_dir()
                              and not info.filename.startswith("__MACOSX/")),
                             key=lambda info: info.filename)
            if sum(info.file_size for info in members) > MAX_FILE_BYTES:
                raise InputError(N_("the zip's statements unpack to more than {limit} GiB; "
                                    "unpack it and give the files by year"),
                                 limit=Number(MAX_FILE_BYTES / 2**30, ".0f"), file=str(path))
            tables = 0
            for info in members:
                table = statement_table(partial(archive.open, info),
                                        f"{path}/{info.filename}", path.stem)
                if table is not None:
                    tables += 1
                    yield table
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, zlib.error) as error:
        raise InputError(N_("cannot be read as a zip of statements ({reason})"),
                         reason=sniff.error_text(error), file=str(path)) from None
    if not tables:
        raise InputError(N_("{problem}; the zip holds no statement with entries"),
                         problem=Text(NO_ENTRIES), file=str(path))


def _root_check(file: str) -> Callable[[str, str], None]:
    def check(namespace: str, tag: str) -> None:
        if NAMESPACE.match(namespace):
            return
        found = re.search(r"camt\.\d{3}", namespace)
        what = (Text(N_("a {kind} message"), kind=found.group().upper()) if found else
                Text(N_("XML in the namespace '{namespace}'"), namespace=sniff.excerpt(namespace))
                if namespace else
                Text(N_("XML without a namespace (root '{tag}')"), tag=sniff.excerpt(tag)))
        raise InputError(N_("looks like a CAMT bank file, but it is {what}, not a CAMT.053 "
                            "statement (namespace urn:iso:std:iso:20022:tech:xsd:camt.053.001.*)"
                            "; export the statement (camt.053) from your bank"), what=what,
                         file=file, line=1)
    return check


def statement_table(open_file: Opener, file: str, stem: str) -> RawTable | None:
    """The booked entries of one CAMT.053 document as a RawTable; None when it has none."""
    columns: dict[str, list[str]] = {name: [] for name in COLUMN_ORDER if name != "amount_cents"}
    cents: list[int] = []
    lines: list[int] = []
    for entry, ancestors in records(open_file, file, frozenset({"Ntry"}), frozenset({"Stmt"}),
                                    _root_check(file)):
        statement = next((node for node in reversed(ancestors) if node.tag == "Stmt"), None)
        account = statement.find("Acct") if statement is not None else None
        own = _account_id(account) if account is not None else ""
        holder = clean(account.get("Ownr", "Nm")) if account is not None else ""
        for row in entry_rows(entry, own, file):
            cents.append(row.pop("amount_cents"))
            row.update(account=own, account_holder=holder, category="")
            for name, value in row.items():
                columns[name].append(value)
            lines.append(entry.line)
    if not lines:
        return None
    arrays = {name: np.array(values, dtype=object) for name, values in columns.items()}
    amounts = np.array(cents, dtype=np.int64)
    arrays["kind"] = np.where(amounts < 0, "cost", "income").astype(object)
    return RawTable(file, stem, 1, {"amount_cents": amounts, **arrays},
                    np.array(lines, dtype=np.int64))


def _account_id(account: Node) -> str:
    return normal_iban(account.get("Id", "IBAN") or account.get("Id", "Othr", "Id"))


def _changed(element: str, what: str, file: str, line: int) -> InputError:
    return InputError(N_("looks like a CAMT.053 bank statement, but the entry (Ntry) has no "
                         "'{element}' ({what}); each entry needs Amt, CdtDbtInd and BookgDt"),
                      element=element, what=Text(what), file=file, line=line)


def entry_rows(entry: Node, own: str, file: str) -> list[dict]:
    """One entry's rows: one per transaction of a batch whose amounts add up to the entry's,
    else one for the entry; none for a pending or informational entry."""
    status = entry.get("Sts") or entry.get("Sts", "Cd")
    if status.upper() in NOT_READ[1]:
        return []
    amount_node = entry.find("Amt")
    direction = entry.get("CdtDbtInd")
    if amount_node is None:
        raise _changed("Amt", N_("the amount"), file, entry.line)
    if direction not in ("CRDT", "DBIT"):
        raise _changed("CdtDbtInd", N_("CRDT or DBIT"), file, entry.line)
    amount = _signed(amount_node, direction, file)
    date = (entry.get("BookgDt", "Dt") or entry.get("BookgDt", "DtTm")[:10]
            or entry.get("ValDt", "Dt") or entry.get("ValDt", "DtTm")[:10])
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise _changed("BookgDt", N_("the booking date, YYYY-MM-DD"), file, entry.line)
    reversal = entry.get("RvslInd").lower() in ("true", "1")
    reference = entry.get("NtryRef") or entry.get("AcctSvcrRef")
    details = [tx for block in entry.findall("NtryDtls") for tx in block.findall("TxDtls")]
    parts = [_tx_amount(tx, direction, file) for tx in details]
    if len(details) > 1 and None not in parts and sum(parts) == amount:  # type: ignore[arg-type]
        return [_row(tx, entry, part, date, reversal,
                     tx.get("Refs", "AcctSvcrRef") or (f"{reference}/{n}" if reference else ""),
                     own) for n, (tx, part) in enumerate(zip(details, parts, strict=True), 1)]
    return [_row(details[0] if len(details) == 1 else None, entry, amount, date, reversal,
                 reference, own)]


def _signed(amount: Node, direction: str, file: str) -> int:
    currency = amount.attrs.get("Ccy", "EUR")
    if currency != "EUR":
        raise InputError(N_("the amount is in {currency}; wijkcalc counts euros (export the "
                            "euro account's statement)"), currency=sniff.excerpt(currency),
                         file=file, line=amount.line)
    cents = exact_cents(amount.text)
    if cents is None or cents < 0:
        raise InputError(N_("amount is {value!r}; expected a decimal amount such as 1250.00"),
                         value=sniff.excerpt(amount.text), file=file, line=amount.line)
    return cents if direction == "CRDT" else -cents


def _tx_amount(tx: Node, direction: str, file: str) -> int | None:
    node = tx.find("Amt") or tx.find("AmtDtls", "TxAmt", "Amt")
    if node is None:
        return None
    return _signed(node, tx.get("CdtDbtInd") or direction, file)


def _row(tx: Node | None, entry: Node, amount: int, date: str, reversal: bool,
         reference: str, own: str) -> dict:
    """One row's cells from an entry and (where there is one) its transaction's details."""
    extra = _mt940_fields(entry.get("AddtlNtryInf"))
    payer, iban = _party(tx, (amount >= 0) != reversal, own) if tx is not None else ("", "")
    if not payer and not iban:
        payer, iban = extra.get("NAME", ""), normal_iban(extra.get("IBAN", ""))
    description = ""
    if tx is not None:
        remittance = tx.find("RmtInf")
        if remittance is not None:
            description = " ".join(n.text for n in remittance.findall("Ustrd")) or " ".join(
                s.get("CdtrRefInf", "Ref") for s in remittance.findall("Strd"))
        description = description or tx.get("AddtlTxInf")
        reversal = reversal or tx.find("RtrInf") is not None
    description = description or extra.get("REMI", "") or entry.get("AddtlNtryInf")
    return {"amount_cents": amount, "date": date, "payer": clean(payer),
            "counterparty_iban": iban, "description": clean(description),
            "reference": reference, "reversal": "1" if reversal else "",
            "transaction_type": _bank_code(tx) or _bank_code(entry)}


def _party(tx: Node, debtor_first: bool, own: str) -> tuple[str, str]:
    """(name, IBAN) of the counterparty: the debtor for money in, the creditor for money out
    (for a reversal, of the payment it returns); the other side when that one is the own
    account or not given."""
    parties = tx.find("RltdPties")
    if parties is None:
        return "", ""
    sides = [("Dbtr", "DbtrAcct"), ("Cdtr", "CdtrAcct")]
    for party, account in sides if debtor_first else sides[::-1]:
        name = parties.get(party, "Nm") or parties.get(party, "Pty", "Nm")
        node = parties.find(account)
        iban = _account_id(node) if node is not None else ""
        if (name or iban) and not (own and iban == own):
            return name, iban
    return "", ""


def _bank_code(node: Node | None) -> str:
    code = node.find("BkTxCd") if node is not None else None
    if code is None:
        return ""
    parts = [code.get("Domn", "Cd"), code.get("Domn", "Fmly", "Cd"),
             code.get("Domn", "Fmly", "SubFmlyCd")]
    return "-".join(p for p in parts if p) or code.get("Prtry", "Cd")


def _mt940_fields(text: str) -> dict[str, str]:
    """The /TRTP/…/IBAN/…/NAME/…/REMI/… fields some banks put in AddtlNtryInf."""
    pieces = _MT940_FIELD.split(text)
    return {pieces[i]: pieces[i + 1].strip() for i in range(1, len(pieces) - 1, 2)}
