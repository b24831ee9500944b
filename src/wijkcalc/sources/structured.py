"""Bank text shared by the ABN AMRO, Triodos, ASN and MT940 readers: fields, amounts, dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError

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
CONTRACT = ("amount_cents", "kind", "date", "payer", "counterparty_iban", "description",
            "reference", "account", "account_holder", "reversal", "transaction_type",
            "category")
Fail = Callable[[str, int], InputError]


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
        name, iban = part["NAME"].str.strip(), part["IBAN"]
        out.loc[slash, "payer"] = name.where(name != "", part["c_name"].str.strip())
        out.loc[slash, "counterparty_iban"] = iban.where(iban != "", part["c_iban"])
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
    out["counterparty_iban"] = normal_iban(out["counterparty_iban"])
    return out


def on_distinct(values: pd.Series, transform: Callable[[pd.Series, Fail], np.ndarray],
                fail: Fail) -> np.ndarray:
    """``transform`` applied to the distinct values only (dates, accounts and amounts repeat
    over a bank's lines), spread back to the rows; an error names the first row it concerns."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)

    def fail_row(message: str, position: int) -> InputError:
        return fail(message, int(np.argmax(codes == position)))

    return np.asarray(transform(pd.Series(distinct, dtype=object), fail_row))[codes]


def reversal_marks(*texts: pd.Series) -> pd.Series:
    """True where any of the texts (a type, a description) says the line is a return."""
    marked = pd.Series(False, index=texts[0].index)
    for text in texts:
        marked |= text.fillna("").astype(str).str.contains(RETURN_WORDS, regex=True)
    return marked


def normal_iban(values: pd.Series) -> pd.Series:
    """An account as the bank writes it -> upper case, without spaces or dots."""
    codes, distinct = pd.factorize(values.fillna("").astype(str).to_numpy(dtype=object),
                                   use_na_sentinel=False)
    cleaned = pd.Series(distinct, dtype=object).str.upper().str.replace(r"[\s.]", "",
                                                                         regex=True)
    return pd.Series(cleaned.to_numpy(dtype=object)[codes], index=values.index, dtype=object)


def iban_valid(text: str) -> bool:
    """Whether ``text`` is an IBAN whose check digits hold (ISO 13616, mod 97)."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}", text):
        return False
    moved = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def exact_cents(text: pd.Series, fail: Fail, *, decimal: str, thousands: str = "",
                what: str = "amount") -> np.ndarray:
    """Amount text with a known decimal mark -> int64 cents (see _cents), each distinct once."""
    return on_distinct(text, lambda values, failed: _cents(values, failed, decimal, thousands,
                                                           what), fail).astype(np.int64)


def _cents(text: pd.Series, fail: Fail, decimal: str, thousands: str, what: str
           ) -> np.ndarray:
    """Amount text with a known decimal mark -> int64 cents, exactly (integers, no floats).

    ``thousands`` (when the format groups digits) may stand between groups of three digits.
    The first amount that is not such a number is refused, naming its row.
    """
    cleaned = text.fillna("").astype(str).str.strip()
    grouped = rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+" if thousands else r"(?!)"
    pattern = (rf"^(?P<sign>[+-]?)(?P<whole>{grouped}|\d{{1,13}})"
               rf"(?:{re.escape(decimal)}(?P<tail>\d{{1,2}}))?$")
    parts = cleaned.str.extract(pattern)
    bad = parts["whole"].isna().to_numpy()
    if bad.any():
        position = int(np.argmax(bad))
        shown = cleaned.iloc[position]
        example = "1250,00" if decimal == "," else "1250.00"
        raise fail(f"{what} is {shown!r}; expected a number such as {example}"
                   if shown else f"{what} is empty; expected a number such as {example}",
                   position)
    whole = parts["whole"].str.replace(thousands or "#", "", regex=False)
    if (whole.str.len() > 13).any():
        position = int(np.argmax((whole.str.len() > 13).to_numpy()))
        raise fail(f"{what} {cleaned.iloc[position]!r} is too large", position)
    tail = parts["tail"].fillna("").str.ljust(2, "0")
    cents = whole.astype(np.int64).to_numpy() * 100 + tail.replace("", "0").astype(np.int64)
    sign = np.where(parts["sign"].to_numpy() == "-", -1, 1)
    return (np.asarray(cents, dtype=np.int64) * sign).astype(np.int64)


def iso_dates(text: pd.Series, fail: Fail, *, form: str, what: str = "date") -> np.ndarray:
    """Dates -> ISO strings (see _iso), each distinct date once."""
    return on_distinct(text, lambda values, failed: _iso(values, failed, form, what), fail)


def _iso(text: pd.Series, fail: Fail, form: str, what: str) -> np.ndarray:
    """Dates written ``dd-mm-yyyy`` (form "dmy") or ``yyyymmdd`` (form "compact") -> ISO
    ``yyyy-mm-dd`` strings; the first that is no real date is refused, naming its row."""
    cleaned = text.fillna("").astype(str).str.strip()
    if form == "dmy":
        parts = cleaned.str.extract(r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})$")
        example = "31-12-2024"
    else:
        parts = cleaned.str.extract(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$")
        example = "20241231"
    iso = (parts["y"] + "-" + parts["m"].str.zfill(2) + "-" + parts["d"].str.zfill(2))
    real = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce").notna().to_numpy()
    if not real.all():
        position = int(np.argmin(real))
        raise fail(f"{what} is {cleaned.iloc[position]!r}; expected a date such as {example}",
                   position)
    return iso.to_numpy(dtype=object)


def contract_columns(values: dict[str, object], rows: int) -> dict[str, np.ndarray]:
    """The contract's columns in their order: each an object array (``amount_cents`` int64),
    a single string given for a column repeated on every row."""
    columns: dict[str, np.ndarray] = {}
    for name in CONTRACT:
        value = values.get(name, "")
        if name == "amount_cents":
            columns[name] = np.asarray(value, dtype=np.int64)
        elif isinstance(value, str):
            columns[name] = np.full(rows, value, dtype=object)
        else:
            array = np.asarray(value, dtype=object)
            columns[name] = np.where(pd.isna(array), "", array).astype(object)
    return columns


def kinds(cents: np.ndarray) -> np.ndarray:
    """"income" for money in, "cost" for money out."""
    return np.where(cents < 0, "cost", "income").astype(object)


def flags(marked: pd.Series | np.ndarray) -> np.ndarray:
    """"1" where marked, else ""."""
    return np.where(np.asarray(marked, dtype=bool), "1", "").astype(object)


def read_rows(path: Path, text: str, *, separator: str, quotechar: str | None = '"'
              ) -> tuple[pd.DataFrame, np.ndarray]:
    """A headerless file's rows as strings (blank lines left out), and each row's line; a
    row shorter than the first has "" in the columns it lacks."""
    import csv
    import io

    try:
        frame = pd.read_csv(io.StringIO(text), sep=separator, header=None, dtype=object,
                            keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            quotechar=quotechar or '"', engine="c", index_col=False,
                            quoting=csv.QUOTE_MINIMAL if quotechar else csv.QUOTE_NONE)
    except pd.errors.ParserError as error:
        raise InputError(f"cannot be read: {str(error).strip().splitlines()[-1]}",
                         file=str(path)) from None
    except pd.errors.EmptyDataError:
        raise InputError("no transactions in the file", file=str(path)) from None
    frame = frame.fillna("")
    lines = np.arange(1, len(frame) + 1, dtype=np.int64)
    filled = (frame != "").any(axis=1).to_numpy()
    if not filled.any():
        raise InputError("no transactions in the file", file=str(path))
    return frame[filled].reset_index(drop=True), lines[filled]


def decode(raw: bytes, fallback: str) -> str:
    """The file's text: UTF-8 (with or without BOM), else ``fallback`` (a bank's 8-bit
    encoding, which decodes any byte)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode(fallback)
