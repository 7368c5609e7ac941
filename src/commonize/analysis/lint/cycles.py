"""Chained rules must not form a cycle: a fact that re-triggers its own producer loops.

Rules that assert a fact (``emit``) feed every rule whose pattern that fact could match.
The emitted fact's fixed keys are known and its copied keys unknown, so matching is
three-valued here: an edge is drawn unless the pattern surely fails. A cycle in that
graph (a rule feeding itself included) is reported once, with its rules in order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from commonize.analysis.lint.context import ERROR, Context, Finding
from commonize.rules.compiler import EngineRule

ID = "cycles"
DESCRIPTION = "rules that assert facts do not feed back into themselves"

_CMP = {
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$neq": lambda a, b: a != b,
}


def check(ctx: Context) -> Iterable[Finding]:
    graph = edges(ctx.compiled.rules)
    for cycle in cycles(graph):
        yield Finding(
            ctx.at_ruleset("gates"),
            "rule-cycle",
            ERROR,
            "chained rules form a cycle: " + " → ".join([*cycle, cycle[0]]),
        )


def edges(rules: Iterable[EngineRule]) -> dict[str, list[str]]:
    rules = list(rules)
    graph: dict[str, list[str]] = {r.name: [] for r in rules}
    for source in rules:
        if source.emit is None:
            continue
        for target in rules:
            if may_match(target.pattern, dict(source.emit), set(source.copy)) is not False:
                graph[source.name].append(target.name)
    return graph


def may_match(pattern: dict[str, Any], known: dict[str, Any], unknown: set[str]) -> bool | None:
    """True, False, or None when keys whose values are unknown decide it."""
    ((key, arg),) = pattern.items()
    if key in ("$and", "$or"):
        values = [may_match(p, known, unknown) for p in arg]
        decisive = key == "$or"  # True decides $or, False decides $and
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    field, value = next(iter(arg.items())) if key in _CMP else (key, arg)
    if field in unknown and field not in known:
        return None
    if field not in known:
        return False
    actual = known[field]
    if isinstance(actual, bool) != isinstance(value, bool) or isinstance(actual, str) != isinstance(
        value, str
    ):
        return False
    return bool(_CMP[key](actual, value)) if key in _CMP else actual == value


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """One cycle per strongly connected component that has one (Tarjan), in graph order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph.get(node, []):
                found.append(
                    _path_back(graph, min(component, key=list(graph).index), set(component))
                )

    for node in graph:
        if node not in index:
            visit(node)
    return found


def _path_back(graph: dict[str, list[str]], start: str, within: set[str]) -> list[str]:
    """The shortest path from ``start`` back to itself inside one component (breadth first)."""
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in graph[node]:
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return path[::-1]
            if nxt in within and nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return [start]
