"""The error tree. Every error a user can see names where (file:line:column) and what to do.

A bad *input file* becomes data in the result (the batch goes on); a broken *setup*
(rule set, options) is raised and mapped to an exit code by the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Exit codes, documented in the README.
EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_RULES = 3


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
