"""Statements as treasurers write them: sections, headings, totals, result lines and thousands.

A statement of income and expenditure lists "Baten" and then "Lasten" in one column, with
section headings (a label without a figure), sub-headings (ending in a colon), totals and
subtotals ("Totaal baten", "Som", or the section's own name again), and result lines
("Resultaat", "Saldo", "Bedrijfsresultaat voordelig"). shape() turns such a grid into income
and cost rows: rows under a cost heading get kind "cost"; headings, totals and result lines are
left out, and each total is checked against the rows it closes. Amounts stated in thousands
("Bedragen x € 1.000") are scaled by the pipeline. Interest ("Rentebaten") is left to the
rules: the default rule financial-income excludes it. A plain income table passes through
unchanged, but for its total rows.
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd

from ..errors import AS_IT_IS, N_, Joined, Number, Text
from ..money import AmountError, decimal_evidence, parse_amounts
from . import sniff, wide
from .base import Grid, as_cells
from .columns import match_columns, strip_accents

INCOME_WORDS = ("baten", "inkomsten", "opbrengsten", "opbrengst", "omzet", "revenue",
                "revenues", "income")
COST_WORDS = ("lasten", "uitgaven", "kosten", "expenses", "costs", "expenditure",
              "expenditures")
TOTAL_WORDS = ("totaal", "subtotaal", "totalen", "totale", "total", "subtotal", "totals")
# "Som" and "Sum" say total alone or as "Som der baten", "Sum of income" (not "SUM(1)")
SUM_WORDS = ("som", "sum")
SUM_JOINS = ("der", "van", "of", "baten", "lasten", "inkomsten", "uitgaven", "income")
# a label of one of these words alone is a result line; "V" and "N" (voordelig, nadelig)
# mark a result in a column of their own, next to its figure, and are no label
RESULT_WORDS = ("resultaat", "saldo", "result", "surplus", "deficit", "tekort", "overschot",
                "voordelig", "nadelig")
THOUSANDS = re.compile(r"x\s*(?:€|eur\b|euro\b)?\s*1[.,\s]?000\b|\bin\s+duizenden\b|"
                       r"\bduizenden\s+euro|\bin\s+thousands\b|\bthousands\s+of\s+euro",
                       re.IGNORECASE)
THOUSAND = 1000
# what a label of a total, result, section or heading holds somewhere (role() then decides)
_HINT = re.compile("|".join((*TOTAL_WORDS, *SUM_WORDS, *RESULT_WORDS, "result", *INCOME_WORDS,
                             *COST_WORDS, ":", "1.000", "1000", "duizend", "thousand")),
                   re.IGNORECASE)
HALF_UNIT = 50  # cents: a figure rounded to whole units is off by at most this much


@dataclasses.dataclass(frozen=True)
class Shaped:
    """A grid with its statement rows understood, and by how much its amounts are stated."""

    grid: Grid
    scale: int = 1  # the amounts are this many euros per unit written (1000: in thousands)
    # what the reader is told once the table has been read: what was left out, totals that
    # do not add up (said only then, so that a file in error gets its one error line only)
    notes: tuple[str | Text, ...] = ()


def words(text: object) -> list[str]:
    """A label's words, lower case, without accents or punctuation."""
    plain = strip_accents(str(text)).lower()
    return re.sub(r"[^0-9a-z]+", " ", plain).split()


def role(text: object) -> str:
    """What a label says the row is: "total", "result", a section ("income" or
    "cost", when it has no figure), or "" for an ordinary row."""
    found = words(text)
    if not found:
        return ""
    if found[0] in TOTAL_WORDS or (found[0] in SUM_WORDS
                                   and (len(found) == 1 or found[1] in SUM_JOINS)):
        return "total"
    if any(word.endswith(("resultaat", "result")) for word in found) \
            or found[0] == "saldo" or (len(found) == 1 and found[0] in RESULT_WORDS):
        return "result"
    income = any(word.endswith(INCOME_WORDS) for word in found)
    cost = any(word.endswith(COST_WORDS) for word in found)
    if income != cost:
        return "income" if income else "cost"
    return ""


def shape(grid: Grid, name: str) -> Shaped:
    """The grid as income and cost rows (see the module's docstring)."""
    grid, scale = _thousands(grid)
    grid = _label_column(grid)
    found = match_columns(grid.header)
    labels = [found[c] for c in ("description", "category") if c in found]
    figures = [found["amount"]] if "amount" in found else \
        [] if "year" in found else list(wide.year_columns(grid.header))
    if not labels or not figures or not len(grid.lines):
        return Shaped(grid, scale)
    # the distinct labels of each label column first: a plain table ends here, cheaply
    # the distinct labels of each label column first, and only those that hold a word of a
    # total, result or section: a plain table ends here, cheaply, however many its labels
    raw = pd.Series(pd.unique(np.concatenate([_distinct(grid.columns[p]) for p in labels])),
                    dtype=object)
    distinct = raw.map(_text)
    hinted = distinct.str.contains(_HINT).to_numpy(dtype=bool)
    roles = {label: role(label) for label in distinct[hinted]}
    colon = [label for label in distinct[hinted] if label.endswith(":")]
    if any(THOUSANDS.search(label) for label in distinct[hinted]):
        scale = THOUSAND  # "Bedragen x € 1.000" as a line of the table itself
    if not colon and not any(r in ("total", "result") for r in roles.values()) and \
            not _headings_among(grid, labels, figures,
                                raw[distinct.map(roles).isin(SECTIONS).to_numpy()]):
        return Shaped(grid, scale)  # a plain table: nothing to do
    grid = as_cells(grid)
    text = pd.Series(_label_text(grid, labels), dtype=object)
    rows = _Rows(text, text.map(roles).fillna("").to_numpy(dtype=object), _loose(text),
                 ~np.logical_and.reduce([wide.blank(grid.columns[p]) for p in figures]))
    statement = bool(colon) or bool(np.isin(rows.role[~rows.has_figure], SECTIONS).any())
    shaped, notes = _statement(grid, name, rows, figures, scale, statement=statement,
                               has_kind="kind" in found)
    return Shaped(shaped, scale, notes)


SECTIONS = ("income", "cost")


@dataclasses.dataclass(frozen=True)
class _Rows:
    """Per row of a grid: its label, what the label says, the label's words, and whether it
    has a figure."""

    text: pd.Series
    role: np.ndarray
    plain: np.ndarray
    has_figure: np.ndarray


def _thousands(grid: Grid) -> tuple[Grid, int]:
    """The grid with "(x € 1.000)" taken out of its header, and its scale: 1000 when its
    title lines or header say the amounts are in thousands."""
    said = any(THOUSANDS.search(line) for line in (*grid.above, *grid.header))
    if not said:
        return grid, 1
    header = [" ".join(THOUSANDS.sub(" ", cell).replace("()", " ").split()) for cell in
              grid.header]
    return dataclasses.replace(grid, header=header), THOUSAND


def _label_column(grid: Grid) -> Grid:
    """A statement's first column often has no header: it is the description."""
    if grid.header and not grid.header[0] and "description" not in match_columns(grid.header) \
            and "category" not in match_columns(grid.header):
        return dataclasses.replace(grid, header=["omschrijving", *grid.header[1:]])
    return grid


def _distinct(column: np.ndarray | pd.Categorical) -> np.ndarray:
    """A column's distinct cells (a categorical's are its categories: appearance_ordered)."""
    if isinstance(column, pd.Categorical):
        return np.asarray(column.categories, dtype=object)
    return pd.unique(column)


def _label_text(grid: Grid, labels: list[int]) -> np.ndarray:
    """Each row's label: its description, or its category when that is blank."""
    text: np.ndarray | None = None
    for position in labels:
        codes, values = pd.factorize(grid.columns[position], use_na_sentinel=False)
        mapped = np.array([_text(value) for value in values], dtype=object)[codes]
        text = mapped if text is None else np.where(text != "", text, mapped)
    return text if text is not None else np.zeros(0, dtype=object)


def _headings_among(grid: Grid, labels: list[int], figures: list[int],
                    sections: pd.Series) -> bool:
    """Whether a row labelled with a section's name ("Baten") has no figure: a heading. A
    category such as "Overige baten" with its amount is an ordinary row."""
    if not len(sections):
        return False
    rows = np.logical_or.reduce([pd.Series(grid.columns[p], dtype=None if isinstance(
        grid.columns[p], pd.Categorical) else object).isin(sections).to_numpy() for p in labels])
    if not rows.any():
        return False
    # plain decimals parsed as they were read (Grid.cents) are figures, every one of them
    return bool(np.logical_and.reduce([np.zeros(int(rows.sum()), dtype=bool) if p in grid.cents
                                       else wide.blank(grid.columns[p][rows])
                                       for p in figures]).any())


def _loose(text: pd.Series) -> np.ndarray:
    """Labels compared loosely, per distinct label: case, spaces and punctuation aside
    ("BEDRIJFSOPBRENGSTEN:" is "Bedrijfsopbrengsten")."""
    codes, values = pd.factorize(text.to_numpy(dtype=object), use_na_sentinel=False)
    loose = pd.Series(values, dtype=object).str.lower().str.replace(r"\W+", " ", regex=True)
    return loose.str.strip().to_numpy(dtype=object)[codes]


def _text(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and cell != cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _statement(grid: Grid, name: str, rows: _Rows, figures: list[int], scale: int, *,
               statement: bool, has_kind: bool) -> tuple[Grid, tuple[str, ...]]:
    """Headings, totals and result lines out; kind and class from the sections; totals
    checked against their rows."""
    role, has_figure = rows.role, rows.has_figure
    heading = ~has_figure & (rows.text != "").to_numpy() if statement \
        else np.zeros(len(role), dtype=bool)
    section = pd.Series(np.where(heading & np.isin(role, SECTIONS), role, None), dtype=object
                        ).ffill().fillna("income").to_numpy(dtype=object)
    # a total may carry the name of the heading or section it closes ("BEDRIJFSOPBRENGSTEN")
    named = np.zeros(len(role), dtype=bool)
    for opens in (heading, heading & np.isin(role, SECTIONS)):
        last = pd.Series(np.where(opens, rows.plain, None), dtype=object).ffill().fillna("")
        named |= (rows.plain == last.to_numpy(dtype=object)) & (last != "").to_numpy()
    total = has_figure & ((role == "total") | named)
    result = has_figure & (role == "result") & ~total
    item = has_figure & ~total & ~result
    checked = _check_totals(grid, name, figures, rows.text, item, total, heading, section,
                          scale)
    keep = item | (~has_figure & (not statement))
    columns = [column[keep] for column in grid.columns]
    header = list(grid.header)
    if statement and not has_kind:
        header.append("kind")
        columns.append(np.where(section == "cost", "cost", "income").astype(object)[keep])
    said = _said(name, statement=statement, headings=int(heading.sum()),
                 totals=int(total.sum()), checked=checked, results=int(result.sum()),
                 scale=scale)
    return (dataclasses.replace(grid, header=header, columns=columns, lines=grid.lines[keep]),
            (*said, *checked.notes))


@dataclasses.dataclass(frozen=True)
class _Checked:
    exact: int  # totals equal to their rows
    rounded: int  # totals off by the rounding of their rows only
    notes: tuple[Text, ...] = ()  # one for each total that does not add up


def _check_totals(grid: Grid, name: str, figures: list[int], text: pd.Series, item: np.ndarray,
                  total: np.ndarray, heading: np.ndarray, section: np.ndarray,
                  scale: int) -> _Checked:
    """How many totals equal the rows they close (in every column); a warning with both
    figures for each that does not. A total closes the rows since the previous total or
    heading, or its section's rows, or all rows above it; in thousands, rounding is allowed
    for."""
    wrong: set[int] = set()
    notes: list[Text] = []
    rounded: set[int] = set()  # off by no more than the rounding of its rows to thousands
    positions = np.flatnonzero(total)
    for figure in figures:
        cells = pd.Series(grid.columns[figure], dtype=object)
        cents = _cents(cells, item | total)
        if cents is None:
            continue  # a bad amount: reading the rows says what is wrong with it
        counted = np.where(item, cents, 0)
        before = np.concatenate([[0], np.cumsum(counted)])
        items_before = np.concatenate([[0], np.cumsum(item)])
        boundary = np.flatnonzero(total | heading)
        starts = np.flatnonzero(np.concatenate([[True], section[1:] != section[:-1]]))
        for at in positions:
            if wide.blank(np.array([cells.iloc[at]], dtype=object))[0]:
                continue
            run = boundary[boundary < at]
            since = [int(run[-1]) + 1 if len(run) else 0,
                     int(starts[starts <= at][-1]), 0]
            sums = [(int(before[at] - before[s]), int(items_before[at] - items_before[s]))
                    for s in since]
            said = int(cents[at])
            if any(said == got for got, _ in sums):
                continue
            if scale > 1 and any(abs(said - got) <= HALF_UNIT * rows for got, rows in sums):
                rounded.add(int(at))
                continue
            wrong.add(int(at))
            got = next((got for got, rows in sums if rows), sums[0][0])
            column = f" ({grid.header[figure]})" if len(figures) > 1 else ""
            notes.append(Text(
                N_("{file}:{line}: the total '{total}'{column} says {said}, but the rows above it "
                   "add up to {got}: the rows are counted, the total is left out; check the "
                   "sheet"), file=name, line=int(grid.lines[at]),
                total=sniff.excerpt(text.iloc[at]), column=column, said=Number(_written(said)),
                got=Number(_written(got))))
    return _Checked(len(positions) - len(wrong | rounded), len(rounded - wrong),
                    tuple(notes))


def _cents(cells: pd.Series, wanted: np.ndarray) -> np.ndarray | None:
    """The cents of the wanted, non-blank cells (0 elsewhere), or None when one is not an
    amount."""
    use = wanted & ~wide.blank(cells.to_numpy(dtype=object))
    cents = np.zeros(len(cells), dtype=np.int64)
    chosen = cells[use].reset_index(drop=True)
    try:
        marks = decimal_evidence(chosen)[0] if len(chosen) else frozenset()
        cents[use] = parse_amounts(chosen, marks)
    except (AmountError, ValueError, TypeError):
        return None
    return cents


def _written(cents: int) -> str:
    """Cents as a figure in a message: 47,250.50, or 125 when whole."""
    whole, part = divmod(abs(cents), 100)
    sign = "-" if cents < 0 else ""
    return f"{sign}{whole:,}" + (f".{part:02d}" if part else "")


def _said(name: str, *, statement: bool, headings: int, totals: int, checked: _Checked,
          results: int, scale: int) -> tuple[Text, ...]:
    """One line on what was read as a statement and left out, so a treasurer can check it."""
    # Dutch and English both take the singular for 1 only: the form is chosen here, each a
    # msgid of its own
    parts = []
    if statement and headings:  # "0 headings left out" tells nothing to check
        parts.append(Text(N_("{n} heading") if headings == 1 else N_("{n} headings"), n=headings))
    if totals:
        parts.append(Text(N_("{n} total") if totals == 1 else N_("{n} totals"), n=totals))
    if results:
        parts.append(Text(N_("{n} result line") if results == 1 else N_("{n} result lines"),
                          n=results))
    if not parts:
        return (Text(N_("{file}: the amounts are in thousands of euros"), file=name),) \
            if scale > 1 else ()
    listed = parts[0] if len(parts) == 1 else Text(N_("{items} and {last}"),
                                                   items=Joined(parts[:-1], ", "), last=parts[-1])
    line: list[Text] = [Text(N_("{file}: read as a statement: {parts} left out") if statement
                             else N_("{file}: {parts} left out"), file=name, parts=listed)]
    if totals:
        adding = checked.exact + checked.rounded
        line.append(Text(N_("; the total adds up to its rows")) if adding == totals == 1 else
                    Text(N_("; the totals add up to their rows")) if adding == totals else
                    Text(N_("; {adding} of {totals} totals add up to their rows"), adding=adding,
                         totals=totals))
        if checked.rounded:
            line.append(Text(N_(" ({n} only after rounding to thousands)"), n=checked.rounded)
                        if totals > 1 else Text(N_(" after rounding to thousands")))
    if scale > 1:
        line.append(Text(N_("; the amounts are in thousands of euros")))
    return (Text(AS_IT_IS, text=Joined(line, "")),)
