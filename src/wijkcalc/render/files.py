"""Files wijkcalc writes: whole or not at all, never over an input, safe to open in Excel."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import N_, UsageError
from ..sources import suffixes

# OWASP, CSV injection: a cell starting with one of these may be run as a formula by Excel.
FORMULA_START = r"[=+\-@\t\r]"


def check_output(target: str | Path, inputs: Iterable[str | Path]) -> Path:
    """Before any work: the output is none of the inputs (a rules file is one) and not a file
    that a folder read now would read next time as one more enterprise."""
    text = os.fspath(target)
    # a name ending in a separator means a folder, even one not there: never a file "out"
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        raise UsageError(N_("is a folder; name a file to write in it"), file=text)
    inputs = list(inputs)
    check_not_input(text, inputs)
    _check_writable(Path(text))
    real = Path(os.path.realpath(text))
    if real.suffix.lower() not in suffixes() or real.name.startswith((".", "~$")):
        return Path(text)
    for source in map(Path, inputs):
        # refused, not skipped later: wijkcalc's CSV is a valid income file, and a file a user
        # put there on purpose must not silently stop counting
        if source.is_dir() and real.parent == source.resolve():
            check_not_input(target, [real] if real.exists() else [])  # one of its files
            raise UsageError(N_("is inside the folder {folder}, which is read: the next run "
                                "would read it as an enterprise; write it elsewhere"),
                             folder=str(source), file=str(target))
    return Path(text)


def _check_writable(target: Path) -> None:
    if _writes_through(target):
        return
    folder = Path(os.path.realpath(target)).parent
    if not folder.exists():
        raise UsageError(N_("the folder to write in does not exist"), file=str(target))
    if not folder.is_dir():
        raise UsageError(N_("{folder} is not a folder; the file cannot be written there"),
                         folder=str(folder), file=str(target))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(N_("the folder {folder} is read-only for you; write elsewhere"),
                         folder=str(folder), file=str(target))


def check_not_input(target: str | Path, inputs: Iterable[str | Path]) -> None:
    resolved = Path(target).resolve()
    for source in inputs:
        if Path(source).resolve() == resolved or _same_file(target, source):
            raise UsageError(N_("will not write over the input file {source}; choose another "
                                "output name"), source=str(source), file=str(target))


def _same_file(one: str | Path, other: str | Path) -> bool:
    """A hard link is the same file under another name."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


class WriteError(UsageError, OSError):
    """A write that failed after the checks (a full disk, say): one line for the user, and
    still an OSError to a caller that catches those."""


def write_atomic(target: str | Path, content: str | bytes | Iterable[str], *,
                 inputs: Iterable[str | Path] = (), encoding: str = "utf-8") -> None:
    """Write content (or its pieces, as they come) to target: a regular file through a
    temporary file and a rename (whole or not at all, keeping its mode); a device or a pipe is
    written into, never replaced."""
    target = Path(target)
    check_not_input(target, inputs)
    pieces = [content] if isinstance(content, str | bytes) else content
    data = (piece.encode(encoding) if isinstance(piece, str) else piece for piece in pieces)
    try:
        if _writes_through(target):
            with open(target, "wb") as out:
                out.writelines(data)
        else:
            _replace(target, data)
    except BrokenPipeError:
        raise  # a reader gone (-o /dev/stdout | head): the command line ends quietly
    except OSError as error:
        raise WriteError(N_("could not write the file: {reason}"),
                         reason=error.strerror or str(error), file=str(target)) from None


def _replace(target: Path, data: Iterable[bytes]) -> None:
    # a link stays a link: the file it names is the one replaced
    real = Path(os.path.realpath(target))
    folder = real.parent
    if not folder.is_dir():
        raise UsageError(N_("the folder to write in does not exist"), file=str(target))
    with _stops_as_exit():
        handle, temporary = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp",
                                             dir=folder)
        try:
            _take_mode(handle, real)
            with os.fdopen(handle, "wb") as out:
                out.writelines(data)
            os.replace(temporary, real)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


@contextlib.contextmanager
def _stops_as_exit() -> Iterator[None]:
    """SIGTERM and SIGHUP as SystemExit while a temporary file exists: by default they end the
    process on the spot and leave the file (up to the whole output) hidden in the folder."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; a library caller's thread keeps its own
        return

    def stop(number: int, frame: object) -> None:
        raise SystemExit(128 + number)

    wanted = [signal.SIGTERM, signal.SIGHUP]
    previous = {number: signal.signal(number, stop) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _writes_through(target: Path) -> bool:
    """True for a character device or a pipe (/dev/null, /dev/stdout, a FIFO): replacing one
    would break what uses it, and as root replace a system's /dev/null."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISREG(mode):
        return False
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return True
    if stat.S_ISDIR(mode):
        raise UsageError(N_("is a folder; name a file to write"), file=str(target))
    raise UsageError(N_("is not a regular file; name a file to write"), file=str(target))


def _take_mode(handle: int, real: Path) -> None:
    """The mode (and, where allowed, owner) of the file replaced; for a new file what the umask
    gives, as `>` in a shell would, not mkstemp's 0600."""
    try:
        old = os.stat(real)
    except FileNotFoundError:
        os.fchmod(handle, 0o666 & ~_umask())
        return
    os.fchmod(handle, stat.S_IMODE(old.st_mode))
    # not ours to give away (not root): the file becomes the writer's, as with any editor
    with contextlib.suppress(PermissionError):
        os.fchown(handle, old.st_uid, old.st_gid)


def _umask() -> int:
    mask = os.umask(0o077)  # the only way to read it; set back at once
    os.umask(mask)
    return mask
