"""Incremental cache of results, keyed by what determines them.

A result is reused only when the candidate file's bytes (SHA-256), its path, the rule set's
hash, the commonize version, the package's source (see ``code_fingerprint``), the input
limits (``COMMONIZE_MAX_*``) and the evaluation date (for council-decision expiry) are all
the same. Stored in SQLite (atomic commits, concurrent readers). A stale entry is never
found (its key differs); a corrupt cache file is ignored and rebuilt, never trusted.

What the cache trusts: nothing in its database. Every entry carries an HMAC-SHA256 of its
key, result and JSON line under a per-user secret kept beside the database in its own file
(``key``, mode 0600, owned by the user): an entry forged or altered by anyone who can write
the database but not read the key is a miss. A key file that is not the user's own, or is
readable by others, turns the cache off. A symlinked database file is never written through.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import stat
import time
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
SCHEMA = 3
# v2 keeps each result's rendered JSON line too: re-rendering was most of a warm run.
# v3 authenticates each entry and stamps it with when it was last written.
FILE = "results-v3.sqlite3"
KEY_FILE = "key"
# Entries of other contexts (another rule set, date or version) are kept this long after
# their last write, so that concurrent runs with different settings do not wipe each other.
KEEP_OTHER_CONTEXTS_S = 7 * 24 * 3600
# Keys per query: below SQLite's oldest limit of 999 bound parameters.
_BATCH = 500


def default_cache_dir() -> Path:
    explicit = os.environ.get("COMMONIZE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "commonize"


def context_key(version: str, ruleset_sha256: str, today: str, code: str, limits: str = "") -> str:
    return f"{SCHEMA}|{version}|{code}|{ruleset_sha256}|{today}|{limits}"


@functools.cache
def code_fingerprint(root: Path = _PACKAGE) -> str:
    """SHA-256 of the package's Python source: what made the cached results and lines.

    The version alone is not enough: a checkout or an editable install changes the code
    without changing ``__version__``, and the cache keeps rendered JSON lines (messages,
    explanations) as well as results. About 90 small files, read once per process.
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def entry_key(context: str, path: str, file_sha256: str) -> str:
    return hashlib.sha256(f"{context}|{path}|{file_sha256}".encode()).hexdigest()


def _secret(directory: Path, *, create: bool) -> bytes | None:
    """The per-user key entries are authenticated with, or None (no cache) if untrusted."""
    path = directory / KEY_FILE
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        if not create:
            return None
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | flags, 0o600)
        except FileExistsError:  # another run made it first: read theirs
            return _secret(directory, create=False)
        except OSError:
            return None
        key = secrets.token_bytes(32)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except OSError:
        return None  # a symlink (O_NOFOLLOW), unreadable: no cache rather than a forged one
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not mine or info.st_mode & 0o077:
            return None
        key = fh.read(33)
    return key if len(key) == 32 else None


def _safe_db(path: Path) -> bool:
    """The database and its journals are regular files or absent, never symlinks."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            mode = os.lstat(f"{path}{suffix}").st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not stat.S_ISREG(mode):
            return False
    return True


class ResultCache:
    """One connection per process; the parent writes, workers only read."""

    def __init__(self, directory: Path, context: str, *, writer: bool) -> None:
        self.context = context
        self._db: sqlite3.Connection | None = None
        self._writer = writer
        self._pending = 0
        self._key: bytes | None = None
        path = directory / FILE
        try:
            if writer:
                directory.mkdir(parents=True, exist_ok=True)
            elif not path.exists():
                return
            self._key = _secret(directory, create=writer)
            if self._key is None or not _safe_db(path):
                return  # no cache at all rather than one we cannot trust or would write through
            self._db = self._open(path)
        except (OSError, sqlite3.Error):
            if writer and self._key is not None and _safe_db(path):
                self._db = self._rebuild(path)

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(
            path, timeout=30, isolation_level=None if not self._writer else "DEFERRED"
        )
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS entries "
            "(key TEXT PRIMARY KEY, context TEXT, result TEXT, json_line TEXT, mac TEXT, "
            "stamp INTEGER)"
        )
        db.execute("SELECT count(*) FROM entries").fetchone()  # fails here on a corrupt file
        return db

    def _rebuild(self, path: Path) -> sqlite3.Connection | None:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink()
        try:
            return self._open(path)
        except (OSError, sqlite3.Error):
            return None  # no cache at all rather than a broken one

    def _mac(self, key: str, result: str, line: str | None) -> str:
        assert self._key is not None
        message = json.dumps([self.context, key, result, line], ensure_ascii=False)
        return hmac.new(self._key, message.encode("utf-8", "surrogatepass"), "sha256").hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, tuple[dict[str, Any], str | None]]:
        """Stored result data and rendered JSON line (None if not kept) of each key found.

        A few queries for a whole chunk of files: one query per file cost as much as decoding.
        Only entries whose HMAC verifies are returned; any other is a miss.
        """
        found: dict[str, tuple[dict[str, Any], str | None]] = {}
        if self._db is None:
            return found
        for start in range(0, len(keys), _BATCH):
            part = keys[start : start + _BATCH]
            marks = ",".join("?" * len(part))
            try:
                rows = self._db.execute(
                    # Only "?" placeholders are formatted into the statement.
                    f"SELECT key, result, json_line, mac FROM entries "
                    f"WHERE context = ? AND key IN ({marks})",
                    (self.context, *part),
                ).fetchall()
            except sqlite3.Error:
                return found
            for key, result, line, mac in rows:
                if not self._verified(key, result, line, mac):
                    continue
                try:
                    data = json.loads(result)
                except (ValueError, TypeError, RecursionError):
                    continue
                if isinstance(data, dict):
                    found[key] = (data, line)
        return found

    def _verified(self, key: Any, result: Any, line: Any, mac: Any) -> bool:
        if not (isinstance(key, str) and isinstance(result, str) and isinstance(mac, str)):
            return False
        if line is not None and not isinstance(line, str):
            return False
        if not mac.isascii():  # compare_digest refuses non-ASCII text: it is no MAC of ours
            return False
        return hmac.compare_digest(self._mac(key, result, line), mac)

    def put(self, key: str, data: str, json_line: str | None = None) -> None:
        """Store ``data`` (a result as JSON text, ``codec.dumps``) and its rendered line."""
        if self._db is None or not self._writer:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?)",
                (
                    key,
                    self.context,
                    data,
                    json_line,
                    self._mac(key, data, json_line),
                    int(time.time()),
                ),
            )
            self._pending += 1
            if self._pending >= 1000:
                self._db.commit()
                self._pending = 0
        except sqlite3.Error:
            self._db = None

    def close(self) -> None:
        if self._db is None:
            return
        try:
            if self._writer:
                # Entries of other rule sets, versions or days are dropped only once nobody
                # has written them for a while: a concurrent run with other settings keeps its.
                cutoff = int(time.time()) - KEEP_OTHER_CONTEXTS_S
                self._db.execute(
                    "DELETE FROM entries WHERE context != ? AND (stamp IS NULL OR stamp < ?)",
                    (self.context, cutoff),
                )
                self._db.commit()
            self._db.close()
        except sqlite3.Error:
            pass
        self._db = None
