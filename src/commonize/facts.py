"""Candidate → the flat fact asserted into the engine.

The engine compares loosely and chokes on floats in exponent form, so facts carry only
validated values, with numbers normalized, and unknown (null) indicators left out: a
missing field never matches, which is exactly "unknown is not a pass".
"""

from __future__ import annotations

from functools import cache
from typing import Any

from commonize.fields import catalogue, fact_key
from commonize.models import Candidate

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


def candidate_fact(candidate: Candidate) -> dict[str, Any]:
    fact: dict[str, Any] = {"kind": CANDIDATE, "cid": candidate.id}
    for parts, key in _indicators():
        value: Any = candidate
        for part in parts:
            value = getattr(value, part)
        if value is None:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = normalize_number(value)
        fact[key] = value
    return fact


@cache
def _indicators() -> tuple[tuple[tuple[str, ...], str], ...]:
    """(attribute path, fact key) of every indicator, once: the catalogue walks the models."""
    return tuple((tuple(path.split(".")), fact_key(path)) for path in catalogue())
