"""Rich terminal views: the classified rows, their totals, and the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from ..money import format_money
from .labels import class_name, word

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

    from ..mix import ClassTotals
    from ..rules import RuleSet

CLASS_STYLES = {"market": "green", "public": "blue", "gray": "yellow", "unclassified": "bold red",
                "excluded": "dim", "cost": "magenta"}


def class_text(cls: str, lang: str) -> Text:
    return Text(class_name(lang, cls), style=CLASS_STYLES.get(cls, ""))


def classify_view(classified: pd.DataFrame, totals: ClassTotals, rules: RuleSet, *, lang: str,
                  explain: bool, limit: int, width: int = 120) -> list[RenderableType]:
    """The rows with their class and rule; narrow terminals drop the payer-type column."""
    many_enterprises = classified["enterprise"].nunique() > 1
    with_payer_type = width >= 110
    table = Table(header_style="bold", box=box.SIMPLE_HEAD)
    if many_enterprises:
        table.add_column(word(lang, "enterprise"), min_width=10)
    table.add_column(word(lang, "year"), no_wrap=True)
    for key in ("description", "category", "payer"):
        table.add_column(word(lang, key), min_width=10)
    if with_payer_type:
        table.add_column(word(lang, "payer_type"), no_wrap=True)
    table.add_column(word(lang, "amount"), justify="right", no_wrap=True)
    table.add_column(word(lang, "class"), no_wrap=True)
    table.add_column(word(lang, "rule"), no_wrap=True)
    if explain:
        table.add_column(word(lang, "reason"), min_width=16)
    import pandas as pd

    reasons = rules.reasons()
    shown = classified.head(limit)
    columns = [shown[c].tolist() for c in ("enterprise", "year", "description", "category",
                                            "payer", "payer_type", "amount_cents", "class",
                                            "rule")]
    for enterprise, year, description, category, payer, payer_type, cents, cls, rule in zip(
        *columns, strict=True
    ):
        # user text goes in as Text, never as markup: "[bold]" in a description stays as is
        cells: list[object] = [Text(str(enterprise))] if many_enterprises else []
        cells += ["" if pd.isna(year) else str(year), Text(str(description)),
                  Text(str(category)), Text(str(payer))]
        if with_payer_type:
            cells.append(str(payer_type))
        cells += [format_money(int(cents), lang), class_text(cls, lang), str(rule) or "—"]
        if explain:
            cells.append(Text(reasons.get(str(rule), "")))
        table.add_row(*cells)
    views: list[RenderableType] = [table]
    if len(classified) > limit:
        views.append(Text(word(lang, "more_rows", n=len(classified) - limit), style="dim"))
    views.append(totals_table(totals, lang))
    return views


def totals_table(totals: ClassTotals, lang: str) -> Table:
    table = Table(title=word(lang, "totals_title"), title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD)
    table.add_column(word(lang, "class"))
    table.add_column(word(lang, "amount"), justify="right")
    table.add_column(word(lang, "share"), justify="right")
    income = totals.income_total
    for cls in ("market", "public", "gray", "unclassified"):
        cents = getattr(totals, cls)
        share = f"{cents / income:.1%}" if income > 0 else "—"
        table.add_row(class_text(cls, lang), format_money(cents, lang), share)
    table.add_row(Text(word(lang, "income_total"), style="bold"),
                  Text(format_money(income, lang), style="bold"), "")
    for cls in ("excluded", "cost"):
        cents = getattr(totals, cls)
        if cents:
            table.add_row(class_text(cls, lang), format_money(cents, lang), "")
    return table


def rules_view(rules: RuleSet, *, lang: str,
               usage: pd.DataFrame | None = None) -> list[RenderableType]:
    payers = Table(title=word(lang, "payer_types_title"), title_justify="left",
                   header_style="bold")
    payers.add_column("#", justify="right")
    payers.add_column(word(lang, "type"))
    payers.add_column(word(lang, "words"), overflow="fold")
    for number, payer in enumerate(rules.payer_types, 1):
        payers.add_row(str(number), Text(payer.type),
                       Text(", ".join(w.strip() for w in payer.words)))

    table = Table(title=word(lang, "rules_title"), title_justify="left", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(word(lang, "id"))
    table.add_column(word(lang, "class"))
    table.add_column(word(lang, "matches"), overflow="fold", ratio=2)
    table.add_column(word(lang, "reason"), overflow="fold", ratio=2)
    if usage is not None:
        table.add_column(word(lang, "matched_rows"), justify="right")
        table.add_column(word(lang, "matched_amount"), justify="right", no_wrap=True)
    for number, rule in enumerate(rules.rules, 1):
        matches = ", ".join(w.strip() for w in rule.category)
        if rule.description:
            matches += f" + {word(lang, 'description').lower()}: " + ", ".join(
                w.strip() for w in rule.description)
        if rule.payer_type:
            matches += f" ({word(lang, 'payer_type').lower()}: {', '.join(rule.payer_type)})"
        cells: list[object] = [str(number), Text(rule.id), class_text(rule.cls, lang),
                               Text(matches), Text(rule.reason)]
        if usage is not None:
            rows, cents = usage.loc[rule.id] if rule.id in usage.index else (0, 0)
            cells += [str(int(rows)), format_money(int(cents), lang)]
        table.add_row(*cells)
    return [payers, table]
