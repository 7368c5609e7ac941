"""The library API the CLI, the tests and other programs call: a thin façade.

batch = evaluate_paths([Path("candidates")])          # shipped rules
for r in batch.results: print(r.id, r.track)

Loading is ``commonize.loading``'s, evaluation ``commonize.pipeline``'s; this module names
what a program needs from them and compiles rule sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypedDict, Unpack

from commonize import pipeline
from commonize.loader import Limits
from commonize.loading import (
    IdOwners,
    Loaded,
    default_rules_dir,
    invalid_result,
    iter_validate,
    load_candidate,
    load_candidates,
)
from commonize.results import Batch, Outline, Result
from commonize.resultsfile import Serialized
from commonize.rules.compiler import CompiledRuleset, compile_ruleset
from commonize.rules.load import load_ruleset

__all__ = [
    "Batch",
    "EvaluateOptions",
    "IdOwners",
    "Loaded",
    "Outline",
    "default_rules_dir",
    "evaluate_loaded",
    "evaluate_paths",
    "invalid_result",
    "iter_evaluate",
    "iter_evaluate_serialized",
    "iter_validate",
    "load_candidate",
    "load_candidates",
    "load_rules",
    "validate_paths",
]


def load_rules(
    rules_dir: Path | None = None, overrides: dict[str, Any] | None = None
) -> CompiledRuleset:
    """Load, check and compile a rule set. Raises ``RuleSetError`` (exit 3)."""
    # compile_ruleset refuses, before any engine is built, a rule set durable-rules would
    # hang on (rules/limits.py).
    return compile_ruleset(load_ruleset(rules_dir or default_rules_dir(), overrides))


def validate_paths(paths: Iterable[Path], rules_dir: Path | None = None) -> Batch:
    """Schema checks only: no rule is compiled or run."""
    ruleset = load_ruleset(rules_dir or default_rules_dir())
    return Batch(ruleset, tuple(iter_validate(paths, ruleset)))


class EvaluateOptions(TypedDict, total=False):
    """How to evaluate; every one may be left out.

    ``engine`` makes the rule engine of a compiled rule set (default: durable-rules);
    ``limits`` bound what a candidate file may hold; ``today`` judges council decisions'
    expiry and review dates (default: today in UTC); ``jobs`` > 1 evaluates in that many
    processes (same results, same order); ``cache_dir`` reuses results of unchanged files
    (see cache.py); ``progress`` is called with each result's outline (path, id, status,
    track) as it is done; ``discovered`` says ``paths`` are already the sorted files.
    """

    engine: Callable[[CompiledRuleset], Any] | None
    limits: Limits
    today: dt.date | None
    jobs: int
    cache_dir: Path | None
    progress: Callable[[Outline], None] | None
    discovered: bool


def evaluate_paths(
    paths: Iterable[Path | str],
    rules: CompiledRuleset | Path | None = None,
    **options: Unpack[EvaluateOptions],
) -> Batch:
    """Evaluate every candidate file under ``paths``. Bad files become invalid results."""
    compiled = rules if isinstance(rules, CompiledRuleset) else load_rules(rules)
    return Batch(compiled.ruleset, tuple(iter_evaluate(paths, compiled, **options)))


def evaluate_loaded(
    items: Iterable[Loaded], compiled: CompiledRuleset, today: dt.date | None = None
) -> Batch:
    """``evaluate_paths`` of files already read with ``load_candidates`` (which settles
    repeated ids), for a caller that needs the candidates too: no file is read twice."""
    day = today or dt.datetime.now(dt.UTC).date()
    return Batch(compiled.ruleset, tuple(pipeline.evaluate_loaded(items, compiled, today=day)))


def iter_evaluate(
    paths: Iterable[Path | str], compiled: CompiledRuleset, **options: Unpack[EvaluateOptions]
) -> Iterator[Result]:
    """Results one by one, in path order: what a streaming renderer consumes."""
    return (s.result for s in pipeline.evaluate(paths, compiled, **options))


def iter_evaluate_serialized(
    paths: Iterable[Path | str], compiled: CompiledRuleset, **options: Unpack[EvaluateOptions]
) -> Iterator[Serialized]:
    """``iter_evaluate`` with each result's results-file line where one is already made
    (from the cache or a worker): ``resultsfile.write_document`` then only writes it."""
    return pipeline.evaluate(paths, compiled, **options)
