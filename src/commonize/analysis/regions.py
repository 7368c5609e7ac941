"""The values of an indicator that rule conditions can tell apart.

Conditions compare a field with constants, so the constants cut a numeric field's range
into points and open intervals on each of which every condition keeps its truth. One
example value per region is enough to see everything the rules can see: lint (reachable
thresholds, dead and duplicate rules) and what-if (the nearest value that changes a
track) enumerate regions instead of guessing values.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from commonize.facts import normalize_number
from commonize.fields import catalogue
from commonize.rules.conditions import Condition, Group, Leaf


@dataclass(frozen=True)
class Region:
    """A set of values of one field on which every rule condition has the same truth.

    Numeric regions are a point (``low == high``, both closed) or an interval; ``None``
    bounds are the ends of the field's range. Categorical regions are a single value.
    """

    example: Any
    low: float | None = None
    low_closed: bool = True
    high: float | None = None
    high_closed: bool = True
    numeric: bool = False

    def contains(self, value: Any) -> bool:
        if not self.numeric:
            return bool(value == self.example and type(value) is type(self.example))
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if self.low is not None and (
            value < self.low or (value == self.low and not self.low_closed)
        ):
            return False
        return not (
            self.high is not None
            and (value > self.high or (value == self.high and not self.high_closed))
        )


def leaves(cond: Condition) -> Iterable[Leaf]:
    if isinstance(cond, Group):
        for item in cond.items:
            yield from leaves(item)
    else:
        yield cond


def constants(conds: Iterable[Condition], path: str) -> set[Any]:
    """Every constant the conditions compare ``path`` with."""
    out: set[Any] = set()
    for cond in conds:
        for leaf in leaves(cond):
            if leaf.field == path:
                out.update(leaf.value if leaf.op == "in" else (leaf.value,))
    return out


@cache
def is_integer(path: str) -> bool:
    """Whether the candidate schema takes only whole numbers at ``path`` (counts, years)."""
    return catalogue()[path].integer


def regions(path: str, cuts: Iterable[Any]) -> tuple[Region, ...]:
    """The regions of ``path`` cut by ``cuts``, in ascending order for numbers."""
    spec = catalogue()[path]
    if spec.kind == "bool":
        return (Region(False), Region(True))
    if spec.kind == "enum":
        return tuple(Region(c) for c in spec.choices)
    if spec.kind == "text":
        # Free text: the constants, and one value no condition names.
        return (*(Region(c) for c in sorted(cuts)), Region("\0other"))
    return _numeric(path, spec.minimum, spec.maximum, sorted(set(cuts)))


def _numeric(
    path: str, lo: float | None, hi: float | None, cuts: list[float]
) -> tuple[Region, ...]:
    whole = is_integer(path)
    cuts = [c for c in cuts if (lo is None or c >= lo) and (hi is None or c <= hi)]
    out: list[Region] = []
    edges: list[float | None] = [lo, *cuts, hi]
    for i in range(len(edges) - 1):
        a, b = edges[i], edges[i + 1]
        if i > 0 and a is not None and (not whole or float(a).is_integer()):
            out.append(Region(normalize_number(a), a, True, a, True, True))
        # The open interval between two cuts; the range's own ends are inside it.
        a_closed, b_closed = i == 0, i == len(edges) - 2
        example = _inside(a, a_closed, b, b_closed, whole)
        if example is not None:
            out.append(Region(example, a, a_closed, b, b_closed, True))
    return tuple(out)


def _inside(
    a: float | None, a_closed: bool, b: float | None, b_closed: bool, whole: bool
) -> int | float | None:
    """A value in the region between two cuts (or a closed range end); None if it is empty."""
    if a is not None and b is not None and (a > b or (a == b and not (a_closed and b_closed))):
        return None
    if a is None and b is None:
        return 0
    if whole:
        first = (math.ceil(a) if a_closed else math.floor(a) + 1) if a is not None else None
        if first is None:
            first = (math.floor(b) if b_closed else math.ceil(b) - 1) if b is not None else 0
        if b is not None and (first > b or (first == b and not b_closed)):
            return None
        return first
    if a is None:
        return normalize_number(b - 1 if not b_closed else b)  # type: ignore[operator]
    if b is None:
        return normalize_number(a if a_closed else a + 1)
    if a_closed:
        return normalize_number(a)
    if b_closed:
        return normalize_number(b)
    middle = normalize_number((a + b) / 2)
    return middle if a < middle < b else None
