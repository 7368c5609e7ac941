"""The error tree. Every error a user can see names where (file:line:column) and what to do.

A bad *input file* becomes data in the result (the batch goes on); a broken *setup*
(rule set, options) is raised and mapped to an exit code by the CLI.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_RULES = 3
EXIT_IO = 5  # the system refused a read or write: permissions, full disk, name too long


@dataclass(frozen=True, order=True)
class SourceLocation:
    path: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return self.path
        if self.column is None:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, with its place and a hint on what to do."""

    location: SourceLocation
    message: str
    field: str | None = None
    hint: str | None = None
    code: str = "invalid"

    def __str__(self) -> str:
        where = f"{self.location}: "
        what = f"{self.field}: {self.message}" if self.field else self.message
        return where + what + (f" ({self.hint})" if self.hint else "")


def duplicate_id(location: SourceLocation, candidate_id: str, owner: str) -> Problem:
    """A later file reusing an id: the first file (in path order) keeps it, in every command."""
    return Problem(
        location,
        f"id {candidate_id!r} is already used by {owner}",
        field="id",
        hint="ids must be unique across the batch",
    )


class CommonizeError(Exception):
    """Root of every error commonize raises on purpose."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem] | str, path: str | Path | None = None) -> None:
        if isinstance(problems, str):
            problems = [Problem(SourceLocation(str(path or "<input>")), problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(CommonizeError):
    """A candidate file cannot be read or validated. Becomes an error result."""


class RuleSetError(CommonizeError):
    """The rule set cannot be loaded or compiled: nothing is evaluated."""

    exit_code = EXIT_RULES


class UsageError(CommonizeError):
    """Bad options or paths on the command line."""

    exit_code = EXIT_USAGE


class EngineError(CommonizeError):
    """The rule engine failed while evaluating (an action raised, a limit was hit)."""

    exit_code = EXIT_RULES


class IOFailure(CommonizeError):
    """The system refused a read or write: permissions, a full disk, a name too long."""

    exit_code = EXIT_IO

    @classmethod
    def of(cls, error: OSError, path: str | Path | None = None) -> IOFailure:
        return cls([Problem(SourceLocation(_where(error, path)), _what(error))])


_IO_HINTS = {
    "EACCES": "check the permissions of the file and its folder",
    "EPERM": "check the permissions of the file and its folder",
    "EROFS": "the file system is read-only; write somewhere else",
    "ENOSPC": "the disk is full; free some space or write elsewhere",
    "EDQUOT": "the disk quota is exhausted; free some space or write elsewhere",
    "ENAMETOOLONG": "use a shorter name or path",
    "ENOENT": "check that the folder exists",
    "EISDIR": "name a file, not a folder",
    "EMFILE": "too many open files; raise the limit (ulimit -n) or use fewer --jobs",
}


def io_message(error: OSError, path: str | Path | None = None) -> str:
    """An I/O error as a user's error: where, what the system said, and what to do."""
    return f"{_where(error, path)}: {_what(error)}"


def _where(error: OSError, path: str | Path | None) -> str:
    where = error.filename if error.filename is not None else path
    if where is None:
        return "<output>"
    text = os.fsdecode(where) if isinstance(where, bytes) else str(where)
    # A name with bytes that are not UTF-8 is shown escaped: messages are UTF-8 text.
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _what(error: OSError) -> str:
    hint = _IO_HINTS.get(errno.errorcode.get(error.errno or 0, ""), "")
    return (error.strerror or str(error)) + (f" ({hint})" if hint else "")
