"""Reading a JSON file a user names (--baseline, --previous, --results, decision records).

Such a file may come from anywhere, so reading it is bounded like reading a candidate: only
a regular file (a FIFO would hang the run), at most ``max_bytes``, and whatever the JSON
parser cannot take (nesting deep enough to exhaust the stack, a 5,000-digit integer) is a
usage error naming the file, never a crash.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from commonize.errors import UsageError

# A results file of 100,000 candidates is about 1.2 GB; past 4 GB it is not one.
MAX_JSON_BYTES = 4 * 1024**3


def read_json(path: Path, what: str, *, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The JSON in ``path``; ``what`` names the file in messages ("the baseline")."""
    raw = _read(path, what, max_bytes)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise UsageError(f"cannot read {what}: it is not UTF-8 text", path) from e
    except json.JSONDecodeError as e:
        raise UsageError(
            f"{what} is not JSON (line {e.lineno}, column {e.colno}: {e.msg})", path
        ) from e
    except RecursionError:
        raise UsageError(f"cannot read {what}: its JSON is nested too deeply", path) from None
    except ValueError as e:  # an integer of more digits than Python converts
        raise UsageError(f"cannot read {what}: {e}", path) from e


def _read(path: Path, what: str, max_bytes: int) -> bytes:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise UsageError(f"cannot read {what}: {e.strerror or e}", path) from e
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"cannot read {what}: it is not a regular file", path)
        if info.st_size > max_bytes:
            raise UsageError(f"cannot read {what}: larger than {max_bytes:,} bytes", path)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as e:
        raise UsageError(f"cannot read {what}: {e.strerror or e}", path) from e
    finally:
        os.close(fd)
    if len(raw) > max_bytes:
        raise UsageError(f"cannot read {what}: larger than {max_bytes:,} bytes", path)
    return raw
