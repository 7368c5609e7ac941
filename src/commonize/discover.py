"""Which files a run reads: directories expanded to their YAML files, sorted, de-duplicated."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from commonize.errors import UsageError

SUFFIXES = (".yaml", ".yml")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every candidate file under ``paths``, sorted by path, each once.

    Symlinked directories are not followed (no loops); a named file is taken whatever its
    suffix, since the user asked for it.
    """
    found: dict[str, Path] = {}
    for path in paths:
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        p = Path(root, name)
                        found.setdefault(_key(p), p)
        elif path.exists() or path.is_symlink():
            found.setdefault(_key(path), path)
        else:
            raise UsageError(f"no such file or directory: {path}", path)
    return [found[k] for k in sorted(found)]


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop cannot be resolved; keep it as given
        return str(path.absolute())
