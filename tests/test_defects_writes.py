"""Issue 10, the writes: -o, --save and --chart onto devices, pipes, links, folders and inputs;
modes; a closed pipe; SIGTERM during a write."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "data"
LINDE = EXAMPLES / "buurthuis-de-linde.csv"


# ------------------------------------------------------------------ defect 1: what is at the path


def test_o_dev_null_writes_through_and_leaves_the_device(cli, monkeypatch) -> None:
    real_replace = os.replace

    def guarded_replace(source, destination):
        # the test runs as root: never let a failing run replace the machine's /dev/null
        if Path(destination).exists() and not Path(destination).is_file():
            raise AssertionError(f"would replace the non-regular file {destination}")
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", guarded_replace)
    result = cli("classify", LINDE, "-f", "csv", "-o", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_o_onto_a_device_node_writes_through(cli, tmp_path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("mknod needs root")
    result = cli("classify", LINDE, "-f", "csv", "-o", device)
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_o_onto_a_fifo_writes_into_it(cli, tmp_path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # a reader that is there already, so that opening for writing does not wait
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        result = cli("classify", LINDE, "-f", "csv", "-o", fifo)
        assert result.exit_code == 0, result.output
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
        written = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert written.startswith(b"enterprise,")


def test_o_onto_a_symlink_writes_the_file_it_names(cli, tmp_path) -> None:
    real = tmp_path / "archive" / "2024.csv"
    real.parent.mkdir()
    real.write_text("old", "utf-8")
    link = tmp_path / "latest.csv"
    link.symlink_to(real)
    result = cli("classify", LINDE, "-f", "csv", "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text("utf-8").startswith("enterprise,")


def test_a_replaced_file_keeps_its_mode(cli, tmp_path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", "utf-8")
    target.chmod(0o664)
    assert cli("classify", LINDE, "-f", "csv", "-o", target).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664)])
def test_a_new_file_honours_the_umask(cli, tmp_path, umask, mode) -> None:
    target = tmp_path / "out.csv"
    old = os.umask(umask)
    try:
        result = cli("classify", LINDE, "-f", "csv", "-o", target)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == mode


# ------------------------------------------------------------------ defect 2: inputs, rules too


def _members(tmp_path: Path) -> Path:
    folder = tmp_path / "leden"
    folder.mkdir()
    (folder / "a.csv").write_bytes(LINDE.read_bytes())
    return folder


def test_o_never_over_the_rules_file(cli, one_line_error, data_dir, tmp_path) -> None:
    rules = tmp_path / "my.toml"
    rules.write_bytes((data_dir / "rules_user.toml").read_bytes())
    before = rules.read_bytes()
    result = cli("classify", LINDE, "--rules", rules, "-f", "csv", "-o", rules)
    one_line_error(result, "my.toml", "input")
    assert rules.read_bytes() == before


def test_compare_o_never_over_the_rules_file(cli, one_line_error, data_dir, tmp_path) -> None:
    rules = tmp_path / "my.toml"
    rules.write_bytes((data_dir / "rules_user.toml").read_bytes())
    before = rules.read_bytes()
    one_line_error(cli("compare", LINDE, "--rules", rules, "-f", "csv", "-o", rules), "my.toml")
    assert rules.read_bytes() == before


def test_compare_output_is_not_put_in_the_folder_it_reads(cli, one_line_error,
                                                           tmp_path) -> None:
    folder = _members(tmp_path)
    one_line_error(cli("compare", folder, "-f", "csv", "-o", folder / "b.csv"), "b.csv",
                   "leden")
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv"]


def test_report_save_is_not_put_in_the_folder_it_reads(cli, one_line_error, tmp_path) -> None:
    folder = _members(tmp_path)
    one_line_error(cli("report", folder, "--save", folder / "rapport.txt"), "rapport.txt")
    assert sorted(p.name for p in folder.iterdir()) == ["a.csv"]


def test_an_output_beside_a_folder_or_not_read_from_it_is_fine(cli, tmp_path) -> None:
    folder = _members(tmp_path)
    assert cli("compare", folder, "-f", "csv", "-o", tmp_path / "b.csv").exit_code == 0
    # the folder's own files only are read, and a .json is none of them
    assert cli("compare", folder, "-f", "json", "-o", folder / "b.json").exit_code == 0
    assert cli("compare", folder).exit_code == 0


# ------------------------------------------------------------------ defect 17: outputs, first

VENV_PYTHON = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "python"


def test_o_onto_a_folder_is_refused(cli, one_line_error, tmp_path) -> None:
    one_line_error(cli("classify", LINDE, "-f", "csv", "-o", tmp_path), "folder")
    one_line_error(cli("compare", LINDE, "-o", tmp_path), "folder")
    assert list(tmp_path.iterdir()) == []


def test_o_dot_is_refused(cli, one_line_error, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    one_line_error(cli("classify", LINDE, "-o", "."), "folder")
    assert list(tmp_path.iterdir()) == []


def test_o_ending_in_a_separator_names_a_folder(cli, one_line_error, tmp_path,
                                                monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    one_line_error(cli("classify", LINDE, "-f", "csv", "-o", "out/"), "out/", "folder")
    one_line_error(cli("compare", LINDE, "-f", "csv", "-o", "out/"), "out/", "folder")
    assert list(tmp_path.iterdir()) == []


def test_save_onto_a_folder_is_refused_before_the_report(cli, one_line_error,
                                                        tmp_path) -> None:
    folder = tmp_path / "rapport.html"
    folder.mkdir()
    one_line_error(cli("report", LINDE, "--save", folder), "rapport.html", "folder")


def test_save_into_a_missing_folder_is_refused_before_the_report(cli, one_line_error,
                                                                tmp_path) -> None:
    target = tmp_path / "missing" / "rapport.html"
    one_line_error(cli("report", LINDE, "--save", target), "does not exist")
    one_line_error(cli("compare", LINDE, "-o", tmp_path / "missing" / "b.csv"), "does not exist")
    assert list(tmp_path.iterdir()) == []


def _without_root_powers() -> list[str]:
    if os.geteuid() != 0:
        return []
    # root writes into any folder: without the capability to override permissions, it cannot
    if shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to drop root's dac_override")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_a_read_only_folder_is_refused_before_the_work(tmp_path) -> None:
    import subprocess

    folder = tmp_path / "read-only"
    folder.mkdir()
    tmp_path.chmod(0o755)
    folder.chmod(0o555)
    for args in (["report", str(LINDE), "--save", str(folder / "r.html")],
                 ["classify", str(LINDE), "-o", str(folder / "r.csv")],
                 ["compare", str(LINDE), "-o", str(folder / "r.csv")]):
        done = subprocess.run([*_without_root_powers(), str(VENV_PYTHON), "-m", "wijkcalc",
                               *args], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"})
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert done.stdout == ""
        [line] = done.stderr.splitlines()
        assert line.startswith("wijkcalc: error: ") and "read-only" in line, line
    assert list(folder.iterdir()) == []



def test_a_write_failing_at_the_end_is_one_line_and_leaves_nothing(cli, one_line_error,
                                                                   tmp_path, monkeypatch):
    # the checks passed, then the disk filled up (or the folder was made read-only meanwhile)
    def full(source, destination):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    target = tmp_path / "out.csv"
    one_line_error(cli("classify", LINDE, "-f", "csv", "-o", target), "out.csv",
                   "No space left on device")
    assert list(tmp_path.iterdir()) == []

# ------------------------------------------------------------------ defect 26: a closed pipe

SIGPIPE_STATUS = 128 + 13  # what a shell shows for a reader gone: not 1, --check's "falls short"


@pytest.mark.parametrize("args", [["report", str(LINDE)],
                                  ["report", str(LINDE), "--check"],
                                  ["report", str(LINDE), "-f", "json"],
                                  ["classify", str(LINDE), "-f", "csv"],
                                  ["compare", str(EXAMPLES)]])
def test_a_closed_pipe_ends_quietly_never_with_1(args) -> None:
    import subprocess

    reader, writer = os.pipe()
    os.close(reader)  # `| head` gone before the first line: the very first write meets EPIPE
    try:
        done = subprocess.run([str(VENV_PYTHON), "-m", "wijkcalc", *args], stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=60,
                              env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"})
    finally:
        os.close(writer)
    assert done.returncode == SIGPIPE_STATUS, (done.returncode, done.stderr)
    assert done.stderr == ""


# ------------------------------------------------------------------ defect 27: SIGTERM mid-write

SLOW_WRITE = """
import os, sys, time
real_replace = os.replace

def slow_replace(source, destination):
    print("writing", flush=True)  # the temporary file is there, whole: the rename waits
    time.sleep(30)
    real_replace(source, destination)

os.replace = slow_replace
from wijkcalc.cli import main
sys.argv = ["wijkcalc", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("args", [["classify", str(LINDE), "-f", "csv", "-o", "out.csv"],
                                  ["report", str(LINDE), "--save", "out.html"]])
def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path, args) -> None:
    import signal
    import subprocess

    process = subprocess.Popen([str(VENV_PYTHON), "-c", SLOW_WRITE, *args], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"})
    try:
        for line in process.stdout:
            if line.startswith("writing"):
                break
        else:
            pytest.fail(f"never wrote: {process.wait()} {process.stderr.read()}")
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # it was there
        process.send_signal(signal.SIGTERM)
        status = process.wait(timeout=20)
    finally:
        process.kill()
        process.wait()
    assert status in (128 + signal.SIGTERM, -signal.SIGTERM)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
