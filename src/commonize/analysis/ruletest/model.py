"""The rule-test file format: named cases, each a candidate and its expected outcome.

    base: {effect: {...}}                 # optional, merged under every case's candidate
    cases:
      - name: a million users pass user needs on their own
        from: ../../candidates/x.yaml     # optional, relative to this file
        candidate: {user_needs: {...}}    # merged over base / from (null = unknown)
        set: {effect.governments_doing: 1200}
        expect:
          track: joint_procurement
          stopped_at: effect
          gates: {user_needs: pass, effect: {status: fail, score: 5}}
          must_fire: [un-users-1m]
          must_not_fire: [ef-wide-1700]

Only the expectations written are checked; ``stopped_at: null`` checks there is none.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from commonize.rules.model import Number, Slug, Text

Status = Literal["pass", "fail", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class GateExpect(_Strict):
    status: Status | None = None
    examined: bool | None = None
    score: Number | None = None


def _status_shorthand(value: Any) -> Any:
    return {"status": value} if isinstance(value, str) else value


GateSpec = Annotated[GateExpect, BeforeValidator(_status_shorthand)]


class Expect(_Strict):
    # A track, or needs_information for a candidate that unknown indicators leave open.
    track: Literal["standardize", "commonize", "joint_procurement", "needs_information"] | None = (
        None
    )
    possible_tracks: list[Literal["standardize", "commonize", "joint_procurement"]] | None = None
    stopped_at: Slug | None = None
    form: Slug | None = None
    readiness: Literal["go", "conditional", "another_method", "shelve"] | None = None
    provisional: bool | None = None
    gates: dict[Slug, GateSpec] = Field(default_factory=dict)
    must_fire: list[Slug] = Field(default_factory=list)
    must_not_fire: list[Slug] = Field(default_factory=list)

    @model_validator(mode="after")
    def _something_expected(self) -> Expect:
        if not self.model_fields_set:
            raise ValueError(
                "expect nothing: name at least one of " + ", ".join(Expect.model_fields)
            )
        return self


class RuleCase(_Strict):
    name: Text
    description: Text | None = None
    from_: Text | None = Field(None, alias="from")
    candidate: dict[str, Any] = Field(default_factory=dict)
    set_: dict[str, Any] = Field(default_factory=dict, alias="set")
    expect: Expect


class RuleTestFile(_Strict):
    """The file; each case is validated on its own so one bad case does not stop the rest."""

    description: Text | None = None
    base: dict[str, Any] = Field(default_factory=dict)
    cases: list[dict[str, Any]] = Field(min_length=1)
