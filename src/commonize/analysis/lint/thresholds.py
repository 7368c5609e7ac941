"""A gate threshold no candidate can reach, or one every candidate reaches.

Either makes the gate meaningless: the first stops everything there, the second lets
everything through. Bounds come from ``analysis.bounds`` (exclusive rules accounted for).
"""

from __future__ import annotations

from collections.abc import Iterable

from commonize.analysis.bounds import gate_range
from commonize.analysis.lint.context import ERROR, WARNING, Context, LintFinding

ID = "thresholds"
DESCRIPTION = "every gate threshold can be reached, and not by every candidate"


def check(ctx: Context) -> Iterable[LintFinding]:
    for gate in ctx.ruleset.gates:
        r = gate_range(gate)
        where = ctx.at_gate(gate.id, "threshold")
        about = "" if r.exact else " (estimated: too many combinations to enumerate)"
        if r.highest < gate.threshold:
            yield LintFinding(
                where,
                "unreachable-threshold",
                ERROR,
                f"gate {gate.id}: threshold {gate.threshold} cannot be reached; "
                f"its rules give at most {r.highest} points{about}",
            )
        elif r.lowest >= gate.threshold:
            yield LintFinding(
                where,
                "threshold-always-met",
                WARNING,
                f"gate {gate.id}: every candidate passes threshold {gate.threshold}; "
                f"its rules give at least {r.lowest} points{about}",
            )
