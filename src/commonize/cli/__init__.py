"""The command-line layer: options → library call → renderer → exit code.

Commands live one group per module in this package and register on the typer ``app``
(``_typer.py``); this module holds what they share and the entry point. It imports no typer:
``main`` sends the pre-commit call ``commonize validate FILE…`` straight to the library
(typer alone costs more start-up than validating a file), and builds the typer app, on first
access to ``app``, for everything else.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from commonize.cli.streams import Terminated
from commonize.errors import EXIT_IO, CommonizeError, UsageError, io_message

if TYPE_CHECKING:
    from commonize.cli import _typer

    CandidateIdArg, CandidatesOpt = _typer.CandidateIdArg, _typer.CandidatesOpt
    FormatOpt, LangOpt = _typer.FormatOpt, _typer.LangOpt
    PathsArg, RulesOpt, SetOpt, app = _typer.PathsArg, _typer.RulesOpt, _typer.SetOpt, _typer.app

__all__ = [
    "EXIT_INTERNAL",
    "CandidateIdArg",
    "CandidatesOpt",
    "FormatOpt",
    "Lang",
    "LangOpt",
    "PathsArg",
    "RulesOpt",
    "SetOpt",
    "app",
    "echo",
    "guard",
    "io_message",
    "lang_or_default",
    "main",
    "paths_or_default",
    "typer_main",
]

EXIT_INTERNAL = 4


class Lang(str, Enum):
    ja = "ja"
    en = "en"


def paths_or_default(paths: list[Path] | None) -> list[Path]:
    if paths:
        return paths
    default = Path("candidates")
    if not default.is_dir():
        raise UsageError(
            "no paths given and no candidates/ directory here; name the files to check"
        )
    return [default]


def lang_or_default(lang: Lang | None) -> str:
    from commonize.labels import default_lang

    return lang.value if lang else default_lang()


# click's pattern: what its echo strips off a stream that is not a terminal.
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def echo(message: str) -> None:
    """One line on standard error, written as typer's echo writes it (without importing typer).

    The fast path and the typer commands report through this one function, so their standard
    error cannot differ: ANSI codes dropped when it is not a terminal, an ASCII-configured
    stream written as UTF-8 rather than failing, flushed at once.
    """
    stream = sys.stderr
    if stream is None:
        return
    out = message + "\n"
    try:
        tty = stream.isatty()
    except Exception:
        tty = False
    if not tty:
        out = _ANSI.sub("", out)
    binary = getattr(stream, "buffer", None)
    if binary is not None and _ascii(getattr(stream, "encoding", None) or "ascii"):
        stream.flush()
        binary.write(out.encode("utf-8", "replace"))
        binary.flush()
        return
    stream.write(out)
    stream.flush()


def _ascii(encoding: str) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def guard(fn: Callable[[], int]) -> int:
    """The one top-level error handler: our errors become messages and exit codes."""
    try:
        return fn()
    except CommonizeError as e:
        for p in e.problems:
            echo(f"error: {p}")
        return e.exit_code
    except BrokenPipeError:
        # The reader (head, less) went away outside the console script's pipe-safe stdout
        # (library callers): nothing left to say, and a failing code, not a false success.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as e:
        echo(f"error: {io_message(e)}")
        return EXIT_IO  # the system refused, not a bug of ours
    except KeyboardInterrupt:
        echo("interrupted")
        return 130
    except Terminated:
        echo("terminated")
        _exit_now(143)
        return 143  # not reached
    except Exception as e:  # a bug: say so in one line; the traceback only on request
        if os.environ.get("COMMONIZE_DEBUG"):
            raise
        echo(
            f"internal error: {type(e).__name__}: {e} (this is a bug in commonize; "
            "rerun with COMMONIZE_DEBUG=1 for the traceback and report it)"
        )
        return EXIT_INTERNAL


def _exit_now(code: int) -> None:
    """Exit at once after SIGTERM. The unwinding has already removed temporary files; the
    interpreter's own shutdown would join the worker pool, which can hang for good when the
    signal arrived inside it (seen under load), so the workers are stopped here instead."""
    import multiprocessing

    for child in multiprocessing.active_children():
        child.terminate()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def main() -> None:
    """The ``commonize`` console script."""
    from commonize.cli import streams

    # A run keeps every result, so the young generation fills with survivors that the
    # collector re-scans every 700 allocations: a fifth of the time to load 1,000 files
    # (benchmarks/breakdown.py). mypy's entry point sets the same thresholds, for the same
    # reason; nothing here depends on cycles being collected promptly.
    gc.set_threshold(200_000, 30, 30)
    # pydantic looks for plugins (observability hooks) by scanning the entry points of every
    # installed distribution when it builds its first validator: about 20 ms of each start,
    # for models that are ours alone. A value the user set (a list of names, or empty to
    # allow every plugin) is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    streams.prepare()
    plain = _plain_validate(sys.argv[1:])
    if plain is None:
        typer_main()
        return
    paths, formats = plain

    def run() -> int:
        from commonize.cli.core import validate  # inside the guard, like a command's imports

        return validate(paths=paths, formats=formats)

    raise SystemExit(guard(run))


def _plain_validate(argv: list[str]) -> tuple[list[Path], list[str] | None] | None:
    """Paths and formats of ``commonize validate [--format text] PATH…``, else None.

    That is what the pre-commit hook runs (``.pre-commit-hooks.yaml``). Only plain paths
    qualify, after at most a leading ``--format text``: another option, ``--``, ``-`` or an
    empty argument may mean something to click's parser, so anything else goes to the typer
    app. Windows is left to click too, which expands wildcards there.
    """
    if len(argv) < 2 or argv[0] != "validate" or os.name == "nt":
        return None
    rest, formats = argv[1:], None
    for option in (["--format", "text"], ["-f", "text"], ["--format=text"]):
        if rest[: len(option)] == option:
            rest, formats = rest[len(option) :], ["text"]
            break
    if not rest or any(not arg or arg.startswith("-") for arg in rest):
        return None
    # As typer converts a `list[Path]` argument: Path(text), nothing resolved.
    return [Path(arg) for arg in rest], formats


def typer_main() -> None:
    """Every command through the typer app (the console script's path for all but the above)."""
    from commonize.cli import (
        app,  # through __getattr__: builds the app
        streams,
    )

    streams.prepare()
    try:
        app()
    except SystemExit as e:
        # click uses exit code 2 for usage errors already; keep every other code as is.
        raise SystemExit(e.code if e.code is not None else 0) from None


_TYPER_NAMES = (
    "app",
    "PathsArg",
    "RulesOpt",
    "LangOpt",
    "CandidatesOpt",
    "SetOpt",
    "FormatOpt",
    "CandidateIdArg",
)


def __getattr__(name: str) -> Any:
    # The typer app and its option types, built on first use; see the module docstring.
    if name not in _TYPER_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from commonize.cli import _typer

    for shared in _TYPER_NAMES:
        globals()[shared] = getattr(_typer, shared)
    _register_commands()
    return globals()[name]


def _register_commands() -> None:
    """Every module of this package defines commands on ``app``; importing it registers them."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}")
