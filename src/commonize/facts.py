"""Candidate → the flat fact asserted into the engine.

The engine compares loosely and chokes on floats in exponent form, so facts carry only
validated values, with numbers normalized, and unknown (null) indicators left out: a
missing field never matches, which is exactly "unknown is not a pass".

A quantity is held as a closed range, ``<key>__lo`` and ``<key>__hi`` (``rules.conditions``
reads them): an exact figure is a range of one point; a level word is the range the rule
set's ``levels.yaml`` gives it, whose open top is a missing ``__hi``.
"""

from __future__ import annotations

from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from commonize.fields import catalogue, fact_key
from commonize.models import Candidate, Measure

if TYPE_CHECKING:
    from commonize.rules.load import Levels

CANDIDATE = "candidate"


def normalize_number(value: int | float) -> int | float:
    """An int, or a float that ``json.dumps`` writes without an exponent."""
    if isinstance(value, bool | int):
        return value
    if value.is_integer() or abs(value) >= 1e15:
        return int(value)
    # 4 decimals keeps repr() out of exponent form (1e-05 would break the engine).
    rounded = round(value, 4)
    return int(rounded) if rounded.is_integer() else rounded


def candidate_fact(candidate: Candidate, levels: Levels) -> dict[str, Any]:
    fact: dict[str, Any] = {"kind": CANDIDATE, "cid": candidate.id}
    for path, get, key in _indicators():
        value: Any = get(candidate)
        if value is None:
            continue
        if isinstance(value, Measure):
            lo, hi = _range(path, value, levels)
            fact[key + "__lo"] = lo
            if hi is not None:
                fact[key + "__hi"] = hi
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A plain number field (a year): the same range form, of one point.
            fact[key + "__lo"] = fact[key + "__hi"] = normalize_number(value)
            continue
        fact[key] = value
    return fact


def _range(path: str, m: Measure, levels: Levels) -> tuple[int | float, int | float | None]:
    if m.value is not None:
        v = normalize_number(m.value)
        return v, v
    lo, hi = levels[path][m.level]  # type: ignore[index]
    return normalize_number(lo), None if hi is None else normalize_number(hi)


def known_fields(fact: dict[str, Any]) -> set[str]:
    """The dotted paths of the indicators the fact knows."""
    return {path for path, _, key in _indicators() if key in fact or key + "__lo" in fact}


@cache
def _indicators() -> tuple[tuple[str, attrgetter[Any], str], ...]:
    """(path, its getter, fact key) of every indicator, once: the catalogue walks models, and
    attrgetter follows a dotted path in C."""
    return tuple((path, attrgetter(path), fact_key(path)) for path in catalogue())


def with_field(fact: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``fact`` with ``path`` set to one exact ``value`` (``None``: unknown)."""
    key = fact_key(path)
    out = {k: v for k, v in fact.items() if k not in (key, key + "__lo", key + "__hi")}
    if value is None:
        return out
    if catalogue()[path].kind == "number":
        out[key + "__lo"] = out[key + "__hi"] = normalize_number(value)
    else:
        out[key] = value
    return out


def field_value(fact: dict[str, Any], path: str) -> Any:
    """The exact value of ``path`` in ``fact``; a quantity known only as a range reads as
    ``(lo, hi)``, with ``hi`` None for no upper bound; unknown is None."""
    key = fact_key(path)
    if key + "__lo" in fact:
        lo, hi = fact[key + "__lo"], fact.get(key + "__hi")
        return lo if lo == hi else (lo, hi)
    return fact.get(key)
