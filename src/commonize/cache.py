"""Incremental cache of results, keyed by what determines them.

A result is reused only when the candidate file's bytes (SHA-256), its path, the rule set's
hash, the commonize version, the package's source (see ``code_fingerprint``) and the
evaluation date (for council-decision expiry) are all the same. Stored in SQLite (atomic
commits, concurrent readers). A stale entry is never found (its key differs); a corrupt
cache file is ignored and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

_PACKAGE = Path(__file__).resolve().parent
SCHEMA = 2
# v2 keeps each result's rendered JSON line too: re-rendering was most of a warm run.
FILE = "results-v2.sqlite3"
# Keys per query: below SQLite's oldest limit of 999 bound parameters.
_BATCH = 500


def default_cache_dir() -> Path:
    explicit = os.environ.get("COMMONIZE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "commonize"


def context_key(version: str, ruleset_sha256: str, today: str, code: str) -> str:
    return f"{SCHEMA}|{version}|{code}|{ruleset_sha256}|{today}"


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


class ResultCache:
    """One connection per process; the parent writes, workers only read."""

    def __init__(self, directory: Path, context: str, *, writer: bool) -> None:
        self.context = context
        self._db: sqlite3.Connection | None = None
        self._writer = writer
        self._pending = 0
        path = directory / FILE
        try:
            if writer:
                directory.mkdir(parents=True, exist_ok=True)
            elif not path.exists():
                return
            self._db = self._open(path)
        except (OSError, sqlite3.Error):
            if writer:
                self._db = self._rebuild(path)

    def _open(self, path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(
            path, timeout=30, isolation_level=None if not self._writer else "DEFERRED"
        )
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS entries "
            "(key TEXT PRIMARY KEY, context TEXT, result TEXT, json_line TEXT)"
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

    def get_many(self, keys: list[str]) -> dict[str, tuple[dict[str, Any], str | None]]:
        """Stored result data and rendered JSON line (None if not kept) of each key found.

        A few queries for a whole chunk of files: one query per file cost as much as decoding.
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
                    f"SELECT key, result, json_line FROM entries "
                    f"WHERE context = ? AND key IN ({marks})",
                    (self.context, *part),
                ).fetchall()
            except sqlite3.Error:
                return found
            for key, result, line in rows:
                try:
                    data = json.loads(result)
                except (ValueError, TypeError):
                    continue
                if isinstance(data, dict):
                    found[key] = (data, line if isinstance(line, str) else None)
        return found

    def put(self, key: str, data: str, json_line: str | None = None) -> None:
        """Store ``data`` (a result as JSON text, ``codec.dumps``) and its rendered line."""
        if self._db is None or not self._writer:
            return
        try:
            self._db.execute(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                (key, self.context, data, json_line),
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
                # Entries of other rule sets, versions or days can never match again.
                self._db.execute("DELETE FROM entries WHERE context != ?", (self.context,))
                self._db.commit()
            self._db.close()
        except sqlite3.Error:
            pass
        self._db = None
