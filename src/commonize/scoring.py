"""Fired indicator rules → per-gate scores with best and worst case over unknown indicators (pure).

A rule is *unknown* when it did not fire and fields the candidate left null decide it: its
points might or might not apply, so the gate's minimum counts it only if negative and its
maximum only if positive. The engine passes a gate on the minimum: unknown never passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from commonize.facts import normalize_number
from commonize.fields import fact_key
from commonize.rules.compiler import SUMMARY, gate_key
from commonize.rules.conditions import known_outcome
from commonize.rules.load import RuleSet

INDICATOR = "indicator:"


@dataclass(frozen=True)
class GateScore:
    gate: str
    threshold: int | float
    score: int | float
    minimum: int | float
    maximum: int | float
    fired: tuple[str, ...]
    unknown: tuple[str, ...]
    silent: tuple[str, ...]  # known fields, condition false


@cache
def _keys(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fact_key(f) for f in fields)


def fired_indicators(trace: list[str]) -> set[str]:
    return {name[len(INDICATOR) :] for name in trace if name.startswith(INDICATOR)}


def score(ruleset: RuleSet, fact: dict[str, Any], fired: set[str]) -> dict[str, GateScore]:
    out = {}
    for gate in ruleset.gates:
        hit, unknown, silent = [], [], []
        for r in gate.rules:
            if r.id in fired:
                hit.append(r)
            elif (
                not all(k in fact for k in _keys(r.fields)) and known_outcome(r.when, fact) is None
            ):
                unknown.append(r)
            else:
                silent.append(r)
        base = sum(r.points for r in hit)
        out[gate.id] = GateScore(
            gate=gate.id,
            threshold=normalize_number(gate.threshold),
            score=normalize_number(base),
            minimum=normalize_number(base + sum(min(r.points, 0) for r in unknown)),
            maximum=normalize_number(base + sum(max(r.points, 0) for r in unknown)),
            fired=tuple(r.id for r in hit),
            unknown=tuple(r.id for r in unknown),
            silent=tuple(r.id for r in silent),
        )
    return out


def summary_fact(
    ruleset: RuleSet, fact: dict[str, Any], scores: dict[str, GateScore], standardized: bool
) -> dict[str, Any]:
    fired = [ruleset.rules[i] for s in scores.values() for i in s.fired]
    summary: dict[str, Any] = {
        "kind": SUMMARY,
        "cid": fact["cid"],
        "standardized": standardized,
        "conditions": sum(1 for r in fired if r.condition is not None),
    }
    shape = fact.get(fact_key("solution.shape"))
    if shape is not None:
        summary["shape"] = shape
    for gate_id, s in scores.items():
        summary[gate_key(gate_id, "min")] = s.minimum
        summary[gate_key(gate_id, "max")] = s.maximum
    return summary
