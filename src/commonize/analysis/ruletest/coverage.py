"""Rule coverage: which rules and which branches of the routing were exercised.

Everything counts — each indicator rule firing, each gate met / not met / undetermined,
each routing branch (standardize, commonize, each stop, needs information), each form and
each feasibility outcome — so 100% means every rule and every branch was exercised. What
was exercised is read back from each result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from commonize.results import Result
from commonize.rules.compiler import CompiledRuleset
from commonize.rules.load import RuleSet

GROUPS = ("indicator", "gate", "route", "form", "readiness")


def engine_rules_fired(result: Result) -> set[str]:
    out = {f"indicator:{f.id}" for g in result.gates for f in g.fired}
    out |= {f"gate:{g.id}:{g.status}" for g in result.gates}
    if result.track == "joint_procurement":
        out.add(f"route:stop:{result.stopped_at}")
    elif result.track is not None:
        out.add(f"route:{result.track}")
    elif result.gates:
        out.add("route:needs_information")
    if result.form:
        out.add(f"form:{result.form}")
    if result.readiness:
        out.add(f"readiness:{result.readiness}")
    return out


@dataclass(frozen=True)
class Coverage:
    rules: tuple[str, ...]  # every compiled rule, in compiled order
    fired: frozenset[str]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r for r in self.rules if r not in self.fired)

    @property
    def percent(self) -> float:
        if not self.rules:
            return 100.0
        return 100.0 * (len(self.rules) - len(self.missing)) / len(self.rules)

    def by_group(self) -> dict[str, tuple[int, int]]:
        """group -> (fired, total)."""
        out = {}
        for group in GROUPS:
            names = [r for r in self.rules if r.split(":", 1)[0] == group]
            out[group] = (sum(1 for r in names if r in self.fired), len(names))
        return out


def universe(ruleset: RuleSet) -> tuple[str, ...]:
    """Every rule and branch there is to exercise, in rule-file order."""
    gates = [g.id for g in ruleset.gates]
    return (
        *(f"indicator:{r}" for r in ruleset.rules),
        *(f"gate:{g}:{s}" for g in gates for s in ("pass", "fail", "unknown")),
        "route:standardize",
        *(f"route:stop:{g}" for g in gates),
        "route:commonize",
        "route:needs_information",
        *(f"form:{f}" for f in ruleset.meta.forms),
        *(f"readiness:{name}" for name, _ in ruleset.meta.readiness),
    )


def coverage(compiled: CompiledRuleset, results: Iterable[Result]) -> Coverage:
    fired: set[str] = set()
    for r in results:
        fired |= engine_rules_fired(r)
    names = universe(compiled.ruleset)
    return Coverage(names, frozenset(fired & set(names)))


def percent_text(value: float) -> str:
    """99.95 is not 100: round down so a threshold is never met by rounding."""
    tenths = int(value * 10) / 10
    return f"{tenths:g}%"
