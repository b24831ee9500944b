"""Scenarios (income rows reclassified by text: what if) and where a report came from."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import N_, UsageError
from ..rules import codes_and_values, normalise_text
from ..vocab import INCOME_CLASSES
from .results import Provenance

SCENARIO_RULE = "scenario"  # the rule a reclassified row shows


def needles(texts: Iterable[str], option: str) -> tuple[str, ...]:
    """The texts as they are looked for (case, accents and punctuation folded)."""
    found = []
    for text in texts:
        needle = normalise_text(str(text)).strip()
        if not needle:
            raise UsageError(N_("{option} {text!r} has no letter or digit to look for"),
                             option=option, text=text)
        found.append(needle)
    return tuple(found)


def _hits(classified: pd.DataFrame, needle: str) -> np.ndarray:
    """Rows whose category, payer or description holds ``needle``, judged per distinct text."""
    found = np.zeros(len(classified), dtype=bool)
    for column in ("category", "payer", "description"):
        codes, values = codes_and_values(classified[column])
        holds = np.array([needle in normalise_text(str(v)) for v in values], dtype=bool)
        if len(codes):
            found |= holds[codes]
    return found


def reclassified(classified: pd.DataFrame, as_market: tuple[str, ...],
                 as_public: tuple[str, ...]) -> tuple[pd.DataFrame, np.ndarray]:
    """The income rows matching a text of ``as_market`` counted as market, of ``as_public`` as
    public; excluded and cost rows stay as they are. Also how many income rows each text (as
    market first, then as public) matched."""
    income = np.isin(classified["class"].astype(str).to_numpy(dtype=object), INCOME_CLASSES)
    market = [income & _hits(classified, needle) for needle in as_market]
    public = [income & _hits(classified, needle) for needle in as_public]
    to_market = np.logical_or.reduce(market) if market else np.zeros(len(income), dtype=bool)
    to_public = np.logical_or.reduce(public) if public else np.zeros(len(income), dtype=bool)
    both = to_market & to_public
    if both.any():
        row = classified.iloc[int(np.flatnonzero(both)[0])]
        label = row["category"] or row["description"]
        raise UsageError(N_("{label!r} matches both --as-market and --as-public; give texts "
                            "that tell them apart"), label=label)
    counts = np.array([int(hit.sum()) for hit in (*market, *public)], dtype=np.int64)
    if not (to_market | to_public).any():
        return classified, counts
    frame = classified.copy()
    classes = frame["class"].astype(str).to_numpy(dtype=object)
    classes = np.where(to_market, "market", np.where(to_public, "public", classes))
    frame["class"] = pd.Categorical(classes)
    rules = frame["rule"].astype(str).to_numpy(dtype=object)
    frame["rule"] = pd.Categorical(np.where(to_market | to_public, SCENARIO_RULE, rules))
    return frame, counts


def unmatched(counts: np.ndarray, as_market: tuple[str, ...], as_public: tuple[str, ...]
              ) -> None:
    """A UsageError naming the first text that matched no income row."""
    options = [("--as-market", t) for t in as_market] + [("--as-public", t) for t in as_public]
    for (option, text), count in zip(options, counts.tolist(), strict=True):
        if not count:
            raise UsageError(N_("{option} {text!r} matches no income stream (category, payer "
                                "or description); see the streams in: wijkcalc report FILE"),
                             option=option, text=text)


HASHED_AT_ONCE = 1 << 24


def sha256_of(path: Path) -> str:
    """The file's sha256, read 16 MiB at a time into one buffer: hashlib and the read let go
    of the GIL for each, so in a thread the hashing waits for the GIL a few dozen times for a
    large file, not once per mebibyte (each wait is up to Python's switch interval, 5 ms)."""
    digest = hashlib.sha256()
    with path.open("rb", buffering=0) as handle:
        buffer = bytearray(min(HASHED_AT_ONCE, max(path.stat().st_size, 1)))
        view = memoryview(buffer)
        while size := handle.readinto(buffer):
            digest.update(view[:size])
    return digest.hexdigest()


def provenance(files: Iterable[Path], rule_files: tuple[str, ...], version: str) -> Provenance:
    """wijkcalc's ``version`` (given by the caller: the analysis does not import the package,
    and importlib.metadata costs some 90 ms of a report's start), the sha256 of the rules in
    force (the user's rule files, then the default rules, byte for byte) and of each source
    file."""
    from importlib import resources

    rules = hashlib.sha256()
    for name in rule_files:
        rules.update(Path(name).read_bytes())
    rules.update(resources.files("wijkcalc").joinpath("rules.toml").read_bytes())
    digests = []
    for path in files:
        try:
            digests.append((str(path), sha256_of(path)))
        except OSError:  # not there or not readable: the report's errors say so already
            continue
    # sorted: the same files give the same provenance, named in any order or by their folder
    return Provenance(version, rules.hexdigest(), tuple(sorted(set(digests))))


def provenance_soon(files: Iterable[Path], rule_files: tuple[str, ...], version: str
                    ) -> Callable[[], Provenance]:
    """provenance(...), worked out in a thread while the caller goes on: the hashing reads
    every file again (10M rows, 600 MB: 0.5 s), on a core the analysis after the read leaves
    idle (hashlib and reads let go of the GIL). The function returned waits for it. Start it
    once no more processes are forked: a fork copies no thread but the forking one."""
    files = list(files)
    done: list[Provenance] = []
    failed: list[BaseException] = []

    def work() -> None:
        try:
            done.append(provenance(files, rule_files, version))
        except BaseException as error:  # raised again to the caller, in its thread
            failed.append(error)

    thread = threading.Thread(target=work, name="wijkcalc-provenance", daemon=True)
    thread.start()

    def result() -> Provenance:
        thread.join()
        if failed:
            raise failed[0]
        return done[0]

    return result
