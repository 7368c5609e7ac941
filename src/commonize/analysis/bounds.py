"""The lowest and highest score a gate can give, over every possible candidate.

Summing positive points overstates the best case when rules exclude each other (a field
cannot be both ``none`` and ``ordinance``), so rules are grouped by the fields they read
— groups share no field, so their scores add up — and each group's fields are enumerated
over their regions (plus unknown). A candidate's gate passes on its *minimum* (unknown
rules count only if negative, as in ``scoring``), so that is the score measured here.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from commonize.analysis.regions import constants, regions
from commonize.facts import normalize_number, with_field
from commonize.rules.conditions import Condition, evaluate
from commonize.rules.load import GateDef, IndicatorRule

# Past this many combinations in one group the bounds fall back to sums of points.
MAX_COMBINATIONS = 200_000


@dataclass(frozen=True)
class Range:
    lowest: int | float
    highest: int | float
    exact: bool  # False when a group was too large to enumerate


def gate_range(gate: GateDef) -> Range:
    lowest: float = 0
    highest: float = 0
    exact = True
    for fields, rules in components(gate.rules):
        combos = assignments(fields, [r.when for r in rules], with_unknown=True)
        if combos is None:
            lowest += sum(min(r.points, 0) for r in rules)
            highest += sum(max(r.points, 0) for r in rules)
            exact = False
            continue
        scores = [sum(_minimum_points(r, fact) for r in rules) for fact in combos]
        lowest += min(scores)
        highest += max(scores)
    return Range(normalize_number(lowest), normalize_number(highest), exact)


def _minimum_points(rule: IndicatorRule, fact: dict[str, Any]) -> float:
    truth = evaluate(rule.when, fact)
    if truth is None:
        return min(rule.points, 0)
    return rule.points if truth else 0


def components(rules: Sequence[IndicatorRule]) -> list[tuple[tuple[str, ...], list[IndicatorRule]]]:
    """Rules grouped so that no two groups read the same field; fields sorted, rules in order."""
    parent: dict[str, str] = {}

    def find(f: str) -> str:
        while parent.setdefault(f, f) != f:
            f = parent[f]
        return f

    for rule in rules:
        first, *rest = rule.fields
        for f in rest:
            parent[find(f)] = find(first)
        find(first)
    groups: dict[str, list[IndicatorRule]] = {}
    for rule in rules:
        groups.setdefault(find(rule.fields[0]), []).append(rule)
    out = []
    for group in groups.values():
        fields = tuple(sorted({f for r in group for f in r.fields}))
        out.append((fields, group))
    return sorted(out)


def assignments(
    fields: Sequence[str], conds: Iterable[Condition], *, with_unknown: bool
) -> list[dict[str, Any]] | None:
    """Facts covering every region of every field (and unknown), or None if too many."""
    conds = list(conds)
    values: list[list[Any]] = []
    for f in fields:
        vals: list[Any] = [r.example for r in regions(f, constants(conds, f))]
        values.append([*vals, None] if with_unknown else vals)
    if math.prod(len(v) for v in values) > MAX_COMBINATIONS:
        return None
    out = []
    for combo in itertools.product(*values):
        fact: dict[str, Any] = {}
        for f, v in zip(fields, combo, strict=True):
            fact = with_field(fact, f, v)
        out.append(fact)
    return out
