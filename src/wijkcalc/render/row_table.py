"""The classified rows of income tables on a terminal: a table from 100 columns, lines below."""

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
    wrapping at words (none cut), empty columns left out; below NARROW columns, a few lines
    per row."""
    rows = _row_cells(first, rules, lang=lang, explain=explain)
    if width < NARROW:
        return _rows_as_lines(rows, lang=lang, many_enterprises=many_enterprises)
    merged = explain and width < 120  # the reason needs the room: payer under category
    keep = _columns(rows, lang=lang, explain=explain, width=width, merged=merged)
    if not merged and _least_width(rows, keep) > width:
        keep = _columns(rows, lang=lang, explain=explain, width=width, merged=True)
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, expand=True, pad_edge=False,
                  show_edge=False)
    for key, title, ratio in keep:
        table.add_column(title, ratio=ratio, no_wrap=ratio is None,
                         justify="right" if key == "amount" else "left", overflow="fold",
                         # in an expanding table, rich takes a ratio column's width as its least
                         width=_least(rows, key, title) if ratio else None,
                         # and a column that does not wrap (an amount) is never cut short
                         min_width=None if ratio else _whole(rows, key, title))
    for row in rows:
        table.add_row(*(row[key] for key, _, _ in keep))
    return table


def _columns(rows: list[dict[str, Text]], *, lang: str, explain: bool, width: int,
             merged: bool) -> list[tuple[str, str, int | None]]:
    """(key, title, ratio, or None for a column as wide as its widest cell) of the columns
    shown: those some row fills, the payer under the category when ``merged``."""
    wanted = [("enterprise", say(lang, "Enterprise"), 2)] if len(
        {row["enterprise"].plain for row in rows}) > 1 else []
    wanted += [("year", say(lang, "Year"), None), ("description", say(lang, "Description"), 3)]
    if merged:
        for row in rows:
            row["category_payer"] = Text("\n").join(
                [row[key] for key in ("category", "payer") if row[key].plain])
        wanted.append(("category_payer", say(lang, "Category") + "\n" + say(lang, "Payer"), 2))
    else:
        wanted += [("category", say(lang, "Category"), 2), ("payer", say(lang, "Payer"), 2)]
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


def _least_width(rows: list[dict[str, Text]], keep: list[tuple[str, str, int | None]]) -> int:
    """The least width of the table: text columns at their least, the others whole."""
    widths = [_least(rows, key, title) if ratio else _whole(rows, key, title)
              for key, title, ratio in keep]
    return sum(widths) + 2 * (len(widths) - 1)


MAX_WORD = 24  # a longer word (a URL, a reference) may fold


def _rows_as_lines(rows: list[dict[str, Text]], *, lang: str,
                   many_enterprises: bool) -> RenderableType:
    """Each row as a few lines: amount, class and what the money is; under it category,
    payer, year and rule, then the reason. Lines wrap at words, indented, at any width."""
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
        if "reason" in row and row["reason"].plain:
            lines.append(row["reason"])
        parts += [head, Padding(Group(*lines), (0, 0, 1, 4))]
    return Group(*parts)


def _row_cells(first: pd.DataFrame, rules: RuleSet, *, lang: str,
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


