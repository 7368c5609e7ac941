"""What durable-rules copies with: the size of the rule network the compiler hands it.

durable-rules turns each pattern into disjunctive normal form: an ``any:`` of n branches,
or an ``in:`` of n values, becomes n alternatives, and an ``all:`` of several ``any:``
multiplies them. Past a few hundred alternatives in one rule set its C engine stops coping:
``create_ruleset`` either fails with error 113 or never returns (and cannot be interrupted,
not even by Ctrl-C). Measured on durable-rules 2.0.28 with the shipped rule set (62
alternatives) plus one rule of n alternatives, each build run under ``timeout 10``:

    in: of n numbers             n = 472 builds in 0.01 s, n = 475 never returns
    two rules, in: of n each     2 x 230 builds, 2 x 240 never returns
    any: of n all:-pairs         n = 520 builds (582 alternatives)
    one rule alone, in: of n     n = 510 builds, n = 520 fails with error 113

The hang starts at about 535 alternatives in all; the limit below keeps a wide margin, and
is checked before the engine sees the rule set, so a too-large rule is exit 3 at its line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from commonize.errors import Problem, RuleSetError, SourceLocation

MAX_ALTERNATIVES = 400  # in the whole compiled rule set; the shipped rules use 83


def alternatives(pattern: Any) -> int:
    """How many alternatives durable-rules makes of ``pattern`` (its DNF size)."""
    if isinstance(pattern, dict) and len(pattern) == 1:
        ((op, items),) = pattern.items()
        if op == "$or" and isinstance(items, list):
            return sum(alternatives(p) for p in items)
        if op == "$and" and isinstance(items, list):
            total = 1
            for p in items:
                total *= alternatives(p)
                if total > MAX_ALTERNATIVES:  # no need to multiply a bomb out
                    return total
            return total
    return 1


def check_engine_size(ruleset: Any, compiled_rules: Iterable[Any]) -> None:
    """Refuse a compiled rule set durable-rules would hang on; the error names the rule."""
    sizes = [(rule, alternatives(rule.pattern)) for rule in compiled_rules]
    total = sum(n for _, n in sizes)
    if total <= MAX_ALTERNATIVES:
        return
    rule, largest = max(sizes, key=lambda item: item[1])
    where = _location(ruleset, rule.name) or SourceLocation(str(ruleset.path))
    raise RuleSetError(
        [
            Problem(
                where,
                f"the rule set compiles to {total:,} alternatives for the engine, more than "
                f"the {MAX_ALTERNATIVES} durable-rules copes with; the largest, "
                f"{rule.name!r}, makes {largest:,} (every value of an 'in:' and every branch "
                "of an 'any:' is one, and an 'all:' of several 'any:' multiplies them)",
                hint="split the condition into fewer values, e.g. a range with gte/lte",
            )
        ]
    )


def _location(ruleset: Any, engine_rule: str) -> SourceLocation | None:
    """Where the indicator rule an engine rule compiles is written (they share the id)."""
    rule = getattr(ruleset, "rules", {}).get(engine_rule)
    return getattr(rule, "location", None)
