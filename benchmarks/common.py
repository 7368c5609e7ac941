"""What every benchmark pipeline shares: the synthetic data sets, the file list, the C loader,
and the outcome each pipeline must agree on.

Every pipeline reads the same files the same way (bytes → ``yaml.load`` with libyaml's
``CSafeLoader``) so that the only difference between them is what they do with the data.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "benchmarks" / "generate.py"
CANDIDATES = ROOT / "candidates"
SUFFIXES = (".yaml", ".yml")

# No fallback to the pure-Python loader: the floor is defined as libyaml's speed, and a
# silent fallback would make every figure 10× slower without saying so.
CLoader: type = yaml.CSafeLoader


@dataclass(frozen=True)
class Outcome:
    """What a pipeline decides for one candidate: the fields compared across pipelines.

    ``track`` is None when the candidate *needs information* (unknown indicators leave it
    between tracks); ``possible`` is then every track it could still end on, and is the
    track alone once it is decided. ``stopped_at`` is the gate not met (joint procurement)
    or the first undetermined gate (needs information).
    """

    id: str
    track: str | None
    stopped_at: str | None = None
    form: str | None = None
    readiness: str | None = None
    possible: tuple[str, ...] = ()


def yaml_files(directory: Path) -> list[Path]:
    """The files ``commonize`` would discover in a flat directory, in the same (sorted) order."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.name.endswith(SUFFIXES) and not p.name.startswith(".") and p.is_file()
    )


def load(path: Path) -> Any:
    """Read one file and parse it with the C loader: the floor's whole per-file work.

    Bytes go straight to libyaml, which decodes UTF-8 itself (faster than decoding first).
    """
    with path.open("rb") as fh:
        return yaml.load(fh.read(), Loader=CLoader)


def write_outcomes(outcomes: Iterable[Outcome], path: Path) -> None:
    path.write_text(json.dumps([asdict(o) for o in outcomes]), encoding="utf-8")


def read_outcomes(path: Path) -> dict[str, Outcome]:
    return {
        o["id"]: Outcome(**{**o, "possible": tuple(o["possible"])})
        for o in json.loads(path.read_text(encoding="utf-8"))
    }


def outcomes_from_results(document: Mapping[str, Any]) -> dict[str, Outcome]:
    """Outcomes of ``commonize evaluate --format json`` output (docs/json-format.md, format
    version 2), needs information (``track: null``) included.

    Invalid files are left out: the other pipelines do not validate.
    """
    return {
        r["id"]: Outcome(
            r["id"],
            r["track"],
            r["stopped_at"],
            r["form"],
            r["readiness"],
            tuple(r["possible_tracks"]),
        )
        for r in document["results"]
        if r.get("status") == "ok"
    }


@dataclass(frozen=True)
class Agreement:
    """How far a pipeline's outcomes match commonize's, over the candidates both decided."""

    compared: int
    missing: int  # candidates commonize decided that the other pipeline did not
    same_track: int  # needs information (no track) counts as a verdict of its own
    same_outcome: int  # track, stopped_at, form, readiness and possible tracks all equal
    examples: tuple[str, ...] = field(default=())

    @property
    def track_pct(self) -> float:
        return 100.0 * self.same_track / self.compared if self.compared else 0.0

    @property
    def outcome_pct(self) -> float:
        return 100.0 * self.same_outcome / self.compared if self.compared else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "track_pct": round(self.track_pct, 3),
            "outcome_pct": round(self.outcome_pct, 3),
        }


def agreement(reference: Mapping[str, Outcome], other: Mapping[str, Outcome]) -> Agreement:
    same_track = same = missing = 0
    examples: list[str] = []
    for cid, ref in reference.items():
        got = other.get(cid)
        if got is None:
            missing += 1
            continue
        same_track += got.track == ref.track
        if got == ref:
            same += 1
        elif len(examples) < 5:
            examples.append(f"{cid}: commonize {_short(ref)} vs {_short(got)}")
    compared = len(reference) - missing
    return Agreement(compared, missing, same_track, same, tuple(examples))


def _short(o: Outcome) -> str:
    verdict = o.track or "needs_information"
    fields = (verdict, o.stopped_at, o.form, o.readiness)
    return "/".join(str(x) for x in fields) + " [" + "|".join(o.possible) + "]"


def data_key(count: int, seed: int) -> str:
    """What a generated data set depends on: the generator, the template candidates, N, seed.

    The templates are the shipped candidates, which change; a changed template makes a new
    data set instead of silently benchmarking stale files.
    """
    h = hashlib.sha256(f"{count}|{seed}|".encode())
    h.update(GENERATE.read_bytes())
    for path in sorted(CANDIDATES.glob("*.yaml")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def dataset(count: int, seed: int = 7, base: Path | None = None) -> Path:
    """A directory of ``count`` generated candidate files, generated once and then reused.

    Generated by running benchmarks/generate.py (the documented command) into a scratch
    directory that is renamed into place only when complete, so an interrupted run never
    leaves a half-written set that a later run would trust.
    """
    base = base or Path(tempfile.gettempdir()) / "commonize-bench"
    base.mkdir(parents=True, exist_ok=True)
    prefix = f"n{count}-seed{seed}-"
    target = base / (prefix + data_key(count, seed))
    if target.is_dir():
        return target
    for stale in base.glob(prefix + "*"):  # older templates: 100k files are 400 MB
        shutil.rmtree(stale, ignore_errors=True)
    scratch = Path(tempfile.mkdtemp(prefix=".partial-", dir=base))
    try:
        subprocess.run(
            [sys.executable, str(GENERATE), str(count), str(scratch), "--seed", str(seed)],
            check=True,
        )
        os.replace(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target


def warm(files: Iterable[Path]) -> int:
    """Read every file once so that no figure pays for the disk and the first one is not
    penalised for filling the page cache."""
    total = 0
    for p in files:
        with p.open("rb") as fh:
            total += len(fh.read())
    return total


def pipeline_main(description: str, run: Any, argv: list[str] | None = None) -> None:
    """The command line of an in-Python pipeline: ``python -m benchmarks.X DIR [--outcomes F]``.

    Prints ``{"files": N, "seconds": S}`` for the loop alone on standard output; the runner
    also times the whole process, start-up included, as it does for commonize.
    """
    import argparse
    import time

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("directory", type=Path)
    parser.add_argument("--outcomes", type=Path, help="write the outcomes here (JSON)")
    args = parser.parse_args(argv)
    files = yaml_files(args.directory)
    start = time.perf_counter()
    outcomes = run(files)
    seconds = time.perf_counter() - start
    if args.outcomes is not None and outcomes is not None:
        write_outcomes(outcomes, args.outcomes)
    print(json.dumps({"files": len(files), "seconds": seconds}))
