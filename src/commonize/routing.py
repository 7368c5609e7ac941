"""Gate results → the route: track (or needs information), form, feasibility outcome (pure).

The policy's funnel: gate ① user needs, then ② expected effect, then ③ feasibility; a
candidate that meets all three is commonized, one that does not meet a gate goes to
prefectural joint procurement (track (c)), one of the 20 businesses is standardized.

Unknown indicators leave a gate undetermined. The route follows every way such a gate
could still go: when all of them end on one track, that is the track (a gate not met on
known evidence later in the funnel decides, whatever the earlier gates turn out to be);
when they end on different tracks, the candidate *needs information* and gets no track.
Joint procurement is therefore recommended only for a gate not met on known evidence, for a
rule that forbids commonization (``waivable: false``) that fired, or for a fired rule that
says the work is already shared in effect (``recommends: joint_procurement``).

Feasibility outcomes follow the policy's feasibility study: go; go once conditions are met
(a fired rule with a ``condition``); another method such as joint procurement (gate ③ not
met); shelve (gate ③ not met even in its best case below the gate's ``shelve_below``).
"""

from __future__ import annotations

from dataclasses import dataclass

from commonize.results import FAIL, PASS, GateResult
from commonize.rules.load import RuleSet

STANDARDIZE, COMMONIZE, JOINT = "standardize", "commonize", "joint_procurement"
POLICY_ORDER = (STANDARDIZE, COMMONIZE, JOINT)


@dataclass(frozen=True)
class Route:
    track: str | None  # None: needs information
    possible: tuple[str, ...]  # the tracks it could still end on, in the policy's order
    # joint procurement: the gate not met on known evidence (or whose forbidding rule fired);
    # needs information: the first undetermined gate.
    stopped_at: str | None
    examined: tuple[str, ...]  # gates the funnel reaches for some value of the unknowns
    form: str | None = None
    readiness: str | None = None  # go | conditional | another_method | shelve
    blocked_by: tuple[str, ...] = ()  # fired rules that forbid commonization
    signals: tuple[str, ...] = ()  # fired rules that recommend joint procurement instead


def route(
    ruleset: RuleSet, gates: tuple[GateResult, ...], standardized: bool, shape: str | None
) -> Route:
    if standardized:
        return Route(STANDARDIZE, (STANDARDIZE,), None, ())
    fired = [f for g in gates for f in g.fired]
    blocked_by = tuple(f.id for f in fired if not f.waivable)
    # "Already shared in effect" (policy body): what many prefectures already procure jointly
    # goes the joint-procurement way even when the gates are met; the council may decide
    # otherwise, as it may not after a forbidding rule.
    signals = tuple(f.id for f in fired if ruleset.rules[f.id].recommends == JOINT)
    # A forbidding rule that might fire (unknown) leaves commonization only possible.
    may_block = any(not ruleset.rules[r].waivable for g in gates for r in g.unknown)
    endings: set[str] = set()
    examined: list[str] = []
    for g in gates:
        examined.append(g.id)
        if g.status != PASS:  # not met, or it might not be
            endings.add(JOINT)
        if g.status == FAIL:
            break
    else:
        endings.add(JOINT if blocked_by or signals else COMMONIZE)
        if may_block:
            endings.add(JOINT)
    possible = tuple(t for t in POLICY_ORDER if t in endings)
    if len(possible) > 1:
        # Open at the first undetermined gate or, every gate met, at the gate of the first
        # forbidding rule whose field is unknown.
        open_gates = [g.id for g in gates if g.status not in (PASS, FAIL)]
        forbidding = [g.id for g in gates if any(not ruleset.rules[r].waivable for r in g.unknown)]
        first_open = (open_gates or forbidding)[0]
        return Route(None, possible, first_open, tuple(examined), blocked_by=blocked_by)
    track = possible[0]
    if track == COMMONIZE:
        conditions = any(f.condition is not None for f in fired)
        return Route(
            COMMONIZE,
            possible,
            None,
            tuple(examined),
            form=ruleset.form_of(shape),
            readiness="conditional" if conditions else "go",
        )
    failed = next((g for g in gates if g.status == FAIL), None)
    if failed is None:  # every gate met or open, yet only joint procurement: a rule says so
        deciding = set(blocked_by or signals)
        failed = next(g for g in gates if deciding & {f.id for f in g.fired})
    return Route(
        JOINT,
        possible,
        failed.id,
        tuple(examined),
        readiness=_feasibility_outcome(ruleset, failed) if failed.id == gates[-1].id else None,
        blocked_by=blocked_by,
        signals=signals,
    )


def _feasibility_outcome(ruleset: RuleSet, gate: GateResult) -> str:
    floor = ruleset.gate(gate.id).shelve_below
    return "shelve" if floor is not None and gate.maximum < floor else "another_method"
