"""Rule coverage: which compiled engine rules fired at least once.

Every compiled rule counts — indicator rules, each gate's pass / fail / unknown rule, each
routing branch, each form and readiness rule — so 100% means every rule and every branch
of the routing was exercised. Which rules fired is read back from each result: its fired
indicators, its gate statuses, its track or stop, its form and readiness.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from commonize.results import Result
from commonize.rules.compiler import CompiledRuleset

GROUPS = ("indicator", "gate", "route", "form", "readiness")


def engine_rules_fired(result: Result) -> set[str]:
    out = {f"indicator:{f.id}" for g in result.gates for f in g.fired}
    out |= {f"gate:{g.id}:{g.status}" for g in result.gates}
    if result.track == "joint_procurement":
        out.add(f"route:stop:{result.stopped_at}")
    elif result.track is not None:
        out.add(f"route:{result.track}")
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


def coverage(compiled: CompiledRuleset, results: Iterable[Result]) -> Coverage:
    fired: set[str] = set()
    for r in results:
        fired |= engine_rules_fired(r)
    names = tuple(r.name for r in compiled.rules)
    return Coverage(names, frozenset(fired & set(names)))


def percent_text(value: float) -> str:
    """99.95 is not 100: round down so a threshold is never met by rounding."""
    tenths = int(value * 10) / 10
    return f"{tenths:g}%"
