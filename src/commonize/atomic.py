"""Writing output files safely: atomically, and only where the user said.

Every file commonize writes (reports, SARIF, JUnit, records, cache) goes through
``open_atomic`` / ``write_atomic``: a temporary file in the same directory, flushed and
synced, then renamed over the target. An interrupted run never leaves a truncated file, and
an existing file survives a failed run.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from commonize.errors import IOFailure, UsageError

STDOUT = "-"


def is_stdout(path: Path | str) -> bool:
    """``-`` names standard output, for every option that takes an output file."""
    return str(path) == STDOUT


def check_target(path: Path, root: Path | None = None) -> Path:
    """Refuse a target that is a symlink or a directory, or that resolves outside ``root``.

    Only a regular file or a new name may be a target: renaming over /dev/null (as root, in
    a CI container), a FIFO or a device node would replace it with a regular file.
    """
    _check_kind(path)
    if path.is_symlink():
        raise UsageError(f"refusing to write through a symbolic link: {path}", path)
    if root is not None:
        resolved, base = path.resolve(), root.resolve()
        if resolved != base and base not in resolved.parents:
            raise UsageError(f"refusing to write outside {root}: {path}", path)
    if path.is_dir():
        raise UsageError(f"{path} is a directory; name a file", path)
    return path


def _check_kind(path: Path) -> None:
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return  # a new file
    except OSError as e:
        raise IOFailure.of(e, path) from e
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode):
        return  # links and directories have messages of their own
    raise UsageError(
        "is a FIFO, device or socket, not a regular file: refusing to replace it "
        f"(name a regular file, or {STDOUT} for standard output)",
        path,
    )


@contextmanager
def open_atomic(path: Path, *, root: Path | None = None, binary: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary sibling of ``path`` for writing; rename it over ``path`` on success.

    ``-`` is standard output, written directly.
    """
    if is_stdout(path):
        stream: IO[Any] = sys.stdout.buffer if binary else sys.stdout
        yield stream
        stream.flush()
        return
    check_target(path, root)
    directory = path.parent
    if not directory.is_dir():
        raise UsageError(f"directory does not exist: {directory}", path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        if binary:
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        check_target(path, root)  # again: what the name is may have changed while writing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(
    path: Path, content: str | bytes | Callable[[IO[Any]], None], *, root: Path | None = None
) -> None:
    """Write ``content`` (text, bytes, or a function that writes to the file) atomically."""
    with open_atomic(path, root=root, binary=isinstance(content, bytes)) as fh:
        if callable(content):
            content(fh)
        else:
            fh.write(content)
