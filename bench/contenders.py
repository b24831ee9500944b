"""The benchmark's contenders: each reads one income CSV and writes its totals per enterprise,
year and class (in cents) to a CSV. Run one as: python bench/contenders.py NAME INPUT OUTPUT.
(wijkcalc's own command is run by run.py directly: `wijkcalc compare FILE --all-years`.)

They classify the benchmark's vocabulary the way wijkcalc's default rules do, written the way a
power user would write it in each tool.
"""

from __future__ import annotations

import sys

EXCLUDED = ["lening", "loan"]
GRAY = ["aanbesteding", "tender", "right to challenge"]
SUBSIDY = ["subsid"]
GIFTS = ["fonds", "grant", "donatie", "donation", "gift"]
EARNED = ["verkoop", "sales", "omzet", "horeca", "catering", "huur", "rent", "deelnemersbijdrage",
          "contributie", "membership", "diensten", "services", "opdracht", "entree"]
PUBLIC_PAYERS = ["gemeente", "provincie", "municipality", "zorgkantoor"]
FUND_PAYERS = ["fonds", "foundation", "loterij"]  # money from a fund no other rule placed: public


def totals_from_compare_json(report: str, target: str) -> None:
    """`wijkcalc compare --all-years --format json` carries every enterprise-year's totals."""
    import json

    with open(report, encoding="utf-8") as handle:
        document = json.load(handle)
    _write(target, ((e["enterprise"], e["year"], cls, _cents(amount))
                    for e in document["enterprises"] for cls, amount in e["totals"].items()))


def wijkcalc_library(source: str, target: str) -> None:
    from wijkcalc import compare

    comparison = compare([source], all_years=True)
    _write(target, ((row.report.enterprise, row.report.year, cls, getattr(row.report.totals, cls))
                    for row in comparison.rows
                    for cls in ("market", "public", "gray", "unclassified", "excluded", "cost")))


def _duckdb_classified(source: str) -> str:
    """The rows with their class, as SQL: the vocabulary of wijkcalc's default rules."""

    def any_of(column: str, words: list[str]) -> str:
        return " OR ".join(f"{column} LIKE '%{w}%'" for w in words)

    return f"""
        WITH raw AS (
            SELECT enterprise, year, lower(strip_accents(category)) AS c,
                   coalesce(payer, '') AS payer, lower(coalesce(payer, '')) AS p, amount
            FROM read_csv('{source}', header = true,
                          columns = {{'enterprise': 'VARCHAR', 'year': 'INTEGER',
                                      'category': 'VARCHAR', 'payer': 'VARCHAR',
                                      'amount': 'DECIMAL(18,2)'}}))
        SELECT enterprise, year, payer, amount,
               CASE WHEN {any_of('c', EXCLUDED)} THEN 'excluded'
                    WHEN {any_of('c', GRAY)} THEN 'gray'
                    WHEN {any_of('c', SUBSIDY + GIFTS)} THEN 'public'
                    WHEN {any_of('c', EARNED)} THEN
                         CASE WHEN {any_of('p', PUBLIC_PAYERS)} THEN 'gray' ELSE 'market' END
                    WHEN {any_of('p', FUND_PAYERS)} THEN 'public'
                    ELSE 'unclassified' END AS class
        FROM raw"""


def duckdb_sql(source: str, target: str) -> None:
    """DuckDB's bare classify-and-sum: the totals per enterprise, year and class."""
    import duckdb

    query = f"""
        WITH rows AS ({_duckdb_classified(source)})
        SELECT enterprise, year, class, CAST(sum(amount) * 100 AS BIGINT) AS cents
        FROM rows GROUP BY ALL ORDER BY ALL"""
    duckdb.sql(query).write_csv(target)


def duckdb_job(source: str, target: str) -> None:
    """DuckDB doing wijkcalc's job: per enterprise-year the class sums, the per-payer sums,
    the Herfindahl index and the largest payer, written as JSON (one object a line)."""
    import duckdb

    classes = ["market", "public", "gray", "unclassified", "excluded"]
    pivot = ", ".join(f"CAST(coalesce(sum(amount) FILTER (WHERE class = '{c}'), 0) * 100 "
                      f"AS BIGINT) AS {c}" for c in classes)
    query = f"""
        WITH rows AS ({_duckdb_classified(source)}),
        totals AS (SELECT enterprise, year, {pivot} FROM rows GROUP BY ALL),
        payers AS (SELECT enterprise, year, payer, sum(amount) AS cents FROM rows
                   WHERE class <> 'excluded' AND payer <> '' GROUP BY ALL),
        dependency AS (
            SELECT enterprise, year,
                   sum((p.cents * 100 / (t.market + t.public + t.gray + t.unclassified)) ^ 2)
                       AS hhi,
                   arg_max(payer, p.cents) AS largest_payer,
                   CAST(max(p.cents) * 100 AS BIGINT) AS largest_cents
            FROM payers p JOIN totals t USING (enterprise, year)
            WHERE p.cents > 0 GROUP BY ALL)
        SELECT * FROM totals LEFT JOIN dependency USING (enterprise, year)
        ORDER BY enterprise, year"""
    duckdb.sql(f"COPY ({query}) TO '{target}' (FORMAT JSON)")


def totals_from_job_json(report: str, target: str) -> None:
    """duckdb_job's JSON lines -> the totals per enterprise, year and class."""
    import json

    found = []
    with open(report, encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            found += [(row["enterprise"], row["year"], cls, row[cls])
                      for cls in ("market", "public", "gray", "unclassified", "excluded")]
    _write(target, found)


def polars_lazy(source: str, target: str) -> None:
    import polars as pl

    def any_of(column: pl.Expr, words: list[str]) -> pl.Expr:
        return column.str.contains("|".join(words))

    c = pl.col("category").str.to_lowercase()
    p = pl.col("payer").fill_null("").str.to_lowercase()
    cls = (pl.when(any_of(c, EXCLUDED)).then(pl.lit("excluded"))
           .when(any_of(c, GRAY)).then(pl.lit("gray"))
           .when(any_of(c, SUBSIDY + GIFTS)).then(pl.lit("public"))
           .when(any_of(c, EARNED) & any_of(p, PUBLIC_PAYERS)).then(pl.lit("gray"))
           .when(any_of(c, EARNED)).then(pl.lit("market"))
           .when(any_of(p, FUND_PAYERS)).then(pl.lit("public"))
           .otherwise(pl.lit("unclassified")))
    (pl.scan_csv(source, schema_overrides={"amount": pl.String, "payer": pl.String})
     .with_columns(cls.alias("class"),
                   pl.col("amount").str.replace(r"\.", "").cast(pl.Int64).alias("cents"))
     .group_by("enterprise", "year", "class").agg(pl.col("cents").sum())
     .collect(engine="streaming").write_csv(target))


def pandas_per_row(source: str, target: str) -> None:
    """The naive way: a Python function applied to every row."""
    import pandas as pd

    frame = pd.read_csv(source, dtype={"amount": str, "payer": str}, keep_default_na=False)

    def classify(row: pd.Series) -> str:
        c, p = row["category"].lower(), row["payer"].lower()
        if any(w in c for w in EXCLUDED):
            return "excluded"
        if any(w in c for w in GRAY):
            return "gray"
        if any(w in c for w in SUBSIDY + GIFTS):
            return "public"
        if any(w in c for w in EARNED):
            return "gray" if any(w in p for w in PUBLIC_PAYERS) else "market"
        if any(w in p for w in FUND_PAYERS):
            return "public"
        return "unclassified"

    frame["class"] = frame.apply(classify, axis=1)
    frame["cents"] = frame["amount"].map(lambda a: int(a.replace(".", "")))
    totals = frame.groupby(["enterprise", "year", "class"])["cents"].sum().reset_index()
    totals.to_csv(target, index=False)


def pyarrow_floor(source: str, target: str) -> None:
    """Parsing only: the floor any contender stands on."""
    import pyarrow.csv

    pyarrow.csv.read_csv(source)
    open(target, "w").close()


def _cents(amount: str) -> int:
    whole, _, part = amount.lstrip("-").partition(".")
    cents = int(whole) * 100 + int(part.ljust(2, "0"))
    return -cents if amount.startswith("-") else cents


def _write(target: str, rows) -> None:
    import csv

    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["enterprise", "year", "class", "cents"])
        writer.writerows(rows)


def bank_read(source: str, target: str) -> None:
    """The bank case: seconds (wall and CPU) to read one file into the canonical frame, by
    sources.read + cells.canonical and by wijkcalc.api.load (which also settles bank lines),
    imports done first; written to ``target`` as JSON."""
    import json
    import time
    import warnings

    from wijkcalc import api, sources
    from wijkcalc.sources.cells import canonical

    warnings.simplefilter("ignore")  # a bank file's notes (own transfers, returns) go to stderr
    found: dict[str, float] = {}
    for name, read in (("read", lambda: canonical(list(sources.read(source)))),
                       ("load", lambda: api.load([source]))):
        wall, cpu = time.perf_counter(), time.process_time()
        frame = read()
        found[f"{name}_seconds"] = time.perf_counter() - wall
        found[f"{name}_cpu"] = time.process_time() - cpu
        found["rows"] = len(frame)
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(found, handle)


CONTENDERS = {
    "bank-read": bank_read,
    "wijkcalc-library": wijkcalc_library,
    "duckdb": duckdb_sql,
    "duckdb-job": duckdb_job,
    "polars": polars_lazy,
    "pandas-per-row": pandas_per_row,
    "pyarrow-parse-only": pyarrow_floor,
}

if __name__ == "__main__":
    CONTENDERS[sys.argv[1]](sys.argv[2], sys.argv[3])
