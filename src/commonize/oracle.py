"""A tiny pure-Python interpreter of the compiled rules: the test oracle for the engine.

It reads the same durable-rules expression dicts the engine gets, so a property test can
check that both fire the same rules. Not a user-facing engine.
"""

from __future__ import annotations

from typing import Any

from commonize.engine import Summarize
from commonize.rules.compiler import CompiledRuleset

_CMP = {
    "$gt": lambda a, b: a > b,
    "$gte": lambda a, b: a >= b,
    "$lt": lambda a, b: a < b,
    "$lte": lambda a, b: a <= b,
    "$neq": lambda a, b: a != b,
}


def matches(pattern: dict[str, Any], fact: dict[str, Any]) -> bool:
    (key, arg), *rest = pattern.items()
    if rest:
        raise ValueError(f"pattern with several keys: {pattern}")
    if key == "$and":
        return all(matches(p, fact) for p in arg)
    if key == "$or":
        return any(matches(p, fact) for p in arg)
    if key in _CMP:
        ((field, value),) = arg.items()
        # A missing field never matches, $neq included (as in durable-rules).
        return field in fact and _same_kind(fact[field], value) and _CMP[key](fact[field], value)
    return key in fact and _same_kind(fact[key], arg) and fact[key] == arg


def _same_kind(a: Any, b: Any) -> bool:
    return isinstance(a, bool) == isinstance(b, bool) and isinstance(a, str) == isinstance(b, str)


class OracleEngine:
    def __init__(self, compiled: CompiledRuleset) -> None:
        self._rules = sorted(compiled.rules, key=lambda r: r.pri)

    def run(self, fact: dict[str, Any], summarize: Summarize) -> list[str]:
        trace: list[str] = []
        self._fire(fact, trace)
        self._fire(summarize(list(trace)), trace)
        return trace

    def _fire(self, fact: dict[str, Any], trace: list[str]) -> None:
        for rule in self._rules:
            if matches(rule.pattern, fact):
                trace.append(rule.name)
                if rule.emit is not None:
                    emitted = dict(rule.emit)
                    emitted.update({k: fact[k] for k in rule.copy if k in fact})
                    self._fire(emitted, trace)
