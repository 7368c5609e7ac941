"""Candidate → engine → Result. The engine decides; this module only assembles what fired."""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from commonize.errors import EngineError
from commonize.facts import candidate_fact
from commonize.fields import fact_key
from commonize.models import Candidate
from commonize.results import OK, FiredRule, GateResult, Identity, Result, UnknownIndicator
from commonize.rules.compiler import CompiledRuleset
from commonize.rules.load import RuleSet
from commonize.rules.model import Bilingual
from commonize.scoring import GateScore, fired_indicators, score, summary_fact


class Engine(Protocol):
    def run(self, fact: dict[str, Any], summarize: Any) -> list[str]: ...


def evaluate_candidate(
    candidate: Candidate, path: str, compiled: CompiledRuleset, engine: Engine
) -> Result:
    ruleset = compiled.ruleset
    fact = candidate_fact(candidate)
    scores: dict[str, GateScore] = {}

    def summarize(trace: list[str]) -> dict[str, Any]:
        scores.update(score(ruleset, fact, fired_indicators(trace)))
        return summary_fact(ruleset, fact, scores, candidate.standardized_business is not None)

    fired = _by_kind(engine.run(fact, summarize))
    route = _one(fired, "route", candidate.id)
    track, stopped_at = _ROUTES.get(route) or ("joint_procurement", route.removeprefix("stop:"))
    order = [g.id for g in ruleset.gates]
    if track == "standardize":
        examined: set[str] = set()
    else:
        examined = set(order[: order.index(stopped_at) + 1] if stopped_at else order)
    status = {name.split(":")[0]: name.split(":")[1] for name in fired.get("gate", ())}
    if set(status) != set(order) or len(fired.get("gate", ())) != len(order):
        raise EngineError(f"{candidate.id}: expected one status per gate, got {fired.get('gate')}")
    gates = tuple(_gate(ruleset, scores[g], status[g], g in examined) for g in order)
    commonized = track == "commonize"
    return Result(
        path=path,
        status=OK,
        identity=identity(candidate),
        track=track,
        stopped_at=stopped_at,
        form=_optional(fired, "form", candidate.id) if commonized else None,
        readiness=_optional(fired, "readiness", candidate.id) if commonized else None,
        conditions=tuple(f for g in gates for f in g.fired if f.condition) if commonized else (),
        gates=gates,
        unknowns=_unknowns(ruleset, gates, fact, track),
    )


_ROUTES: dict[str, tuple[str, str | None]] = {
    "standardize": ("standardize", None),
    "commonize": ("commonize", None),
}


def identity(candidate: Candidate) -> Identity:
    return Identity(
        id=candidate.id,
        name=Bilingual(ja=candidate.name.ja, en=candidate.name.en),
        kind=candidate.kind,
        ministry=candidate.ministry,
        standardized_business=candidate.standardized_business,
    )


def _by_kind(trace: list[str]) -> dict[str, list[str]]:
    """``route:stop:effect`` → {"route": ["stop:effect"]}, de-duplicated, in firing order."""
    out: dict[str, list[str]] = {}
    for name in dict.fromkeys(trace):
        kind, _, rest = name.partition(":")
        out.setdefault(kind, []).append(rest)
    return out


def _one(fired: dict[str, list[str]], kind: str, cid: str) -> str:
    hits = fired.get(kind, [])
    if len(hits) != 1:
        # Exactly one routing rule fires by construction; anything else is a broken rule set.
        raise EngineError(
            f"{cid}: expected exactly one {kind} rule to fire, got {sorted(hits) or 'none'}"
        )
    return hits[0]


def _optional(fired: dict[str, list[str]], kind: str, cid: str) -> str | None:
    hits = fired.get(kind, [])
    if len(hits) > 1:
        raise EngineError(f"{cid}: several {kind} rules fired: {sorted(hits)}")
    return hits[0] if hits else None


@cache
def fired_rule(ruleset: RuleSet, rule_id: str) -> FiredRule:
    r = ruleset.rules[rule_id]
    return FiredRule(r.id, r.gate, r.points, r.clause, r.reason, r.condition)


def _gate(ruleset: RuleSet, s: GateScore, status: str, examined: bool) -> GateResult:
    return GateResult(
        id=s.gate,
        status=status,
        examined=examined,
        score=s.score,
        threshold=s.threshold,
        minimum=s.minimum,
        maximum=s.maximum,
        fired=tuple(fired_rule(ruleset, i) for i in s.fired),
        not_fired=s.silent,
        unknown=s.unknown,
    )


def _unknowns(
    ruleset: RuleSet, gates: tuple[GateResult, ...], fact: dict[str, Any], track: str
) -> tuple[UnknownIndicator, ...]:
    by_field: dict[str, list[str]] = {}
    changing: set[str] = set()
    for g in gates:
        for rule_id in g.unknown:
            for f in ruleset.rules[rule_id].fields:
                if fact_key(f) in fact:
                    continue
                by_field.setdefault(f, []).append(rule_id)
                if g.examined and g.status == "unknown":
                    changing.add(f)
    if track == "commonize" and fact_key("solution.shape") not in fact:
        by_field.setdefault("solution.shape", [])
        changing.add("solution.shape")
    return tuple(UnknownIndicator(f, tuple(by_field[f]), f in changing) for f in sorted(by_field))
