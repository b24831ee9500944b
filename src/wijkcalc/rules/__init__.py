"""Rules: the rule files (rulefile.py) and classifying income rows by them (classifier.py)."""

from .classifier import (
    TextIndex,
    classify,
    classify_keys,
    codes_and_values,
    combine_codes,
    listed_payers,
    payer_types_of,
    rule_usage,
)
from .rulefile import Payer, PayerType, Rule, RuleSet, iban_key, load_rules, normalise_text

__all__ = ["Payer", "PayerType", "Rule", "RuleSet", "TextIndex", "classify", "classify_keys",
           "codes_and_values", "combine_codes", "iban_key", "listed_payers", "load_rules",
           "normalise_text", "payer_types_of", "rule_usage"]
