"""Rule files (classes, payer types), classifying income rows per distinct key, rule usage."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import RulesError
from .sources.columns import strip_accents
from .vocab import (
    CLASSES,
    COST_RULE,
    MANUAL_RULE,
    RESERVED_RULES,
    UNKNOWN_PAYER,
    Texts,
    Words,
    word_key,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

_RULE_KEYS = {"id", "class", "category", "payer_type", "description", "reason"}
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

    def to_dict(self) -> dict[str, object]:
        return {"id": self.id, "class": self.cls, "category": list(self.category),
                "payer_type": list(self.payer_type), "description": list(self.description),
                "reason": self.reason, "source": self.source}


@dataclass(frozen=True)
class RuleSet:
    payer_types: tuple[PayerType, ...]
    rules: tuple[Rule, ...]
    files: tuple[str, ...] = field(default=())

    @cached_property
    def rule_words(self) -> Words:
        return Words(w for rule in self.rules for w in rule.category + rule.description)

    @cached_property
    def payer_words(self) -> Words:
        return Words(w for payer_type in self.payer_types for w in payer_type.words)

    def reason(self, rule_id: str) -> str:
        return self.reasons().get(rule_id, "")

    def reasons(self) -> dict[str, str]:
        found = {rule.id: rule.reason for rule in self.rules}
        found[MANUAL_RULE] = "Classified by hand in the input's class column."
        found[COST_RULE] = "A cost row: not income; used for cost coverage only."
        found[""] = "No rule matched: add a rule, or fill in the class column."
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


def _normalise_word(word: str, where: str, file: str | None) -> str:
    core = normalise_text(word).strip()
    # a word of only punctuation would be found in every text, and so decide every row
    if not any(c.isalnum() for c in core):
        raise RulesError(f"{where}: the word {word!r} has no letter or digit once case, accents "
                         "and punctuation are set aside; give a word such as \"verkoop\"",
                         file=file)
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
        raise RulesError("rule file not found; check the path", file=str(path))
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        raise RulesError("rule file is not UTF-8 text", file=str(path)) from None
    user = _parse(text, str(path))
    user_ids = {rule.id for rule in user.rules}
    user_types = {payer.type for payer in user.payer_types}
    known_types = user_types | {p.type for p in default.payer_types} | {UNKNOWN_PAYER}
    for rule in user.rules:
        _check_payer_types(rule, known_types, str(path))
    return RuleSet(
        payer_types=user.payer_types + default.payer_types,
        rules=user.rules + tuple(r for r in default.rules if r.id not in user_ids),
        files=(str(path),),
    )


def _parse(text: str, source: str) -> RuleSet:
    file = None if source == "default" else source
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"not valid TOML: {error}", file=file) from None
    except RecursionError:
        # tomllib recurses per level of nesting; a rule file needs two levels
        raise RulesError("not a rule file: arrays or tables nested too deeply; a rule file "
                         "holds [[payer_type]] and [[rule]] entries of words", file=file) from None
    unknown_tables = set(data) - {"payer_type", "rule"}
    if unknown_tables:
        raise RulesError(f"unknown table(s) {', '.join(sorted(unknown_tables))}; a rule file has "
                         "[[payer_type]] and [[rule]] entries", file=file)
    payer_types = tuple(_payer_type(entry, n, source) for n, entry in
                        enumerate(_entries(data, "payer_type", file), 1))
    rules = tuple(_rule(entry, n, source) for n, entry in
                  enumerate(_entries(data, "rule", file), 1))
    counts = Counter(rule.id for rule in rules)
    duplicates = sorted(i for i, count in counts.items() if count > 1)
    if duplicates:
        raise RulesError(f"rule id(s) used twice: {', '.join(duplicates)}", file=file)
    if source == "default":
        known = {p.type for p in payer_types} | {UNKNOWN_PAYER}
        for rule in rules:
            _check_payer_types(rule, known, source)
    return RuleSet(payer_types, rules)


def _entries(data: dict, table: str, file: str | None) -> list[dict]:
    entries = data.get(table, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RulesError(f"'{table}' must be a list of tables, written [[{table}]]", file=file)
    return entries


def _words(entry: dict, key: str, where: str, file: str | None, required: bool) -> tuple[str, ...]:
    value = entry.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise RulesError(f"{where}: '{key}' must be a list of words, such as [\"verkoop\", "
                         "\"sales\"]", file=file)
    if required and not value:
        raise RulesError(f"{where}: '{key}' needs at least one word", file=file)
    return tuple(value)


def _payer_type(entry: dict, number: int, source: str) -> PayerType:
    file = None if source == "default" else source
    where = f"[[payer_type]] number {number}"
    extra = set(entry) - _PAYER_KEYS
    if extra:
        raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(extra))}; expected "
                         "type and words", file=file)
    name = entry.get("type")
    if not isinstance(name, str) or not name.strip():
        raise RulesError(f"{where}: 'type' must be a name such as \"government\"", file=file)
    words = _words(entry, "words", where, file, required=True)
    return PayerType(name.strip(), tuple(_normalise_word(w, where, file) for w in words), source)


def _rule(entry: dict, number: int, source: str) -> Rule:
    file = None if source == "default" else source
    rule_id = entry.get("id")
    where = f"[[rule]] {rule_id!r}" if isinstance(rule_id, str) else f"[[rule]] number {number}"
    extra = set(entry) - _RULE_KEYS
    if extra:
        raise RulesError(f"{where}: unknown key(s) {', '.join(sorted(extra))}; expected "
                         f"{', '.join(sorted(_RULE_KEYS))}", file=file)
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise RulesError(f"{where}: 'id' must be a short name such as \"bar-sales\"", file=file)
    if rule_id.strip().casefold() in RESERVED_RULES:
        raise RulesError(f"{where}: the id {rule_id.strip()!r} is reserved: wijkcalc gives it "
                         "itself (manual: the class column; cost: a cost row); choose another",
                         file=file)
    cls = entry.get("class")
    if cls not in CLASSES:
        raise RulesError(f"{where}: 'class' is {cls!r}; expected one of {', '.join(CLASSES)}",
                         file=file)
    reason = entry.get("reason", "")
    if not isinstance(reason, str):
        raise RulesError(f"{where}: 'reason' must be text", file=file)
    category = _words(entry, "category", where, file, required=False)
    description = _words(entry, "description", where, file, required=False)
    if not category and not description:
        raise RulesError(f"{where}: give 'category' words, 'description' words or both",
                         file=file)
    return Rule(
        id=rule_id.strip(), cls=cls, reason=reason.strip(),
        category=tuple(_normalise_word(w, where, file) for w in category),
        payer_type=_words(entry, "payer_type", where, file, required=False),
        description=tuple(_normalise_word(w, where, file) for w in description),
        source=source,
    )


def _check_payer_types(rule: Rule, known: set[str], source: str) -> None:
    unknown = [t for t in rule.payer_type if t not in known]
    if unknown:
        raise RulesError(f"[[rule]] {rule.id!r}: payer type(s) {', '.join(unknown)} not known; "
                         f"known types: {', '.join(sorted(known))}",
                         file=None if source == "default" else source)


# ---------------------------------------------------------------- word matching

class TextIndex:
    """Which of many normalised texts offer which key: each distinct text is read once."""

    def __init__(self, texts: Texts, words: Words):
        self.codes = texts.codes
        self.size = len(texts.distinct)
        self.postings: dict[str, list[int]] = {}
        for number, (text, candidates) in enumerate(zip(texts.distinct, texts.candidates,
                                                        strict=True)):
            for key in words.keys_of_text(text, candidates):
                self.postings.setdefault(key, []).append(number)

    def matches(self, words: tuple[str, ...]) -> np.ndarray:
        """Per text: does it offer one of these rule words?"""
        import numpy as np

        hit = np.zeros(self.size, dtype=bool)
        for word in words:
            found = self.postings.get(word_key(word))
            if found:
                hit[found] = True
        return hit[self.codes]


# ---------------------------------------------------------------- classification


def payer_types_of(keys: pd.DataFrame, rules: RuleSet, texts: dict[str, Texts]) -> pd.Series:
    """Derive each key's payer type: given, else from the payer's name, else from its texts."""
    import numpy as np
    import pandas as pd

    given = keys["payer_type"].astype(str)
    has_payer = (keys["payer"] != "").to_numpy()
    # without a payer, the category and description may name one ("Subsidie gemeente")
    by_payer, by_category, by_description = (TextIndex(texts[column], rules.payer_words)
                                             for column in ("payer", "category", "description"))
    derived = pd.Series(UNKNOWN_PAYER, index=keys.index, dtype=object)
    open_ = pd.Series(True, index=keys.index)
    for payer_type in rules.payer_types:
        words = payer_type.words
        hit = open_ & np.where(has_payer, by_payer.matches(words),
                               by_category.matches(words) | by_description.matches(words))
        derived[hit] = payer_type.type
        open_ &= ~hit
    return derived.where(given == "", given)


def classify_keys(keys: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Classify distinct keys (category, payer, description, given payer type, class, kind).

    Returns the keys with payer_type, class and rule filled in.
    """
    import numpy as np
    import pandas as pd

    keys = keys.copy()
    keys["category_norm"] = keys["category"].map(normalise_text)
    keys["description_norm"] = keys["description"].map(normalise_text)
    keys["payer_norm"] = keys["payer"].map(normalise_text)
    tails = rules.rule_words.tails | rules.payer_words.tails
    texts = {column: Texts(keys[f"{column}_norm"], tails)
             for column in ("category", "description", "payer")}
    keys["payer_type"] = payer_types_of(keys, rules, texts)
    # an empty category leaves the description to say what the money is for
    has_category = (keys["category"] != "").to_numpy()
    cls = pd.Series("unclassified", index=keys.index, dtype=object)
    rule_id = pd.Series("", index=keys.index, dtype=object)
    manual = keys["class"].astype(str) != ""
    cls[manual] = keys.loc[manual, "class"].astype(str)
    rule_id[manual] = MANUAL_RULE
    cost = ~manual & (keys["kind"].astype(str) == "cost")
    cls[cost] = "cost"
    rule_id[cost] = COST_RULE
    open_ = ~manual & ~cost
    in_category = TextIndex(texts["category"], rules.rule_words)
    in_description = TextIndex(texts["description"], rules.rule_words)
    for rule in rules.rules:
        if not open_.any():
            break
        hit = open_.copy()
        if rule.category:
            hit &= np.where(has_category, in_category.matches(rule.category),
                            in_description.matches(rule.category))
        if rule.description:
            hit &= in_description.matches(rule.description)
        if rule.payer_type:
            hit &= keys["payer_type"].isin(rule.payer_type)
        cls[hit] = rule.cls
        rule_id[hit] = rule.id
        open_ &= ~hit
    keys["class"] = cls
    keys["rule"] = rule_id
    return keys.drop(columns=["category_norm", "description_norm", "payer_norm"])


def classify(frame: pd.DataFrame, rules: RuleSet | None = None) -> pd.DataFrame:
    """Add payer_type, class and rule to a canonical frame (from ``load``).

    The rules run once per distinct key and the result is mapped back to the rows, so the cost
    grows with the number of different streams, not with the number of rows.
    """
    import numpy as np
    import pandas as pd

    rules = rules or load_rules()
    key_columns = ["category", "payer", "description", "payer_type", "class", "kind"]
    codes = {column: codes_and_values(frame[column])[0] for column in key_columns}
    # the description matters for rows without a category or payer, or when a rule asks for it
    if not any(rule.description for rule in rules.rules):
        needs_description = (frame["category"] == "").to_numpy() | (
            frame["payer"] == "").to_numpy()
        codes["description"] = np.where(needs_description, codes["description"], -1)
    key = combine_codes(list(codes.values()))
    _, first_row, row_key = np.unique(key, return_index=True, return_inverse=True)
    distinct = frame[key_columns].iloc[first_row].reset_index(drop=True)
    for column in key_columns:
        distinct[column] = distinct[column].astype(str)
    if not any(rule.description for rule in rules.rules):
        distinct["description"] = distinct["description"].where(
            codes["description"][first_row] >= 0, "")
    classified = classify_keys(distinct, rules)
    result = frame.copy()
    for column in ("payer_type", "class", "rule"):
        value_codes, values = pd.factorize(classified[column])
        result[column] = pd.Categorical.from_codes(value_codes[row_key.ravel()], values)
    return result


def codes_and_values(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a column and the values they stand for (a categorical's own codes)."""
    import numpy as np
    import pandas as pd

    if isinstance(values.dtype, pd.CategoricalDtype):
        return (values.cat.codes.to_numpy().astype(np.int64),
                np.asarray(values.cat.categories, dtype=object))
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def combine_codes(columns: list[np.ndarray]) -> np.ndarray:
    """One int64 key per row for several code columns, without overflow (pairwise refactorised)."""
    import pandas as pd

    key = columns[0]
    for codes in columns[1:]:
        width = int(codes.max()) + 2 if len(codes) else 1
        key = pd.factorize(key * width + (codes + 1))[0].astype("int64")
    return key


def rule_usage(classified: pd.DataFrame) -> pd.DataFrame:
    """Per rule id that decided a row: how many rows (``count``) and how many cents (``sum``)."""
    return classified.groupby("rule", observed=True)["amount_cents"].agg(["count", "sum"])
