"""Counterfactuals: the smallest single-indicator changes that would change a track.

For each indicator some rule reads, every region of its values (``regions``) is evaluated
with all other indicators as they are. A known number reports, in each direction, the
nearest run of values that changes the outcome ("≥ 20 instead of 12 → commonize"); a
category reports each other value that changes it; an unknown indicator reports the
values that, once known, would change it. Changes that keep the track but move the gate
a candidate stops at are kept too, flagged, since they show how far a candidate is. A change
whose outcome is undetermined (it stops at a gate unknown indicators could still pass) is
left out: it would only make the result provisional, which is no outcome to aim for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize.analysis.outcomes import FastEvaluator, Outcome
from commonize.analysis.regions import Region, constants, is_integer, regions
from commonize.errors import UsageError
from commonize.facts import candidate_fact, field_value, with_field
from commonize.loading import load_candidate
from commonize.models import Candidate
from commonize.results import Result
from commonize.rules.compiler import CompiledRuleset


@dataclass(frozen=True)
class IndicatorChange:
    field: str
    current: Any  # None: the candidate leaves it unknown
    span: Region  # the values that give ``outcome`` (numbers: a merged run of regions)
    example: Any  # a value in ``span``, the nearest to ``current``
    outcome: Outcome
    changes_track: bool
    distance: float  # relative size of the change; categories count 1, unknowns last
    values: tuple[Any, ...] = ()  # categories: every value with this outcome


@dataclass(frozen=True)
class WhatIf:
    candidate: str
    outcome: Outcome
    changes: tuple[IndicatorChange, ...]

    @property
    def track_changes(self) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.changes if c.changes_track)

    @property
    def gate_changes(self) -> tuple[IndicatorChange, ...]:
        return tuple(c for c in self.changes if not c.changes_track)


def whatif(subject: Candidate | Result, compiled: CompiledRuleset) -> WhatIf:
    """What-if for a candidate, or for an evaluated result (its file is read again)."""
    candidate = subject if isinstance(subject, Candidate) else _reload(subject, compiled)
    evaluator = FastEvaluator(compiled)
    fact = candidate_fact(candidate, compiled.ruleset.levels)
    standardized = candidate.standardized_business is not None
    base = evaluator.outcome(fact, standardized)
    if standardized:  # the track follows the 20 businesses; no indicator changes it
        return WhatIf(candidate.id, base, ())
    changes: list[IndicatorChange] = []
    conds = [r.when for r in compiled.ruleset.rules.values()]
    for path in _fields(compiled):
        regs = regions(path, constants(conds, path))
        outs = []
        for region in regs:
            varied = with_field(fact, path, region.example)
            outs.append(evaluator.outcome(varied, standardized))
        current = field_value(fact, path)
        if isinstance(current, tuple):  # a level word: no one value to move from
            current = None
        found = _changes(path, current, regs, outs, base)
        # A change that would only leave the route open (needs information) is no advice.
        changes.extend(c for c in found if c.outcome.track is not None)
    changes.sort(key=_order)
    return WhatIf(candidate.id, base, tuple(changes))


def _reload(result: Result, compiled: CompiledRuleset) -> Candidate:
    loaded = load_candidate(Path(result.path), compiled.ruleset)
    if loaded.candidate is None:
        raise UsageError(f"{result.path} is not a valid candidate file", result.path)
    return loaded.candidate


def _fields(compiled: CompiledRuleset) -> list[str]:
    """Every field a rule reads, in rule-file order."""
    return list(dict.fromkeys(f for r in compiled.ruleset.rules.values() for f in r.fields))


def _key(o: Outcome) -> tuple[str, str | None]:
    return (o.track, o.stopped_at)


def _changes(
    path: str, current: Any, regs: tuple[Region, ...], outs: list[Outcome], base: Outcome
) -> list[IndicatorChange]:
    if not regs or not regs[0].numeric:
        return _categories(path, current, regs, outs, base)
    if current is None:
        return [
            _change(path, None, span, span.example, o, base, math.inf)
            for span, o in _runs(regs, outs, 0, len(regs))
            if _key(o) != _key(base)
        ]
    here = next(i for i, r in enumerate(regs) if r.contains(current))
    out = []
    for step in (1, -1):
        found = _nearest_run(regs, outs, here, step, base)
        if found is not None:
            span, o = found
            example = _nearest_value(span, current, is_integer(path))
            distance = abs(example - current) / max(abs(current), 1)
            out.append(_change(path, current, span, example, o, base, distance))
    return out


def _categories(
    path: str, current: Any, regs: tuple[Region, ...], outs: list[Outcome], base: Outcome
) -> list[IndicatorChange]:
    """Other values with a different outcome; values with the same outcome make one change."""
    grouped: dict[Outcome, list[Any]] = {}
    for r, o in zip(regs, outs, strict=True):
        if _key(o) != _key(base) and not r.contains(current):
            grouped.setdefault(o, []).append(r.example)
    distance = 1.0 if current is not None else math.inf
    return [
        IndicatorChange(
            path,
            current,
            Region(values[0]),
            values[0],
            o,
            o.track != base.track,
            distance,
            tuple(values),
        )
        for o, values in grouped.items()
    ]


def _nearest_run(
    regs: tuple[Region, ...], outs: list[Outcome], here: int, step: int, base: Outcome
) -> tuple[Region, Outcome] | None:
    i = here + step
    while 0 <= i < len(regs) and _key(outs[i]) == _key(base):
        i += step
    if not 0 <= i < len(regs):
        return None
    j = i
    while 0 <= j + step < len(regs) and outs[j + step] == outs[i]:
        j += step
    lo, hi = sorted((i, j))
    return _merge(regs[lo : hi + 1], regs[i].example), outs[i]


def _runs(
    regs: tuple[Region, ...], outs: list[Outcome], start: int, stop: int
) -> list[tuple[Region, Outcome]]:
    """Consecutive regions with the same outcome, merged."""
    out: list[tuple[Region, Outcome]] = []
    i = start
    while i < stop:
        j = i
        while j + 1 < stop and outs[j + 1] == outs[i]:
            j += 1
        out.append((_merge(regs[i : j + 1], regs[i].example), outs[i]))
        i = j + 1
    return out


def _merge(run: tuple[Region, ...], example: Any) -> Region:
    first, last = run[0], run[-1]
    return Region(example, first.low, first.low_closed, last.high, last.high_closed, True)


def _nearest_value(span: Region, current: float, whole: bool) -> int | float:
    """The value of ``span`` closest to ``current`` (which lies outside it)."""
    going_up = span.low is not None and current < span.low
    edge = span.low if going_up else span.high
    closed = span.low_closed if going_up else span.high_closed
    if edge is None or (not closed and span.example == edge):
        return span.example
    if closed:
        return edge
    step = 1 if whole else 0.1
    candidate = edge + step if going_up else edge - step
    return candidate if span.contains(candidate) else span.example


def _change(
    path: str,
    current: Any,
    span: Region,
    example: Any,
    outcome: Outcome,
    base: Outcome,
    distance: float,
) -> IndicatorChange:
    return IndicatorChange(
        path, current, span, example, outcome, outcome.track != base.track, distance
    )


def _order(c: IndicatorChange) -> tuple[Any, ...]:
    return (not c.changes_track, c.distance, c.field, str(c.example))
