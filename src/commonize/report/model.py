"""The report as plain data in one language: what every format (HTML, Excel, Markdown) shows.

Built once by ``build``; renderers only lay it out. Texts are already in the report's
language, numbers stay numbers (Excel needs them as such), ids stay ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Number = int | float


@dataclass(frozen=True)
class GateView:
    id: str
    label: str
    status: str  # pass | fail | unknown
    examined: bool
    score: Number
    threshold: Number
    minimum: Number
    maximum: Number
    cell: str  # compact text for tables, e.g. "✓ 8/4"


@dataclass(frozen=True)
class LineView:
    """One sentence of an explanation, with the policy clause it rests on."""

    text: str
    clause_id: str | None
    clause: str | None


@dataclass(frozen=True)
class FiredView:
    gate: str
    gate_label: str
    examined: bool  # False: its gate was not examined, so the rule did not count
    rule: str
    points: Number
    reason: str
    clause_id: str
    clause: str


@dataclass(frozen=True)
class UnknownView:
    field: str
    rules: tuple[str, ...]
    could_change: bool


@dataclass(frozen=True)
class SourceView:
    title: str
    url: str | None
    document: str | None
    accessed: str | None
    note: str | None


@dataclass(frozen=True)
class CandidateView:
    id: str
    anchor: str  # HTML id of its section
    name: str
    path: str
    sha256: str | None
    ministry: str
    kind: str
    figures: str
    as_of: str | None
    description: str
    track: str
    track_label: str
    form: str | None  # form id, commonize only
    form_label: str  # "" unless commonize
    readiness_label: str  # "" unless commonize
    who_pays: str  # "" unless commonize with a known form
    notes: str  # stopped at …; provisional
    provisional: bool
    borderline: bool | None  # None: not analysed
    borderline_note: str
    one_line: str
    gates: tuple[GateView, ...]
    verdict: tuple[LineView, ...]
    why_not: tuple[tuple[str, tuple[LineView, ...]], ...]  # (track label, lines)
    fired: tuple[FiredView, ...]
    unknowns: tuple[UnknownView, ...]
    conditions: tuple[str, ...]
    sources: tuple[SourceView, ...]
    decision: str | None
    decision_flags: tuple[str, ...]

    @property
    def counted(self) -> tuple[FiredView, ...]:
        """Fired rules of examined gates: those that made the outcome (as ``--explain``)."""
        return tuple(f for f in self.fired if f.examined)

    @property
    def changing_unknowns(self) -> tuple[str, ...]:
        return tuple(u.field for u in self.unknowns if u.could_change)


@dataclass(frozen=True)
class Count:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class TrackGroup:
    """The at-a-glance list of one track: its candidates with their one-line reasons."""

    track: str
    label: str
    clause: str
    candidates: tuple[CandidateView, ...]


@dataclass(frozen=True)
class MinistryRow:
    ministry: str
    counts: tuple[int, ...]  # per track, in the rule set's order
    total: int


@dataclass(frozen=True)
class Summary:
    tracks: tuple[Count, ...]
    forms: tuple[Count, ...]
    funnel: tuple[Count, ...]  # examined, passed ①, passed ②, …
    ministries: tuple[MinistryRow, ...]


@dataclass(frozen=True)
class ChangedCandidate:
    id: str
    name: str
    before: str  # track label
    after: str
    cause: str  # key of the cause label: cause_rules, cause_data, …
    cause_label: str
    rules_changed: bool
    data_changed: bool | None  # None: cannot tell
    scores: str  # "② 8/6 → 8/9"


@dataclass(frozen=True)
class ListedCandidate:
    id: str
    name: str
    track_label: str


@dataclass(frozen=True)
class Changes:
    previous_ruleset: str  # "name version"
    previous_sha256: str
    rules_changed: bool
    new: tuple[ListedCandidate, ...]
    removed: tuple[ListedCandidate, ...]
    track_changes: tuple[ChangedCandidate, ...]

    @property
    def empty(self) -> bool:
        return not (self.new or self.removed or self.track_changes)


@dataclass(frozen=True)
class InvalidFile:
    path: str
    problems: tuple[str, ...]


@dataclass(frozen=True)
class GateInfo:
    id: str
    label: str
    threshold: Number
    max_points: Number
    clause: str


@dataclass(frozen=True)
class Report:
    lang: str
    date: dt.date
    date_given: bool  # --date rather than the candidates' as_of
    ruleset_name: str
    ruleset_version: str
    ruleset_sha256: str
    tool_version: str
    track_ids: tuple[str, ...]
    track_labels: tuple[str, ...]
    gates: tuple[GateInfo, ...]
    candidates: tuple[CandidateView, ...]
    invalid: tuple[InvalidFile, ...]
    glance: tuple[TrackGroup, ...]
    summary: Summary
    changes: Changes | None
    clauses: tuple[tuple[str, str], ...]  # (id, text) of every clause the report cites

    @property
    def total(self) -> int:
        return len(self.candidates) + len(self.invalid)
