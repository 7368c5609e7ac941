"""Rule conditions: parse the ``when:`` mapping, check it against the field catalogue,
and translate it to durable-rules' expression form.

    {field: effect.governments_doing, gte: 1000}
    {all: [ ... ]}   {any: [ ... ]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonize.facts import normalize_number
from commonize.fields import FieldSpec, catalogue, fact_key

COMPARISONS = ("eq", "neq", "gt", "gte", "lt", "lte", "in")
_NUMERIC_ONLY = {"gt", "gte", "lt", "lte"}
_DURABLE_OP = {"neq": "$neq", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


class ConditionError(ValueError):
    """A condition is malformed. ``at`` is the path inside the ``when:`` mapping."""

    def __init__(self, message: str, at: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.at = at


@dataclass(frozen=True)
class Leaf:
    field: str
    op: str
    value: Any


@dataclass(frozen=True)
class Group:
    op: str  # "all" | "any"
    items: tuple[Condition, ...]


Condition = Leaf | Group


def parse(raw: Any, at: tuple[str | int, ...] = ()) -> Condition:
    if not isinstance(raw, dict):
        raise ConditionError("a condition must be a mapping", at)
    groups = [k for k in ("all", "any") if k in raw]
    if groups:
        if len(raw) != 1:
            raise ConditionError(f"'{groups[0]}' must be the only key of its mapping", at)
        key = groups[0]
        items = raw[key]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"'{key}' needs a non-empty list of conditions", (*at, key))
        return Group(key, tuple(parse(item, (*at, key, i)) for i, item in enumerate(items)))
    return _leaf(raw, at)


def _leaf(raw: dict[str, Any], at: tuple[str | int, ...]) -> Leaf:
    if "field" not in raw:
        raise ConditionError("a condition needs 'field' (or 'all' / 'any')", at)
    ops = [k for k in raw if k != "field"]
    unknown = [k for k in ops if k not in COMPARISONS]
    if unknown:
        raise ConditionError(
            f"unknown operator {unknown[0]!r}; use one of {', '.join(COMPARISONS)}",
            (*at, unknown[0]),
        )
    if len(ops) != 1:
        raise ConditionError("a condition needs exactly one operator", at)
    op = ops[0]
    path = raw["field"]
    spec = catalogue().get(path) if isinstance(path, str) else None
    if spec is None:
        raise ConditionError(f"unknown candidate field {path!r}{_suggest(path)}", (*at, "field"))
    return Leaf(path, op, _check_value(spec, op, raw[op], (*at, op)))


def _check_value(spec: FieldSpec, op: str, value: Any, at: tuple[str | int, ...]) -> Any:
    if op in _NUMERIC_ONLY and spec.kind != "number":
        raise ConditionError(f"'{op}' compares numbers, but {spec.path} is {spec.describe()}", at)
    values = value if op == "in" else [value]
    if op == "in" and (not isinstance(value, list) or not value):
        raise ConditionError("'in' needs a non-empty list", at)
    for v in values:
        if not spec.accepts(v):
            raise ConditionError(f"{v!r} does not fit {spec.path}, which is {spec.describe()}", at)
    if spec.kind == "number":
        values = [normalize_number(v) for v in values]
    return tuple(values) if op == "in" else values[0]


def _suggest(path: Any) -> str:
    import difflib

    close = difflib.get_close_matches(str(path), list(catalogue()), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def fields_of(cond: Condition) -> tuple[str, ...]:
    if isinstance(cond, Leaf):
        return (cond.field,)
    return tuple(dict.fromkeys(f for item in cond.items for f in fields_of(item)))


def known_outcome(cond: Condition, fact: dict[str, Any]) -> bool | None:
    """Three-valued truth of ``cond`` on a fact whose unknown fields are missing: ``None``
    when unknown fields decide it. Used only to tell *unknown* rules from *not met* ones —
    the engine does the matching."""
    if isinstance(cond, Group):
        values = [known_outcome(c, fact) for c in cond.items]
        decisive = cond.op == "any"  # True decides "any", False decides "all"
        if decisive in values:
            return decisive
        return None if None in values else not decisive
    key = fact_key(cond.field)
    if key not in fact:
        return None
    value = fact[key]
    if cond.op == "in":
        return value in cond.value
    return _PY_OP[cond.op](value, cond.value)


_PY_OP = {
    "eq": lambda a, b: a == b,
    "neq": lambda a, b: a != b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def to_durable(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, Group):
        return {"$and" if cond.op == "all" else "$or": [to_durable(c) for c in cond.items]}
    key = fact_key(cond.field)
    if cond.op == "eq":
        return {key: cond.value}
    if cond.op == "in":
        if len(cond.value) == 1:
            return {key: cond.value[0]}
        return {"$or": [{key: v} for v in cond.value]}
    return {_DURABLE_OP[cond.op]: {key: cond.value}}
