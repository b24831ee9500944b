"""The Typer app itself: the root options, the error trap every command wears, shared helpers."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from .. import __version__
from ..errors import N_, Text, Translate, WijkcalcError, one_line
from .helptext import App, Group
from .options import LangOpt, Language

app = App(
    name="wijkcalc",
    cls=Group,
    help=(
        "Where does a neighbourhood enterprise's money come from? wijkcalc reads income files "
        "(CSV or Excel), classifies every stream as market, public or gray-zone income, and "
        "checks the mix against the 75% market-income yardstick.\n\n"
        "Start with 'wijkcalc demo', a report on a bundled example; then "
        "'wijkcalc report YOUR-FILE.csv'."
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion for bash, zsh, fish and PowerShell
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"wijkcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    lang: LangOpt = None,  # every command's, unless it is given its own
) -> None:
    """wijkcalc: classify income streams and check the market-income yardstick."""


_python_show_warning = warnings.showwarning


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn wijkcalc's own errors into one line on stderr and exit status 2, in the language
    of the command's --lang (or the locale's)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        translate = _translator(kwargs.get("lang"))
        try:
            with warnings.catch_warnings():  # the input's warnings, one line each on stderr
                warnings.showwarning = functools.partial(_show_warning, translate)
                return command(*args, **kwargs)
        except WijkcalcError as error:
            _error_line(translate, error.said(translate))
            raise typer.Exit(2) from None
        except MemoryError:
            _error_line(translate, translate(N_("not enough memory for this input; split the "
                                                "file")))
            raise typer.Exit(2) from None
        except BrokenPipeError:
            closed_pipe()
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as error:
            # a bug of ours, not the user's: still one line, and how to report it
            if os.environ.get("WIJKCALC_DEBUG"):
                raise
            typer.echo(Text(N_("wijkcalc: internal error: {error}; please report it "
                               "(WIJKCALC_DEBUG=1 shows where)"),
                            error=f"{type(error).__name__}: {one_line(str(error))[:300]}")
                       .said(translate), err=True)
            raise typer.Exit(70) from None

    return run


def _translator(lang: Any) -> Translate:
    """The templates of errors and warnings in the language of --lang, or of the locale."""
    from ..render.i18n import say

    return functools.partial(say, _lang(lang if isinstance(lang, Language) else None))


def _error_line(translate: Translate, message: str) -> None:
    typer.echo(Text(N_("wijkcalc: error: {message}"), message=message).said(translate),
               err=True)


SIGPIPE_STATUS = 128 + 13  # as a shell reports a reader gone; 1 would read as --check failing


def closed_pipe() -> NoReturn:
    """The reader of stdout is gone (`| head`): end quietly, as `yes | head` does."""
    # what is still buffered would fail again at exit, with a traceback: let it go nowhere
    with contextlib.suppress(OSError, ValueError):  # a stdout without a descriptor: nothing to do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    raise SystemExit(SIGPIPE_STATUS)


def _show_warning(translate: Translate, message: Warning | str, category: type[Warning],
                  *rest: Any) -> None:
    from ..errors import InputWarning

    if isinstance(message, InputWarning):
        typer.echo(Text(N_("wijkcalc: warning: {message}"), message=message.said(translate))
                   .said(translate), err=True)
    elif issubclass(category, InputWarning):
        typer.echo(Text(N_("wijkcalc: warning: {message}"), message=one_line(str(message)))
                   .said(translate), err=True)
    else:
        _python_show_warning(message, category, *rest)


def _lang(lang: Language | None) -> str:
    """--lang of the command, else wijkcalc's own (``wijkcalc --lang nl report …``), else the
    locale's."""
    from ..render.i18n import default_language

    if lang:
        return lang.value
    from .helptext import asked_language

    return asked_language(_current_context()) or default_language()


def _current_context() -> Any:
    try:  # Typer's copy of click (0.29), else click itself
        from typer._click.globals import get_current_context
    except ImportError:  # pragma: no cover
        from click import get_current_context
    return get_current_context(silent=True)


def check_outputs(inputs: list[Path], rules: Path | None,
                  *outputs: str | None) -> tuple[list[Path], list[Path | None]]:
    """Before any file is read: every output can be written and is none of the inputs. The
    inputs count the rules file too; the outputs come back as paths."""
    from ..render.files import check_output

    given = [*inputs, *([rules] if rules is not None else [])]
    return given, [None if out is None else check_output(out, given) for out in outputs]


def _rules(path: Path | None):
    from ..rules import load_rules

    return load_rules(path)


def _jobs(jobs: int | None) -> int:
    """--jobs, or by default the cores (capped: see parallel)."""
    from ..parallel import default_jobs

    return jobs or default_jobs()


def _accounts(ruleset, own_iban: list[str] | None, show_names: bool, holder: str | None = None):
    from ..api import accounts_of

    return accounts_of(ruleset, own_ibans=own_iban or (), holder=holder, show_names=show_names)
