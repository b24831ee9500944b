"""Names and texts on bank lines: private persons, payment providers, words said, names equal."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..sources.columns import strip_accents
from ..vocab import CUSTOMERS_VIA, PERSON_PAYER, PRIVATE_PERSONS

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


def counterparties(frame: pd.DataFrame, cash: np.ndarray, show_names: bool) -> None:
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


def same_text(left: pd.Series, right: pd.Series) -> np.ndarray:
    """Rows where the two texts are the same, case, accents and spacing aside."""
    left_codes, left_text = _folded(left)
    right_codes, right_text = _folded(right)
    return left_text[left_codes] == right_text[right_codes]


def says(values: pd.Series, words: tuple[str, ...]) -> np.ndarray:
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
