"""``--format json``: the documented, versioned machine output (see docs/json-format.md).

Language-neutral: every text is given in both Japanese and English. Keys are stable and
sorted; no timestamps, so the same inputs give byte-identical output.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from typing import Any, TextIO

from commonize import __version__
from commonize.api import Batch
from commonize.errors import Problem
from commonize.explain import Line, explain
from commonize.render import RenderOptions
from commonize.results import TRACKS, DecisionOutcome, FiredRule, GateResult, Result
from commonize.rules.load import RuleSet

FORMAT = "commonize-results"
FORMAT_VERSION = 2  # 2: needs_information, possible_tracks, verdict, swing
READABLE_VERSIONS = (1, 2)  # results files --baseline and --previous accept


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    stream(iter(batch.results), batch.ruleset, out)


def stream(results: Iterator[Result], rs: RuleSet, out: TextIO) -> None:
    """Write the document one result at a time, so memory stays flat however many there are.

    The document is indented, except that each result takes one line: Python's C encoder
    only runs without indentation, and pretty-printing every result cost more than
    evaluating it. Keys are sorted, so "results" comes before "ruleset" and "summary", and
    the summary can be counted while the results go by.
    """
    head = {"commonize_version": __version__, "format": FORMAT, "format_version": FORMAT_VERSION}
    out.write("{\n")
    for key, value in head.items():
        out.write(f"  {json.dumps(key)}: {_dumps(value)},\n")
    counts = dict.fromkeys(TRACKS, 0)
    total = invalid = open_ = 0
    out.write('  "results": [')
    for r in results:
        out.write((",\n    " if total else "\n    ") + result_line(r, rs))
        total += 1
        invalid += r.status == "invalid"
        open_ += r.needs_information
        if r.track in counts:
            counts[r.track] += 1
    out.write("\n  ],\n" if total else "],\n")
    tail = {
        "ruleset": {"name": rs.meta.name, "version": rs.meta.version, "sha256": rs.sha256},
        "summary": {
            "candidates": total,
            "invalid": invalid,
            "needs_information": open_,
            "tracks": counts,
        },
    }
    out.write(f'  "ruleset": {_indented(tail["ruleset"])},\n')
    out.write(f'  "summary": {_indented(tail["summary"])}\n')
    out.write("}\n")


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True)


def _indented(value: Any) -> str:
    return _dumps(value, indent=2).replace("\n", "\n  ")


def result_line(r: Result, rs: RuleSet) -> str:
    """``result_dict`` as one line of sorted JSON: the form ``stream`` writes.

    The fired rules are two thirds of a line and each one's entry depends only on the rule,
    so it is encoded once per rule set and spliced in rather than encoded per candidate.
    """
    if r.json_line is not None:
        return r.json_line
    out = result_dict(r, rs, fired=False)
    if not r.gates:  # invalid, or validate only: no rule ran
        return _dumps(out)
    # Sorted keys: the line is the keys before "fired", "fired", then the keys after it.
    # Encoding the two halves apart puts the list at its place whatever the texts contain.
    before = _dumps({k: v for k, v in out.items() if k < "fired"})
    after = _dumps({k: v for k, v in out.items() if k > "fired"})
    fired = ", ".join(_fired_json(f, rs) for g in r.gates for f in g.fired)
    head = before[:-1] + ", " if len(before) > 2 else "{"
    tail = ", " + after[1:] if len(after) > 2 else "}"
    return f'{head}"fired": [{fired}]{tail}'


@functools.lru_cache(maxsize=4096)
def _fired_json(f: FiredRule, rs: RuleSet) -> str:
    return _dumps(fired_dict(f, rs))


def document(batch: Batch) -> dict[str, Any]:
    rs = batch.ruleset
    counts = {t: sum(1 for r in batch.results if r.track == t) for t in TRACKS}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "commonize_version": __version__,
        "ruleset": {"name": rs.meta.name, "version": rs.meta.version, "sha256": rs.sha256},
        "summary": {
            "candidates": len(batch.results),
            "invalid": len(batch.invalid),
            "needs_information": sum(1 for r in batch.results if r.needs_information),
            "tracks": counts,
        },
        "results": [result_dict(r, rs) for r in batch.results],
    }


def result_dict(r: Result, rs: RuleSet, *, fired: bool = True) -> dict[str, Any]:
    """The result as the JSON format gives it; ``fired=False`` leaves the fired list out."""
    out: dict[str, Any] = {
        "path": r.path,
        "status": r.status,
        "problems": [problem_dict(p) for p in r.problems],
        # The candidate file's bytes: tells a data change from a rule-set change later.
        "sha256": r.sha256,
    }
    if r.identity is None:
        return out | {"id": None, "track": None}
    ident = r.identity
    out |= {
        "id": ident.id,
        "name": {"ja": ident.name.ja, "en": ident.name.en},
        "kind": ident.kind,
        "ministry": ident.ministry,
        "standardized_business": ident.standardized_business,
        "track": r.track,
    }
    if not r.gates:  # validate only
        return out
    out["verdict"] = r.verdict
    out["possible_tracks"] = list(r.possible_tracks)
    out["decision"] = decision_dict(r.decision) if r.decision else None
    form = rs.meta.forms[r.form] if r.form else None
    ex = explain(r, rs)
    if r.sensitivity is not None:  # only with --sensitivity: other outputs stay as they were
        s = r.sensitivity
        out["sensitivity"] = {
            "pct": s.pct,
            "borderline": s.borderline,
            "tracks": list(s.tracks),
            "moves": list(s.moves),
        }
    if fired:
        out["fired"] = [fired_dict(f, rs) for g in r.gates for f in g.fired]
    return out | {
        "stopped_at": r.stopped_at,
        "provisional": r.provisional,
        "form": r.form,
        "who_pays": _clause(rs, form.clause) if form else None,
        "readiness": r.readiness,
        "conditions": [
            {"rule": f.id, "ja": f.condition.ja, "en": f.condition.en}
            for f in r.conditions
            if f.condition
        ],
        "gates": {g.id: gate_dict(g) for g in r.gates},
        "unknown_indicators": [
            {
                "field": u.field,
                "rules": list(u.rules),
                "could_change_outcome": u.could_change_outcome,
                "swing": u.swing,
            }
            for u in r.unknowns
        ],
        "explanation": {
            "verdict": [_line(x) for x in ex.verdict],
            "why_not": {track: [_line(x) for x in lines] for track, lines in ex.why_not.items()},
        },
    }


def decision_dict(d: DecisionOutcome) -> dict[str, Any]:
    return {
        "track": d.track,
        "form": d.form,
        "basis": d.basis,
        "meeting": {"date": d.meeting_date, "name": d.meeting_name},
        "reason": d.reason,
        "approved_by": d.approved_by,
        "expires": d.expires,
        "review_by": d.review_by,
        "minutes": list(d.minutes),
        "expired": d.expired,
        "past_review": d.past_review,
        "disagrees": d.disagrees,
    }


def gate_dict(g: GateResult) -> dict[str, Any]:
    return {
        "status": g.status,
        "passed": g.passed,
        "examined": g.examined,
        "score": g.score,
        "threshold": g.threshold,
        "margin": g.margin,
        "min": g.minimum,
        "max": g.maximum,
        "fired": [f.id for f in g.fired],
        "not_fired": list(g.not_fired),
        "unknown": list(g.unknown),
    }


def fired_dict(f: FiredRule, rs: RuleSet) -> dict[str, Any]:
    return {
        "rule": f.id,
        "gate": f.gate,
        "points": f.points,
        "clause": _clause(rs, f.clause),
        "reason": {"ja": f.reason.ja, "en": f.reason.en},
    }


def problem_dict(p: Problem) -> dict[str, Any]:
    loc = p.location
    return {
        "file": loc.path,
        "line": loc.line,
        "column": loc.column,
        "field": p.field,
        "message": p.message,
        "hint": p.hint,
    }


def _clause(rs: RuleSet, clause_id: str) -> dict[str, str]:
    c = rs.meta.clauses[clause_id]
    return {"id": clause_id, "ja": c.ja, "en": c.en}


def _line(line: Line) -> dict[str, Any]:
    return {"clause": line.clause, **line.text}
