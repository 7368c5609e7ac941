"""A batch's results as CI findings: what SARIF, JUnit, GitHub and Markdown report (pure).

A finding is one thing a reviewer should see, pinned to the YAML key it is about: an invalid
file, a gate not met, an unknown indicator that could change the outcome, a track that moved
since the baseline, a council decision past its date, a borderline result. The CI policy
(``--fail-on``) decides which findings fail the run; a failing finding is an ``error``
whatever its usual level, so every format shows the same verdict as the exit code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from commonize import labels
from commonize.errors import EXIT_INVALID, EXIT_OK, Problem, SourceLocation
from commonize.labels import LANGS, count
from commonize.problem_text import translate
from commonize.results import INVALID, Outline, Result

if TYPE_CHECKING:
    from commonize.results import Batch
    from commonize.rules.load import RuleSet

# What --fail-on accepts. `invalid` always fails: exit code 1 for an invalid file is the
# documented contract, and a policy can only add to it.
FAIL_ON = ("invalid", "unknown", "track-change", "expired")

# check -> (level when it does not fail, the --fail-on value that makes it fail)
_CHECKS: dict[str, tuple[str, str | None]] = {
    "invalid-file": ("error", "invalid"),
    "gate-not-met": ("note", None),
    "needs-information": ("warning", "unknown"),
    "unknown-indicator": ("warning", "unknown"),
    "track-changed": ("warning", "track-change"),
    "decision-expired": ("warning", "expired"),
    "decision-review-due": ("warning", "expired"),
    "decision-override": ("note", None),
    "borderline": ("note", None),
}


def text(key: str, **fields: object) -> dict[str, str]:
    """A finding's sentence (``findings.<key>`` in the catalogue) in both languages;
    ``fields`` may hold per-language values as dicts."""
    return {
        lang: labels.text(
            f"findings.{key}",
            lang,
            **{k: v[lang] if isinstance(v, Mapping) else v for k, v in fields.items()},
        )
        for lang in LANGS
    }


@dataclass(frozen=True)
class Check:
    """What a finding's rule id means: SARIF's reportingDescriptor, JUnit's failure type."""

    id: str
    name: str  # PascalCase, as SARIF viewers display it
    level: str  # error | warning | note, when the policy does not make it fail
    description: dict[str, str]
    clause: str | None = None  # id of the policy clause in the rule set


@dataclass(frozen=True)
class Finding:
    rule: str
    level: str  # error | warning | note
    fails: bool  # fails the run under the policy
    message: dict[str, str]
    location: SourceLocation
    key: str  # the dotted YAML key concerned ("" for the file itself)
    candidate: str | None
    clause: str | None = None
    properties: dict[str, object] = field(default_factory=dict, compare=False)

    @property
    def fingerprint(self) -> str:
        """Stable across line moves: the same finding on the same key keeps its identity."""
        raw = "\0".join((self.rule, self.location.path, self.key, self.message["en"]))
        return hashlib.sha256(raw.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Policy:
    fail_on: frozenset[str] = frozenset({"invalid"})

    def fails(self, rule: str) -> bool:
        reason = _CHECKS[rule.split("/")[0]][1]
        return reason == "invalid" or (reason is not None and reason in self.fail_on)

    def fails_result(self, r: Result | Outline, change: BaselineChange | None = None) -> bool:
        """Whether this result fails the run: the one place the exit code is decided.

        Without building findings, so a stream can ask it of each result as it goes by (of
        its outline, all that it reads); ``change`` is the result's change since the
        baseline, if any. ``analyse`` sets each finding's ``fails`` from ``fails`` above; a
        test keeps the two in step.
        """
        o = r if isinstance(r, Outline) else r.outline
        if o.status == INVALID:
            return True
        if "unknown" in self.fail_on and (o.needs_information or o.open_unknowns):
            return True
        if "track-change" in self.fail_on and change is not None and change.is_track_change:
            return True
        return "expired" in self.fail_on and o.decision_lapsed


@dataclass(frozen=True)
class Baseline:
    """A previous run's tracks (``--format json``), by candidate id and by file."""

    source: str
    by_id: dict[str, str]  # id -> track | "invalid"
    by_path: dict[str, tuple[str | None, str]]  # path -> (id, track | "invalid")


@dataclass(frozen=True)
class BaselineChange:
    """A candidate whose state differs from the baseline: a track, "invalid" or "absent"."""

    path: str
    id: str | None
    before: str
    after: str

    @property
    def is_track_change(self) -> bool:
        return self.before not in ("invalid", "absent") and self.after not in ("invalid", "absent")


@dataclass(frozen=True)
class Analysis:
    findings: tuple[Finding, ...]
    changes: tuple[BaselineChange, ...]
    exit_code: int  # EXIT_INVALID when some result fails the run (Policy.fails_result)

    @property
    def failing(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.fails)

    def of(self, path: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.location.path == path)


def checks(ruleset: RuleSet) -> tuple[Check, ...]:
    """Every rule id a finding may carry, in a fixed order (SARIF's ruleIndex)."""
    gates = [
        Check(
            f"gate-not-met/{g.id}",
            "GateNotMet" + "".join(w.capitalize() for w in g.id.split("_")),
            "note",
            text("gate-not-met", gate={"ja": g.label.ja, "en": g.label.en}),
            g.clause,
        )
        for g in ruleset.gates
    ]
    names = {
        "invalid-file": "InvalidFile",
        "needs-information": "NeedsInformation",
        "unknown-indicator": "UnknownIndicator",
        "track-changed": "TrackChanged",
        "decision-expired": "DecisionExpired",
        "decision-review-due": "DecisionReviewDue",
        "decision-override": "DecisionOverride",
        "borderline": "Borderline",
    }
    plain = [Check(k, v, _CHECKS[k][0], text(k)) for k, v in names.items()]
    return (plain[0], *gates, *plain[1:])


def analyse(batch: Batch, policy: Policy, baseline: Baseline | None = None) -> Analysis:
    moved = changes(batch.results, baseline) if baseline else ()
    by_path = {r.path: r for r in batch.results}
    raw = [f for r in batch.results for f in _of(r, batch.ruleset)]
    raw += [_changed(c, by_path[c.path], batch.ruleset) for c in moved if c.is_track_change]
    found = sorted((_apply(f, policy) for f in raw), key=_order)
    moves = {c.path: c for c in moved}
    failed = any(policy.fails_result(r, moves.get(r.path)) for r in batch.results)
    return Analysis(tuple(found), moved, EXIT_INVALID if failed else EXIT_OK)


def changes(results: tuple[Result, ...], baseline: Baseline) -> tuple[BaselineChange, ...]:
    """Candidates added, removed, broken, fixed or moved since the baseline, by path."""
    out, seen_ids, seen_paths = [], set(), set()
    for r in results:
        if r.status != INVALID and not r.gates:
            continue  # validate only: there is no track to compare
        after = r.verdict or "invalid"
        if r.id is not None and r.id in baseline.by_id:
            cid, before = r.id, baseline.by_id[r.id]
        elif r.path in baseline.by_path:
            cid, before = baseline.by_path[r.path]
            cid = r.id or cid
        else:
            cid, before = r.id, "absent"
        if cid is not None:
            seen_ids.add(cid)
        seen_paths.add(r.path)
        if before != after:
            out.append(BaselineChange(r.path, cid, before, after))
    for path, (cid, before) in baseline.by_path.items():
        if path not in seen_paths and cid not in seen_ids:
            out.append(BaselineChange(path, cid, before, "absent"))
    return tuple(sorted(out, key=lambda c: (c.path, c.id or "")))


def state_label(state: str, rs: RuleSet, lang: str) -> str:
    """A track, "invalid" or "absent", as a reader calls it."""
    if state == "invalid":
        return labels.text("messages.invalid", lang)
    if state == "absent":
        return labels.text("findings.absent", lang)
    return rs.verdict_label(state, lang)


def decided_label(track: str, rs: RuleSet, lang: str) -> str:
    """A council's decided track: a track's label, or "deferred"."""
    if track in ("deferred", "under_study"):
        return labels.text(f"messages.{track}", lang)
    return getattr(rs.meta.tracks, track).label.get(lang)


def _apply(f: Finding, policy: Policy) -> Finding:
    if policy.fails(f.rule):
        return replace(f, fails=True, level="error")
    return replace(f, fails=False, level=_CHECKS[f.rule.split("/")[0]][0])


def _order(f: Finding) -> tuple[object, ...]:
    loc = f.location
    return (loc.path, loc.line or 0, loc.column or 0, f.rule, f.message["en"])


def _finding(
    r: Result,
    rule: str,
    key: str,
    message: dict[str, str],
    clause: str | None = None,
    **props: object,
) -> Finding:
    return Finding(rule, "note", False, message, r.locate(key), key, r.id, clause, dict(props))


def _of(r: Result, rs: RuleSet) -> list[Finding]:
    if r.status == INVALID:
        return [_problem(r, p) for p in r.problems]
    if not r.gates:  # validate only: no rule ran
        return []
    out = []
    if r.needs_information:
        tracks = {
            lang: " / ".join(rs.verdict_label(x, lang) for x in r.possible_tracks) for lang in LANGS
        }
        first = [u.field for u in r.unknowns if u.could_change_outcome][:3]
        msg = text("m-needs-information", tracks=tracks, fields=", ".join(first) or "-")
        out.append(
            _finding(r, "needs-information", "id", msg, None, possible=list(r.possible_tracks))
        )
    for g in r.gates:
        if g.examined and g.status == "fail":
            gate = rs.gate(g.id)
            msg = {
                lang: labels.text(
                    "messages.gate_failed",
                    lang,
                    gate=gate.label.get(lang),
                    score=g.score,
                    score_points=count(g.score, "point"),
                    threshold=g.threshold,
                )
                for lang in LANGS
            }
            out.append(_finding(r, f"gate-not-met/{g.id}", g.id, msg, gate.clause))
    for u in r.unknowns:
        if u.could_change_outcome:
            msg = text("m-unknown", field=u.field, rules=", ".join(u.rules) or "-")
            # The clause of the gate the unknown could decide (solution.shape decides a form).
            clause = rs.gate(rs.rules[u.rules[0]].gate).clause if u.rules else None
            out.append(_finding(r, "unknown-indicator", u.field, msg, clause, rules=list(u.rules)))
    out += _decision(r, rs)
    s = r.sensitivity
    if s is not None and s.borderline:
        moves = ", ".join(s.moves) or ", ".join(s.tracks)
        out.append(
            _finding(r, "borderline", "id", text("m-borderline", pct=f"{s.pct:g}", moves=moves))
        )
    return out


def _problem(r: Result, p: Problem) -> Finding:
    key = p.field or ""
    # A problem about a whole key (a duplicate id) may come without a line: point at the key.
    where = p.location if p.location.line is not None else r.locate(key)

    def what(lang: str) -> str:
        message, hint = translate(p.message, lang), p.hint and translate(p.hint, lang)
        return (f"{p.field}: {message}" if p.field else message) + (f" ({hint})" if hint else "")

    text = {lang: what(lang) for lang in LANGS}
    return Finding("invalid-file", "error", True, text, where, key, r.id)


def _decision(r: Result, rs: RuleSet) -> list[Finding]:
    d = r.decision
    if d is None:
        return []
    at = f"decisions.{d.index}"
    when = {"date": d.meeting_date, "meeting": d.meeting_name}
    out = []
    if d.disagrees:
        msg = text(
            "m-override",
            recommended={lang: state_label(r.verdict or "invalid", rs, lang) for lang in LANGS},
            decided={lang: decided_label(d.track, rs, lang) for lang in LANGS},
            reason=d.reason,
            approved_by=d.approved_by,
            **when,
        )
        out.append(_finding(r, "decision-override", f"{at}.track", msg))
    if d.expired:
        msg = text("m-expired", expires=d.expires, **when)
        out.append(_finding(r, "decision-expired", f"{at}.expires", msg))
    if d.past_review:
        msg = text("m-review", review_by=d.review_by, **when)
        out.append(_finding(r, "decision-review-due", f"{at}.review_by", msg))
    return out


def _changed(c: BaselineChange, r: Result, rs: RuleSet) -> Finding:
    before = {lang: state_label(c.before, rs, lang) for lang in LANGS}
    after = {lang: state_label(c.after, rs, lang) for lang in LANGS}
    msg = text("m-changed", before=before, after=after)
    return _finding(r, "track-changed", "id", msg, before=c.before, after=c.after)
