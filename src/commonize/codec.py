"""Result ↔ plain JSON data, losslessly, for the cache (not a presentation format).

Fired rules are stored by id and rebuilt from the rule set: the cache key includes the
rule set's hash, so the ids always resolve to the same rules.
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
        "gates": [_gate(g) for g in r.gates],
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
        identity=Identity(
            id=ident["id"],
            name=Bilingual(**ident["name"]),
            kind=ident["kind"],
            ministry=ident["ministry"],
            standardized_business=ident["standardized_business"],
        )
        if ident
        else None,
        track=d["track"],
        possible_tracks=tuple(d["possible_tracks"]),
        stopped_at=d["stopped_at"],
        form=d["form"],
        readiness=d["readiness"],
        conditions=_fired(ruleset, tuple(d["conditions"])),
        gates=tuple(
            GateResult(
                id=g["id"],
                status=g["status"],
                examined=g["examined"],
                score=g["score"],
                threshold=g["threshold"],
                minimum=g["minimum"],
                maximum=g["maximum"],
                fired=_fired(ruleset, tuple(g["fired"])),
                not_fired=tuple(g["not_fired"]),
                unknown=tuple(g["unknown"]),
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
    from commonize.scoring import fired_rule

    return tuple(fired_rule(ruleset, i) for i in ids)


def _identity(i: Identity | None) -> dict[str, Any] | None:
    if i is None:
        return None
    return {
        "id": i.id,
        "name": {"ja": i.name.ja, "en": i.name.en},
        "kind": i.kind,
        "ministry": i.ministry,
        "standardized_business": i.standardized_business,
    }


def _gate(g: GateResult) -> dict[str, Any]:
    return {
        "id": g.id,
        "status": g.status,
        "examined": g.examined,
        "score": g.score,
        "threshold": g.threshold,
        "minimum": g.minimum,
        "maximum": g.maximum,
        "fired": [f.id for f in g.fired],
        "not_fired": list(g.not_fired),
        "unknown": list(g.unknown),
    }


def _problem(p: Problem) -> dict[str, Any]:
    loc = p.location
    return {
        "location": [loc.path, loc.line, loc.column],
        "message": p.message,
        "field": p.field,
        "hint": p.hint,
        "code": p.code,
    }
