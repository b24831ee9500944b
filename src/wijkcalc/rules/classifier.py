"""Classifying income rows: payer types and class rules per distinct key, and rule usage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..vocab import (
    COST_RULE,
    MANUAL_RULE,
    PAYER_LIST_RULE,
    UNKNOWN_PAYER,
    Texts,
    Words,
    name_key,
    word_key,
)
from .rulefile import Payer, RuleSet, load_rules, normalise_text

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


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

    given = keys["payer_type"].astype(str).to_numpy(dtype=object)
    has_payer = (keys["payer"] != "").to_numpy()
    # without a payer, the category and description may name one ("Subsidie gemeente")
    by_payer, by_category, by_description = (TextIndex(texts[column], rules.payer_words)
                                             for column in ("payer", "category", "description"))
    # numpy arrays, not Series: a rule costs microseconds, which a small file notices
    derived = np.full(len(keys), UNKNOWN_PAYER, dtype=object)
    open_ = given == ""
    for payer_type in rules.payer_types:
        words = payer_type.words
        hit = open_ & np.where(has_payer, by_payer.matches(words),
                               by_category.matches(words) | by_description.matches(words))
        derived[hit] = payer_type.type
        open_ &= ~hit
    return pd.Series(np.where(given == "", derived, given), index=keys.index, dtype=object)


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
    given = keys["class"].astype(str).to_numpy(dtype=object)
    manual = given != ""
    cls = np.where(manual, given, "unclassified").astype(object)
    rule_id = np.where(manual, MANUAL_RULE, "").astype(object)
    if "decided" in keys.columns:  # decided before any rule: an own transfer, a return
        decision = keys["decided"].astype(str).to_numpy(dtype=object)
        decided = manual & (decision != "")
        rule_id[decided] = decision[decided]
    cost = ~manual & (keys["kind"].astype(str).to_numpy(dtype=object) == "cost")
    cls[cost] = "cost"
    rule_id[cost] = COST_RULE
    open_ = ~manual & ~cost
    in_category = TextIndex(texts["category"], rules.rule_words)
    in_description = TextIndex(texts["description"], rules.rule_words)
    type_codes, types = pd.factorize(keys["payer_type"].to_numpy(dtype=object))
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
            hit &= np.isin(types, rule.payer_type)[type_codes]
        cls[hit] = rule.cls
        rule_id[hit] = rule.id
        open_ &= ~hit
    keys["class"] = pd.Series(cls, index=keys.index, dtype=object)
    keys["rule"] = pd.Series(rule_id, index=keys.index, dtype=object)
    return keys.drop(columns=["category_norm", "description_norm", "payer_norm"])


def classify(frame: pd.DataFrame, rules: RuleSet | None = None) -> pd.DataFrame:
    """Add payer_type, class and rule to a canonical frame (from ``load``).

    The rules run once per distinct key and the result is mapped back to the rows, so the cost
    grows with the number of different streams, not with the number of rows.
    """
    import numpy as np
    import pandas as pd

    rules = rules or load_rules()
    if rules.payers:
        frame = listed_payers(frame, rules.payers)
    key_columns = ["category", "payer", "description", "payer_type", "class", "kind"]
    if "decided" in frame.columns:
        key_columns.append("decided")
    codes = {column: codes_and_values(frame[column])[0] for column in key_columns}
    # the description matters for rows without a category or payer, or when a rule asks for it
    if not any(rule.description for rule in rules.rules):
        needs_description = (frame["category"] == "").to_numpy() | (
            frame["payer"] == "").to_numpy()
        codes["description"] = np.where(needs_description, codes["description"], -1)
    key = combine_codes(list(codes.values()))
    first_row, row_key = _distinct_rows(key)
    distinct = frame[key_columns].iloc[first_row].reset_index(drop=True)
    for column in key_columns:
        distinct[column] = distinct[column].astype(str)
    if not any(rule.description for rule in rules.rules):
        distinct["description"] = distinct["description"].where(
            codes["description"][first_row] >= 0, "")
    classified = _known_keys(distinct, rules)
    result = frame.copy()
    for column in ("payer_type", "class", "rule"):
        value_codes, values = pd.factorize(classified[column])
        result[column] = pd.Categorical.from_codes(value_codes[row_key.ravel()], values)
    return result


# the keys classified so far by one rule set: a large file read piece by piece, or a block
# per worker, meets the same streams in every piece (one slot: the rule set held, not its id)
_KNOWN: tuple[RuleSet | None, dict[tuple[str, ...], tuple[str, str, str]]] = (None, {})
# keys remembered at most (a few thousand is usual; a bank export with description rules may
# have a key per line: those are classified without being remembered)
MOST_KNOWN = 1 << 16


def _known_keys(distinct: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """classify_keys, with the keys this rule set classified before taken as they were: the
    rules run once per key, and a key's class depends on nothing but the key."""
    import pandas as pd

    global _KNOWN
    if len(distinct) > MOST_KNOWN:
        return classify_keys(distinct, rules)
    if _KNOWN[0] is not rules or len(_KNOWN[1]) + len(distinct) > MOST_KNOWN:
        _KNOWN = (rules, {})
    known = _KNOWN[1]
    keys = list(zip(*(distinct[column].tolist() for column in distinct.columns), strict=True))
    new = [number for number, key in enumerate(keys) if key not in known]
    if new:
        fresh = classify_keys(distinct.iloc[new].reset_index(drop=True), rules)
        found = zip(fresh["payer_type"].tolist(), fresh["class"].tolist(),
                    fresh["rule"].tolist(), strict=True)
        known.update(zip((keys[number] for number in new), found, strict=True))
    payer_type, cls, rule = zip(*(known[key] for key in keys), strict=True) if keys \
        else ((), (), ())
    classified = distinct.copy()
    classified["payer_type"] = pd.Series(payer_type, dtype=object)
    classified["class"] = pd.Series(cls, dtype=object)
    classified["rule"] = pd.Series(rule, dtype=object)
    return classified


def listed_payers(frame: pd.DataFrame, payers: tuple[Payer, ...]) -> pd.DataFrame:
    """The rule file's [[payer]] table applied: a row paid from a listed IBAN, or by a listed
    name, takes that entry's payer type or class (the first entry that matches; a class
    written in the input's class column still wins)."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(frame["payer"].astype(str))
    keys = np.array([name_key(name) for name in distinct], dtype=object)[codes] \
        if len(codes) else np.zeros(0, dtype=object)
    iban = frame["counterparty_iban"].astype(str).str.replace(" ", "").str.upper().to_numpy(
        dtype=object) if "counterparty_iban" in frame.columns else None
    entry = np.full(len(frame), -1)
    for number in range(len(payers) - 1, -1, -1):  # backwards: the first entry wins
        payer = payers[number]
        hits = (iban == payer.iban) if payer.iban and iban is not None else \
            (keys == payer.name) if payer.name else np.zeros(len(frame), dtype=bool)
        entry[hits] = number
    if not (entry >= 0).any():
        return frame
    frame = frame.copy()
    given_type = np.array([p.type for p in payers] + [""], dtype=object)[entry]
    given_class = np.array([p.cls for p in payers] + [""], dtype=object)[entry]
    types = frame["payer_type"].astype(str).to_numpy(dtype=object)
    frame["payer_type"] = pd.Categorical(np.where((types == "") & (given_type != ""),
                                                  given_type, types))
    classes = frame["class"].astype(str).to_numpy(dtype=object)
    listed = (classes == "") & (given_class != "")
    frame["class"] = pd.Categorical(np.where(listed, given_class, classes))
    decided = frame["decided"].astype(str).to_numpy(dtype=object) if "decided" in frame.columns \
        else np.full(len(frame), "", dtype=object)
    frame["decided"] = pd.Categorical(np.where(listed, PAYER_LIST_RULE, decided))
    return frame


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
    """One int64 key per row for several code columns (each -1 or more): the codes of the
    distinct combinations in the order they first appear, 0, 1, 2, ... The columns are packed
    into one integer (mixed radix) and factorised once; packed so far is refactorised only
    where the next column would overflow int64."""
    import pandas as pd

    key = columns[0]
    if len(columns) == 1:
        return key
    bound = int(key.max()) + 2 if len(key) else 1  # |key| < bound
    for codes in columns[1:]:
        width = int(codes.max()) + 2 if len(codes) else 1
        if bound * width >= 2 ** 62:
            key = pd.factorize(key)[0].astype("int64")
            bound = int(key.max()) + 2 if len(key) else 1
        key = key * width + (codes + 1)
        bound *= width
    return pd.factorize(key)[0].astype("int64")


def _distinct_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(key, return_index=True, return_inverse=True)'s index and inverse, without its
    sort when ``key`` is combine_codes' (0, 1, 2, ... in the order they first appear): the
    first row of each is where the running maximum steps up."""
    import numpy as np

    if len(key) and key.min() >= 0:
        first = np.flatnonzero(np.diff(np.maximum.accumulate(key), prepend=-1) > 0)
        if int(key.max()) == len(first) - 1 and (key[first] == np.arange(len(first))).all():
            return first, key
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def rule_usage(classified: pd.DataFrame) -> pd.DataFrame:
    """Per rule id that decided a row: how many rows (``count``) and how many cents (``sum``)."""
    return classified.groupby("rule", observed=True)["amount_cents"].agg(["count", "sum"])
