"""The evaluation result of one candidate file: plain frozen data, ready for any renderer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from commonize.errors import Problem, SourceLocation
from commonize.rules.model import Bilingual

TRACKS = ("standardize", "commonize", "joint_procurement")
OK, INVALID = "ok", "invalid"


@dataclass(frozen=True)
class FiredRule:
    id: str
    gate: str
    points: int | float
    clause: str
    reason: Bilingual
    condition: Bilingual | None = None


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
        from commonize.facts import normalize_number

        return normalize_number(self.score - self.threshold)


@dataclass(frozen=True)
class UnknownIndicator:
    field: str
    rules: tuple[str, ...]
    could_change_outcome: bool


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


@dataclass(frozen=True)
class Identity:
    id: str
    name: Bilingual
    kind: str
    ministry: str
    standardized_business: str | None


@dataclass(frozen=True)
class Result:
    path: str
    status: str  # ok | invalid
    identity: Identity | None = None
    track: str | None = None
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
    # This result's line in `--format json`, when already rendered (the cache keeps it).
    # init=False: dataclasses.replace() does not copy it, so a changed result can never
    # carry the line of the result it was derived from. Set it with ``with_json_line``.
    json_line: str | None = field(default=None, init=False, compare=False, repr=False)

    def with_json_line(self, line: str) -> Result:
        object.__setattr__(self, "json_line", line)
        return self

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
    def provisional(self) -> bool:
        """Stopped at a gate that unknown indicators could still pass."""
        return any(g.examined and g.status == "unknown" for g in self.gates)
