"""The results file: what ``--format json`` writes and ``--baseline``, ``diff --results`` and
``report --previous`` read back (documented in docs/json-format.md).

The one place the format is known: ``result_dict`` turns a result into its JSON object,
``result_line`` into its line of the document, ``write_document`` writes a whole document
and ``read_results_file`` reads one back as typed records. Decision records (records.py)
embed ``result_dict``; the cache stores ``result_line`` beside its own lossless copy.

Language-neutral: every text is given in both Japanese and English. Keys are stable and
sorted; no timestamps, so the same inputs give byte-identical output.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from commonize.errors import Problem, UsageError
from commonize.explain import Line, explain
from commonize.jsonfile import MAX_JSON_BYTES, read_json
from commonize.results import (
    INVALID,
    TRACKS,
    DecisionOutcome,
    FiredRule,
    GateResult,
    Outline,
    Result,
)
from commonize.rules.load import RuleSet
from commonize.scoring import fired_rule
from commonize.version import __version__

FORMAT = "commonize-results"
FORMAT_VERSION = 2  # 2: needs_information, possible_tracks, verdict, swing
READABLE_VERSIONS = (1, 2)  # what read_results_file accepts
_WRITE_ONE = "write one with `commonize evaluate --format json`"


# Writing ---------------------------------------------------------------------------------


class Serialized:
    """A result on its way to the results file: its outline, its line when something already
    encoded it (the cache, a worker), and the whole result.

    A ``--jobs`` worker sends the whole result as text, decoded here only when asked for:
    a streamed run asks only for those that fail it or go to the cache.
    """

    __slots__ = ("_decode", "_result", "line", "outline")

    def __init__(
        self,
        outline: Outline,
        line: str | None,
        result: Result | None = None,
        decode: Callable[[], Result] | None = None,
    ) -> None:
        if (result is None) == (decode is None):
            raise ValueError("a Serialized needs its result or a way to decode it, not both")
        self.outline = outline
        self.line = line  # None: ``write_document`` encodes it
        self._result = result
        self._decode = decode

    @classmethod
    def of(cls, result: Result, line: str | None = None) -> Serialized:
        return cls(result.outline, line, result)

    @property
    def result(self) -> Result:
        if self._result is None:
            assert self._decode is not None
            self._result, self._decode = self._decode(), None
        return self._result


def write_document(items: Iterable[Serialized], rs: RuleSet, out: TextIO) -> None:
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
    for item in items:
        line = item.line or result_line(item.result, rs)
        out.write((",\n    " if total else "\n    ") + line)
        o = item.outline
        total += 1
        invalid += o.status == INVALID
        open_ += o.needs_information
        if o.track in counts:
            counts[o.track] += 1
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


def write_results(results: Iterable[Result], rs: RuleSet, out: TextIO) -> None:
    """``write_document`` of results that nothing encoded yet."""
    write_document((Serialized.of(r) for r in results), rs, out)


def document(results: Iterable[Result], rs: RuleSet) -> dict[str, Any]:
    """The document as data: what a reader of the written file gets."""
    out = io.StringIO()
    write_results(results, rs, out)
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _dumps(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=True)


def _indented(value: Any) -> str:
    return _dumps(value, indent=2).replace("\n", "\n  ")


def result_line(r: Result, rs: RuleSet) -> str:
    """``result_dict`` as one line of sorted JSON: the form ``write_document`` writes.

    The fired rules and the explanation are most of a line, and they are made of parts
    shared across a batch: a fired rule's entry depends only on the rule, and an
    explanation's sentences recur (``explain`` words each once). Those parts are encoded
    once and spliced in rather than encoded per candidate.
    """
    out = _fields(r, rs)
    if not r.gates or r.identity is None:  # invalid, or validate only: no rule ran
        return _dumps(out)
    # Sorted keys: the keys before "explanation", "explanation" and "fired" (adjacent in
    # that order), then the keys after them. Encoding the two halves apart puts the spliced
    # parts at their place whatever the texts contain.
    before = _dumps({k: v for k, v in out.items() if k < "explanation"})
    after = _dumps({k: v for k, v in out.items() if k > "fired"})
    ex = explain(r, rs)
    why_not = ", ".join(
        f"{_dumps(track)}: [{_lines_json(ex.why_not[track])}]" for track in sorted(ex.why_not)
    )
    fired = ", ".join(_fired_json(f.id, rs) for g in r.gates for f in g.fired)
    head = before[:-1] + ", " if len(before) > 2 else "{"
    tail = ", " + after[1:] if len(after) > 2 else "}"
    return (
        f'{head}"explanation": {{"verdict": [{_lines_json(ex.verdict)}], '
        f'"why_not": {{{why_not}}}}}, "fired": [{fired}]{tail}'
    )


@functools.lru_cache(maxsize=4096)
def _fired_json(rule_id: str, rs: RuleSet) -> str:
    # Keyed by id: a fired rule's entry is the rule set's (hashing the whole FiredRule, with
    # its texts, cost more than encoding it saved).
    return _dumps(fired_dict(fired_rule(rs, rule_id), rs))


# id(line) -> (line, its JSON). Keyed by identity because explain shares Line objects (and a
# Line, holding a dict, cannot be hashed); the entry holds its line, so while it is here no
# other object can have that id.
_LINE_JSON: dict[int, tuple[Line, str]] = {}


def _lines_json(lines: Iterable[Line]) -> str:
    out = []
    for line in lines:
        hit = _LINE_JSON.get(id(line))
        if hit is None or hit[0] is not line:
            if len(_LINE_JSON) >= 4096:
                _LINE_JSON.clear()
            hit = _LINE_JSON[id(line)] = (line, _dumps(_line(line)))
        out.append(hit[1])
    return ", ".join(out)


def result_dict(r: Result, rs: RuleSet) -> dict[str, Any]:
    """The result as the JSON format gives it."""
    out = _fields(r, rs)
    if r.gates and r.identity is not None:  # as _fields: no identity, no rule output
        ex = explain(r, rs)
        out["explanation"] = {
            "verdict": [_line(x) for x in ex.verdict],
            "why_not": {track: [_line(x) for x in lines] for track, lines in ex.why_not.items()},
        }
        out["fired"] = [fired_dict(f, rs) for g in r.gates for f in g.fired]
    return out


def _fields(r: Result, rs: RuleSet) -> dict[str, Any]:
    """Every key of ``result_dict`` but "explanation" and "fired", which need the rules."""
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
    if r.sensitivity is not None:  # only with --sensitivity: other outputs stay as they were
        s = r.sensitivity
        out["sensitivity"] = {
            "pct": s.pct,
            "borderline": s.borderline,
            "tracks": list(s.tracks),
            "moves": list(s.moves),
        }
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


# Reading ---------------------------------------------------------------------------------

Number = int | float


@dataclass(frozen=True)
class SavedGate:
    """A gate of a saved result. Version 1 files may lack ``min``/``max``: the score then,
    and ``ranged`` is False (a comparison must not read that as a range that moved)."""

    status: str
    examined: bool
    score: Number
    threshold: Number
    minimum: Number
    maximum: Number
    fired: tuple[str, ...]
    not_fired: tuple[str, ...]
    unknown: tuple[str, ...]
    ranged: bool = True


@dataclass(frozen=True)
class SavedResult:
    """One result of a results file, as much as the readers of a file need of it."""

    path: str
    status: str  # ok | invalid
    id: str | None
    # Version 2's verdict (a track or needs_information); version 1's track. None: no rule
    # ran (a `validate` document) or the file was invalid.
    verdict: str | None
    track: str | None
    name: Mapping[str, str]  # {ja, en}; empty for an invalid file
    stopped_at: str | None
    form: str | None
    readiness: str | None
    provisional: bool
    gates: Mapping[str, SavedGate]
    points: Mapping[str, Number]  # rule id -> points, of the rules that fired
    sha256: str | None  # of the candidate file, when the writer knew it


@dataclass(frozen=True)
class SavedRuleset:
    name: str | None
    version: str | None
    sha256: str | None


@dataclass(frozen=True)
class ResultsFile:
    path: Path
    format_version: int
    ruleset: SavedRuleset
    results: tuple[SavedResult, ...]


class _Damaged(Exception):
    """A part of the document that is missing or of the wrong type (its place)."""


def read_results_file(path: Path, what: str, *, max_bytes: int = MAX_JSON_BYTES) -> ResultsFile:
    """Read a results file; ``what`` names it in messages. Anything else is a ``UsageError``."""
    doc = read_json(path, what, max_bytes=max_bytes)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise UsageError(f"{what} is not a commonize results file; {_WRITE_ONE}", path)
    version = doc.get("format_version")
    if version not in READABLE_VERSIONS:
        raise UsageError(
            f"{what} has format_version {version!r}; "
            f"this commonize reads {', '.join(map(str, READABLE_VERSIONS))}",
            path,
        )
    try:
        rs = _get(doc, "ruleset", dict, "")
        ruleset = SavedRuleset(
            *(_opt(rs, key, str, f"ruleset.{key}") for key in ("name", "version", "sha256"))
        )
        items = _get(doc, "results", list, "")
        results = tuple(_result(item, f"results[{i}]") for i, item in enumerate(items))
    except _Damaged as e:
        raise UsageError(
            f"{what} is damaged: {e} is missing or of the wrong type; {_WRITE_ONE}", path
        ) from e
    return ResultsFile(path, version, ruleset, results)


def _result(item: Any, at: str) -> SavedResult:
    if not isinstance(item, dict):
        raise _Damaged(at)
    gates = _opt(item, "gates", dict, at) or {}
    fired = _opt(item, "fired", list, at) or []
    name = _opt(item, "name", dict, at) or {}
    return SavedResult(
        path=_get(item, "path", str, at),
        status=_get(item, "status", str, at),
        id=_opt(item, "id", str, at),
        verdict=_opt(item, "verdict", str, at) or _opt(item, "track", str, at),
        track=_opt(item, "track", str, at),
        name={str(k): str(v) for k, v in name.items()},
        stopped_at=_opt(item, "stopped_at", str, at),
        form=_opt(item, "form", str, at),
        readiness=_opt(item, "readiness", str, at),
        provisional=bool(item.get("provisional")),
        gates={str(k): _gate(g, f"{at}.gates.{k}") for k, g in gates.items()},
        points={
            _get(f, "rule", str, f"{at}.fired"): _get(f, "points", Number, f"{at}.fired")
            for f in fired
        },
        sha256=_opt(item, "sha256", str, at),
    )


def saved_gate(g: GateResult) -> SavedGate:
    """A gate as a results file holds it: what reading it back from the file would give."""
    return _gate(gate_dict(g), g.id)


def _gate(g: Any, at: str) -> SavedGate:
    if not isinstance(g, dict):
        raise _Damaged(at)
    score = _get(g, "score", Number, at)
    low, high = _opt(g, "min", Number, at), _opt(g, "max", Number, at)
    return SavedGate(
        status=_get(g, "status", str, at),
        examined=bool(g.get("examined")),
        score=score,
        threshold=_get(g, "threshold", Number, at),
        minimum=_or(low, score),
        maximum=_or(high, score),
        fired=_ids(g, "fired", at),
        not_fired=_ids(g, "not_fired", at),
        unknown=_ids(g, "unknown", at),
        ranged=low is not None and high is not None,
    )


def _or(value: Number | None, default: Number) -> Number:
    return default if value is None else value


def _ids(d: dict[str, Any], key: str, at: str) -> tuple[str, ...]:
    values = _opt(d, key, list, at) or []
    if not all(isinstance(v, str) for v in values):
        raise _Damaged(f"{at}.{key}")
    return tuple(values)


def _get(d: Any, key: str, kind: Any, at: str) -> Any:
    value = _opt(d, key, kind, at)
    if value is None:
        raise _Damaged(f"{at}.{key}".lstrip("."))
    return value


def _opt(d: Any, key: str, kind: Any, at: str) -> Any:
    value = d.get(key) if isinstance(d, dict) else None
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise _Damaged(f"{at}.{key}".lstrip("."))
    return value
