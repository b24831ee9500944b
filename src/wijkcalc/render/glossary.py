"""The terms a report uses, each explained in a few plain sentences, for `wijkcalc explain`."""

from __future__ import annotations

from dataclasses import dataclass

from ..sources.columns import normalise_label
from .i18n import N_, say


@dataclass(frozen=True)
class Term:
    key: str
    title: str  # N_: shown in the reader's language
    text: str  # N_
    aliases: tuple[str, ...] = ()  # what people type, in Dutch or English


TERMS = (
    Term("strict-and-broad", N_("Strict and broad market share"),
         N_("The strict share counts only income that is surely market income: sales, rent, "
            "fees and contracts won in the open. The broad share adds the gray zone and the "
            "unclassified income, as if every doubt went the enterprise's way. The truth lies "
            "between the two: when the threshold falls between them, the verdict is 'gray "
            "zone'."),
         ("strict", "broad", "strikt", "ruim", "market share", "marktaandeel")),
    Term("gray-zone", N_("Gray zone"),
         N_("Income that one network counts as market income and another does not: money from "
            "the municipality for work the enterprise does, such as a Right to Challenge "
            "budget, a contract awarded without a tender, or a service the municipality "
            "orders. Because it can go either way, the yardstick gives a range, not one "
            "figure."),
         ("gray", "grey", "grijs", "grijze zone", "grijs gebied", "right to challenge")),
    Term("standards", N_("The four standards"),
         N_("lsa: at least 75% of income from the market, the yardstick of LSA, the Dutch "
            "network of active residents, for a neighbourhood enterprise. code-nl: at least "
            "50%, the self-test of Social Enterprise NL's Code Sociale Ondernemingen. semark: "
            "more than 50% from trading, the UK Social Enterprise Mark, which counts the gray "
            "zone as market. uk-gov: at least 25% from trading (at most 75% from grants and "
            "donations), the UK government's definition, gray zone as market too."),
         ("standard", "norm", "normen", "lsa", "code-nl", "semark", "uk-gov", "yardstick",
          "maatstaf", "75%")),
    Term("gap", N_("Gap and shift"),
         N_("The gap is the extra market income that would reach the threshold, everything "
            "else staying equal. The shift is how much of today's non-market income would have "
            "to become market income instead: often the more realistic path."),
         ("gap", "shift", "tekort", "verschuiving", "kloof")),
    Term("hhi", N_("Herfindahl index (HHI)"),
         N_("How much the income depends on few payers: the sum of the squared shares of each "
            "payer. Near 0 means many small payers; 1 means a single payer brings everything. "
            "Competition authorities call a market above 0.25 highly concentrated; for an "
            "enterprise's payers it means that it leans on one or two of them."),
         ("herfindahl", "hhi", "concentration", "concentratie", "afhankelijkheid",
          "dependency")),
    Term("effective-funders", N_("Effective number of funders"),
         N_("1 divided by the HHI: the number of equally large payers that would give the same "
            "dependency. Three payers of 80%, 10% and 10% count as about 1.5 funders."),
         ("effective", "funders", "effectief", "financiers", "effective number")),
    Term("quartiles", N_("Quartiles and median"),
         N_("In a comparison: a quarter of the enterprises has a market share below the first "
            "quartile, half below the median, three quarters below the third quartile. They "
            "say where an enterprise stands among its peers."),
         ("quartile", "kwartiel", "median", "mediaan", "percentile", "percentiel")),
)


def find(text: str) -> list[Term]:
    """The terms that ``text`` names (a key, a title or an alias, in either language); when
    none is named exactly, those whose words contain it."""
    wanted = normalise_label(text)
    names = {term.key: [normalise_label(name) for name in _names(term)] for term in TERMS}
    exact = [term for term in TERMS if wanted in names[term.key]]
    if exact or not wanted:
        return exact
    return [term for term in TERMS if any(wanted in name for name in names[term.key])]


def _names(term: Term) -> tuple[str, ...]:
    return (term.key, term.title, say("nl", term.title), *term.aliases)


def explained(term: Term, lang: str) -> tuple[str, str]:
    """(title, text) of a term in ``lang``."""
    return say(lang, term.title), say(lang, term.text)
