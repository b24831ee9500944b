"""The domain's words, each defined once: classes, verdicts, payer types, standards, word forms."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import N_, UsageError

if TYPE_CHECKING:
    import pandas as pd

# What a rule may decide, and the states a row can end in.
CLASSES = ("market", "public", "gray", "excluded")
INCOME_CLASSES = ("market", "public", "gray", "unclassified")
STATES = ("market", "public", "gray", "unclassified", "excluded", "cost")
# Order on a bar or chart: what surely counts, what may count, what does not.
BAR_ORDER = ("market", "gray", "unclassified", "public")
VERDICTS = ("meets", "gray-zone", "falls-short")

UNKNOWN_PAYER = "unknown"
RESIDENT_PAYER = "resident"  # many payers under one label: never a dominant payer
PROVIDER_PAYER = "provider"  # a payment provider paying out card or online sales: many customers
# a private person on a bank statement (never derived from words: transactions.py knows them)
PERSON_PAYER = "person"
COLLECTIVE_PAYERS = (RESIDENT_PAYER, PROVIDER_PAYER, PERSON_PAYER)
GOVERNMENT_PAYER = "government"
# The payer private persons on a bank statement are shown as, unless names are asked for
# (the views say it in the reader's language); a payment provider's payouts are its customers'.
PRIVATE_PERSONS = "private persons"
CUSTOMERS_VIA = "customers via "
# the column, and its value, that mark the rows a statement gave in thousands ("x € 1.000")
STATED = "stated_in"
THOUSANDS = "thousands"



@lru_cache(maxsize=1 << 16)  # called per distinct name, again in every piece and block of a file
def name_key(name: str) -> str:
    """The key one enterprise or payer is grouped on, whatever its spelling: Unicode form
    (NFKC), case, invisible format characters (zero-width space, bidi marks) and spacing folded."""
    text = "".join(c for c in unicodedata.normalize("NFKC", str(name))
                   if unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split())


def loose_key(name: str) -> str:
    """A name as a person may type it: no case, accents or punctuation, single spaces."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name_key(name))
                    if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


def fits(asked: str, name: str) -> bool:
    """Whether ``asked`` names ``name``: the whole name, or whole words of it, loosely."""
    wanted = loose_key(asked)
    return bool(wanted) and f" {wanted} " in f" {loose_key(name)} "


# Rule ids wijkcalc itself gives; a user's rule may not take them.
MANUAL_RULE = "manual"
COST_RULE = "cost"
OWN_ACCOUNT_RULE = "own-account"  # a transfer between the enterprise's own accounts
REVERSAL_RULE = "reversal"  # a returned payment and the payment it returns
PAYER_LIST_RULE = "payer-list"  # the rule file's [[payer]] table gave the class
RESERVED_RULES = (MANUAL_RULE, COST_RULE, OWN_ACCOUNT_RULE, REVERSAL_RULE, PAYER_LIST_RULE)

# How rule words match inside a text (rules.py): a word's plural endings, and the generic heads
# of Dutch compounds, which leave the meaning to the part before them ("Subsidiebaten" is a
# subsidy, "Sponsorbijdragen" sponsoring).
PLURAL_ENDINGS = ("s", "en", "n")
GENERIC_HEADS = ("baten", "opbrengst", "bijdrage", "inkomsten", "vergoeding", "verlening")

_MIN_PART = 3  # the shortest part of a compound: "bar" in "Barverkoop"
_MAX_COMPOUND = 40  # a longer "word" is no Dutch compound: matched whole only


def word_key(word: str) -> str:
    """A normalised rule word as the matcher spells it: dots trimmed off each of its words."""
    core = " ".join(part.strip(".") for part in word.split())
    return (" " if word.startswith(" ") else "") + core + (" " if word.endswith(" ") else "")


def _spellings(word: str, start: bool, end: bool) -> tuple[str, ...]:
    """The keys a text's word offers: a leading space in a rule word asks that the text's word
    starts there (not the head of a compound), a trailing one that it ends there (no plural)."""
    return ((word,) + ((" " + word,) if start else ()) + ((word + " ",) if end else ())
            + ((f" {word} ",) if start and end else ()))


class Words:
    """The words of a rule set, and the keys each word of a text offers them.

    A text's word offers itself, its singular or plural (PLURAL_ENDINGS) and, being a Dutch
    compound, its head: the longest ending that is a known word ("Projectsubsidie": subsidie;
    "Dienstverlening": verlening, not lening). A generic head leaves the meaning to the part
    before it when that part is a known word. Each distinct word is worked out once.
    """

    def __init__(self, words: Iterable[str]):
        self.forms: dict[str, list[tuple[str, bool]]] = {}  # form -> (known word, plural?)
        self.phrases: dict[str, int] = {}  # first word of a known phrase -> most words in one
        for word in {word_key(w).strip() for w in words} | set(GENERIC_HEADS):
            if " " in word:
                first, size = word.split(" ", 1)[0], word.count(" ") + 1
                self.phrases[first] = max(size, self.phrases.get(first, 0))
                continue
            self.forms.setdefault(word, []).append((word, False))
            for ending in PLURAL_ENDINGS:
                self.forms.setdefault(word + ending, []).append((word, True))
                if word.endswith(ending) and len(word) > len(ending) + 2:
                    self.forms.setdefault(word[:-len(ending)], []).append((word, True))
        # a word offers a key only if it ends as a known form ends (its head is such a form)
        self.tails = frozenset([form[-_MIN_PART:] for form in self.forms]
                               + [first[-_MIN_PART:] for first in self.phrases])
        self._keys: dict[str, frozenset[str]] = {}

    def keys_of_word(self, token: str) -> frozenset[str]:
        found = self._keys.get(token)
        if found is None:
            found = self._keys[token] = frozenset(self._work_out(token))
        return found

    def _work_out(self, token: str) -> set[str]:
        keys = {k for word, plural in self.forms.get(token, ())
                for k in _spellings(word, start=True, end=not plural)}
        if len(token) > _MAX_COMPOUND:
            return keys
        for at in range(_MIN_PART, len(token) - _MIN_PART + 1):
            head = self.forms.get(token[at:])
            if not head:
                continue
            if any(word in GENERIC_HEADS for word, _ in head):
                before = self.keys_of_word(token[:at])
                if before:
                    return keys | before
            return keys | {k for word, plural in head
                           for k in _spellings(word, start=False, end=not plural)}
        return keys

    def keys_of_text(self, text: str, candidates: frozenset[str] | None = None) -> set[str]:
        """Every key a normalised text offers, its phrases of several words included.

        ``candidates``: the text's ``words_of`` for these words' tails (or more), if known."""
        distinct = words_of(text, self.tails) if candidates is None else candidates
        keys: set[str] = set()
        tails = self.tails
        for token in distinct:
            if token[-_MIN_PART:] in tails:
                keys |= self.keys_of_word(token)
        if not distinct & self.phrases.keys():
            return keys
        tokens = [token.strip(".") for token in text.split()]
        for at, token in enumerate(tokens):
            if token in self.phrases:
                for stop in range(at + 2, min(len(tokens), at + self.phrases[token]) + 1):
                    last = tokens[stop - 1]
                    phrase = " ".join(tokens[at:stop - 1])
                    keys.update(_spellings(f"{phrase} {last}", start=True, end=True))
                    for ending in PLURAL_ENDINGS:
                        if last.endswith(ending):
                            keys.update(_spellings(f"{phrase} {last[:-len(ending)]}", True, False))
                        keys.update(_spellings(f"{phrase} {last}{ending}", True, False))
        return keys


def words_of(text: str, tails: frozenset[str]) -> frozenset[str]:
    """The distinct words of a normalised text that may offer a key: those ending as one of
    the known words (or a phrase's first word) ends."""
    distinct = set(text.split())
    if "." in text:
        distinct = {token.strip(".") for token in distinct}
    return frozenset(token for token in distinct if token[-_MIN_PART:] in tails)


class Texts:
    """The distinct normalised texts of a column, each split into its words once for every
    set of words that looks at it (``tails``: theirs together)."""

    def __init__(self, texts: pd.Series, tails: frozenset[str]):
        import pandas as pd

        self.codes, distinct = pd.factorize(texts, use_na_sentinel=False)
        self.distinct = distinct.tolist()
        self.candidates = [words_of(text, tails) for text in self.distinct]



# Words that make a government payer the municipality (subsidy, contract and Right to Challenge
# all count towards its share).
MUNICIPALITY_WORDS = ("gemeente", "municipality", "city of", "stadsdeel", "city council")
DOMINANT_PAYER_SHARE = Fraction(1, 2)


@dataclass(frozen=True)
class Standard:
    """A yardstick: the market share to reach, how it compares, and how gray income counts."""

    id: str
    threshold: Fraction
    gray_as_market: bool  # False: the gray zone is a range between strict and broad
    majority: bool = False  # True: the share must be strictly more than the threshold
    source: str = ""

    def with_threshold(self, threshold: Fraction) -> Standard:
        return replace(self, threshold=threshold)


STANDARDS: dict[str, Standard] = {
    "lsa": Standard("lsa", Fraction(3, 4), gray_as_market=False,
                    source="LSA: at least 75% of income from the market"),
    "code-nl": Standard("code-nl", Fraction(1, 2), gray_as_market=False,
                        source="Code Sociale Ondernemingen / Social Enterprise NL self-test"),
    "semark": Standard("semark", Fraction(1, 2), gray_as_market=True, majority=True,
                       source="UK Social Enterprise Mark: more than half from trading"),
    "uk-gov": Standard("uk-gov", Fraction(1, 4), gray_as_market=True,
                       source="UK government: at most 75% from grants and donations"),
}


def parse_threshold(value: str | float) -> Fraction:
    """'0.75', '75', '75%' -> 3/4, exactly."""
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    try:
        threshold = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise UsageError(N_("threshold {value!r} is not a number; expected e.g. 0.75 or 75%"),
                         value=value) from None
    if threshold > 1 or str(value).strip().endswith("%"):
        threshold /= 100
    if not 0 < threshold <= 1:
        raise UsageError(N_("threshold {value!r} is outside 0..100%; expected e.g. 0.75 or 75%"),
                         value=value)
    return threshold


def standard_named(name: str, threshold: str | float | None = None) -> Standard:
    if name not in STANDARDS:
        raise UsageError(N_("unknown standard {name!r}; choose one of: {names}"), name=name,
                         names=", ".join(STANDARDS))
    standard = STANDARDS[name]
    return standard if threshold is None else standard.with_threshold(parse_threshold(threshold))
