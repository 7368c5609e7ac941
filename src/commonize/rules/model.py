"""Pydantic models of the rule files (format 1). Conditions are checked by ``conditions``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from commonize.text import PLAIN_TEXT

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, pattern=PLAIN_TEXT)]


def _int_if_integral(value: float) -> int | float:
    return int(value) if value.is_integer() else value


# float (which strictly accepts ints too) rather than int | float: a union reports every
# member's error, and an analyst should read one message per mistake.
Number = Annotated[
    float, Field(allow_inf_nan=False, ge=-1_000_000, le=1_000_000), AfterValidator(_int_if_integral)
]


class _Strict(BaseModel):
    # Built on first use: `validate` reads one rule file of all these models.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Bilingual(_Strict):
    ja: Text
    en: Text

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


class Rule(_Strict):
    """One indicator rule: when its condition holds, it adds ``points`` to its gate."""

    id: Slug
    when: dict[str, Any]
    points: Number
    clause: Slug
    reason: Bilingual
    condition: Bilingual | None = Field(
        None, description="A condition to meet before commonizing; makes readiness conditional"
    )
    waivable: bool = Field(
        True, description="false: when it fires, the candidate cannot be commonized (no waiver)"
    )
    recommends: Literal["joint_procurement"] | None = Field(
        None,
        description="When it fires, recommend this track instead of commonization (a signal the "
        "council may overrule, unlike waivable: false)",
    )
    forms: list[Slug] | None = Field(
        None, description="Applies only to candidates of these forms (by solution shape)"
    )
    description: Text | None = None


class Gate(_Strict):
    gate: Slug
    label: Bilingual
    clause: Slug
    threshold: Number
    # Not met with even the best case below this: "shelve, too many problems remain"
    # rather than "another method" (the feasibility study's outcomes, policy body).
    shelve_below: Number | None = None
    rules: list[Rule] = Field(min_length=1)


class Track(_Strict):
    label: Bilingual
    # A shorter label for narrow places (the table at 80 columns); defaults to the label.
    short: Bilingual | None = None
    clause: Slug


class Tracks(_Strict):
    standardize: Track
    commonize: Track
    joint_procurement: Track


class Form(_Strict):
    label: Bilingual
    shapes: list[Slug] = Field(min_length=1)
    clause: Slug


class Label(_Strict):
    label: Bilingual


class Readiness(_Strict):
    go: Label
    conditional: Label
    another_method: Label
    shelve: Label


class StatusLabel(_Strict):
    label: Bilingual
    short: Bilingual | None = None


class Statuses(_Strict):
    needs_information: StatusLabel


class ExplanationClauses(_Strict):
    """The clause an explanation cites where no rule, gate, track or form names one.

    The defaults are the clause ids explanations cited before rule sets could say so: a rule
    set written earlier (a fork, an old revision for ``diff --rules-ref``, the rules of a
    decision record) still loads and explains as it did then.
    """

    not_standardized: Slug = "track-a"  # why a candidate is not standardized
    standardize_first: Slug = "track-a"  # why a standardized business gets no other track
    not_examined: Slug = "funnel"  # why a gate after the one that stopped one is not examined
    feasibility_outcome: Slug = "feasibility-study"  # the study's outcome on a joint route
    voluntary: Slug = "voluntary"  # that every outcome is a recommendation


class RuleSetFile(_Strict):
    format: Literal[1]
    name: Text
    version: Text
    clauses: dict[Slug, Bilingual]
    tracks: Tracks
    forms: dict[Slug, Form] = Field(min_length=1)
    readiness: Readiness
    statuses: Statuses
    explanation_clauses: ExplanationClauses = Field(default_factory=ExplanationClauses)
    gates: list[Slug] = Field(min_length=1)


# [lo, hi] of a level word; hi null: no upper bound.
Bound = Annotated[
    float, Field(allow_inf_nan=False, ge=-(10**15), le=10**15), AfterValidator(_int_if_integral)
]
Range = Annotated[list[Bound | None], Field(min_length=2, max_length=2)]


class LevelsFile(_Strict):
    levels: dict[str, dict[Slug, Range]]


class Business(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    id: Slug
    ja: Text
    en: Text
    ministry: Text


class BusinessesFile(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)

    businesses: list[Business] = Field(min_length=1)
