"""Where a file's time goes inside ``commonize evaluate``, stage by stage, in one process.

    uv run python -m benchmarks.breakdown [DIR] [--count 1000] [--rounds 3]

cProfile inflates Python-heavy code (the JSON encoder, durable-rules' callbacks) far more
than C calls, so its percentages mislead; this times each stage of the pipeline directly
with ``perf_counter`` (best of ``--rounds``) on the same files, next to the floor:

    floor            read + yaml.load(CSafeLoader)
    load_candidate   read, sha256, decode, strict libyaml load, pydantic validation
    engine           evaluate_candidate on durable-rules (facts, engine, scoring, routing,
                     Result)
    oracle           the same on the pure-Python oracle (an interpreter, not compiled)
    assembly         the same replaying each candidate's recorded fired rules: everything
                     but the engine, so engine − assembly is durable-rules' own cost
    render           json_out.render (what --format json writes) to a file, per result
    transport        what --jobs N adds per result: codec JSON out of a worker and back into a
                     Result in the parent (the rendered line travels as a plain string)
    locations        the careful re-parse that a LazyLocations lookup triggers
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import dataset, load, yaml_files


def best(rounds: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


class Recorder:
    """Wraps an engine and keeps each candidate's fired rules (indicator rule ids)."""

    def __init__(self, engine: Any) -> None:
        self.engine, self.traces = engine, {}

    def run(self, fact: dict[str, Any]) -> list[str]:
        trace = list(self.engine.run(fact))
        self.traces[fact["cid"]] = trace
        return trace


class Replay:
    """An engine that costs nothing: it returns the recorded fired rules."""

    def __init__(self, traces: dict[str, list[str]]) -> None:
        self.traces = traces

    def run(self, fact: dict[str, Any]) -> list[str]:
        return self.traces[fact["cid"]]


def breakdown(files: list[Path], rounds: int) -> dict[str, float]:
    """Milliseconds per file of each stage."""
    from commonize import codec
    from commonize.api import Batch, load_candidate, load_rules
    from commonize.engine import DurableEngine
    from commonize.evaluation import evaluate_candidate
    from commonize.loader import LazyLocations
    from commonize.oracle import OracleEngine
    from commonize.render import RenderOptions, json_out

    compiled = load_rules()
    ruleset = compiled.ruleset
    durable, oracle = DurableEngine(compiled), OracleEngine(compiled)
    items = [load_candidate(p, ruleset) for p in files]
    valid = [i for i in items if i.candidate is not None]
    recorder = Recorder(durable)
    results = [evaluate_candidate(i.candidate, i.path, compiled, recorder) for i in valid]
    replay = Replay(recorder.traces)
    batch = Batch(ruleset, tuple(results))
    n = len(files)
    seconds = {
        "floor": best(rounds, lambda: [load(p) for p in files]),
        "load_candidate": best(rounds, lambda: [load_candidate(p, ruleset) for p in files]),
        "engine": best(
            rounds,
            lambda: [evaluate_candidate(i.candidate, i.path, compiled, durable) for i in valid],
        ),
        "oracle": best(
            rounds,
            lambda: [evaluate_candidate(i.candidate, i.path, compiled, oracle) for i in valid],
        ),
        "assembly": best(
            rounds,
            lambda: [evaluate_candidate(i.candidate, i.path, compiled, replay) for i in valid],
        ),
    }
    fired = sum(len(t) for t in recorder.traces.values()) / max(1, len(recorder.traces))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"

        def render() -> None:
            with out.open("w", encoding="utf-8") as fh:
                json_out.render(batch, fh, RenderOptions())

        seconds["render"] = best(rounds, render)
    rs = batch.ruleset

    def transport() -> None:
        for r in results:
            codec.load(json.loads(json.dumps(codec.dump(r), ensure_ascii=False)), rs, {})

    seconds["transport"] = best(rounds, transport)
    seconds["locations"] = best(rounds, lambda: [len(LazyLocations(p)) for p in files])
    out = {k: 1000 * v / n for k, v in seconds.items()}
    out["rules fired per candidate (count)"] = fired
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path, nargs="?")
    parser.add_argument("--count", type=int, default=1000, help="generated files when no DIR")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    files = yaml_files(args.directory or dataset(args.count))
    ms = breakdown(files, args.rounds)
    floor = ms["floor"]
    print(f"{len(files):,} files, ms per file (best of {args.rounds}); × floor\n")
    fired = ms.pop("rules fired per candidate (count)")
    for stage, value in ms.items():
        print(f"  {stage:<15} {value:7.3f} ms   {value / floor:5.2f} ×")
    per_rule = (ms["engine"] - ms["assembly"]) / fired * 1000
    print(f"\n  durable-rules: {fired:.1f} rules fired per candidate, {per_rule:.0f} µs per rule")


if __name__ == "__main__":
    main()
