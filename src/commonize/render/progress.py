"""Progress of a long batch, on standard error only (standard output carries the results).

Whether to show it is the command line's call (``cli.streams.progress_wanted``: a terminal,
a long batch, no --quiet), made before this module and rich are imported. rich honours
NO_COLOR. The bar advances once per finished result (cached, evaluated in a worker process,
or invalid alike).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn


@contextmanager
def progress(
    total: int, *, enabled: bool, stream: TextIO | None = None
) -> Iterator[Callable[[Any], None] | None]:
    """A per-result callback that advances a bar, or None when disabled."""
    if not enabled:
        yield None
        return

    console = Console(file=stream or sys.stderr, stderr=stream is None)
    bar = Progress(
        TextColumn("evaluating"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        # Results stream to standard output while the bar runs: never capture it.
        redirect_stdout=False,
        redirect_stderr=False,
    )
    task = bar.add_task("evaluate", total=total)
    with bar:
        yield lambda _result: bar.advance(task)
