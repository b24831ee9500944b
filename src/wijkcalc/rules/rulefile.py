"""Rule files: classes, payer types, listed payers and own accounts, read and checked."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import N_, RulesError, Text
from ..sources.columns import strip_accents
from ..vocab import (
    CLASSES,
    COST_RULE,
    MANUAL_RULE,
    OWN_ACCOUNT_RULE,
    PAYER_LIST_RULE,
    PERSON_PAYER,
    RESERVED_RULES,
    REVERSAL_RULE,
    UNKNOWN_PAYER,
    Words,
    name_key,
)

if TYPE_CHECKING:
    pass

_RULE_KEYS = {"id", "class", "category", "payer_type", "description", "reason", "reason_nl"}
# where in a rule file: an entry without a name, by its number (the Dutch says "nummer")
NUMBER = N_("[[{table}]] number {number}")
UNKNOWN_KEYS = N_("{where}: unknown key(s) {keys}; expected {expected}")
NOT_A_CLASS = N_("{where}: 'class' is {cls!r}; expected one of {classes}")


# the reasons of the ids wijkcalc gives itself: English msgids, said by the views
BUILTIN_REASONS = {
    MANUAL_RULE: N_("Classified by hand in the input's class column."),
    COST_RULE: N_("A cost row: not income; used for cost coverage only."),
    OWN_ACCOUNT_RULE: N_("A transfer between the enterprise's own accounts: neither income "
                         "nor cost."),
    REVERSAL_RULE: N_("A returned payment and the payment it returns: together they add "
                      "nothing."),
    PAYER_LIST_RULE: N_("The payer is listed with this class in the rule file's [[payer]] "
                        "table."),
    "": N_("No rule matched: add a rule, or fill in the class column."),
}
_PAYER_KEYS = {"type", "words"}


@dataclass(frozen=True)
class PayerType:
    type: str
    words: tuple[str, ...]
    source: str = "default"


@dataclass(frozen=True)
class Rule:
    id: str
    cls: str
    category: tuple[str, ...]
    reason: str
    payer_type: tuple[str, ...] = ()
    description: tuple[str, ...] = ()
    source: str = "default"
    reason_nl: str = ""

    def reason_in(self, lang: str) -> str:
        """The reason in ``lang``: its Dutch for nl, its English for en, else the other one (a
        rule file may give one language only)."""
        first, other = (self.reason_nl, self.reason) if lang == "nl" else (
            self.reason, self.reason_nl)
        return first or other

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "class": self.cls, "category": list(self.category),
                "payer_type": list(self.payer_type), "description": list(self.description),
                "reason": self.reason_in("en"), "reason_nl": self.reason_in("nl"),
                "source": self.source}


@dataclass(frozen=True)
class Payer:
    """One entry of a rule file's [[payer]] table: an IBAN or a name, and its type or class."""

    iban: str
    name: str  # as name_key folds it
    type: str
    cls: str
    source: str = "default"


@dataclass(frozen=True)
class RuleSet:
    payer_types: tuple[PayerType, ...]
    rules: tuple[Rule, ...]
    files: tuple[str, ...] = field(default=())
    payers: tuple[Payer, ...] = ()
    own_accounts: dict[str, str] = field(default_factory=dict)  # IBAN -> holder name or ""

    @cached_property
    def rule_words(self) -> Words:
        return Words(w for rule in self.rules for w in rule.category + rule.description)

    @cached_property
    def payer_words(self) -> Words:
        return Words(w for payer_type in self.payer_types for w in payer_type.words)

    def reason(self, rule_id: str, lang: str = "en",
               translate: Callable[[str], str] | None = None) -> str:
        return self.reasons(lang, translate).get(rule_id, "")

    def reasons(self, lang: str = "en",
                translate: Callable[[str], str] | None = None) -> dict[str, str]:
        """Each rule id's reason in ``lang``: a rule file's own words, and wijkcalc's for the
        ids it gives itself, said by ``translate`` (the views pass say in the reader's
        language; English without one)."""
        found = {rule.id: rule.reason_in(lang) for rule in self.rules}
        for rule_id, text in BUILTIN_REASONS.items():
            found[rule_id] = translate(text) if translate else text
        return found


def normalise_text(text: str) -> str:
    """Case folded, no accents, punctuation (but . and &) as spaces, padded with one space.

    Letters and digits of every script stay: "Грант" is a word, not nothing."""
    # accents are looked for in the runs of non-ASCII letters only: a long cell stays fast
    plain = text if text.isascii() else _NON_ASCII.sub(lambda run: strip_accents(run[0]), text)
    cleaned = _NOT_WORD.sub(" ", plain.casefold().replace("_", " "))
    return f" {' '.join(cleaned.split())} "


_NOT_WORD = re.compile(r"[^\w\s.&]+")  # spaces are left to split()
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _normalise_word(word: str, where: str | Text, file: str | None) -> str:
    core = normalise_text(word).strip()
    # a word of only punctuation would be found in every text, and so decide every row
    if not any(c.isalnum() for c in core):
        raise RulesError(N_("{where}: the word {word!r} has no letter or digit once case, "
                            "accents and punctuation are set aside; give a word such as "
                            "\"verkoop\""), where=where, word=word, file=file)
    # keep a leading/trailing space: it asks for a word boundary
    return (" " if word.startswith(" ") else "") + core + (" " if word.endswith(" ") else "")


def load_rules(user_file: str | Path | None = None) -> RuleSet:
    """The default rules, with a user's rule file (if any) in front of them."""
    default_text = resources.files("wijkcalc").joinpath("rules.toml").read_text("utf-8")
    default = _parse(default_text, "default")
    if user_file is None:
        return default
    path = Path(user_file)
    if not path.is_file():
        raise RulesError(N_("rule file not found; check the path"), file=str(path))
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesError(N_("rule file is not UTF-8 text"), file=str(path)) from None
    user = _parse(text, str(path))
    user_ids = {rule.id for rule in user.rules}
    user_types = {payer.type for payer in user.payer_types}
    known_types = user_types | {p.type for p in default.payer_types} | {UNKNOWN_PAYER, PERSON_PAYER}
    for rule in user.rules:
        _check_payer_types(rule, known_types, str(path))
    for payer in user.payers:
        if payer.type and payer.type not in known_types:
            raise RulesError(N_("[[payer]] {payer!r}: payer type {type!r} not known; known "
                                "types: {known}"), payer=payer.iban or payer.name,
                             type=payer.type, known=", ".join(sorted(known_types)),
                             file=str(path))
    return RuleSet(
        payer_types=user.payer_types + default.payer_types,
        rules=user.rules + tuple(r for r in default.rules if r.id not in user_ids),
        files=(str(path),), payers=user.payers, own_accounts=user.own_accounts,
    )


def _parse(text: str, source: str) -> RuleSet:
    file = None if source == "default" else source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(N_("not valid TOML: {error}"), error=str(error), file=file) from None
    except RecursionError:
        # tomllib recurses per level of nesting; a rule file needs two levels
        raise RulesError(N_("not a rule file: arrays or tables nested too deeply; a rule file "
                            "holds [[payer_type]] and [[rule]] entries of words"),
                         file=file) from None
    unknown_tables = set(data) - {"payer_type", "rule", "payer", "own_accounts"}
    if unknown_tables:
        raise RulesError(N_("unknown table(s) {tables}; a rule file has [[payer_type]], [[rule]] "
                            "and [[payer]] entries and own_accounts"),
                         tables=", ".join(sorted(unknown_tables)), file=file)
    payer_types = tuple(_payer_type(entry, n, source) for n, entry in
                        enumerate(_entries(data, "payer_type", file), 1))
    rules = tuple(_rule(entry, n, source) for n, entry in
                  enumerate(_entries(data, "rule", file), 1))
    counts = Counter(rule.id for rule in rules)
    duplicates = sorted(i for i, count in counts.items() if count > 1)
    if duplicates:
        raise RulesError(N_("rule id(s) used twice: {ids}"), ids=", ".join(duplicates),
                         file=file)
    if source == "default":
        known = {p.type for p in payer_types} | {UNKNOWN_PAYER, PERSON_PAYER}
        for rule in rules:
            _check_payer_types(rule, known, source)
    payers = tuple(_payer(entry, n, source) for n, entry in
                   enumerate(_entries(data, "payer", file), 1))
    return RuleSet(payer_types, rules, payers=payers,
                   own_accounts=_own_accounts(data.get("own_accounts", []), file))


def iban_key(text: str) -> str:
    """An IBAN as compared: no spaces, upper case."""
    return "".join(str(text).split()).upper()


def _own_accounts(value: object, file: str | None) -> dict[str, str]:
    """own_accounts = ["NL20INGB…", …], or a table of IBAN = "the holder's name"."""
    pairs = value.items() if isinstance(value, dict) else \
        ((iban, "") for iban in value) if isinstance(value, list) else None
    if pairs is None:
        raise RulesError(N_("own_accounts must be a list of IBANs, such as "
                            "[\"NL20INGB0001234567\"], or a table of IBAN = \"holder's name\""),
                         file=file)
    found: dict[str, str] = {}
    for iban, name in pairs:
        if not isinstance(iban, str) or not iban.strip() or not isinstance(name, str):
            raise RulesError(N_("own_accounts: {iban!r} is not an IBAN with a name; give IBANs "
                                "as text, such as \"NL20INGB0001234567\""), iban=iban,
                             file=file)
        found[iban_key(iban)] = name.strip()
    return found


def _payer(entry: dict, number: int, source: str) -> Payer:
    file = None if source == "default" else source
    where = Text(NUMBER, table="payer", number=number)
    extra = set(entry) - {"iban", "name", "type", "class"}
    if extra:
        raise RulesError(UNKNOWN_KEYS, where=where, keys=", ".join(sorted(extra)),
                         expected=Text(N_("iban or name, and type or class")), file=file)
    iban, name = entry.get("iban", ""), entry.get("name", "")
    kind, cls = entry.get("type", ""), entry.get("class", "")
    if not all(isinstance(v, str) for v in (iban, name, kind, cls)):
        raise RulesError(N_("{where}: iban, name, type and class are text"), where=where,
                         file=file)
    if bool(iban.strip()) == bool(name.strip()):
        raise RulesError(N_("{where}: give an iban or a name (one of them)"), where=where,
                         file=file)
    if bool(kind.strip()) == bool(cls.strip()):
        raise RulesError(N_("{where}: give a payer type or a class (one of them), such as "
                            "type = \"government\" or class = \"market\""), where=where,
                         file=file)
    if cls and cls not in CLASSES:
        raise RulesError(NOT_A_CLASS, where=where, cls=cls, classes=", ".join(CLASSES),
                         file=file)
    return Payer(iban_key(iban), name_key(name), kind.strip(), cls, source)


def _entries(data: dict, table: str, file: str | None) -> list[dict]:
    entries = data.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RulesError(N_("'{table}' must be a list of tables, written [[{table}]]"),
                         table=table, file=file)
    return entries


def _words(entry: dict, key: str, where: str | Text, file: str | None,
           required: bool) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise RulesError(N_("{where}: '{key}' must be a list of words, such as [\"verkoop\", "
                            "\"sales\"]"), where=where, key=key, file=file)
    if required and not value:
        raise RulesError(N_("{where}: '{key}' needs at least one word"), where=where, key=key,
                         file=file)
    return tuple(value)


def _payer_type(entry: dict, number: int, source: str) -> PayerType:
    file = None if source == "default" else source
    where = Text(NUMBER, table="payer_type", number=number)
    extra = set(entry) - _PAYER_KEYS
    if extra:
        raise RulesError(UNKNOWN_KEYS, where=where, keys=", ".join(sorted(extra)),
                         expected=Text(N_("type and words")), file=file)
    name = entry.get("type")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(N_("{where}: 'type' must be a name such as \"government\""),
                         where=where, file=file)
    words = _words(entry, "words", where, file, required=True)
    return PayerType(name.strip(), tuple(_normalise_word(w, where, file) for w in words), source)


def _rule(entry: dict, number: int, source: str) -> Rule:
    file = None if source == "default" else source
    rule_id = entry.get("id")
    where: str | Text = f"[[rule]] {rule_id!r}" if isinstance(rule_id, str) else Text(
        NUMBER, table="rule", number=number)
    extra = set(entry) - _RULE_KEYS
    if extra:
        raise RulesError(UNKNOWN_KEYS, where=where, keys=", ".join(sorted(extra)),
                         expected=", ".join(sorted(_RULE_KEYS)), file=file)
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RulesError(N_("{where}: 'id' must be a short name such as \"bar-sales\""),
                         where=where, file=file)
    if rule_id.strip().casefold() in RESERVED_RULES:
        raise RulesError(N_("{where}: the id {id!r} is reserved: wijkcalc gives it itself "
                            "(manual: the class column; cost: a cost row); choose another"),
                         where=where, id=rule_id.strip(), file=file)
    cls = entry.get("class")
    if cls not in CLASSES:
        raise RulesError(NOT_A_CLASS, where=where, cls=cls, classes=", ".join(CLASSES),
                         file=file)
    reason, reason_nl = (entry.get(key, "") for key in ("reason", "reason_nl"))
    for key, value in (("reason", reason), ("reason_nl", reason_nl)):
        if not isinstance(value, str):
            raise RulesError(N_("{where}: '{key}' must be text"), where=where, key=key,
                             file=file)
    category = _words(entry, "category", where, file, required=False)
    description = _words(entry, "description", where, file, required=False)
    payer_type = _words(entry, "payer_type", where, file, required=False)
    if not category and not description and not payer_type:
        raise RulesError(N_("{where}: give 'category' words, 'description' words or a "
                            "'payer_type' (or more of them)"), where=where, file=file)
    return Rule(
        id=rule_id.strip(), cls=cls, reason=reason.strip(), reason_nl=reason_nl.strip(),
        category=tuple(_normalise_word(w, where, file) for w in category),
        payer_type=payer_type,
        description=tuple(_normalise_word(w, where, file) for w in description),
        source=source,
    )


def _check_payer_types(rule: Rule, known: set[str], source: str) -> None:
    unknown = [t for t in rule.payer_type if t not in known]
    if unknown:
        raise RulesError(N_("[[rule]] {id!r}: payer type(s) {types} not known; known types: "
                            "{known}"), id=rule.id, types=", ".join(unknown),
                         known=", ".join(sorted(known)),
                         file=None if source == "default" else source)
