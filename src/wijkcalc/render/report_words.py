"""The report's sentences and headings in Dutch and English."""

from __future__ import annotations

REPORT_WORDS = {
    "en": {
        "title": "Income mix — {enterprise}, {year}",
        "all_years": "all years ({years})",
        "no_year": "all rows",
        "standard_line": "Standard: {id} ({comparison} {threshold} market income)",
        "mix_title": "Where the money comes from",
        "verdict_meets": "MEETS the {t} yardstick: {strict} of income is market income.",
        "verdict_gray-zone": ("GRAY ZONE: {strict} is market income for sure, {broad} if the "
                              "gray zone counts as market; {t} is reached only if it does."),
        "verdict_gray-zone_unclassified": (
            "UNDECIDED: {strict} is market income for sure, {broad} if the unclassified income "
            "is market too; {t} is reached only if it is."),
        "verdict_falls-short": ("FALLS SHORT of the {t} yardstick: even with the gray zone "
                                "counted as market, market income is {broad}."),
        "gap": "{gap} more market income would reach {t}.",
        "gap_infinite": ("No extra market income reaches {t} while there is other income."),
        "standards_title": "The standards side by side",
        "standard": "Standard", "threshold": "Threshold", "gray_zone": "Gray zone",
        "range": "a range", "as_market": "counts as market", "verdict": "Verdict",
        "gap_col": "Gap",
        "payers_title": "Main payers",
        "dependency": ("Largest payer {share} · Herfindahl index {hhi} · effective number of "
                       "funders {n} · municipality (all instruments) {city}"),
        "years_title": "Year by year (market share strict and broad)",
        "income": "Income", "strict": "Strict", "broad": "Broad",
        "coverage": ("Cost coverage: market income covers {market} of the costs ({costs}); "
                     "earned income (market + gray) {earned}."),
        "warnings_title": "Warnings",
        "meets": "meets", "gray-zone": "gray zone", "falls-short": "falls short",
        "bar_legend": "█ market  ▓ gray zone  ░ unclassified  ▒ public   ▼ threshold",
        "w_unclassified": ("{amount} ({share}) matches no rule and is unclassified.{flip} "
                           "Run: wijkcalc rules FILE"),
        "w_flip": " It could change the verdict.",
        "w_negative_class_total": "The {cls} total is negative ({amount}); check the signs.",
        "w_excluded": "{amount} is not income (loans, capital, transfers) and is left out.",
        "w_dominant_payer": ("{name} brings {share} of all income: more than half from one "
                             "payer makes the enterprise vulnerable."),
        "w_no_payers": "The input names no payers, so dependency cannot be measured.",
        "w_payers_missing": "{share} of income has no payer; dependency covers the rest.",
        "total": "Total income",
    },
    "nl": {
        "title": "Inkomstenmix — {enterprise}, {year}",
        "all_years": "alle jaren ({years})",
        "no_year": "alle rijen",
        "standard_line": "Norm: {id} ({comparison} {threshold} inkomsten uit de markt)",
        "mix_title": "Waar het geld vandaan komt",
        "verdict_meets": ("VOLDOET aan de norm van {t}: {strict} van de inkomsten komt uit de "
                          "markt."),
        "verdict_gray-zone": ("GRIJS GEBIED: zeker {strict} uit de markt, {broad} als het grijze "
                              "gebied meetelt als markt; {t} wordt alleen dan gehaald."),
        "verdict_gray-zone_unclassified": (
            "ONBESLIST: zeker {strict} uit de markt, {broad} als ook de niet ingedeelde "
            "inkomsten markt zijn; {t} wordt alleen dan gehaald."),
        "verdict_falls-short": ("HAALT DE NORM van {t} NIET: ook met het grijze gebied als "
                                "markt is het {broad} uit de markt."),
        "gap": "Met {gap} meer marktinkomsten wordt {t} gehaald.",
        "gap_infinite": "Zolang er andere inkomsten zijn, wordt {t} nooit gehaald.",
        "standards_title": "De normen naast elkaar",
        "standard": "Norm", "threshold": "Grens", "gray_zone": "Grijs gebied",
        "range": "een bandbreedte", "as_market": "telt als markt", "verdict": "Oordeel",
        "gap_col": "Tekort",
        "payers_title": "Grootste betalers",
        "dependency": ("Grootste betaler {share} · Herfindahl-index {hhi} · effectief aantal "
                       "financiers {n} · gemeente (alle vormen) {city}"),
        "years_title": "Per jaar (marktaandeel strikt en ruim)",
        "income": "Inkomsten", "strict": "Strikt", "broad": "Ruim",
        "coverage": ("Kostendekking: marktinkomsten dekken {market} van de kosten ({costs}); "
                     "verdiende inkomsten (markt + grijs) {earned}."),
        "warnings_title": "Waarschuwingen",
        "meets": "voldoet", "gray-zone": "grijs gebied", "falls-short": "voldoet niet",
        "bar_legend": "█ markt  ▓ grijs gebied  ░ niet ingedeeld  ▒ publiek   ▼ norm",
        "w_unclassified": ("{amount} ({share}) valt onder geen regel en is niet ingedeeld."
                           "{flip} Zie: wijkcalc rules BESTAND"),
        "w_flip": " Dat kan het oordeel veranderen.",
        "w_negative_class_total": "Het totaal {cls} is negatief ({amount}); controleer de tekens.",
        "w_excluded": ("{amount} is geen inkomen (leningen, kapitaal, overboekingen) en telt "
                       "niet mee."),
        "w_dominant_payer": ("{name} brengt {share} van alle inkomsten: meer dan de helft van "
                             "één betaler maakt kwetsbaar."),
        "w_no_payers": "De invoer noemt geen betalers; afhankelijkheid is niet te meten.",
        "w_payers_missing": "{share} van de inkomsten heeft geen betaler; de rest telt mee.",
        "total": "Totale inkomsten",
    },
}
