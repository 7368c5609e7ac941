"""Council decisions recorded in candidate files, checked against the recommendation (pure).

The latest decision (by meeting date, then by position in the file) is the decided track.
A decision may not choose what the policy forbids: ``standardize`` for something outside
the 20 businesses, or ``commonize`` when a rule marked ``waivable: false`` fired; nor may
it expire, or fall due for review, before the meeting that took it (a typo in a date would
otherwise read as an expired decision).
Expiry and review dates are judged against ``today``, which callers pass explicitly so a
run is reproducible (``--today``); only the CLI reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from commonize.errors import Problem
from commonize.models import Candidate, Decision
from commonize.results import INVALID, DecisionOutcome, Result
from commonize.rules.load import RuleSet


def apply_decisions(
    result: Result, candidate: Candidate, ruleset: RuleSet, today: dt.date
) -> Result:
    if not candidate.decisions:
        return result
    problems = [
        p
        for i, d in enumerate(candidate.decisions)
        for p in [*_forbidden(result, i, d.track, ruleset), *_dates(result, i, d)]
    ]
    if problems:
        return Result(
            path=result.path,
            status=INVALID,
            identity=result.identity,
            problems=tuple(problems),
            locations=result.locations,
        )
    index, latest = max(
        enumerate(candidate.decisions), key=lambda item: (item[1].meeting.date, item[0])
    )
    outcome = DecisionOutcome(
        track=latest.track,
        meeting_date=latest.meeting.date.isoformat(),
        meeting_name=latest.meeting.name,
        reason=latest.reason,
        approved_by=latest.approved_by,
        expires=latest.expires.isoformat() if latest.expires else None,
        review_by=latest.review_by.isoformat() if latest.review_by else None,
        minutes=tuple(latest.minutes),
        expired=latest.expires is not None and latest.expires < today,
        past_review=latest.review_by is not None and latest.review_by < today,
        disagrees=_disagrees(latest.track, result),
        index=index,
        form=latest.form,
        basis=latest.basis,
        illustrative=candidate.figures == "illustrative",
    )
    return replace(result, decision=outcome)


def _disagrees(decided: str, result: Result) -> bool:
    """Whether the rules' verdict contradicts the decision. A candidate the council still
    studies agrees only while the rules give no confident track either."""
    if decided == "under_study":
        return result.track is not None and result.track != "standardize"
    return decided != result.verdict


def _dates(result: Result, index: int, decision: Decision) -> list[Problem]:
    """``expires`` and ``review_by`` come after the meeting that took the decision."""
    meeting = decision.meeting.date
    out = []
    for key, date in (("expires", decision.expires), ("review_by", decision.review_by)):
        if date is not None and date < meeting:
            field = f"decisions.{index}.{key}"
            out.append(
                Problem(
                    result.locate(field),
                    f"{key} {date.isoformat()} is before the meeting of {meeting.isoformat()}",
                    field=field,
                    hint="a decision cannot lapse before it is taken: check both dates",
                )
            )
    return out


def _forbidden(result: Result, index: int, track: str, ruleset: RuleSet) -> list[Problem]:
    where = result.locate(f"decisions.{index}.track")
    if track == "standardize" and result.track != "standardize":
        return [
            Problem(
                where,
                "only the 20 businesses of the standardization act can be decided 'standardize'",
                field=f"decisions.{index}.track",
                hint="choose commonize, joint_procurement or deferred",
            )
        ]
    if track != "commonize":
        return []
    blocking = [f.id for g in result.gates for f in g.fired if not ruleset.rules[f.id].waivable]
    return [
        Problem(
            where,
            f"the council cannot decide 'commonize': rule {rule_id} fired and is not waivable",
            field=f"decisions.{index}.track",
            hint=f"see {ruleset.rules[rule_id].location}",
        )
        for rule_id in blocking
    ]
