"""``commonize evaluate DIR --format json`` through the library API, with jobs and a cache.

    uv run python -m benchmarks.evaluate_api DIR [--jobs N] [--cache-dir D]   > results.json

The runner uses this only while the CLI has no ``--jobs`` / ``--no-cache`` / ``--cache-dir``:
the same pipeline (``evaluate_paths``) and the same JSON renderer, minus the CLI's option
parsing, settings files and exit-code analysis.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", type=Path, nargs="+")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=None)
    args = parser.parse_args(argv)

    from commonize.api import evaluate_paths, load_rules
    from commonize.render import RenderOptions
    from commonize.render.json_out import render

    batch = evaluate_paths(args.paths, load_rules(), jobs=args.jobs, cache_dir=args.cache_dir)
    render(batch, sys.stdout, RenderOptions())
    return batch.exit_code


if __name__ == "__main__":
    sys.exit(main())
