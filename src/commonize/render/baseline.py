"""Read a previous ``--format json`` output back as the baseline of ``--baseline``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from commonize.errors import UsageError
from commonize.findings import Baseline
from commonize.jsonfile import read_json
from commonize.render.json_out import FORMAT, READABLE_VERSIONS
from commonize.results import TRACKS


def load_baseline(path: Path) -> Baseline:
    """The tracks of a results file. A file that is not one is a usage error (exit 2)."""
    doc = read_json(path, "the baseline")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise UsageError(
            "the baseline is not a commonize results file (write one with --format json)", path
        )
    if doc.get("format_version") not in READABLE_VERSIONS:
        raise UsageError(
            f"the baseline has format_version {doc.get('format_version')!r}; "
            f"this commonize reads {', '.join(map(str, READABLE_VERSIONS))}",
            path,
        )
    by_id: dict[str, str] = {}
    by_path: dict[str, tuple[str | None, str]] = {}
    for i, item in enumerate(doc.get("results") or []):
        cid, state, file = _entry(item, path, i)
        if cid is not None:
            by_id[cid] = state
        by_path[file] = (cid, state)
    return Baseline(str(path), by_id, by_path)


def _entry(item: Any, path: Path, i: int) -> tuple[str | None, str, str]:
    ok = isinstance(item, dict) and isinstance(item.get("path"), str)
    # Version 2 gives the verdict: the track, or needs_information where there is none.
    cid, track = (item.get("id"), item.get("verdict") or item.get("track")) if ok else (None, None)
    if not ok or not (cid is None or isinstance(cid, str)):
        raise UsageError(f"the baseline's results[{i}] has no valid path and id", path)
    if item.get("status") == "invalid":
        return cid, "invalid", item["path"]
    if track not in (*TRACKS, "needs_information"):
        raise UsageError(
            f"the baseline's results[{i}] has no track: was it written by `validate`?", path
        )
    return cid, track, item["path"]
