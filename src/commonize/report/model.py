"""The report as plain data in one language: what every format (HTML, Excel, Markdown) shows.

Built once by ``build``; renderers only lay it out. Texts are already in the report's
language, numbers stay numbers (Excel needs them as such), ids stay ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from commonize.results import GateResult

Number = int | float


@dataclass(frozen=True)
class GateView(GateResult):
    """A gate's result with its words: every format reads the result's numbers as they are."""

    label: str
    cell: str  # compact text for tables, e.g. "✓ 8/4"

    @classmethod
    def of(cls, g: GateResult, label: str, cell: str) -> GateView:
        return cls(
            **{f.name: getattr(g, f.name) for f in fields(GateResult)}, label=label, cell=cell
        )


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
    field: str  # dotted path: for Excel and tooling, never shown in the report's text
    label: str  # the indicator in words
    rules: tuple[str, ...]
    could_change: bool


@dataclass(frozen=True)
class DecisionView:
    """The council's latest decision on a candidate, next to the rules' recommendation."""

    meeting: str
    meeting_date: str
    track: str  # decided track id, or "deferred"
    track_label: str
    agrees: bool
    reason: str
    approved_by: str
    review_by: str | None
    expires: str | None
    expired: bool
    past_review: bool
    status_label: str  # in force / past its review date / expired
    flags: tuple[str, ...]  # differs, expired, past review: shown wherever the decision is


@dataclass(frozen=True)
class SourceView:
    title: str
    url: str | None
    document: str | None
    accessed: str | None
    note: str | None
    note_fallback: bool = False  # the note is not in the report's language


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
    # None: the result has no track yet (needs information); track_label then names the
    # status and possible_tracks the tracks it could still end on.
    track: str | None
    track_label: str
    possible_tracks: str
    form: str | None  # form id, commonize only
    form_label: str  # "" unless commonize
    readiness_label: str  # "" unless commonize
    who_pays: str  # "" unless commonize with a known form
    notes: str  # stopped at …; provisional
    provisional: bool  # needs information, or stopped at a gate unknowns could still pass
    borderline: bool | None  # None: not analysed
    borderline_note: str
    one_line: str
    description_fallback: bool  # description not in the report's language
    changed: str  # "" or what changed since the previous meeting (new, track changed)
    gates: tuple[GateView, ...]
    verdict: tuple[LineView, ...]
    why_not: tuple[tuple[str, tuple[LineView, ...]], ...]  # (track label, lines)
    fired: tuple[FiredView, ...]
    unknowns: tuple[UnknownView, ...]
    conditions: tuple[str, ...]
    sources: tuple[SourceView, ...]
    decision: DecisionView | None

    @property
    def counted(self) -> tuple[FiredView, ...]:
        """Fired rules of examined gates: those that made the outcome (as ``--explain``)."""
        return tuple(f for f in self.fired if f.examined)

    @property
    def counted_by_gate(self) -> tuple[tuple[str, tuple[FiredView, ...]], ...]:
        """The counted rules per gate, gates in the rule set's order."""
        labels = list(dict.fromkeys(f.gate_label for f in self.counted))
        return tuple((g, tuple(f for f in self.counted if f.gate_label == g)) for g in labels)

    @property
    def changing_unknowns(self) -> tuple[str, ...]:
        """The indicators, in words, whose value could change the outcome."""
        return tuple(u.label for u in self.unknowns if u.could_change)

    @property
    def decision_flags(self) -> tuple[str, ...]:
        return self.decision.flags if self.decision else ()

    @property
    def group(self) -> str:
        """The track it is listed under; a result without a track under its status."""
        return self.track or NEEDS_INFORMATION


NEEDS_INFORMATION = "needs_information"


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
class FunnelStep:
    """One gate of the funnel: of the candidates that reached it, how many passed it, did
    not meet it, or are undetermined (unknown indicators could still pass it)."""

    gate: str
    label: str
    reached: int
    passed: int
    failed: int
    open: int


@dataclass(frozen=True)
class Summary:
    tracks: tuple[Count, ...]
    forms: tuple[Count, ...]
    examined: int  # candidates outside the standardized businesses: the funnel's top
    funnel: tuple[FunnelStep, ...]
    ministries: tuple[MinistryRow, ...]
    # What analysts ask first: provisional, borderline, decided, disagreeing, expired, …
    key: tuple[Count, ...]


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
    rule_changes: tuple[str, ...] = ()  # "②効果の見込みの基準点 6 → 9", in words

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
class MaterialInfo:
    """Council-material metadata given on the command line (every field optional)."""

    name: str = ""
    session: str = ""  # 回次, e.g. "第4回"
    document: str = ""  # 資料番号, e.g. "資料2"
    date: str = ""  # the meeting's date, YYYY-MM-DD

    @property
    def given(self) -> bool:
        return bool(self.name or self.session or self.document or self.date)


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
    glance: tuple[TrackGroup, ...]  # the tracks, then "needs information" when any
    summary: Summary
    meeting: MaterialInfo
    sensitivity: bool  # --sensitivity given: the borderline column means something
    changes: Changes | None
    clauses: tuple[tuple[str, str], ...]  # (id, text) of every clause the report cites

    @property
    def total(self) -> int:
        return len(self.candidates) + len(self.invalid)

    @property
    def decided(self) -> tuple[CandidateView, ...]:
        """Decisions the section lists: a standardized business whose decision is its law
        (and agrees) is told once, in the list of standardized businesses."""
        return tuple(
            c
            for c in self.candidates
            if c.decision is not None and not (c.track == "standardize" and c.decision.agrees)
        )

    @property
    def standardized(self) -> tuple[CandidateView, ...]:
        return tuple(c for c in self.candidates if c.track == "standardize")

    @property
    def examined(self) -> tuple[CandidateView, ...]:
        """Candidates outside the standardized businesses, grouped as at a glance."""
        return tuple(c for g in self.glance if g.track != "standardize" for c in g.candidates)
