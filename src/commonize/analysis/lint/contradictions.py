"""The rule set never recommends a track its own rules forbid.

A rule with ``waivable: false`` rules commonization out when it fires (a council decision to
commonize after it is an error). This check proves, for the rule set it is given, that no
candidate on which such a rule fires is routed to commonization — evaluated on every region
of the rule's fields where it fires, everything else unknown and everything else as good as
it can be — and that no such rule adds points, which would argue for what it forbids.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from commonize.analysis.bounds import assignments
from commonize.analysis.lint.context import ERROR, Context, LintFinding
from commonize.fields import catalogue
from commonize.oracle import OracleEngine
from commonize.results import PASS
from commonize.routing import COMMONIZE, route
from commonize.rules.conditions import evaluate
from commonize.scoring import score

ID = "contradictions"
DESCRIPTION = "no candidate is recommended a track that one of its fired rules forbids"


def check(ctx: Context) -> Iterable[LintFinding]:
    yield from _shapes(ctx)
    yield from _forbidding(ctx)


def _shapes(ctx: Context) -> Iterable[LintFinding]:
    """A commonized candidate of a shape no form holds would have no form and no payer."""
    shapes = catalogue()["solution.shape"].choices
    for shape in shapes:
        if ctx.ruleset.form_of(shape) is None:
            yield LintFinding(
                ctx.at_ruleset("forms"),
                "shape-without-form",
                ERROR,
                f"solution shape {shape!r} is in no form: a commonized candidate of that shape "
                "would have no form and no rule on who pays",
            )


def _forbidding(ctx: Context) -> Iterable[LintFinding]:
    ruleset = ctx.ruleset
    oracle = OracleEngine(ctx.compiled)
    for rule in ruleset.rules.values():
        if rule.waivable:
            continue
        if rule.points > 0:
            yield LintFinding(
                ctx.at_rule(rule.id, "points"),
                "forbidding-rule-adds-points",
                ERROR,
                f"{rule.id} rules commonization out (waivable: false) but adds {rule.points} "
                "points towards it; give it zero or negative points",
            )
        for fact in assignments(rule.fields, [rule.when], with_unknown=False) or []:
            if evaluate(rule.when, fact) is not True:
                continue
            gates = score(ruleset, {"kind": "candidate", **fact}, set(oracle.run(fact)))
            # The best case for every gate: met. The forbidding rule alone must still decide.
            best = tuple(dataclasses.replace(g, status=PASS) for g in gates)
            for shape in (None, *(s for f in ruleset.meta.forms.values() for s in f.shapes)):
                if COMMONIZE in route(ruleset, best, False, shape).possible:
                    yield LintFinding(
                        ctx.at_rule(rule.id),
                        "forbidden-track-recommended",
                        ERROR,
                        f"{rule.id} fires (waivable: false) yet the candidate can be commonized",
                    )
                    return
