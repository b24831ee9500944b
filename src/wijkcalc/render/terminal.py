"""Rich terminal views of rows: the classified rows, their totals, and the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from ..vocab import INCOME_CLASSES
from .console import shown
from .i18n import payer_name, say, say_plural
from .numbers import money, percent
from .privacy import has_accounts, mask_iban
from .row_table import class_text, payer_type_name, rows_table
from .safe import terminal

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

    from ..analysis.results import ClassTotals, Unclassified
    from ..rules import Rule, RuleSet


def unclassified_warning(missing: Unclassified, lang: str) -> str:
    return say_plural(
        lang, "{n} row ({amount}) matches no rule and is unclassified; categories: {categories}. "
        "Add a rule (wijkcalc rules --help) or fill in the class column.",
        "{n} rows ({amount}) match no rule and are unclassified; categories: {categories}. "
        "Add a rule (wijkcalc rules --help) or fill in the class column.",
        missing.rows, amount=money(missing.cents, lang),
        categories=", ".join(map(terminal, missing.categories)) or "—")


def classify_view(classified: pd.DataFrame, totals: ClassTotals, rules: RuleSet, *, lang: str,
                  explain: bool, limit: int, width: int = 120,
                  show_names: bool = False) -> list[RenderableType]:
    """The rows with their class and rule: a table from 100 columns, a few lines per row below.

    Explaining bank lines shows each counterparty with its IBAN (masked unless
    ``show_names``) and its bank, hinting at a public body when the bank is one of theirs."""
    first = classified.head(limit)
    many_enterprises = classified["enterprise"].nunique() > 1
    if explain and has_accounts(first):
        from .bank_table import bank_rows_table

        table = bank_rows_table(first, rules, lang=lang, width=width, show_names=show_names,
                                many_enterprises=many_enterprises)
    else:
        table = rows_table(first, rules, lang=lang, explain=explain, width=width,
                            many_enterprises=many_enterprises)
    views: list[RenderableType] = [table]
    if len(classified) > limit:
        more = say_plural(lang, "… {n} more row; use --format csv or json to get all rows",
                          "… {n} more rows; use --format csv or json to get them all",
                          len(classified) - limit)
        views.append(Text(more, style="dim"))
    views.append(totals_table(totals, lang))
    pooled = _pooled(classified, lang)
    if pooled:
        views.append(Text(pooled, style="dim"))
    return views


def _pooled(classified: pd.DataFrame, lang: str) -> str:
    """A line saying the totals pool several enterprises or years, when they do."""
    enterprises = classified["enterprise"].nunique()
    years = classified["year"].nunique()
    if enterprises <= 1 and years <= 1:
        return ""
    parts = []
    if enterprises > 1:
        parts.append(say_plural(lang, "{n} enterprise", "{n} enterprises", enterprises))
    if years > 1:
        parts.append(say_plural(lang, "{n} year", "{n} years", years))
    return say(lang, "These totals pool {what}; choose one with --enterprise and --year, or run "
               "wijkcalc report.", what=say(lang, " and ").join(parts))


def _any_text(values: pd.Series) -> bool:
    """Whether any value is non-blank text, judged per distinct value."""
    distinct = values.dropna().astype(str).unique()
    return any(str(value).strip() for value in distinct)


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


def rules_view(rules: RuleSet, *, lang: str, usage: pd.DataFrame | None = None,
               width: int = 200) -> list[RenderableType]:
    """The payer types and the class rules in order; on a screen too narrow for the rules'
    table (its words would be cut), each rule as a few lines."""
    payers = Table(title=say(lang, "Payer types (first match wins)"), title_justify="left",
                   header_style="bold")
    payers.add_column("#", justify="right")
    payers.add_column(say(lang, "Type"))
    payers.add_column(say(lang, "Words"), overflow="fold")
    for number, payer in enumerate(rules.payer_types, 1):
        payers.add_row(str(number), shown(_type_and_key(payer.type, lang)),
                       shown(", ".join(w.strip() for w in payer.words)))
    title = say(lang, "Class rules (first match wins)")
    if width < (RULES_TABLE_WIDTH if usage is None else RULES_TABLE_WIDTH + 20):
        return [payers, Text(title, style="italic"), *_rules_as_lines(rules, lang, usage)]
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("#", justify="right")
    table.add_column(say(lang, "Id"), no_wrap=True)
    table.add_column(say(lang, "Class"), no_wrap=True)
    table.add_column(say(lang, "Matches"), overflow="fold", ratio=2)
    table.add_column(say(lang, "Reason"), overflow="fold", ratio=2)
    if usage is not None:
        table.add_column(say(lang, "Rows"), justify="right")
        table.add_column(say(lang, "Amount"), justify="right", no_wrap=True)
    for number, rule in enumerate(rules.rules, 1):
        cells: list[object] = [str(number), shown(rule.id), class_text(rule.cls, lang),
                               shown(_matches(rule, lang)), shown(rule.reason_in(lang))]
        if usage is not None:
            cells += list(_usage_of(rule.id, usage, lang))
        table.add_row(*cells)
    return [payers, table]


RULES_TABLE_WIDTH = 100  # below it (below 120 with what each rule matched), rules as lines


def _matches(rule: Rule, lang: str) -> str:
    """What a rule looks for, in words: its category words, + its description words, and
    the payer types it is for."""
    matches = ", ".join(w.strip() for w in rule.category)
    if rule.description:
        matches += f" + {say(lang, 'Description').lower()}: " + ", ".join(
            w.strip() for w in rule.description)
    if rule.payer_type:
        types = ", ".join(payer_type_name(lang, key) for key in rule.payer_type)
        matches += f" ({say(lang, 'Payer type').lower()}: {types})"
    return matches.strip()


def _usage_of(rule_id: str, usage: pd.DataFrame, lang: str) -> tuple[str, str]:
    rows, cents = usage.loc[rule_id] if rule_id in usage.index else (0, 0)
    return str(int(rows)), money(int(cents), lang)


def _rules_as_lines(rules: RuleSet, lang: str,
                    usage: pd.DataFrame | None) -> list[RenderableType]:
    """Each rule as lines that wrap at words: number, id and class (and what it matched),
    then what it looks for and why, indented."""
    from rich.padding import Padding

    parts: list[RenderableType] = []
    for number, rule in enumerate(rules.rules, 1):
        head = Text(f"{number:>2}  ").append_text(shown(rule.id, "bold")).append("  ")
        head.append_text(class_text(rule.cls, lang))
        if usage is not None:
            rows, amount = _usage_of(rule.id, usage, lang)
            head.append("  · " + say_plural(lang, "{n} row", "{n} rows", int(rows)) + " · "
                        + amount)
        lines = [Text(say(lang, "Matches") + ": ", style="dim").append_text(
            shown(_matches(rule, lang)))]
        if rule.reason_in(lang):
            lines.append(shown(rule.reason_in(lang)))
        parts += [head, *(Padding(line, (0, 0, 0, 4)) for line in lines)]
    return parts


def _type_and_key(key: str, lang: str) -> str:
    """A payer type in the rules listing: its name, and the key a rule file writes when the
    name is another word ("overheid (government)")."""
    name = payer_type_name(lang, key)
    return name if name == key else f"{name} ({key})"


def rules_views(rules: RuleSet, *, lang: str, usage: pd.DataFrame | None,
                unmatched: pd.DataFrame | None, width: int,
                show_names: bool = False) -> list[RenderableType]:
    """The rules in order; with files, what each matched, then the payers of the rows none
    matched (largest amount first, IBANs masked unless ``show_names``) and those rows."""
    views = rules_view(rules, lang=lang, usage=usage, width=width)
    if unmatched is None:
        return views
    if unmatched.empty:
        return [*views, Text(say(lang, "Every row matched a rule."))]
    from ..analysis.aggregate import class_totals

    rows = classify_view(unmatched, class_totals(unmatched), rules, lang=lang, explain=False,
                         limit=200, width=width)[:-1]
    if _any_text(unmatched["payer"]):  # rows that name no payer are listed below only
        views.append(unmatched_payers_table(unmatched, lang=lang, show_names=show_names))
    return [*views, Text(say(lang, "Rows no rule matched"), style="bold"), *rows]


def unmatched_payers_table(unmatched: pd.DataFrame, *, lang: str, show_names: bool = False,
                           limit: int = 50) -> RenderableType:
    """The payers no rule matched, summed per payer, largest amount first: the few lines a
    treasurer classifies (with a [[payer]] entry or a rule) to classify most of the money."""
    import pandas as pd

    from ..analysis.counterparties import unmatched_payers

    payers = unmatched_payers(unmatched)
    table = Table(title=say(lang, "Payers no rule matched, largest amount first"),
                  title_justify="left", title_style="bold", header_style="bold",
                  box=box.SIMPLE_HEAD)
    table.add_column(say(lang, "Payer"))
    table.add_column(say(lang, "Rows"), justify="right", no_wrap=True)
    table.add_column(say(lang, "Amount"), justify="right", no_wrap=True)
    table.add_column(say(lang, "Account"), no_wrap=True)
    head = payers.head(limit)
    flat = pd.Series([iban for ibans in head["ibans"] for iban in ibans[:1]], dtype=object)
    masked = dict(zip(flat, mask_iban(flat, show_names=show_names), strict=True))
    for payer, count, cents, ibans in zip(head["payer"].tolist(), head["rows"].tolist(),
                                          head["amount_cents"].tolist(), head["ibans"],
                                          strict=True):
        account = masked[ibans[0]] if ibans else ""
        if len(ibans) > 1:
            account += " " + say(lang, "(+{n} more)", n=len(ibans) - 1)
        name = payer_name(payer, lang) if payer else say(lang, "(no payer)")
        table.add_row(shown(name), str(count), money(int(cents), lang), shown(account))
    if len(payers) > limit:
        table.caption = say_plural(lang, "… {n} more payer; --format json lists them all",
                                   "… {n} more payers; --format json lists them all",
                                   len(payers) - limit)
    return table

