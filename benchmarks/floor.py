"""The floor: read every file and parse it with PyYAML's C loader, nothing else.

    uv run python -m benchmarks.floor DIR

No rule engine can evaluate files faster than it can read them, so every other figure is
given as a ratio of this one.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import load, pipeline_main


def run(files: list[Path]) -> None:
    for path in files:
        load(path)


if __name__ == "__main__":
    pipeline_main(__doc__.splitlines()[0], run)
