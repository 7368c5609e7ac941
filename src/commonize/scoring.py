"""Fired indicator rules → one ``GateResult`` per gate, with best and worst case (pure).

Every rule of a gate is sorted in one pass by the condition evaluator: *fired* (the
engine matched it; the evaluator agrees, which the differential test proves), *unknown*
(fields the candidate left open decide it: its points might or might not apply, so the
gate's minimum counts it only if negative and its maximum only if positive) or *not fired*.

A gate is judged on known evidence: met when the points of the rules that fired reach the
threshold, not met when even the maximum misses it, undetermined in between (unknown
rules with positive points could still carry it): ``pass``, ``fail`` or ``unknown``. An
unknown rule that could only subtract points does not hold back a gate met on evidence —
absent evidence of a problem is not evidence of one — but it stays listed as a risk to
check (its fields *could change the outcome*), and the minimum still shows how far.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from commonize.facts import normalize_number
from commonize.results import FAIL, PASS, UNDETERMINED, FiredRule, GateResult
from commonize.rules.conditions import evaluate
from commonize.rules.load import RuleSet


def score(ruleset: RuleSet, fact: dict[str, Any], fired: set[str]) -> tuple[GateResult, ...]:
    """Gate results in gate order, ``examined`` not yet set (routing decides it)."""
    out = []
    for gate in ruleset.gates:
        hit, unknown, silent = [], [], []
        for r in gate.rules:
            if r.id in fired:
                hit.append(r)
            elif evaluate(r.when, fact) is None:
                unknown.append(r)
            else:
                silent.append(r)
        base = sum(r.points for r in hit)
        low = normalize_number(base + sum(min(r.points, 0) for r in unknown))
        high = normalize_number(base + sum(max(r.points, 0) for r in unknown))
        threshold = normalize_number(gate.threshold)
        known = normalize_number(base)
        status = PASS if known >= threshold else FAIL if high < threshold else UNDETERMINED
        out.append(
            GateResult(
                id=gate.id,
                status=status,
                examined=False,
                score=normalize_number(base),
                threshold=threshold,
                minimum=low,
                maximum=high,
                fired=tuple(fired_rule(ruleset, r.id) for r in hit),
                not_fired=tuple(r.id for r in silent),
                unknown=tuple(r.id for r in unknown),
            )
        )
    return tuple(out)


@cache
def fired_rule(ruleset: RuleSet, rule_id: str) -> FiredRule:
    r = ruleset.rules[rule_id]
    return FiredRule(r.id, r.gate, r.points, r.clause, r.reason, r.condition, r.waivable)
