"""Words the views show, in Dutch and English, and the language chosen from the locale."""

from __future__ import annotations

import os

LANGUAGES = ("nl", "en")

CLASS_NAMES = {
    "en": {"market": "market", "public": "public", "gray": "gray zone",
           "unclassified": "unclassified", "excluded": "excluded", "cost": "cost"},
    "nl": {"market": "markt", "public": "publiek", "gray": "grijs gebied",
           "unclassified": "niet ingedeeld", "excluded": "uitgesloten", "cost": "kosten"},
}

WORDS = {
    "en": {
        "enterprise": "Enterprise", "year": "Year", "description": "Description",
        "category": "Category", "payer": "Payer", "payer_type": "Payer type",
        "amount": "Amount", "class": "Class", "rule": "Rule", "reason": "Reason",
        "file": "File", "line": "Line", "rows": "Rows", "share": "Share", "total": "Total",
        "income_total": "Income total", "totals_title": "Totals per class",
        "more_rows": "… {n} more rows; use --format csv or json to get them all",
        "unclassified_warning": ("{n} row(s) ({amount}) match no rule and are unclassified; "
                                 "categories: {categories}. Add a rule (wijkcalc rules --help) "
                                 "or fill in the class column."),
        "payer_types_title": "Payer types (first match wins)",
        "rules_title": "Class rules (first match wins)",
        "type": "Type", "words": "Words", "id": "Id", "matches": "Matches",
        "source": "Source", "matched_rows": "Rows", "matched_amount": "Amount",
        "unmatched_title": "Rows no rule matched",
        "all_matched": "Every row matched a rule.",
        "any": "any",
    },
    "nl": {
        "enterprise": "Onderneming", "year": "Jaar", "description": "Omschrijving",
        "category": "Categorie", "payer": "Betaler", "payer_type": "Soort betaler",
        "amount": "Bedrag", "class": "Klasse", "rule": "Regel", "reason": "Reden",
        "file": "Bestand", "line": "Regel", "rows": "Rijen", "share": "Aandeel",
        "total": "Totaal", "income_total": "Totale inkomsten",
        "totals_title": "Totalen per klasse",
        "more_rows": "… nog {n} rijen; gebruik --format csv of json voor alle rijen",
        "unclassified_warning": ("{n} rij(en) ({amount}) vallen onder geen enkele regel en zijn "
                                 "niet ingedeeld; categorieën: {categories}. Voeg een regel toe "
                                 "(wijkcalc rules --help) of vul de kolom klasse in."),
        "payer_types_title": "Soorten betalers (eerste treffer telt)",
        "rules_title": "Regels voor de klasse (eerste treffer telt)",
        "type": "Soort", "words": "Woorden", "id": "Id", "matches": "Zoekt naar",
        "source": "Bron", "matched_rows": "Rijen", "matched_amount": "Bedrag",
        "unmatched_title": "Rijen waarop geen regel past",
        "all_matched": "Op elke rij past een regel.",
        "any": "elke",
    },
}


def default_language() -> str:
    """nl when the locale says Dutch, else en."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(variable, "")
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


def word(lang: str, key: str, **values: object) -> str:
    text = WORDS[lang][key]
    return text.format(**values) if values else text


def class_name(lang: str, cls: str) -> str:
    return CLASS_NAMES[lang].get(cls, cls)
