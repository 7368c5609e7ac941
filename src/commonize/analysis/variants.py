"""A rule set with some thresholds or points moved, built in memory.

The keys are those of ``--set`` (``gates.<gate>.threshold``, ``rules.<id>.points``), so a
move an analysis reports can be replayed with ``commonize evaluate --set KEY=VALUE``.
Conditions are untouched, so which indicator rules fire does not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from commonize.facts import normalize_number
from commonize.rules.load import RuleSet


@dataclass(frozen=True)
class Move:
    key: str  # gates.<gate>.threshold | rules.<id>.points
    old: int | float
    new: int | float
    pct: float  # signed: +10.0 or -10.0

    def __str__(self) -> str:
        return f"{self.key} {self.pct:+g}%"


def threshold_key(gate: str) -> str:
    return f"gates.{gate}.threshold"


def points_key(rule: str) -> str:
    return f"rules.{rule}.points"


def numbers(ruleset: RuleSet) -> dict[str, int | float]:
    """Every number of the rule set a move can change, by ``--set`` key, in file order."""
    out: dict[str, int | float] = {}
    for gate in ruleset.gates:
        out[threshold_key(gate.id)] = gate.threshold
        for rule in gate.rules:
            out[points_key(rule.id)] = rule.points
    return out


def single_moves(ruleset: RuleSet, pct: float) -> list[Move]:
    """Each number moved by +pct% and -pct%, one at a time; moves that change nothing skipped."""
    out = []
    for key, old in numbers(ruleset).items():
        for signed in (pct, -pct):
            new = normalize_number(old * (1 + signed / 100))
            if new != old:
                out.append(Move(key, old, new, signed))
    return out


def with_numbers(ruleset: RuleSet, values: Mapping[str, int | float]) -> RuleSet:
    """``ruleset`` with the numbers in ``values`` (keys as in ``numbers``) replaced."""
    gates = []
    for gate in ruleset.gates:
        rules = tuple(replace(r, points=values.get(points_key(r.id), r.points)) for r in gate.rules)
        threshold = values.get(threshold_key(gate.id), gate.threshold)
        gates.append(replace(gate, threshold=threshold, rules=rules))
    by_id = {r.id: r for g in gates for r in g.rules}
    return replace(ruleset, gates=tuple(gates), rules=by_id)
