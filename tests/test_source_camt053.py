"""The CAMT.053 source: detection, hand-computed rows of each fixture, safe XML, clear errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import wijkcalc
from conftest import BANK, bank_rows, income_tables
from wijkcalc import sources
from wijkcalc.errors import InputError
from wijkcalc.sources import camt053, sniff, table

EXAMPLES = Path(__file__).resolve().parents[1] / "data"
OWN = "NL20INGB0001234567"

# camt053-ing-v02.xml by hand: a batch of three, a reversal, interest without a party, a
# counterparty only in AddtlNtryInf, and a pending entry that is left out
ING_V02 = [
    (1250000, "income", "2025-01-06", "Gemeente Utrecht", "NL38BNGH0285012345",
     "Subsidie buurtkamer 2025 beschikking 2024-0815 voorschot", "ING20250106001", ""),
    (500000, "income", "2025-01-15", "Stichting Oranje Fonds", "NL81RABO0312345678",
     "Bijdrage project Samen Koken toekenning OF-2024-1187", "ING20250115002", ""),
    (2500, "income", "2025-01-20", "J. de Vries", "NL71INGB0009876543",
     "Contributie 2025 lid 17", "ING20250120003-01", ""),
    (1250, "income", "2025-01-20", "A. Yılmaz", "NL30ABNA0512345678",
     "Contributie 2025 lid 23", "ING20250120003/2", ""),
    (1000, "income", "2025-01-20", "Ellen Bakker", "NL66ASNB0707070707",
     "Contributie 2025 lid 31", "ING20250120003/3", ""),
    (31240, "income", "2025-01-31", "SumUp Payments Limited", "NL44RABO0123456789",
     "SumUp payout 2025-01-30 card sales", "ING20250131004", ""),
    (-125000, "cost", "2025-02-01", "Woonstichting Lindehof", "NL91ABNA0417164300",
     "Huur februari 2025 buurtkamer", "ING20250201005", ""),
    (-8386, "cost", "2025-02-10", "Coöperatie Schoon & Groen U.A.", "NL09KNAB0255555555",
     "Factuur 2025-0042 schoonmaak januari", "ING20250210006", ""),
    (-200000, "cost", "2025-02-14", "Stichting Buurtkamer De Linde", "NL36INGB0007654321",
     "Naar spaarrekening", "ING20250214007", ""),
    (-2500, "cost", "2025-02-20", "J. de Vries", "NL71INGB0009876543",
     "Storno contributie 2025 lid 17", "ING20250220008", "1"),
    (137, "income", "2025-03-31", "", "", "Creditrente 1e kwartaal 2025", "ING20250331009", ""),
    (1000000, "income", "2025-04-01", "Coöperatie Buurtkracht", "NL24INGB0001111111",
     "Lening verbouwing overeenkomst L-2025-01", "ING20250401010", ""),
    (45000, "income", "2025-04-15", "Crèche Het Lindeboompje", "NL23RABO0387654321",
     "Factuur 2025-007 zaalhuur maart", "ING20250415011", ""),
    (2000, "income", "2025-04-20", "M. Jansen", "NL16BUNQ2034567890", "Gift buurtkamer",
     "ING20250420012", ""),
]
ING_V02_TOTAL = 2497241  # 2,833,127 in less 335,886 out
# camt053-savings-v08-latin1.xml (ISO-8859-1): a credit note, its return (RtrInf), interest;
# an INFO entry left out
SAVINGS_V08 = [
    (30000, "income", "2025-06-02", "Coöperatie Wijkwinkel", "NL09KNAB0255555555",
     "Bijdrage wijkfeest juni", "RABO-2025-0602-01", ""),
    (-4500, "cost", "2025-06-03", "Crèche Het Lindeboompje", "NL23RABO0387654321",
     "Creditnota 2025-003 restitutie zaalhuur", "RABO-2025-0603-01", ""),
    (4500, "income", "2025-06-05", "Crèche Het Lindeboompje", "NL23RABO0387654321",
     "Retour creditnota 2025-003", "RABO-2025-0605-01", "1"),
    (85, "income", "2025-06-30", "", "", "Rente spaarrekening juni", "RABO-2025-0630-01", ""),
]
DAILY_0901 = [
    (31240, "income", "2025-09-01", "SumUp Payments Limited", "NL44RABO0123456789",
     "SumUp payout card sales", "ABN-20250901-1", ""),
    (-125000, "cost", "2025-09-01", "Woonstichting Lindehof", "NL91ABNA0417164300",
     "Huur september 2025", "ABN-20250901-2", ""),
]
DAILY_0903 = [(1500, "income", "2025-09-03", "Ellen Bakker", "NL66ASNB0707070707", "Donatie",
               "ABN-20250903-1", "")]
FIXTURES = sorted(BANK.glob("camt053-*"))


def rows(raw: sources.RawTable) -> list[tuple]:
    return bank_rows(raw)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def one_entry(amount: str = '<Amt Ccy="EUR">10.00</Amt>', extra: str = "") -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt>'
            f'<Stmt><Acct><Id><IBAN>{OWN}</IBAN></Id></Acct>\n<Ntry>{amount}'
            '<CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-01-02</Dt></BookgDt>'
            f'{extra}</Ntry></Stmt></BkToCstmrStmt></Document>\n')


# ---------------------------------------------------------------- detection


def test_fixtures_are_there() -> None:
    assert {p.name for p in FIXTURES} >= {
        "camt053-ing-v02.xml", "camt053-savings-v08-latin1.xml", "camt053-daily-v04.zip",
        "camt053-changed-no-cdtdbtind.xml", "camt053-relative-camt052.xml"}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_detection_picks_camt053_for_every_fixture(path: Path) -> None:
    assert sources.detect(path, sniff.head(path)) is camt053
    assert camt053.detect(sniff.head(path), path.name) > table.detect(sniff.head(path), path.name)


def test_detection_is_sure_of_the_namespace_and_less_of_a_relative() -> None:
    for name in ("camt053-ing-v02.xml", "camt053-savings-v08-latin1.xml",
                 "camt053-daily-v04.zip", "camt053-changed-no-cdtdbtind.xml"):
        assert camt053.detect(sniff.head(BANK / name), name) == 0.95
    assert camt053.detect(sniff.head(BANK / "camt053-relative-camt052.xml"), "x.xml") == 0.7


def test_claims_no_income_table_nor_example() -> None:
    tables = income_tables()
    assert any(p.suffix == ".xlsx" for p in tables) and len(tables) > 20
    for path in tables:
        assert camt053.detect(sniff.head(path), path.name) == 0.0, path


def test_claims_no_office_zip_nor_other_zip(tmp_path: Path) -> None:
    workbook = tmp_path / "book.zip"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("notes.txt", "hello")
    for path in (workbook, other):
        assert camt053.detect(sniff.head(path), path.name) == 0.0
    plain = write(tmp_path, "plain.xml", "<?xml version='1.0'?><root><a>1</a></root>")
    assert camt053.detect(sniff.head(plain), plain.name) == 0.0


# ---------------------------------------------------------------- reading


def test_ing_v02_rows_by_hand() -> None:
    [raw] = camt053.read(BANK / "camt053-ing-v02.xml")
    assert rows(raw) == ING_V02
    assert sum(row[0] for row in ING_V02) == ING_V02_TOTAL
    assert set(raw.columns["account"]) == {OWN}
    assert set(raw.columns["account_holder"]) == {"Stichting Buurtkamer De Linde"}
    assert set(raw.columns["category"]) == {""}
    assert "enterprise" not in raw.columns
    assert raw.columns["transaction_type"][0] == "PMNT-RCDT-ESCT"
    assert raw.columns["transaction_type"][2] == "PMNT-RDDT-ESDD"
    assert raw.columns["transaction_type"][10] == "INT"  # a proprietary code
    # each row's line is that of its <Ntry>; a batch's transactions share their entry's
    assert list(raw.lines[:5]) == [24, 44, 63, 63, 63]
    lines = (BANK / "camt053-ing-v02.xml").read_text(encoding="utf-8").splitlines()
    assert all(lines[n - 1].strip() == "<Ntry>" for n in raw.lines)


def test_savings_v08_latin1_rows_by_hand() -> None:
    [raw] = camt053.read(BANK / "camt053-savings-v08-latin1.xml")
    assert b"Cr\xe8che" in (BANK / "camt053-savings-v08-latin1.xml").read_bytes()
    assert rows(raw) == SAVINGS_V08
    assert set(raw.columns["account"]) == {"NL36INGB0007654321"}


def test_zip_of_daily_statements_gives_a_table_per_statement() -> None:
    path = BANK / "camt053-daily-v04.zip"
    tables = list(camt053.read(path))
    # the day without entries (camt053_20250902.xml) gives no table
    assert [t.file for t in tables] == [f"{path}/camt053_20250901.xml",
                                        f"{path}/camt053_20250903.xml"]
    assert [t.stem for t in tables] == ["camt053-daily-v04"] * 2
    assert rows(tables[0]) == DAILY_0901 and rows(tables[1]) == DAILY_0903


@pytest.mark.parametrize(("name", "total"), [
    ("camt053-ing-v02.xml", ING_V02_TOTAL),
    ("camt053-savings-v08-latin1.xml", 30000 - 4500 + 4500 + 85),
    ("camt053-daily-v04.zip", 31240 - 125000 + 1500),
])
def test_the_pipeline_reads_each_fixture(name: str, total: int) -> None:
    for source in ("camt053", None):
        frame = wijkcalc.load([BANK / name], source=source, as_read=True)
        assert int(frame["amount_cents"].sum()) == total
        assert set(frame["year"]) == {2025}
        assert set(frame["kind"]) == {"income", "cost"}
        assert {"counterparty_iban", "reference", "account", "reversal"} <= set(frame.columns)


def test_read_together_with_an_income_table() -> None:
    frame = wijkcalc.load([BANK / "camt053-ing-v02.xml", EXAMPLES / "buurthuis-de-linde.csv"],
                          as_read=True)
    assert (frame["file"] == str(BANK / "camt053-ing-v02.xml")).sum() == len(ING_V02)


# ---------------------------------------------------------------- clear errors


def test_a_changed_layout_gives_one_clear_line() -> None:
    path = BANK / "camt053-changed-no-cdtdbtind.xml"
    with pytest.raises(InputError) as caught:
        list(camt053.read(path))
    assert caught.value.file == str(path) and caught.value.line == 24
    assert "looks like a CAMT.053 bank statement" in caught.value.message
    assert "'CdtDbtInd'" in caught.value.message and "\n" not in str(caught.value)


def test_a_relative_of_the_statement_is_named() -> None:
    with pytest.raises(InputError, match=r"CAMT\.052 message, not a CAMT\.053 statement"):
        list(camt053.read(BANK / "camt053-relative-camt052.xml"))


@pytest.mark.parametrize(("amount", "message"), [
    ('<Amt Ccy="EUR">10.005</Amt>', "expected a decimal amount"),
    ('<Amt Ccy="EUR">ten</Amt>', "expected a decimal amount"),
    ('<Amt Ccy="USD">10.00</Amt>', "in USD; wijkcalc counts euros"),
    ("", "has no 'Amt'"),
])
def test_bad_amounts(tmp_path: Path, amount: str, message: str) -> None:
    path = write(tmp_path, "bad.xml", one_entry(amount))
    with pytest.raises(InputError, match=message) as caught:
        list(camt053.read(path))
    assert caught.value.line == 3  # the <Ntry>'s line


def test_no_booked_entries_is_said(tmp_path: Path) -> None:
    path = write(tmp_path, "pending.xml", one_entry(extra="<Sts>PDNG</Sts>"))
    with pytest.raises(InputError, match="without booked entries"):
        list(camt053.read(path))


def test_exact_cents() -> None:
    assert [camt053.exact_cents(t) for t in ("1250", "1250.5", "83.86", "0.10", "7.000")] \
        == [125000, 125050, 8386, 10, 700]
    assert camt053.exact_cents("1.234") is None and camt053.exact_cents("1,50") is None


# ---------------------------------------------------------------- safe XML

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Document [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><AddtlNtryInf>&lol3;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Ntry><AddtlNtryInf>&secret;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>
"""
EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Document SYSTEM "http://example.invalid/camt.dtd">
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL, EXTERNAL_DTD],
                         ids=["entity-expansion", "external-entity", "external-dtd"])
def test_entities_and_external_references_are_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "evil.xml", text)
    assert camt053.detect(sniff.head(path), path.name) == 0.95  # it claims it, then refuses
    with pytest.raises(InputError, match="document type declaration") as caught:
        list(camt053.read(path))
    assert caught.value.file == str(path) and caught.value.line == 2


def test_an_undeclared_entity_and_broken_xml_are_one_error(tmp_path: Path) -> None:
    undeclared = write(tmp_path, "u.xml", one_entry(extra="<AddtlNtryInf>&x;</AddtlNtryInf>"))
    with pytest.raises(InputError, match=r"not well-formed XML .*undefined entity"):
        list(camt053.read(undeclared))
    broken = write(tmp_path, "b.xml", one_entry().replace("</Ntry>", ""))
    with pytest.raises(InputError, match="not well-formed XML"):
        list(camt053.read(broken))


def test_an_evil_member_of_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "days.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("camt053_1.xml", BILLION_LAUGHS)
    with pytest.raises(InputError, match="document type declaration") as caught:
        list(camt053.read(path))
    assert caught.value.file == f"{path}/camt053_1.xml"


def test_a_zip_that_unpacks_too_far_is_refused(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "days.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("camt053_1.xml", one_entry() + " " * 5000)
    monkeypatch.setattr(camt053, "MAX_FILE_BYTES", 4096)
    with pytest.raises(InputError, match="unpack to more than"):
        list(camt053.read(path))


def test_a_bom_or_utf16_statement_is_read(tmp_path: Path) -> None:
    text = one_entry().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    for name, data in (("bom.xml", b"\xef\xbb\xbf" + one_entry().encode()),
                       ("utf16.xml", text.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        assert camt053.detect(sniff.head(path), name) == 0.95
        [raw] = camt053.read(path)
        assert list(raw.columns["amount_cents"]) == [1000] and list(raw.lines) == [3]


def test_a_long_statement_reads_in_one_linear_pass(tmp_path: Path) -> None:
    block = "<Ntry>" + one_entry().split("<Ntry>")[1].split("</Stmt>")[0]
    many = one_entry().replace(block, (block + "\n") * 3000 + block, 1)
    path = write(tmp_path, "many.xml", many)
    [raw] = camt053.read(path)
    assert raw.rows == 3001 and int(raw.columns["amount_cents"].sum()) == 3001 * 1000
    assert raw.lines[-1] == 3003
