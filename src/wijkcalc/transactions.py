"""Bank and bookkeeping lines -> income streams: holder, costs, own accounts, reversals, overlaps.

A bank source gives signed lines (money in positive) with the account they were booked on; an
auditfile (XAF) gives the lines of its profit-and-loss accounts. Here they become what the rest
of wijkcalc reads: the enterprise is the account holder, money out is a positive cost (or, when
it returns income, negative income), and what is no income of the enterprise's at all — a
transfer between its own accounts, a returned payment with the payment it returns — is decided
before any rule runs. Everything is done on whole columns, or per distinct value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .sources.columns import strip_accents
from .vocab import (
    CUSTOMERS_VIA,
    OWN_ACCOUNT_RULE,
    PERSON_PAYER,
    PRIVATE_PERSONS,
    REVERSAL_RULE,
    fits,
)

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
PROVIDERS = {"sumup": "SumUp", "mollie": "Mollie", "ccv": "CCV", "adyen": "Adyen",
             "izettle": "iZettle", "zettle": "Zettle", "stripe": "Stripe", "tikkie": "Tikkie",
             "paypal": "PayPal", "buckaroo": "Buckaroo", "pay.nl": "Pay.nl"}
# An organisation's name, not a person's, whatever its initials ("J.C. de Vries B.V.").
_ORGANISATION = re.compile(
    r"\b(?:stichting|vereniging|fonds|foundation|gemeente|provincie|ministerie|b\.?v|n\.?v|"
    r"v\.?o\.?f|co[oö]peratie|cooperatie|coop|kerk|parochie|school|bank|verzekeraar|holding|"
    r"groep|group|centrum|club|ltd|limited|inc|gmbh|payments|services|bureau|kantoor|zorg|"
    r"wonen|woon\w*|corporatie|winkel|supermarkt|restaurant|cafe|bakkerij|buurt\w*|wijk\w*|"
    r"en zn|& co|company|trust|loterij|albert heijn|jumbo|lidl|aldi|hema|action|gamma|praxis|"
    r"ikea|kruidvat|etos|blokker|karwei|intratuin)\b", re.IGNORECASE)
# A person's name as banks write it: initials first ("J. de Vries", "J.P. Jansen", "J DE
# VRIES"), initials last ("DE VRIES J", "Jansen JP"), or a salutation ("Dhr", "Mevr", "Fam").
_PERSON = re.compile(
    r"^(?:[A-Z]\.\s?)+\s*\S|^[A-Z]\s+[A-Z]|\s(?:[A-Z]\.?){1,3}$"
    r"|^(?i:dhr|mevr|mw|hr|mr|mrs|ms|fam|familie|de heer|mevrouw)\b\.?\s")
# ... or a first name and a surname, perhaps with Dutch particles ("Zoë Bakker", "Ellen van
# der Berg", "Noëlle Visser"): two to four words, each capitalised but the particles.
_PARTICLES = r"(?:van|de|der|den|het|ter|ten|te|in|op|'t|la|le|du|da|di|von|el|al|bin)"
_FULL_NAME = re.compile(rf"^[A-ZÀ-Ý][a-zà-ÿ'-]+(?:\s+{_PARTICLES})*(?:\s+[A-ZÀ-Ý][a-zà-ÿ'-]+)"
                        rf"(?:\s+[A-ZÀ-Ý][a-zà-ÿ'-]+)?$")
_STARTS_WITH_PARTICLE = re.compile(rf"^{_PARTICLES}\s", re.IGNORECASE)  # "De Key", "Het Plein"
# ... unless a word of it says it is a business ("Qredits Microfinanciering", "Groen Verhuur")
_BUSINESS_WORDS = re.compile(
    r"(?:financiering|verhuur|advies|beheer|bouw|techniek|service|services|partners|media|"
    r"design|energie|installatie|schilders|makelaars|verzekering|verzekeringen|diensten|"
    r"producties|solutions|consultancy|catering|transport|handel|import|export|"
    r"microkrediet|krediet|uitzendbureau|notaris|accountants|fysiotherapie|apotheek|"
    r"drukkerij|kinderopvang|opvang|creche|crèche)$", re.IGNORECASE)


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
    notes: list[str] = field(default_factory=list)


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
    _counterparties(frame, cash, accounts.show_names)
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
    """The returned payments and the payments they return: the n-th return of an amount on an
    account to or from one counterparty pairs with the n-th payment of the opposite sign."""
    if "reversal" not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    marked = cash & (frame["reversal"].astype(str).to_numpy(dtype=object) == "1")
    if not marked.any():
        return np.zeros(len(frame), dtype=bool)
    rows = np.flatnonzero(cash)
    cents = frame["amount_cents"].to_numpy()[rows]
    iban = frame["counterparty_iban"].astype(str).to_numpy(dtype=object)[rows] \
        if "counterparty_iban" in frame.columns else np.full(len(rows), "", dtype=object)
    order = np.argsort(frame["date"].astype(str).to_numpy(dtype=object)[rows], kind="stable") \
        if "date" in frame.columns else np.arange(len(rows))
    rows, cents, iban = rows[order], cents[order], iban[order]
    is_return = marked[rows]
    # a return has the opposite sign of what it returns: key both on the original's sign
    sign = np.where(is_return, -np.sign(cents), np.sign(cents))
    key = pd.DataFrame({"enterprise": frame["enterprise"].astype(str).to_numpy()[rows],
                        "account": frame["account"].astype(str).to_numpy()[rows], "iban": iban,
                        "size": np.abs(cents), "sign": sign, "return": is_return})
    nth = key.groupby(list(key.columns), sort=False).cumcount().to_numpy()
    pair = key.drop(columns="return").assign(nth=nth)
    pair_codes = pair.groupby(list(pair.columns), sort=False).ngroup().to_numpy()
    both = pd.Series(is_return).groupby(pair_codes).transform("nunique").to_numpy() == 2
    found = np.zeros(len(frame), dtype=bool)
    found[rows[both]] = True
    return found


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
    own |= _same_text(frame["payer"], frame["enterprise"])
    said = _says(frame["description"], OWN_WORDS) | _says(frame["payer"], OWN_WORDS)
    said &= ~_says(frame["description"], INTEREST_WORDS)
    return cash & (own | said)


def _direction(frame: pd.DataFrame, lines: np.ndarray) -> None:
    """Money out is a positive cost; money out that gives income back (a subsidy repaid, a
    refund, a credit note) is negative income of the kind it returns."""
    kind = frame["kind"].astype(str).to_numpy(dtype=object)
    cents = frame["amount_cents"].to_numpy().copy()
    out = lines & (kind == "cost")
    refund = out & (cents < 0) & _says(frame["description"], REFUND_WORDS)
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


def _counterparties(frame: pd.DataFrame, cash: np.ndarray, show_names: bool) -> None:
    """A payment provider's payouts are its customers' ("customers via SumUp"); a private
    person is of payer type person, shown as one of the private persons unless names are
    asked for."""
    payer = frame["payer"].astype(str)
    codes, distinct = pd.factorize(payer)
    provider = pd.Series(distinct).map(_provider).to_numpy(dtype=object)
    person = pd.Series(distinct).map(_is_person).to_numpy(dtype=bool)
    names = np.asarray(distinct, dtype=object).copy()
    has_provider = provider != ""
    names[has_provider] = CUSTOMERS_VIA + provider[has_provider]
    is_person = person & ~has_provider
    if not show_names:
        names[is_person] = PRIVATE_PERSONS
    row_person = cash & is_person[codes]
    shown = np.where(cash, names[codes], payer.to_numpy(dtype=object))
    frame["payer"] = pd.Categorical(shown)
    if row_person.any():
        types = frame["payer_type"].astype(str).to_numpy(dtype=object)
        types[row_person & (types == "")] = PERSON_PAYER
        frame["payer_type"] = pd.Categorical(types)


def _provider(name: str) -> str:
    folded = strip_accents(name).casefold()
    return next((shown for word, shown in PROVIDERS.items()
                 if re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded)), "")


def _is_person(name: str) -> bool:
    name = " ".join(name.split())
    if not name or any(c.isdigit() for c in name) or _ORGANISATION.search(name):
        return False
    if _PERSON.search(name):
        return True
    words = name.split()
    return _FULL_NAME.match(name) is not None and not _STARTS_WITH_PARTICLE.match(name) \
        and not any(_BUSINESS_WORDS.search(word) for word in words)


_STRING = np.dtypes.StringDType()


def _folded(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code into the distinct texts, and those texts in lower case with accents and
    runs of white space folded (accents only where there are any: the rest stays in numpy)."""
    codes, distinct = _codes(values)
    folded = np.strings.lower(np.asarray(distinct, dtype=_STRING))
    accented = np.fromiter((not text.isascii() for text in distinct), bool, len(distinct))
    if accented.any():
        folded[accented] = [strip_accents(str(text)) for text in folded[accented]]
    spaced = _holding(folded, ("  ", "\t", "\n", "\r", "\xa0"))
    if spaced.any():
        folded[spaced] = [" ".join(str(text).split()) for text in folded[spaced]]
    return codes, np.strings.strip(folded)


def _codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code into the distinct texts, and those texts (a categorical has them)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories.astype(str).to_numpy(dtype=object)
        codes = values.cat.codes.to_numpy()
        if (codes >= 0).all():
            return codes, categories
    codes, distinct = pd.factorize(values.astype(str).to_numpy(dtype=object))
    return codes, np.asarray(distinct, dtype=object)


def _same_text(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Rows where the two texts are the same, case, accents and spacing aside."""
    left_codes, left_text = _folded(left)
    right_codes, right_text = _folded(right)
    return left_text[left_codes] == right_text[right_codes]


def _says(values: pd.Series, words: tuple[str, ...]) -> np.ndarray:
    """Rows whose text holds one of the words (case and accents aside), judged per distinct."""
    codes, text = _folded(values)
    hits = _holding(text, words)
    return hits[codes] if len(codes) else np.zeros(0, dtype=bool)


def _holding(texts: np.ndarray, parts: tuple[str, ...]) -> np.ndarray:
    """Which texts hold one of the parts; a part no text holds costs one look at them all."""
    whole = "\x00".join(texts.tolist())
    hits = np.zeros(len(texts), dtype=bool)
    for part in parts:
        if part in whole:
            hits |= np.strings.find(texts, part) >= 0
    return hits


def _notes(settled: Settled) -> list[str]:
    notes = []
    if settled.dropped:
        notes.append(f"{settled.dropped} bank line(s) were also in an earlier export "
                     "(overlapping exports); counted once")
    return notes
