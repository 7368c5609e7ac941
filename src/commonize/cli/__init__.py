"""The typer command-line layer: options → library call → renderer → exit code.

Commands live one group per module in this package and register on ``app``; this module
holds what they share: option types, the error handler, and the entry point.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from commonize.errors import CommonizeError, UsageError

app = typer.Typer(
    name="commonize",
    help="Recommend standardize / commonize / joint-procurement tracks for local-government "
    "businesses and systems, with the reasons and the policy clauses behind them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_INTERNAL = 4


class Lang(str, Enum):
    ja = "ja"
    en = "en"


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Candidate files or directories [default: candidates/]", show_default=False
    ),
]
RulesOpt = Annotated[
    Path | None,
    typer.Option(
        "--rules", "-r", help="Rule-set directory [default: the shipped rules]", show_default=False
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang", help="Language of labels [default: from the locale]", show_default=False
    ),
]
CandidatesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--candidates", "-c", help="Where to look [default: candidates/]", show_default=False
    ),
]


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
    from commonize.messages import default_lang

    return lang.value if lang else default_lang()


def guard(fn: object) -> int:
    """The one top-level error handler: our errors become messages and exit codes."""
    try:
        return fn()  # type: ignore[operator]
    except CommonizeError as e:
        for p in e.problems:
            typer.echo(f"error: {p}", err=True)
        return e.exit_code
    except BrokenPipeError:
        # The reader (head, less) went away: not an error of ours, and nothing left to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as e:  # a bug: say so in one line; the traceback only on request
        if os.environ.get("COMMONIZE_DEBUG"):
            raise
        typer.echo(
            f"internal error: {type(e).__name__}: {e} (this is a bug in commonize; "
            "rerun with COMMONIZE_DEBUG=1 for the traceback and report it)",
            err=True,
        )
        return EXIT_INTERNAL


def main() -> None:
    try:
        app()
    except SystemExit as e:
        # click uses exit code 2 for usage errors already; keep every other code as is.
        raise SystemExit(e.code if e.code is not None else 0) from None


def _register_commands() -> None:
    """Every module of this package defines commands on ``app``; importing it registers them."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{info.name}")


_register_commands()
