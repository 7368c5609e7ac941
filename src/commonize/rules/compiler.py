"""Compile a ``RuleSet`` into engine rules: plain data, no engine import (the oracle runs it too).

Three kinds of fact flow through the engine, each pattern carrying a ``kind`` discriminator
(a pattern of only ``$nex`` would match durable-rules' session document and loop):

    candidate ──indicator rules──▶ (points, per gate)
    summary   ──gate and routing rules──▶ route fact (asserted by the routing action)
    route     ──form and readiness rules
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonize.errors import Problem, RuleSetError, SourceLocation
from commonize.facts import CANDIDATE, normalize_number
from commonize.rules.conditions import to_durable
from commonize.rules.load import RuleSet

SUMMARY = "summary"
ROUTE = "route"
# durable-rules fails past 64 rules matching one fact and hangs past ~512 rules a ruleset.
MAX_INDICATOR_RULES = 60
MAX_ENGINE_RULES = 400


@dataclass(frozen=True)
class EngineRule:
    name: str
    pri: int
    pattern: dict[str, Any]
    emit: dict[str, Any] | None = None  # fact to assert when the rule fires (chaining)
    copy: tuple[str, ...] = ()  # keys copied from the matched fact into ``emit``


@dataclass(frozen=True)
class CompiledRuleset:
    ruleset: RuleSet
    rules: tuple[EngineRule, ...]

    def by_name(self) -> dict[str, EngineRule]:
        return {r.name: r for r in self.rules}


def gate_key(gate: str, bound: str) -> str:
    return f"{gate}__{bound}"


def compile_ruleset(ruleset: RuleSet) -> CompiledRuleset:
    rules: list[EngineRule] = []
    for gate in ruleset.gates:
        for r in gate.rules:
            rules.append(EngineRule(f"indicator:{r.id}", 1, _of(CANDIDATE, to_durable(r.when))))
    rules.extend(_gate_status_rules(ruleset))
    rules.extend(_routing_rules(ruleset))
    for form_id, form in ruleset.meta.forms.items():
        shapes = [{"shape": s} for s in form.shapes]
        rules.append(
            EngineRule(f"form:{form_id}", 4, _of(ROUTE, {"track": "commonize"}, _any(shapes)))
        )
    rules.append(
        EngineRule("readiness:go", 5, _of(ROUTE, {"track": "commonize"}, {"conditions": 0}))
    )
    rules.append(
        EngineRule(
            "readiness:conditional",
            5,
            _of(ROUTE, {"track": "commonize"}, {"$gt": {"conditions": 0}}),
        )
    )
    _check_limits(ruleset, rules)
    return CompiledRuleset(ruleset, tuple(rules))


def _gate_status_rules(ruleset: RuleSet) -> list[EngineRule]:
    out = []
    for g in ruleset.gates:
        t = normalize_number(g.threshold)
        lo, hi = gate_key(g.id, "min"), gate_key(g.id, "max")
        out.append(EngineRule(f"gate:{g.id}:pass", 2, _of(SUMMARY, {"$gte": {lo: t}})))
        out.append(EngineRule(f"gate:{g.id}:fail", 2, _of(SUMMARY, {"$lt": {hi: t}})))
        out.append(
            EngineRule(f"gate:{g.id}:unknown", 2, _of(SUMMARY, {"$lt": {lo: t}}, {"$gte": {hi: t}}))
        )
    return out


def _routing_rules(ruleset: RuleSet) -> list[EngineRule]:
    """One rule per branch; the branches are disjoint and cover every summary by construction:
    standardized, or stopped at the first gate whose minimum misses its threshold, or none."""
    copy = ("cid", "shape", "conditions")
    out = [
        EngineRule(
            "route:standardize",
            3,
            _of(SUMMARY, {"standardized": True}),
            {"kind": ROUTE, "track": "standardize"},
            copy,
        )
    ]
    passed: list[dict[str, Any]] = []
    for g in ruleset.gates:
        t = normalize_number(g.threshold)
        out.append(
            EngineRule(
                f"route:stop:{g.id}",
                3,
                _of(SUMMARY, {"standardized": False}, *passed, {"$lt": {gate_key(g.id, "min"): t}}),
                {"kind": ROUTE, "track": "joint_procurement", "stopped_at": g.id},
                copy,
            )
        )
        passed.append({"$gte": {gate_key(g.id, "min"): t}})
    out.append(
        EngineRule(
            "route:commonize",
            3,
            _of(SUMMARY, {"standardized": False}, *passed),
            {"kind": ROUTE, "track": "commonize"},
            copy,
        )
    )
    return out


def _of(kind: str, *parts: dict[str, Any]) -> dict[str, Any]:
    return {"$and": [{"kind": kind}, *parts]}


def _any(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$or": items}


def _check_limits(ruleset: RuleSet, rules: list[EngineRule]) -> None:
    indicators = sum(len(g.rules) for g in ruleset.gates)
    where = SourceLocation(ruleset.path)
    if indicators > MAX_INDICATOR_RULES:
        raise RuleSetError(
            [
                Problem(
                    where,
                    f"{indicators} indicator rules; the engine allows at most {MAX_INDICATOR_RULES}",
                )
            ]
        )
    if len(rules) > MAX_ENGINE_RULES:
        raise RuleSetError(
            [
                Problem(
                    where,
                    f"{len(rules)} compiled rules; the engine allows at most {MAX_ENGINE_RULES}",
                )
            ]
        )
