"""Bank and bookkeeping lines -> income streams: holder, costs, own accounts, reversals, overlaps.

A bank source gives signed lines (money in positive) with the account they were booked on; an
auditfile (XAF) gives the lines of its profit-and-loss accounts. Here they become what the rest
of wijkcalc reads: the enterprise is the account holder, money out is a positive cost (or, when
it returns income, negative income), and what is no income of the enterprise's at all — a
transfer between its own accounts, a returned payment with the payment it returns — is decided
before any rule runs. Everything is done on whole columns, or per distinct value.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import N_, Text
from ..vocab import (
    OWN_ACCOUNT_RULE,
    REVERSAL_RULE,
    fits,
)
from .names import counterparties, same_text, says

LEDGER_SOURCES = ("xaf",)  # booked lines, not cash: no own accounts, reversals or overlaps
# Words that say a transfer stays within the enterprise (a savings account often appears only
# as a counterparty, so its IBAN is not known as an own account).
OWN_WORDS = ("eigen rekening", "spaarrekening", "interne overboeking", "naar spaar", "van spaar",
             "zakelijke rekening", "betaalrekening", "own account", "savings account",
             "internal transfer")
INTEREST_WORDS = ("rente", "interest")  # interest on a savings account is no transfer
# Money out that gives income back rather than spending it: it reduces that income.
REFUND_WORDS = ("terugbetaling", "terugvordering", "restitutie", "creditnota", "credit nota",
                "refund", "terugstorting")
# What an RGS code (the reference chart of accounts an auditfile may carry) says an income account
# holds, in the words the rules know, the code's own meaning before the account's description:
# WOmz net turnover; WOvbOrs subsidies received; WOvbBue gifts and income from fundraising;
# WFbe financial income (interest).
RGS_WORDS = (("WOmz", "omzet"), ("WOvbOrs", "subsidie"), ("WOvbBue", "giften en fondsenwerving"),
             ("WFbe", "financiele baten"))
@dataclass(frozen=True)
class Accounts:
    """What the user says of the accounts: own IBANs (each -> its holder's name, or ""), a name
    for the holder of the bank and bookkeeping lines (``--enterprise``, unless it names one of
    the enterprises there are), and whether private persons are shown by name."""

    own: dict[str, str] = field(default_factory=dict)
    holder: str | None = None
    show_names: bool = False


@dataclass
class Settled:
    """The frame as income streams, and what was done that the user must hear of."""

    frame: pd.DataFrame
    dropped: int = 0  # lines already read from an overlapping export
    notes: list[Text] = field(default_factory=list)


def settle(frame: pd.DataFrame, accounts: Accounts | None = None) -> Settled:
    """Bank and bookkeeping lines as income streams; rows of income tables stay as they are."""
    accounts = accounts or Accounts()
    if "account" not in frame.columns or "source" not in frame.columns:
        return Settled(frame)
    source = frame["source"].astype(str).to_numpy(dtype=object)
    lines = (frame["account"].astype(str).to_numpy(dtype=object) != "") & (source != "table")
    if not lines.any():
        return Settled(frame)
    frame = frame.copy()
    cash = lines & ~np.isin(source, LEDGER_SOURCES)
    _as_ibans(frame, cash, source)
    enterprise = _holders(frame, lines, accounts)
    frame["enterprise"] = pd.Categorical(enterprise)
    settled = Settled(frame)
    if cash.any():
        keep = ~_overlaps(frame, cash)
        settled.dropped = int((~keep).sum())
        if settled.dropped:
            frame = settled.frame = frame[keep].reset_index(drop=True)
            cash, lines = cash[keep], lines[keep]
    decided = np.full(len(frame), "", dtype=object)
    if cash.any():
        pairs = _reversal_pairs(frame, cash)
        decided[pairs] = REVERSAL_RULE
        own = cash & (decided == "") & _own_transfers(frame, cash, accounts)
        decided[own] = OWN_ACCOUNT_RULE
    _direction(frame, lines & (decided == ""))
    _chart_of_accounts(frame, lines & ~cash)
    counterparties(frame, cash, accounts.show_names)
    frame["decided"] = pd.Categorical(decided)
    is_decided = decided != ""
    if is_decided.any():
        classes = frame["class"].astype(str).to_numpy(dtype=object)
        classes[is_decided] = "excluded"
        frame["class"] = pd.Categorical(classes)
    frame["basis"] = pd.Categorical(np.where(cash, "cash", np.where(lines, "booked", "")))
    settled.frame = frame
    settled.notes = _notes(settled)
    return settled


def _holders(frame: pd.DataFrame, lines: np.ndarray, accounts: Accounts) -> np.ndarray:
    """Each row's enterprise: for a bank or bookkeeping line, its account's holder. Accounts
    that one file holds together (a Rabobank export of a current and a savings account) are
    one holder's; the holder is named in some file of theirs, or in the user's own accounts,
    or else after the first of the accounts."""
    enterprise = frame["enterprise"].astype(str).to_numpy(dtype=object)
    account = frame["account"].astype(str).to_numpy(dtype=object)[lines]
    file = frame["file"].astype(str).to_numpy(dtype=object)[lines]
    holder = frame["account_holder"].astype(str).to_numpy(dtype=object)[lines] \
        if "account_holder" in frame.columns else np.full(lines.sum(), "", dtype=object)
    group = _accounts_together(account, file)
    named = pd.Series(holder[holder != ""], index=[group[a] for a in account[holder != ""]])
    by_group = named[~named.index.duplicated()].to_dict()
    own = {iban: name for iban, name in accounts.own.items() if name}
    for iban, name in own.items():
        if iban in group:
            by_group.setdefault(group[iban], name)
    names = {a: by_group.get(group[a]) or _shown_account(group[a]) for a in group}
    # --enterprise names the holder, unless it chooses one of the enterprises there are
    known = set(names.values()) | set(pd.unique(enterprise[~lines]))
    if accounts.holder and not any(fits(accounts.holder, name) for name in known):
        names = dict.fromkeys(names, accounts.holder)
    enterprise[lines] = pd.Series(account).map(names).to_numpy(dtype=object)
    return enterprise


BANK_CODES = {"abnamro": "ABNA"}  # banks whose exports may still write the old account number


def _as_ibans(frame: pd.DataFrame, cash: np.ndarray, source: np.ndarray) -> None:
    """An old Dutch account number (ABN AMRO's .TAB writes 417164300) as the IBAN it became
    (NL91ABNA0417164300), so that its files and its newer ones are one account."""
    account = frame["account"].astype(str).to_numpy(dtype=object)
    for name, code in BANK_CODES.items():
        rows = cash & (source == name)
        if not rows.any():
            continue
        for old in pd.unique(account[rows]):
            if old.isdigit() and len(old) <= 10:
                account[rows & (account == old)] = _iban("NL", code, old.zfill(10))
    frame["account"] = pd.Categorical(account)


def _iban(country: str, bank: str, number: str) -> str:
    """The IBAN of a bank code and account number, its check digits worked out (ISO 13616)."""
    digits = "".join(str(int(c, 36)) for c in bank + number + country) + "00"
    return f"{country}{98 - int(digits) % 97:02d}{bank}{number}"


def _accounts_together(account: np.ndarray, file: np.ndarray) -> dict[str, str]:
    """Each account -> the first account of its group: accounts linked by being in one file
    (worked on the distinct (file, account) pairs, which are few)."""
    pairs = pd.DataFrame({"file": file, "account": account}).drop_duplicates()
    first: dict[str, str] = {}

    def root(name: str) -> str:
        while first[name] != name:
            first[name] = first[first[name]]
            name = first[name]
        return name

    for name in pairs["account"]:
        first.setdefault(name, name)
    for _, together in pairs.groupby("file", sort=False)["account"]:
        names = together.tolist()
        for other in names[1:]:
            low, high = sorted((root(names[0]), root(other)), key=list(first).index)
            first[high] = low
    return {name: root(name) for name in first}


def _shown_account(account: str) -> str:
    """An IBAN in groups of four, as a bank prints it: the name of an account without one."""
    return " ".join(account[i:i + 4] for i in range(0, len(account), 4))


def _overlaps(frame: pd.DataFrame, cash: np.ndarray) -> np.ndarray:
    """The lines a file repeats from an earlier file (overlapping exports): the same bank
    reference on the same account, or else the same date, amount, counterparty and text.

    Only across files: two equal payments in one export are two payments, so the n-th equal
    line of a file is a repeat only of the n-th equal line of an earlier file. A reference a
    file uses on more than one line (NONREF) does not tell lines apart, so is not used there."""
    rows = np.flatnonzero(cash)
    part = frame.iloc[rows]
    text = {name: part[name].astype(str).to_numpy(dtype=object) if name in part.columns
            else np.full(len(rows), "", dtype=object)
            for name in ("account", "reference", "date", "counterparty_iban", "description")}
    file = part["file"].astype(str).to_numpy(dtype=object)
    amount = part["amount_cents"].to_numpy()
    by_reference = pd.DataFrame({"file": file, "account": text["account"],
                                 "reference": text["reference"]})
    unique = ~by_reference.duplicated(keep=False) & (by_reference["reference"] != "")
    reference = np.where(unique.to_numpy(), text["reference"], "")
    key = pd.DataFrame({"account": text["account"], "reference": reference, "amount": amount,
                        "date": np.where(reference == "", text["date"], ""),
                        "iban": np.where(reference == "", text["counterparty_iban"], ""),
                        "text": np.where(reference == "", text["description"], "")})
    key_codes = key.groupby(list(key.columns), sort=False).ngroup().to_numpy()
    nth = pd.Series(key_codes).groupby([key_codes, file]).cumcount().to_numpy()
    # the first of each (key, n-th) is kept: files come in the order they were given
    repeated = pd.DataFrame({"key": key_codes, "nth": nth}).duplicated().to_numpy()
    found = np.zeros(len(frame), dtype=bool)
    found[rows] = repeated
    return found


def _reversal_pairs(frame: pd.DataFrame, cash: np.ndarray) -> np.ndarray:
    """The returned payments and the payments they return: a return pairs with a payment of
    the opposite sign, of its size, on its account, to or from its counterparty, not after
    it — the one with its payment reference if there is one, else the latest such payment.

    Returns are few, so each is matched in Python, among the payments of its own key only."""
    if "reversal" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    marked = cash & (frame["reversal"].astype(str).to_numpy(dtype=object) == "1")
    if not marked.any():
        return np.zeros(len(frame), dtype=bool)

    def column(name: str) -> np.ndarray:
        return frame[name].astype(str).to_numpy(dtype=object) if name in frame.columns \
            else np.full(len(frame), "", dtype=object)

    cents = frame["amount_cents"].to_numpy()
    key = pd.MultiIndex.from_arrays([column("enterprise"), column("account"),
                                     column("counterparty_iban"), np.abs(cents)])
    dates, references = column("date"), column("payment_reference")
    candidates = np.flatnonzero(cash & ~marked & key.isin(key[marked]))
    # per (key, sign) and per (key, sign, reference): the payments in date order
    by_key: dict[tuple, list[int]] = {}
    for row in sorted(candidates.tolist(), key=lambda r: dates[r]):
        sign = int(np.sign(cents[row]))
        by_key.setdefault((key[row], sign), []).append(row)
        if references[row]:
            by_key.setdefault((key[row], sign, references[row]), []).append(row)
    found = np.zeros(len(frame), dtype=bool)
    for row in sorted(np.flatnonzero(marked).tolist(), key=lambda r: dates[r]):
        wanted = (key[row], -int(np.sign(cents[row])))
        chosen = None
        if references[row]:
            chosen = _latest_free(by_key.get((*wanted, references[row]), []), dates,
                                  dates[row], found)
        if chosen is None:
            chosen = _latest_free(by_key.get(wanted, []), dates, dates[row], found)
        if chosen is not None:
            found[[row, chosen]] = True
    return found


def _latest_free(rows: list[int], dates: np.ndarray, until: str, taken: np.ndarray
                 ) -> int | None:
    """The last of ``rows`` (in date order) dated ``until`` or before and not yet taken; the
    taken ones at the end are dropped from the list, so each is looked at about once."""
    at = bisect.bisect_right(rows, until, key=lambda r: dates[r]) - 1
    while at >= 0:
        if not taken[rows[at]]:
            return rows[at]
        if at == len(rows) - 1:
            rows.pop()
        at -= 1
    return None


def _own_transfers(frame: pd.DataFrame, cash: np.ndarray, accounts: Accounts) -> np.ndarray:
    """Transfers between the enterprise's own accounts: to or from an IBAN that is one of its
    accounts in the files or one the user lists, a counterparty named as the enterprise, or a
    text that says so."""
    enterprise = frame["enterprise"].astype(str).to_numpy(dtype=object)
    account = frame["account"].astype(str).to_numpy(dtype=object)
    iban = frame["counterparty_iban"].astype(str).to_numpy(dtype=object) \
        if "counterparty_iban" in frame.columns else np.full(len(frame), "", dtype=object)
    known = pd.MultiIndex.from_arrays([enterprise[cash], account[cash]]).unique()
    own = pd.MultiIndex.from_arrays([enterprise, iban]).isin(known) & (iban != "")
    own |= np.isin(iban, list(accounts.own)) & (iban != "")
    own |= same_text(frame["payer"], frame["enterprise"])
    said = says(frame["description"], OWN_WORDS) | says(frame["payer"], OWN_WORDS)
    said &= ~says(frame["description"], INTEREST_WORDS)
    return cash & (own | said)


def _direction(frame: pd.DataFrame, lines: np.ndarray) -> None:
    """Money out is a positive cost; money out that gives income back (a subsidy repaid, a
    refund, a credit note) is negative income of the kind it returns."""
    kind = frame["kind"].astype(str).to_numpy(dtype=object)
    cents = frame["amount_cents"].to_numpy().copy()
    out = lines & (kind == "cost")
    refund = out & (cents < 0) & says(frame["description"], REFUND_WORDS)
    kind[refund] = "income"
    cost = out & ~refund
    cents[cost] = -cents[cost]
    frame["amount_cents"] = cents
    frame["kind"] = pd.Categorical(kind)


def _chart_of_accounts(frame: pd.DataFrame, ledger: np.ndarray) -> None:
    """A bookkeeping line on an account with a known RGS code is classified by the code: its
    meaning becomes the category ("omzet (RGS WOmzNopOdv)"), the account's own description
    goes before the line's."""
    if "rgs_code" not in frame.columns or not ledger.any():
        return
    codes = frame["rgs_code"].astype(str)
    income = ledger & (frame["kind"].astype(str).to_numpy(dtype=object) == "income")
    word = np.full(len(frame), "", dtype=object)
    for prefix, meaning in RGS_WORDS:
        word[income & codes.str.startswith(prefix).to_numpy(dtype=bool)] = meaning
    codes = codes.to_numpy(dtype=object)
    known = word != ""
    if not known.any():
        return
    category = frame["category"].astype(str).to_numpy(dtype=object)
    description = frame["description"].astype(str).to_numpy(dtype=object)
    told = np.where(description[known] != "",
                    category[known] + " — " + description[known], category[known])
    description[known] = told
    category[known] = word[known] + " (RGS " + codes[known] + ")"
    frame["category"] = pd.Categorical(category)
    frame["description"] = pd.Categorical(description)


def _notes(settled: Settled) -> list[Text]:
    notes = []
    if settled.dropped:
        notes.append(Text(N_("{n} bank line(s) were also in an earlier export (overlapping "
                             "exports); counted once"), n=settled.dropped))
    return notes
