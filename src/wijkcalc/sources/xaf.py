"""The XAF auditfile source (XML Auditfile Financieel 3.x, 4.0): profit-and-loss lines, safely."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, InputError, Text
from . import sniff
from .base import RawTable
from .safexml import Node, clean, exact_cents, normal_iban, records, xml_head

NAME = "xaf"
DESCRIPTION = N_("XAF auditfile 3.x or 4.0 (XML Auditfile Financieel from a bookkeeping package)")
SUFFIXES = (".xaf",)
# the namespaces XAF 3.1, 3.2, 3.2.1 and 4.0 files are written with (official and in use)
_NAMESPACES = (r"http://www\.auditfiles\.nl/xaf/[34]\.\d",
               r"http://www\.odb\.belastingdienst\.nl/belastingdienst/bcpp/[\d.]+/structures/"
               r"xmlauditfile(?:financieel3\.2\.1|xaf_4\.0)",
               r"http://www\.odb\.belastingdienst\.nl/xaf/4\.0")
NAMESPACE = re.compile("(?:" + "|".join(_NAMESPACES) + ")/?$", re.IGNORECASE)
_NAMESPACE_BYTES = re.compile(("(?:" + "|".join(_NAMESPACES) + ")").encode(), re.IGNORECASE)
_AUDITFILE = re.compile(rb"<(?:\w+:)?auditfile\b", re.IGNORECASE)
_RGS = re.compile(r"[BW][A-Z][a-z]{2}[A-Za-z0-9]*")
RGS_INCOME = ("WOmz", "WOvb")  # net turnover, other operating income
RGS_BY_SIGN = ("WFbe",)  # financial income and expenses: the account's own total decides
_KEEP = frozenset({"customerSupplier", "ledgerAccount", "transaction", "companyName", "curCode"})
_DROP = frozenset({"journal"})
LINE_NEEDS = (("accID", N_("the ledger account")), ("amnt", N_("the amount")),
              ("amntTp", N_("D for debit or C for credit")))
NO_LINES = N_("an auditfile without transaction lines on profit-and-loss accounts: nothing to "
              "read")


def detect(head: bytes, name: str) -> float:
    """0.95 for XML in an XAF 3.x or 4.0 namespace; 0.7 for an <auditfile> in another or no
    namespace (an old CLAIR2 file, a namespace an exporter made up), so that reading says
    what is wrong; 0 for anything else."""
    raw = xml_head(head)
    if raw.lstrip()[:1] != b"<":
        return 0.0
    if _NAMESPACE_BYTES.search(raw) and _AUDITFILE.search(raw):
        return 0.95
    return 0.7 if _AUDITFILE.search(raw) else 0.0


def _root_check(file: str) -> Callable[[str, str], None]:
    def check(namespace: str, tag: str) -> None:
        if tag.lower() != "auditfile":
            raise InputError(N_("looks like an XAF auditfile, but its root element is '{tag}', "
                                "not 'auditfile'"), tag=sniff.excerpt(tag), file=file, line=1)
        if not namespace:
            raise InputError(N_("an auditfile without a namespace: an old CLAIR2 (XAF 2) file "
                                "is not read; export the auditfile as XAF 3.2 or 4.0"),
                             file=file, line=1)
        if not NAMESPACE.match(namespace):
            raise InputError(N_("looks like an XAF auditfile, but its namespace '{namespace}' "
                                "is none of XAF 3.1, 3.2, 3.2.1 or 4.0; export the auditfile as "
                                "XAF 3.2 or 4.0"), namespace=sniff.excerpt(namespace, 80),
                             file=file, line=1)
    return check


class _Book:
    """What the auditfile says besides its lines: company, currency, accounts, relations."""

    def __init__(self) -> None:
        self.company = ""
        self.accounts: dict[str, tuple[str, str, str]] = {}  # accID -> (accDesc, accTp, RGS)
        self.relations: dict[str, tuple[str, str]] = {}  # custSupID -> (name, IBAN)

    def take(self, node: Node, parent: str, file: str) -> None:
        if node.tag == "companyName" and parent in ("company", "header"):
            self.company = self.company or clean(node.text)
        elif (node.tag == "curCode" and parent == "header" and node.text.strip()
              and node.text.strip().upper() != "EUR"):
            raise InputError(N_("the auditfile's currency is {currency}; wijkcalc counts euros"),
                             currency=sniff.excerpt(node.text.strip()), file=file,
                             line=node.line)
        elif node.tag == "ledgerAccount":
            self.accounts[node.get("accID")] = (clean(node.get("accDesc")),
                                                node.get("accTp").upper(), _rgs_code(node))
        elif node.tag == "customerSupplier":
            iban = node.get("bankAccount", "bankAccNr") or node.get("bankAccNr")
            self.relations[node.get("custSupID")] = (clean(node.get("custSupName")),
                                                     normal_iban(iban))


def _rgs_code(account: Node) -> str:
    """The account's RGS code: 4.0's RGScode, else a 3.x lead or taxonomy field holding one."""
    for path in (("RGScode",), ("taxonomy", "entryPoint", "conceptRef"), ("leadReference",),
                 ("leadCode",), ("leadCrossRef",)):
        code = account.get(*path)
        if _RGS.fullmatch(code):
            return code
    return ""


def read(path: Path, *, sheet: str | None = None) -> Iterator[RawTable]:
    """One table: a row per transaction line on a profit-and-loss account (balance accounts
    are neither income nor cost), credit positive, debit negative."""
    path = Path(path)
    file = str(path)
    book = _Book()
    cells: dict[str, list] = {name: [] for name in (
        "amount_cents", "date", "relation", "description", "reference", "account",
        "transaction_type", "line")}
    for node, ancestors in records(partial(path.open, "rb"), file, _KEEP, _DROP,
                                   _root_check(file)):
        if node.tag == "transaction":
            journal = next((a for a in reversed(ancestors) if a.tag == "journal"), None)
            _transaction_lines(node, journal, cells, file)
        else:
            book.take(node, ancestors[-1].tag if ancestors else "", file)
    table = _table(cells, book, path)
    if table is None:
        raise InputError(NO_LINES, file=file)
    yield table


def _transaction_lines(transaction: Node, journal: Node | None, cells: dict[str, list],
                       file: str) -> None:
    """Append the cells of one transaction's lines (in 4.0 under trLines, in 3.x directly)."""
    lines = transaction.findall("trLine") + [
        line for block in transaction.findall("trLines") for line in block.findall("trLine")]
    # each line's simple fields, once: the first of each name
    fields = [{child.tag: child.text.strip() for child in reversed(line.children)}
              for line in lines]
    relations = {field.get("custSupID", "") for field in fields} - {""}
    shared = relations.pop() if len(relations) == 1 else ""  # the invoice's one relation
    kind = journal.get("jrnTp") if journal is not None else ""
    date, text, number = transaction.get("trDt"), transaction.get("desc"), transaction.get("nr")
    for line, field in zip(lines, fields, strict=True):
        for element, what in LINE_NEEDS:
            if not field.get(element):
                raise InputError(N_("looks like an XAF auditfile, but the transaction line "
                                    "(trLine) has no '{element}' ({what})"), element=element,
                                 what=Text(what), file=file, line=line.line)
        cents = exact_cents(field["amnt"])
        side = field["amntTp"].upper()
        if cents is None or side not in ("D", "C"):
            bad = field["amnt"] if cents is None else field["amntTp"]
            raise InputError(N_("transaction line has {value!r}; expected an amount such as "
                                "1250.00 and amntTp D or C"), value=sniff.excerpt(bad), file=file,
                             line=line.line)
        cells["amount_cents"].append(cents if side == "C" else -cents)
        cells["date"].append((date or field.get("effDate", ""))[:10])
        cells["relation"].append(field.get("custSupID") or shared)
        cells["description"].append(clean(field.get("desc") or text))
        cells["reference"].append(field.get("docRef") or number)
        cells["account"].append(field["accID"])
        cells["transaction_type"].append(kind)
        cells["line"].append(line.line)


def _table(cells: dict[str, list], book: _Book, path: Path) -> RawTable | None:
    """The lines on profit-and-loss accounts, with their account's description, RGS code and
    kind, and the relation's name; vectorised over all lines at once."""
    accounts = pd.Series(cells["account"], dtype=object)
    known = accounts.isin(list(book.accounts))
    if not known.all():
        at = int(np.argmax(~known.to_numpy()))
        raise InputError(N_("the transaction line's account {account!r} is not in the general "
                            "ledger (generalLedger/ledgerAccount)"),
                         account=sniff.excerpt(accounts[at]), file=str(path),
                         line=int(cells["line"][at]))
    ledger = pd.DataFrame.from_dict(book.accounts, orient="index",
                                    columns=["category", "type", "rgs_code"])
    on = ledger.reindex(accounts.to_numpy())
    keep = (on["type"] != "B").to_numpy()
    if not keep.any():
        return None
    cents = np.array(cells["amount_cents"], dtype=np.int64)[keep]
    on = on[keep]
    account = accounts[keep].to_numpy()
    kinds = _kinds(on["rgs_code"].to_numpy(dtype=object), account, cents)
    relation = pd.Series(cells["relation"], dtype=object)[keep]
    names = pd.Series({key: value[0] for key, value in book.relations.items()}, dtype=object)
    ibans = pd.Series({key: value[1] for key, value in book.relations.items()}, dtype=object)
    columns = {
        "amount_cents": cents,
        "kind": kinds,
        "date": np.array(cells["date"], dtype=object)[keep],
        "payer": relation.map(names).astype(object).fillna("").to_numpy(dtype=object),
        "counterparty_iban": relation.map(ibans).astype(object).fillna("").to_numpy(dtype=object),
        "description": np.array(cells["description"], dtype=object)[keep],
        "reference": np.array(cells["reference"], dtype=object)[keep],
        "account": account.astype(object),
        "account_holder": np.full(len(cents), book.company, dtype=object),
        "reversal": np.full(len(cents), "", dtype=object),
        "transaction_type": np.array(cells["transaction_type"], dtype=object)[keep],
        "category": on["category"].to_numpy(dtype=object),
        "rgs_code": on["rgs_code"].to_numpy(dtype=object),
    }
    return RawTable(str(path), path.stem, 1, columns,
                    np.array(cells["line"], dtype=np.int64)[keep])


def _kinds(rgs: np.ndarray, account: np.ndarray, cents: np.ndarray) -> np.ndarray:
    """"income" on a revenue account, else "cost": by the RGS code (WOmz…, WOvb… revenue; any
    other W… code but financial WFbe… a cost), else by the sign of the account's total in the
    file (credits net of debits above zero: a revenue account)."""
    codes = pd.Series(rgs, dtype=object)
    income = codes.str.startswith(RGS_INCOME).to_numpy(dtype=bool)
    by_rgs = (codes.str.startswith("W") & ~codes.str.startswith(RGS_BY_SIGN)).to_numpy(dtype=bool)
    totals = pd.Series(cents).groupby(account).transform("sum").to_numpy()
    return np.where(by_rgs, np.where(income, "income", "cost"),
                    np.where(totals > 0, "income", "cost")).astype(object)
