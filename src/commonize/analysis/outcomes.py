"""A lean evaluation for analyses that re-run the rules thousands of times.

The stages are those of ``evaluation.evaluate_candidate`` — indicator rules on the candidate
fact, ``scoring`` for the gate bounds, the summary fact, then the compiled gate, routing,
form and readiness rules — matched by the pure oracle, without assembling a ``Result``.
Indicator firing depends only on rule conditions, never on thresholds or points, so an
analysis that moves only numbers may pass the fired set it already has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonize.errors import EngineError
from commonize.facts import candidate_fact
from commonize.models import Candidate
from commonize.oracle import OracleEngine, matches
from commonize.rules.compiler import CompiledRuleset
from commonize.scoring import INDICATOR, score, summary_fact


@dataclass(frozen=True)
class Outcome:
    track: str
    stopped_at: str | None = None
    form: str | None = None
    readiness: str | None = None
    gates: tuple[tuple[str, str], ...] = ()  # (gate, status), in gate order

    @property
    def provisional(self) -> bool:
        """Stopped at a gate that unknown indicators could still pass: undetermined."""
        return self.stopped_at is not None and dict(self.gates).get(self.stopped_at) == "unknown"

    def describe(self) -> str:
        extra = self.stopped_at or "/".join(x for x in (self.form, self.readiness) if x)
        return f"{self.track} ({extra})" if extra else self.track


class FastEvaluator:
    """Evaluates facts against one compiled rule set. Pure; safe to keep and reuse."""

    def __init__(self, compiled: CompiledRuleset) -> None:
        self.compiled = compiled
        self._indicators = [
            (r.name[len(INDICATOR) :], r.pattern)
            for r in compiled.rules
            if r.name.startswith(INDICATOR)
        ]
        later = tuple(r for r in compiled.rules if not r.name.startswith(INDICATOR))
        self._later = OracleEngine(CompiledRuleset(compiled.ruleset, later))

    def fired(self, fact: dict[str, Any]) -> set[str]:
        return {rule_id for rule_id, pattern in self._indicators if matches(pattern, fact)}

    def outcome(
        self, fact: dict[str, Any], standardized: bool, fired: set[str] | None = None
    ) -> Outcome:
        ruleset = self.compiled.ruleset
        scores = score(ruleset, fact, self.fired(fact) if fired is None else fired)
        summary = summary_fact(ruleset, fact, scores, standardized)
        trace = self._later.run(fact, lambda _trace: summary)
        return outcome_of(trace, [g.id for g in ruleset.gates], str(fact.get("cid")))

    def evaluate(self, candidate: Candidate) -> Outcome:
        fact = candidate_fact(candidate)
        return self.outcome(fact, candidate.standardized_business is not None)


def outcome_of(trace: list[str], gates: list[str], cid: str) -> Outcome:
    """Read an engine trace the way ``evaluation`` does."""
    route = _one(trace, "route:", cid)
    stopped_at = route.partition(":stop:")[2] or None
    track = {"route:standardize": "standardize", "route:commonize": "commonize"}.get(
        route, "joint_procurement"
    )
    form = _last_part(trace, "form:") if track == "commonize" else None
    readiness = _last_part(trace, "readiness:") if track == "commonize" else None
    statuses = tuple((g, _one(trace, f"gate:{g}:", cid).rsplit(":", 1)[1]) for g in gates)
    return Outcome(track, stopped_at, form, readiness, statuses)


def _one(trace: list[str], prefix: str, cid: str) -> str:
    hits = sorted({n for n in trace if n.startswith(prefix)})
    if len(hits) != 1:
        raise EngineError(f"{cid}: expected exactly one {prefix[:-1]} rule, got {hits or 'none'}")
    return hits[0]


def _last_part(trace: list[str], prefix: str) -> str | None:
    hits = sorted({n for n in trace if n.startswith(prefix)})
    return hits[0][len(prefix) :] if hits else None
