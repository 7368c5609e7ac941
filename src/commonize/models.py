"""Candidate files, as pydantic models (schema_version 1).

Every indicator may be ``null`` (unknown). Unknown is never read as a pass: rules on an
unknown field neither fire nor stay silent — they are reported as unknown indicators.
Models are strict: YAML's loose typing (``no`` read as false, "1,000" as a string) is
rejected with a hint instead of being guessed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Names(_Strict):
    ja: Text
    en: Text


class UserNeeds(_Strict):
    """① 国民・住民のニーズ(利用者起点): who uses it, how much, how online."""

    users: Literal["residents", "businesses", "residents_and_businesses", "staff"] | None = None
    users_per_year: Count | None = Field(None, description="Residents/businesses served a year")
    citizen_facing: bool | None = Field(None, description="False for back-office work")
    online_share_pct: Percent | None = Field(None, description="Share of procedures online today")
    requesting_governments: Governments | None = Field(
        None, description="Local governments that asked for a shared solution"
    )
    survey_support_pct: Percent | None = Field(
        None, description="Share of surveyed governments or users in favour"
    )
    disaster_relevance: Level | None = Field(None, description="Relevance in disasters (有事)")


class Effect(_Strict):
    """② 効果の見込み: scale, cost, staff time, variation, data value."""

    governments_doing: Governments | None = Field(None, description="Of the 1,788 governments")
    annual_cost_jpy: Count | None = Field(
        None, description="Current total annual cost, all governments"
    )
    annual_staff_hours: Count | None = None
    expected_cost_reduction_pct: Percent | None = None
    expected_staff_hours_reduction_pct: Percent | None = None
    variation_between_governments: Level | None = Field(
        None, description="How much the work differs between governments"
    )
    realtime_data_value: Level | None = Field(None, description="Value of near-real-time data")


class Pilot(_Strict):
    status: Literal["none", "planned", "running", "completed"] | None = None
    result: Literal["success", "mixed", "failure"] | None = None


class Feasibility(_Strict):
    """③ 実現可能性: law, owner, market, contracts, security, pilots, size differences."""

    legal_change: Literal["none", "ordinance", "national_law"] | None = None
    responsible_ministry_identified: bool | None = None
    market_products: Count | None = Field(None, description="Products on the market")
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
    joint_procurement_prefectures: Prefectures | None = Field(
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
    track: Literal["standardize", "commonize", "joint_procurement", "deferred"]
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

    schema_version: Literal[1]
    id: Slug
    kind: Literal["business", "system"]
    name: Names
    ministry: Text = Field(description="制度所管府省庁: the ministry that owns the system")
    description: LongText
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
    notes: LongText | None = None
