"""The library API the CLI, the tests and other programs call.

batch = evaluate_paths([Path("candidates")])          # shipped rules
for r in batch.results: print(r.id, r.track)
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from commonize.discover import discover
from commonize.errors import EXIT_INVALID, EXIT_OK, InputError, Problem, SourceLocation
from commonize.loader import DEFAULT_LIMITS, Limits, load_document, validate
from commonize.models import Candidate
from commonize.results import INVALID, OK, Result
from commonize.rules.compiler import CompiledRuleset, compile_ruleset
from commonize.rules.load import RuleSet, load_ruleset

_PACKAGE = Path(__file__).resolve().parent


def default_rules_dir() -> Path:
    """The shipped rule set: the checkout's ``rules/``, or the copy inside the wheel."""
    checkout = _PACKAGE.parents[1] / "rules"
    if (checkout / "ruleset.yaml").is_file():
        return checkout
    return _PACKAGE / "_data" / "rules"


def load_rules(
    rules_dir: Path | None = None, overrides: dict[str, Any] | None = None
) -> CompiledRuleset:
    """Load, check and compile a rule set. Raises ``RuleSetError`` (exit 3)."""
    return compile_ruleset(load_ruleset(rules_dir or default_rules_dir(), overrides))


@dataclass(frozen=True)
class Loaded:
    path: str
    candidate: Candidate | None
    problems: tuple[Problem, ...] = ()
    locations: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)
    sha256: str | None = None


@dataclass(frozen=True)
class Batch:
    ruleset: RuleSet
    results: tuple[Result, ...]

    @property
    def invalid(self) -> tuple[Result, ...]:
        return tuple(r for r in self.results if r.status == INVALID)

    @property
    def exit_code(self) -> int:
        return EXIT_INVALID if self.invalid else EXIT_OK


def load_candidate(path: Path, ruleset: RuleSet, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    name = path.as_posix()
    try:
        doc = load_document(path, limits)
        candidate: Candidate = validate(doc, Candidate)
    except InputError as e:
        return Loaded(name, None, tuple(e.problems))
    business = candidate.standardized_business
    if business is not None and business not in ruleset.businesses:
        close = difflib.get_close_matches(business, list(ruleset.businesses), n=1, cutoff=0.4)
        hint = f"did you mean {close[0]!r}?" if close else "see rules/standardized_businesses.yaml"
        where = doc.locate(("standardized_business",))
        problem = Problem(
            where,
            f"{business!r} is not one of the 20 standardized businesses",
            field="standardized_business",
            hint=hint,
        )
        return Loaded(name, None, (problem,), doc.key_locations(), doc.sha256)
    return Loaded(name, candidate, (), doc.key_locations(), doc.sha256)


def load_candidates(
    paths: Iterable[Path], ruleset: RuleSet, limits: Limits = DEFAULT_LIMITS
) -> list[Loaded]:
    loaded = [load_candidate(p, ruleset, limits) for p in discover(paths)]
    return _reject_duplicate_ids(loaded)


def _reject_duplicate_ids(loaded: list[Loaded]) -> list[Loaded]:
    by_id: dict[str, list[str]] = {}
    for item in loaded:
        if item.candidate is not None:
            by_id.setdefault(item.candidate.id, []).append(item.path)
    out = []
    for item in loaded:
        others = (
            [p for p in by_id.get(item.candidate.id, []) if p != item.path]
            if item.candidate
            else []
        )
        if others:
            problem = Problem(
                SourceLocation(item.path),
                f"id {item.candidate.id!r} is also used by {', '.join(others)}",
                field="id",
                hint="ids must be unique across the batch",
            )
            item = Loaded(item.path, None, (problem,), item.locations, item.sha256)
        out.append(item)
    return out


def invalid_result(item: Loaded) -> Result:
    return Result(path=item.path, status=INVALID, problems=item.problems, locations=item.locations)


def validate_paths(paths: Iterable[Path], rules_dir: Path | None = None) -> Batch:
    """Schema checks only: no rule is compiled or run."""
    ruleset = load_ruleset(rules_dir or default_rules_dir())
    from commonize.evaluation import identity

    results = tuple(
        Result(path=i.path, status=OK, identity=identity(i.candidate))
        if i.candidate
        else invalid_result(i)
        for i in load_candidates(paths, ruleset)
    )
    return Batch(ruleset, results)


def evaluate_paths(
    paths: Iterable[Path],
    rules: CompiledRuleset | Path | None = None,
    *,
    engine: Callable[[CompiledRuleset], Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
) -> Batch:
    """Evaluate every candidate file under ``paths``. Bad files become invalid results.

    ``today`` judges council decisions' expiry and review dates (default: today in UTC).
    """
    from commonize.decisions import apply_decisions
    from commonize.evaluation import evaluate_candidate

    today = today or dt.datetime.now(dt.UTC).date()
    compiled = rules if isinstance(rules, CompiledRuleset) else load_rules(rules)
    if engine is None:
        from commonize.engine import DurableEngine

        engine = DurableEngine
    runner = _engine_for(compiled, engine)
    results = []
    for item in load_candidates(paths, compiled.ruleset, limits):
        if item.candidate is None:
            results.append(invalid_result(item))
        else:
            result = evaluate_candidate(item.candidate, item.path, compiled, runner)
            result = replace(result, locations=item.locations, sha256=item.sha256)
            results.append(apply_decisions(result, item.candidate, compiled.ruleset, today))
    return Batch(compiled.ruleset, tuple(results))


_ENGINES: dict[tuple[int, Any], Any] = {}


def _engine_for(compiled: CompiledRuleset, factory: Callable[[CompiledRuleset], Any]) -> Any:
    """One engine per compiled rule set and process: durable-rules hosts cannot be freed."""
    key = (id(compiled), factory)
    if key not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[key] = (compiled, factory(compiled))
    return _ENGINES[key][1]
