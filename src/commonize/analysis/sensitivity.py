"""Borderline candidates: does the track survive when the rule set's numbers move a little?

Every threshold and every point value is moved by +pct% and -pct%, one at a time; with
``samples`` > 0, that many joint moves are drawn too (each number scaled by a factor drawn
uniformly from [1 - pct%, 1 + pct%], from a seeded generator, so runs are reproducible).
A candidate whose track changes under some move is *borderline*. The calibration is ours,
not the policy's (rules/README.md): this shows which recommendations hang on it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from commonize.analysis.outcomes import FastEvaluator
from commonize.analysis.variants import Move, numbers, single_moves, with_numbers
from commonize.errors import UsageError
from commonize.facts import candidate_fact, normalize_number
from commonize.loading import load_candidate
from commonize.models import Candidate
from commonize.results import OK, Batch, Result, Sensitivity
from commonize.rules.compiler import CompiledRuleset, compile_ruleset

MAX_SAMPLES = 10_000


@dataclass(frozen=True)
class _Subject:
    index: int
    result: Result
    fact: dict[str, Any]
    standardized: bool
    fired: set[str]


def annotate_sensitivity(
    batch: Batch,
    compiled: CompiledRuleset,
    pct: float,
    *,
    samples: int = 0,
    seed: int = 0,
    candidates: Mapping[str, Candidate] | None = None,
) -> Batch:
    """``batch`` with ``Result.sensitivity`` set on every evaluated result.

    ``candidates`` maps result paths to candidates; without it the files are read again.
    """
    _check(pct, samples)
    subjects = _subjects(batch, compiled, candidates)
    # Verdicts: a track, or needs_information when the move leaves the route open.
    seen: dict[int, set[str]] = {s.index: {s.result.verdict or ""} for s in subjects}
    changed_by: dict[int, list[str]] = {s.index: [] for s in subjects}
    # Numbers never reach the standardized flag, so only the others can move.
    movable = [s for s in subjects if not s.standardized]
    for label, values in _variants(compiled, pct, samples, seed):
        evaluator = FastEvaluator(compile_ruleset(with_numbers(compiled.ruleset, values)))
        for s in movable:
            track = evaluator.outcome(s.fact, s.standardized, s.fired).track or "needs_information"
            seen[s.index].add(track)
            if track != s.result.verdict:
                changed_by[s.index].append(label)
    results = list(batch.results)
    for s in subjects:
        moves = tuple(changed_by[s.index])
        results[s.index] = replace(
            s.result,
            sensitivity=Sensitivity(
                pct=pct, borderline=bool(moves), tracks=tuple(sorted(seen[s.index])), moves=moves
            ),
        )
    return replace(batch, results=tuple(results))


def _check(pct: float, samples: int) -> None:
    if not 0 < pct <= 100:
        raise UsageError(f"sensitivity {pct}%: give a percentage above 0 and at most 100")
    if not 0 <= samples <= MAX_SAMPLES:
        raise UsageError(f"{samples} samples: give 0 to {MAX_SAMPLES}")


def _subjects(
    batch: Batch, compiled: CompiledRuleset, candidates: Mapping[str, Candidate] | None
) -> list[_Subject]:
    base = FastEvaluator(compiled)
    out = []
    for i, result in enumerate(batch.results):
        if result.status != OK or not result.gates:
            continue
        candidate = (candidates or {}).get(result.path) or _reload(result.path, compiled)
        if candidate is None:
            continue
        fact = candidate_fact(candidate, compiled.ruleset.levels)
        standardized = candidate.standardized_business is not None
        out.append(_Subject(i, result, fact, standardized, base.fired(fact)))
    return out


def _reload(path: str, compiled: CompiledRuleset) -> Candidate | None:
    return load_candidate(Path(path), compiled.ruleset).candidate


def _variants(
    compiled: CompiledRuleset, pct: float, samples: int, seed: int
) -> list[tuple[str, dict[str, int | float]]]:
    moves: list[Move] = single_moves(compiled.ruleset, pct)
    out = [(str(m), {m.key: m.new}) for m in moves]
    rng = random.Random(seed)
    base = numbers(compiled.ruleset)
    for i in range(1, samples + 1):
        values = {
            key: normalize_number(old * rng.uniform(1 - pct / 100, 1 + pct / 100))
            for key, old in base.items()
        }
        out.append((f"joint sample {i} (seed {seed})", values))
    return out
