"""verify-record: reproduce a recommendation from its decision record."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commonize.cli import RulesOpt, app, guard
from commonize.errors import EXIT_INVALID, EXIT_OK


@app.command("verify-record")
def verify_record_cmd(
    record: Annotated[Path, typer.Argument(help="A record written by `evaluate --record DIR`")],
    candidate: Annotated[
        Path | None,
        typer.Option(
            "--candidate",
            help="The candidate file [default: the recorded path]",
            show_default=False,
        ),
    ] = None,
    rules: RulesOpt = None,
) -> None:
    """Re-evaluate a recorded candidate and say whether the same inputs give the same result.

    The rules are those of --rules, or the shipped ones: never the folder the record names,
    which an edited record could point anywhere. Overrides recorded with --set are re-applied.

    Exit code 0 when everything matches, 1 when an input hash or the result differs,
    2 when the record is unreadable or malformed.
    """

    def run() -> int:
        from commonize.records import verify_record

        v = verify_record(record, candidate, rules)
        which = "given with --rules" if rules else "the shipped rule set"
        typer.echo(f"rules      verified against {v.rules} ({which})")
        if v.recorded_rules != v.rules:
            typer.echo(f"           the record names {v.recorded_rules}; not used (pass --rules)")
        for check in v.checks:
            if check.same:
                typer.echo(f"same       {check.name}: {check.recorded}")
            else:
                typer.echo(
                    f"DIFFERENT  {check.name}: recorded {check.recorded}, now {check.current}"
                )
        if v.result_same:
            typer.echo("result     reproduced exactly")
        else:
            typer.echo(f"result     DIFFERENT in: {', '.join(v.differing_keys)}")
        return EXIT_OK if v.reproduced else EXIT_INVALID

    raise typer.Exit(guard(run))
