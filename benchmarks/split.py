"""The ceiling of ``--jobs N``: N separate ``commonize evaluate --jobs 1`` on 1/N of the files.

    uv run python -m benchmarks.split DIR [--parts 2] [--work DIR]

The files are split into N contiguous parts: hard links in N folders, made once and kept
in ``--work`` (the runner makes them before it times anything). The N processes start
together, each writes its own results file, and the command ends when the last one does.
Nothing is coordinated: no ordered merge into one document, no duplicate-id check across
parts, one start-up per part. No pipeline that gives one document in input order can beat
it on the same machine; the runner reports ``evaluate --jobs N`` beside it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

COMMONIZE = str(Path(sys.executable).with_name("commonize"))


def yaml_files(directory: Path) -> list[Path]:
    # benchmarks.common's, repeated: importing it would add PyYAML's import to this figure.
    return sorted(
        p
        for p in directory.iterdir()
        if p.name.endswith((".yaml", ".yml")) and not p.name.startswith(".") and p.is_file()
    )


def parts(directory: Path, count: int, work: Path) -> list[Path]:
    """``count`` folders holding the files of ``directory`` in contiguous, even parts."""
    files = yaml_files(directory)
    out = []
    for i in range(count):
        folder = work / f"part-{count}-{i}"
        mine = files[len(files) * i // count : len(files) * (i + 1) // count]
        if not folder.is_dir() or len(yaml_files(folder)) != len(mine):
            folder.mkdir(parents=True, exist_ok=True)
            for f in mine:
                target = folder / f.name
                if not target.exists():
                    os.link(f, target)  # a hard link is a regular file, as discovery wants
        out.append(folder)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--parts", type=int, default=2)
    parser.add_argument("--work", type=Path, help="where the parts are kept (default: beside DIR)")
    args = parser.parse_args(argv)
    work = args.work or args.directory.with_name(args.directory.name + ".parts")
    folders = parts(args.directory, args.parts, work)
    procs = []
    for folder in folders:
        cmd = [COMMONIZE, "evaluate", str(folder), "--format", "json", "--jobs", "1", "--no-cache"]
        out = (folder.with_suffix(".json")).open("wb")
        procs.append((subprocess.Popen(cmd, stdout=out), out))
    codes = []
    for proc, out in procs:
        codes.append(proc.wait())
        out.close()
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main())
