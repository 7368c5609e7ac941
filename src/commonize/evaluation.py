"""Candidate → engine → scores → route → Result. The engine says which rules fired; scoring
and routing are pure functions of that and of the rule set."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, Protocol

from commonize.facts import candidate_fact, known_fields
from commonize.models import Candidate
from commonize.results import OK, PASS, UNDETERMINED, GateResult, Identity, Result, UnknownIndicator
from commonize.routing import COMMONIZE, Route, route
from commonize.rules.compiler import CompiledRuleset
from commonize.rules.load import RuleSet
from commonize.scoring import score

SHAPE = "solution.shape"


class Engine(Protocol):
    def run(self, fact: dict[str, Any]) -> list[str]: ...


def evaluate_candidate(
    candidate: Candidate,
    path: str,
    compiled: CompiledRuleset,
    engine: Engine,
    *,
    locations: Mapping[str, tuple[int, int]] | None = None,
    sha256: str | None = None,
) -> Result:
    """The result of ``candidate``; ``locations`` and ``sha256`` are its file's, when read
    from one (passed in rather than copied onto the result afterwards, a whole-Result copy)."""
    ruleset = compiled.ruleset
    fact = candidate_fact(candidate, ruleset.levels)
    gates = score(ruleset, fact, set(engine.run(fact)))
    shape = candidate.solution.shape
    r = route(ruleset, gates, candidate.standardized_business is not None, shape)
    examined = set(r.examined)
    # Scoring leaves every gate unexamined; only those routing reached are changed.
    gates = tuple(dataclasses.replace(g, examined=True) if g.id in examined else g for g in gates)
    commonized = r.track == COMMONIZE
    return Result(
        path=path,
        status=OK,
        identity=Identity.of(candidate),
        track=r.track,
        possible_tracks=r.possible,
        stopped_at=r.stopped_at,
        form=r.form,
        readiness=r.readiness,
        conditions=tuple(f for g in gates for f in g.fired if f.condition) if commonized else (),
        gates=gates,
        unknowns=unknowns(ruleset, gates, r, known_fields(fact)),
        locations={} if locations is None else locations,
        sha256=sha256,
    )


def unknowns(
    ruleset: RuleSet, gates: tuple[GateResult, ...], r: Route, known: set[str]
) -> tuple[UnknownIndicator, ...]:
    """Every field an unknown rule depends on, ranked: those that can still change the
    route first, by the points they can move; then the rest, by name."""
    by_field: dict[str, list[str]] = {}
    swing: dict[str, float] = {}
    for g in gates:
        open_gate = r.track is None and g.examined and g.status == UNDETERMINED
        # A gate met on evidence with unknown rules that could take it back below: risks.
        at_risk = g.examined and g.status == PASS and g.minimum < g.threshold
        for rule_id in g.unknown:
            rule = ruleset.rules[rule_id]
            counts = (
                open_gate
                or (at_risk and rule.points < 0)
                or (r.track is None and not rule.waivable)
            )
            for f in rule.fields:
                if f in known:
                    continue
                by_field.setdefault(f, []).append(rule_id)
                if counts:
                    swing[f] = swing.get(f, 0) + abs(rule.points)
    if r.track == COMMONIZE and SHAPE not in known:
        by_field.setdefault(SHAPE, [])
        swing.setdefault(SHAPE, 0)
    found = [
        UnknownIndicator(f, tuple(dict.fromkeys(rules)), f in swing, _number(swing.get(f, 0)))
        for f, rules in by_field.items()
    ]
    return tuple(sorted(found, key=lambda u: (not u.could_change_outcome, -u.swing, u.field)))


def _number(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 4)
