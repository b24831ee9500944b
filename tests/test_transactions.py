"""Bank lines become income streams: the holder, costs, own accounts, reversals, overlaps, privacy.

The figures are worked out by hand from the fixtures' lines (tests/data/bank) and from the small
exports written here.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from wijkcalc import api
from wijkcalc.errors import RulesError
from wijkcalc.pipeline import InputWarning
from wijkcalc.rules import load_rules
from wijkcalc.transactions import Accounts

BANK = Path(__file__).parent / "data" / "bank"
ING_HEADER = ('"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";'
              '"Bedrag (EUR)";"Mutatiesoort";"Mededelingen";"Saldo na mutatie";"Tag"\n')
OWN = "NL20INGB0001234567"


def ing_line(date: str, name: str, counterparty: str, direction: str, amount: str,
             text: str, account: str = OWN) -> str:
    notes = f"Naam: {name} Omschrijving: {text} IBAN: {counterparty}" if counterparty else text
    return (f'"{date}";"{name}";"{account}";"{counterparty}";"GT";"{direction}";"{amount}";'
            f'"Overschrijving";"{notes}";"0,00";""\n')


def write_ing(path: Path, *lines: str) -> Path:
    path.write_text(ING_HEADER + "".join(lines), encoding="utf-8")
    return path


def classified(*paths: Path, rules: Path | None = None, **accounts: object):
    ruleset = load_rules(rules)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = api.classify_files(paths, rules=ruleset,
                                   accounts=api.accounts_of(ruleset, **accounts))
    said = [str(w.message) for w in caught if issubclass(w.category, InputWarning)]
    return frame, said


def by_rule(frame) -> dict[str, int]:
    return {str(rule): int(cents) for rule, cents in
            frame.groupby("rule", observed=True)["amount_cents"].sum().items()}


def test_an_ing_export_reads_as_income_streams_to_the_cent() -> None:
    """tests/data/bank/ing-current-nl.csv by hand: 12,500.00 subsidy and 3,000.00 from a fund
    (public); 7.50 + 15.00 from private persons, 150.00 rent, 245.30 SumUp (market); the
    1,250.00 direct debit and its return cancel; 2,000.00 to the own savings account, the
    5,000.00 loan and 0.42 interest are no income; 1,234.56 paid out is a cost."""
    frame, said = classified(BANK / "ing-current-nl.csv")
    report = api.analyse(frame)
    totals = report.totals
    assert (totals.market, totals.public, totals.gray, totals.unclassified) == \
        (41780, 1550000, 0, 0)
    assert totals.cost == 123456  # a cost is positive, whatever the bank's sign
    assert totals.excluded == 500042  # the loan and interest; the savings transfer in no total
    assert by_rule(frame)["reversal"] == 0  # the pair adds nothing
    assert by_rule(frame)["own-account"] == -200000
    assert said == []  # the report says what was settled, for its year
    notices = {n.code: n.to_dict() for n in report.warnings}
    assert notices["reversals"] == {"code": "reversals", "amount": "1250.00", "pairs": 1}
    assert notices["own_transfers"] == {"code": "own_transfers", "amount": "2000.00", "lines": 1}
    assert "cash_basis" in notices


def test_the_enterprise_is_the_account_holder_not_the_file(tmp_path: Path) -> None:
    january = write_ing(tmp_path / "jan.csv", ing_line("20240105", "J. Jansen",
                                                       "NL91ABNA0417164300", "Bij", "10,00",
                                                       "Zaalhuur"))
    february = write_ing(tmp_path / "feb.csv", ing_line("20240205", "J. Jansen",
                                                        "NL91ABNA0417164300", "Bij", "20,00",
                                                        "Zaalhuur"))
    frame, _ = classified(january, february)
    assert set(frame["enterprise"].astype(str)) == {"NL20 INGB 0001 2345 67"}
    named, _ = classified(january, february, holder="Stichting De Linde")
    assert set(named["enterprise"].astype(str)) == {"Stichting De Linde"}
    rules = tmp_path / "regels.toml"
    rules.write_text(f'[own_accounts]\n"{OWN}" = "Stichting Buurtkamer"\n', encoding="utf-8")
    from_rules, _ = classified(january, rules=rules)
    assert set(from_rules["enterprise"].astype(str)) == {"Stichting Buurtkamer"}


def test_the_same_line_in_overlapping_exports_counts_once(tmp_path: Path) -> None:
    shared = ing_line("20240131", "Oranje Fonds", "NL81RABO0312345678", "Bij", "3000,00",
                      "Bijdrage project")
    coffee = ing_line("20240201", "J. de Vries", "NL91ABNA0417164300", "Bij", "7,50", "Koffie")
    first = write_ing(tmp_path / "jan.csv", shared, coffee, coffee)  # two coffees: two payments
    second = write_ing(tmp_path / "feb.csv", shared, coffee, coffee, coffee)
    frame, said = classified(first, second)
    assert len(frame) == 4  # the fund once, and the third coffee of February is new
    assert int(frame["amount_cents"].sum()) == 300000 + 3 * 750
    assert said == ["3 bank line(s) were also in an earlier export (overlapping exports); "
                    "counted once"]
    alone, said = classified(second)
    assert len(alone) == 4 and said == []


def test_own_transfers_are_neither_income_nor_cost(tmp_path: Path) -> None:
    savings = "NL36INGB0007654321"
    path = write_ing(
        tmp_path / "ing.csv",
        ing_line("20240301", "Spaar", savings, "Af", "500,00", "Overboeking"),  # --own-iban
        ing_line("20240302", "Buurtkamer", "NL99INGB0009999999", "Bij", "50,00",
                 "Van eigen rekening"),  # the text says so
        ing_line("20240303", "X", OWN, "Bij", "25,00", "Terug"),  # from the account itself
        ing_line("20240304", "Bakkerij Bol", "NL44RABO0123456789", "Af", "12,00", "Brood"),
    )
    frame, _ = classified(path, own_ibans=[savings])
    assert frame["rule"].astype(str).tolist() == ["own-account", "own-account", "own-account",
                                                  "cost"]
    assert frame["amount_cents"].tolist() == [-50000, 5000, 2500, 1200]
    without, _ = classified(path)
    assert without["rule"].astype(str).tolist()[0] == "cost"


def test_money_out_that_returns_income_reduces_it(tmp_path: Path) -> None:
    path = write_ing(
        tmp_path / "ing.csv",
        ing_line("20240110", "Gemeente Zwolle", "NL38BNGH0285012345", "Bij", "10000,00",
                 "Subsidie 2023"),
        ing_line("20241210", "Gemeente Zwolle", "NL38BNGH0285012345", "Af", "1500,00",
                 "Terugbetaling subsidie 2023 na vaststelling"),
        ing_line("20240601", "Crèche Zon", "NL44RABO0123456789", "Bij", "400,00", "Zaalhuur"),
        ing_line("20240602", "Crèche Zon", "NL44RABO0123456789", "Af", "100,00",
                 "Creditnota zaalhuur"),
    )
    totals = api.analyse(classified(path)[0]).totals
    assert (totals.public, totals.market, totals.cost) == (850000, 30000, 0)


def test_private_persons_are_grouped_unless_names_are_asked_for() -> None:
    frame, _ = classified(BANK / "ing-current-nl.csv")
    payers = set(frame["payer"].astype(str))
    assert "private persons" in payers and "J. de Vries" not in payers
    assert "customers via SumUp" in payers and "Crèche Het Zonnetje" in payers
    named, _ = classified(BANK / "ing-current-nl.csv", show_names=True)
    assert {"J. de Vries", "A. Öztürk"} <= set(named["payer"].astype(str))
    report = api.analyse(frame)
    assert report.largest_payer.name == "Gemeente Utrecht"


def test_the_payer_table_and_own_accounts_of_a_rule_file(tmp_path: Path) -> None:
    rules = tmp_path / "regels.toml"
    rules.write_text('own_accounts = ["NL36 INGB 0007 6543 21"]\n\n'
                     '[[payer]]\niban = "NL44RABO0123456789"\nclass = "gray"\n\n'
                     '[[payer]]\nname = "portaal"\ntype = "housing"\n', encoding="utf-8")
    frame, _ = classified(BANK / "ing-current-nl.csv", rules=rules)
    rows = frame.set_index(frame["line"])
    assert (rows.loc[5, "class"], rows.loc[5, "rule"]) == ("gray", "payer-list")
    assert rows.loc[7, "payer_type"] == "housing"
    assert rows.loc[9, "rule"] == "own-account"


@pytest.mark.parametrize(("text", "message"), [
    ('own_accounts = "NL20"\n', "own_accounts must be a list of IBANs"),
    ('[[payer]]\niban = "NL20"\nname = "x"\ntype = "fund"\n', "give an iban or a name"),
    ('[[payer]]\niban = "NL20"\n', "give a payer type or a class"),
    ('[[payer]]\niban = "NL20"\nclass = "markt"\n', "'class' is 'markt'"),
    ('[[payer]]\niban = "NL20"\ntype = "bakker"\n', "payer type 'bakker' not known"),
])
def test_a_wrong_payer_table_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    rules = tmp_path / "regels.toml"
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=message):
        load_rules(rules)


def test_income_tables_are_untouched_beside_bank_files(data_dir: Path) -> None:
    alone = api.classify_files([data_dir / "english.csv"])
    mixed, _ = classified(data_dir / "english.csv", BANK / "ing-current-nl.csv")
    table_rows = mixed[mixed["file"].astype(str) == str(data_dir / "english.csv")]
    assert table_rows["amount_cents"].tolist() == alone["amount_cents"].tolist()
    assert table_rows["rule"].astype(str).tolist() == alone["rule"].astype(str).tolist()
    assert Accounts().own == {}


def test_a_bookkeeping_line_is_classified_by_its_rgs_code(tmp_path: Path) -> None:
    """XAF 4.0 accounts whose names say nothing ("Post 8000") are read by their RGS code:
    WOmz… is turnover (market), WOvbOrs… a subsidy received (public), WFbe… interest."""
    text = (BANK / "xaf-40-rgs.xaf").read_text(encoding="utf-8")
    for name in ("Opbrengst zaalverhuur", "Subsidie gemeente", "Rentebaten"):
        text = text.replace(f"<accDesc>{name}</accDesc>", "<accDesc>Post</accDesc>")
    path = tmp_path / "boekhouding.xaf"
    path.write_text(text, encoding="utf-8")
    frame, _ = classified(path)
    income = frame[frame["kind"] == "income"]
    assert income["category"].astype(str).str.split(" ").str[0].tolist() == \
        ["omzet", "omzet", "subsidie", "financiele"]
    assert income["rule"].astype(str).tolist() == ["earned", "earned", "subsidy",
                                                   "financial-income"]
    assert [n.code for n in api.analyse(frame).warnings if n.code.endswith("basis")] == \
        ["booked_basis"]


def test_an_old_abn_amro_account_number_is_its_iban() -> None:
    """ABN AMRO's .TAB export of 2024 writes the account as 417164300, its May file as
    NL91ABNA0417164300: one account, one enterprise."""
    frame, _ = classified(BANK / "abnamro-buurtkamer-2024.TAB",
                          BANK / "abnamro-buurtkamer-mei-utf8.TAB")
    assert set(frame["enterprise"].astype(str)) == {"NL91 ABNA 0417 1643 00"}


def test_a_return_pairs_with_the_payment_it_returns(tmp_path: Path) -> None:
    """Three equal direct debits; the return of the second names its reference: the second is
    cancelled, not the first. Without a reference, the latest earlier payment is."""
    debit = ('"2024{m}20";"Energie BV";"{own}";"NL11RABO0333999666";"IC";"Af";"242,00";'
             '"Incasso";"Naam: Energie BV Omschrijving: Termijn {m} IBAN: NL11RABO0333999666 '
             'Kenmerk: E-{m}";"0,00";""\n')
    back = ('"2024{m}23";"Energie BV";"{own}";"NL11RABO0333999666";"DV";"Bij";"242,00";'
            '"Diversen";"Naam: Energie BV Omschrijving: Terugboeking incasso IBAN: '
            'NL11RABO0333999666 Kenmerk: {ref}";"0,00";""\n')
    lines = [debit.format(m=m, own=OWN) for m in ("01", "02", "03")]
    named = write_ing(tmp_path / "a.csv", *lines, back.format(m="03", own=OWN, ref="E-02"))
    frame, _ = classified(named)
    assert frame["rule"].astype(str).tolist() == ["cost", "reversal", "cost", "reversal"]
    unnamed = write_ing(tmp_path / "b.csv", *lines, back.format(m="03", own=OWN, ref=""))
    frame, _ = classified(unnamed)
    assert frame["rule"].astype(str).tolist() == ["cost", "cost", "reversal", "reversal"]
