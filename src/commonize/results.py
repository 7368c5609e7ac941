"""The evaluation result of one candidate file: plain frozen data, ready for any renderer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from commonize.errors import EXIT_INVALID, EXIT_OK, Problem, SourceLocation
from commonize.rules.model import Bilingual

if TYPE_CHECKING:
    from commonize.models import Candidate
    from commonize.rules.load import RuleSet

TRACKS = ("standardize", "commonize", "joint_procurement")
OK, INVALID = "ok", "invalid"
# A gate's outcome: met, not met, or undetermined (unknown indicators decide it).
PASS, FAIL, UNDETERMINED = "pass", "fail", "unknown"
NEEDS_INFORMATION = "needs_information"  # no track: unknown indicators decide between tracks


@dataclass(frozen=True)
class FiredRule:
    id: str
    gate: str
    points: int | float
    clause: str
    reason: Bilingual
    condition: Bilingual | None = None
    waivable: bool = True  # False: when it fires, the candidate cannot be commonized


@dataclass(frozen=True)
class GateResult:
    id: str
    status: str  # pass | fail | unknown
    examined: bool
    score: int | float
    threshold: int | float
    minimum: int | float
    maximum: int | float
    fired: tuple[FiredRule, ...]
    not_fired: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    @property
    def margin(self) -> int | float:
        diff = self.score - self.threshold
        return int(diff) if float(diff).is_integer() else round(diff, 4)


@dataclass(frozen=True)
class UnknownIndicator:
    field: str
    rules: tuple[str, ...]
    could_change_outcome: bool
    # Points that knowing this field could still move in the gates that decide the route:
    # unknowns are listed by this, largest first (which one to find out first).
    swing: int | float = 0


@dataclass(frozen=True)
class Sensitivity:
    """How robust the track is when thresholds and points move by ±``pct`` percent."""

    pct: float
    borderline: bool  # some move changed the track
    tracks: tuple[str, ...]  # every track seen under the moves, sorted
    # The moves that changed the track, e.g. "gates.effect.threshold +10%".
    moves: tuple[str, ...] = ()


@dataclass(frozen=True)
class DecisionOutcome:
    """The latest council decision, next to the rules' recommendation."""

    track: str  # standardize | commonize | joint_procurement | deferred
    meeting_date: str
    meeting_name: str
    reason: str
    approved_by: str
    expires: str | None
    review_by: str | None
    minutes: tuple[str, ...]
    expired: bool  # past `expires` on the evaluation date
    past_review: bool  # past `review_by` on the evaluation date
    disagrees: bool  # the decided track differs from the recommended one
    index: int  # position in the file's `decisions:` list, to point at it
    form: str | None = None  # the decided form, with track commonize
    basis: str = "stated"  # stated (a meeting, law, announcement) | reading (the analyst's)
    illustrative: bool = False  # in a file whose figures are illustrative: not a real decision


@dataclass(frozen=True)
class Identity:
    id: str
    name: Bilingual
    kind: str
    ministry: str | None  # None: no owning ministry (prefecture-led work)
    standardized_business: str | None

    @classmethod
    def of(cls, candidate: Candidate) -> Identity:
        return cls(
            id=candidate.id,
            name=Bilingual(ja=candidate.name.ja, en=candidate.name.en),
            kind=candidate.kind,
            ministry=candidate.ministry,
            standardized_business=candidate.standardized_business,
        )


@dataclass(frozen=True)
class Result:
    path: str
    status: str  # ok | invalid
    identity: Identity | None = None
    track: str | None = None  # None with status ok: needs information (see possible_tracks)
    # Every track the candidate could still end on; one, the track, when it is decided.
    possible_tracks: tuple[str, ...] = ()
    stopped_at: str | None = None
    form: str | None = None
    readiness: str | None = None
    conditions: tuple[FiredRule, ...] = ()
    gates: tuple[GateResult, ...] = ()
    unknowns: tuple[UnknownIndicator, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)
    sensitivity: Sensitivity | None = None  # set by `evaluate --sensitivity`
    decision: DecisionOutcome | None = None  # the latest council decision, if any
    # Where each key of the candidate file sits (dotted path -> line, column), for
    # formats that point at the YAML key a finding is about (SARIF, GitHub annotations).
    locations: Mapping[str, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
    sha256: str | None = field(default=None, compare=False)  # of the candidate file's bytes

    def locate(self, dotted: str) -> SourceLocation:
        """The key ``dotted``, or its nearest present parent, or the file itself."""
        parts = dotted.split(".")
        while parts:
            pos = self.locations.get(".".join(parts))
            if pos is not None:
                return SourceLocation(self.path, *pos)
            parts.pop()
        return SourceLocation(self.path, 1, 1)

    @property
    def id(self) -> str | None:
        return self.identity.id if self.identity else None

    @property
    def needs_information(self) -> bool:
        """Unknown indicators decide between tracks: the candidate gets no track yet."""
        return self.status == OK and self.track is None

    @property
    def outline(self) -> Outline:
        d = self.decision
        return Outline(
            self.path,
            self.id,
            self.status,
            self.track,
            self.sha256,
            any(u.could_change_outcome for u in self.unknowns),
            d is not None and (d.expired or d.past_review),
        )

    @property
    def provisional(self) -> bool:
        """The route is open (needs information); the older name, kept for renderers."""
        return self.needs_information

    @property
    def verdict(self) -> str | None:
        """The track, or the status that stands in its place (needs information)."""
        if self.status != OK:
            return None
        return self.track or NEEDS_INFORMATION


class Outline(NamedTuple):
    """What a stream of results needs of each one without the whole of it: where it comes
    from, what the summary counts and what decides the exit code (``Policy.fails_result``).

    A ``--jobs`` worker sends it beside the result's written line, so that the parent of a
    streamed run decodes a whole result only when it must (one that fails the run, or one
    to cache). A tuple: it crosses the process boundary once per file.
    """

    path: str
    id: str | None
    status: str
    track: str | None
    sha256: str | None
    open_unknowns: bool  # some unknown indicator could change the outcome
    decision_lapsed: bool  # the latest council decision expired or is past its review date

    @property
    def needs_information(self) -> bool:
        return self.status == OK and self.track is None


@dataclass(frozen=True)
class Batch:
    """The results of one run, in path order, with the rule set they were judged by."""

    ruleset: RuleSet
    results: tuple[Result, ...]

    @property
    def invalid(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.status == INVALID)

    @property
    def exit_code(self) -> int:
        """Of a schema check (validate, report): invalid files fail it; see findings for CI."""
        return EXIT_INVALID if self.invalid else EXIT_OK
