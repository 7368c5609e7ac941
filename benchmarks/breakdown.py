"""Where a file's time goes inside ``commonize evaluate``, stage by stage, in one process.

    uv run python -m benchmarks.breakdown [DIR] [--count 1000] [--rounds 3]

cProfile inflates Python-heavy code (the JSON encoder, durable-rules' callbacks) far more
than C calls, so its percentages mislead; this times each stage of the pipeline directly
with ``perf_counter`` (best of ``--rounds``) on the same files, next to the floor:

    floor            read + yaml.load(CSafeLoader)
    load_candidate   read, sha256, decode, strict libyaml load, pydantic validation
    engine           evaluate_candidate on durable-rules (facts, engine, scores, Result)
    oracle           the same on the pure-Python oracle: what is *not* durable-rules
    render           json_out.render (what --format json writes) to a file, per result
    render_compact   the same result dicts as JSON Lines (C encoder, no indent): the gain on
                     offer from a compact streaming format
    pickle           pickle round trip of a Result (what --jobs N sends between processes)
    locations        the careful re-parse that a LazyLocations lookup triggers
"""

from __future__ import annotations

import argparse
import json
import pickle
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


def breakdown(files: list[Path], rounds: int) -> dict[str, float]:
    """Milliseconds per file of each stage."""
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
    results = [evaluate_candidate(i.candidate, i.path, compiled, durable) for i in valid]
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
    }
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"

        def render() -> None:
            with out.open("w", encoding="utf-8") as fh:
                json_out.render(batch, fh, RenderOptions())

        def compact() -> None:
            # JSON Lines: one json.dumps per result without indent, i.e. the C encoder
            # (json.dump to a file, or any indent, runs the pure-Python encoder).
            with out.open("w", encoding="utf-8") as fh:
                for r in results:
                    fh.write(json.dumps(json_out.result_dict(r, ruleset), ensure_ascii=False))
                    fh.write("\n")

        seconds["render"] = best(rounds, render)
        seconds["render_compact"] = best(rounds, compact)
    seconds["pickle"] = best(rounds, lambda: [pickle.loads(pickle.dumps(r)) for r in results])
    seconds["locations"] = best(rounds, lambda: [len(LazyLocations(p)) for p in files])
    return {k: 1000 * v / n for k, v in seconds.items()}


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
    for stage, value in ms.items():
        print(f"  {stage:<15} {value:7.3f} ms   {value / floor:5.2f} ×")


if __name__ == "__main__":
    main()
