"""The typer app and the option types the command modules share.

Imported through ``commonize.cli.app`` (never by ``commonize.cli`` itself), so the console
script's fast path for ``validate`` does not pay for typer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from commonize.cli import Lang

app = typer.Typer(
    name="commonize",
    help="Recommend standardize / commonize / joint-procurement tracks for local-government "
    "businesses and systems, with the reasons and the policy clauses behind them.",
    no_args_is_help=True,
    # `commonize --install-completion` (bash, zsh, fish, PowerShell); see the README.
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        from commonize import __version__

        typer.echo(f"commonize {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """Recommend standardize / commonize / joint-procurement tracks for local-government
    businesses and systems, with the reasons and the policy clauses behind them."""


def option(*names: str, help: str, **kwargs: Any) -> Any:
    """An option whose help says its default, or that it has none: typer shows none."""
    return typer.Option(*names, help=help, show_default=False, **kwargs)


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
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=N",
        help="Override a number for this run: gates.GATE.threshold=N or rules.ID.points=N",
    ),
]
# The --format option of the commands with one output: ``Annotated[TheirFormats, FormatOpt]``.
FormatOpt = typer.Option("--format", "-f", help="Output format")
CandidateIdArg = Annotated[str, typer.Argument(help="The id of a candidate, e.g. library-system")]
CandidatesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--candidates", "-c", help="Where to look [default: candidates/]", show_default=False
    ),
]
