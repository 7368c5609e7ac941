"""The default rule set as hand-written if/else: the ceiling for a rule engine in Python.

    uv run python -m benchmarks.plain_python DIR [--outcomes OUT.json]

Same files, same C loader; then the three gates of rules/gates/*.yaml written out by hand,
with commonize's treatment of unknown (null) indicators: a gate passes on its *minimum*,
so a rule with negative points counts when its field is unknown, one with positive points
does not. Written against the rule set whose fingerprint is ``RULES_FINGERPRINT``; the
runner warns when rules/ has moved on, and the agreement figure shows by how much.

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
RULES_FINGERPRINT = "a00d75a2b69b56464af6f149645aa105e0990ba7aa91c5f3a75d9d676d3e1985"

_EMPTY: dict[str, Any] = {}
_FORMS = {
    "application": "common_saas",
    "authentication": "dpi",
    "base_registry": "dpi",
    "data_hub": "dpi",
    "cloud": "infrastructure",
    "network": "infrastructure",
}


def evaluate(data: dict[str, Any]) -> Outcome:
    cid = data["id"]
    if data.get("standardized_business") is not None:
        return Outcome(cid, "standardize")

    # ① user needs, threshold 4. No rule has negative points: unknown never counts.
    un = data.get("user_needs") or _EMPTY
    score = 0
    if un.get("citizen_facing") is True:
        score += 2
    users = un.get("users_per_year")
    if users is not None:
        if users >= 100_000:
            score += 1
        if users >= 1_000_000:
            score += 1
    online = un.get("online_share_pct")
    if online is not None and online < 50:
        score += 1
    requesting = un.get("requesting_governments")
    if requesting is not None and requesting >= 100:
        score += 2
    survey = un.get("survey_support_pct")
    if survey is not None and survey >= 60:
        score += 1
    disaster = un.get("disaster_relevance")
    if disaster == "high":
        score += 2
    elif disaster == "medium":
        score += 1
    if score < 4:
        return Outcome(cid, "joint_procurement", "user_needs")

    # ② expected effect, threshold 6. Unknown variation, joint procurement or general tool
    # count their negative points (the minimum).
    ef = data.get("effect") or _EMPTY
    so = data.get("solution") or _EMPTY
    score = 0
    doing = ef.get("governments_doing")
    if doing is not None:
        if doing >= 1000:
            score += 2
        if doing >= 1700:
            score += 1
    cost = ef.get("annual_cost_jpy")
    if cost is not None:
        if cost >= 1_000_000_000:
            score += 1
        if cost >= 10_000_000_000:
            score += 1
    cut = ef.get("expected_cost_reduction_pct")
    if cut is not None:
        if cut >= 10:
            score += 1
        if cut >= 20:
            score += 1
    hours_pct = ef.get("expected_staff_hours_reduction_pct")
    hours = ef.get("annual_staff_hours")
    if (hours_pct is not None and hours_pct >= 20) or (hours is not None and hours >= 1_000_000):
        score += 1
    variation = ef.get("variation_between_governments")
    if variation in ("none", "low"):
        score += 1
    elif variation == "high" or variation is None:
        score -= 2
    realtime = ef.get("realtime_data_value")
    if realtime == "high":
        score += 2
    elif realtime == "medium":
        score += 1
    joint = so.get("joint_procurement_prefectures")
    if joint is None or joint >= 10:
        score -= 2
    general = so.get("general_tool")
    if general is None or general is True:
        score -= 3
    if score < 6:
        return Outcome(cid, "joint_procurement", "effect")

    # ③ feasibility, threshold 4. Rules with a condition that fire make readiness
    # conditional; unknown ones count their negative points but name no condition.
    fe = data.get("feasibility") or _EMPTY
    score = 0
    conditional = False
    legal = fe.get("legal_change")
    if legal == "none":
        score += 2
    elif legal == "ordinance":
        score += 1
        conditional = True
    elif legal == "national_law":
        score -= 1
        conditional = True
    elif legal is None:
        score -= 1
    owner = fe.get("responsible_ministry_identified")
    if owner is True:
        score += 1
    elif owner is False or owner is None:
        score -= 2
    market = fe.get("market_products")
    if market is not None:
        if market >= 1:
            score += 1
        if market >= 3:
            score += 1
    contracts = fe.get("contracts_end_year")
    if contracts is not None:
        if contracts <= 2028:
            score += 1
        elif contracts > 2030:
            conditional = True  # 0 points
    segment = fe.get("network_segment")
    if segment == "internet":
        score += 1
    elif segment == "individual_number":
        score -= 1
        conditional = True
    elif segment is None:
        score -= 1
    personal = fe.get("personal_data")
    if personal == "special_care":
        score -= 1
        conditional = True
    elif personal is None:
        score -= 1
    pilot = fe.get("pilot") or _EMPTY
    status, result = pilot.get("status"), pilot.get("result")
    if status == "completed" and result == "success":
        score += 2
    if status == "running":
        score += 1
        conditional = True
    # fe-pilot-failure: a failed pilot that ran. Unknown status or result count its -3
    # unless the other field, known, already rules the failure out.
    if (status is None or status in ("running", "completed")) and (
        result is None or result == "failure"
    ):
        score -= 3
    if fe.get("size_differentiated") is True:
        conditional = True  # 0 points
    if score < 4:
        return Outcome(cid, "joint_procurement", "feasibility")

    return Outcome(
        cid,
        "commonize",
        form=_FORMS.get(so.get("shape")),  # type: ignore[arg-type]
        readiness="conditional" if conditional else "go",
    )


def run(files: list[Path]) -> list[Outcome]:
    return [evaluate(load(p)) for p in files]


def fingerprint(compiled: Any) -> str:
    """sha256 of what decides an outcome in a compiled rule set: gate order, thresholds,
    each rule's condition, points and whether it carries a condition, and the forms."""
    rs = compiled.ruleset
    content = {
        "gates": [
            {
                "id": g.id,
                "threshold": g.threshold,
                "rules": [[r.id, repr(r.when), r.points, r.condition is not None] for r in g.rules],
            }
            for g in rs.gates
        ],
        "forms": {k: list(f.shapes) for k, f in rs.meta.forms.items()},
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


if __name__ == "__main__":
    pipeline_main(__doc__.splitlines()[0], run)
