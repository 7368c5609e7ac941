"""The library API the CLI, the tests and other programs call.

batch = evaluate_paths([Path("candidates")])          # shipped rules
for r in batch.results: print(r.id, r.track)
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from commonize.discover import discover, discover_names, is_text_name, shown_name
from commonize.errors import (
    EXIT_INVALID,
    EXIT_OK,
    InputError,
    Problem,
    SourceLocation,
    duplicate_id,
)
from commonize.loader import (
    DEFAULT_LIMITS,
    LazyLocations,
    Limits,
    decode,
    fast_data,
    parse,
    read_bytes,
    validate,
)
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
    # compile_ruleset refuses, before any engine is built, a rule set durable-rules would
    # hang on (rules/limits.py).
    return compile_ruleset(load_ruleset(rules_dir or default_rules_dir(), overrides))


@dataclass(frozen=True)
class Loaded:
    path: str
    candidate: Candidate | None
    problems: tuple[Problem, ...] = ()
    locations: Mapping[str, tuple[int, int]] = field(
        default_factory=dict, compare=False, repr=False
    )
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


def load_candidate(
    path: Path, ruleset: RuleSet | Collection[str], limits: Limits = DEFAULT_LIMITS
) -> Loaded:
    """Read and validate one candidate file. Never raises for a bad file: problems are data.

    ``ruleset`` gives the standardized businesses a candidate may name: a rule set, or just
    their ids (``rules.load.load_business_ids``), which is all a schema check needs.

    Fast path: libyaml + pydantic on the plain data, key positions parsed later only if a
    format asks for them. Any failure re-reads the file the careful way for exact places.
    """
    name = path.as_posix()
    if not is_text_name(name):
        # One error result: the name cannot appear in any UTF-8 output, cache key or record.
        shown = shown_name(name)
        problem = Problem(
            SourceLocation(shown),
            "file name is not valid UTF-8",
            hint="rename the file with a UTF-8 name",
        )
        return Loaded(shown, None, (problem,))
    try:
        raw = read_bytes(path, limits)
        text = decode(raw, name)
    except InputError as e:
        return Loaded(name, None, tuple(e.problems))
    digest = hashlib.sha256(raw).hexdigest()
    data = fast_data(text, limits)
    if isinstance(data, dict):
        try:
            candidate = Candidate.model_validate(data)
        except ValidationError:
            pass
        else:
            return _check_business(name, candidate, ruleset, LazyLocations(path, limits), digest)
    try:
        doc = parse(text, name, limits)
        candidate = validate(doc, Candidate)
    except InputError as e:
        return Loaded(name, None, tuple(e.problems), sha256=digest)
    return _check_business(name, candidate, ruleset, doc.key_locations(), digest)


def _check_business(
    name: str,
    candidate: Candidate,
    ruleset: RuleSet | Collection[str],
    locations: Mapping[str, tuple[int, int]],
    digest: str,
) -> Loaded:
    business = candidate.standardized_business
    known = ruleset.businesses if isinstance(ruleset, RuleSet) else ruleset
    if business is not None and business not in known:
        close = difflib.get_close_matches(business, list(known), n=1, cutoff=0.4)
        hint = f"did you mean {close[0]!r}?" if close else "see rules/standardized_businesses.yaml"
        line, col = locations.get("standardized_business", (1, 1))
        problem = Problem(
            SourceLocation(name, line, col),
            f"{business!r} is not one of the 20 standardized businesses",
            field="standardized_business",
            hint=hint,
        )
        return Loaded(name, None, (problem,), locations, digest)
    return Loaded(name, candidate, (), locations, digest)


def load_candidates(
    paths: Iterable[Path], ruleset: RuleSet | Collection[str], limits: Limits = DEFAULT_LIMITS
) -> list[Loaded]:
    return list(_reject_duplicate_ids(load_candidate(p, ruleset, limits) for p in discover(paths)))


def _reject_duplicate_ids(loaded: Iterable[Loaded]) -> Iterator[Loaded]:
    """The first file (in path order) keeps an id; each later one is an error naming both.

    First-wins rather than all-invalid so that results can be streamed: a result, once
    written, is never taken back. Only the ids seen are kept, not the files.
    """
    first: dict[str, str] = {}
    for item in loaded:
        if item.candidate is not None:
            owner = first.setdefault(item.candidate.id, item.path)
            if owner != item.path:
                line, col = item.locations.get("id", (1, 1))
                problem = duplicate_id(
                    SourceLocation(item.path, line, col), item.candidate.id, owner
                )
                item = Loaded(item.path, None, (problem,), item.locations, item.sha256)
        yield item


def invalid_result(item: Loaded) -> Result:
    return Result(
        path=item.path,
        status=INVALID,
        problems=item.problems,
        locations=item.locations,
        sha256=item.sha256,
    )


def validate_paths(paths: Iterable[Path], rules_dir: Path | None = None) -> Batch:
    """Schema checks only: no rule is compiled or run."""
    ruleset = load_ruleset(rules_dir or default_rules_dir())
    return Batch(ruleset, tuple(iter_validate(paths, ruleset)))


def iter_validate(
    paths: Iterable[Path | str],
    ruleset: RuleSet | Collection[str],
    *,
    limits: Limits = DEFAULT_LIMITS,
    discovered: bool = False,
) -> Iterator[Result]:
    """Schema-check results one by one, in path order: what a streaming renderer consumes.

    ``ruleset`` is a rule set or only the standardized business ids. Files are listed at
    the call (a missing path raises ``UsageError`` here, before any result is written), and
    each file is read when its result is asked for; ``discovered`` says ``paths`` are
    already the sorted files.
    """
    # Names, not Paths, are held for the whole batch: see discover_names.
    files = list(paths) if discovered else discover_names(paths)
    loaded = (load_candidate(Path(p), ruleset, limits) for p in files)
    return (_validated(item) for item in _reject_duplicate_ids(loaded))


def _validated(item: Loaded) -> Result:
    if item.candidate is None:
        return invalid_result(item)
    from commonize.evaluation import identity

    return Result(
        path=item.path, status=OK, identity=identity(item.candidate), locations=item.locations
    )


def evaluate_paths(
    paths: Iterable[Path | str],
    rules: CompiledRuleset | Path | None = None,
    *,
    engine: Callable[[CompiledRuleset], Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    progress: Callable[[Result], None] | None = None,
    discovered: bool = False,
) -> Batch:
    """Evaluate every candidate file under ``paths``. Bad files become invalid results.

    ``today`` judges council decisions' expiry and review dates (default: today in UTC);
    ``jobs`` > 1 evaluates in that many processes (same results, same order); ``cache_dir``
    reuses results of unchanged files (see cache.py); ``progress`` is called with each
    result as it is done; ``discovered`` says ``paths`` are already the sorted files.
    """
    return Batch(
        (compiled := rules if isinstance(rules, CompiledRuleset) else load_rules(rules)).ruleset,
        tuple(
            iter_evaluate(
                paths,
                compiled,
                engine=engine,
                limits=limits,
                today=today,
                jobs=jobs,
                cache_dir=cache_dir,
                progress=progress,
                discovered=discovered,
            )
        ),
    )


def iter_evaluate(
    paths: Iterable[Path | str],
    compiled: CompiledRuleset,
    *,
    engine: Callable[[CompiledRuleset], Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    progress: Callable[[Result], None] | None = None,
    discovered: bool = False,
) -> Iterator[Result]:
    """Results one by one, in path order: what a streaming renderer consumes."""
    from commonize.pipeline import Settings, iter_results

    if engine is None:
        from commonize.engine import DurableEngine

        engine = DurableEngine
    settings = Settings(compiled, today or dt.datetime.now(dt.UTC).date(), limits, cache_dir)
    runner = _engine_for(compiled, engine) if jobs <= 1 else None
    return iter_results(
        list(paths), settings, jobs=jobs, engine=runner, progress=progress, discovered=discovered
    )


_ENGINES: dict[tuple[int, Any], Any] = {}


def _engine_for(compiled: CompiledRuleset, factory: Callable[[CompiledRuleset], Any]) -> Any:
    """One engine per compiled rule set and process: durable-rules hosts cannot be freed."""
    key = (id(compiled), factory)
    if key not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[key] = (compiled, factory(compiled))
    return _ENGINES[key][1]
