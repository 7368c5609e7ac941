"""A lean evaluation for analyses that re-run the rules thousands of times.

The stages are those of ``evaluation.evaluate_candidate`` — the evaluator on the candidate
fact, ``scoring`` for the gates, ``routing`` for the route — without assembling a
``Result``. Which rules fire depends only on conditions, never on thresholds or points, so
an analysis that moves only numbers may pass the fired set it already has.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonize.facts import candidate_fact
from commonize.models import Candidate
from commonize.oracle import OracleEngine
from commonize.routing import route
from commonize.rules.compiler import CompiledRuleset
from commonize.scoring import score


@dataclass(frozen=True)
class Outcome:
    track: str | None  # None: needs information
    stopped_at: str | None = None
    form: str | None = None
    readiness: str | None = None
    gates: tuple[tuple[str, str], ...] = ()  # (gate, status), in gate order
    possible: tuple[str, ...] = ()

    @property
    def provisional(self) -> bool:
        """Stopped at a gate that unknown indicators could still pass: undetermined."""
        return self.stopped_at is not None and dict(self.gates).get(self.stopped_at) == "unknown"

    def describe(self) -> str:
        if self.track is None:
            return "needs_information (" + "/".join(self.possible) + ")"
        extra = self.stopped_at or "/".join(x for x in (self.form, self.readiness) if x)
        return f"{self.track} ({extra})" if extra else self.track


class FastEvaluator:
    """Evaluates facts against one compiled rule set. Pure; safe to keep and reuse."""

    def __init__(self, compiled: CompiledRuleset) -> None:
        self.compiled = compiled
        self._oracle = OracleEngine(compiled)

    def fired(self, fact: dict[str, Any]) -> set[str]:
        return set(self._oracle.run(fact))

    def outcome(
        self, fact: dict[str, Any], standardized: bool, fired: set[str] | None = None
    ) -> Outcome:
        ruleset = self.compiled.ruleset
        gates = score(ruleset, fact, self.fired(fact) if fired is None else fired)
        shape = fact.get("solution__shape")
        r = route(ruleset, gates, standardized, shape)
        statuses = tuple((g.id, g.status) for g in gates)
        return Outcome(r.track, r.stopped_at, r.form, r.readiness, statuses, r.possible)

    def evaluate(self, candidate: Candidate) -> Outcome:
        fact = candidate_fact(candidate, self.compiled.ruleset.levels)
        return self.outcome(fact, candidate.standardized_business is not None)
