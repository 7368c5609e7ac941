"""evaluate, validate, explain, version: the core commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from commonize.cli import (
    FormatOpt,
    LangOpt,
    PathsArg,
    RulesOpt,
    app,
    emit,
    format_or_default,
    guard,
    lang_or_default,
    paths_or_default,
)
from commonize.errors import UsageError


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
        batch = evaluate_paths(paths_or_default(paths), compiled)
        emit(batch, format_or_default(fmt), lang_or_default(lang), explain)
        return batch.exit_code

    raise typer.Exit(guard(run))


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

        batch = validate_paths(paths_or_default(paths), rules)
        if format_or_default(fmt) == "json":
            emit(batch, "json", lang_or_default(lang), False)
        else:
            _print_validation(batch, lang_or_default(lang))
        return batch.exit_code

    raise typer.Exit(guard(run))


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

        batch = evaluate_paths(paths_or_default(paths), rules)
        found = [r for r in batch.results if r.id == candidate_id]
        if not found:
            ids = [r.id for r in batch.results if r.id]
            close = difflib.get_close_matches(candidate_id, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            bad = [str(p) for r in batch.invalid for p in r.problems]
            extra = ("\n" + "\n".join(bad)) if bad else ""
            raise UsageError(f"no valid candidate with id {candidate_id!r}{hint}{extra}")
        write_explanation(found[0], batch.ruleset, lang_or_default(lang), sys.stdout)
        return Batch(batch.ruleset, tuple(found)).exit_code

    raise typer.Exit(guard(run))


@app.command()
def version() -> None:
    """Print the version of commonize."""
    from commonize import __version__

    typer.echo(__version__)
