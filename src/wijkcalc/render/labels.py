"""DEPRECATED: the old key-based words; use wijkcalc.render.i18n (say, class_name) instead.

Kept only so that code still calling ``word(lang, key)`` or importing ``class_name`` and
``default_language`` from here keeps working while it moves to ``say(lang, "English text")``.
The Dutch is no longer here: it lives in the gettext catalog (wijkcalc/locale/nl/...). Delete
this module once nothing imports it.
"""

from __future__ import annotations

from .i18n import LANGUAGES, N_, class_name, default_language, say, verdict_name

__all__ = ["LANGUAGES", "class_name", "default_language", "say", "verdict_name", "word"]

# old key -> the English msgid that replaces it (say(lang, msgid) is what word() now does)
OLD_KEYS = {
    "enterprise": N_("Enterprise"), "year": N_("Year"), "description": N_("Description"),
    "category": N_("Category"), "payer": N_("Payer"), "payer_type": N_("Payer type"),
    "amount": N_("Amount"), "class": N_("Class"), "rule": N_("Rule"), "reason": N_("Reason"),
    "file": N_("File"), "line": N_("Line"), "rows": N_("Rows"), "share": N_("Share"),
    "total": N_("Total"), "income_total": N_("Income total"),
    "totals_title": N_("Totals per class"),
    "more_rows": N_("… {n} more rows; use --format csv or json to get them all"),
    "unclassified_warning": N_(
        "{n} row(s) ({amount}) match no rule and are unclassified; categories: {categories}. "
        "Add a rule (wijkcalc rules --help) or fill in the class column."),
    "payer_types_title": N_("Payer types (first match wins)"),
    "rules_title": N_("Class rules (first match wins)"),
    "type": N_("Type"), "words": N_("Words"), "id": N_("Id"), "matches": N_("Matches"),
    "source": N_("Source"), "matched_rows": N_("Rows"), "matched_amount": N_("Amount"),
    "unmatched_title": N_("Rows no rule matched"),
    "all_matched": N_("Every row matched a rule."),
    "any": N_("any"),
}


def word(lang: str, key: str, **values: object) -> str:
    """DEPRECATED: ``say(lang, <English text>, **values)`` for one of the old keys."""
    return say(lang, OLD_KEYS[key], **values)
