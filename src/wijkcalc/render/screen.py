"""Where output goes: a rich console on the screen, stdout alone for scripts, or a file."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rich.console import Console, RenderableType

FILE_WIDTH = 400  # a file has no screen edge: every table takes its natural width


class _Console(Console):
    def on_broken_pipe(self) -> None:
        # rich would exit with 1, the status of a failed --check: the command line decides
        self.quiet = True
        raise BrokenPipeError


def console(no_color: bool = False, *, stderr: bool = False, file: Any = None) -> Console:
    # None, not False: rich then honours NO_COLOR (and FORCE_COLOR, TERM=dumb) itself
    return _Console(stderr=stderr, file=file, no_color=no_color or None, highlight=False,
                    soft_wrap=False)


def screen_width(no_color: bool = False) -> int:
    return console(no_color).width


def emit(text: str | Iterable[str], output: Path | None, inputs: Iterable[Path]) -> None:
    """Machine output: to the file (atomically) or alone on stdout; a text in pieces is
    written piece by piece, never joined."""
    if output is None:
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
    else:
        from .files import write_atomic  # loads the readers' suffixes: not for the screen

        write_atomic(output, text, inputs=inputs)


def show(views: list[RenderableType], output: Path | None, inputs: Iterable[Path],
         no_color: bool) -> None:
    """Terminal views on the screen, or as plain text into a file."""
    if output is None:
        screen = console(no_color)
        for view in views:
            screen.print(view)
        return
    from .files import write_atomic

    recorder = console(True, file=io.StringIO())
    recorder.width = FILE_WIDTH
    for view in views:
        recorder.print(view)
    write_atomic(output, recorder.file.getvalue(), inputs=inputs)


def warn(message: str, no_color: bool = False, *, lang: str | None = None) -> None:
    """A warning line on stderr, its prefix in ``lang`` (the locale's without one); whatever of
    the input it quotes is shown harmlessly."""
    from rich.text import Text

    from .i18n import default_language, say
    from .safe import terminal

    line = Text(say(lang or default_language(), "wijkcalc: warning:"), style="yellow")
    line.append(" " + terminal(message), style="")
    console(no_color, stderr=True).print(line)


class Progress:
    """A progress bar on stderr for long batches, only when stderr is a terminal."""

    def __init__(self, total: int, no_color: bool, label: str | None = None, *,
                 lang: str | None = None):
        from .i18n import default_language, say

        self.total = total
        self.label = label or say(lang or default_language(), "reading")
        self.bar: Any = None
        if total >= 20 and sys.stderr.isatty():
            from rich.progress import Progress as Bar

            self.bar = Bar(console=console(no_color, stderr=True), transient=True)

    def __enter__(self) -> Callable[[int], None] | None:
        if self.bar is None:
            return None
        self.bar.start()
        task = self.bar.add_task(self.label, total=self.total)
        return lambda done: self.bar.update(task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
