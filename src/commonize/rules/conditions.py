"""Rule conditions: parse the ``when:`` mapping, check it against the field catalogue, and
the one evaluator of the condition language (true, false or unknown), plus its translation to
durable-rules' expression form.

    {field: effect.governments_doing, gte: 1000}
    {all: [ ... ]}   {any: [ ... ]}

A quantity is known as a closed range ``[lo, hi]`` (facts.py): an exact figure is the range
of one point, a level word the range ``rules/levels.yaml`` gives it, an open top has no
``hi``. A comparison is true when every value of the range satisfies it, false when none
does, unknown otherwise; durable-rules gets the same test as a comparison on ``lo`` or
``hi`` (a missing key never matches there, which is "not known to hold").
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
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
    number: bool = False  # a quantity, held in facts as a range (lo_key / hi_key)

    @cached_property
    def test(self) -> Test:
        """The compiled three-valued test (``evaluate``); built on first use, kept."""
        return _compile(self)

    def __getstate__(self) -> dict[str, Any]:
        return _picklable(self)


@dataclass(frozen=True)
class Group:
    op: str  # "all" | "any"
    items: tuple[Condition, ...]

    @cached_property
    def test(self) -> Test:
        return _compile(self)

    def __getstate__(self) -> dict[str, Any]:
        return _picklable(self)


def _picklable(cond: Leaf | Group) -> dict[str, Any]:
    # Closures do not pickle (rule sets travel to --jobs workers); a copy recompiles.
    return {k: v for k, v in vars(cond).items() if k != "test"}


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
    return Leaf(path, op, _check_value(spec, op, raw[op], (*at, op)), spec.kind == "number")


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
    close = difflib.get_close_matches(str(path), list(catalogue()), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def fields_of(cond: Condition) -> tuple[str, ...]:
    if isinstance(cond, Leaf):
        return (cond.field,)
    return tuple(dict.fromkeys(f for item in cond.items for f in fields_of(item)))


def lo_key(field: str) -> str:
    return fact_key(field) + "__lo"


def hi_key(field: str) -> str:
    return fact_key(field) + "__hi"


def evaluate(cond: Condition, fact: dict[str, Any]) -> bool | None:
    """Three-valued truth of ``cond`` on a fact whose unknown fields are missing: ``None``
    when unknown fields (or a level's range) leave it open."""
    return cond.test(fact)


Test = Callable[[dict[str, Any]], "bool | None"]
_MISSING = object()


def _compile(cond: Condition) -> Test:
    """``cond`` as one closure, its fact keys and operands worked out once: scoring asks every
    rule of every candidate, and re-reading the condition tree each time was the cost."""
    if isinstance(cond, Group):
        return _compile_group(cond.op == "any", tuple(c.test for c in cond.items))
    if cond.number:
        return _compile_range(cond)
    key, value, op = fact_key(cond.field), cond.value, cond.op
    if op == "in":
        wanted = frozenset(value)

        def test_in(fact: dict[str, Any]) -> bool | None:
            v = fact.get(key, _MISSING)
            return None if v is _MISSING else v in wanted

        return test_in
    compare = _PY_OP[op]

    def test(fact: dict[str, Any]) -> bool | None:
        v = fact.get(key, _MISSING)
        return None if v is _MISSING else compare(v, value)

    return test


def _compile_group(decisive: bool, tests: tuple[Test, ...]) -> Test:
    # ``decisive``: True decides "any", False decides "all"; otherwise unknown wins.
    def test(fact: dict[str, Any]) -> bool | None:
        unknown = False
        for t in tests:
            v = t(fact)
            if v is None:
                unknown = True
            elif v is decisive:
                return decisive
        return None if unknown else not decisive

    return test


def _compile_range(cond: Leaf) -> Test:
    lo_k, hi_k, op, t = lo_key(cond.field), hi_key(cond.field), cond.op, cond.value
    if op in ("eq", "in", "neq"):
        wanted = tuple(t) if op == "in" else (t,)
        negate = op == "neq"

        def test_points(fact: dict[str, Any]) -> bool | None:
            lo = fact.get(lo_k)
            if lo is None:
                return None
            hi = fact.get(hi_k)  # None: no upper bound
            if hi is not None and lo == hi:
                hit = lo in wanted
            elif all(v < lo or (hi is not None and v > hi) for v in wanted):
                hit = False
            else:
                return None
            return not hit if negate else hit

        return test_points
    # (true when, false when) on the range [lo, top]: true for every value, or for none.
    verdict = {
        "gt": lambda lo, top: (lo > t, top <= t),
        "gte": lambda lo, top: (lo >= t, top < t),
        "lt": lambda lo, top: (top < t, lo >= t),
        "lte": lambda lo, top: (top <= t, lo > t),
    }[op]

    def test_compare(fact: dict[str, Any]) -> bool | None:
        lo = fact.get(lo_k)
        if lo is None:
            return None
        hi = fact.get(hi_k)
        holds, fails = verdict(lo, _INF if hi is None else hi)
        if holds:
            return True
        return False if fails else None

    return test_compare


_INF = float("inf")


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
    if cond.number:
        return _range_to_durable(cond)
    key = fact_key(cond.field)
    if cond.op == "eq":
        return {key: cond.value}
    if cond.op == "in":
        if len(cond.value) == 1:
            return {key: cond.value[0]}
        return {"$or": [{key: v} for v in cond.value]}
    return {_DURABLE_OP[cond.op]: {key: cond.value}}


def _range_to_durable(cond: Leaf) -> dict[str, Any]:
    """The comparison that holds for *every* value of the range, as ``evaluate`` reads it."""
    lo, hi = lo_key(cond.field), hi_key(cond.field)
    if cond.op in ("gt", "gte"):
        return {f"${cond.op}": {lo: cond.value}}
    if cond.op in ("lt", "lte"):
        return {f"${cond.op}": {hi: cond.value}}
    wanted = cond.value if cond.op == "in" else (cond.value,)
    if cond.op == "neq":
        return {"$or": [{"$gt": {lo: cond.value}}, {"$lt": {hi: cond.value}}]}
    points = [{"$and": [{lo: v}, {hi: v}]} for v in wanted]
    return points[0] if len(points) == 1 else {"$or": points}
