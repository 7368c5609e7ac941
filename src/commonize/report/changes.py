"""Changes since the previous meeting: this run against an earlier ``evaluate --format json``.

For each track change the report says whether the rule set changed (the JSON carries the
rule set's SHA-256) and whether the candidate data changed. For the data the best signal is
the candidate file's SHA-256 when the previous JSON carries it (``results[].sha256``);
otherwise what the rules saw: a rule that fired before and not now (or the other way round)
means the data changed — unless the rule set changed too, when it could be either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize.errors import UsageError
from commonize.labels import Labels
from commonize.report.model import CandidateView, ChangedCandidate, Changes, ListedCandidate
from commonize.results import OK, UNDETERMINED, GateResult, Result
from commonize.resultsfile import SavedGate, SavedResult, read_results_file, saved_gate
from commonize.rules.load import RuleSet

MAX_BYTES = 64 * 1024 * 1024  # a JSON of tens of thousands of candidates; more is a mistake


@dataclass(frozen=True)
class Snapshot:
    ruleset: str
    ruleset_sha256: str
    results: dict[str, SavedResult]  # by id: the valid results that have a verdict


def load_previous(path: Path) -> Snapshot:
    """Read a ``commonize evaluate --format json`` file. Raises ``UsageError`` (exit 2)."""
    saved = read_results_file(path, "--previous file", max_bytes=MAX_BYTES)
    rs = saved.ruleset
    if rs.sha256 is None:
        raise UsageError(
            "--previous file is damaged: ruleset.sha256 is missing; "
            "give the output of `commonize evaluate --format json`",
            path,
        )
    results = {r.id: r for r in saved.results if r.status == OK and r.id and r.verdict}
    return Snapshot(f"{rs.name} {rs.version}", rs.sha256, results)


def compare(
    prev: Snapshot,
    results: tuple[Result, ...],
    views: tuple[CandidateView, ...],
    rs: RuleSet,
    L: Labels,
) -> Changes:
    rules_changed = prev.ruleset_sha256 != rs.sha256
    by_id = {r.id: r for r in results if r.id and r.verdict}
    invalid_paths = {r.path for r in results if r.status == "invalid"}
    new = tuple(
        ListedCandidate(v.id, v.name, v.track_label) for v in views if v.id not in prev.results
    )
    removed = tuple(
        ListedCandidate(pid, p.name.get(L.lang, pid), _track_label(p.verdict, rs, L.lang))
        for pid, p in sorted(prev.results.items())
        if pid not in by_id and p.path not in invalid_paths  # invalid now: listed as such
    )
    changed = []
    for v in views:
        p = prev.results.get(v.id)
        now = by_id.get(v.id)
        if p is None or now is None or p.verdict == now.verdict:
            continue
        data = data_changed(p, by_id[v.id], rules_changed)
        cause = _cause(rules_changed, data)
        changed.append(
            ChangedCandidate(
                id=v.id,
                name=v.name,
                before=_track_label(p.verdict, rs, L.lang),
                after=v.track_label,
                cause=cause,
                cause_label=L(cause),
                rules_changed=rules_changed,
                data_changed=data,
                scores=_score_changes(p, by_id[v.id], rs, L.lang),
            )
        )
    return Changes(
        prev.ruleset,
        prev.ruleset_sha256,
        rules_changed,
        new,
        removed,
        tuple(changed),
        rule_changes(prev, rs, L) if rules_changed else (),
    )


def rule_changes(prev: Snapshot, rs: RuleSet, L: Labels) -> tuple[str, ...]:
    """The thresholds and points that differ from the previous run, as far as its JSON tells
    (each result carries its gates' thresholds and the points of the rules that fired)."""
    thresholds: dict[str, Any] = {}
    points: dict[str, Any] = {}
    for p in prev.results.values():
        for gid, g in p.gates.items():
            thresholds.setdefault(gid, g.threshold)
        for rule, value in p.points.items():
            points.setdefault(rule, value)
    out = []
    for gate in rs.gates:
        before = thresholds.get(gate.id)
        if before is not None and before != gate.threshold:
            label = gate.label.get(L.lang)
            out.append(L("changed_threshold", gate=label, before=before, after=gate.threshold))
    for rule_id, before in sorted(points.items()):
        rule = rs.rules.get(rule_id)
        if rule is not None and rule.points != before:
            reason = rule.reason.get(L.lang)
            out.append(L("changed_points", reason=reason, before=before, after=rule.points))
    return tuple(out)


def data_changed(p: SavedResult, r: Result, rules_changed: bool) -> bool | None:
    """True/False when known; None when only the rule set's change could explain it too."""
    if p.sha256 and r.sha256:
        return p.sha256 != r.sha256
    before, now = _states(p.gates.values()), _states(saved_gate(g) for g in r.gates)
    differs = any(before[k] != now[k] for k in before.keys() & now.keys())
    if not differs:
        return False
    return None if rules_changed else True


def _states(gates: Iterable[SavedGate]) -> dict[str, str]:
    """Rule id → fired / not_fired / unknown, as the gates (of a results file) saw it."""
    out = {}
    for g in gates:
        for state, rules in (
            ("fired", g.fired),
            ("not_fired", g.not_fired),
            ("unknown", g.unknown),
        ):
            out.update(dict.fromkeys(rules, state))
    return out


def _cause(rules_changed: bool, data: bool | None) -> str:
    if rules_changed:
        return {True: "cause_both", False: "cause_rules", None: "cause_rules_maybe_data"}[data]
    return "cause_data" if data else "cause_neither"


def _score_changes(p: SavedResult, r: Result, rs: RuleSet, lang: str) -> str:
    parts = []
    for g in r.gates:
        old = p.gates.get(g.id)
        if old is None:
            continue
        was, now = _score(old), _score(g)
        if was != now or old.threshold != g.threshold:
            label = rs.gate(g.id).label.get(lang)
            parts.append(f"{label} {was}/{old.threshold} → {now}/{g.threshold}")
    return "; ".join(parts)


def _score(g: SavedGate | GateResult) -> str:
    """A gate's score; its range when unknown indicators left it open."""
    if g.status == UNDETERMINED and g.minimum != g.maximum:
        return f"{g.minimum}~{g.maximum}"
    return f"{g.score}"


def _track_label(track: str, rs: RuleSet, lang: str) -> str:
    try:
        return rs.verdict_label(track, lang)
    except AttributeError:  # a track a newer or older rule set named: show its id
        return track
