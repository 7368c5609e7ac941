"""Decision records: what was evaluated, with which rules and version, and what came out.

A record lets a recommendation shown at a council meeting be reproduced later:
``verify_record`` re-evaluates the same file and reports which input changed (candidate
file, rule set, commonize version) and whether the result is identical.

A record is a claim, not an authority: it is verified against the rules the *user* names
(by default the shipped ones), never against the folder written inside it, which anyone
editing the record could point at altered rules. The ``--set`` overrides of the recorded
run are stored and re-applied: they are part of what produced the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize.api import evaluate_paths, load_rules
from commonize.atomic import write_atomic
from commonize.errors import UsageError
from commonize.jsonfile import read_json
from commonize.loading import default_rules_dir
from commonize.results import Batch
from commonize.resultsfile import result_dict
from commonize.version import __version__

FORMAT = "commonize-decision-record"
FORMAT_VERSION = 1


def record_name(result_id: str) -> str:
    return f"{result_id}.json"


def write_records(
    batch: Batch,
    directory: Path,
    rules_dir: Path,
    today: dt.date,
    now: dt.datetime,
    overrides: dict[str, Any] | None = None,
) -> list[Path]:
    """One JSON record per evaluated candidate in ``directory`` (created if missing)."""
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
                "overrides": dict(sorted((overrides or {}).items())),
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
class RecordCheck:
    name: str
    recorded: str | None
    current: str | None

    @property
    def same(self) -> bool:
        return self.recorded == self.current


@dataclass(frozen=True)
class Verification:
    checks: tuple[RecordCheck, ...]
    result_same: bool
    differing_keys: tuple[str, ...]
    rules: str = ""  # the rule-set folder verified against
    recorded_rules: str = ""  # the folder named in the record (information only)

    @property
    def reproduced(self) -> bool:
        return self.result_same and all(c.same for c in self.checks)


# A record holds one result: a few tens of kB. Far more is not a record.
MAX_RECORD_BYTES = 16 * 1024 * 1024


def read_record(path: Path) -> dict[str, Any]:
    record = read_json(path, "decision record", max_bytes=MAX_RECORD_BYTES)
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise UsageError("not a commonize decision record", path)
    return record


@dataclass(frozen=True)
class _Recorded:
    candidate_path: str
    candidate_sha256: str | None
    rules_path: str
    rules_sha256: str
    overrides: dict[str, int | float]
    version: str
    today: dt.date
    result: dict[str, Any]


def _recorded(record: dict[str, Any], path: Path) -> _Recorded:
    """The fields verification needs, each checked: a malformed record is a usage error."""

    def get(*keys: str, kind: type | tuple[type, ...] = str) -> Any:
        value: Any = record
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, kind) or isinstance(value, bool):
            raise UsageError(
                f"malformed decision record: {'.'.join(keys)} is missing or of the wrong type",
                path,
            )
        return value

    overrides = (
        record.get("ruleset", {}).get("overrides", {})
        if isinstance(record.get("ruleset"), dict)
        else None
    )
    if not isinstance(overrides, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool)
        for k, v in overrides.items()
    ):
        raise UsageError("malformed decision record: ruleset.overrides is not KEY: number", path)
    try:
        today = dt.date.fromisoformat(get("today"))
    except ValueError:
        raise UsageError("malformed decision record: today is not a date", path) from None
    sha = (
        record.get("candidate", {}).get("sha256")
        if isinstance(record.get("candidate"), dict)
        else None
    )
    return _Recorded(
        candidate_path=get("candidate", "path"),
        candidate_sha256=sha if isinstance(sha, str) else None,
        rules_path=get("ruleset", "path"),
        rules_sha256=get("ruleset", "sha256"),
        overrides=overrides,
        version=get("commonize_version"),
        today=today,
        result=get("result", kind=dict),
    )


def verify_record(
    path: Path, candidate: Path | None = None, rules_dir: Path | None = None
) -> Verification:
    """Re-evaluate the recorded candidate and compare inputs and result with the record.

    ``rules_dir`` is the rule set to verify against: the shipped one unless given.
    """

    rec = _recorded(read_record(path), path)
    candidate = candidate or Path(rec.candidate_path)
    rules_dir = rules_dir or default_rules_dir()
    current_sha = _sha256(candidate, path)
    compiled = load_rules(rules_dir, rec.overrides or None)
    batch = evaluate_paths([candidate], compiled, today=rec.today)
    (result,) = batch.results
    current = result_dict(result, batch.ruleset)
    checks = (
        RecordCheck("candidate file sha256", rec.candidate_sha256, current_sha),
        RecordCheck("rule set sha256", rec.rules_sha256, batch.ruleset.sha256),
        RecordCheck("commonize version", rec.version, __version__),
    )
    recorded = rec.result
    keys = tuple(
        sorted(k for k in set(recorded) | set(current) if recorded.get(k) != current.get(k))
    )
    return Verification(checks, not keys, keys, str(rules_dir), rec.rules_path)


def _sha256(candidate: Path, record: Path) -> str:
    """SHA-256 of a regular file, read in chunks: a 2 GB file costs 1 MB of memory."""
    digest = hashlib.sha256()
    try:
        with candidate.open("rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise UsageError(
                    f"the recorded candidate is not a regular file: {candidate}", record
                )
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError:
        raise UsageError(f"the recorded candidate file is gone: {candidate}", record) from None
    except OSError as e:
        raise UsageError(f"cannot read the candidate {candidate}: {e.strerror or e}", record) from e
    return digest.hexdigest()
