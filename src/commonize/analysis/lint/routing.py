"""Routing branches must neither overlap nor leave a gap.

The compiled gate, routing, form and readiness rules are matched (with the oracle's
matcher) against every kind of fact they can meet: each gate's minimum and maximum below,
at and above its threshold, standardized or not; each solution shape and track; no, one
or several conditions. Exactly one status rule per gate and exactly one route must match
every summary; at most one form (and, for a commonized candidate, one for every shape)
and exactly one readiness every commonized route.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from commonize.analysis.lint.context import ERROR, WARNING, Context, Finding
from commonize.facts import normalize_number
from commonize.fields import catalogue
from commonize.oracle import matches
from commonize.rules.compiler import ROUTE, SUMMARY, EngineRule, gate_key

ID = "routing"
DESCRIPTION = "gate, routing, form and readiness rules cover every case exactly once"
MAX_SUMMARIES = 50_000


def check(ctx: Context) -> Iterable[Finding]:
    rules = ctx.compiled.rules
    where = ctx.at_ruleset("gates")
    yield from _summaries(ctx, rules, where)
    yield from _forms(ctx, rules)
    yield from _readiness(rules, where)


def _named(rules: Iterable[EngineRule], prefix: str) -> list[EngineRule]:
    return [r for r in rules if r.name.startswith(prefix)]


def _levels(threshold: float) -> list[tuple[Any, Any]]:
    """(minimum, maximum) pairs below, at and above the threshold, minimum <= maximum."""
    values = [
        normalize_number(threshold - 1),
        normalize_number(threshold),
        normalize_number(threshold + 1),
    ]
    return [(lo, hi) for lo, hi in itertools.product(values, values) if lo <= hi]


def summaries(ctx: Context) -> Iterator[dict[str, Any]]:
    gates = ctx.ruleset.gates
    for standardized in (False, True):
        for combo in itertools.product(*(_levels(g.threshold) for g in gates)):
            fact: dict[str, Any] = {
                "kind": SUMMARY,
                "cid": "lint",
                "standardized": standardized,
                "conditions": 0,
            }
            for g, (lo, hi) in zip(gates, combo, strict=True):
                fact[gate_key(g.id, "min")] = lo
                fact[gate_key(g.id, "max")] = hi
            yield fact


def _summaries(ctx: Context, rules: tuple[EngineRule, ...], where: Any) -> Iterator[Finding]:
    routes = _named(rules, "route:")
    reported: set[tuple[str, ...]] = set()
    for n, fact in enumerate(summaries(ctx)):
        if n >= MAX_SUMMARIES:
            break
        hits = tuple(r.name for r in routes if matches(r.pattern, fact))
        if len(hits) != 1 and hits not in reported:
            reported.add(hits)
            yield _finding(where, "route", hits, _describe(ctx, fact))
        for g in ctx.ruleset.gates:
            status = tuple(
                r.name for r in _named(rules, f"gate:{g.id}:") if matches(r.pattern, fact)
            )
            if len(status) != 1 and status not in reported:
                reported.add(status)
                yield _finding(
                    ctx.at_gate(g.id, "threshold"),
                    f"gate {g.id} status",
                    status,
                    _describe(ctx, fact),
                )


def _finding(where: Any, what: str, hits: tuple[str, ...], case: str) -> Finding:
    if hits:
        return Finding(
            where, "routing-overlap", ERROR, f"{what}: {', '.join(hits)} all match {case}"
        )
    return Finding(where, "routing-gap", ERROR, f"{what}: no rule matches {case}")


def _describe(ctx: Context, fact: dict[str, Any]) -> str:
    parts = ["standardized" if fact["standardized"] else "not standardized"]
    for g in ctx.ruleset.gates:
        parts.append(
            f"{g.id} {fact[gate_key(g.id, 'min')]}..{fact[gate_key(g.id, 'max')]}/{g.threshold}"
        )
    return "a candidate " + ", ".join(parts)


def _forms(ctx: Context, rules: tuple[EngineRule, ...]) -> Iterator[Finding]:
    forms = _named(rules, "form:")
    shapes = catalogue()["solution.shape"].choices
    for track in ("standardize", "commonize", "joint_procurement"):
        for shape in (*shapes, None):
            fact: dict[str, Any] = {"kind": ROUTE, "cid": "lint", "track": track, "conditions": 0}
            if shape is not None:
                fact["shape"] = shape
            hits = [r.name for r in forms if matches(r.pattern, fact)]
            where = ctx.at_ruleset("forms")
            if len(hits) > 1 or (hits and (track != "commonize" or shape is None)):
                yield Finding(
                    where,
                    "routing-overlap",
                    ERROR,
                    f"forms: {', '.join(hits)} match track {track}, shape {shape}",
                )
            elif not hits and track == "commonize" and shape is not None:
                yield Finding(
                    where,
                    "routing-gap",
                    WARNING,
                    f"forms: no form takes shape {shape!r}; a commonized {shape} gets no form",
                )


def _readiness(rules: tuple[EngineRule, ...], where: Any) -> Iterator[Finding]:
    ready = _named(rules, "readiness:")
    for track in ("standardize", "commonize", "joint_procurement"):
        for conditions in (0, 1, 2):
            fact = {"kind": ROUTE, "cid": "lint", "track": track, "conditions": conditions}
            hits = [r.name for r in ready if matches(r.pattern, fact)]
            wanted = 1 if track == "commonize" else 0
            if len(hits) != wanted:
                case = f"track {track} with {conditions} conditions"
                if hits:
                    yield Finding(
                        where,
                        "routing-overlap",
                        ERROR,
                        f"readiness: {', '.join(hits)} match {case}",
                    )
                else:
                    yield Finding(where, "routing-gap", ERROR, f"readiness: no rule matches {case}")
