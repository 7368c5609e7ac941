"""The catalogue of candidate indicators that rules may test, derived from the pydantic model.

Rules name fields by dotted path (``effect.governments_doing``); the compiler checks each
condition against this catalogue so a typo or a type mismatch is a rule-set error, never a
rule that silently never fires (durable-rules compares loosely: ``"9" >= 10`` matches).
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

from commonize.models import Candidate, is_measure

INDICATOR_SECTIONS = ("user_needs", "effect", "feasibility", "solution")


@dataclass(frozen=True)
class FieldSpec:
    path: str
    kind: Literal["bool", "number", "enum", "text"]
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    # A quantity that may be given as a level word instead of a figure (models.measure).
    levels: tuple[str, ...] = ()
    integer: bool = False  # whole numbers only (counts, years)

    def accepts(self, value: object) -> bool:
        if self.kind == "bool":
            return isinstance(value, bool)
        if self.kind == "number":
            return isinstance(value, int | float) and not isinstance(value, bool)
        if self.kind == "enum":
            return isinstance(value, str) and value in self.choices
        return isinstance(value, str)

    def describe(self) -> str:
        if self.kind == "enum":
            return "one of " + ", ".join(self.choices)
        return {"bool": "true or false", "number": "a number", "text": "text"}[self.kind]


@cache
def catalogue() -> dict[str, FieldSpec]:
    out: dict[str, FieldSpec] = {}
    for section in INDICATOR_SECTIONS:
        _walk(Candidate.model_fields[section].annotation, section, out)
    return out


def _walk(model: Any, prefix: str, out: dict[str, FieldSpec]) -> None:
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}"
        ann = _strip_none(info.annotation)
        if is_measure(ann):
            number = ann.model_fields["value"]
            spec = _spec(path, _strip_none(number.annotation), number.metadata)
            levels = _strip_none(ann.model_fields["level"].annotation)
            out[path] = replace(spec, levels=typing.get_args(levels))
            continue
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            _walk(ann, path, out)
            continue
        out[path] = _spec(path, ann, info.metadata)


def _strip_none(ann: Any) -> Any:
    if typing.get_origin(ann) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return ann


def _spec(path: str, ann: Any, metadata: list[Any]) -> FieldSpec:
    if typing.get_origin(ann) is typing.Annotated:
        ann, *extra = typing.get_args(ann)
        metadata = [*metadata, *extra]
    if typing.get_origin(ann) is Literal:
        return FieldSpec(path, "enum", tuple(typing.get_args(ann)))
    if ann is bool:
        return FieldSpec(path, "bool")
    if ann in (int, float):
        metadata = [x for m in metadata for x in (getattr(m, "metadata", None) or [m])]
        lo = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
        hi = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
        return FieldSpec(path, "number", minimum=lo, maximum=hi, integer=ann is int)
    return FieldSpec(path, "text")


def fact_key(path: str) -> str:
    """Facts are flat: durable-rules would read a dotted key as a nested path."""
    return path.replace(".", "__")
