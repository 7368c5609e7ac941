"""Two commits of commonize against each other and the floor, interleaved round by round.

    uv run python -m benchmarks.ab BEFORE [AFTER] [--count 5000] [--jobs 1] [--rounds 6]

On a shared machine the load moves between the runs of ``benchmarks.run`` (the floor alone
has taken 1.5 s and 3.0 s on the same files within an hour). Here each round runs the
floor, then ``commonize evaluate --format json --no-cache --jobs J`` with BEFORE's code,
then with AFTER's (default ``HEAD``), so that all three meet the same load; the best run
and the median of each are printed, as seconds and as floor ÷ figure (the issue targets'
ratio). The two outputs are compared byte for byte in every round.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import dataset, warm, yaml_files
from benchmarks.run import COMMONIZE, PYTHON, child_env, snapshot_code, spawn


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a commit (its src/ and rules/ are measured)")
    parser.add_argument("after", nargs="?", default="HEAD")
    parser.add_argument("--count", type=int, default=5000, help="generated files")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args(argv)

    directory = dataset(args.count)
    warm(yaml_files(directory))
    pycache = Path(tempfile.gettempdir()) / "commonize-bench" / "pycache"
    after = args.after if args.after != args.before else f"{args.after} (again)"
    sides = {
        args.before: child_env(pycache, snapshot_code(args.before)),
        after: child_env(pycache, snapshot_code(args.after)),
    }
    floor_env = child_env(pycache, None)
    evaluate = [COMMONIZE, "evaluate", str(directory), "--format", "json", "--no-cache"]
    evaluate += ["--jobs", str(args.jobs)]
    seconds: dict[str, list[float]] = {"floor": [], **{ref: [] for ref in sides}}
    identical = True
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {ref: Path(tmp) / f"{i}.json" for i, ref in enumerate(sides)}
        for round_ in range(args.rounds + 1):  # round 0 fills the bytecode and page caches
            timed = [
                ("floor", spawn([PYTHON, "-m", "benchmarks.floor", str(directory)], env=floor_env))
            ]
            timed += [(ref, spawn(evaluate, stdout=outputs[ref], env=env))
                      for ref, env in sides.items()]  # fmt: skip
            if round_:
                for key, sample in timed:
                    seconds[key].append(sample.seconds)
            a, b = (p.read_bytes() for p in outputs.values())
            identical &= a == b
    best_floor, median_floor = min(seconds["floor"]), statistics.median(seconds["floor"])
    print(f"{args.count:,} files, --jobs {args.jobs}, {args.rounds} interleaved rounds\n")
    print("| | best s | median s | floor ÷ best | floor ÷ median |")
    print("|---|---:|---:|---:|---:|")
    for key, values in seconds.items():
        best, median = min(values), statistics.median(values)
        print(f"| {key} | {best:.2f} | {median:.2f} | {best_floor / best:.3f} "
              f"| {median_floor / median:.3f} |")  # fmt: skip
    print(f"\noutputs of {' and '.join(sides)} identical in every round: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
