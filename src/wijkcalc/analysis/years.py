"""The year index of the sums: NO_YEAR stands for rows from a file without a year."""

from __future__ import annotations

NO_YEAR = -1  # the year index of rows from a file without a year


def year_of(value: object) -> int | None:
    year = int(value)  # type: ignore[arg-type]
    return None if year == NO_YEAR else year
