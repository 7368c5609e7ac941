"""Decision diff: which candidates change track, gate results or form, and why.

Both sides become ``View``s — from evaluated results (two rule sets over the same
candidates) or from two ``--format json`` documents — so one comparison serves both.
"Why" is read from the views themselves (thresholds, rules that start or stop firing,
points), which works for results files too; with two rule sets the rule-set changes are
listed as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from commonize.analysis.words import condition
from commonize.results import Result
from commonize.resultsfile import SavedGate, saved_gate
from commonize.rules.load import RuleSet


@dataclass(frozen=True)
class View:
    key: str  # the candidate id, or the path of an invalid file
    path: str
    status: str
    track: str | None = None
    stopped_at: str | None = None
    form: str | None = None
    readiness: str | None = None
    provisional: bool = False
    # Gates as a results file holds them, whichever side was read from a file.
    gates: Mapping[str, SavedGate] = field(default_factory=dict)
    points: Mapping[str, int | float] = field(default_factory=dict)  # of each fired rule
    # Points of the unknown rules, when known (a rule-set diff): a change of them moves a
    # gate's range, and explains it.
    unknown_points: Mapping[str, int | float] = field(default_factory=dict)

    def headline(self) -> str:
        if self.track is None and self.status == "ok" and self.gates:
            return f"needs_information ({self.stopped_at})"
        if self.track is None:
            return self.status
        extra = self.stopped_at or "/".join(x for x in (self.form, self.readiness) if x)
        return f"{self.track} ({extra})" if extra else self.track


@dataclass(frozen=True)
class Change:
    key: str  # track, stopped_at, gates.effect.status, rules.ef-x.points …
    old: Any
    new: Any


@dataclass(frozen=True)
class CandidateDiff:
    key: str
    kind: str  # moved | gates | added | removed
    old: View | None
    new: View | None
    changes: tuple[Change, ...]
    why: tuple[Change, ...]


@dataclass(frozen=True)
class Side:
    """What one side was computed from: a rule set or a results file."""

    source: str
    name: str | None = None
    version: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Diff:
    old: Side
    new: Side
    rule_changes: tuple[Change, ...]
    candidates: tuple[CandidateDiff, ...]
    compared: int

    @property
    def moved(self) -> tuple[CandidateDiff, ...]:
        return tuple(c for c in self.candidates if c.kind != "gates")


_HEAD = ("status", "track", "stopped_at", "form", "readiness", "provisional")


def view_of(result: Result, ruleset: RuleSet | None = None) -> View:
    unknown = {u for g in result.gates for u in g.unknown}
    return View(
        result.id or result.path,
        result.path,
        result.status,
        result.track,
        result.stopped_at,
        result.form,
        result.readiness,
        result.provisional,
        {g.id: saved_gate(g) for g in result.gates},
        {f.id: f.points for g in result.gates for f in g.fired},
        {u: ruleset.rules[u].points for u in sorted(unknown)} if ruleset else {},
    )


def compare(
    old: Iterable[View],
    new: Iterable[View],
    *,
    old_side: Side,
    new_side: Side,
    rule_changes: tuple[Change, ...] = (),
) -> Diff:
    before = {v.key: v for v in old}
    after = {v.key: v for v in new}
    out = []
    for key in sorted(before.keys() | after.keys()):
        a, b = before.get(key), after.get(key)
        if a is None or b is None:
            out.append(CandidateDiff(key, "added" if a is None else "removed", a, b, (), ()))
            continue
        changes = _head_changes(a, b) + _gate_changes(a, b)
        if changes:
            moved = any(c.key in _HEAD for c in changes)
            out.append(CandidateDiff(key, "moved" if moved else "gates", a, b, changes, _why(a, b)))
    compared = len(before.keys() & after.keys())
    return Diff(old_side, new_side, rule_changes, tuple(out), compared)


def _head_changes(a: View, b: View) -> tuple[Change, ...]:
    return tuple(
        Change(k, getattr(a, k), getattr(b, k)) for k in _HEAD if getattr(a, k) != getattr(b, k)
    )


def _gate_changes(a: View, b: View) -> tuple[Change, ...]:
    out = []
    for gate in _gate_order(a, b):
        ga, gb = a.gates.get(gate), b.gates.get(gate)
        if ga is None or gb is None:
            out.append(Change(f"gates.{gate}", _gate_word(ga), _gate_word(gb)))
            continue
        # A version 1 file has no range: its score stands in, which is no change of range.
        ranged = ("minimum", "maximum") if ga.ranged and gb.ranged else ()
        for attr in ("status", "examined", "score", *ranged):
            if getattr(ga, attr) != getattr(gb, attr):
                out.append(Change(f"gates.{gate}.{attr}", getattr(ga, attr), getattr(gb, attr)))
    return tuple(out)


def _why(a: View, b: View) -> tuple[Change, ...]:
    """The differences in rules and thresholds that explain the gate changes."""
    out = []
    for gate in _gate_order(a, b):
        ga, gb = a.gates.get(gate), b.gates.get(gate)
        if ga is None or gb is None:
            continue
        if ga.threshold != gb.threshold:
            out.append(Change(f"gates.{gate}.threshold", ga.threshold, gb.threshold))
        for rule in sorted({*ga.fired, *gb.fired}):
            pa = a.points.get(rule, 0) if rule in ga.fired else None
            pb = b.points.get(rule, 0) if rule in gb.fired else None
            if pa is not None and pb is not None and pa != pb:
                out.append(Change(f"rules.{rule}.points", pa, pb))
            elif pa != pb:
                out.append(Change(f"rules.{rule}", _fires(pa, rule, ga), _fires(pb, rule, gb)))
        both = {*ga.unknown} & {*gb.unknown} & a.unknown_points.keys() & b.unknown_points.keys()
        for rule in sorted(both):
            pa, pb = a.unknown_points[rule], b.unknown_points[rule]
            if pa != pb:
                out.append(Change(f"rules.{rule}.points", pa, pb))
    return tuple(out)


def _fires(points: int | float | None, rule: str, gate: SavedGate) -> str:
    if points is not None:
        return f"fires ({points:+})"
    return "unknown" if rule in gate.unknown else "does not fire"


def _gate_order(a: View, b: View) -> list[str]:
    return list(dict.fromkeys([*a.gates, *b.gates]))


def _gate_word(g: SavedGate | None) -> str:
    return "absent" if g is None else g.status


def ruleset_changes(old: RuleSet, new: RuleSet) -> tuple[Change, ...]:
    """What differs between two rule sets: gates, thresholds, rules, forms."""
    out: list[Change] = []
    old_gates, new_gates = [g.id for g in old.gates], [g.id for g in new.gates]
    if old_gates != new_gates:
        out.append(Change("gates", ", ".join(old_gates), ", ".join(new_gates)))
    for gate in old_gates:
        if gate in new_gates and old.gate(gate).threshold != new.gate(gate).threshold:
            key = f"gates.{gate}.threshold"
            out.append(Change(key, old.gate(gate).threshold, new.gate(gate).threshold))
    for rule in list(dict.fromkeys([*old.rules, *new.rules])):
        a, b = old.rules.get(rule), new.rules.get(rule)
        if a is None or b is None:
            out.append(
                Change(f"rules.{rule}", "present" if a else "absent", "present" if b else "absent")
            )
            continue
        for attr in ("gate", "points", "when", "clause", "condition", "waivable"):
            va, vb = getattr(a, attr), getattr(b, attr)
            if va != vb:
                out.append(Change(f"rules.{rule}.{attr}", _plain(va), _plain(vb)))
    for form in list(dict.fromkeys([*old.meta.forms, *new.meta.forms])):
        fa, fb = old.meta.forms.get(form), new.meta.forms.get(form)
        sa = ", ".join(fa.shapes) if fa else "absent"
        sb = ", ".join(fb.shapes) if fb else "absent"
        if sa != sb:
            out.append(Change(f"forms.{form}.shapes", sa, sb))
    return tuple(out)


def _plain(value: Any) -> Any:
    """Conditions and texts as short strings for every output format."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "en") and hasattr(value, "ja"):
        return value.en
    return condition(value, "en")
