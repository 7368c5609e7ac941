"""Rules that cannot matter: a condition no value satisfies, one every known value
satisfies (it does not tell candidates apart), or no points and no condition."""

from __future__ import annotations

from collections.abc import Iterable

from commonize.analysis.bounds import assignments
from commonize.analysis.lint.context import ERROR, WARNING, Context, LintFinding
from commonize.rules.conditions import evaluate

ID = "dead-rules"
DESCRIPTION = "every rule can fire, tells candidates apart, and has an effect"


def check(ctx: Context) -> Iterable[LintFinding]:
    for rule in ctx.ruleset.rules.values():
        facts = assignments(rule.fields, [rule.when], with_unknown=False)
        if facts is not None:
            truths = {evaluate(rule.when, fact) for fact in facts}
            if True not in truths:
                yield LintFinding(
                    ctx.at_rule(rule.id, "when"),
                    "rule-never-fires",
                    ERROR,
                    f"rule {rule.id} can never fire: no value of "
                    f"{', '.join(rule.fields)} meets its condition",
                )
            elif truths == {True}:
                yield LintFinding(
                    ctx.at_rule(rule.id, "when"),
                    "rule-always-fires",
                    WARNING,
                    f"rule {rule.id} fires for every known value of {', '.join(rule.fields)}: "
                    "it does not tell candidates apart",
                )
        if rule.points == 0 and rule.condition is None:
            yield LintFinding(
                ctx.at_rule(rule.id, "points"),
                "rule-without-effect",
                WARNING,
                f"rule {rule.id} gives 0 points and sets no condition: it changes nothing",
            )
