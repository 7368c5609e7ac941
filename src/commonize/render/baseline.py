"""Read a previous ``--format json`` output back as the baseline of ``--baseline``."""

from __future__ import annotations

from pathlib import Path

from commonize.errors import UsageError
from commonize.findings import Baseline
from commonize.results import INVALID, NEEDS_INFORMATION, TRACKS
from commonize.resultsfile import read_results_file


def load_baseline(path: Path) -> Baseline:
    """The tracks of a results file. A file that is not one is a usage error (exit 2)."""
    by_id: dict[str, str] = {}
    by_path: dict[str, tuple[str | None, str]] = {}
    for i, r in enumerate(read_results_file(path, "the baseline").results):
        if r.status == INVALID:
            state = INVALID
        elif r.verdict in (*TRACKS, NEEDS_INFORMATION):
            state = r.verdict
        else:
            raise UsageError(
                f"the baseline's results[{i}] has no track: was it written by `validate`?", path
            )
        if r.id is not None:
            by_id[r.id] = state
        by_path[r.path] = (r.id, state)
    return Baseline(str(path), by_id, by_path)
