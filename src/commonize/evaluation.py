"""Candidate → engine → Result. The engine decides; this module only assembles what fired."""

from __future__ import annotations

from typing import Protocol

from commonize.errors import EngineError
from commonize.facts import candidate_fact
from commonize.models import Candidate
from commonize.results import OK, FiredRule, GateResult, Identity, Result, UnknownIndicator
from commonize.rules.compiler import CompiledRuleset
from commonize.scoring import GateScore, fired_indicators, score, summary_fact


class Engine(Protocol):
    def run(self, fact: dict, summarize: object) -> list[str]: ...


def evaluate_candidate(
    candidate: Candidate, path: str, compiled: CompiledRuleset, engine: Engine
) -> Result:
    ruleset = compiled.ruleset
    fact = candidate_fact(candidate)
    scores: dict[str, GateScore] = {}

    def summarize(trace: list[str]) -> dict:
        scores.update(score(ruleset, fact, fired_indicators(trace)))
        standardized = candidate.standardized_business is not None
        return summary_fact(ruleset, fact, scores, standardized)

    trace = engine.run(fact, summarize)
    route = _one(trace, "route:", candidate.id)
    track, _, stopped_at = route.partition(":stop:")
    track = {"route:standardize": "standardize", "route:commonize": "commonize"}.get(
        route, "joint_procurement"
    )
    order = [g.id for g in ruleset.gates]
    examined = (
        set()
        if track == "standardize"
        else set(order[: order.index(stopped_at) + 1] if stopped_at else order)
    )
    gates = tuple(
        _gate(ruleset, scores[g], _status(trace, g, candidate.id), g in examined) for g in order
    )
    form = _optional(trace, "form:", candidate.id) if track == "commonize" else None
    readiness = _optional(trace, "readiness:", candidate.id) if track == "commonize" else None
    conditions = (
        tuple(f for g in gates if g.examined for f in g.fired if f.condition)
        if track == "commonize"
        else ()
    )
    return Result(
        path=path,
        status=OK,
        identity=identity(candidate),
        track=track,
        stopped_at=stopped_at or None,
        form=form,
        readiness=readiness,
        conditions=conditions,
        gates=gates,
        unknowns=_unknowns(ruleset, gates, fact, track),
    )


def identity(candidate: Candidate) -> Identity:
    from commonize.rules.model import Bilingual

    return Identity(
        id=candidate.id,
        name=Bilingual(ja=candidate.name.ja, en=candidate.name.en),
        kind=candidate.kind,
        ministry=candidate.ministry,
        standardized_business=candidate.standardized_business,
    )


def _one(trace: list[str], prefix: str, cid: str) -> str:
    hits = sorted({n for n in trace if n.startswith(prefix)})
    if len(hits) != 1:
        raise EngineError(
            f"{cid}: expected exactly one {prefix[:-1]} rule to fire, got {hits or 'none'}"
        )
    return hits[0]


def _optional(trace: list[str], prefix: str, cid: str) -> str | None:
    hits = sorted({n for n in trace if n.startswith(prefix)})
    if len(hits) > 1:
        raise EngineError(f"{cid}: several {prefix[:-1]} rules fired: {hits}")
    return hits[0][len(prefix) :] if hits else None


def _status(trace: list[str], gate: str, cid: str) -> str:
    return _one(trace, f"gate:{gate}:", cid).rsplit(":", 1)[1]


def _gate(ruleset: object, s: GateScore, status: str, examined: bool) -> GateResult:
    rules = ruleset.rules  # type: ignore[attr-defined]
    fired = tuple(
        FiredRule(r.id, r.gate, r.points, r.clause, r.reason, r.condition)
        for r in (rules[i] for i in s.fired)
    )
    return GateResult(
        id=s.gate,
        status=status,
        examined=examined,
        score=s.score,
        threshold=s.threshold,
        minimum=s.minimum,
        maximum=s.maximum,
        fired=fired,
        not_fired=s.silent,
        unknown=s.unknown,
    )


def _unknowns(
    ruleset: object, gates: tuple[GateResult, ...], fact: dict, track: str
) -> tuple[UnknownIndicator, ...]:
    from commonize.fields import fact_key

    rules = ruleset.rules  # type: ignore[attr-defined]
    by_field: dict[str, list[str]] = {}
    changing: set[str] = set()
    for g in gates:
        for rule_id in g.unknown:
            for f in rules[rule_id].fields:
                if fact_key(f) in fact:
                    continue
                by_field.setdefault(f, []).append(rule_id)
                if g.examined and g.status == "unknown":
                    changing.add(f)
    if track == "commonize" and fact_key("solution.shape") not in fact:
        by_field.setdefault("solution.shape", [])
        changing.add("solution.shape")
    return tuple(UnknownIndicator(f, tuple(by_field[f]), f in changing) for f in sorted(by_field))
