"""Column names and cell labels as people write them, in Dutch or English, and how to read them."""

from __future__ import annotations

import functools
import re
import unicodedata

# canonical column -> accepted names (compared after normalise_label)
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "enterprise": ("enterprise", "organisation", "organization", "organisatie", "wijkonderneming",
                   "bewonersbedrijf", "naam", "name"),
    "year": ("year", "jaar", "boekjaar", "fiscal year", "financial year"),
    "date": ("date", "datum", "boekdatum", "transactiedatum", "transaction date"),
    "description": ("description", "stream", "income stream", "omschrijving", "inkomstenstroom",
                    "post", "toelichting", "memo"),
    "category": ("category", "categorie", "soort", "type", "rubriek"),
    "payer": ("payer", "source", "funder", "betaler", "bron", "financier", "tegenpartij",
              "counterparty"),
    "payer_type": ("payer_type", "payer type", "soort betaler", "type betaler"),
    "amount": ("amount", "bedrag", "bedrag (eur)", "amount (eur)", "bedrag eur", "amount eur",
               "bedrag in euro", "bedrag (euro)", "amount (euro)", "amount in euro"),
    "class": ("class", "klasse"),
    "kind": ("kind", "aard"),
}
REQUIRED = ("category", "amount")

# The canonical frame, in this order; extra input columns follow them.
COLUMNS = ("enterprise", "year", "description", "category", "payer", "payer_type",
           "amount_cents", "class", "kind", "file", "line")
# The names a source may give a RawTable's columns; any other column is an extra one, kept
# under its own label. A source gives ``amount`` as cells, or ``amount_cents`` already parsed.
RAW_COLUMNS = ("enterprise", "year", "date", "description", "category", "payer", "payer_type",
               "amount", "amount_cents", "class", "kind", "counterparty_iban", "reference")
# the columns whose cells repeat over many rows: a large CSV file reads them as categoricals
REPEATED = ("enterprise", "year", "category", "payer", "payer_type", "class", "kind")

# cell value (normalised) -> canonical value, for the columns whose cells are labels
KIND_VALUES = {
    "income": ("income", "inkomsten", "inkomst", "baten", "opbrengst", "opbrengsten", "revenue"),
    "cost": ("cost", "costs", "kosten", "uitgaven", "uitgave", "lasten", "expense", "expenses",
             "expenditure"),
}
CLASS_VALUES = {
    "market": ("market", "markt"),
    "public": ("public", "publiek"),
    "gray": ("gray", "grey", "grijs", "gray zone", "grey zone", "grijze zone", "grijs gebied"),
    "excluded": ("excluded", "uitgesloten", "geen inkomsten", "not income"),
    # what wijkcalc itself writes for rows it did not classify by hand: read back as "no
    # manual class", so a classified file can be corrected and fed in again
    "": ("unclassified", "niet ingedeeld", "cost", "kosten"),
}
PAYER_TYPE_VALUES = {
    "government": ("government", "overheid", "gemeente", "municipality"),
    "care": ("care", "zorg", "zorgfinancier"),
    "fund": ("fund", "fonds", "fondsen", "foundation"),
    "housing": ("housing", "woningcorporatie", "wonen", "housing association"),
    "business": ("business", "bedrijf", "bedrijven", "company"),
    "resident": ("resident", "residents", "bewoner", "bewoners", "particulier", "particulieren"),
    "person": ("person", "private person", "privépersoon", "persoon"),
    "unknown": ("unknown", "onbekend"),
}

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalise_label(text: object) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a header or label."""
    return _normalised(str(text))


@functools.lru_cache(maxsize=1 << 14)  # a batch's files repeat the same headers and labels
def _normalised(text: str) -> str:
    return _NOT_ALNUM.sub("", strip_accents(text).lower())


def _invert(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_label(name): canonical
            for canonical, names in table.items() for name in names}


COLUMN_LOOKUP = _invert(COLUMN_NAMES)
KIND_LOOKUP = _invert(KIND_VALUES)
CLASS_LOOKUP = _invert(CLASS_VALUES)
PAYER_TYPE_LOOKUP = _invert(PAYER_TYPE_VALUES)


def match_columns(header: list[str]) -> dict[str, int]:
    """canonical name -> position of the first header cell that names it."""
    found: dict[str, int] = {}
    for position, name in enumerate(header):
        canonical = COLUMN_LOOKUP.get(normalise_label(name))
        if canonical and canonical not in found:
            found[canonical] = position
    return found


def accepted_names(canonical: str) -> str:
    return ", ".join(COLUMN_NAMES[canonical])
