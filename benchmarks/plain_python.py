"""The default rule set as hand-written if/else: the ceiling for a rule engine in Python.

    uv run python -m benchmarks.plain_python DIR [--outcomes OUT.json]

Same files, same C loader; then the three gates of rules/gates/*.yaml written out by hand,
with commonize's semantics (rules/README.md, src/commonize/scoring.py and routing.py):

- a rule is true, false or *unknown* (a field it reads is null); a quantity may be a figure,
  a level word or ``{value|level, source}``, and a level stands for the range
  rules/levels.yaml gives it: a comparison holds when it holds for the whole range, fails
  when it fails for the whole range, and is unknown otherwise;
- a rule restricted to ``forms:`` holds only for the solution shapes of those forms (and is
  unknown while the shape is);
- a gate is met when the points of the rules that hold reach its threshold, not met when
  even its best case (plus every unknown rule with positive points) misses it, undetermined
  otherwise;
- the funnel ① → ② → ③: the first gate not met stops the candidate (joint procurement);
  a fired non-waivable rule forbids commonization; when unknowns leave it between
  commonization and joint procurement it *needs information* (no track).

Written against the rule set whose fingerprint is ``RULES_FINGERPRINT``; the runner warns
when rules/ has moved on, and the agreement figure shows by how much.

No validation: the files are assumed valid (the generator writes valid files); commonize's
invalid results are left out of the comparison.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from benchmarks.common import Outcome, load, pipeline_main

# sha256 of the decision-relevant content of rules/ (see ``fingerprint``) this file encodes.
RULES_FINGERPRINT = "6826aedbd76b681a2caefef1c03c76b00bac37dc1572cc223a668ccfe42b1844"

STANDARDIZE, COMMONIZE, JOINT = "standardize", "commonize", "joint_procurement"
NEEDS_INFORMATION = (COMMONIZE, JOINT)  # the tracks it could still end on, policy order

_EMPTY: dict[str, Any] = {}
_FORMS = {
    "application": "common_saas",
    "authentication": "dpi",
    "base_registry": "dpi",
    "data_hub": "dpi",
    "cloud": "infrastructure",
    "network": "infrastructure",
}
_DPI = ("authentication", "base_registry", "data_hub")
_DPI_OR_INFRASTRUCTURE = (*_DPI, "cloud", "network")

# rules/levels.yaml: what each level word of a quantity stands for, [lo, hi]; None: no top.
_GOVERNMENTS = {
    "all": (1700, 1788),
    "most": (900, 1788),
    "many": (300, 1788),
    "some": (20, 299),
    "few": (1, 19),
    "none": (0, 0),
}
_PREFECTURES = {
    "all": (45, 47),
    "most": (24, 47),
    "many": (10, 47),
    "some": (3, 9),
    "few": (1, 2),
    "none": (0, 0),
}
_SHARE = {"high": (50, 100), "medium": (20, 49), "low": (1, 19), "none": (0, 0)}
_PEOPLE = _HOURS = {
    "very_large": (1_000_000, None),
    "large": (100_000, None),
    "medium": (10_000, 99_999),
    "small": (1, 9_999),
    "none": (0, 0),
}
_YEN = {
    "very_large": (10_000_000_000, None),
    "large": (1_000_000_000, None),
    "medium": (100_000_000, 999_999_999),
    "small": (1, 99_999_999),
    "none": (0, 0),
}
_PRODUCTS = {
    "very_large": (10, None),
    "large": (3, None),
    "medium": (2, None),
    "small": (1, 2),
    "none": (0, 0),
}
_SERVICES = {
    "very_large": (100, None),
    "large": (10, None),
    "medium": (3, None),
    "small": (1, 2),
    "none": (0, 0),
}

Range = tuple[Any, Any]  # (lo, hi); hi None: no upper bound


def _range(x: Any, levels: dict[str, Range]) -> Range | None:
    """A quantity as written (figure, level word, {value|level, source}) as a range."""
    if x is None:
        return None
    if isinstance(x, dict):
        value = x.get("value")
        if value is not None:  # the schema allows exactly one of value and level
            return value, value
        x = x.get("level")
    if isinstance(x, str):
        return levels[x]
    return x, x


# Three-valued comparisons of a range with a number: True, False, None (unknown).
def _gte(r: Range | None, t: float) -> bool | None:
    if r is None:
        return None
    if r[0] >= t:
        return True
    return False if r[1] is not None and r[1] < t else None


def _gt(r: Range | None, t: float) -> bool | None:
    if r is None:
        return None
    if r[0] > t:
        return True
    return False if r[1] is not None and r[1] <= t else None


def _lt(r: Range | None, t: float) -> bool | None:
    if r is None:
        return None
    if r[1] is not None and r[1] < t:
        return True
    return False if r[0] >= t else None


def _lte(r: Range | None, t: float) -> bool | None:
    if r is None:
        return None
    if r[1] is not None and r[1] <= t:
        return True
    return False if r[0] > t else None


def _eq(x: Any, v: Any) -> bool | None:
    return None if x is None else x == v


def _in(x: Any, vs: tuple[Any, ...]) -> bool | None:
    return None if x is None else x in vs


def _all(*ts: bool | None) -> bool | None:
    if False in ts:
        return False
    return None if None in ts else True


def _any(*ts: bool | None) -> bool | None:
    if True in ts:
        return True
    return None if None in ts else False


def _sums(rules: tuple[tuple[bool | None, int], ...]) -> tuple[int, int]:
    """(points of the rules that hold, best case: plus the unknown positive points)."""
    score = best = 0
    for t, points in rules:
        if t:
            score += points
        elif t is None and points > 0:
            best += points
    return score, score + best


def evaluate(data: dict[str, Any]) -> Outcome:
    cid = data["id"]
    if data.get("standardized_business") is not None:
        return Outcome(cid, STANDARDIZE, possible=(STANDARDIZE,))
    un = data.get("user_needs") or _EMPTY
    ef = data.get("effect") or _EMPTY
    fe = data.get("feasibility") or _EMPTY
    so = data.get("solution") or _EMPTY
    shape = so.get("shape")
    saas = _eq(shape, "application")  # forms: [common_saas]
    dpi = _in(shape, _DPI)  # forms: [dpi]
    dpi_infra = _in(shape, _DPI_OR_INFRASTRUCTURE)  # forms: [dpi, infrastructure]
    citizen = _eq(un.get("citizen_facing"), True)
    doing = _range(ef.get("governments_doing"), _GOVERNMENTS)
    reused = _range(ef.get("reused_by_services"), _SERVICES)
    role = fe.get("national_role")
    first_open = None  # the first undetermined gate

    # ① user needs, threshold 4. Every rule adds points: nothing forbids, nothing conditions.
    users = _range(un.get("users_per_year"), _PEOPLE)
    disaster = un.get("disaster_relevance")
    score, best = _sums(
        (
            (citizen, 2),
            (_gte(users, 100_000), 1),
            (_gte(users, 1_000_000), 1),
            (_lt(_range(un.get("online_share_pct"), _SHARE), 50), 1),
            (_gte(_range(un.get("requesting_governments"), _GOVERNMENTS), 100), 2),
            (_gte(_range(un.get("survey_support_pct"), _SHARE), 60), 1),
            (_eq(disaster, "high"), 2),
            (_eq(disaster, "medium"), 1),
            (_all(citizen, _gte(doing, 1700)), 2),
            (_all(_eq(un.get("users"), "staff"), _gte(doing, 1700)), 2),
            (_eq(un.get("priority_dx_project"), True), 2),
            (_eq(un.get("multi_government_filing"), True), 2),
            (_all(dpi_infra, _gte(reused, 10)), 2),
            (_all(dpi_infra, _gte(reused, 100)), 2),
        )
    )
    if best < 4:
        return Outcome(cid, JOINT, "user_needs", possible=(JOINT,))
    if score < 4:
        first_open = "user_needs"

    # ② expected effect, threshold 6. ef-general-tool is not waivable: fired, it forbids
    # commonization; unknown, it might.
    cost = _range(ef.get("annual_cost_jpy"), _YEN)
    cut = _range(ef.get("expected_cost_reduction_pct"), _SHARE)
    variation = ef.get("variation_between_governments")
    realtime = ef.get("realtime_data_value")
    general = _eq(so.get("general_tool"), True)
    # ef-already-joint recommends joint procurement when it fires (a signal, not a ban).
    already_joint = _all(
        _gte(_range(so.get("joint_procurement_prefectures"), _PREFECTURES), 10),
        _in(role, ("studying", "none")),
    )
    score, best = _sums(
        (
            (_gte(doing, 1000), 2),
            (_gte(doing, 1700), 1),
            (_gte(cost, 1_000_000_000), 1),
            (_gte(cost, 10_000_000_000), 1),
            (_gte(cut, 10), 1),
            (_gte(cut, 20), 1),
            (
                _any(
                    _gte(_range(ef.get("expected_staff_hours_reduction_pct"), _SHARE), 20),
                    _gte(_range(ef.get("annual_staff_hours"), _HOURS), 1_000_000),
                ),
                1,
            ),
            (_in(variation, ("none", "low")), 1),
            (_all(saas, _eq(variation, "high"), _in(role, ("studying", "none"))), -2),
            (_eq(realtime, "high"), 2),
            (_eq(realtime, "medium"), 1),
            (already_joint, -2),
            (general, -3),
            (_all(dpi, _in(variation, ("medium", "high"))), 1),
            (_all(_in(role, ("runs", "decided")), _gte(doing, 1000)), 3),
            (_all(dpi_infra, _gte(reused, 10)), 2),
            (_all(dpi, _lte(reused, 2)), -2),
            (_gte(_range(ef.get("governments_short_of_it_staff"), _GOVERNMENTS), 300), 1),
            (_lt(cut, 0), -2),
        )
    )
    if best < 6:
        return Outcome(cid, JOINT, "effect", possible=(JOINT,))
    if score < 6 and first_open is None:
        first_open = "effect"
    blocked_at = "effect" if general or already_joint else None
    may_block_at = "effect" if general is None else None

    # ③ feasibility, threshold 4, shelve below 0. fe-no-owner is not waivable. Rules with a
    # condition make a commonized candidate's readiness conditional when they fire.
    legal = fe.get("legal_change")
    owner = fe.get("responsible_ministry_identified")
    no_owner = _eq(owner, False)
    market = _range(fe.get("market_products"), _PRODUCTS)
    year = fe.get("contracts_end_year")
    contracts = None if year is None else (year, year)
    segment = fe.get("network_segment")
    pilot = fe.get("pilot") or _EMPTY
    status, result = pilot.get("status"), pilot.get("result")
    conditional = (
        _eq(legal, "ordinance"),
        _all(saas, _eq(legal, "national_law")),
        _all(saas, _gt(contracts, 2030)),
        _all(saas, _eq(segment, "individual_number")),
        _all(saas, _eq(fe.get("personal_data"), "special_care")),
        _eq(status, "running"),
        _eq(fe.get("size_differentiated"), True),
        _eq(role, "studying"),
        _eq(legal, "national_law_in_progress"),
    )
    score, best = _sums(
        (
            (_eq(legal, "none"), 2),
            (conditional[0], 1),
            (conditional[1], -1),
            (_eq(owner, True), 1),
            (no_owner, -2),
            (_all(saas, _gte(market, 1)), 1),
            (_all(saas, _gte(market, 3)), 1),
            (_all(saas, _lte(contracts, 2028)), 1),
            (conditional[2], 0),
            (_eq(segment, "internet"), 1),
            (conditional[3], -1),
            (conditional[4], -1),
            (_all(_eq(status, "completed"), _eq(result, "success")), 2),
            (conditional[5], 1),
            (
                _all(
                    _in(status, ("running", "completed")),
                    _eq(result, "failure"),
                    _in(role, ("decided", "studying", "none")),
                ),
                -3,
            ),
            (conditional[6], 0),
            (_eq(role, "runs"), 3),
            (_eq(role, "decided"), 2),
            (conditional[7], 0),
            (_eq(legal, "national_law_enacted"), 2),
            (conditional[8], 0),
        )
    )
    if best < 4:
        return Outcome(cid, JOINT, "feasibility", None, _another_or_shelve(best), (JOINT,))
    if score < 4 and first_open is None:
        first_open = "feasibility"
    if blocked_at is None and no_owner:
        blocked_at = "feasibility"
    if may_block_at is None and no_owner is None:
        may_block_at = "feasibility"

    # Every gate met or open: a fired forbidding rule decides joint procurement, at the
    # first gate that holds one; an open gate or a forbidding rule that might fire leaves
    # it between commonization and joint procurement.
    if blocked_at is not None:
        readiness = _another_or_shelve(best) if blocked_at == "feasibility" else None
        return Outcome(cid, JOINT, blocked_at, None, readiness, (JOINT,))
    if first_open is not None or may_block_at is not None:
        return Outcome(cid, None, first_open or may_block_at, possible=NEEDS_INFORMATION)
    return Outcome(
        cid,
        COMMONIZE,
        form=_FORMS.get(shape),  # type: ignore[arg-type]
        readiness="conditional" if True in conditional else "go",
        possible=(COMMONIZE,),
    )


def _another_or_shelve(best: int) -> str:
    """Feasibility not met: shelve when even its best case is below ``shelve_below`` (0)."""
    return "shelve" if best < 0 else "another_method"


def run(files: list[Path]) -> list[Outcome]:
    return [evaluate(load(p)) for p in files]


def fingerprint(compiled: Any) -> str:
    """sha256 of what decides an outcome in a compiled rule set: gate order, thresholds and
    shelve floors, each rule's condition (forms folded in), points, whether it carries a
    condition and whether it may be waived, the forms, and the ranges of the level words."""
    rs = compiled.ruleset
    content = {
        "gates": [
            {
                "id": g.id,
                "threshold": g.threshold,
                "shelve_below": g.shelve_below,
                "rules": [
                    [
                        r.id,
                        repr(r.when),
                        r.points,
                        r.condition is not None,
                        r.waivable,
                        r.recommends,
                    ]
                    for r in g.rules
                ],
            }
            for g in rs.gates
        ],
        "forms": {k: list(f.shapes) for k, f in rs.meta.forms.items()},
        "levels": {k: {w: list(r) for w, r in v.items()} for k, v in rs.levels.items()},
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


if __name__ == "__main__":
    pipeline_main(__doc__.splitlines()[0], run)
