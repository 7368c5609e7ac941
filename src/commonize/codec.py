"""Result ↔ plain JSON data, losslessly: what the cache stores and ``--jobs`` workers send.

Not the results file (``commonize.resultsfile``): that one is documented, for people and
programs, and leaves out what only the program needs back (problem codes, a decision's
place in its file). Fired rules are stored by id and rebuilt from the rule set: the cache
key includes the rule set's hash, so the ids always resolve to the same rules.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from typing import Any

from commonize.errors import Problem, SourceLocation
from commonize.results import (
    DecisionOutcome,
    FiredRule,
    GateResult,
    Identity,
    Result,
    UnknownIndicator,
)
from commonize.rules.load import RuleSet
from commonize.rules.model import Bilingual
from commonize.scoring import fired_rule


def dump(r: Result) -> dict[str, Any]:
    return {
        "path": r.path,
        "status": r.status,
        "identity": _identity(r.identity),
        "track": r.track,
        "possible_tracks": list(r.possible_tracks),
        "stopped_at": r.stopped_at,
        "form": r.form,
        "readiness": r.readiness,
        "conditions": [f.id for f in r.conditions],
        # A gate's fields as they are (tuples encode as lists), its fired rules by id.
        "gates": [vars(g) | {"fired": [f.id for f in g.fired]} for g in r.gates],
        "unknowns": [[u.field, list(u.rules), u.could_change_outcome, u.swing] for u in r.unknowns],
        "problems": [_problem(p) for p in r.problems],
        "decision": vars(r.decision) | {"minutes": list(r.decision.minutes)}
        if r.decision
        else None,
        "sha256": r.sha256,
    }


def dumps(r: Result) -> str:
    """``dump`` as compact JSON text: what the cache stores and ``--jobs`` workers send."""
    return _encode(dump(r))


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def load(
    d: dict[str, Any], ruleset: RuleSet, locations: Mapping[str, tuple[int, int]] | None = None
) -> Result:
    ident = d["identity"]
    decision = d["decision"]
    return Result(
        path=d["path"],
        status=d["status"],
        identity=Identity(**ident | {"name": Bilingual(**ident["name"])}) if ident else None,
        track=d["track"],
        possible_tracks=tuple(d["possible_tracks"]),
        stopped_at=d["stopped_at"],
        form=d["form"],
        readiness=d["readiness"],
        conditions=_fired(ruleset, tuple(d["conditions"])),
        gates=tuple(
            GateResult(
                **g
                | {
                    "fired": _fired(ruleset, tuple(g["fired"])),
                    "not_fired": tuple(g["not_fired"]),
                    "unknown": tuple(g["unknown"]),
                }
            )
            for g in d["gates"]
        ),
        unknowns=tuple(
            UnknownIndicator(f, tuple(rules), bool(c), w) for f, rules, c, w in d["unknowns"]
        ),
        problems=tuple(
            Problem(SourceLocation(*p["location"]), p["message"], p["field"], p["hint"], p["code"])
            for p in d["problems"]
        ),
        decision=DecisionOutcome(**(decision | {"minutes": tuple(decision["minutes"])}))
        if decision
        else None,
        sha256=d["sha256"],
        locations={} if locations is None else locations,
    )


@functools.lru_cache(maxsize=4096)
def _fired(ruleset: RuleSet, ids: tuple[str, ...]) -> tuple[FiredRule, ...]:
    # The same few combinations of fired rules recur across a batch: build each tuple once.
    return tuple(fired_rule(ruleset, i) for i in ids)


def _identity(i: Identity | None) -> dict[str, Any] | None:
    return None if i is None else vars(i) | {"name": {"ja": i.name.ja, "en": i.name.en}}


def _problem(p: Problem) -> dict[str, Any]:
    loc = p.location
    return {
        "location": [loc.path, loc.line, loc.column],
        "message": p.message,
        "field": p.field,
        "hint": p.hint,
        "code": p.code,
    }
