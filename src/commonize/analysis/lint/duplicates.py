"""Two rules of one gate with the same condition count the same evidence twice.

"The same" is semantic: the conditions agree on every region of their fields (unknown
included), so ``gte: 10`` and ``gt: 9`` on a whole-number field are caught too.
"""

from __future__ import annotations

from collections.abc import Iterable

from commonize.analysis.bounds import assignments
from commonize.analysis.lint.context import ERROR, Context, LintFinding
from commonize.rules.conditions import evaluate
from commonize.rules.load import IndicatorRule

ID = "duplicates"
DESCRIPTION = "no two rules in a gate have the same condition"


def check(ctx: Context) -> Iterable[LintFinding]:
    for gate in ctx.ruleset.gates:
        for i, first in enumerate(gate.rules):
            for second in gate.rules[i + 1 :]:
                if same_condition(first, second):
                    line = ctx.at_rule(first.id, "when").line
                    how = "identical to" if first.when == second.when else "equivalent to"
                    yield LintFinding(
                        ctx.at_rule(second.id, "when"),
                        "duplicate-condition",
                        ERROR,
                        f"rule {second.id}: its condition is {how} that of {first.id} "
                        f"(line {line}) in gate {gate.id}",
                    )


def same_condition(a: IndicatorRule, b: IndicatorRule) -> bool:
    if a.when == b.when:
        return True
    if set(a.fields) != set(b.fields):
        return False
    facts = assignments(sorted(a.fields), [a.when, b.when], with_unknown=True)
    if facts is None:
        return False
    return all(evaluate(a.when, f) == evaluate(b.when, f) for f in facts)
