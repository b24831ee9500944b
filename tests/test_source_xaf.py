"""The XAF auditfile source: detection, hand-computed profit-and-loss rows, safe XML, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import wijkcalc
from conftest import BANK, bank_rows, income_tables
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import camt053, sniff, xaf

EXAMPLES = Path(__file__).resolve().parents[1] / "data"
FIELDS = ("amount_cents", "kind", "date", "payer", "counterparty_iban", "description",
          "reference", "account", "category")
HOLDER = "Stichting Buurtkamer De Linde"

# xaf-32-latin1.xaf by hand: only the lines on P accounts, credit + and debit -; the balance
# accounts (bank, debtors, creditors, the loan) give no rows; the revenue line without a
# custSupID takes the one of its transaction; kind by the sign of the account's total
XAF_32 = [
    (45000, "income", "2025-03-31", "Crèche Het Lindeboompje", "NL23RABO0387654321",
     "Zaalhuur maart", "2025-007", "8000", "Opbrengst zaalverhuur"),
    (-4500, "income", "2025-06-03", "Crèche Het Lindeboompje", "NL23RABO0387654321",
     "Creditnota 2025-003 restitutie zaalhuur", "2025-C003", "8000", "Opbrengst zaalverhuur"),
    (-125000, "cost", "2025-02-01", "Woonstichting Lindehof", "NL91ABNA0417164300",
     "Huur februari 2025", "H-2025-02", "4000", "Huur buurtkamer"),
    (-8386, "cost", "2025-02-10", "Coöperatie Schoon & Groen U.A.", "NL09KNAB0255555555",
     "Factuur 2025-0042 schoonmaak januari", "2025-0042", "4100", "Schoonmaakkosten"),
    (1000, "cost", "2025-02-28", "Coöperatie Schoon & Groen U.A.", "NL09KNAB0255555555",
     "Creditnota 2025-0042a", "2025-0042a", "4100", "Schoonmaakkosten"),
    (1250000, "income", "2025-01-06", "Gemeente Utrecht", "NL38BNGH0285012345",
     "Subsidie buurtkamer 2025 beschikking 2024-0815", "B2025-001", "8100", "Subsidie gemeente"),
    (500000, "income", "2025-01-15", "Stichting Oranje Fonds", "",
     "Bijdrage project Samen Koken", "B2025-002", "8200", "Bijdragen fondsen"),
    (4750, "income", "2025-01-20", "", "", "Contributies januari", "B2025-003", "8300",
     "Contributies en giften"),
    (31240, "income", "2025-01-31", "", "", "SumUp payout card sales", "B2025-004", "8400",
     "Baromzet (SumUp)"),
    (-2500, "income", "2025-02-20", "", "", "Storno contributie lid 17", "B2025-005", "8300",
     "Contributies en giften"),
    (137, "income", "2025-03-31", "", "", "Creditrente 1e kwartaal 2025", "B2025-006", "8900",
     "Rentebaten"),
]
XAF_32_TOTAL = 1691741
# xaf-40-rgs.xaf by hand: kind by RGS code (WOmz, WOvb income; WBed cost, whatever the
# sign), by the account's total for financial WFbe accounts
XAF_40 = [
    (60000, "income", "2025-05-02", "Crèche Het Lindeboompje", "", "Zaalverhuur mei",
     "F-2025-031", "8000", "Opbrengst zaalverhuur"),
    (-1250, "income", "2025-05-10", "", "", "Retour consumpties", "25-102", "8050",
     "Verkoop consumpties"),
    (625000, "income", "2025-05-15", "Gemeente Utrecht", "", "Subsidie gemeente 2e termijn",
     "BS-2025-0815", "8100", "Subsidie gemeente"),
    (-125000, "cost", "2025-05-20", "Woonstichting Lindehof", "", "Huur mei 2025", "H-2025-05",
     "4000", "Huur buurtkamer"),
    (8000, "cost", "2025-05-21", "Woonstichting Lindehof", "", "Restitutie servicekosten 2024",
     "25-105", "4010", "Servicekosten"),
    (42, "income", "2025-05-31", "", "", "Rente mei", "25-106", "8900", "Rentebaten"),
    (-995, "cost", "2025-05-31", "", "", "Bankkosten mei", "25-107", "4900", "Bankkosten"),
]
XAF_40_TOTAL = 565797
XAF_40_RGS = ["WOmzNopOdv", "WOmzNopOlh", "WOvbOrsOsu", "WBedHuiHur", "WBedHuiSer",
              "WFbeRbaRba", "WFbeRlaRla"]
FIXTURES = sorted(BANK.glob("xaf-*"))
NS_32 = "http://www.auditfiles.nl/XAF/3.2"


def rows(raw: sources.RawTable) -> list[tuple]:
    return bank_rows(raw, FIELDS)


def auditfile(body: str, namespace: str = NS_32, header: str = "<curCode>EUR</curCode>",
              doctype: str = "") -> str:
    attribute = f' xmlns="{namespace}"' if namespace else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<auditfile{attribute}>\n'
            f"<header><fiscalYear>2025</fiscalYear>{header}</header>\n"
            f"<company><companyName>{HOLDER}</companyName>\n"
            "<generalLedger><ledgerAccount><accID>8000</accID><accDesc>Omzet</accDesc>"
            "<accTp>P</accTp></ledgerAccount><ledgerAccount><accID>1100</accID>"
            "<accDesc>Bank</accDesc><accTp>B</accTp></ledgerAccount></generalLedger>\n"
            f"<transactions><journal><jrnID>M</jrnID><jrnTp>M</jrnTp>\n{body}"
            "</journal></transactions></company></auditfile>\n")


LINES = ("<transaction><nr>1</nr><trDt>2025-02-01</trDt>\n"
         "<trLine><accID>8000</accID><amnt>10.00</amnt><amntTp>C</amntTp></trLine>\n"
         "<trLine><accID>1100</accID><amnt>10.00</amnt><amntTp>D</amntTp></trLine>\n"
         "</transaction>\n")


def write(tmp_path: Path, text: str, name: str = "a.xaf") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_detection_picks_xaf_for_every_fixture(path: Path) -> None:
    head = sniff.head(path)
    assert sources.detect(path, head) is xaf
    assert xaf.detect(head, path.name) == 0.95
    assert camt053.detect(head, path.name) == 0.0


def test_claims_no_income_table_nor_example_nor_statement() -> None:
    found = income_tables() + sorted(BANK.glob("camt053-*"))
    assert len(found) > 20
    for path in found:
        assert xaf.detect(sniff.head(path), path.name) == 0.0, path


@pytest.mark.parametrize("namespace", [
    "http://www.auditfiles.nl/XAF/3.1", "http://www.auditfiles.nl/XAF/3.2",
    "http://www.odb.belastingdienst.nl/Belastingdienst/BCPP/1.0/structures/"
    "XmlAuditfileFinancieel3.2.1",
    "http://www.odb.belastingdienst.nl/Belastingdienst/BCPP/1.1/structures/XmlauditfileXAF_4.0",
    "http://www.odb.belastingdienst.nl/XAF/4.0", "http://www.auditfiles.nl/XAF/4.0",
])
def test_every_namespace_in_use_is_read(tmp_path: Path, namespace: str) -> None:
    path = write(tmp_path, auditfile(LINES, namespace))
    assert xaf.detect(sniff.head(path), path.name) == 0.95
    [raw] = xaf.read(path)
    assert list(raw.columns["amount_cents"]) == [1000]


# ---------------------------------------------------------------- reading


def test_xaf_32_latin1_rows_by_hand() -> None:
    path = BANK / "xaf-32-latin1.xaf"
    assert b"Co\xf6peratie" in path.read_bytes()
    [raw] = xaf.read(path)
    assert rows(raw) == XAF_32
    assert sum(row[0] for row in XAF_32) == XAF_32_TOTAL
    assert set(raw.columns["account_holder"]) == {HOLDER}
    assert set(raw.columns["reversal"]) == {""} and set(raw.columns["rgs_code"]) == {""}
    assert list(raw.columns["transaction_type"]) == ["S", "S", "P", "P", "P"] + ["B"] * 6
    lines = path.read_bytes().decode("latin-1").splitlines()
    assert all(lines[n - 1].strip() == "<trLine>" for n in raw.lines)
    assert "enterprise" not in raw.columns


def test_xaf_40_rows_by_hand_with_rgs_codes() -> None:
    [raw] = xaf.read(BANK / "xaf-40-rgs.xaf")
    assert rows(raw) == XAF_40
    assert sum(row[0] for row in XAF_40) == XAF_40_TOTAL
    assert list(raw.columns["rgs_code"]) == XAF_40_RGS


@pytest.mark.parametrize(("name", "total"), [("xaf-32-latin1.xaf", XAF_32_TOTAL),
                                             ("xaf-40-rgs.xaf", XAF_40_TOTAL)])
def test_the_pipeline_reads_each_fixture(name: str, total: int) -> None:
    for source in ("xaf", None):
        frame = wijkcalc.load([BANK / name], source=source, as_read=True)
        assert int(frame["amount_cents"].sum()) == total
        assert set(frame["year"]) == {2025}
        assert "rgs_code" in frame.columns and "Rentebaten" in set(frame["category"])


def test_4_0_lines_in_a_trlines_block(tmp_path: Path) -> None:
    body = LINES.replace("<trLine>", "<trLines><trLine>", 1).replace(
        "</trLine>\n</transaction>", "</trLine></trLines>\n</transaction>")
    [raw] = xaf.read(write(tmp_path, auditfile(body)))
    assert list(raw.columns["amount_cents"]) == [1000] and list(raw.lines) == [8]


def test_4_0_negative_amounts(tmp_path: Path) -> None:
    body = LINES.replace("<amnt>10.00</amnt><amntTp>C", "<amnt>-10.00</amnt><amntTp>C")
    [raw] = xaf.read(write(tmp_path, auditfile(body)))
    assert list(raw.columns["amount_cents"]) == [-1000]


# ---------------------------------------------------------------- clear errors


def test_a_changed_layout_gives_one_clear_line() -> None:
    path = BANK / "xaf-changed-no-amnttp.xaf"
    with pytest.raises(InputError) as caught:
        list(xaf.read(path))
    assert caught.value.file == str(path) and caught.value.line == 278
    assert "looks like an XAF auditfile" in caught.value.message
    assert "'amntTp'" in caught.value.message


@pytest.mark.parametrize(("text", "message"), [
    (auditfile(LINES, namespace=""), "without a namespace: an old CLAIR2"),
    (auditfile(LINES, namespace="http://example.org/xaf"), "is none of XAF 3.1"),
    (auditfile(LINES, header="<curCode>USD</curCode>"), "currency is USD"),
    (auditfile(LINES.replace("<accID>8000", "<accID>9999")), "'9999' is not in the general"),
    (auditfile(LINES.replace("10.00</amnt><amntTp>C", "10,00</amnt><amntTp>C")),
     "expected an amount such as 1250.00"),
    (auditfile(LINES.replace("<amntTp>C", "<amntTp>X")), "amntTp D or C"),
    (auditfile(""), "without transaction lines"),
])
def test_what_is_wrong_is_said(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=message) as caught:
        list(xaf.read(path))
    assert caught.value.file == str(path)


def test_an_old_or_odd_auditfile_is_claimed_a_little() -> None:
    assert xaf.detect(auditfile(LINES, namespace="").encode(), "old.xml") == 0.7
    assert xaf.detect(b"Datum;Bedrag\n2025-01-01;10\n", "x.csv") == 0.0


# ---------------------------------------------------------------- safe XML

ENTITIES = ('<!DOCTYPE auditfile [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>\n')
EXTERNAL = '<!DOCTYPE auditfile [<!ENTITY e SYSTEM "file:///etc/hostname">]>\n'


@pytest.mark.parametrize("doctype", [ENTITIES, EXTERNAL], ids=["expansion", "external"])
def test_entities_are_refused(tmp_path: Path, doctype: str) -> None:
    text = auditfile(LINES.replace("<nr>1</nr>", "<nr>1</nr><desc>&c;&e;</desc>"),
                     doctype=doctype)
    path = write(tmp_path, text)
    with pytest.raises(InputError, match="document type declaration") as caught:
        list(xaf.read(path))
    assert caught.value.line == 2
