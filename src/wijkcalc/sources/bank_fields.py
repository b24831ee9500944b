"""Bank description texts: labelled fields (Naam: …), /TRTP/ and SEPA forms, reversal words."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bank_text import clean_text, flags, from_utf8, iban, per_distinct, utf8

# labels a bank writes inside a description, in Dutch and English, by field
_LABELS = {
    "name": ("Naam", "Name"),
    "description": ("Omschrijving", "Description"),
    "iban": ("IBAN",),
    "reference": ("Kenmerk", "Reference"),
}
_OTHER_LABELS = ("Machtiging ID", "Mandate ID", "Incassant ID", "Creditor ID", "Valutadatum",
                 "Value date", "Datum/Tijd", "Date/time", "Pasvolgnr", "Card sequence no.",
                 "Transactie", "Transaction", "Term", "BIC")
_ALL_LABELS = tuple(label for labels in (*_LABELS.values(), _OTHER_LABELS) for label in labels)
_FAR = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Fields:
    """Where the labelled fields of description texts are: per field the byte span of its
    value in each text (start == end where the text has no such field)."""

    texts: np.ndarray  # the texts as UTF-8 bytes (an S array), a space in front
    spans: dict[str, tuple[np.ndarray, np.ndarray]]

    def labelled(self) -> np.ndarray:
        """Per text: whether it holds any field with a value."""
        found = np.zeros(len(self.texts), dtype=bool)
        for start, end in self.spans.values():
            found |= end > start
        return found

    def get(self, field: str, rows: np.ndarray | None = None) -> pd.Series:
        """The field's values (of ``rows`` only, a boolean mask, when given) as str."""
        return self.get_all((field,), rows)[0]

    def get_all(self, names: tuple[str, ...], rows: np.ndarray | None = None
                ) -> list[pd.Series]:
        """The values of the fields ``names``, made str together (one decoding)."""
        texts = self.texts if rows is None else self.texts[rows]
        parts = []
        for field in names:
            start, end = self.spans[field]
            if rows is not None:
                start, end = start[rows], end[rows]
            parts.append(np.strings.slice(texts, start, end))
        values = from_utf8(np.concatenate(parts)) if parts else np.zeros(0, dtype=object)
        found = [values[at * len(texts):(at + 1) * len(texts)] for at in range(len(names))]
        return [iban(value) if field == "iban" else pd.Series(value, dtype=object)
                for field, value in zip(names, found, strict=True)]


def find_fields(text: pd.Series | np.ndarray, *, cleaned: bool = False) -> Fields:
    """The spans of the ``Naam: … Omschrijving: … IBAN: … Kenmerk: …`` fields (also
    Name/Description/Reference) of description texts. A field runs to the next label (any of
    _ALL_LABELS) after it; found with np.strings on the UTF-8 bytes, where numpy finds and
    slices fastest and a label (ASCII) never splits a character. ``cleaned``: the texts come
    from clean_text (Records.column) and are not cleaned again."""
    texts = pd.Series(text, dtype=object).fillna("").to_numpy(dtype=object)
    texts = texts if cleaned else clean_text(texts).to_numpy(dtype=object)
    whole = " " + "\x00 ".join(texts)  # each text with a space in front
    encoded = whole.encode("utf-8")
    parts = encoded.split(b"\x00") if len(texts) else []
    if len(parts) != len(texts):  # a NUL in a text: drop it
        whole = " " + "\x00 ".join(cell.replace("\x00", "") for cell in texts)
        encoded = whole.encode("utf-8")
        parts = encoded.split(b"\x00")
    spaced = np.array(parts, dtype=np.bytes_)
    size = np.strings.str_len(spaced).astype(np.int64)
    present = _labels_in(whole, encoded)
    at = np.stack([np.strings.find(spaced, f" {label}:".encode()).astype(np.int64)
                   for label in present]) if present else np.zeros((0, len(spaced)), np.int64)
    at = np.where(at >= 0, at, _FAR)
    rows = np.arange(len(spaced))
    letters = spaced.view(np.uint8).reshape(len(spaced), -1) if len(spaced) else None
    spans: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for field, labels in _LABELS.items():
        which = [present.index(label) for label in labels if label in present]
        if not which:
            spans[field] = (np.zeros(len(spaced), np.int64), np.zeros(len(spaced), np.int64))
            continue
        first = at[which].min(axis=0)
        found = first < _FAR
        label = np.array(which)[at[which].argmin(axis=0)]
        start = np.where(found, first + np.array([len(name) + 2 for name in present])[label], 0)
        start = np.minimum(start, size)
        # clean text: at most one space after the colon, and none before the next label
        after = letters[rows, np.minimum(start, letters.shape[1] - 1)] if letters is not None \
            else np.zeros(0, np.uint8)
        start = start + ((after == ord(" ")) & (start < size))
        end = np.where(found, np.minimum(np.where(at > first, at, _FAR).min(axis=0), size), 0)
        spans[field] = (start, np.maximum(start, end))
    return Fields(spaced, spans)


def _labels_in(whole: str, utf8_text: bytes) -> list[str]:
    """The labels (of _ALL_LABELS) the text holds. Most labels are absent, and looking for an
    absent one reads the whole text: only those whose last three letters stand before some
    colon of the text (found by numpy, once) are looked for."""
    data = np.frombuffer(utf8_text, dtype=np.uint8)
    colons = np.flatnonzero(data == ord(":"))
    colons = colons[colons >= 3].astype(np.int64)
    ends = (data[colons - 3].astype(np.int32) << 16 | data[colons - 2].astype(np.int32) << 8
            | data[colons - 1].astype(np.int32))
    endings = set(np.unique(ends).tolist())

    def ending(label: str) -> int:
        tail = label.encode()[-3:].rjust(3, b" ")
        return tail[0] << 16 | tail[1] << 8 | tail[2]

    return [label for label in _ALL_LABELS
            if ending(label) in endings and f" {label}:" in whole]


def labelled_fields(text: pd.Series) -> pd.DataFrame:
    """The ``Naam: … Omschrijving: … IBAN: … Kenmerk: …`` fields of description texts (also
    Name/Description/Reference): columns name, description, iban, reference, "" where absent
    (see find_fields)."""
    fields = find_fields(text)
    return pd.DataFrame({field: fields.get(field) for field in _LABELS})


# the field codes of the Dutch structured description (/TRTP/…/IBAN/…/NAME/…/REMI/…)
SLASH_KEYS = ("TRTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "SVCL", "ORDP",
              "BENM", "ID", "ADDR", "CNTP", "ULTC", "ULTD", "ULTB", "PURP", "RTRN", "ISDT",
              "OCMT", "ACCW", "BUSP", "PREF", "CPRP", "FX", "EXCH", "CHGS", "CREF")
# a field's value: up to the next /KEY/ (a slash that starts no key is part of the value);
# the keys are only tried at slashes, so a long text costs one pass
_SLASH_VALUE = "[^/]*(?:/(?!(?:" + "|".join(SLASH_KEYS) + ")/)[^/]*)*"
# the keys of the unstructured SEPA form (`SEPA Overboeking  IBAN: …  Naam: …  Omschrijving: …`)
COLON_KEYS = ("IBAN", "BIC", "Naam", "Omschrijving", "Kenmerk", "Machtiging", "Incassant",
              "Betalingskenm.", "Betalingskenmerk", "Adres", "Referentie", "Ref", "Datum/Tijd",
              "Valutadatum")
_COLON_NEXT = r"(?=\s+(?:" + "|".join(re.escape(k) for k in COLON_KEYS) + r"):|\s*$)"
RETURN_WORDS = r"(?i)terugboeking|storno|retour|terugbetaald|reversal|\breturn"


def _optional(key: str, group: str, value: str, after: str) -> str:
    """A lookahead that finds ``key`` anywhere in the text and captures what follows it."""
    return f"(?=(?:.*?{key}(?P<{group}>{value}){after})?)"


_SLASH_ALL = ("^" + "".join(_optional(f"/{key}/", key, _SLASH_VALUE, "")
                            for key in ("TRTP", "IBAN", "NAME", "REMI"))
              # Rabobank and ING also write the counterparty as /CNTP/iban/bic/name/city/
              + _optional("/CNTP/", "c_iban", "[^/]*", "")
              + _optional("/CNTP/[^/]*/[^/]*/", "c_name", "[^/]*", "")
              + _optional("/RTRN/", "RTRN", "[^/]", ""))
_COLON_ALL = ("^" + "".join(_optional(rf"(?:^|\s){re.escape(key)}:\s*", group, ".*?",
                                      _COLON_NEXT)
                            for key, group in (("Naam", "naam"), ("IBAN", "iban"),
                                               ("Omschrijving", "omschrijving")))
              + r"(?P<kind>.*?)(?=\s+(?:" + "|".join(re.escape(k) for k in COLON_KEYS)
              + r"):|\s*$)")


def describe(texts: pd.Series) -> pd.DataFrame:
    """A bank's description, whatever its form -> payer, counterparty_iban, description,
    transaction_type and returned (a return reason /RTRN/ present), one row per text.

    The structured form (``/TRTP/…/NAME/…``) and the SEPA form with ``Naam:`` are parsed into
    their fields; any other text (a card payment, interest) is the description as it is.
    Each distinct text is parsed once.
    """
    codes, distinct = pd.factorize(texts.fillna("").astype(str).to_numpy(dtype=object),
                                   use_na_sentinel=False)
    found = _describe_distinct(pd.Series(distinct, dtype=object).str.strip())
    return found.iloc[codes].reset_index(drop=True).set_axis(texts.index)


def _describe_distinct(texts: pd.Series) -> pd.DataFrame:
    slash = texts.str.match(r"/[A-Z]{2,4}/") & texts.str.contains(r"/(?:TRTP|NAME|REMI|IBAN)/")
    colon = ~slash & texts.str.contains(r"(?:^|\s)(?:Naam|IBAN|Omschrijving):", regex=True)
    out = pd.DataFrame({"payer": "", "counterparty_iban": "", "description": texts,
                        "transaction_type": "", "returned": False}, index=texts.index)
    if slash.any():
        part = texts[slash].str.extract(_SLASH_ALL).fillna("")
        remi = part["REMI"].str.replace(r"^(?:USTD//?|STRD/CUR/|STRD//)", "", regex=True)
        name, account = part["NAME"].str.strip(), part["IBAN"]
        out.loc[slash, "payer"] = name.where(name != "", part["c_name"].str.strip())
        out.loc[slash, "counterparty_iban"] = account.where(account != "", part["c_iban"])
        out.loc[slash, "description"] = remi.str.strip().str.rstrip("/").str.strip()
        out.loc[slash, "transaction_type"] = part["TRTP"].str.strip()
        out.loc[slash, "returned"] = part["RTRN"] != ""
    if colon.any():
        part = texts[colon].str.extract(_COLON_ALL).fillna("")
        out.loc[colon, "payer"] = part["naam"].str.strip()
        out.loc[colon, "counterparty_iban"] = part["iban"]
        out.loc[colon, "description"] = part["omschrijving"].str.strip()
        out.loc[colon, "transaction_type"] = part["kind"].str.replace(r"\s+", " ", regex=True)
    other = ~slash & ~colon
    if other.any():  # BEA/GEA card and cash lines: the code is the first word
        first = texts[other].str.extract(r"^(BEA|GEA|BA|GM|STORNO)\b", expand=False)
        out.loc[other, "transaction_type"] = first.fillna("")
        out.loc[other, "description"] = texts[other].str.replace(r"\s{2,}", " ", regex=True)
    out["counterparty_iban"] = iban(out["counterparty_iban"])
    return out


def reversal_marks(*texts: pd.Series) -> pd.Series:
    """True where any of the texts (a type, a description) says the line is a return."""
    marked = pd.Series(False, index=texts[0].index)
    for text in texts:
        marked |= text.fillna("").astype(str).str.contains(RETURN_WORDS, regex=True)
    return marked

REVERSAL_PARTS = ("terugboeking", "storno", "stornering", "teruggeboekt", "reversal")


def reversal_from_text(*texts: pd.Series) -> np.ndarray:
    """ "1" where any of the texts names a reversal (terugboeking, storno), else ""."""
    marked = np.zeros(len(texts[0]), dtype=bool)
    for text in texts:  # each distinct text once: types and names repeat
        codes, distinct = pd.factorize(pd.Series(text, dtype=object).to_numpy(dtype=object),
                                       use_na_sentinel=False)
        cells = pd.Series(distinct, dtype=object).fillna("").to_numpy(dtype=object)
        marked |= _words_in(cells, REVERSAL_PARTS)[codes]
    return flags(marked)


def _words_in(cells: np.ndarray, parts: tuple[str, ...]) -> np.ndarray:
    """Per cell: whether its lower-case text holds one of ``parts``. The joined text is
    searched in C; only the cells where a part occurs are looked up (by their offsets)."""
    marked = np.zeros(len(cells), dtype=bool)
    try:
        whole = "\x00".join(cells)
    except TypeError:
        return per_distinct(cells, _reversal).astype(bool)
    lower = whole.lower()
    if len(lower) != len(whole):  # a letter whose lower case is longer: offsets would shift
        return per_distinct(cells, _reversal).astype(bool)
    starts: np.ndarray | None = None
    for part in parts:
        at = lower.find(part)
        if at < 0:
            continue
        if starts is None:  # where each cell starts in the joined text
            sizes = pd.Series(cells, dtype=object).str.len().to_numpy(dtype=np.int64)
            starts = np.concatenate(([0], np.cumsum(sizes + 1)[:-1]))
        if lower.count(part) > 64:  # many: numpy looks at every distinct cell instead
            return marked | per_distinct(cells, _reversal).astype(bool)
        found = []
        while at >= 0:  # one step per occurrence (a few), not per cell
            found.append(at)
            at = lower.find(part, at + 1)
        marked[np.searchsorted(starts, np.array(found), side="right") - 1] = True
    return marked


def _reversal(distinct: pd.Series) -> np.ndarray:
    lower = utf8(distinct, lower=True)
    whole = b"\x00".join(lower.tolist()) if len(lower) else b""
    marked = np.zeros(len(lower), dtype=bool)
    for part in REVERSAL_PARTS:
        if part.encode() in whole:
            marked |= np.strings.find(lower, part.encode()) >= 0
    return marked

