"""A rule-set directory as it was at a git revision (``diff --rules-ref REV``).

The directory's files at ``REV`` are read with ``git archive`` into a temporary directory
that lives as long as the ``with`` block; nothing in the working tree is touched. Git is
run only here, and every way it can fail (no git, not a repository, an unknown revision,
a directory that did not exist then) is a usage error naming the revision.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from commonize.errors import Problem, SourceLocation, UsageError


def _fail(rev: str, message: str) -> UsageError:
    return UsageError([Problem(SourceLocation(f"--rules-ref {rev}"), message)])


def _git(directory: Path, rev: str, *args: str) -> bytes:
    try:
        proc = subprocess.run(
            ["git", "-C", str(directory), *args], capture_output=True, check=False, timeout=60
        )
    except FileNotFoundError:
        raise _fail(rev, "git is not installed; give the old rules with --rules DIR") from None
    except subprocess.TimeoutExpired:
        raise _fail(rev, "git did not answer within 60 s") from None
    if proc.returncode != 0:
        said = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _fail(rev, f"git: {said[-1]}" if said else f"git knows no revision {rev!r}")
    return proc.stdout


@contextmanager
def rules_at(rev: str, directory: Path) -> Iterator[Path]:
    """``directory`` (inside a git work tree) as it was at ``rev``, in a temporary copy."""
    if not directory.is_dir():
        raise _fail(rev, f"{directory}: no such directory")
    if _git(directory, rev, "rev-parse", "--is-inside-work-tree").strip() != b"true":
        raise _fail(rev, f"{directory} is not in a git work tree")
    top = Path(_git(directory, rev, "rev-parse", "--show-toplevel").decode().strip())
    prefix = _git(directory, rev, "rev-parse", "--show-prefix").decode().strip().rstrip("/")
    if not prefix:
        raise _fail(rev, f"{directory} is the top of the repository, not a rule-set directory")
    # The tree, so the archive holds files only (no commit id written into it).
    tree = _git(top, rev, "rev-parse", "--verify", "--quiet", f"{rev}^{{tree}}").strip()
    listed = _git(top, rev, "ls-tree", "-d", "--name-only", tree.decode(), "--", prefix)
    if not listed.strip():
        raise _fail(rev, f"{prefix} did not exist at {rev}")
    archive = _git(top, rev, "archive", "--format=tar", tree.decode(), "--", prefix)
    with tempfile.TemporaryDirectory(prefix="commonize-rules-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")  # plain files only, nothing outside tmp
        yield Path(tmp) / prefix
