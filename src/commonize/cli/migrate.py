"""migrate: raise candidate files to the current schema version, keeping comments."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from commonize.cli import app, echo, guard
from commonize.errors import EXIT_INVALID, EXIT_OK


@app.command("migrate")
def migrate_cmd(
    files: Annotated[list[Path], typer.Argument(help="Candidate files to rewrite in place")],
) -> None:
    """Rewrite schema_version 1 candidate files as version 2, in place.

    Only the version line changes: version 2 adds to version 1, so comments and layout stay.
    A file that would not load afterwards is left unchanged and its problems are listed.
    Exit codes: 0 all migrated or already current, 1 some file has problems.
    """

    def run() -> int:
        from commonize.migrate import CURRENT, migrate_file

        failed = 0
        for path in files:
            m = migrate_file(path)
            for p in m.problems:
                echo(f"error: {p}")
            failed += bool(m.problems)
            if m.changed:
                typer.echo(f"{m.path}: schema_version 1 → {CURRENT}")
            elif not m.problems:
                typer.echo(f"{m.path}: already version {CURRENT}")
        return EXIT_INVALID if failed else EXIT_OK

    raise typer.Exit(guard(run))
