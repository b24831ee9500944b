"""Shared fixtures: paths to the test data, a CLI runner, and small builders for input files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from wijkcalc.cli import app
from wijkcalc.sources.base import RawTable

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "data"

# Wide, colourless, English: rich output stays on one line per table row and is predictable.
CLI_ENV = {"COLUMNS": "240", "NO_COLOR": "1", "LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8",
           "TERM": "dumb"}


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``wijkcalc ARGS...`` in-process; paths may be given as Path objects."""
    runner = CliRunner(env=CLI_ENV)

    def run(*args: object) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return run


def assert_one_line_error(result: Result, *fragments: str) -> str:
    """Exit 2, nothing on stdout, one ``wijkcalc: error:`` line on stderr holding each fragment."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("wijkcalc: error: "), line
    assert "Traceback" not in result.output
    assert result.stdout == ""
    for fragment in fragments:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    return line


@pytest.fixture
def one_line_error() -> Callable[..., str]:
    return assert_one_line_error


@pytest.fixture
def write_bytes(tmp_path: Path) -> Callable[[str, bytes], Path]:
    """Write a file with exactly these bytes in tmp_path (for encodings, BOMs, line ends)."""

    def write(name: str, content: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(content)
        return path

    return write


@pytest.fixture
def make_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Build an .xlsx in tmp_path: ``make_xlsx("x.xlsx", {"Sheet": [[header...], [row...]]})``."""

    def make(name: str, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            sheet = book.create_sheet(title)
            for row in rows:
                sheet.append(list(row))
        path = tmp_path / name
        book.save(path)
        return path

    return make


# ---------------------------------------------------------------- bank sources
# What tests/test_source_*.py share (import them: ``from conftest import BANK, ...``). The
# sources are listed in wijkcalc.sources.SOURCES itself, so detection is tested as it runs.
BANK = DATA / "bank"  # the bank, MT940, CAMT.053 and XAF fixtures
# the contract columns most assertions compare, in this order
BANK_FIELDS = ("amount_cents", "kind", "date", "payer", "counterparty_iban", "description",
               "reference", "reversal")


def income_tables() -> list[Path]:
    """The bundled examples and the test income tables: no bank or bookkeeping file (those
    live in a folder named bank), which no bank source may claim."""
    found = [*sorted(EXAMPLES.rglob("*")), *sorted(DATA.rglob("*"))]
    return [path for path in found if path.is_file()
            and "bank" not in path.relative_to(EXAMPLES if EXAMPLES in path.parents
                                               else DATA).parts[:-1]]


def read_one(source: ModuleType, path: Path) -> RawTable:
    """The one table a source reads from ``path``."""
    [table] = list(source.read(path))
    return table


def bank_rows(table: RawTable, fields: Sequence[str] = BANK_FIELDS) -> list[tuple[object, ...]]:
    """A source's table as rows of ``fields`` (Python values; the amounts int64 cents)."""
    assert table.columns["amount_cents"].dtype == np.int64
    return list(zip(*(table.columns[field].tolist() for field in fields), strict=True))


# ---------------------------------------------------------------- hypothesis profiles (issue 5)
# The generated tests (test_properties.py, test_fuzz.py) take their number of examples from a
# profile: "ci" by default (100 per unit, about 2,600 examples in all, under a minute), "long"
# with WIJKCALC_FUZZ=long (50,000 per unit, about 1.3 million, some hours); each test takes a
# share of the unit by what one example costs. The deadline is the per-example time guard: an
# input that makes wijkcalc hang or crawl fails the test. The example database stays in
# .hypothesis/ (git-ignored).
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", max_examples=100, deadline=5000, print_blob=True)
settings.register_profile("long", max_examples=50_000, deadline=5000, print_blob=True)
settings.load_profile(os.environ.get("WIJKCALC_FUZZ", "ci"))
