"""Several formats in one run: ``--format table --format sarif=out.sarif``.

A format with ``=PATH`` goes to that file, written atomically (an interrupted run leaves the
old file whole); at most one format goes to standard output.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from commonize.atomic import check_target, open_atomic, write_atomic
from commonize.formats import Output, usage_error
from commonize.render import RenderOptions, reporter, resolve

if TYPE_CHECKING:
    from commonize.results import Batch


def check_outputs(outputs: Iterable[Output]) -> tuple[Output, ...]:
    """At most one format on standard output, each file written once, where it can be."""
    found = tuple(outputs)
    to_stdout = [str(o) for o in found if o.path is None]
    if len(to_stdout) > 1:
        raise usage_error(
            "--format",
            f"only one format can go to standard output, got {', '.join(to_stdout)}; "
            "send the others to files with NAME=PATH",
        )
    seen: dict[Path, Output] = {}
    for o in found:
        if o.path is None:
            continue
        # Checked before any rule runs: a typo in a path should not cost a whole batch.
        check_target(o.path)
        if not o.path.parent.is_dir():
            raise usage_error("--format", f"{o}: directory {o.path.parent} does not exist")
        key = o.path.resolve()
        if key in seen:
            raise usage_error("--format", f"{seen[key]} and {o} write the same file")
        seen[key] = o
    return found


def write_outputs(
    batch: Batch,
    outputs: Iterable[Output],
    options: RenderOptions,
    *,
    stdout: TextIO | None = None,
    note: Callable[[str], None] | None = None,
) -> None:
    """Files first, so a closed pipe on standard output cannot cost the CI its reports."""
    out = stdout or sys.stdout
    ordered = sorted(outputs, key=lambda o: o.path is None)
    for o in ordered:
        name = format_of(o, out)
        if o.path is None:
            reporter(name)(batch, out, options)
            continue
        render = reporter(name)
        write_atomic(o.path, lambda fh, render=render: render(batch, fh, options))
        if note is not None:
            note(f"wrote {o.path} ({name})")


def format_of(output: Output, stdout: TextIO) -> str:
    """The format an output is written in: ``auto`` decided by its stream."""
    if output.path is None:
        return resolve(output.name, stdout)
    return "text" if output.name == "auto" else output.name  # a file is never a terminal


def write_streaming(
    output: Output,
    write: Callable[[TextIO], None],
    *,
    stdout: TextIO | None = None,
    note: Callable[[str], None] | None = None,
) -> None:
    """A lone output written while its results still come: ``write`` renders into a stream.

    The same destinations as ``write_outputs``: standard output, or the file replaced
    atomically once the stream is complete.
    """
    out = stdout or sys.stdout
    if output.path is None:
        write(out)
        return
    with open_atomic(output.path) as fh:
        write(fh)
    if note is not None:
        note(f"wrote {output.path} ({format_of(output, out)})")
