"""The wijkcalc benchmark: the same job done by wijkcalc and by the tools a power user would pick
instead, on the same generated files, whole processes from start to written totals.

    python bench/run.py                      # 10k, 1M and 10M rows; writes bench/RESULTS.md
    python bench/run.py --sizes 10000 --runs 1 --results /tmp/r.md   # a quick check
    python bench/run.py --bank               # also: a 100,000-line ING export against the
                                             # same lines as a plain income table
    python bench/run.py --sizes --bank       # the bank case alone

Needs the bench extra: pip install '.[bench]'. Every contender's totals per enterprise, year and
class must agree to the cent with DuckDB's, or the run fails.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate, generate_bank, generate_formats  # noqa: E402

CONTENDERS = ["wijkcalc", "wijkcalc-library", "duckdb", "duckdb-job", "polars",
              "pandas-per-row", "pyarrow-parse-only"]
NEEDS = {"duckdb": "duckdb", "duckdb-job": "duckdb", "polars": "polars",
         "pyarrow-parse-only": "pyarrow"}
# contenders whose output is a JSON document, turned into totals after the timed run
JSON_OUTPUT = {"wijkcalc": "totals_from_compare_json", "duckdb-job": "totals_from_job_json"}
NAIVE_MAX_ROWS = 1_000_000  # the per-row way takes minutes beyond this
SIZES = [10_000, 1_000_000, 10_000_000]
BANK_ROWS = 100_000
BANK_LIMIT = 3.0  # issue 11: a bank export reads in under 3x the plain table's time
# Each measured process is started by this small launcher, not by the benchmark itself: a
# child's peak resident set (ru_maxrss) counts the memory of the process it was forked from,
# which for the benchmark (holding 10M generated rows) was ~577 MB for every contender. A
# process that splits its work (wijkcalc --jobs) has workers: the launcher also samples the
# memory of the whole process tree every 20 ms (Linux /proc) and reports the larger of the
# process's own peak and the tree's peak sum. The tree is summed by proportional set size
# (Pss): a page that forked workers share with their parent counts once, not once each.
LAUNCHER = ("import os, subprocess, sys, time\n"
            "def tree(pid):\n"
            "    try:\n"
            "        with open(f'/proc/{pid}/smaps_rollup') as f:\n"
            "            kb = next((int(l.split()[1]) for l in f if l.startswith('Pss:')), 0)\n"
            "        with open(f'/proc/{pid}/task/{pid}/children') as f:\n"
            "            kids = [int(k) for k in f.read().split()]\n"
            "    except (OSError, ValueError):\n"
            "        return 0\n"
            "    return kb + sum(tree(kid) for kid in kids)\n"
            "started = time.perf_counter()\n"
            "child = subprocess.Popen(sys.argv[1:], stderr=subprocess.DEVNULL)\n"
            "summed = 0\n"
            "while True:\n"
            "    done, status, usage = os.wait4(child.pid, os.WNOHANG)\n"
            "    if done:\n"
            "        break\n"
            "    summed = max(summed, tree(child.pid))\n"
            "    time.sleep(0.02)\n"
            "print(os.waitstatus_to_exitcode(status), max(usage.ru_maxrss, summed),"
            " time.perf_counter() - started)\n")


@dataclass
class Measurement:
    contender: str
    rows: int
    seconds: list[float]
    peak_kb: int
    agrees: bool | None  # None: no totals to check (parse only)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def launched(command: list[str], env: dict[str, str] | None = None) -> tuple[int, float, int]:
    """Exit code, seconds and peak resident memory (KB) of one whole process, started by the
    small launcher so that the peak is the process's own."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, *command], env=env,
                          capture_output=True, text=True, check=True)
    code, peak, seconds = done.stdout.split()[-3:]
    return int(code), float(seconds), int(peak)


def run_once(contender: str, source: Path, target: Path) -> tuple[float, int]:
    """Seconds and peak resident memory (KB) of one whole process."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    if contender == "wijkcalc":
        # the command a user runs, timed alone; its JSON is turned into totals afterwards
        report = target.with_suffix(".json")
        command = [str(Path(sys.executable).parent / "wijkcalc"), "compare", str(source),
                   "--all-years", "--format", "json", "-o", str(report)]
        accepted = (0, 2)  # 2: some enterprise-year has no income to measure (listed as such)
    else:
        report = target.with_suffix(".json") if contender in JSON_OUTPUT else target
        command = [sys.executable, str(HERE / "contenders.py"), contender, str(source),
                   str(report)]
        accepted = (0,)
    code, seconds, peak = launched(command, env)
    if code not in accepted:
        raise SystemExit(f"{contender} failed on {source} (exit {code})")
    if contender in JSON_OUTPUT:
        import contenders

        getattr(contenders, JSON_OUTPUT[contender])(str(report), str(target))
    return seconds, peak


def read_totals(path: Path) -> dict[tuple[str, int, str], int]:
    totals: dict[tuple[str, int, str], int] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cents = int(row["cents"])
            if cents:
                key = (row["enterprise"], int(row["year"]), row["class"])
                totals[key] = totals.get(key, 0) + cents
    return totals


def agree(found: dict, reference: dict) -> tuple[bool, str]:
    """Equal to the cent, except enterprise-years that wijkcalc leaves out because they have no
    income to measure (only loans, or refunds larger than income): those must be absent."""
    income_classes = ("market", "public", "gray", "unclassified")
    income: dict[tuple[str, int], int] = {}
    for (enterprise, year, cls), cents in reference.items():
        if cls in income_classes:
            income[(enterprise, year)] = income.get((enterprise, year), 0) + cents
    reported = {(e, y) for e, y, _ in found}
    expected = {key: cents for key, cents in reference.items()
                if key[:2] in reported or income.get(key[:2], 0) > 0}
    left_out = {key[:2] for key in reference} - reported
    if any(income.get(key, 0) > 0 for key in left_out):
        return False, "left out an enterprise-year that has income"
    if found != expected:
        wrong = sorted(set(found.items()) ^ set(expected.items()))[:3]
        return False, f"differs, e.g. {wrong}"
    return True, f"{len(left_out)} enterprise-years without income left out" if left_out else ""


def benchmark(sizes: list[int], runs: int, work: Path) -> list[Measurement]:
    """Every contender on each size; the runs alternate between the contenders (run 1 of
    each, then run 2 of each …), so that a busy moment of the machine hits them alike."""
    work.mkdir(parents=True, exist_ok=True)
    results: list[Measurement] = []
    for rows in sizes:
        source = work / f"income-{rows}.csv"
        if not source.exists():
            print(f"generating {rows:,} rows …", file=sys.stderr)
            source.write_text(generate(rows), encoding="utf-8")
        repeat = runs if rows < 10_000_000 else max(1, min(runs, 2))
        measured = {contender: Measurement(contender, rows, [], 0, None)
                    for contender in _available(rows)}
        for _ in range(repeat):
            for contender, measurement in measured.items():
                seconds, peak = run_once(contender, source,
                                         work / f"totals-{contender}-{rows}.csv")
                measurement.seconds.append(seconds)
                measurement.peak_kb = max(measurement.peak_kb, peak)
                print(f"{rows:>10,} {contender:<20} {seconds:8.2f} s {peak / 1024:8.0f} MB",
                      file=sys.stderr)
        reference = read_totals(work / f"totals-duckdb-{rows}.csv") \
            if "duckdb" in measured else {}
        for measurement in measured.values():
            if measurement.contender != "pyarrow-parse-only":
                found = read_totals(work / f"totals-{measurement.contender}-{rows}.csv")
                measurement.agrees, measurement.note = agree(found, reference)
        results += measured.values()
    return results


def _available(rows: int) -> list[str]:
    """The contenders to run at ``rows`` (the per-row way only up to NAIVE_MAX_ROWS)."""
    found = []
    for contender in CONTENDERS:
        if contender == "pandas-per-row" and rows > NAIVE_MAX_ROWS:
            continue
        if contender in NEEDS and importlib.util.find_spec(NEEDS[contender]) is None:
            print(f"{contender}: {NEEDS[contender]} is not installed, skipped "
                  "(pip install '.[bench]')", file=sys.stderr)
            continue
        found.append(contender)
    return found


@dataclass
class BankMeasurement:
    """The bank case: per file (the ING export, the plain table) each run's figures."""

    rows: int
    runs: dict[str, list[dict[str, float]]]
    sizes: dict[str, int]
    formats: tuple[str, ...] = ()  # the other bank formats measured (keys of runs and sizes)
    format_runs: int = 0

    def median(self, name: str, figure: str) -> float:
        return statistics.median(run[figure] for run in self.runs[name])

    def ratio(self, figure: str = "read_seconds", over: str = "ing") -> float:
        return self.median(over, figure) / self.median("plain", figure)


def _bank_run(name: str, path: Path, work: Path) -> dict[str, float]:
    """One fresh process reading ``path`` (contenders.bank_read): its figures."""
    import json

    target = work / f"bank-{name}.json"
    code, seconds, peak = launched([sys.executable, str(HERE / "contenders.py"), "bank-read",
                                    str(path), str(target)])
    if code:
        raise SystemExit(f"reading {path} failed (exit {code})")
    figures = json.loads(target.read_text("utf-8"))
    return {**figures, "process_seconds": seconds, "peak_kb": peak}


def bank_benchmark(rows: int, runs: int, work: Path, format_runs: int = 3
                   ) -> BankMeasurement:
    """The same transactions as an ING export and as a plain income table, each read in a
    fresh process per run, the two taking turns (so a busy moment hits both alike); then
    ``rows`` transactions in each other bank format, ``format_runs`` runs each."""
    work.mkdir(parents=True, exist_ok=True)
    files = {"ing": work / f"ing-{rows}.csv", "plain": work / f"ing-{rows}-as-table.csv"}
    if not all(path.exists() for path in files.values()):
        print(f"generating an ING export of {rows:,} lines …", file=sys.stderr)
        export, table = generate_bank(rows)
        files["ing"].write_text(export, encoding="utf-8")
        files["plain"].write_text(table, encoding="utf-8")
    others = {}
    for source, (name, data) in generate_formats(rows).items():
        others[source] = work / f"{rows}-{name}"
        if not others[source].exists():
            others[source].write_bytes(data)
    found: dict[str, list[dict[str, float]]] = {name: [] for name in [*files, *others]}
    for _ in range(runs):
        for name, path in files.items():
            figures = _bank_run(name, path, work)
            if figures["rows"] != rows:
                raise SystemExit(f"{path}: {figures['rows']:,} rows read, {rows:,} written")
            found[name].append(figures)
    for _ in range(format_runs):
        for name, path in others.items():
            found[name].append(_bank_run(name, path, work))
    sizes = {n: p.stat().st_size for n, p in {**files, **others}.items()}
    measured = BankMeasurement(rows, found, sizes, tuple(others), format_runs)
    print(f"bank case: ING export {measured.median('ing', 'read_seconds'):.2f} s, plain table "
          f"{measured.median('plain', 'read_seconds'):.2f} s ({measured.ratio():.2f}×)",
          file=sys.stderr)
    return measured


def bank_section(bank: BankMeasurement) -> list[str]:
    """The bank case's table and its target (issue 11), from this run's figures."""
    runs = len(bank.runs["ing"])
    lines = [f"## Bank export: {bank.rows:,} ING transactions", "",
             f"The same {bank.rows:,} transactions as an ING current-account export (Dutch `;` "
             "header, `Af`/`Bij`, notes with `Naam: … Omschrijving: … IBAN: … Kenmerk: …`) and "
             "as a plain income table (`enterprise;year;description;category;payer;amount`, "
             "amounts with a decimal point: the form wijkcalc reads fastest). Each figure is the "
             f"median of {runs} runs, each in a fresh process, the two files taking turns; "
             "*read* is `sources.read` + `cells.canonical`, *load* is `wijkcalc.api.load` "
             "(which also settles bank lines: own transfers, returns), imports not counted.", "",
             "| file | MB | read s | read CPU s | load s | load CPU s | process s | peak MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, label in (("ing", "ING export"), ("plain", "plain income table")):
        lines.append(f"| {label} | {bank.sizes[name] / 1e6:.1f} | "
                     + " | ".join(f"{bank.median(name, figure):.2f}" for figure in
                                  ("read_seconds", "read_cpu", "load_seconds", "load_cpu",
                                   "process_seconds"))
                     + f" | {bank.median(name, 'peak_kb') / 1024:.0f} |")
    lines.append(f"| ING ÷ plain | {bank.sizes['ing'] / bank.sizes['plain']:.2f} | "
                 + " | ".join(f"{bank.ratio(figure):.2f}" for figure in
                              ("read_seconds", "read_cpu", "load_seconds", "load_cpu",
                               "process_seconds")) + " | |")
    if bank.formats:
        lines += ["", f"The other bank formats, {bank.rows:,} transactions each (ABN AMRO, ASN, "
                  "Triodos and MT940 generated with every description distinct; bunq, Knab and "
                  "Rabobank their test fixture's lines repeated, so some lines are no "
                  f"transaction), each the median of {bank.format_runs} runs in fresh "
                  "processes; *× plain* is the read against the plain table's median read "
                  "above:", "",
                  "| format | MB | rows read | read s | read CPU s | load s | × plain |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for name in bank.formats:
            lines.append(f"| {name} | {bank.sizes[name] / 1e6:.1f} | "
                         f"{int(bank.median(name, 'rows')):,} | "
                         + " | ".join(f"{bank.median(name, figure):.2f}" for figure in
                                      ("read_seconds", "read_cpu", "load_seconds"))
                         + f" | {bank.ratio(over=name):.2f} |")
    ratio = bank.ratio()
    lines += ["", f"- {bank.rows:,}-transaction bank export reads in under {BANK_LIMIT:g}× the "
              f"time of the same rows as a plain income CSV — "
              f"{'met' if ratio < BANK_LIMIT else 'missed'} ({ratio:.2f}× read; "
              f"{bank.ratio('load_seconds'):.2f}× load)", ""]
    return lines


def report(results: list[Measurement], runs: int, bank: BankMeasurement | None = None) -> str:
    import importlib.metadata as metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"

    lines = [
        "# wijkcalc benchmark results",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}; wijkcalc "
        f"{version('wijkcalc')}, pandas {version('pandas')}, DuckDB {version('duckdb')}, "
        f"polars {version('polars')}, pyarrow {version('pyarrow')}.",
        "",
        "The job (income tables): totals per enterprise, year and class (market, public, gray, "
        "unclassified, excluded) of a generated income file with 1,000 enterprises, 2019–2025. "
        "`wijkcalc` is `compare FILE --all-years --format json`, which gives every "
        "enterprise-year's whole report; `duckdb` is DuckDB's bare classify-and-sum, "
        "`duckdb-job` DuckDB doing the same job as wijkcalc's report in outline (class sums, "
        "per-payer sums, the Herfindahl index and the largest payer per enterprise-year, "
        "written as JSON). Each figure is a whole process, start to written output; seconds "
        f"are the median of {runs} runs alternating between the contenders (at most 2 at 10M "
        "rows); memory is the peak resident set of the process and its workers together "
        "(started by a small launcher, so the benchmark's own memory does not count; the "
        "process tree's memory is summed every 20 ms by proportional set size, which counts "
        "a page shared by forked workers once). Every contender's totals "
        "per enterprise, year and class are checked against DuckDB's to the cent.",
        "",
    ]
    for rows in sorted({m.rows for m in results}):
        group = [m for m in results if m.rows == rows]
        bare = next((m.median for m in group if m.contender == "duckdb"), None)
        job = next((m.median for m in group if m.contender == "duckdb-job"), None)
        lines += [f"## {rows:,} rows", "",
                  "| contender | seconds | runs (s) | rows/s | peak MB | × DuckDB bare | "
                  "× DuckDB job | totals agree |",
                  "|---|---:|---|---:|---:|---:|---:|---|"]
        for m in group:
            agree_text = "—" if m.agrees is None else ("yes" if m.agrees else "**NO**")
            if m.note:
                agree_text += f" ({m.note})"
            runs_text = ", ".join(f"{t:.2f}" for t in m.seconds)
            over_bare = f"{m.median / bare:.2f}" if bare else ""
            over_job = f"{m.median / job:.2f}" if job else ""
            lines.append(f"| {m.contender} | {m.median:.2f} | {runs_text} | "
                         f"{rows / m.median:,.0f} | {m.peak_kb / 1024:.0f} | {over_bare} | "
                         f"{over_job} | {agree_text} |")
        lines.append("")
    lines += targets(results)
    if bank is not None:
        lines += bank_section(bank)
    load = os.getloadavg()
    lines += [f"Load average when the report was written: {load[0]:.2f} (1 min), "
              f"{load[1]:.2f} (5 min); other work on the machine slows every contender.", ""]
    return "\n".join(lines)


def targets(results: list[Measurement]) -> list[str]:
    """The targets of the performance issue (14), each met or missed, from this run."""
    def find(contender: str, rows: int) -> Measurement | None:
        return next((m for m in results if m.contender == contender and m.rows == rows), None)

    def check(text: str, ratio: float, limit: float, unit: str = "×") -> str:
        return f"{text} — {'met' if ratio <= limit else 'missed'} ({ratio:.2f}{unit})"

    checks = []
    ours, job, bare = (find(name, 1_000_000) for name in ("wijkcalc", "duckdb-job", "duckdb"))
    if ours and job:
        checks.append(check("1,000,000 rows: ≤ 1.0× DuckDB doing the same job",
                            ours.median / job.median, 1.0))
    if ours and bare:
        checks.append(check("1,000,000 rows: ≤ 1.6× DuckDB's bare classify-and-sum",
                            ours.median / bare.median, 1.6))
    large, bare_large = find("wijkcalc", 10_000_000), find("duckdb", 10_000_000)
    if large and bare_large:
        checks.append(check("10,000,000 rows: ≤ 1.0× DuckDB's bare classify-and-sum",
                            large.median / bare_large.median, 1.0))
    if large:
        checks.append(check("10,000,000 rows: peak memory ≤ 0.3 GB",
                            large.peak_kb / 1024 / 1024, 0.3, " GB"))
    if ours and large:
        checks.append(check("per-row time at 10M within 1.2× that at 1M",
                            (large.median / large.rows) / (ours.median / ours.rows), 1.2))
    return (["## Targets", "", *[f"- {line}" for line in checks], ""]) if checks else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=SIZES,
                        help="rows of the income-table runs (none: only the bank case)")
    parser.add_argument("--bank", action="store_true",
                        help="also the bank case: an ING export against the same plain table")
    parser.add_argument("--bank-rows", type=int, default=BANK_ROWS)
    parser.add_argument("--bank-runs", type=int, default=5, help="runs per file (median)")
    parser.add_argument("--format-runs", type=int, default=3,
                        help="runs per other bank format (median)")
    parser.add_argument("--runs", type=int, default=3, help="runs per contender (median)")
    parser.add_argument("--work", type=Path, default=HERE / "out",
                        help="where the generated files and totals go")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--startup", action="store_true",
                        help="also start-up times and classify's streaming (bench/startup.py)")
    parser.add_argument("--startup-runs", type=int, default=7)
    args = parser.parse_args()
    results = benchmark(args.sizes, args.runs, args.work)
    bank = bank_benchmark(args.bank_rows, args.bank_runs, args.work,
                          args.format_runs) if args.bank else None
    text = report(results, args.runs, bank)
    if args.startup:
        from startup import startup_section

        text += "\n" + startup_section(args.startup_runs, args.work)
    args.results.write_text(text + "\n", encoding="utf-8")
    failed = [m for m in results if m.agrees is False]
    for m in failed:
        print(f"totals of {m.contender} at {m.rows:,} rows do not agree: {m.note}",
              file=sys.stderr)
    print(f"wrote {args.results}", file=sys.stderr)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
