"""The batch pipeline: discover → (cache | load → evaluate → decisions) → results in input order.

Loading (and the check of duplicate ids) is ``commonize.loading``'s, which a schema check
uses alone; this module evaluates.

With ``jobs > 1`` files are evaluated in a fork pool, one durable-rules host per worker
(hosts are not thread-safe and cannot be shared); ``imap`` keeps the input order, so the
results are identical whatever the number of jobs. Results are yielded one by one, so a
streaming renderer keeps memory flat however large the batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from commonize import codec
from commonize.cache import ResultCache, code_fingerprint, context_key, entry_key
from commonize.decisions import apply_decisions
from commonize.discover import discover_names, is_text_name
from commonize.errors import InputError
from commonize.evaluation import evaluate_candidate
from commonize.loader import DEFAULT_LIMITS, LazyLocations, Limits, read_bytes
from commonize.loading import IdOwners, Loaded, invalid_result, load_candidate
from commonize.results import INVALID, Outline, Result
from commonize.resultsfile import Serialized, result_line
from commonize.rules.compiler import CompiledRuleset
from commonize.rules.load import RuleSet
from commonize.version import __version__


@dataclass(frozen=True)
class RunSettings:
    compiled: CompiledRuleset
    today: dt.date
    limits: Limits = DEFAULT_LIMITS
    cache_dir: Path | None = None

    @property
    def context(self) -> str:
        return context_key(
            __version__,
            self.compiled.ruleset.sha256,
            self.today.isoformat(),
            code_fingerprint(),
            self.limits.fingerprint(),  # a file rejected under tighter limits is not reused
        )


class _Evaluated(NamedTuple):
    item: Serialized  # the result, with its line when the cache or a worker made it
    key: str | None  # its cache key; None: not cacheable
    cached: bool  # it came from the cache
    encoded: str | None = None  # codec.dumps(result), when a worker already made it


class _Worker:
    """What one process needs: the settings, its own engine, a read-only cache connection."""

    def __init__(self, settings: RunSettings, engine: Any) -> None:
        self.settings = settings
        self.engine = engine
        self.cache = (
            ResultCache(settings.cache_dir, settings.context, writer=False)
            if settings.cache_dir
            else None
        )

    def evaluate_many(self, names: Sequence[str | Path]) -> list[_Evaluated]:
        """The result of each file, in order, with one cache query for all of them."""
        paths = [Path(n) for n in names]
        hits = self._cached(paths) if self.cache is not None else {}
        return [hits.get(i) or self._evaluate(p) for i, p in enumerate(paths)]

    def _evaluate(self, path: Path) -> _Evaluated:
        s = self.settings
        item = load_candidate(path, s.compiled.ruleset, s.limits)
        key = entry_key(s.context, item.path, item.sha256) if item.sha256 else None
        # An invalid result keeps its key; _finish caches no invalid result.
        return _Evaluated(
            Serialized.of(result_of(item, s.compiled, self.engine, s.today)), key, False
        )

    def _cached(self, paths: list[Path]) -> dict[int, _Evaluated]:
        """Cached results by position, looked up by the files' bytes before any parsing."""
        assert self.cache is not None
        s = self.settings
        wanted: dict[str, tuple[int, Path, str, str]] = {}
        for i, path in enumerate(paths):
            if not is_text_name(path.as_posix()):
                continue  # the careful path makes it an error result
            try:
                raw = read_bytes(path, s.limits)
            except InputError:
                continue  # the careful path reports it
            name, digest = path.as_posix(), hashlib.sha256(raw).hexdigest()
            wanted[entry_key(s.context, name, digest)] = (i, path, name, digest)
        hits: dict[int, _Evaluated] = {}
        for key, (cached, line) in self.cache.get_many(list(wanted)).items():
            i, path, name, digest = wanted[key]
            if cached.get("path") != name or cached.get("sha256") != digest:
                continue
            try:
                result = codec.load(cached, s.compiled.ruleset, LazyLocations(path, s.limits))
            except (KeyError, TypeError, ValueError):
                continue  # an entry we cannot read is a miss, never an error
            # The entry's MAC covers its line with its result: the line is this result's.
            hits[i] = _Evaluated(Serialized.of(result, line), key, True)
        return hits


def result_of(item: Loaded, compiled: CompiledRuleset, engine: Any, today: dt.date) -> Result:
    """The result of one loaded file: invalid, or evaluated and its council decisions applied."""
    if item.candidate is None:
        return invalid_result(item)
    result = evaluate_candidate(
        item.candidate,
        item.path,
        compiled,
        engine,
        locations=item.locations,
        sha256=item.sha256,
    )
    return apply_decisions(result, item.candidate, compiled.ruleset, today)


def evaluate_loaded(
    items: Iterable[Loaded],
    compiled: CompiledRuleset,
    *,
    today: dt.date,
    engine: Callable[[CompiledRuleset], Any] | None = None,
) -> Iterator[Result]:
    """Results of files already read (``loading.load_candidates``, which has settled
    repeated ids), in their order: for a caller that needs the candidates themselves too
    (the council report), so that no file is read twice."""
    runner = _engine_for(compiled, engine or default_engine)
    return (result_of(item, compiled, runner, today) for item in items)


_WORKER: _Worker | None = None


def _init_worker(settings: RunSettings, engine: Callable[[CompiledRuleset], Any]) -> None:
    global _WORKER
    # Signals are the parent's business: it stops the pool (SIGTERM, the default action,
    # ends a worker silently) and cleans up; a worker's own traceback would only be noise.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = _Worker(settings, engine(settings.compiled))


# What a worker sends the parent: the result's outline, its line, the whole result as codec
# JSON, the cache key, and whether it came from the cache. Pickling a Result's object graph
# and unpickling it in the parent cost 0.34 ms per file, serial in the parent; strings cost
# almost nothing. The parent decodes the JSON only for a result it must have whole (one to
# cache, or one that fails the run): a streamed run writes the line and counts the outline.
_Payload = tuple[Outline, str, str, str | None, bool]


def _evaluate_in_worker(names: Sequence[str | Path]) -> list[_Payload]:
    assert _WORKER is not None
    ruleset = _WORKER.settings.compiled.ruleset
    out = []
    for e in _WORKER.evaluate_many(names):
        r = e.item.result
        out.append(
            (
                e.item.outline,
                e.item.line or result_line(r, ruleset),
                codec.dumps(r),
                e.key,
                e.cached,
            )
        )
    return out


def _received(chunks: Iterator[list[_Payload]], settings: RunSettings) -> Iterator[_Evaluated]:
    ruleset, limits = settings.compiled.ruleset, settings.limits
    for chunk in chunks:
        for outline, line, data, key, cached in chunk:
            decode = partial(_decode, data, ruleset, limits)
            yield _Evaluated(Serialized(outline, line, decode=decode), key, cached, data)


def _decode(data: str, ruleset: RuleSet, limits: Limits) -> Result:
    d = json.loads(data)
    # Key positions are re-read from the file only if a format asks for one.
    return codec.load(d, ruleset, LazyLocations(d["path"], limits))


def _chunks(items: Sequence[str | Path], size: int) -> Iterator[Sequence[str | Path]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_MIN_FILES = 32


def evaluate(
    paths: Iterable[Path | str],
    compiled: CompiledRuleset,
    *,
    engine: Callable[[CompiledRuleset], Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: dt.date | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    progress: Callable[[Outline], None] | None = None,
    discovered: bool = False,
) -> Iterator[Serialized]:
    """Results in path order, each with its results-file line when one is already made.

    The options are ``api.EvaluateOptions``'. The engine is made here, at the call, so that
    a rule set the engine refuses fails before the first result is asked for.
    """
    settings = RunSettings(compiled, today or dt.datetime.now(dt.UTC).date(), limits, cache_dir)
    factory = engine or default_engine
    runner = _engine_for(compiled, factory) if jobs <= 1 else None
    return _results(list(paths), settings, jobs, factory, runner, progress, discovered)


def default_engine(compiled: CompiledRuleset) -> Any:
    """A durable-rules engine of the rule set."""
    # why: durable-rules' C engine costs ~50 ms to import; only evaluation runs it.
    from commonize.engine import DurableEngine

    return DurableEngine(compiled)


_ENGINES: dict[tuple[int, Any], Any] = {}


def _engine_for(compiled: CompiledRuleset, factory: Callable[[CompiledRuleset], Any]) -> Any:
    """One engine per compiled rule set and process: durable-rules hosts cannot be freed."""
    key = (id(compiled), factory)
    if key not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[key] = (compiled, factory(compiled))
    return _ENGINES[key][1]


def _results(
    paths: Sequence[str | Path],
    settings: RunSettings,
    jobs: int,
    engine: Callable[[CompiledRuleset], Any],
    runner: Any,  # the engine made at the call (a serial run), or None
    progress: Callable[[Outline], None] | None,
    discovered: bool,
) -> Iterator[Serialized]:
    # Callers that already listed the files (the CLI, for its progress bar) say so.
    files = paths if discovered else discover_names(paths)
    writer = (
        ResultCache(settings.cache_dir, settings.context, writer=True)
        if settings.cache_dir
        else None
    )
    jobs = min(jobs, max_jobs())
    try:
        if jobs > 1 and len(files) >= PARALLEL_MIN_FILES:
            # fork: workers inherit the compiled rule set instead of re-loading it.
            ctx = multiprocessing.get_context("fork")
            size = max(1, min(64, len(files) // (jobs * 8)))
            # Forked, the workers inherit the engine factory too: it need not pickle.
            with ctx.Pool(jobs, initializer=_init_worker, initargs=(settings, engine)) as pool:
                chunks = pool.imap(_evaluate_in_worker, _chunks(files, size))
                stream = _received(chunks, settings)
                yield from _finish(stream, writer, settings.compiled.ruleset, progress)
        else:
            worker = _Worker(settings, runner or _engine_for(settings.compiled, engine))
            stream = (r for chunk in _chunks(files, 256) for r in worker.evaluate_many(chunk))
            yield from _finish(stream, writer, settings.compiled.ruleset, progress)
    finally:
        if writer is not None:
            writer.close()


def _finish(
    stream: Iterator[_Evaluated],
    cache: ResultCache | None,
    ruleset: RuleSet,
    progress: Callable[[Outline], None] | None = None,
) -> Iterator[Serialized]:
    """Cache new results, and turn a repeated id into an error naming both files."""
    owners = IdOwners()
    for e in stream:
        item, o = e.item, e.item.outline
        if o.id is not None and owners.taken(o.id, o.path):
            # The file's own line does not apply: it is now an error naming both files.
            item = Serialized.of(owners.check(item.result))
        elif cache is not None and e.key is not None and not e.cached and o.status != INVALID:
            # Made once here, the line is written now and the cache gives it back next run.
            item.line = item.line or result_line(item.result, ruleset)
            cache.put(e.key, e.encoded or codec.dumps(item.result), item.line)
        if progress is not None:
            progress(item.outline)
        yield item


def max_jobs() -> int:
    """More workers than this only cost memory (a rule engine each): 4 per available core."""
    return 4 * default_jobs()


def default_jobs() -> int:
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )
