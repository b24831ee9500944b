"""Deterministic synthetic income files for the benchmark and the scale checks."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

# (category as written, payer) pairs with the spelling mess of real files: case, accents,
# spaces, Dutch and English. Weights make market income the common case.
CATEGORIES = [
    "Verkoop", "verkoop ", "VERKOOP", "Sales", "Omzet bar", "Horeca", "Catering", "Zaalverhuur",
    "zaal verhuur", "Huuropbrengsten", "Room rent", "Deelnemersbijdrage", "Contributie",
    "Membership", "Diensten", "Services", "Opdrachten", "Projectsubsidie", "Exploitatiesubsidie",
    "Subsidy", "Fondsbijdrage", "Grant", "Donatie", "Giften", "Aanbesteding", "Right to Challenge",
    "Lening", "Café-omzet", "Entree", "Overige baten",
]
PAYERS = [
    "bewoners", "Bewoners", "deelnemers", "leden", "particulieren", "Bakkerij Jansen B.V.",
    "Woningcorporatie Stadswonen", "Gemeente Utrecht", "gemeente Utrecht ", "Gemeente Zwolle",
    "Provincie Gelderland", "Oranje Fonds", "VSBfonds", "Zorgkantoor Midden", "Municipality of Ede",
    "Stichting Buurtkracht", "", "klanten", "Café De Hoek", "huurders",
]


def generate(rows: int, seed: int = 7, enterprises: int = 1000) -> str:
    """CSV text: enterprise, year, category, payer, amount (plain decimal point)."""
    rng = np.random.default_rng(seed)
    enterprise = rng.integers(0, enterprises, rows)
    year = rng.integers(2019, 2026, rows)
    category = rng.integers(0, len(CATEGORIES), rows)
    payer = rng.integers(0, len(PAYERS), rows)
    cents = rng.integers(-5_000, 2_500_000, rows)
    names = np.array([f"Wijkonderneming {i:04d}" for i in range(enterprises)], dtype=object)
    whole = (np.abs(cents) // 100).astype(str).astype(object)
    part = np.char.zfill((np.abs(cents) % 100).astype(str), 2).astype(object)
    sign = np.where(cents < 0, "-", "").astype(object)
    amount = sign + whole + "." + part
    quote = np.array(['"' + p + '"' if "," in p else p for p in PAYERS], dtype=object)
    lines = (names[enterprise] + "," + year.astype(str).astype(object) + ","
             + np.array(CATEGORIES, dtype=object)[category] + "," + quote[payer] + "," + amount)
    return "enterprise,year,category,payer,amount\n" + "\n".join(lines.tolist()) + "\n"


# The bank case (issue 11): one foundation's ING current account, a line per transaction, with
# the counterparties and remittance texts such an account holds; and the same lines as a plain
# income table. Money out is a cost line (`Af`), as the bank writes it.
OWN_IBAN = "NL20INGB0001234567"
COUNTERPARTIES = [  # name, IBAN, code, transaction type, texts (a {n} takes a number)
    ("Gemeente Utrecht", "NL38BNGH0285012345", "OV", "Overschrijving",
     ["Subsidie {y} beschikking {n}", "Factuur {n} buurtwerk", "Voorschot subsidie {y}"]),
    ("Oranje Fonds", "NL81RABO0312345678", "OV", "Overschrijving",
     ["Bijdrage project Buurtkamer {n}"]),
    ("Stichting VSBfonds", "NL29INGB0000123456", "OV", "Overschrijving",
     ["Toekenning {n} tweede termijn"]),
    ("SumUp Payments Limited", "NL43DEUT0265012345", "OV", "Overschrijving",
     ["SumUp payout {d}"]),
    ("Crèche Het Zonnetje", "NL44RABO0123456789", "OV", "Overschrijving",
     ["Zaalhuur {m} factuur {n}"]),
    ("Woningcorporatie Portaal", "NL07ABNA0555666777", "IC", "Incasso",
     ["Huur {m} {y} Buurtkamer", "Servicekosten {m}"]),
    ("Zorgkantoor Midden", "NL12BNGH0285099887", "OV", "Overschrijving",
     ["Declaratie dagbesteding {n}"]),
    ("Coöperatie Groen & Co", "NL53RABO0333444555", "GT", "Online bankieren",
     ["Factuur {n} tuinonderhoud"]),
    ("Qredits Microfinanciering", "NL16BUNQ2034567890", "OV", "Overschrijving",
     ["Aflossing lening {n}"]),
    ("Stichting Buurtkamer De Linde", "NL36INGB0007654321", "GT", "Online bankieren",
     ["Naar Oranje spaarrekening"]),
] + [(name, f"NL{10 + i % 89:02d}ABNA0{417164300 + 7919 * i:09d}", "GT", "Online bankieren",
      ["Deelname {what} {m}", "Lidmaatschap {y}", "Gift voor de buurtkamer"])
     for i, name in enumerate(f"{first} {last}" for last in
                              ("de Vries", "Bakker", "Öztürk", "Jansen", "El Amrani", "Visser",
                               "Smit", "Meijer", "de Boer", "Mulder")
                              for first in ("A.", "J.", "M.", "Noëlle", "Sanne", "Y."))]
CATEGORY_OF = {"Subsidie": "Subsidie", "Factuur": "Diensten", "Voorschot": "Subsidie",
               "Bijdrage": "Fondsbijdrage", "Toekenning": "Fondsbijdrage", "SumUp": "Verkoop",
               "Zaalhuur": "Zaalverhuur", "Huur": "Huur", "Servicekosten": "Huur",
               "Declaratie": "Diensten", "Aflossing": "Lening", "Naar": "Interne overboeking",
               "Deelname": "Deelnemersbijdrage", "Lidmaatschap": "Contributie", "Gift": "Giften"}
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]
ACTIVITIES = ["kookcursus", "yoga", "taalcafé", "repair café", "koor"]


def generate_bank(rows: int, seed: int = 11) -> tuple[str, str]:
    """The same transactions twice: an ING current-account export (Dutch `;` header) and a
    plain income table (enterprise;year;description;category;payer;amount, signed, with a
    decimal point: the form wijkcalc reads fastest, so the comparison is the strict one)."""
    rng = np.random.default_rng(seed)
    lines: list[tuple[str, ...]] = []
    templates = [(who, text) for who in range(len(COUNTERPARTIES))
                 for text in COUNTERPARTIES[who][4]]
    # a few texts per counterparty, each with numbers that make most lines' texts distinct
    chosen = rng.integers(0, len(templates), rows)
    days = np.sort(rng.integers(0, 3 * 365, rows))
    dates = np.datetime64("2022-01-01") + days
    cents = rng.integers(50, 2_500_000, rows) // np.where(rng.random(rows) < 0.7, 100, 1)
    out_going = rng.random(rows) < 0.35
    balance = 1_000_000 + np.cumsum(np.where(out_going, -cents, cents))
    numbers = rng.integers(1000, 99999, rows)
    for at in range(rows):  # generating, not measured: plain Python is fine here
        who, text = templates[chosen[at]]
        name, iban, code, kind, _ = COUNTERPARTIES[who]
        day = str(dates[at])
        year, month = day[:4], int(day[5:7])
        said = text.format(y=year, n=f"{year}-{numbers[at]}", m=MONTHS[month - 1],
                           d=f"{day[8:]}-{day[5:7]}-{year}",
                           what=ACTIVITIES[numbers[at] % len(ACTIVITIES)])
        reference = f"{code}-{year}-{numbers[at]:05d}"
        notes = (f"Naam: {name} Omschrijving: {said} IBAN: {iban} Kenmerk: {reference} "
                 f"Valutadatum: {day[8:]}-{day[5:7]}-{year}")
        lines.append((day.replace("-", ""), name, iban, code, "Af" if out_going[at] else "Bij",
                      _comma(int(cents[at])), kind, notes, _comma(int(balance[at])), said,
                      CATEGORY_OF[text.split()[0]], year))
    header = ('"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";'
              '"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"\n')
    export = header + "".join(
        f'"{d}";"{n}";"{OWN_IBAN}";"{i}";"{c}";"{ab}";"{a}";"{k}";"{m}";"{b}";""\n'
        for d, n, i, c, ab, a, k, m, b, _, _, _ in lines)
    table = "enterprise;year;description;category;payer;amount\n" + "".join(
        f"Stichting Buurtkamer De Linde;{y};{s};{cat};{n};{'-' if ab == 'Af' else ''}"
        f"{a.replace(',', '.')}\n" for _, n, _, _, ab, a, _, _, _, s, cat, y in lines)
    return export, table


def _comma(cents: int) -> str:
    """Cents as ING writes them: 1250,00 (a minus for a negative balance)."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100},{abs(cents) % 100:02d}"


FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "data" / "bank"
# the other bank formats: (source, file name, lines before the transactions in the fixture)
FROM_FIXTURES = {"bunq": ("bunq-nl-comma.csv", 1), "knab": ("knab-2024.csv", 2),
                 "rabobank": ("rabobank-nl.csv", 1)}


def _abnamro(i: int) -> str:
    day = f"2024{1 + i % 12:02d}{1 + i % 28:02d}"
    return "\t".join(["417164300", "EUR", day, "100,00", "115,00", day,
                      f"{'-' if i % 3 == 0 else ''}{i % 3000},{i % 100:02d}",
                      "/TRTP/SEPA OVERBOEKING/IBAN/NL36INGB0007654321/BIC/INGBNL2A/NAME/Bewoner "
                      f"{i % 700}/REMI/Bijdrage koffieochtend {i}/EREF/NOTPROVIDED"])


def _asn(i: int) -> str:
    return (f"{1 + i % 28:02d}-{1 + i % 12:02d}-2024,NL25ASNB0701234567,NL36INGB0007654321,"
            f"Bewoner {i % 700},,,,EUR,100.00,EUR,{'-' if i % 3 == 0 else ''}{i % 3000}."
            f"{i % 100:02d},01-01-2024,01-01-2024,8810,OVB,{i},,'Bijdrage {i}',1")


def _triodos(i: int) -> str:
    way = "Credit" if i % 3 else "Debet"
    return (f'"{1 + i % 28:02d}-{1 + i % 12:02d}-2024","NL63TRIO0212345678",'
            f'"{i % 3000},{i % 100:02d}","{way}","Bewoner {i % 700}",'
            f'"NL36INGB0007654321","OV","Bijdrage {i}"')


def _mt940(i: int) -> str:
    return "\n".join([
        f":61:24{1 + i % 12:02d}{1 + i % 28:02d}{'C' if i % 3 else 'D'}{i % 3000},"
        f"{i % 100:02d}NTRFNONREF//B{i}",
        ":86:/TRTP/SEPA OVERBOEKING/IBAN/NL36INGB0007654321/BIC/INGBNL2A/NAME/B",
        f"ewoner {i % 700}/REMI/Bijdrage {i}/EREF/NOTPROVIDED"])


def generate_formats(rows: int) -> dict[str, tuple[str, bytes]]:
    """``rows`` transactions in each other bank format, by source: (file name, bytes). ABN
    AMRO, ASN, Triodos and MT940 are written line by line with every description distinct;
    bunq, Knab and Rabobank repeat the transactions of their test fixture (its own bytes
    and encoding) until there are ``rows``."""
    numbers = range(rows)  # generating, not measured: plain Python is fine here
    found = {
        "abnamro": ("big.TAB", "\n".join(map(_abnamro, numbers)).encode()),
        "asn": ("big-asn.csv", "\n".join(map(_asn, numbers)).encode()),
        "triodos": ("big-triodos.csv", "\n".join(map(_triodos, numbers)).encode()),
        "mt940": ("big.sta", "\n".join([":20:BIG", ":25:NL20INGB0001234567EUR",
                                        ":60F:C231231EUR0,00", *map(_mt940, numbers),
                                        "-"]).encode()),
    }
    for source, (name, head) in FROM_FIXTURES.items():
        written = (FIXTURES / name).read_bytes().splitlines(keepends=True)
        body = [line for line in written[head:] if line.strip()]
        body = (body * (rows // len(body) + 1))[:rows]
        found[source] = (f"big-{name}", b"".join(written[:head] + body))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--files", type=int, default=1,
                        help="split into this many files, one enterprise each")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.files == 1:
        args.target.write_text(generate(args.rows, args.seed), encoding="utf-8")
        return
    args.target.mkdir(parents=True, exist_ok=True)
    for number in range(args.files):
        text = generate(args.rows, args.seed + number, enterprises=1)
        (args.target / f"wijkonderneming-{number:04d}.csv").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
