"""Files wijkcalc writes: whole or not at all, never over an input, safe to open in Excel."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError

# OWASP, CSV injection: a cell starting with one of these may be run as a formula by Excel.
FORMULA_START = r"[=+\-@\t\r]"


def check_not_input(target: str | Path, inputs: Iterable[str | Path]) -> None:
    resolved = Path(target).resolve()
    for source in inputs:
        if Path(source).resolve() == resolved:
            raise UsageError(f"will not write over the input file {source}; choose another "
                             "output name", file=str(target))


def write_atomic(target: str | Path, content: str | bytes, *,
                 inputs: Iterable[str | Path] = (), encoding: str = "utf-8") -> None:
    """Write content to target through a temporary file and a rename: whole or not at all."""
    target = Path(target)
    check_not_input(target, inputs)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError("the folder to write in does not exist", file=str(target))
    data = content.encode(encoding) if isinstance(content, str) else content
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
