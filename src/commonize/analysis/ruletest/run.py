"""Run collected cases on an engine and compare each expectation with what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commonize.analysis.ruletest.collect import CaseSpec, FileSpec
from commonize.analysis.ruletest.model import Expect
from commonize.engine import DurableEngine
from commonize.evaluation import Engine, evaluate_candidate
from commonize.results import Result
from commonize.rules.compiler import CompiledRuleset

PASS, FAIL, ERROR = "pass", "fail", "error"


@dataclass(frozen=True)
class Mismatch:
    key: str
    expected: str
    actual: str
    note: str = ""  # context for the reader, e.g. "score 5, threshold 6"


@dataclass(frozen=True)
class CaseResult:
    spec: CaseSpec
    status: str
    mismatches: tuple[Mismatch, ...] = ()
    result: Result | None = None


@dataclass(frozen=True)
class FileResult:
    spec: FileSpec
    cases: tuple[CaseResult, ...]


def run(
    files: list[FileSpec],
    compiled: CompiledRuleset,
    engine_factory: Callable[[CompiledRuleset], Engine] | None = None,
) -> list[FileResult]:
    engine = (engine_factory or DurableEngine)(compiled)
    return [FileResult(f, tuple(run_case(c, compiled, engine) for c in f.cases)) for f in files]


def run_case(spec: CaseSpec, compiled: CompiledRuleset, engine: Engine) -> CaseResult:
    if spec.candidate is None or spec.expect is None:
        return CaseResult(spec, ERROR)
    result = evaluate_candidate(spec.candidate, f"{spec.file}#{spec.name}", compiled, engine)
    mismatches = tuple(compare(spec.expect, result))
    return CaseResult(spec, FAIL if mismatches else PASS, mismatches, result)


def compare(expect: Expect, result: Result) -> list[Mismatch]:
    out = []
    given = expect.model_fields_set
    actual = {
        "track": result.verdict,
        "possible_tracks": list(result.possible_tracks),
        **{a: getattr(result, a) for a in ("stopped_at", "form", "readiness", "provisional")},
    }
    for attr, got in actual.items():
        if attr in given and getattr(expect, attr) != got:
            out.append(Mismatch(attr, show(getattr(expect, attr)), show(got)))
    gates = {g.id: g for g in result.gates}
    for gate_id, want in expect.gates.items():
        g = gates[gate_id]
        note = f"score {g.score}, threshold {g.threshold}" + (
            f", {g.minimum} to {g.maximum} over unknowns" if g.minimum != g.maximum else ""
        )
        for attr in sorted(want.model_fields_set):
            if getattr(want, attr) != getattr(g, attr):
                key = f"gates.{gate_id}.{attr}"
                out.append(Mismatch(key, show(getattr(want, attr)), show(getattr(g, attr)), note))
    fired = {f.id for g in result.gates for f in g.fired}
    for rule in expect.must_fire:
        if rule not in fired:
            out.append(Mismatch(f"rules.{rule}", "fires", "does not fire", _why_not(rule, result)))
    for rule in expect.must_not_fire:
        if rule in fired:
            out.append(Mismatch(f"rules.{rule}", "does not fire", "fires"))
    return out


def _why_not(rule: str, result: Result) -> str:
    for g in result.gates:
        if rule in g.unknown:
            return "unknown: a field it reads is null"
    return "its condition is not met"


def show(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)
