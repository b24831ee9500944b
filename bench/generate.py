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
