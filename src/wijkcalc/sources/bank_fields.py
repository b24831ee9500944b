"""Bank description texts: labelled fields (Naam: …), /TRTP/ and SEPA forms, reversal words."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bank_text import clean_text, flags, iban, per_distinct, utf8

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
    """Where the labelled fields of description texts are: the texts' UTF-8 (one buffer, each
    text a space in front, NUL between), where each text starts in it, and per field the byte
    span of its value within each text (start == end where the text has no such field)."""

    data: np.ndarray  # uint8: " text\x00 text\x00 …"
    bases: np.ndarray  # each text's first byte (its leading space) in data
    spans: dict[str, tuple[np.ndarray, np.ndarray]]

    def labelled(self) -> np.ndarray:
        """Per text: whether it holds any field with a value."""
        found = np.zeros(len(self.bases), dtype=bool)
        for start, end in self.spans.values():
            found |= end > start
        return found

    def get(self, field: str, rows: np.ndarray | None = None) -> pd.Series:
        """The field's values (of ``rows`` only, a boolean mask, when given) as str."""
        return self.get_all((field,), rows)[0]

    def get_all(self, names: tuple[str, ...], rows: np.ndarray | None = None
                ) -> list[pd.Series]:
        """The values of the fields ``names``, made str together: their bytes gathered from
        the buffer by numpy into one NUL-separated text, decoded once and split."""
        bases = self.bases if rows is None else self.bases[rows]
        starts, sizes = [], []
        for field in names:
            start, end = self.spans[field]
            if rows is not None:
                start, end = start[rows], end[rows]
            starts.append(bases + start)
            sizes.append(end - start)
        count = len(bases)
        values = _gathered(self.data, np.concatenate(starts), np.concatenate(sizes)) \
            if count and names else np.zeros(0, dtype=object)
        found = [values[at * count:(at + 1) * count] for at in range(len(names))]
        return [iban(value) if field == "iban" else pd.Series(value, dtype=object)
                for field, value in zip(names, found, strict=True)]


def _gathered(data: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The texts of the byte spans (``starts``, ``sizes``) of UTF-8 ``data`` as an object
    array of str: the spans copied by one numpy gather, NUL between, decoded once."""
    total = int(sizes.sum())
    places = np.cumsum(sizes + 1) - (sizes + 1)  # each span's start in the gathered bytes
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    out = np.zeros(total + len(sizes) - 1, dtype=np.uint8)
    out[np.repeat(places, sizes) + within] = data[np.repeat(starts, sizes) + within]
    return np.array(out.tobytes().decode("utf-8").split("\x00"), dtype=object)


def find_fields(text: pd.Series | np.ndarray, *, cleaned: bool = False) -> Fields:
    """The spans of the ``Naam: … Omschrijving: … IBAN: … Kenmerk: …`` fields (also
    Name/Description/Reference) of description texts. A field runs to the next label (any of
    _ALL_LABELS) after it. Found by numpy in the texts' joined UTF-8, where a label (ASCII)
    never splits a character: each colon once, the label before it compared byte by byte.
    ``cleaned``: the texts come from clean_text (Records.column) and are not cleaned again."""
    texts = pd.Series(text, dtype=object).fillna("").to_numpy(dtype=object)
    texts = texts if cleaned else clean_text(texts).to_numpy(dtype=object)
    encoded = (" " + "\x00 ".join(texts)).encode("utf-8")  # each text with a space in front
    data = np.frombuffer(encoded, dtype=np.uint8)
    nul = np.flatnonzero(data == 0)
    if len(nul) != max(len(texts) - 1, 0):  # a NUL in a text: drop it
        encoded = (" " + "\x00 ".join(cell.replace("\x00", "") for cell in texts)).encode()
        data = np.frombuffer(encoded, dtype=np.uint8)
        nul = np.flatnonzero(data == 0)
    count = len(texts)
    bases = np.concatenate(([0], nul + 1)).astype(np.int64)[:count]
    size = (np.append(nul, len(data)).astype(np.int64) - bases)[:count]
    present, at = _label_places(data, bases, count)
    width = np.array([len(name) + 2 for name in present], dtype=np.int64)
    last = max(len(data) - 1, 0)
    spans: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for field, labels in _LABELS.items():
        which = [present.index(label) for label in labels if label in present]
        if not which:
            spans[field] = (np.zeros(count, np.int64), np.zeros(count, np.int64))
            continue
        first = at[which].min(axis=0)
        found = first < _FAR
        label = np.array(which)[at[which].argmin(axis=0)]
        start = np.minimum(np.where(found, first + width[label], 0), size)
        # clean text: at most one space after the colon, and none before the next label
        after = data[np.minimum(bases + start, last)] if len(data) else np.zeros(0, np.uint8)
        start = start + ((after == ord(" ")) & (start < size))
        end = np.where(found, np.minimum(np.where(at > first, at, _FAR).min(axis=0), size), 0)
        spans[field] = (start, np.maximum(start, end))
    return Fields(data, bases, spans)


def _label_places(data: np.ndarray, bases: np.ndarray, count: int
                  ) -> tuple[list[str], np.ndarray]:
    """The labels (of _ALL_LABELS) the texts hold, and per label and text where its first
    `` label:`` starts in the text (_FAR where it has none): only the bytes before each colon
    of the buffer are compared, so an absent label costs next to nothing."""
    colons = np.flatnonzero(data == ord(":")).astype(np.int64)
    colons = colons[colons >= 3]
    ends = (data[colons - 3].astype(np.int32) << 16 | data[colons - 2].astype(np.int32) << 8
            | data[colons - 1].astype(np.int32))  # the three bytes before each colon
    endings = set(np.unique(ends).tolist())
    present: list[str] = []
    rows_at: list[np.ndarray] = []
    for label in _ALL_LABELS:
        pattern = f" {label}:".encode()
        tail = pattern[-4:-1].rjust(3, b" ")
        if (tail[0] << 16 | tail[1] << 8 | tail[2]) not in endings:
            continue
        begins = colons[(ends == (tail[0] << 16 | tail[1] << 8 | tail[2]))]
        begins = begins[begins >= len(pattern) - 1] - (len(pattern) - 1)
        for offset, byte in enumerate(pattern[:-4]):
            begins = begins[data[begins + offset] == byte]
        if not len(begins):
            continue
        row = np.searchsorted(bases, begins, side="right") - 1
        rows, first = np.unique(row, return_index=True)  # begins ascend: the first per text
        place = np.full(count, _FAR, dtype=np.int64)
        place[rows] = begins[first] - bases[rows]
        present.append(label)
        rows_at.append(place)
    return present, (np.stack(rows_at) if rows_at else np.zeros((0, count), np.int64))


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

