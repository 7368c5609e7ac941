"""Progress of a long batch, on standard error only (standard output carries the results).

Whether to show it is the command line's call (``cli.streams.progress_wanted``: a terminal,
a long batch, no --quiet), made before this module and rich are imported. rich honours
NO_COLOR. The bar advances once per finished result (cached, evaluated in a worker process,
or invalid alike).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn


@contextmanager
def progress(
    total: int, *, enabled: bool, stream: TextIO | None = None, after: float = 0.0
) -> Iterator[Callable[[Any], None] | None]:
    """A per-result callback that advances a bar, or None when disabled.

    The bar appears only once the run has taken ``after`` seconds: a shorter run shows
    nothing, where a bar would only flicker (and leave its redraws in a recorded terminal).
    """
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
    due = time.monotonic() + after
    shown = False

    def tick(_result: Any) -> None:
        nonlocal shown
        bar.advance(task)
        if not shown and time.monotonic() >= due:
            bar.start()
            shown = True

    if after <= 0:
        bar.start()
        shown = True
    try:
        yield tick
    finally:
        if shown:
            bar.stop()
