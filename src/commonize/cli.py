"""The typer command-line layer: options → library call → renderer → exit code."""

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


class Format(str, Enum):
    table = "table"
    text = "text"
    json = "json"


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
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format [default: table on a terminal, else text]",
        show_default=False,
    ),
]


def _paths(paths: list[Path] | None) -> list[Path]:
    if paths:
        return paths
    default = Path("candidates")
    if not default.is_dir():
        raise UsageError(
            "no paths given and no candidates/ directory here; name the files to check"
        )
    return [default]


def _lang(lang: Lang | None) -> str:
    from commonize.messages import default_lang

    return lang.value if lang else default_lang()


def _format(fmt: Format | None) -> str:
    if fmt:
        return fmt.value
    return "table" if sys.stdout.isatty() else "text"


def _emit(batch: object, fmt: str, lang: str, explain: bool) -> None:
    from commonize.render import RenderOptions, reporter

    reporter(fmt)(batch, sys.stdout, RenderOptions(lang=lang, explain=explain))  # type: ignore[arg-type]


def _guard(fn: object) -> int:
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


@app.command()
def evaluate(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", "-e", help="Print the full reasoning")
    ] = False,
    lang: LangOpt = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Override a number for this run: gates.GATE.threshold=N or rules.ID.points=N",
        ),
    ] = None,
) -> None:
    """Evaluate candidate files with the rule set: scores, track, and why.

    Exit codes: 0 all evaluated, 1 some candidate invalid, 2 usage error, 3 rule set broken.
    """

    def run() -> int:
        from commonize.api import evaluate_paths, load_rules
        from commonize.rules.overrides import parse_assignments

        compiled = load_rules(rules, parse_assignments(set_ or []))
        batch = evaluate_paths(_paths(paths), compiled)
        _emit(batch, _format(fmt), _lang(lang), explain)
        return batch.exit_code

    raise typer.Exit(_guard(run))


@app.command()
def validate(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    fmt: FormatOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check candidate files against the schema only (no rules are run)."""

    def run() -> int:
        from commonize.api import validate_paths

        batch = validate_paths(_paths(paths), rules)
        if _format(fmt) == "json":
            _emit(batch, "json", _lang(lang), False)
        else:
            _print_validation(batch, _lang(lang))
        return batch.exit_code

    raise typer.Exit(_guard(run))


def _print_validation(batch: object, lang: str) -> None:
    from commonize.messages import t

    results = batch.results  # type: ignore[attr-defined]
    for r in results:
        for p in r.problems:
            typer.echo(str(p))
    bad = sum(1 for r in results if r.problems)
    typer.echo(t("validated", lang, n=len(results), ok=len(results) - bad, invalid=bad))


@app.command("explain")
def explain_cmd(
    candidate_id: Annotated[str, typer.Argument(help="The id of a candidate, e.g. library-system")],
    paths: Annotated[
        list[Path] | None,
        typer.Option(
            "--candidates", "-c", help="Where to look [default: candidates/]", show_default=False
        ),
    ] = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Why a candidate gets its track, and why not the other two."""

    def run() -> int:
        import difflib

        from commonize.api import Batch, evaluate_paths
        from commonize.render.text import write_explanation

        batch = evaluate_paths(_paths(paths), rules)
        found = [r for r in batch.results if r.id == candidate_id]
        if not found:
            ids = [r.id for r in batch.results if r.id]
            close = difflib.get_close_matches(candidate_id, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            bad = [str(p) for r in batch.invalid for p in r.problems]
            extra = ("\n" + "\n".join(bad)) if bad else ""
            raise UsageError(f"no valid candidate with id {candidate_id!r}{hint}{extra}")
        write_explanation(found[0], batch.ruleset, _lang(lang), sys.stdout)
        return Batch(batch.ruleset, tuple(found)).exit_code

    raise typer.Exit(_guard(run))


@app.command()
def version() -> None:
    """Print the version of commonize."""
    from commonize import __version__

    typer.echo(__version__)


def main() -> None:
    try:
        app()
    except SystemExit as e:
        # click uses exit code 2 for usage errors already; keep every other code as is.
        raise SystemExit(e.code if e.code is not None else 0) from None


if __name__ == "__main__":  # pragma: no cover
    main()
