"""The classified rows on a terminal: a table from 100 columns, a few lines per row below."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from .console import STYLES, shown
from .i18n import NC_, class_name, payer_name, say, say_in
from .numbers import money

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

    from ..rules import RuleSet


def class_text(cls: str, lang: str) -> Text:
    return Text(class_name(lang, cls), style=STYLES.get(cls, ""))


# the payer types wijkcalc knows -> their English names (msgids under msgctxt "payer type");
# the keys stay what rule files, CSV and JSON say
PAYER_TYPE_MSGIDS = {
    "government": NC_("payer type", "government"),
    "care": NC_("payer type", "care"),
    "fund": NC_("payer type", "fund"),
    "housing": NC_("payer type", "housing"),
    "business": NC_("payer type", "business"),
    "resident": NC_("payer type", "resident"),
    "person": NC_("payer type", "person"),
    "provider": NC_("payer type", "provider"),
    "unknown": NC_("payer type", "unknown"),
}


def payer_type_name(lang: str, payer_type: str) -> str:
    """A payer type as the reader's language names it; a rule file's own type as it is."""
    msgid = PAYER_TYPE_MSGIDS.get(payer_type)
    return payer_type if msgid is None else say_in(lang, "payer type", msgid)


NARROW = 100  # below this many columns, each row is a few lines instead of a table row


def rows_table(first: pd.DataFrame, rules: RuleSet, *, lang: str, explain: bool, width: int,
               many_enterprises: bool) -> RenderableType:
    """The rows of an income table: a table that uses the screen's width, its text columns
    wrapping at words (none split; one longer than MAX_WORD cut with an ellipsis), empty
    columns left out; below NARROW columns, a few lines per row."""
    rows = row_cells(first, rules, lang=lang, explain=explain)
    return rows_layout(rows, lang=lang, explain=explain, width=width,
                       many_enterprises=many_enterprises)


def rows_layout(rows: list[dict[str, Text]], *, lang: str, explain: bool, width: int,
                many_enterprises: bool, payer_title: str = "") -> RenderableType:
    """Rows' cells as a table from NARROW columns (or as lines when even its least width
    does not fit: words are never split), a few lines per row below. A row's optional
    "account" cell (bank lines) goes under the payer; ``payer_title`` names that column."""
    if width >= NARROW:
        for row in rows:
            row.setdefault("counterparty", Text("\n").join(
                [row[key] for key in ("payer", "account") if key in row and row[key].plain]))
        # the first that fits: as wide as it comes, the payer under the category, then
        # the class wrapping at its words too ("grijs gebied" on two lines)
        for merged, wrapping in ((explain and width < 120, frozenset()),
                                 (True, frozenset()), (True, WRAPS_LAST)):
            keep = _columns(rows, lang=lang, explain=explain, width=width, merged=merged,
                            payer_title=payer_title)
            if _least_width(rows, keep, wrapping) <= width:
                return _table(rows, keep, expand=width <= 200, wrapping=wrapping)
    return _rows_as_lines(rows, lang=lang, many_enterprises=many_enterprises)


def _table(rows: list[dict[str, Text]], keep: list[tuple[str, str, int | None]], *,
           expand: bool, wrapping: frozenset[str]) -> Table:
    """The table of the columns kept: text columns at least their longest word wide (up to
    MAX_WORD), wrapping at words; a longer word is cut with an ellipsis, never split."""
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, expand=expand, pad_edge=False,
                  show_edge=False)
    for key, title, ratio in keep:
        wraps = ratio is not None or key in wrapping
        table.add_column(title, ratio=ratio if expand else None, no_wrap=not wraps,
                         justify="right" if key == "amount" else "left", overflow="ellipsis",
                         # in an expanding table, rich takes a ratio column's width as its least
                         width=_least(rows, key, title) if ratio and expand else None,
                         min_width=_least(rows, key, title) if wraps else
                         # and a column that does not wrap (an amount) is never cut short
                         _whole(rows, key, title))
    for row in rows:
        table.add_row(*(row[key] for key, _, _ in keep))
    return table


def _columns(rows: list[dict[str, Text]], *, lang: str, explain: bool, width: int,
             merged: bool, payer_title: str) -> list[tuple[str, str, int | None]]:
    """(key, title, ratio, or None for a column as wide as its widest cell) of the columns
    shown: those some row fills, the payer under the category when ``merged``."""
    wanted = [("enterprise", say(lang, "Enterprise"), 2)] if len(
        {row["enterprise"].plain for row in rows}) > 1 else []
    wanted += [("year", say(lang, "Year"), None), ("description", say(lang, "Description"), 3)]
    payer = payer_title or say(lang, "Payer")
    # a bank line's account makes its counterparty three lines: it gets more of the room
    if merged:
        for row in rows:
            row["category_payer"] = Text("\n").join(
                [row[key] for key in ("category", "counterparty") if row[key].plain])
        # a title names only what some row fills: bank lines have no category
        titles = [title for key, title in (("category", say(lang, "Category")),
                                           ("counterparty", payer))
                  if any(row[key].plain for row in rows)]
        wanted.append(("category_payer", "\n".join(titles), 3 if payer_title else 2))
    else:
        wanted += [("category", say(lang, "Category"), 2),
                   ("counterparty", payer, 3 if payer_title else 2)]
    if width >= (160 if explain else 120):
        wanted.append(("payer_type", say(lang, "Payer type"), None))
    wanted += [("amount", say(lang, "Amount"), None), ("class", say(lang, "Class"), None)]
    # explained, the rule's id heads its reason: one column, and the reason has the room
    wanted.append(("explained", say(lang, "Rule and reason"), 4) if explain
                  else ("rule", say(lang, "Rule"), None))
    # a column no row fills is left out: its room goes to the others
    return [(key, title, ratio) for key, title, ratio in wanted
            if key in ("amount", "class") or any(row[key].plain for row in rows)]


def _least(rows: list[dict[str, Text]], key: str, title: str) -> int:
    """A text column's least width: its longest word (words wrap, never split), its title."""
    longest = max((len(word) for row in rows for word in row[key].plain.split()), default=0)
    return min(max(longest, *(len(line) for line in title.splitlines())), MAX_WORD)


def _whole(rows: list[dict[str, Text]], key: str, title: str) -> int:
    """The width of a column that does not wrap: its widest cell or its title."""
    return max(len(title), *(row[key].cell_len for row in rows))


def _least_width(rows: list[dict[str, Text]], keep: list[tuple[str, str, int | None]],
                 wrapping: frozenset[str]) -> int:
    """The least width of the table: text columns (and those ``wrapping``) at their least,
    the others whole, and between two columns their padding and the box's blank divider
    (3 characters)."""
    widths = [_least(rows, key, title) if ratio or key in wrapping
              else _whole(rows, key, title) for key, title, ratio in keep]
    return sum(widths) + 3 * (len(widths) - 1)


# columns as wide as their widest cell that wrap at words only when the table would not fit
# otherwise ("grijs gebied" on two lines at 100 columns)
WRAPS_LAST = frozenset({"class"})
MAX_WORD = 24  # a longer word (a URL, a reference) may fold


def _rows_as_lines(rows: list[dict[str, Text]], *, lang: str,
                   many_enterprises: bool) -> RenderableType:
    """Each row as a few lines: amount, class and what the money is; under it category,
    payer, year and rule, the account of a bank line, then the reason. Lines wrap at words,
    indented, at any width."""
    from rich.console import Group
    from rich.padding import Padding

    parts: list[RenderableType] = []
    for row in rows:
        head = Table.grid(padding=(0, 2))
        head.add_column(no_wrap=True, justify="right")
        head.add_column(no_wrap=True)
        head.add_column(ratio=1)
        what = row["description"] if row["description"].plain else row["category"]
        head.add_row(row["amount"], row["class"], what)
        details = [row[key] for key in ("category", "payer", "year")
                   if row[key].plain and row[key] is not what]
        if many_enterprises:
            details.insert(0, row["enterprise"])
        details.append(Text(say(lang, "rule") + ": ").append_text(row["rule"]))
        lines = [Text(" · ").join(details)]
        if "account" in row and row["account"].plain:  # a bank line's IBAN, bank and hint
            lines.append(row["account"])
        if "reason" in row and row["reason"].plain:
            lines.append(row["reason"])
        parts += [head, Padding(Group(*lines), (0, 0, 1, 4))]
    return Group(*parts)


def row_cells(first: pd.DataFrame, rules: RuleSet, *, lang: str,
               explain: bool) -> list[dict[str, Text]]:
    """Each row's cells as Text (user text as Text, never as markup: "[bold]" stays)."""
    import pandas as pd

    reasons = rules.reasons(lang, partial(say, lang))
    payers = per_distinct_text(first["payer"], lambda name: payer_name(name, lang))
    payer_types = per_distinct_text(first["payer_type"], partial(payer_type_name, lang))
    columns = [first[c].tolist() for c in ("enterprise", "year", "description", "category",
                                            "payer_type", "amount_cents", "class", "rule")]
    cells = []
    for payer, payer_type, (enterprise, year, description, category, _, cents, cls, rule) in zip(
        payers, payer_types, zip(*columns, strict=True), strict=True
    ):
        row = {"enterprise": shown(str(enterprise)),
               "year": Text("" if pd.isna(year) else str(year)),
               "description": shown(str(description)), "category": shown(str(category)),
               "payer": shown(payer), "payer_type": shown(str(payer_type)),
               "amount": Text(money(int(cents), lang)), "class": class_text(cls, lang),
               # a rule id and a reason come from a user's rule file: Text, never markup
               "rule": shown(str(rule) or "—")}
        if explain:
            row["reason"] = shown(reasons.get(str(rule), ""))
            row["explained"] = shown(str(rule) or "—", "bold")
            if row["reason"].plain:
                row["explained"].append("\n").append_text(row["reason"])
        cells.append(row)
    return cells


def per_distinct_text(values: pd.Series, function: Callable[[str], str]) -> list[str]:
    """``function`` of each value as text, computed once per distinct value."""
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    done = [function(str(value)) for value in uniques]  # str() as each row had it: nan too
    return [done[code] for code in codes.tolist()]


