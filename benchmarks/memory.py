"""Where evaluate's memory goes for a batch, stage by stage, in one process.

    uv run python -m benchmarks.memory DIR

Prints the peak (ru_maxrss) and current (/proc/self/statm) RSS after imports and the rule
set, after listing the files, and after evaluating them all with the JSON lines streamed to
/dev/null. Linux only (statm).
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        raise SystemExit(__doc__)
    from commonize.api import iter_evaluate, load_rules
    from commonize.discover import discover_names
    from commonize.resultsfile import write_results

    compiled = load_rules()
    print(f"imports and rule set   peak {_peak():6.1f} MiB   now {_current():6.1f} MiB")
    names = discover_names([Path(args[0])])
    print(f"{len(names):,} files listed   peak {_peak():6.1f} MiB   now {_current():6.1f} MiB")
    with open(os.devnull, "w", encoding="utf-8") as out:
        write_results(iter_evaluate(names, compiled, discovered=True), compiled.ruleset, out)
    print(f"all evaluated          peak {_peak():6.1f} MiB   now {_current():6.1f} MiB")


if __name__ == "__main__":
    main()
