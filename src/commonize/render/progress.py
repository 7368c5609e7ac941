"""Progress of a long batch, on standard error only (standard output carries the results).

Shown only when standard error is a terminal and the batch is long, never with --quiet;
rich honours NO_COLOR. The bar counts engine runs: the engine is where the time goes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from commonize.rules.compiler import CompiledRuleset

# Below this many files a run takes a second or two: a bar would only flicker.
MIN_FILES = 20


class _Counting:
    """An engine that ticks once per candidate it evaluates."""

    def __init__(self, inner: Any, tick: Callable[[], None]) -> None:
        self._inner = inner
        self._tick = tick

    def run(self, fact: dict, summarize: object) -> list[str]:
        try:
            return self._inner.run(fact, summarize)
        finally:
            self._tick()


def wanted(files: int, *, quiet: bool, stream: TextIO | None = None) -> bool:
    stream = stream or sys.stderr
    forced = os.environ.get("COMMONIZE_PROGRESS")
    if quiet or forced == "0":
        return False
    return forced == "1" or (files >= MIN_FILES and stream.isatty())


@contextmanager
def progress(
    total: int, *, enabled: bool, stream: TextIO | None = None
) -> Iterator[Callable[[CompiledRuleset], Any] | None]:
    """An engine factory that reports progress, or None (the default engine) when disabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=stream or sys.stderr, stderr=stream is None)
    bar = Progress(
        TextColumn("evaluating"), BarColumn(), MofNCompleteColumn(), console=console, transient=True
    )
    task = bar.add_task("evaluate", total=total)

    def factory(compiled: CompiledRuleset) -> Any:
        from commonize.engine import DurableEngine

        return _Counting(DurableEngine(compiled), lambda: bar.advance(task))

    with bar:
        yield factory
