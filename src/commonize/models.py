"""Candidate files, as pydantic models (schema_version 2; version 1 files still load).

Every indicator may be ``null`` (unknown). Unknown is never read as a pass: rules on an
unknown field neither fire nor stay silent — they are reported as unknown indicators.
Models are strict: YAML's loose typing (``no`` read as false, "1,000" as a string) is
rejected with a hint instead of being guessed.

A quantity (a count, an amount, a share) may be given as an exact figure or, where the
public record has only words ("most governments"), as an ordinal level; the range each level
stands for is data in ``rules/levels.yaml``. Either may say where it comes from:
``{value: 1741, source: 2}`` (the second entry of ``sources``) or ``{level: most, source:
estimate}``. Version 2 added these, bilingual descriptions and notes, and the facts real
decisions turned on (who builds and runs it, law status, reuse, multi-government filing,
IT staff, priority projects, bundles); a version 1 file that uses none of them loads as is,
and ``commonize migrate`` raises its version.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    create_model,
    model_validator,
)

from commonize.text import PLAIN_TEXT

_TEXT = PLAIN_TEXT
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=_TEXT)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000, pattern=_TEXT)]
# A web address: printable, no spaces, no control or bidi characters.
_URL = r"^https?://[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+$"
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)]
Count = Annotated[int, Field(ge=0, le=10**15)]
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
Governments = Annotated[int, Field(ge=0, le=1788)]
Prefectures = Annotated[int, Field(ge=0, le=47)]
Year = Annotated[int, Field(ge=1990, le=2100)]
Level = Literal["none", "low", "medium", "high"]
# Ordinal levels for quantities whose exact figure the record does not give.
GovernmentsLevel = Literal["all", "most", "many", "some", "few", "none"]
VolumeLevel = Literal["very_large", "large", "medium", "small", "none"]
ShareLevel = Literal["high", "medium", "low", "none"]
Provenance = Annotated[int, Field(ge=1, le=200)] | Literal["estimate"]


class _Strict(BaseModel):
    # defer_build: one validator for Candidate, built on first use, instead of one per model
    # at import (measured: a fifth less start-up for `commonize validate one.yaml`).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Names(_Strict):
    ja: Text
    en: Text


class LongNames(_Strict):
    ja: LongText
    en: LongText


def _prose_kind(value: Any) -> str:
    # Called on the input when validating and on the model when serializing.
    return "prose-names" if isinstance(value, dict | LongNames) else "prose-text"


# Plain text (one language, as in version 1) or {ja, en}. The discriminator makes a mistake
# one message about the form the author chose, not one per form (the loader drops the tag).
Prose = Annotated[
    Annotated[LongText, Tag("prose-text")] | Annotated[LongNames, Tag("prose-names")],
    Discriminator(_prose_kind),
]


class Measure(_Strict):
    """A quantity: an exact ``value`` or an ordinal ``level``, and where it comes from."""

    value: float | None = None
    level: str | None = None
    source: Provenance | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Measure:
        if (self.value is None) == (self.level is None):
            raise ValueError("give exactly one of 'value' and 'level'")
        return self


def _as_measure(raw: Any) -> Any:
    # A bare figure or level word is shorthand for {value: ...} / {level: ...}.
    if isinstance(raw, bool) or raw is None or isinstance(raw, dict):
        return raw
    if isinstance(raw, int | float):
        return {"value": raw}
    if isinstance(raw, str):
        return {"level": raw}
    return raw


_MEASURES: dict[tuple[Any, Any], type[Measure]] = {}


def measure(number: Any, levels: Any) -> Any:
    """The field type of a quantity with ``number`` bounds and ``levels`` words."""
    key = (number, levels)
    if key not in _MEASURES:
        name = f"Measure{len(_MEASURES)}"
        _MEASURES[key] = create_model(
            name,
            __base__=Measure,
            value=(number | None, None),
            level=(levels | None, None),
        )
    # The schema shows all three ways to write it, as the validator accepts them.
    written = number | levels | _MEASURES[key] | None
    return Annotated[
        _MEASURES[key] | None, BeforeValidator(_as_measure, json_schema_input_type=written)
    ]


def is_measure(model: Any) -> bool:
    return isinstance(model, type) and issubclass(model, Measure)


CountM = measure(Count, VolumeLevel)
PercentM = measure(Percent, ShareLevel)
ChangeM = measure(Annotated[float, Field(ge=-1000, le=100, allow_inf_nan=False)], ShareLevel)
GovernmentsM = measure(Governments, GovernmentsLevel)
PrefecturesM = measure(Prefectures, GovernmentsLevel)


class UserNeeds(_Strict):
    """① 国民・住民のニーズ(利用者起点): who uses it, how much, how online."""

    users: Literal["residents", "businesses", "residents_and_businesses", "staff"] | None = None
    users_per_year: CountM = Field(None, description="Residents/businesses served a year")
    citizen_facing: bool | None = Field(None, description="False for back-office work")
    online_share_pct: PercentM = Field(None, description="Share of procedures online today")
    requesting_governments: GovernmentsM = Field(
        None, description="Local governments that asked for a shared solution"
    )
    survey_support_pct: PercentM = Field(
        None, description="Share of surveyed governments or users in favour"
    )
    disaster_relevance: Level | None = Field(None, description="Relevance in disasters (有事)")
    multi_government_filing: bool | None = Field(
        None, description="Residents or businesses file the same application with many governments"
    )
    priority_dx_project: bool | None = Field(
        None,
        description="Designated a national-local priority DX project (国・地方重点DXプロジェクト)",
    )


class Effect(_Strict):
    """② 効果の見込み: scale, cost, staff time, variation, data value."""

    governments_doing: GovernmentsM = Field(None, description="Of the 1,788 governments")
    annual_cost_jpy: CountM = Field(None, description="Current total annual cost, all governments")
    annual_staff_hours: CountM = None
    expected_cost_reduction_pct: ChangeM = Field(
        None, description="Negative when commonizing is expected to cost more"
    )
    expected_staff_hours_reduction_pct: PercentM = None
    variation_between_governments: Level | None = Field(
        None, description="How much the work differs between governments"
    )
    realtime_data_value: Level | None = Field(None, description="Value of near-real-time data")
    reused_by_services: CountM = Field(
        None, description="Services or systems that (would) reuse it: authentication, registries"
    )
    governments_short_of_it_staff: GovernmentsM = Field(
        None, description="Governments doing the work with little or no IT staff"
    )


class Pilot(_Strict):
    status: Literal["none", "planned", "running", "completed"] | None = None
    result: Literal["success", "mixed", "failure"] | None = None


class Feasibility(_Strict):
    """③ 実現可能性: law, owner, market, contracts, security, pilots, size differences."""

    legal_change: (
        Literal[
            "none", "ordinance", "national_law", "national_law_in_progress", "national_law_enacted"
        ]
        | None
    ) = Field(None, description="A legal change needed, in progress in the Diet, or enacted")
    national_role: Literal["runs", "decided", "studying", "none"] | None = Field(
        None,
        description="The national government (owning ministry) builds and runs it, has decided "
        "to, is studying it, or has no role",
    )
    responsible_ministry_identified: bool | None = None
    market_products: CountM = Field(None, description="Products on the market")
    contracts_end_year: Year | None = Field(None, description="Year most existing contracts end")
    network_segment: Literal["individual_number", "lgwan", "internet"] | None = Field(
        None, description="Three-layer model segment the data lives on"
    )
    personal_data: Literal["none", "low", "high", "special_care"] | None = None
    pilot: Pilot = Field(default_factory=Pilot)
    size_differentiated: bool | None = Field(
        None, description="Large and small governments need clearly different functions"
    )


class Solution(_Strict):
    """Shape of the solution: decides the commonize form (SaaS / DPI / infrastructure)."""

    shape: (
        Literal["application", "authentication", "base_registry", "data_hub", "cloud", "network"]
        | None
    ) = None
    general_tool: bool | None = Field(None, description="General tool such as RPA or business chat")
    joint_procurement_prefectures: PrefecturesM = Field(
        None, description="Prefectures already procuring it jointly with their municipalities"
    )


class Source(_Strict):
    title: Text
    url: Annotated[str, StringConstraints(pattern=_URL)] | None = None
    document: Text | None = None
    accessed: dt.date | None = None
    note: LongText | None = None


class Meeting(_Strict):
    date: dt.date
    name: Text


class Decision(_Strict):
    """A council decision about this candidate. The rule set recommends; the council decides."""

    meeting: Meeting
    track: Literal["standardize", "commonize", "joint_procurement", "deferred", "under_study"]
    form: Slug | None = Field(None, description="The form decided, with track commonize")
    basis: Literal["stated", "reading"] = Field(
        "stated",
        description="stated: a meeting, law or announcement says so; reading: the analyst's "
        "reading of how the system is actually run",
    )
    reason: Text = Field(description="Why the council decided so (required, non-empty)")
    approved_by: Text = Field(description="Who approved the decision")
    expires: dt.date | None = Field(None, description="The decision lapses after this date")
    review_by: dt.date | None = Field(
        None, description="The decision must be reviewed by this date"
    )
    minutes: list[Text] = Field(
        default_factory=list, max_length=20, description="Links to (or names of) the minutes"
    )


class Candidate(_Strict):
    """One business or system considered for commonization."""

    @model_validator(mode="before")
    @classmethod
    def _empty_sections_are_unknown(cls, data: Any) -> Any:
        # `effect:` with only comments under it reads as null: every indicator unknown.
        if isinstance(data, dict):
            sections = ("user_needs", "effect", "feasibility", "solution")
            return {k: ({} if k in sections and v is None else v) for k, v in data.items()}
        return data

    schema_version: Literal[1, 2]
    id: Slug
    kind: Literal["business", "system", "bundle"]
    name: Names
    ministry: Text | None = Field(
        description="制度所管府省庁: the ministry that owns the system; null when none does "
        "(prefecture-led work): the key is still required, so an omission is never silent"
    )
    description: Prose
    standardized_business: Slug | None = Field(
        None, description="Id of one of the 20 standardized businesses"
    )
    figures: Literal["public", "illustrative", "mixed"] = Field(
        description="Whether the figures come from public sources or are illustrative"
    )
    as_of: dt.date | None = Field(None, description="Date the data describes")
    user_needs: UserNeeds = Field(default_factory=UserNeeds)
    effect: Effect = Field(default_factory=Effect)
    feasibility: Feasibility = Field(default_factory=Feasibility)
    solution: Solution = Field(default_factory=Solution)
    sources: list[Source] = Field(default_factory=list, max_length=200)
    decisions: list[Decision] = Field(default_factory=list, max_length=200)
    notes: Prose | None = None

    def text(self, attr: str, lang: str) -> tuple[str, bool]:
        """``description`` or ``notes`` in ``lang``: (text, whether it is in that language).
        Single-language text from a version 1 file is returned as is, marked not translated."""
        value = getattr(self, attr)
        if value is None:
            return "", True
        if isinstance(value, LongNames):
            return (value.ja if lang == "ja" else value.en), True
        return value, False
