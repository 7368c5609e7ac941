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
from commonize.rules.conditions import Test
from commonize.rules.load import RuleSet


def score(ruleset: RuleSet, fact: dict[str, Any], fired: set[str]) -> tuple[GateResult, ...]:
    """Gate results in gate order, ``examined`` not yet set (routing decides it)."""
    out = []
    for gate, threshold, rules in _gates(ruleset):
        hit, unknown, silent = [], [], []
        for rule_id, points, test in rules:
            if rule_id in fired:
                hit.append((rule_id, points))
            elif test(fact) is None:
                unknown.append((rule_id, points))
            else:
                silent.append(rule_id)
        base = sum(p for _, p in hit)
        low = normalize_number(base + sum(p for _, p in unknown if p < 0))
        high = normalize_number(base + sum(p for _, p in unknown if p > 0))
        known = normalize_number(base)
        status = PASS if known >= threshold else FAIL if high < threshold else UNDETERMINED
        out.append(
            GateResult(
                id=gate,
                status=status,
                examined=False,
                score=known,
                threshold=threshold,
                minimum=low,
                maximum=high,
                fired=tuple(fired_rule(ruleset, r) for r, _ in hit),
                not_fired=tuple(silent),
                unknown=tuple(r for r, _ in unknown),
            )
        )
    return tuple(out)


@cache
def _gates(
    ruleset: RuleSet,
) -> tuple[tuple[str, int | float, tuple[tuple[str, Any, Test], ...]], ...]:
    # Worked out once per rule set: every candidate is scored against the same rules.
    return tuple(
        (g.id, normalize_number(g.threshold), tuple((r.id, r.points, r.when.test) for r in g.rules))
        for g in ruleset.gates
    )


@cache
def fired_rule(ruleset: RuleSet, rule_id: str) -> FiredRule:
    r = ruleset.rules[rule_id]
    return FiredRule(r.id, r.gate, r.points, r.clause, r.reason, r.condition, r.waivable)
