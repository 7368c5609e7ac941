"""``commonize rules lint``: static checks of a rule set that loads, each with file:line.

The loader already refuses unknown fields, operators, types and clauses (exit 3). These
checks find what loads but is wrong. One module per check, registered in ``CHECKS``; each
declares ``ID``, ``DESCRIPTION`` and ``check(ctx) -> Iterable[LintFinding]``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from typing import Protocol

from commonize.analysis.lint.context import Context, LintFinding
from commonize.rules.compiler import CompiledRuleset

CHECKS: dict[str, str] = {
    "language": "commonize.analysis.lint.language",
    "thresholds": "commonize.analysis.lint.thresholds",
    "dead-rules": "commonize.analysis.lint.dead_rules",
    "duplicates": "commonize.analysis.lint.duplicates",
    "contradictions": "commonize.analysis.lint.contradictions",
}


class LintCheck(Protocol):
    ID: str
    DESCRIPTION: str

    def check(self, ctx: Context) -> Iterable[LintFinding]: ...


def check_module(name: str) -> LintCheck:
    return importlib.import_module(CHECKS[name])  # type: ignore[return-value]


def lint(compiled: CompiledRuleset, only: Iterable[str] | None = None) -> list[LintFinding]:
    """Every finding of the checks named in ``only`` (default: all), sorted by place."""
    ctx = Context(compiled)
    findings = {f for name in (only or CHECKS) for f in check_module(name).check(ctx)}
    return sorted(findings)


__all__ = ["CHECKS", "Context", "LintFinding", "lint"]
