"""Start-up and streaming (issue 14): how long `--help`, `rules` and a small report take, and the
peak memory of `classify --format json` on a 1M-row file, each a whole process.

    python bench/startup.py                       # 7 alternating runs, prints a Markdown section
    python bench/startup.py --runs 3 --rows 100000 --work /tmp/startup

bench/run.py calls startup_section(runs, work) for bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

SMALL = HERE.parent / "data" / "startup-buurtkeuken.csv"  # the 30-row example
CLASSIFY_ROWS = 1_000_000
# Each process is started by this launcher, not by the benchmark: a child's peak resident set
# counts the memory of the process it was forked from (see bench/run.py). Its stdout goes to the
# file named first ("-" for nowhere), so that a large JSON is written, not held by a pipe.
LAUNCHER = ("import os, subprocess, sys, time\n"
            "out = open(os.devnull if sys.argv[1] == '-' else sys.argv[1], 'wb')\n"
            "started = time.perf_counter()\n"
            "child = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)\n"
            "_, status, usage = os.wait4(child.pid, 0)\n"
            "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss,"
            " time.perf_counter() - started, usage.ru_utime + usage.ru_stime)\n")
# An installed wijkcalc has its modules compiled (pip writes the .pyc files); a shell with
# PYTHONDONTWRITEBYTECODE set would compile every module anew at each start (~60 ms here).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
# the targets of issue 14, in seconds (report: over pandas' own import) and KB
HELP_TARGET, RULES_TARGET, REPORT_OVER_PANDAS = 0.20, 0.25, 0.25
CLASSIFY_PEAK_KB = 512 * 1024
PANDAS_ALONE = "pandas without pyarrow"


def launched(command: list[str], out: Path | None = None) -> tuple[float, int, float]:
    """Seconds, peak resident memory (KB) and CPU seconds of one whole process, which must
    succeed."""
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(out or "-"), *command],
                          capture_output=True, text=True, check=True, env=ENV)
    code, peak, seconds, cpu = done.stdout.split()[-4:]
    if int(code) != 0:
        raise RuntimeError(f"{' '.join(command)} exited {code}")
    return float(seconds), int(peak), float(cpu)


def commands() -> dict[str, list[str]]:
    """The measured commands, by the name the section gives them."""
    wijkcalc = str(Path(sys.executable).parent / "wijkcalc")
    return {
        "wijkcalc --help": [wijkcalc, "--help"],
        "wijkcalc rules": [wijkcalc, "rules"],
        'python -c "import pandas"': [sys.executable, "-c", "import pandas"],
        # as the command imports it: pandas loads pyarrow where it is installed, wijkcalc not
        PANDAS_ALONE: [sys.executable, "-c", "import sys; sys.modules['pyarrow'] = None; "
                       "import pandas"],
        "wijkcalc report (30 rows)": [wijkcalc, "report", str(SMALL)],
    }


def measure(runs: int, work: Path, rows: int = CLASSIFY_ROWS) -> dict[str, list[tuple]]:
    """Every command's (seconds, peak KB) per run; the commands alternate within each run, so
    a passing load touches them alike."""
    work.mkdir(parents=True, exist_ok=True)
    source = work / f"income-{rows}.csv"
    if not source.exists():
        print(f"generating {rows:,} rows …", file=sys.stderr)
        source.write_text(generate(rows), encoding="utf-8")
    found: dict[str, list[tuple]] = {}
    for command in commands().values():  # once unmeasured: the .pyc files are written
        launched(command)
    for _ in range(runs):
        for name, command in commands().items():
            found.setdefault(name, []).append(launched(command))
    wijkcalc = str(Path(sys.executable).parent / "wijkcalc")
    target = work / "classify.json"
    for _ in range(max(1, min(runs, 3))):  # seconds each; the peak is what is measured here
        found.setdefault("classify --format json", []).append(
            launched([wijkcalc, "classify", str(source), "--format", "json"], target))
    if not target.read_bytes().rstrip().endswith(b"}"):
        raise RuntimeError("classify --format json wrote no whole document")
    return found


def startup_section(runs: int, work: Path, rows: int = CLASSIFY_ROWS) -> str:
    """A Markdown section: each command's median seconds, CPU and peak memory, the targets."""
    load_before = os.getloadavg()
    found = measure(runs, work, rows)
    load_after = os.getloadavg()

    def median(name: str, figure: int = 0) -> float:
        return statistics.median(run[figure] for run in found[name])

    pandas = median('python -c "import pandas"')
    over = median("wijkcalc report (30 rows)") - pandas
    # judged over the lighter floor too: the command keeps pyarrow out (see cli.main)
    over_alone = median("wijkcalc report (30 rows)") - median(PANDAS_ALONE)
    peak = max(run[1] for run in found["classify --format json"])
    aims = {"wijkcalc --help": (f"≤ {HELP_TARGET:.2f} s", median("wijkcalc --help") <= HELP_TARGET),
            "wijkcalc rules": (f"≤ {RULES_TARGET:.2f} s", median("wijkcalc rules") <= RULES_TARGET),
            'python -c "import pandas"': ("the floor", None),
            PANDAS_ALONE: ("the floor as wijkcalc imports pandas", None),
            "wijkcalc report (30 rows)": (
                f"≤ pandas + {REPORT_OVER_PANDAS:.2f} s: {over:+.2f} s; over pandas without "
                f"pyarrow {over_alone:+.2f} s", max(over, over_alone) <= REPORT_OVER_PANDAS),
            "classify --format json": (f"peak ≤ {CLASSIFY_PEAK_KB / 1024**2:.1f} GB",
                                       peak <= CLASSIFY_PEAK_KB)}
    lines = ["## Start-up and streaming", "",
             f"Medians of {runs} alternating runs (classify --format json: "
             f"{len(found['classify --format json'])} runs on {rows:,} generated rows, the JSON "
             "written to a file); each a whole process, its modules compiled as an installed "
             "wijkcalc's are. CPU s is user and system time, less touched by other work on the "
             f"machine than the seconds. Load average {load_before[0]:.2f} before, "
             f"{load_after[0]:.2f} after (1 min).", "",
             "| command | median s | runs (s) | CPU s | peak MB | target | met |",
             "|---|---:|---|---:|---:|---|---|"]
    for name, figures in found.items():
        aim, met = aims[name]
        shown = ", ".join(f"{run[0]:.2f}" for run in figures)
        verdict = "—" if met is None else ("yes" if met else "**no**")
        lines.append(f"| {name} | {median(name):.2f} | {shown} | {median(name, 2):.2f} | "
                     f"{max(run[1] for run in figures) / 1024:.0f} | {aim} | {verdict} |")
    return "\n".join([*lines, ""])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rows", type=int, default=CLASSIFY_ROWS)
    parser.add_argument("--work", type=Path, default=HERE / "out")
    arguments = parser.parse_args()
    print(startup_section(arguments.runs, arguments.work, arguments.rows))


if __name__ == "__main__":
    main()
