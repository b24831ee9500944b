"""Rich terminal views of rows: the classified rows, their totals, and the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from ..vocab import INCOME_CLASSES
from .console import STYLES, shown
from .i18n import class_name, say, say_plural
from .numbers import money, percent
from .safe import terminal

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

    from ..analysis.results import ClassTotals, Unclassified
    from ..rules import RuleSet


def class_text(cls: str, lang: str) -> Text:
    return Text(class_name(lang, cls), style=STYLES.get(cls, ""))


def unclassified_warning(missing: Unclassified, lang: str) -> str:
    return say(lang, "{n} row(s) ({amount}) match no rule and are unclassified; categories: "
               "{categories}. Add a rule (wijkcalc rules --help) or fill in the class column.",
               n=missing.rows, amount=money(missing.cents, lang),
               categories=", ".join(map(terminal, missing.categories)) or "—")


def classify_view(classified: pd.DataFrame, totals: ClassTotals, rules: RuleSet, *, lang: str,
                  explain: bool, limit: int, width: int = 120) -> list[RenderableType]:
    """The rows with their class and rule; narrow terminals drop the payer-type column."""
    many_enterprises = classified["enterprise"].nunique() > 1
    with_payer_type = width >= 110
    table = Table(header_style="bold", box=box.SIMPLE_HEAD)
    if many_enterprises:
        table.add_column(say(lang, "Enterprise"), min_width=10)
    table.add_column(say(lang, "Year"), no_wrap=True)
    for title in (say(lang, "Description"), say(lang, "Category"), say(lang, "Payer")):
        table.add_column(title, min_width=10)
    if with_payer_type:
        table.add_column(say(lang, "Payer type"), no_wrap=True)
    table.add_column(say(lang, "Amount"), justify="right", no_wrap=True)
    table.add_column(say(lang, "Class"), no_wrap=True)
    table.add_column(say(lang, "Rule"), no_wrap=True)
    if explain:
        table.add_column(say(lang, "Reason"), min_width=16)
    import pandas as pd

    reasons = rules.reasons()
    first = classified.head(limit)
    columns = [first[c].tolist() for c in ("enterprise", "year", "description", "category",
                                            "payer", "payer_type", "amount_cents", "class",
                                            "rule")]
    for enterprise, year, description, category, payer, payer_type, cents, cls, rule in zip(
        *columns, strict=True
    ):
        # user text goes in as Text, never as markup: "[bold]" in a description stays as is
        cells: list[object] = [shown(str(enterprise))] if many_enterprises else []
        cells += ["" if pd.isna(year) else str(year), shown(str(description)),
                  shown(str(category)), shown(str(payer))]
        if with_payer_type:
            cells.append(shown(str(payer_type)))
        # a rule id and a payer type come from a user's rule file: Text, never markup
        cells += [money(int(cents), lang), class_text(cls, lang), shown(str(rule) or "—")]
        if explain:
            cells.append(shown(reasons.get(str(rule), "")))
        table.add_row(*cells)
    views: list[RenderableType] = [table]
    if len(classified) > limit:
        more = say_plural(lang, "… {n} more row; use --format csv or json to get all rows",
                          "… {n} more rows; use --format csv or json to get them all",
                          len(classified) - limit)
        views.append(Text(more, style="dim"))
    views.append(totals_table(totals, lang))
    return views


def totals_table(totals: ClassTotals, lang: str) -> Table:
    table = Table(title=say(lang, "Totals per class"), title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD)
    table.add_column(say(lang, "Class"))
    table.add_column(say(lang, "Amount"), justify="right")
    table.add_column(say(lang, "Share"), justify="right")
    income = totals.income_total
    shares = totals.shares() if income > 0 else {}
    for cls in INCOME_CLASSES:
        share = percent(shares[cls], lang) if shares else "—"
        table.add_row(class_text(cls, lang), money(getattr(totals, cls), lang), share)
    table.add_row(Text(say(lang, "Income total"), style="bold"),
                  Text(money(income, lang), style="bold"), "")
    for cls in ("excluded", "cost"):
        cents = getattr(totals, cls)
        if cents:
            table.add_row(class_text(cls, lang), money(cents, lang), "")
    return table


def rules_view(rules: RuleSet, *, lang: str,
               usage: pd.DataFrame | None = None) -> list[RenderableType]:
    payers = Table(title=say(lang, "Payer types (first match wins)"), title_justify="left",
                   header_style="bold")
    payers.add_column("#", justify="right")
    payers.add_column(say(lang, "Type"))
    payers.add_column(say(lang, "Words"), overflow="fold")
    for number, payer in enumerate(rules.payer_types, 1):
        payers.add_row(str(number), shown(payer.type),
                       shown(", ".join(w.strip() for w in payer.words)))

    table = Table(title=say(lang, "Class rules (first match wins)"), title_justify="left",
                  header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(say(lang, "Id"))
    table.add_column(say(lang, "Class"))
    table.add_column(say(lang, "Matches"), overflow="fold", ratio=2)
    table.add_column(say(lang, "Reason"), overflow="fold", ratio=2)
    if usage is not None:
        table.add_column(say(lang, "Rows"), justify="right")
        table.add_column(say(lang, "Amount"), justify="right", no_wrap=True)
    description, payer_type = say(lang, "Description").lower(), say(lang, "Payer type").lower()
    for number, rule in enumerate(rules.rules, 1):
        matches = ", ".join(w.strip() for w in rule.category)
        if rule.description:
            matches += f" + {description}: " + ", ".join(w.strip() for w in rule.description)
        if rule.payer_type:
            matches += f" ({payer_type}: {', '.join(rule.payer_type)})"
        cells: list[object] = [str(number), shown(rule.id), class_text(rule.cls, lang),
                               shown(matches), shown(rule.reason)]
        if usage is not None:
            rows, cents = usage.loc[rule.id] if rule.id in usage.index else (0, 0)
            cells += [str(int(rows)), money(int(cents), lang)]
        table.add_row(*cells)
    return [payers, table]


def rules_views(rules: RuleSet, *, lang: str, usage: pd.DataFrame | None,
                unmatched: pd.DataFrame | None, width: int) -> list[RenderableType]:
    """The rules in order; with files, what each matched, then the rows none matched."""
    views = rules_view(rules, lang=lang, usage=usage)
    if unmatched is None:
        return views
    if unmatched.empty:
        return [*views, Text(say(lang, "Every row matched a rule."))]
    from ..analysis.aggregate import class_totals

    rows = classify_view(unmatched, class_totals(unmatched), rules, lang=lang, explain=False,
                         limit=200, width=width)[:-1]
    return [*views, Text(say(lang, "Rows no rule matched"), style="bold"), *rows]
