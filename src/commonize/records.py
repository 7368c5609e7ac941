"""Decision records: what was evaluated, with which rules and version, and what came out.

A record lets a recommendation shown at a council meeting be reproduced later:
``verify_record`` re-evaluates the same file with the same rules and reports which input
changed (candidate file, rule set, commonize version) and whether the result is identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize import __version__
from commonize.atomic import write_atomic
from commonize.errors import UsageError

FORMAT = "commonize-decision-record"
FORMAT_VERSION = 1


def record_name(result_id: str) -> str:
    return f"{result_id}.json"


def write_records(
    batch: Any, directory: Path, rules_dir: Path, today: dt.date, now: dt.datetime
) -> list[Path]:
    """One JSON record per evaluated candidate in ``directory`` (created if missing)."""
    from commonize.render.json_out import result_dict

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for r in batch.results:
        if r.id is None or r.track is None:
            continue  # an invalid file has no recommendation to reproduce
        record = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "commonize_version": __version__,
            "recorded_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "today": today.isoformat(),
            "candidate": {"path": r.path, "sha256": r.sha256},
            "ruleset": {
                "path": str(rules_dir),
                "name": batch.ruleset.meta.name,
                "version": batch.ruleset.meta.version,
                "sha256": batch.ruleset.sha256,
            },
            "result": result_dict(r, batch.ruleset),
        }
        path = directory / record_name(r.id)
        write_atomic(
            path,
            json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            root=directory,
        )
        written.append(path)
    return written


@dataclass(frozen=True)
class Check:
    name: str
    recorded: str | None
    current: str | None

    @property
    def same(self) -> bool:
        return self.recorded == self.current


@dataclass(frozen=True)
class Verification:
    checks: tuple[Check, ...]
    result_same: bool
    differing_keys: tuple[str, ...]

    @property
    def reproduced(self) -> bool:
        return self.result_same and all(c.same for c in self.checks)


def read_record(path: Path) -> dict[str, Any]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise UsageError(f"cannot read decision record: {e}", path) from e
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise UsageError("not a commonize decision record", path)
    return record


def verify_record(
    path: Path, candidate: Path | None = None, rules_dir: Path | None = None
) -> Verification:
    """Re-evaluate the recorded candidate and compare inputs and result with the record."""
    from commonize.api import evaluate_paths, load_rules
    from commonize.render.json_out import result_dict

    record = read_record(path)
    candidate = candidate or Path(record["candidate"]["path"])
    rules_dir = rules_dir or Path(record["ruleset"]["path"])
    if not candidate.is_file():
        raise UsageError(f"the recorded candidate file is gone: {candidate}", path)
    compiled = load_rules(rules_dir)
    today = dt.date.fromisoformat(record["today"])
    batch = evaluate_paths([candidate], compiled, today=today)
    (result,) = batch.results
    current = result_dict(result, batch.ruleset)
    checks = (
        Check("candidate file sha256", record["candidate"]["sha256"], _sha256(candidate)),
        Check("rule set sha256", record["ruleset"]["sha256"], batch.ruleset.sha256),
        Check("commonize version", record["commonize_version"], __version__),
    )
    recorded = record["result"]
    keys = tuple(
        sorted(k for k in set(recorded) | set(current) if recorded.get(k) != current.get(k))
    )
    return Verification(checks, not keys, keys)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
