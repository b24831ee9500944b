"""The bundled example income files (shipped inside the package, or in data/ of a checkout)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_FILE = "buurthuis-de-linde.csv"


def examples_dir() -> Path:
    packaged = Path(str(resources.files("wijkcalc").joinpath("data")))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"  # an editable install or a checkout


def example_files() -> list[Path]:
    return sorted(p for p in examples_dir().iterdir() if p.suffix in (".csv", ".tsv", ".xlsx"))


def example(name: str = DEMO_FILE) -> Path:
    return examples_dir() / name
