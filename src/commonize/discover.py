"""Which files a run reads: directories expanded to their YAML files, sorted, de-duplicated."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from commonize.errors import UsageError

SUFFIXES = (".yaml", ".yml")


def shown_name(name: str) -> str:
    """``name`` as valid UTF-8 text: bytes that are not UTF-8 written as ``\\xff``.

    Python keeps such bytes of a file name as lone surrogates, which no UTF-8 output can
    hold; every output, message and cache key uses this form instead.
    """
    if is_text_name(name):
        return name
    raw = name.encode("utf-8", "surrogateescape") if _escapable(name) else None
    if raw is None:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def is_text_name(name: str) -> bool:
    """Whether ``name`` is valid UTF-8 text (no lone surrogates from undecodable bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escapable(name: str) -> bool:
    try:
        name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return False
    return True


def discover(paths: Iterable[Path | str]) -> list[Path]:
    """Every candidate file under ``paths``, sorted by path, each once."""
    return [Path(name) for name in discover_names(paths)]


def discover_names(paths: Iterable[Path | str]) -> list[str]:
    """``discover`` as strings (``Path.as_posix()`` of each), for batches of any size.

    A national batch lists 100,000 files: a ``Path`` and a resolved path each cost more
    memory than the evaluation, so names are kept as strings and each directory is resolved
    once rather than each file. Files are de-duplicated and sorted by their resolved path.
    Symlinked directories are not followed (no loops); a named file is taken whatever its
    suffix, since the user asked for it.
    """
    found: dict[str, str] = {}
    for given in paths:
        path = Path(given)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists() or path.is_symlink()
        except OSError:
            # Inside a directory we may not search: it cannot be read, and saying so is
            # the loader's job (an error result naming the OS's reason).
            is_dir, exists = False, True
        if is_dir:
            _walk(path.as_posix(), os.path.realpath(path), found)
        elif exists:
            found.setdefault(_key(path), path.as_posix())
        else:
            raise UsageError(f"no such file or directory: {path}", path)
    return [found[k] for k in sorted(found)]


def _walk(shown_top: str, real_top: str, found: dict[str, str]) -> None:
    """Every YAML file beneath a directory, depth first, without recursion (any depth).

    What cannot be listed or classified (an unreadable directory, a path too long for the
    system, an entry of a directory we may not search) is kept under its own name: loading
    it fails with the OS's reason, so it is reported as an error result, never skipped.
    """
    stack = [(shown_top, real_top)]
    while stack:
        shown, real = stack.pop()
        listed = _list(real)
        prefix = "" if shown == "." else shown if shown.endswith("/") else f"{shown}/"
        if listed is None:
            found.setdefault(real, shown)
            continue
        dirs, files, links = listed
        for name in sorted(files):
            shown_file = prefix + name
            # Only a symlinked file can resolve elsewhere than its directory says.
            key = _key(Path(shown_file)) if name in links else os.path.join(real, name)
            found.setdefault(key, shown_file)
        # Reversed onto the stack: popped in sorted order, as the recursive walk went.
        stack.extend(
            (prefix + name, os.path.join(real, name)) for name in sorted(dirs, reverse=True)
        )


def _list(real: str) -> tuple[list[str], list[str], set[str]] | None:
    # Only names are kept from the listing: a DirEntry each for a directory of 100,000
    # files was the largest allocation of a whole batch.
    dirs, files, links = [], [], set()
    try:
        with os.scandir(real) as listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    if entry.is_dir(follow_symlinks=False):
                        dirs.append(name)
                    elif _followed_is_dir(entry):
                        continue  # a symlinked directory, even named x.yaml: not followed
                    elif name.endswith(SUFFIXES):
                        files.append(name)
                        if entry.is_symlink():
                            links.add(name)
                except OSError:
                    if name.endswith(SUFFIXES):
                        files.append(name)  # reported when it is read
    except OSError:
        return None
    return dirs, files, links


def _followed_is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop: listed as a file, then reported as unreadable
        return False


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # a symlink loop cannot be resolved; keep it as given
        return str(path.absolute())
